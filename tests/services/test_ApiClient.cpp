// ApiClient against a real TLS server on loopback: trust from a private CA, host name checks,
// SPKI pins, and the words a person gets for each way a connection can fail.

#include "TestPki.h"
#include "TlsTestServer.h"
#include "models/Clock.h"
#include "services/ApiClient.h"
#include "services/HealthMonitor.h"
#include "services/TlsTrust.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using deskpay::test::CertificateSpec;
using deskpay::test::CertifiedKey;
using deskpay::test::TlsTestServer;

namespace deskpay {

namespace {

const QByteArray kHealthy = R"({"status":"ok","version":"0.1.0","database":"sqlite","schemaVersion":3})"_ba;

CertificateSpec loopbackSpec()
{
    return { u"DeskPay test server"_s, { u"localhost"_s }, { u"127.0.0.1"_s } };
}

Result<ServerHealth> takeResult(QSignalSpy &spy)
{
    return spy.takeFirst().at(0).value<Result<ServerHealth>>();
}

} // namespace

class TestApiClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void answersHealthOverTrustedTls_data();
    void answersHealthOverTrustedTls();
    void refusesServerSignedByUnknownCa();
    void refusesSelfSignedCertificateAndDescribesIt();
    void refusesCertificateForAnotherHost();
    void refusesExpiredCertificate();
    void acceptsMatchingPin_data();
    void acceptsMatchingPin();
    void pinMismatchSendsNothing();
    void malformedPinBlocksRequests();
    void reportsRefusedConnection();
    void reportsTimeout();
    void reportsHttpError();
    void reportsMalformedHealth();
    void reportsMissingServer();
    void reportsCaFileProblems();
    void refusesUnsafeBaseUrls_data();
    void refusesUnsafeBaseUrls();
    void monitorReportsUpThenDown();

private:
    [[nodiscard]] QUrl urlFor(const TlsTestServer &server, const QString &host = u"127.0.0.1"_s) const;
    [[nodiscard]] Result<ServerHealth> check(ApiClient &api);

