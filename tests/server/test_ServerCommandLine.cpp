// deskpay-server's command line: options, defaults and the errors a user sees.

#include "ResultTesting.h"
#include "server/ServerCommandLine.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

// VERIFY_OK evaluates its argument more than once; a call with side effects is evaluated here once.
#define CHECK_OK(expression)                                                                                           \
    do {                                                                                                               \
        const auto checked = (expression);                                                                             \
        VERIFY_OK(checked);                                                                                            \
    } while (false)

using namespace Qt::StringLiterals;
using namespace deskpay;

class TestServerCommandLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void everything();
    void helpAndVersion();
    void rejected_data();
    void rejected();
    void loggingRules();
    void durations_data();
    void durations();
    void sizes_data();
    void sizes();
    void accepted_data();
    void accepted();
    void webhookChannel();
    void webhookSecretFile_data();
    void webhookSecretFile();
    void publicUrlDefaultsToListenUrl();
};

void TestServerCommandLine::defaults()
{
    ServerCommandLine commandLine;
    const auto action = commandLine.parse({ u"deskpay-server"_s, u"--data-dir"_s, u"data"_s });
    VERIFY_OK(action);
    QCOMPARE(*action, ServerCommandLine::Action::Run);
    const ServerOptions &options = commandLine.options();
    QCOMPARE(options.dataDir, QDir::current().absoluteFilePath(u"data"_s));
    QCOMPARE(options.listen.host, u"127.0.0.1"_s);
    QCOMPARE(options.listen.port, quint16(8443));
    QVERIFY(!options.database);
    QCOMPARE(options.effectiveDatabase().backend, DatabaseBackend::Sqlite);
    QCOMPARE(options.effectiveDatabase().path, QDir::current().absoluteFilePath(u"data/deskpay.sqlite"_s));
    QVERIFY(!options.usesOwnCertificate());
    QVERIFY(!options.demo);
    QCOMPARE(options.logLevel, QtInfoMsg);
    QCOMPARE(options.confirmationWindow, std::chrono::seconds(15 * 60));
    QCOMPARE(options.contactChannel, ContactChannel::Sandbox);
    QVERIFY(options.webhookUrl.isEmpty());
    QVERIFY(options.webhookSecretFile.isEmpty());
    QCOMPARE(options.maxOrderBodyBytes, qint64(256 * 1024));
    QCOMPARE(options.workers, 0);
    QVERIFY(options.effectiveWorkers() >= 2);
    QVERIFY(options.identityKeyFile.isEmpty());
    QVERIFY(options.publicUrl.isEmpty());
    QVERIFY(options.configFile.isEmpty());
}

void TestServerCommandLine::everything()
{
    ServerCommandLine commandLine;
    const auto action = commandLine.parse({ u"deskpay-server"_s, u"--data-dir=/srv/deskpay"_s, u"--listen"_s,
        u"[::1]:9443"_s, u"--demo"_s, u"--tls-cert"_s, u"/etc/c.pem"_s, u"--tls-key"_s, u"/etc/k.pem"_s, u"--tls-ca"_s,
        u"/etc/ca.pem"_s, u"--database"_s, u"postgresql://deskpay@db:5432/deskpay"_s, u"--log-level"_s, u"warning"_s });
    VERIFY_OK(action);
    const ServerOptions &options = commandLine.options();
    QCOMPARE(options.dataDir, u"/srv/deskpay"_s);
    QCOMPARE(options.listen.host, u"::1"_s);
    QCOMPARE(options.listen.port, quint16(9443));
    QVERIFY(options.demo);
    QVERIFY(options.usesOwnCertificate());
    QCOMPARE(options.tlsKey, u"/etc/k.pem"_s);
    QCOMPARE(options.tlsCa, u"/etc/ca.pem"_s);
    QCOMPARE(options.effectiveDatabase().backend, DatabaseBackend::PostgreSql);
    QCOMPARE(options.logLevel, QtWarningMsg);
}

void TestServerCommandLine::helpAndVersion()
{
    ServerCommandLine help;
    QCOMPARE(help.parse({ u"deskpay-server"_s, u"--help"_s }).value(), ServerCommandLine::Action::ShowHelp);
    QVERIFY(help.helpText().contains(u"--data-dir"_s));
    QVERIFY(help.helpText().contains(u"--listen"_s));
    ServerCommandLine version;
    QCOMPARE(version.parse({ u"deskpay-server"_s, u"--version"_s }).value(), ServerCommandLine::Action::ShowVersion);
}

