// deskpay-server --config FILE: an INI file with the long options as keys, overridden by the
// command line; unknown keys and secrets refused with the file and line.

#include "ResultTesting.h"
#include "server/ServerCommandLine.h"
#include "server/ServerConfigFile.h"

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

class TestServerConfigFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void fileSuppliesEveryOption();
    void commandLineOverridesFile();
    void relativePathsFollowTheFile();
    void rejected_data();
    void rejected();
    void missingFile();

private:
    QString write(const QString &name, const QByteArray &text,
        QFileDevice::Permissions permissions = QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestServerConfigFile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestServerConfigFile::write(const QString &name, const QByteArray &text, QFileDevice::Permissions permissions)
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text) != text.size())
        qWarning("cannot write %s", qPrintable(path));
    file.close();
    file.setPermissions(permissions);
    return path;
}

void TestServerConfigFile::fileSuppliesEveryOption()
{
    const QString secret = write(u"hook.secret"_s, "0123456789abcdef0123456789abcdef\n"_ba);
    const QString config = write(u"deskpay.ini"_s,
        "; DeskPay server\n"
        "data-dir = /srv/deskpay\n"
        "listen=0.0.0.0:9443\n"
        "database=postgresql://deskpay@db:5432/deskpay\n"
        "tls-cert=/etc/deskpay/cert.pem\n"
        "tls-key=/etc/deskpay/key.pem\n"
        "tls-ca=/etc/deskpay/ca.pem\n"
        "demo=true\n"
        "log-level=warning\n"
        "\n"
        "[General]\n"
        "confirmation-window=1h\n"
        "contact-channel=webhook\n"
        "webhook-url=https://gateway.example.com/deskpay?a=1,2\n"
        "webhook-secret-file="_ba
            + secret.toUtf8()
            + "\n"
              "max-body=1m\n"
              "workers=6\n"
              "identity-key-file=/etc/deskpay/identity.key\n"
              "public-url=https://pay.example.com/\n"_ba);
    ServerCommandLine commandLine;
    const auto action = commandLine.parse({ u"deskpay-server"_s, u"--config"_s, config });
    VERIFY_OK(action);
    const ServerOptions &options = commandLine.options();
    QCOMPARE(options.configFile, config);
    QCOMPARE(options.dataDir, u"/srv/deskpay"_s);
    QCOMPARE(options.listen.host, u"0.0.0.0"_s);
    QCOMPARE(options.listen.port, quint16(9443));
    QCOMPARE(options.effectiveDatabase().backend, DatabaseBackend::PostgreSql);
    QCOMPARE(options.tlsCertificate, u"/etc/deskpay/cert.pem"_s);
    QCOMPARE(options.tlsKey, u"/etc/deskpay/key.pem"_s);
    QCOMPARE(options.tlsCa, u"/etc/deskpay/ca.pem"_s);
    QVERIFY(options.demo);
    QCOMPARE(options.logLevel, QtWarningMsg);
    QCOMPARE(options.confirmationWindow, std::chrono::seconds(3600));
    QCOMPARE(options.contactChannel, ContactChannel::Webhook);
    // QSettings would have split the comma into a list; the URL comes back whole.
    QCOMPARE(options.webhookUrl, QUrl(u"https://gateway.example.com/deskpay?a=1,2"_s));
    QCOMPARE(options.webhookSecretFile, secret);
    QCOMPARE(options.maxOrderBodyBytes, qint64(1024 * 1024));
    QCOMPARE(options.workers, 6);
    QCOMPARE(options.effectiveWorkers(), 6);
    QCOMPARE(options.identityKeyFile, u"/etc/deskpay/identity.key"_s);
    QCOMPARE(options.effectivePublicUrl(9443), QUrl(u"https://pay.example.com"_s));
}

void TestServerConfigFile::commandLineOverridesFile()
{
    const QString config = write(u"deskpay.ini"_s,
        "data-dir=/srv/deskpay\nlisten=0.0.0.0:9443\nconfirmation-window=1h\nlog-level=debug\nmax-body=64k\n"
        "demo=false\nwebhook-url=https://gateway.example.com/hook\n"_ba);
    ServerCommandLine commandLine;
    const auto action = commandLine.parse({ u"deskpay-server"_s, u"--config"_s, config, u"--listen"_s, u"127.0.0.1:0"_s,
        u"--confirmation-window"_s, u"90s"_s, u"--demo"_s });
    VERIFY_OK(action);
    const ServerOptions &options = commandLine.options();
    QCOMPARE(options.dataDir, u"/srv/deskpay"_s); // from the file
    QCOMPARE(options.listen.port, quint16(0)); // overridden
    QCOMPARE(options.confirmationWindow, std::chrono::seconds(90));
    QCOMPARE(options.logLevel, QtDebugMsg);
    QCOMPARE(options.maxOrderBodyBytes, qint64(64 * 1024));
    QVERIFY(options.demo);
    // Webhook settings are kept (and checked) while the channel is the sandbox.
    QCOMPARE(options.contactChannel, ContactChannel::Sandbox);
    QCOMPARE(options.webhookUrl, QUrl(u"https://gateway.example.com/hook"_s));
}