    CertifiedKey m_ca;
    CertifiedKey m_serverIdentity;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

void TestApiClient::initTestCase()
{
    m_ca = test::makeCa(u"DeskPay test CA"_s);
    QVERIFY(!m_ca.certificate.isNull());
    QVERIFY(!m_ca.key.isNull());
    m_serverIdentity = test::makeServerCertificate(loopbackSpec(), &m_ca);
    QVERIFY(!m_serverIdentity.certificate.isNull());
}

void TestApiClient::init()
{
    // A fresh manager per test: no TLS session or connection reuse between cases.
    m_network = std::make_unique<QNetworkAccessManager>();
}

QUrl TestApiClient::urlFor(const TlsTestServer &server, const QString &host) const
{
    QUrl url;
    url.setScheme(u"https"_s);
    url.setHost(host);
    url.setPort(server.port());
    return url;
}

Result<ServerHealth> TestApiClient::check(ApiClient &api)
{
    QSignalSpy spy(&api, &ApiClient::healthChecked);
    api.checkHealth();
    if (!spy.wait(15'000))
        return fail(u"test_no_answer"_s, u"ApiClient never emitted healthChecked"_s);
    if (spy.size() != 1)
        return fail(u"test_many_answers"_s, u"healthChecked emitted %1 times"_s.arg(spy.size()));
    return takeResult(spy);
}

void TestApiClient::answersHealthOverTrustedTls_data()
{
    QTest::addColumn<QString>("host");
    QTest::newRow("ip address") << u"127.0.0.1"_s;
    QTest::newRow("host name") << u"localhost"_s;
}

void TestApiClient::answersHealthOverTrustedTls()
{
    QFETCH(QString, host);
    TlsTestServer server(m_serverIdentity);
    QVERIFY(server.start());
    server.setResponse(200, "OK", kHealthy);

    ApiClient api(m_network.get());
    QVERIFY(api.setBaseUrl(urlFor(server, host)));
    api.setCaCertificates({ m_ca.certificate });

    const auto result = check(api);
    QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
    QCOMPARE(result->status, u"ok"_s);
    QVERIFY(result->isOk());
    QCOMPARE(result->version, u"0.1.0"_s);
    QCOMPARE(result->database, u"sqlite"_s);
    QCOMPARE(result->schemaVersion, 3);
    QVERIFY(server.lastRequest().startsWith("GET /v1/health HTTP/1.1\r\n"_ba));
    QVERIFY(server.lastRequest().contains("Accept: application/json"_ba));
}

void TestApiClient::refusesServerSignedByUnknownCa()
{
    TlsTestServer server(m_serverIdentity);
    QVERIFY(server.start());
    server.setResponse(200, "OK", kHealthy);

    ApiClient api(m_network.get()); // no private CA: the system store does not know ours
    QVERIFY(api.setBaseUrl(urlFor(server)));

    const auto result = check(api);
    QVERIFY(!result);
    QCOMPARE(result.error().code, u"tls_untrusted"_s);
    QVERIFY2(result.error().message.contains(TlsTrust::sha256Fingerprint(m_serverIdentity.certificate)),
        qPrintable(result.error().message));
    QCOMPARE(server.requestCount(), 0);
}

void TestApiClient::refusesSelfSignedCertificateAndDescribesIt()
{
    const CertifiedKey impostor
        = test::makeServerCertificate({ u"Impostor server"_s, { u"localhost"_s }, { u"127.0.0.1"_s } }, nullptr);
    TlsTestServer server(impostor);
    QVERIFY(server.start());
    server.setResponse(200, "OK", kHealthy);

    ApiClient api(m_network.get());
    QVERIFY(api.setBaseUrl(urlFor(server)));
    api.setCaCertificates({ m_ca.certificate });

    const auto result = check(api);
    QVERIFY(!result);
    QCOMPARE(result.error().code, u"tls_untrusted"_s);
    const QString message = result.error().message;
    // What a person needs to decide: who the certificate claims to be, who issued it, and the
    // fingerprint to compare with the one their administrator gave them.
    QVERIFY2(message.contains(u"Subject: CN=Impostor server, O=DeskPay tests"_s), qPrintable(message));
    QVERIFY2(message.contains(u"Issuer: CN=Impostor server, O=DeskPay tests"_s), qPrintable(message));
    QVERIFY2(message.contains(u"SHA-256 fingerprint: "_s + TlsTrust::sha256Fingerprint(impostor.certificate)),
        qPrintable(message));
    QVERIFY2(message.contains(u"self-signed"_s, Qt::CaseInsensitive), qPrintable(message));
    QCOMPARE(server.requestCount(), 0);
}

void TestApiClient::refusesCertificateForAnotherHost()
{
    const CertifiedKey elsewhere
        = test::makeServerCertificate({ u"pay.example.com"_s, { u"pay.example.com"_s }, {} }, &m_ca);
    TlsTestServer server(elsewhere);
    QVERIFY(server.start());
    server.setResponse(200, "OK", kHealthy);

    ApiClient api(m_network.get());
    QVERIFY(api.setBaseUrl(urlFor(server)));
    api.setCaCertificates({ m_ca.certificate });

    const auto result = check(api);
    QVERIFY(!result);
    QCOMPARE(result.error().code, u"tls_untrusted"_s);
    QVERIFY2(result.error().message.contains(u"host name"_s, Qt::CaseInsensitive), qPrintable(result.error().message));
    QVERIFY(result.error().message.contains(u"CN=pay.example.com"_s));
    QCOMPARE(server.requestCount(), 0);
}

void TestApiClient::refusesExpiredCertificate()
{
    CertificateSpec spec = loopbackSpec();
    spec.notBeforeSecs = -10 * 24 * 3600;
    spec.notAfterSecs = -24 * 3600;
    TlsTestServer server(test::makeServerCertificate(spec, &m_ca));
    QVERIFY(server.start());
    server.setResponse(200, "OK", kHealthy);

    ApiClient api(m_network.get());
    QVERIFY(api.setBaseUrl(urlFor(server)));
    api.setCaCertificates({ m_ca.certificate });

    const auto result = check(api);
    QVERIFY(!result);
    QCOMPARE(result.error().code, u"tls_untrusted"_s);
    QVERIFY2(result.error().message.contains(u"expired"_s, Qt::CaseInsensitive), qPrintable(result.error().message));
    QCOMPARE(server.requestCount(), 0);
}

void TestApiClient::acceptsMatchingPin_data()
{
    QTest::addColumn<bool>("withPrefix");
    QTest::newRow("bare base64") << false;
    QTest::newRow("sha256/ prefix") << true;
}

void TestApiClient::acceptsMatchingPin()
{
    QFETCH(bool, withPrefix);
    TlsTestServer server(m_serverIdentity);
    QVERIFY(server.start());
    server.setResponse(200, "OK", kHealthy);

    ApiClient api(m_network.get());
    QVERIFY(api.setBaseUrl(urlFor(server)));
    api.setCaCertificates({ m_ca.certificate });
    const QString pin = TlsTrust::spkiPin(m_serverIdentity.certificate);
    QCOMPARE(pin.size(), 44);
    QVERIFY(api.setSpkiPin(withPrefix ? u"sha256/"_s + pin : pin));

    const auto result = check(api);
    QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
    QCOMPARE(server.requestCount(), 1);
}

void TestApiClient::pinMismatchSendsNothing()
{
    TlsTestServer server(m_serverIdentity);
    QVERIFY(server.start());
    server.setResponse(200, "OK", kHealthy);

    // A certificate the CA really issued, but with another key than the pinned one.
    const CertifiedKey sibling = test::makeServerCertificate(loopbackSpec(), &m_ca);
    ApiClient api(m_network.get());
    QVERIFY(api.setBaseUrl(urlFor(server)));
    api.setCaCertificates({ m_ca.certificate });
    QVERIFY(api.setSpkiPin(TlsTrust::spkiPin(sibling.certificate)));

    const auto result = check(api);
    QVERIFY(!result);
    QCOMPARE(result.error().code, u"tls_pin_mismatch"_s);
    QVERIFY(result.error().message.contains(TlsTrust::spkiPin(sibling.certificate)));
    QVERIFY(result.error().message.contains(TlsTrust::spkiPin(m_serverIdentity.certificate)));
    QVERIFY(result.error().message.contains(TlsTrust::sha256Fingerprint(m_serverIdentity.certificate)));
    // The connection is dropped before the request is written: once the server has seen the
    // connection end, not one byte of HTTP has reached it.
    QCOMPARE(server.handshakesStarted(), 1);
    QTRY_COMPARE(server.endedConnections(), 1);
    QCOMPARE(server.bytesReceived(), 0);
    QCOMPARE(server.requestCount(), 0);
}

void TestApiClient::malformedPinBlocksRequests()
{
    TlsTestServer server(m_serverIdentity);
    QVERIFY(server.start());
    server.setResponse(200, "OK", kHealthy);

    ApiClient api(m_network.get());
    QVERIFY(api.setBaseUrl(urlFor(server)));
    api.setCaCertificates({ m_ca.certificate });
    const auto set = api.setSpkiPin(u"not-a-pin"_s);
    QVERIFY(!set);
    QCOMPARE(set.error().code, u"bad_spki_pin"_s);

    // A typo must not quietly turn pinning off.
    const auto result = check(api);
    QVERIFY(!result);
    QCOMPARE(result.error().code, u"bad_spki_pin"_s);
    QCOMPARE(server.requestCount(), 0);
}

void TestApiClient::reportsRefusedConnection()
{
    quint16 freePort = 0;
    {
        TlsTestServer probe(m_serverIdentity);
        QVERIFY(probe.start());
        freePort = probe.port();
    } // closed again: nothing listens there now

    ApiClient api(m_network.get());
    QVERIFY(api.setBaseUrl(QUrl(u"https://127.0.0.1:%1"_s.arg(freePort))));
    const auto result = check(api);
    QVERIFY(!result);
    QCOMPARE(result.error().code, u"connection_refused"_s);
    QVERIFY(result.error().message.contains(u"https://127.0.0.1:%1"_s.arg(freePort)));
}

void TestApiClient::reportsTimeout()
{
    TlsTestServer server(m_serverIdentity);
    QVERIFY(server.start());
    server.setSilent(true);

    ApiClient api(m_network.get());
    QVERIFY(api.setBaseUrl(urlFor(server)));
    api.setCaCertificates({ m_ca.certificate });
    api.setTransferTimeout(500ms);

    const auto result = check(api);
    QVERIFY(!result);
    QCOMPARE(result.error().code, u"timeout"_s);
    QVERIFY(server.bytesReceived() > 0); // it did reach the server, which never answered
}

void TestApiClient::reportsHttpError()
{
    TlsTestServer server(m_serverIdentity);
    QVERIFY(server.start());
    server.setResponse(503, "Service Unavailable", R"({"code":"starting"})"_ba);

    ApiClient api(m_network.get());
    QVERIFY(api.setBaseUrl(urlFor(server)));
    api.setCaCertificates({ m_ca.certificate });

    const auto result = check(api);
    QVERIFY(!result);
    QCOMPARE(result.error().code, u"http_error"_s);
    QVERIFY2(result.error().message.contains(u"503"_s), qPrintable(result.error().message));
}

void TestApiClient::reportsMalformedHealth()
{
    TlsTestServer server(m_serverIdentity);
    QVERIFY(server.start());
    server.setResponse(200, "OK", R"({"status":"ok","version":"0.1.0","database":"sqlite"})"_ba);

    ApiClient api(m_network.get());
    QVERIFY(api.setBaseUrl(urlFor(server)));
    api.setCaCertificates({ m_ca.certificate });

    const auto result = check(api);
    QVERIFY(!result);
    QCOMPARE(result.error().code, u"bad_health_response"_s);
    QCOMPARE(result.error().field, u"schemaVersion"_s);
}

void TestApiClient::reportsMissingServer()
{
    ApiClient api(m_network.get());
    const auto result = check(api);
    QVERIFY(!result);
    QCOMPARE(result.error().code, u"server_not_configured"_s);
}

void TestApiClient::reportsCaFileProblems()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ApiClient api(m_network.get());
    QVERIFY(api.setBaseUrl(QUrl(u"https://127.0.0.1:1"_s)));

    const auto missing = api.setCaFile(dir.filePath(u"missing.pem"_s));
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, u"ca_file_unreadable"_s);
    auto result = check(api);
    QVERIFY(!result);
    QCOMPARE(result.error().code, u"ca_file_unreadable"_s);

    QFile garbage(dir.filePath(u"garbage.pem"_s));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write("this is not a certificate\n");
    garbage.close();
    QCOMPARE(api.setCaFile(garbage.fileName()).error().code, u"ca_file_invalid"_s);
    result = check(api);
    QVERIFY(!result);
    QCOMPARE(result.error().code, u"ca_file_invalid"_s);

    QFile good(dir.filePath(u"ca.pem"_s));
    QVERIFY(good.open(QIODevice::WriteOnly));
    good.write(m_ca.certificate.toPem());
    good.close();
    QVERIFY(api.setCaFile(good.fileName()));
    QCOMPARE(api.caCertificates(), QList<QSslCertificate> { m_ca.certificate });
}

void TestApiClient::refusesUnsafeBaseUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("plain http") << u"http://127.0.0.1:8443"_s;
    QTest::newRow("no host") << u"https://"_s;
    QTest::newRow("other scheme") << u"ftp://deskpay.example.com"_s;
    QTest::newRow("no scheme") << u"deskpay.example.com"_s;
}

