// CredentialStore against the real Secret Service (gnome-keyring on the private D-Bus session
// that `./dev test` starts): write, read, overwrite, delete, and no plain-text fallback ever.

#include "services/CredentialStore.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QDirIterator>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr char kProbeVariable[] = "DESKPAY_KEYCHAIN_PROBE";

// Run in a child process with no reachable D-Bus: the store must refuse, not fall back.
int runUnavailableProbe()
{
    CredentialStore store(u"DeskPay-test-probe"_s);
    QSignalSpy written(&store, &CredentialStore::writeFinished);
    store.write(u"probe"_s, "must-not-be-stored"_ba);
    if (!written.wait(20'000)) {
        QTextStream(stdout) << "NO_ANSWER\n";
        return 3;
    }
    const auto result = written.at(0).at(1).value<Result<void>>();
    if (result) {
        QTextStream(stdout) << "STORED\n";
        return 1;
    }
    QTextStream(stdout) << result.error().code << '\n' << result.error().message << '\n';
    return 0;
}

} // namespace

class TestCredentialStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void roundTrip_data();
    void roundTrip();
    void readingMissingKeyIsNotFound();
    void emptyKeyIsRefused();
    void noKeychainMeansNothingStored();
    void cleanupTestCase();

private:
    [[nodiscard]] Result<void> write(const QString &key, const QByteArray &secret);
    [[nodiscard]] Result<QByteArray> read(const QString &key);
    [[nodiscard]] Result<void> remove(const QString &key);
    [[nodiscard]] QStringList filesMentioning(const QByteArray &needle) const;

    // A unique service per run, so a desk's own DeskPay entries are never touched.
    QString m_service = u"DeskPay-test-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    std::unique_ptr<CredentialStore> m_store;
};

void TestCredentialStore::initTestCase()
{
    if (!QDBusConnection::sessionBus().isConnected())
        QFAIL("No D-Bus session bus: run this test through `./dev test` (or `./dev services -- ctest ...`), "
              "which starts a private session with an unlocked gnome-keyring. DeskPay has no plain-text "
              "fallback to test instead.");
    const QDBusReply<bool> registered
        = QDBusConnection::sessionBus().interface()->isServiceRegistered(u"org.freedesktop.secrets"_s);
    const QDBusReply<QStringList> activatable
        = QDBusConnection::sessionBus().interface()->call(u"ListActivatableNames"_s);
    if (!(registered.isValid() && registered.value())
        && !(activatable.isValid() && activatable.value().contains(u"org.freedesktop.secrets"_s)))
        QFAIL("No Secret Service (org.freedesktop.secrets) on the session bus: start gnome-keyring-daemon "
              "--unlock --components=secrets in this D-Bus session (`./dev test` does).");
    m_store = std::make_unique<CredentialStore>(m_service);
}

