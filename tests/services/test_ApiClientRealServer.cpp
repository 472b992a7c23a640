// ApiClient against the real deskpay-server over TLS: the embedded default's CA, its health
// answer, a pin on its real key, and a clean stop.

#include "models/Clock.h"
#include "services/ApiClient.h"
#include "services/HealthMonitor.h"
#include "services/TlsTrust.h"

#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace deskpay {

class TestApiClientRealServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void healthOverTrustedTls();
    void pinOfTheRealKey();
    void withoutTheCaNothingConnects();
    void monitorSeesServerStop();

private:
    [[nodiscard]] Result<ServerHealth> check(ApiClient &api);

    QTemporaryDir m_dataDir;
    QProcess m_server;
    QUrl m_url;
    QString m_caFile;
    QNetworkAccessManager m_network;
};

void TestApiClientRealServer::initTestCase()
{
    const QString binary = qEnvironmentVariable("DESKPAY_BINARY_DIR") + u"/bin/deskpay-server"_s;
    if (!QFile::exists(binary))
        QFAIL(qPrintable(binary + u" is missing: build the deskpay-server target first."_s));
    QVERIFY(m_dataDir.isValid());

    m_server.setProcessChannelMode(QProcess::SeparateChannels);
    m_server.start(binary, {u"--data-dir"_s, m_dataDir.path(), u"--listen"_s, u"127.0.0.1:0"_s});
    QVERIFY2(m_server.waitForStarted(), qPrintable(m_server.errorString()));

    // It prints "listening on https://HOST:PORT" and "ca FILE" once ready.
    QByteArray output;
    while (m_url.isEmpty() || m_caFile.isEmpty()) {
        if (!m_server.waitForReadyRead(30'000))
            QFAIL(qPrintable(u"deskpay-server did not get ready: "_s + QString::fromUtf8(output)
                             + QString::fromUtf8(m_server.readAllStandardError())));
        output += m_server.readAllStandardOutput();
        for (const QByteArray &line : output.split('\n')) {
            if (line.startsWith("listening on "))
                m_url = QUrl(QString::fromUtf8(line.mid(13).trimmed()));
            else if (line.startsWith("ca "))
                m_caFile = QString::fromUtf8(line.mid(3).trimmed());
        }
    }
    QVERIFY(m_url.isValid());
    QVERIFY(QFile::exists(m_caFile));
}

Result<ServerHealth> TestApiClientRealServer::check(ApiClient &api)
{
    QSignalSpy spy(&api, &ApiClient::healthChecked);
    api.checkHealth();
    if (!spy.wait(15'000))
        return fail(u"test_no_answer"_s, u"ApiClient never emitted healthChecked"_s);
    return spy.takeFirst().at(0).value<Result<ServerHealth>>();
}

void TestApiClientRealServer::healthOverTrustedTls()
{
    ApiClient api(&m_network);
    QVERIFY(api.setBaseUrl(m_url));
    QVERIFY(api.setCaFile(m_caFile));
    const auto health = check(api);
    QVERIFY2(health, qPrintable(health ? QString() : health.error().message));
    QVERIFY(health->isOk());
    QCOMPARE(health->database, u"sqlite"_s);
    QVERIFY(health->schemaVersion >= 1);
    QVERIFY(!health->version.isEmpty());
}

void TestApiClientRealServer::pinOfTheRealKey()
{
    // Fetch the certificate the server really presents, then pin it and a wrong key.
    QSslSocket probe;
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.addCaCertificates(*TlsTrust::loadCaFile(m_caFile));
    probe.setSslConfiguration(configuration);
    probe.connectToHostEncrypted(m_url.host(), quint16(m_url.port()));
    QVERIFY2(probe.waitForEncrypted(15'000), qPrintable(probe.errorString()));
    const QString pin = TlsTrust::spkiPin(probe.peerCertificate());
    probe.disconnectFromHost();

    ApiClient api(&m_network);
    QVERIFY(api.setBaseUrl(m_url));
    QVERIFY(api.setCaFile(m_caFile));
    QVERIFY(api.setSpkiPin(pin));
    const auto pinned = check(api);
    QVERIFY2(pinned, qPrintable(pinned ? QString() : pinned.error().message));

    QVERIFY(api.setSpkiPin(QString::fromLatin1(QByteArray(32, '\x01').toBase64())));
    const auto wrong = check(api);
    QVERIFY(!wrong);
    QCOMPARE(wrong.error().code, u"tls_pin_mismatch"_s);
}

void TestApiClientRealServer::withoutTheCaNothingConnects()
{
    QNetworkAccessManager fresh; // no TLS session left over from trusted connections
    ApiClient api(&fresh);
    QVERIFY(api.setBaseUrl(m_url));
    const auto health = check(api);
    QVERIFY(!health);
    QCOMPARE(health.error().code, u"tls_untrusted"_s);
    QVERIFY2(health.error().message.contains(u"Issuer: "_s), qPrintable(health.error().message));
}

void TestApiClientRealServer::monitorSeesServerStop()
{
    ApiClient api(&m_network);
    QVERIFY(api.setBaseUrl(m_url));
    QVERIFY(api.setCaFile(m_caFile));
    ManualClock clock;
    HealthMonitor monitor(api, clock, 1h);
    QSignalSpy changed(&monitor, &HealthMonitor::healthChanged);
    monitor.start();
    QVERIFY(changed.wait(15'000));
    QVERIFY(monitor.lastResult()->has_value());

    m_server.terminate(); // SIGTERM: the server stops cleanly
    QVERIFY(m_server.waitForFinished(15'000));
    QCOMPARE(m_server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_server.exitCode(), 0);

    changed.clear();
    monitor.checkNow();
    QVERIFY(changed.wait(15'000));
    QVERIFY(!monitor.lastResult()->has_value());
    const QString code = monitor.lastResult()->error().code;
    QVERIFY2(code == u"connection_refused"_s || code == u"connection_closed"_s, qPrintable(code));
}

} // namespace deskpay

QTEST_GUILESS_MAIN(deskpay::TestApiClientRealServer)
#include "test_ApiClientRealServer.moc"
