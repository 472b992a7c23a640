// Every message the desktop shows is translated, in both shipped languages, and the .ts files
// are up to date with the sources. Fails listing each message that is missing or unfinished.

#include "ui/LanguageManager.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

struct Message
{
    QString context;
    QString source;
    QString comment;
    QString type; // "", "unfinished", "vanished", "obsolete"
    QStringList translations; // one, or one per plural form
    bool numerus = false;

    [[nodiscard]] QString id() const { return context + u'\x1f' + source + u'\x1f' + comment; }
    [[nodiscard]] QString label() const
    {
        QString text = source;
        text.replace(u'\n', u"\\n"_s);
        if (text.size() > 90)
            text = text.left(87) + u"..."_s;
        return context + u" “"_s + text + u"”"_s;
    }
    [[nodiscard]] bool used() const { return type != u"vanished"_s && type != u"obsolete"_s; }
};

struct TsFile
{
    QString language;
    QList<Message> messages;
    QString error;
};

TsFile parseTs(const QString &path)
{
    TsFile ts;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ts.error = u"cannot read "_s + path;
        return ts;
    }
    QXmlStreamReader xml(&file);
    QString context;
    Message message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == u"TS"_s) {
                ts.language = xml.attributes().value(u"language"_s).toString();
            } else if (name == u"name"_s) {
                context = xml.readElementText();
            } else if (name == u"message"_s) {
                message = Message { context, {}, {}, {}, {}, xml.attributes().value(u"numerus"_s) == u"yes"_s };
            } else if (name == u"source"_s) {
                message.source = xml.readElementText();
            } else if (name == u"comment"_s) {
                message.comment = xml.readElementText();
            } else if (name == u"translation"_s) {
                message.type = xml.attributes().value(u"type"_s).toString();
                if (!message.numerus)
                    message.translations.append(xml.readElementText());
            } else if (name == u"numerusform"_s) {
                message.translations.append(xml.readElementText());
            }
        } else if (xml.isEndElement() && xml.name() == u"message"_s) {
            ts.messages.append(message);
        }
    }
    if (xml.hasError())
        ts.error = path + u": "_s + xml.errorString();
    return ts;
}

QSet<QString> placeholders(const QString &text)
{
    static const QRegularExpression pattern(u"%(?:L?[1-9][0-9]?|n)"_s);
    QSet<QString> found;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        found.insert(it.next().captured().remove(u'L'));
    return found;
}

QString sourceDir()
{
    return qEnvironmentVariable("DESKPAY_SOURCE_DIR");
}

QString binaryDir()
{
    return qEnvironmentVariable("DESKPAY_BINARY_DIR");
}

} // namespace

class TestTranslationsComplete : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void upToDateWithSources_data();
    void upToDateWithSources();
    void everyMessageTranslated_data();
    void everyMessageTranslated();
    void compiledTranslationsAreEmbedded();

private:
    // The .ts file as update_translations would make it now, in a temporary folder.
    [[nodiscard]] TsFile refreshed(const QString &language);
    [[nodiscard]] TsFile runLupdate(const QString &language);

    QHash<QString, TsFile> m_refreshed;

    QTemporaryDir m_work;
    const QString m_refreshHint
        = u"Refresh the .ts files with `cmake --build <build-dir> --target update_translations`, "
          u"then translate in translations/deskpay_zh_CN.ts (Qt Linguist or any text editor)."_s;
};

void TestTranslationsComplete::initTestCase()
{
    if (sourceDir().isEmpty() || binaryDir().isEmpty())
        QFAIL("DESKPAY_SOURCE_DIR / DESKPAY_BINARY_DIR are not set: run this test through ctest.");
    QVERIFY(m_work.isValid());
    QVERIFY2(QFile::exists(QStringLiteral(DESKPAY_LUPDATE)), DESKPAY_LUPDATE " is missing (qt6-l10n-tools)");
}

TsFile TestTranslationsComplete::refreshed(const QString &language)
{
    // lupdate takes a while over all sources; both checks share one run per language.
    if (const auto cached = m_refreshed.constFind(language); cached != m_refreshed.cend())
        return *cached;
    TsFile result = runLupdate(language);
    m_refreshed.insert(language, result);
    return result;
}