void TestApiClient::refusesUnsafeBaseUrls()
{
    QFETCH(QString, url);
    ApiClient api(m_network.get());
    const auto result = api.setBaseUrl(QUrl(url));
    QVERIFY(!result);
    QCOMPARE(result.error().code, u"bad_server_url"_s);
    QVERIFY(api.baseUrl().isEmpty());
}

void TestApiClient::monitorReportsUpThenDown()
{
    auto server = std::make_unique<TlsTestServer>(m_serverIdentity);
    QVERIFY(server->start());
    server->setResponse(200, "OK", kHealthy);

    ApiClient api(m_network.get());
    QVERIFY(api.setBaseUrl(urlFor(*server)));
    api.setCaCertificates({ m_ca.certificate });
    const QDateTime start = QDateTime(QDate(2030, 1, 2), QTime(3, 4, 5), Qt::UTC);
    ManualClock clock(start);
    HealthMonitor monitor(api, clock, 1h);
    QSignalSpy started(&monitor, &HealthMonitor::checkStarted);
    QSignalSpy changed(&monitor, &HealthMonitor::healthChanged);

    monitor.start();
    QCOMPARE(started.size(), 1);
    QVERIFY(monitor.isChecking());
    monitor.checkNow(); // a second request while one is under way is not sent
    QCOMPARE(started.size(), 1);
    QVERIFY(changed.wait(15'000));
    QVERIFY(!monitor.isChecking());
    QVERIFY(monitor.lastResult().has_value());
    QVERIFY(monitor.lastResult()->has_value());
    QCOMPARE(monitor.lastCheckedAt(), start);
    QCOMPARE(server->requestCount(), 1);

    server.reset(); // the server goes away
    clock.advanceSecs(15);
    changed.clear();
    monitor.checkNow();
    QVERIFY(changed.wait(15'000));
    QVERIFY(!monitor.lastResult()->has_value());
    QCOMPARE(monitor.lastResult()->error().code, u"connection_refused"_s);
    QCOMPARE(monitor.lastCheckedAt(), start.addSecs(15));
    monitor.stop();
}

} // namespace deskpay

QTEST_GUILESS_MAIN(deskpay::TestApiClient)
#include "test_ApiClient.moc"