void TestServerConfigFile::relativePathsFollowTheFile()
{
    const QString config = write(u"deskpay.ini"_s,
        "data-dir=data\ndatabase=sqlite:db/deskpay.sqlite\ntls-cert=tls/c.pem\ntls-key=tls/k.pem\n"_ba);
    ServerCommandLine commandLine;
    CHECK_OK(commandLine.parse({ u"deskpay-server"_s, u"--config"_s, config }));
    const ServerOptions &options = commandLine.options();
    QCOMPARE(options.dataDir, m_dir->filePath(u"data"_s));
    QCOMPARE(options.effectiveDatabase().path, m_dir->filePath(u"db/deskpay.sqlite"_s));
    QCOMPARE(options.tlsCertificate, m_dir->filePath(u"tls/c.pem"_s));
    QCOMPARE(options.tlsKey, m_dir->filePath(u"tls/k.pem"_s));
}

void TestServerConfigFile::rejected_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("unknown key") << "data-dir=/srv\n\nport=8443\n"_ba << QStringList { u"deskpay.ini:3"_s, u"port"_s };
    QTest::newRow("key in another section")
        << "data-dir=/srv\n[server]\nlisten=0.0.0.0:1\n"_ba << QStringList { u"deskpay.ini:3"_s, u"server/listen"_s };
    QTest::newRow("config in config") << "config=/etc/other.ini\n"_ba << QStringList { u":1"_s, u"config"_s };
    QTest::newRow("webhook secret itself")
        << "data-dir=/srv\nwebhook-secret=hunter2hunter2hunter2\n"_ba
        << QStringList { u"deskpay.ini:2"_s, u"webhook-secret"_s, u"webhook-secret-file"_s };
    QTest::newRow("database password key")
        << "database-password=x\n"_ba << QStringList { u"deskpay.ini:1"_s, u"PGPASSWORD"_s };
    QTest::newRow("password in database URL") << "data-dir=/srv\ndatabase=postgresql://deskpay:hunter2@db/deskpay\n"_ba
                                              << QStringList { u"deskpay.ini:2"_s, u"password"_s, u"PGPASSWORD"_s };
    QTest::newRow("bad duration in file")
        << "data-dir=/srv\nconfirmation-window=forever\n"_ba
        << QStringList { u"deskpay.ini:2: confirmation-window"_s, u"15m"_s, u"forever"_s };
    QTest::newRow("bad listen in file") << "data-dir=/srv\nlisten=8443\n"_ba
                                        << QStringList { u"deskpay.ini:2: listen"_s };
    QTest::newRow("bad demo flag") << "data-dir=/srv\ndemo=maybe\n"_ba
                                   << QStringList { u"deskpay.ini:2: demo"_s, u"true or false"_s };
    QTest::newRow("bad channel in file") << "data-dir=/srv\ncontact-channel=pigeon\n"_ba
                                         << QStringList { u"deskpay.ini:2: contact-channel"_s,
                                                u"sandbox or webhook"_s };
    QTest::newRow("no data dir anywhere") << "listen=127.0.0.1:1\n"_ba << QStringList { u"--data-dir"_s };
}

void TestServerConfigFile::rejected()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, mentions);
    const QString config = write(u"deskpay.ini"_s, text);
    ServerCommandLine commandLine;
    const auto action = commandLine.parse({ u"deskpay-server"_s, u"--config"_s, config });
    QVERIFY(!action);
    for (const QString &mention : mentions)
        QVERIFY2(action.error().message.contains(mention), qPrintable(action.error().message));
    // The secret itself is never repeated back.
    QVERIFY(!action.error().message.contains(u"hunter2"_s));
}

void TestServerConfigFile::missingFile()
{
    ServerCommandLine commandLine;
    const auto action = commandLine.parse({ u"deskpay-server"_s, u"--config"_s, m_dir->filePath(u"none.ini"_s) });
    QVERIFY(!action);
    QCOMPARE(action.error().code, u"bad_config"_s);
    QVERIFY(action.error().message.contains(u"none.ini"_s));
    QVERIFY(action.error().message.contains(u"--config"_s));
}

QTEST_GUILESS_MAIN(TestServerConfigFile)
#include "test_ServerConfigFile.moc"