void TestServerCommandLine::rejected_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no data dir") << QStringList {} << u"--data-dir"_s;
    QTest::newRow("bad listen") << QStringList { u"--data-dir"_s, u"d"_s, u"--listen"_s, u"8443"_s } << u"--listen"_s;
    QTest::newRow("bad database") << QStringList { u"--data-dir"_s, u"d"_s, u"--database"_s, u"mysql://x/y"_s }
                                  << u"--database"_s;
    QTest::newRow("cert without key") << QStringList { u"--data-dir"_s, u"d"_s, u"--tls-cert"_s, u"c.pem"_s }
                                      << u"--tls-key"_s;
    QTest::newRow("ca without cert") << QStringList { u"--data-dir"_s, u"d"_s, u"--tls-ca"_s, u"ca.pem"_s }
                                     << u"--tls-ca"_s;
    QTest::newRow("bad level") << QStringList { u"--data-dir"_s, u"d"_s, u"--log-level"_s, u"loud"_s }
                               << u"--log-level"_s;
    QTest::newRow("unknown option") << QStringList { u"--data-dir"_s, u"d"_s, u"--port"_s, u"1"_s } << u"port"_s;
    QTest::newRow("stray argument") << QStringList { u"--data-dir"_s, u"d"_s, u"serve"_s } << u"serve"_s;
    const auto with = [](const QString &option, const QString &value) {
        return QStringList { u"--data-dir"_s, u"d"_s, option, value };
    };
    QTest::newRow("window without unit") << with(u"--confirmation-window"_s, u"900"_s) << u"--confirmation-window"_s;
    QTest::newRow("window in days") << with(u"--confirmation-window"_s, u"1d"_s) << u"90s, 15m or 1h"_s;
    QTest::newRow("window too short") << with(u"--confirmation-window"_s, u"59s"_s) << u"from 1m to 24h"_s;
    QTest::newRow("window too long") << with(u"--confirmation-window"_s, u"25h"_s) << u"from 1m to 24h"_s;
    QTest::newRow("window negative") << with(u"--confirmation-window"_s, u"-5m"_s) << u"--confirmation-window"_s;
    QTest::newRow("unknown channel") << with(u"--contact-channel"_s, u"pigeon"_s) << u"sandbox or webhook"_s;
    QTest::newRow("body too small") << with(u"--max-body"_s, u"512"_s) << u"--max-body"_s;
    QTest::newRow("body too large") << with(u"--max-body"_s, u"17m"_s) << u"from 1k to 16m"_s;
    QTest::newRow("body in gigabytes") << with(u"--max-body"_s, u"1g"_s) << u"64k or 1m"_s;
    QTest::newRow("workers negative") << with(u"--workers"_s, u"-1"_s) << u"--workers"_s;
    QTest::newRow("workers not a number") << with(u"--workers"_s, u"many"_s) << u"0 (automatic)"_s;
    QTest::newRow("workers too many") << with(u"--workers"_s, u"1000"_s) << u"--workers"_s;
    QTest::newRow("webhook over http") << with(u"--webhook-url"_s, u"http://gateway.example.com/hook"_s)
                                       << u"--webhook-url"_s;
    QTest::newRow("webhook with credentials")
        << with(u"--webhook-url"_s, u"https://user:pw@gateway.example.com/hook"_s) << u"without credentials"_s;
    QTest::newRow("webhook not a URL") << with(u"--webhook-url"_s, u"gateway"_s) << u"https://"_s;
    QTest::newRow("webhook ftp") << with(u"--webhook-url"_s, u"ftp://gateway.example.com/"_s) << u"--webhook-url"_s;
    QTest::newRow("webhook without url") << with(u"--contact-channel"_s, u"webhook"_s) << u"--webhook-url"_s;
    QTest::newRow("public url over http") << with(u"--public-url"_s, u"http://pay.example.com"_s) << u"--public-url"_s;
    QTest::newRow("public url with query")
        << with(u"--public-url"_s, u"https://pay.example.com/?x=1"_s) << u"--public-url"_s;
    QTest::newRow("missing config") << with(u"--config"_s, u"/nonexistent/deskpay.ini"_s) << u"--config"_s;
}

void TestServerCommandLine::rejected()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    ServerCommandLine commandLine;
    const auto action = commandLine.parse(QStringList { u"deskpay-server"_s } + arguments);
    QVERIFY(!action);
    QVERIFY2(action.error().message.contains(mentions), qPrintable(action.error().message));
}