TsFile TestTranslationsComplete::runLupdate(const QString &language)
{
    const QString committed = sourceDir() + u"/translations/deskpay_"_s + language + u".ts"_s;
    const QString copy = m_work.filePath(u"deskpay_"_s + language + u".ts"_s);
    QFile::remove(copy);
    if (!QFile::copy(committed, copy))
        return { {}, {}, u"cannot copy "_s + committed };

    // The same sources and options as the update_translations target (translations/CMakeLists.txt).
    QStringList arguments = { u"-silent"_s, u"-locations"_s, u"none"_s, u"-no-obsolete"_s, u"-source-language"_s,
        u"en"_s, u"-I"_s, sourceDir(), u"@"_s + binaryDir() + u"/translations/lupdate_sources.lst"_s };
    if (language == u"en"_s)
        arguments.append(u"-pluralonly"_s);
    arguments << u"-ts"_s << copy;
    QProcess lupdate;
    lupdate.start(QStringLiteral(DESKPAY_LUPDATE), arguments);
    if (!lupdate.waitForFinished(60'000)) {
        lupdate.kill();
        lupdate.waitForFinished();
        return { {}, {},
            u"lupdate did not finish in 60 s. Qt 6.4's lupdate loops forever on a functional cast with "
            u"an operator inside a tr()/translate() argument, e.g. translate(\"C\", \"%n min\", nullptr, "
            u"int(a * b)); write static_cast<int>(a * b) or compute the number first."_s };
    }
    if (lupdate.exitStatus() != QProcess::NormalExit || lupdate.exitCode() != 0)
        return { {}, {}, u"lupdate failed: "_s + QString::fromUtf8(lupdate.readAllStandardError()) };
    return parseTs(copy);
}

void TestTranslationsComplete::upToDateWithSources_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << u"en"_s;
    QTest::newRow("zh_CN") << u"zh_CN"_s;
}

void TestTranslationsComplete::upToDateWithSources()
{
    QFETCH(QString, language);
    const TsFile committed = parseTs(sourceDir() + u"/translations/deskpay_"_s + language + u".ts"_s);
    QVERIFY2(committed.error.isEmpty(), qPrintable(committed.error));
    QCOMPARE(committed.language, language);
    const TsFile current = refreshed(language);
    QVERIFY2(current.error.isEmpty(), qPrintable(current.error));

    QSet<QString> known;
    for (const Message &message : committed.messages) {
        if (message.used())
            known.insert(message.id());
    }
    QStringList missing;
    for (const Message &message : current.messages) {
        if (message.used() && !known.contains(message.id()))
            missing.append(u"  "_s + message.label());
    }
    if (!missing.isEmpty())
        QFAIL(qPrintable(u"%1 message(s) used in the sources are not in deskpay_%2.ts (or are marked obsolete "
                         u"there):\n%3\n%4"_s.arg(missing.size())
                             .arg(language, missing.join(u'\n'), m_refreshHint.arg(language))));
}

void TestTranslationsComplete::everyMessageTranslated_data()
{
    upToDateWithSources_data();
}

void TestTranslationsComplete::everyMessageTranslated()
{
    QFETCH(QString, language);
    // Judged on the refreshed file, so a string someone just added counts as untranslated
    // even before anyone ran update_translations.
    const TsFile ts = refreshed(language);
    QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));

    QStringList problems;
    for (const Message &message : ts.messages) {
        if (!message.used())
            continue;
        if (message.type == u"unfinished"_s) {
            problems.append(u"  unfinished: "_s + message.label());
            continue;
        }
        if (message.translations.isEmpty()
            || std::any_of(message.translations.cbegin(), message.translations.cend(),
                [](const QString &t) { return t.trimmed().isEmpty(); })) {
            problems.append(u"  empty: "_s + message.label());
            continue;
        }
        // A plural form may leave out %n (Chinese "一分钟" needs none), but never another placeholder.
        QSet<QString> expected = placeholders(message.source);
        if (message.numerus)
            expected.remove(u"%n"_s);
        for (const QString &translation : message.translations) {
            QSet<QString> got = placeholders(translation);
            if (message.numerus)
                got.remove(u"%n"_s);
            if (got != expected) {
                problems.append(u"  placeholders differ: "_s + message.label());
                break;
            }
        }
    }
    if (!problems.isEmpty())
        QFAIL(qPrintable(u"deskpay_%1.ts: %2 message(s) not ready to ship:\n%3\n%4"_s.arg(language)
                             .arg(problems.size())
                             .arg(problems.join(u'\n'), m_refreshHint.arg(language))));
}

void TestTranslationsComplete::compiledTranslationsAreEmbedded()
{
    for (const QString &language : { u"en"_s, u"zh_CN"_s }) {
        QTranslator translator;
        QVERIFY2(translator.load(LanguageManager::translationPath(language)),
            qPrintable(LanguageManager::translationPath(language) + u" is not in the deskpay_ui resources"_s));
        QCOMPARE(translator.language(), language);
    }
    QTranslator chinese;
    QVERIFY(chinese.load(LanguageManager::translationPath(u"zh_CN"_s)));
    QCOMPARE(chinese.translate("deskpay::MainWindow", "My orders"), u"我的订单"_s);
}

} // namespace deskpay

QTEST_GUILESS_MAIN(deskpay::TestTranslationsComplete)
#include "test_TranslationsComplete.moc"
