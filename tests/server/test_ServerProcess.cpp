// End to end: the real deskpay-server binary — its two ready lines, health over TLS, clean
// shutdown on SIGTERM/SIGINT, reuse of its CA, and the errors a user meets.

#include "TlsTestClient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using deskpay::test::TlsTestClient;

namespace {

struct Started
{
    std::unique_ptr<QProcess> process;
    QString url;
    QString ca;
    qint64 readyMs = 0;
    QByteArray stdoutSoFar;
};

QString binary()
{
    return QString::fromLocal8Bit(DESKPAY_SERVER_BINARY);
}

// Starts the server and reads stdout until both ready lines are there (or it exits).
Started start(const QStringList &arguments)
{
    Started started;
    started.process = std::make_unique<QProcess>();
    started.process->setProgram(binary());
    started.process->setArguments(arguments);
    QElapsedTimer timer;
    timer.start();
    started.process->start();
    if (!started.process->waitForStarted(10000))
        return started;
    static const QRegularExpression ready(u"^listening on (https://\\S+)\\nca (/.+)\\n"_s);
    while (timer.elapsed() < 60000) {
        const QRegularExpressionMatch match = ready.match(QString::fromUtf8(started.stdoutSoFar));
        if (match.hasMatch()) {
            started.url = match.captured(1);
            started.ca = match.captured(2);
            started.readyMs = timer.elapsed();
            break;
        }
        if (started.process->state() == QProcess::NotRunning)
            break;
        if (started.process->waitForReadyRead(1000))
            started.stdoutSoFar += started.process->readAllStandardOutput();
    }
    return started;
}

} // namespace

class TestServerProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void servesHealthAndStopsCleanly_data();
    void servesHealthAndStopsCleanly();
    void secondStartReusesTheCa();
    void errors_data();
    void errors();
    void portInUse();

private:
    QTemporaryDir m_dir;
};

void TestServerProcess::initTestCase()
{
    QVERIFY2(QFileInfo(binary()).isExecutable(), qPrintable(binary()));
    QVERIFY(m_dir.isValid());
}

void TestServerProcess::servesHealthAndStopsCleanly_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGTERM") << SIGTERM;
    QTest::newRow("SIGINT") << SIGINT;
}

void TestServerProcess::servesHealthAndStopsCleanly()
{
    QFETCH(int, signalNumber);
    const QString dataDir = m_dir.filePath(QString::fromLatin1(QTest::currentDataTag()));
    Started server = start({ u"--data-dir"_s, dataDir, u"--listen"_s, u"127.0.0.1:0"_s, u"--demo"_s });
    QVERIFY2(!server.url.isEmpty(), server.process->readAllStandardError().constData());
    qInfo("first start (with key generation) ready after %lld ms", server.readyMs);

    static const QRegularExpression url(u"^https://127\\.0\\.0\\.1:([1-9][0-9]*)$"_s);
    QVERIFY2(url.match(server.url).hasMatch(), qPrintable(server.url));
    QCOMPARE(server.ca, QDir(dataDir).filePath(u"tls/ca.crt"_s));
    QVERIFY(QFile::exists(QDir(dataDir).filePath(u"deskpay.sqlite"_s)));

    TlsTestClient client(server.ca);
    const auto health = client.get(QUrl(server.url + u"/v1/health"_s));
    QVERIFY2(health.error == QNetworkReply::NoError, qPrintable(health.errorString));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json().value(u"status"_s).toString(), u"ok"_s);
    QCOMPARE(health.json().value(u"database"_s).toString(), u"sqlite"_s);

    QCOMPARE(::kill(pid_t(server.process->processId()), signalNumber), 0);
    QVERIFY(server.process->waitForFinished(15000));
    QCOMPARE(server.process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.process->exitCode(), 0);
    // stdout carries exactly the two lines; everything else is for stderr.
    const QByteArray out = server.stdoutSoFar + server.process->readAllStandardOutput();
    QCOMPARE(QString::fromUtf8(out), u"listening on "_s + server.url + u"\nca "_s + server.ca + u"\n"_s);
}