void TestServerCommandLine::loggingRules()
{
    ServerOptions options;
    options.logLevel = QtWarningMsg;
    QCOMPARE(options.loggingRules(), u"*.debug=false\n*.info=false"_s);
    options.logLevel = QtDebugMsg;
    QCOMPARE(options.loggingRules(), u"deskpay.*.debug=true"_s);
}

void TestServerCommandLine::durations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("seconds"); // -1: not a duration
    QTest::newRow("seconds") << u"90s"_s << 90;
    QTest::newRow("minutes") << u"15m"_s << 900;
    QTest::newRow("hours") << u"1h"_s << 3600;
    QTest::newRow("upper case") << u"2H"_s << 7200;
    QTest::newRow("no unit") << u"90"_s << -1;
    QTest::newRow("fraction") << u"1.5h"_s << -1;
    QTest::newRow("days") << u"1d"_s << -1;
    QTest::newRow("empty") << QString() << -1;
    QTest::newRow("unit only") << u"m"_s << -1;
}

void TestServerCommandLine::durations()
{
    QFETCH(QString, text);
    QFETCH(int, seconds);
    const auto duration = ServerCommandLine::parseDuration(text);
    QCOMPARE(duration.has_value(), seconds >= 0);
    if (duration)
        QCOMPARE(duration->count(), seconds);
}

void TestServerCommandLine::sizes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("bytes"); // -1: not a size
    QTest::newRow("bytes") << u"4096"_s << qint64(4096);
    QTest::newRow("kibibytes") << u"64k"_s << qint64(65536);
    QTest::newRow("mebibytes") << u"1m"_s << qint64(1048576);
    QTest::newRow("upper case") << u"16M"_s << qint64(16777216);
    QTest::newRow("gigabytes") << u"1g"_s << qint64(-1);
    QTest::newRow("with b") << u"64kb"_s << qint64(-1);
    QTest::newRow("negative") << u"-1k"_s << qint64(-1);
    QTest::newRow("empty") << QString() << qint64(-1);
}

void TestServerCommandLine::sizes()
{
    QFETCH(QString, text);
    QFETCH(qint64, bytes);
    const auto size = ServerCommandLine::parseSize(text);
    QCOMPARE(size.has_value(), bytes >= 0);
    if (size)
        QCOMPARE(*size, bytes);
}

void TestServerCommandLine::accepted_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");
    QTest::newRow("shortest window") << QStringList { u"--confirmation-window"_s, u"1m"_s } << u"window"_s << u"60"_s;
    QTest::newRow("longest window") << QStringList { u"--confirmation-window"_s, u"24h"_s } << u"window"_s
                                    << u"86400"_s;
    QTest::newRow("window in seconds") << QStringList { u"--confirmation-window=90s"_s } << u"window"_s << u"90"_s;
    QTest::newRow("smallest body") << QStringList { u"--max-body"_s, u"1k"_s } << u"body"_s << u"1024"_s;
    QTest::newRow("largest body") << QStringList { u"--max-body"_s, u"16m"_s } << u"body"_s << u"16777216"_s;
    QTest::newRow("workers") << QStringList { u"--workers"_s, u"4"_s } << u"workers"_s << u"4"_s;
    QTest::newRow("identity key") << QStringList { u"--identity-key-file"_s, u"/etc/deskpay/id.key"_s } << u"identity"_s
                                  << u"/etc/deskpay/id.key"_s;
    QTest::newRow("public url") << QStringList { u"--public-url"_s, u"https://pay.example.com/desk/"_s } << u"public"_s
                                << u"https://pay.example.com/desk"_s;
    QTest::newRow("public url on loopback http")
        << QStringList { u"--public-url"_s, u"http://localhost:8080"_s } << u"public"_s << u"http://localhost:8080"_s;
    QTest::newRow("webhook url on loopback http") << QStringList { u"--webhook-url"_s, u"http://127.0.0.1:9000/hook"_s }
                                                  << u"webhook"_s << u"http://127.0.0.1:9000/hook"_s;
    QTest::newRow("webhook url on IPv6 loopback") << QStringList { u"--webhook-url"_s, u"http://[::1]:9000/hook"_s }
                                                  << u"webhook"_s << u"http://[::1]:9000/hook"_s;
}