Result<void> TestCredentialStore::write(const QString &key, const QByteArray &secret)
{
    QSignalSpy spy(m_store.get(), &CredentialStore::writeFinished);
    m_store->write(key, secret);
    if (!spy.wait(20'000))
        return fail(u"test_no_answer"_s, u"no writeFinished within 20 s"_s);
    if (spy.at(0).at(0).toString() != key)
        return fail(u"test_wrong_key"_s, u"writeFinished for another key"_s);
    return spy.at(0).at(1).value<Result<void>>();
}

Result<QByteArray> TestCredentialStore::read(const QString &key)
{
    QSignalSpy spy(m_store.get(), &CredentialStore::readFinished);
    m_store->read(key);
    if (!spy.wait(20'000))
        return fail(u"test_no_answer"_s, u"no readFinished within 20 s"_s);
    if (spy.at(0).at(0).toString() != key)
        return fail(u"test_wrong_key"_s, u"readFinished for another key"_s);
    return spy.at(0).at(1).value<Result<QByteArray>>();
}

Result<void> TestCredentialStore::remove(const QString &key)
{
    QSignalSpy spy(m_store.get(), &CredentialStore::removeFinished);
    m_store->remove(key);
    if (!spy.wait(20'000))
        return fail(u"test_no_answer"_s, u"no removeFinished within 20 s"_s);
    return spy.at(0).at(1).value<Result<void>>();
}

QStringList TestCredentialStore::filesMentioning(const QByteArray &needle) const
{
    // Where a QSettings-based fallback would have written: the config and data homes.
    QStringList hits;
    const QStringList roots = { QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation),
        QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) };
    for (const QString &root : roots) {
        QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path.contains(u"keyrings"_s)) // gnome-keyring's own encrypted store
                continue;
            QFile file(path);
            if (file.size() < 1'000'000 && file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
                hits.append(path);
        }
    }
    return hits;
}

void TestCredentialStore::roundTrip_data()
{
    QTest::addColumn<QByteArray>("first");
    QTest::addColumn<QByteArray>("second");
    QTest::newRow("text") << "refresh-token-1"_ba
                          << "refresh-token-2"_ba;
    QTest::newRow("binary key") << QByteArray("\x00\x01\xfe\xff private key \x00 bytes", 29) << QByteArray(32, '\x7f');
    QTest::newRow("utf-8") << "密码 pässwörd"_ba
                           << "другой"_ba;
}

void TestCredentialStore::roundTrip()
{
    QFETCH(QByteArray, first);
    QFETCH(QByteArray, second);
    const QString key = u"round-trip/"_s + QString::fromLatin1(QTest::currentDataTag());

    auto written = write(key, first);
    QVERIFY2(written, qPrintable(written ? QString() : written.error().code + u": "_s + written.error().message));
    auto got = read(key);
    QVERIFY2(got, qPrintable(got ? QString() : got.error().message));
    QCOMPARE(*got, first);

    written = write(key, second); // overwrite
    QVERIFY2(written, qPrintable(written ? QString() : written.error().message));
    got = read(key);
    QVERIFY2(got, qPrintable(got ? QString() : got.error().message));
    QCOMPARE(*got, second);

    // Nothing went to a plain file on the way.
    QCOMPARE(filesMentioning(second), QStringList());

    const auto removed = remove(key);
    QVERIFY2(removed, qPrintable(removed ? QString() : removed.error().message));
    got = read(key);
    QVERIFY(!got);
    QCOMPARE(got.error().code, u"secret_not_found"_s);

    // Removing again is fine: the goal, no secret under that key, holds.
    QVERIFY(remove(key));
}

void TestCredentialStore::readingMissingKeyIsNotFound()
{
    const auto got = read(u"never-written"_s);
    QVERIFY(!got);
    QCOMPARE(got.error().code, u"secret_not_found"_s);
    QVERIFY(got.error().message.contains(u"never-written"_s));
}

void TestCredentialStore::emptyKeyIsRefused()
{
    const auto written = write(QString(), "x"_ba);
    QVERIFY(!written);
    QCOMPARE(written.error().code, u"bad_secret_key"_s);
}

void TestCredentialStore::noKeychainMeansNothingStored()
{
    // QtKeychain picks its backend once per process, so the no-keychain case runs in a child
    // whose D-Bus address leads nowhere.
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(kProbeVariable), u"1"_s);
    env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path="_s + home.filePath(u"no-bus"_s));
    env.insert(u"HOME"_s, home.path());
    env.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u".config"_s));
    env.insert(u"XDG_DATA_HOME"_s, home.filePath(u".local/share"_s));
    env.remove(u"DISPLAY"_s);
    env.remove(u"WAYLAND_DISPLAY"_s);
    QProcess child;
    child.setProcessEnvironment(env);
    child.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(child.waitForFinished(60'000));
    const QString output = QString::fromUtf8(child.readAllStandardOutput());
    QVERIFY2(child.exitCode() == 0,
        qPrintable(u"probe said: "_s + output + QString::fromUtf8(child.readAllStandardError())));
    const QString code = output.section(u'\n', 0, 0);
    QVERIFY2(code == u"keychain_unavailable"_s || code == u"keychain_error"_s, qPrintable(output));
    QVERIFY2(output.contains(u"nothing was stored"_s), qPrintable(output));

    // And truly nothing: no file in the child's home holds the secret.
    QDirIterator it(home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains("must-not-be-stored"), qPrintable(file.fileName()));
    }
}

void TestCredentialStore::cleanupTestCase()
{
    if (!m_store)
        return;
    const QStringList keys = { u"round-trip/text"_s, u"round-trip/binary key"_s, u"round-trip/utf-8"_s };
    for (const QString &key : keys)
        std::ignore = remove(key);
}

} // namespace deskpay

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(deskpay::kProbeVariable))
        return deskpay::runUnavailableProbe();
    deskpay::TestCredentialStore test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "test_CredentialStore.moc"