void TestServerProcess::secondStartReusesTheCa()
{
    const QString dataDir = m_dir.filePath(u"reuse"_s);
    const QStringList arguments { u"--data-dir"_s, dataDir, u"--listen"_s, u"localhost:0"_s };
    QByteArray firstCa;
    for (int run = 0; run < 2; ++run) {
        Started server = start(arguments);
        QVERIFY2(!server.url.isEmpty(), server.process->readAllStandardError().constData());
        qInfo("%s start ready after %lld ms", run == 0 ? "first" : "later", server.readyMs);
        QFile ca(server.ca);
        QVERIFY(ca.open(QIODevice::ReadOnly));
        const QByteArray caPem = ca.readAll();
        if (run == 0)
            firstCa = caPem;
        else
            QCOMPARE(caPem, firstCa);
        TlsTestClient client(server.ca);
        QCOMPARE(client.get(QUrl(server.url + u"/v1/health"_s)).status, 200);
        server.process->terminate();
        QVERIFY(server.process->waitForFinished(15000));
        QCOMPARE(server.process->exitCode(), 0);
    }
}

void TestServerProcess::errors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentions");

    const QString blocker = m_dir.filePath(u"a-file"_s);
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();

    QTest::newRow("no data dir") << QStringList { u"--listen"_s, u"127.0.0.1:0"_s } << 2 << u"--data-dir"_s;
    QTest::newRow("bad listen spec") << QStringList { u"--data-dir"_s, m_dir.filePath(u"x"_s), u"--listen"_s,
        u"localhost"_s } << 2 << u"HOST:PORT"_s;
    QTest::newRow("unknown option") << QStringList { u"--data-dir"_s, m_dir.filePath(u"x"_s), u"--frobnicate"_s } << 2
                                    << u"frobnicate"_s;
    QTest::newRow("data dir is a file") << QStringList { u"--data-dir"_s, blocker, u"--listen"_s, u"127.0.0.1:0"_s }
                                        << 1 << u"not a folder"_s;
    QTest::newRow("data dir below a file") << QStringList { u"--data-dir"_s, blocker + u"/sub"_s, u"--listen"_s,
        u"127.0.0.1:0"_s } << 1 << u"Cannot create the data folder"_s;
    QTest::newRow("unreachable database") << QStringList { u"--data-dir"_s, m_dir.filePath(u"db"_s), u"--listen"_s,
        u"127.0.0.1:0"_s, u"--database"_s, u"postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"_s }
                                          << 1 << u"Cannot open the database"_s;
    QTest::newRow("missing certificate") << QStringList { u"--data-dir"_s, m_dir.filePath(u"c"_s), u"--listen"_s,
        u"127.0.0.1:0"_s, u"--tls-cert"_s, m_dir.filePath(u"no.pem"_s), u"--tls-key"_s, m_dir.filePath(u"no.key"_s) }
                                         << 1 << u"no.pem"_s;
}

void TestServerProcess::errors()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, mentions);
    QProcess process;
    process.start(binary(), arguments);
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), exitCode);
    const QString stderrText = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(stderrText.contains(mentions), qPrintable(stderrText));
    QVERIFY(process.readAllStandardOutput().isEmpty()); // never a "listening on" line
}

void TestServerProcess::portInUse()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost));
    QProcess process;
    process.start(binary(),
        { u"--data-dir"_s, m_dir.filePath(u"busy"_s), u"--listen"_s, u"127.0.0.1:%1"_s.arg(occupant.serverPort()) });
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 1);
    const QString stderrText = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(stderrText.contains(u"already in use"_s), qPrintable(stderrText));
    QVERIFY(process.readAllStandardOutput().isEmpty());
}

QTEST_GUILESS_MAIN(TestServerProcess)
#include "test_ServerProcess.moc"
