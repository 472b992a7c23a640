// Settings: typed values with defaults, validation, the changed signal, and persistence.

#include "services/Settings.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace deskpay {

class TestSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void defaultsWhenEmpty();
    void storesAndSignals();
    void unchangedValueDoesNotSignal();
    void persistsAcrossInstances();
    void pinIsValidated_data();
    void pinIsValidated();
    void languageIsValidated_data();
    void languageIsValidated();
    void handEditedGarbageReadsAsDefault();
    void resetRemovesValue();

private:
    [[nodiscard]] std::unique_ptr<QSettings> backend() const
    {
        return std::make_unique<QSettings>(m_dir->filePath(u"deskpay.ini"_s), QSettings::IniFormat);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSettings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSettings::defaultsWhenEmpty()
{
    Settings settings(backend());
    QVERIFY(settings.serverUrl().isEmpty());
    QCOMPARE(settings.caFile(), QString());
    QCOMPARE(settings.spkiPin(), QString());
    QCOMPARE(settings.lastUsername(), QString());
    QCOMPARE(settings.language(), QString());
}

void TestSettings::storesAndSignals()
{
    Settings settings(backend());
    QSignalSpy changed(&settings, &Settings::changed);

    settings.setServerUrl(QUrl(u"https://127.0.0.1:8443"_s));
    settings.setCaFile(u"/etc/deskpay/ca.pem"_s);
    settings.setLastUsername(u"agent7"_s);
    QVERIFY(settings.setLanguage(u"zh_CN"_s));

    QCOMPARE(changed.size(), 4);
    QCOMPARE(changed.at(0).at(0).value<Settings::Key>(), Settings::Key::ServerUrl);
    QCOMPARE(changed.at(1).at(0).value<Settings::Key>(), Settings::Key::CaFile);
    QCOMPARE(changed.at(2).at(0).value<Settings::Key>(), Settings::Key::LastUsername);
    QCOMPARE(changed.at(3).at(0).value<Settings::Key>(), Settings::Key::Language);
    QCOMPARE(settings.serverUrl(), QUrl(u"https://127.0.0.1:8443"_s));
    QCOMPARE(settings.caFile(), u"/etc/deskpay/ca.pem"_s);
    QCOMPARE(settings.lastUsername(), u"agent7"_s);
    QCOMPARE(settings.language(), u"zh_CN"_s);
}

void TestSettings::unchangedValueDoesNotSignal()
{
    Settings settings(backend());
    settings.setLastUsername(u"agent7"_s);
    QSignalSpy changed(&settings, &Settings::changed);
    settings.setLastUsername(u"agent7"_s);
    QVERIFY(settings.setLanguage(QString())); // already the default
    QCOMPARE(changed.size(), 0);
}

void TestSettings::persistsAcrossInstances()
{
    {
        Settings settings(backend());
        settings.setServerUrl(QUrl(u"https://pay.example.com:8443/base"_s));
        QVERIFY(settings.setSpkiPin(u"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="_s));
        settings.sync();
    }
    Settings again(backend());
    QCOMPARE(again.serverUrl(), QUrl(u"https://pay.example.com:8443/base"_s));
    QCOMPARE(again.spkiPin(), u"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="_s);
    // Stored as readable text under the key named in the table.
    QSettings raw(m_dir->filePath(u"deskpay.ini"_s), QSettings::IniFormat);
    QCOMPARE(
        raw.value(Settings::storageKey(Settings::Key::ServerUrl)).toString(), u"https://pay.example.com:8443/base"_s);
}

void TestSettings::pinIsValidated_data()
{
    QTest::addColumn<QString>("pin");
    QTest::addColumn<bool>("valid");
    QTest::newRow("base64 of 32 bytes") << u"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="_s << true;
    QTest::newRow("with sha256/ prefix") << u"sha256/47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="_s << true;
    QTest::newRow("empty clears") << QString() << true;
    QTest::newRow("too short") << u"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hS"_s << false;
    QTest::newRow("sha-1 length") << u"2jmj7l5rSw0yVb/vlWAYkK/YBwk="_s << false;
    QTest::newRow("not base64") << u"this is not a pin at all, not even close!!!="_s << false;
    QTest::newRow("hex digest") << u"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"_s << false;
}

void TestSettings::pinIsValidated()
{
    QFETCH(QString, pin);
    QFETCH(bool, valid);
    Settings settings(backend());
    QVERIFY(settings.setSpkiPin(u"sha256/47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="_s));
    QSignalSpy changed(&settings, &Settings::changed);
    const auto result = settings.setSpkiPin(pin);
    QCOMPARE(bool(result), valid);
    if (!valid) {
        QCOMPARE(result.error().code, u"bad_spki_pin"_s);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(settings.spkiPin(), u"sha256/47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="_s); // kept
    } else {
        QCOMPARE(settings.spkiPin(), pin);
    }
}

void TestSettings::languageIsValidated_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<bool>("valid");
    QTest::newRow("system") << QString() << true;
    QTest::newRow("english") << u"en"_s << true;
    QTest::newRow("simplified chinese") << u"zh_CN"_s << true;
    QTest::newRow("traditional chinese") << u"zh_TW"_s << false;
    QTest::newRow("french") << u"fr"_s << false;
    QTest::newRow("garbage") << u"../../etc"_s << false;
}

void TestSettings::languageIsValidated()
{
    QFETCH(QString, language);
    QFETCH(bool, valid);
    Settings settings(backend());
    const auto result = settings.setLanguage(language);
    QCOMPARE(bool(result), valid);
    QCOMPARE(settings.language(), valid ? language : QString());
    if (!valid)
        QCOMPARE(result.error().code, u"unsupported_language"_s);
}

void TestSettings::handEditedGarbageReadsAsDefault()
{
    {
        QSettings raw(m_dir->filePath(u"deskpay.ini"_s), QSettings::IniFormat);
        raw.setValue(Settings::storageKey(Settings::Key::Language), u"klingon"_s);
        raw.setValue(Settings::storageKey(Settings::Key::SpkiPin), u"short"_s);
    }
    Settings settings(backend());
    QCOMPARE(settings.language(), QString());
    QCOMPARE(settings.spkiPin(), QString());
}

void TestSettings::resetRemovesValue()
{
    Settings settings(backend());
    settings.setCaFile(u"/tmp/ca.pem"_s);
    QSignalSpy changed(&settings, &Settings::changed);
    settings.reset(Settings::Key::CaFile);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(settings.caFile(), Settings::defaultValue(Settings::Key::CaFile).toString());
    settings.reset(Settings::Key::CaFile);
    QCOMPARE(changed.size(), 1);
}

} // namespace deskpay

QTEST_GUILESS_MAIN(deskpay::TestSettings)
#include "test_Settings.moc"