void TestServerCommandLine::accepted()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, field);
    QFETCH(QString, expected);
    ServerCommandLine commandLine;
    CHECK_OK(commandLine.parse(QStringList { u"deskpay-server"_s, u"--data-dir"_s, u"d"_s } + arguments));
    const ServerOptions &options = commandLine.options();
    QString actual;
    if (field == u"window"_s)
        actual = QString::number(options.confirmationWindow.count());
    else if (field == u"body"_s)
        actual = QString::number(options.maxOrderBodyBytes);
    else if (field == u"workers"_s)
        actual = QString::number(options.workers);
    else if (field == u"identity"_s)
        actual = options.identityKeyFile;
    else if (field == u"public"_s)
        actual = options.effectivePublicUrl(8443).toString();
    else if (field == u"webhook"_s)
        actual = options.webhookUrl.toString();
    QCOMPARE(actual, expected);
}

void TestServerCommandLine::webhookChannel()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile secret(dir.filePath(u"hook.secret"_s));
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write("0123456789abcdef0123\n");
    secret.close();
    QVERIFY(secret.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    ServerCommandLine commandLine;
    CHECK_OK(commandLine.parse({ u"deskpay-server"_s, u"--data-dir"_s, u"d"_s, u"--contact-channel"_s, u"webhook"_s,
        u"--webhook-url"_s, u"https://gateway.example.com/deskpay"_s, u"--webhook-secret-file"_s, secret.fileName() }));
    const ServerOptions &options = commandLine.options();
    QCOMPARE(options.contactChannel, ContactChannel::Webhook);
    QCOMPARE(contactChannelName(options.contactChannel), u"webhook"_s);
    QCOMPARE(options.webhookUrl, QUrl(u"https://gateway.example.com/deskpay"_s));
    QCOMPARE(options.webhookSecretFile, secret.fileName());
}

void TestServerCommandLine::webhookSecretFile_data()
{
    QTest::addColumn<QByteArray>("content"); // empty: no file at all
    QTest::addColumn<int>("permissions");
    QTest::addColumn<QString>("mentions");
    const int owner = int(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QTest::newRow("group readable") << "0123456789abcdef0123"_ba << (owner | int(QFileDevice::ReadGroup))
                                    << u"chmod 600"_s;
    QTest::newRow("world readable") << "0123456789abcdef0123"_ba << (owner | int(QFileDevice::ReadOther))
                                    << u"owner only"_s;
    QTest::newRow("too short") << "tiny\n"_ba << owner << u"shorter than 16"_s;
    QTest::newRow("missing") << QByteArray() << owner << u"does not exist"_s;
}

void TestServerCommandLine::webhookSecretFile()
{
    QFETCH(QByteArray, content);
    QFETCH(int, permissions);
    QFETCH(QString, mentions);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"hook.secret"_s);
    if (!content.isEmpty()) {
        QFile secret(path);
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.write(content);
        secret.close();
        QVERIFY(secret.setPermissions(QFileDevice::Permissions::fromInt(permissions)));
    }
    ServerCommandLine commandLine;
    const auto action = commandLine.parse({ u"deskpay-server"_s, u"--data-dir"_s, u"d"_s, u"--contact-channel"_s,
        u"webhook"_s, u"--webhook-url"_s, u"https://gateway.example.com/deskpay"_s, u"--webhook-secret-file"_s, path });
    QVERIFY(!action);
    QCOMPARE(action.error().field, u"webhook-secret-file"_s);
    QVERIFY2(action.error().message.contains(u"--webhook-secret-file"_s), qPrintable(action.error().message));
    QVERIFY2(action.error().message.contains(mentions), qPrintable(action.error().message));
    QVERIFY(!action.error().message.contains(QString::fromLatin1(content.trimmed())) || content.isEmpty());

    // Without any secret file the webhook channel is refused as well.
    ServerCommandLine without;
    const auto refused = without.parse({ u"deskpay-server"_s, u"--data-dir"_s, u"d"_s, u"--contact-channel"_s,
        u"webhook"_s, u"--webhook-url"_s, u"https://gateway.example.com/deskpay"_s });
    QVERIFY(!refused);
    QVERIFY(refused.error().message.contains(u"--webhook-secret-file"_s));
}

void TestServerCommandLine::publicUrlDefaultsToListenUrl()
{
    ServerCommandLine commandLine;
    CHECK_OK(commandLine.parse({ u"deskpay-server"_s, u"--data-dir"_s, u"d"_s, u"--listen"_s, u"[::1]:0"_s }));
    QCOMPARE(commandLine.options().effectivePublicUrl(40123), QUrl(u"https://[::1]:40123"_s));
}

QTEST_GUILESS_MAIN(TestServerCommandLine)
#include "test_ServerCommandLine.moc"
