// deskpay-server's command line: options, defaults and the errors a user sees.

#include "ResultTesting.h"
#include "server/ServerCommandLine.h"

#include <QDir>
#include <QTest>

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

QTEST_GUILESS_MAIN(TestServerCommandLine)
#include "test_ServerCommandLine.moc"
