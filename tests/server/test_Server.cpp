// The server in-process over real TLS: health, 404/405 bodies, trust and hostname checks.

#include "ResultTesting.h"
#include "TlsTestClient.h"
#include "models/Clock.h"
#include "server/CertificateFactory.h"
#include "server/Database.h"
#include "server/HttpRouter.h"
#include "server/JsonResponse.h"
#include "server/MigrationRunner.h"
#include "server/Server.h"
#include "server/ServerInstance.h"

#include <QFile>
#include <QSqlDatabase>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;
using deskpay::test::TlsTestClient;

class TestServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void health_data();
    void health();
    void notFound_data();
    void notFound();
    void methodNotAllowed();
    void hugeHeadersAreRefused();
    void routeParameters();
    void clientWithoutTheCaIsRefused();
    void certificateForAnotherHostIsRefused();
    void listensOnBothLoopbacksForLocalhost();
    void portInUseIsAnError();
    void healthReportsADeadDatabase();

private:
    [[nodiscard]] QUrl url(const QString &path, const QString &host = u"127.0.0.1"_s) const;

    QTemporaryDir m_dir;
    // Now, not a fixed date: the clock also dates the certificates the client checks.
    ManualClock m_clock;
    std::unique_ptr<ServerInstance> m_instance;
};

QUrl TestServer::url(const QString &path, const QString &host) const
{
    QUrl result;
    result.setScheme(u"https"_s);
    result.setHost(host);
    result.setPort(m_instance->port());
    result.setPath(path, QUrl::TolerantMode); // keeps %2F and friends as sent
    return result;
}

void TestServer::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ServerOptions options;
    options.dataDir = m_dir.path();
    options.listen = ListenAddress::parse(u"127.0.0.1:0"_s).value();
    auto instance = ServerInstance::start(options, m_clock);
    VERIFY_OK(instance);
    m_instance = std::move(*instance);
    QVERIFY(m_instance->port() != 0);
    QCOMPARE(m_instance->url(), u"https://127.0.0.1:%1"_s.arg(m_instance->port()));
    QVERIFY(QFile::exists(m_instance->caCertificatePath()));

    // A route the way later features add theirs, to check parameters and method handling.
    m_instance->server().router().add(
        HttpRouter::Method::Post, u"/v1/things/{id}/poke"_s, [](const HttpRequest &, const RouteMatch &match) {
            return JsonResponse::ok(QJsonObject { { u"id"_s, match.value(u"id"_s) } });
        });
}

void TestServer::cleanupTestCase()
{
    m_instance.reset();
}

void TestServer::health_data()
{
    QTest::addColumn<QString>("host");
    QTest::newRow("by address") << u"127.0.0.1"_s;
    QTest::newRow("by name") << u"localhost"_s;
}

void TestServer::health()
{
    QFETCH(QString, host);
    TlsTestClient client(m_instance->caCertificatePath());
    const auto result = client.get(url(u"/v1/health"_s, host));
    QVERIFY2(result.finished, "no answer");
    QVERIFY2(result.error == QNetworkReply::NoError, qPrintable(result.errorString));
    QVERIFY(result.sslErrors.isEmpty());
    QCOMPARE(result.status, 200);
    QCOMPARE(result.contentType, "application/json"_ba);
    const QJsonObject body = result.json();
    QCOMPARE(body.value(u"status"_s).toString(), u"ok"_s);
    QCOMPARE(body.value(u"version"_s).toString(), Server::version());
    QCOMPARE(body.value(u"database"_s).toString(), u"sqlite"_s);
    QCOMPARE(body.value(u"schemaVersion"_s).toInt(),
        MigrationRunner::builtIn(DatabaseBackend::Sqlite).value().constLast().version);
    m_clock.advanceSecs(90);
    const auto later = client.get(url(u"/v1/health"_s, host));
    QCOMPARE(later.json().value(u"time"_s).toString(), m_clock.now().toString(Qt::ISODateWithMs)); // injected
    QVERIFY(later.json().value(u"time"_s).toString().endsWith(u'Z'));
    QCOMPARE(body.size(), 5);
}

void TestServer::notFound_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    QTest::newRow("unknown path") << "GET"_ba << u"/v1/nothing-here"_s;
    QTest::newRow("root") << "GET"_ba << u"/"_s;
    QTest::newRow("trailing slash") << "GET"_ba << u"/v1/health/"_s;
    QTest::newRow("deeper") << "GET"_ba << u"/v1/health/more"_s;
    QTest::newRow("unknown with POST") << "POST"_ba << u"/v1/orderz"_s;
    QTest::newRow("empty parameter") << "POST"_ba << u"/v1/things//poke"_s;
}

void TestServer::notFound()
{
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    TlsTestClient client(m_instance->caCertificatePath());
    const auto result = client.request(verb, url(path), verb == "POST" ? "{}"_ba : QByteArray());
    QCOMPARE(result.status, 404);
    QCOMPARE(result.contentType, "application/json"_ba);
    QCOMPARE(result.json().keys(), QStringList { u"error"_s });
    const QJsonObject body = result.json().value(u"error"_s).toObject();
    QCOMPARE(body.value(u"code"_s).toString(), u"not_found"_s);
    QVERIFY(body.value(u"message"_s).toString().contains(path));
    QCOMPARE(body.keys(), (QStringList { u"code"_s, u"message"_s }));
}

void TestServer::methodNotAllowed()
{
    TlsTestClient client(m_instance->caCertificatePath());
    const auto post = client.request("POST"_ba, url(u"/v1/health"_s), "{}"_ba);
    QCOMPARE(post.status, 405);
    QCOMPARE(post.allow, "GET"_ba);
    QCOMPARE(post.json().value(u"error"_s).toObject().value(u"code"_s).toString(), u"method_not_allowed"_s);
    QVERIFY(post.json().value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"POST"_s));

    const auto del = client.request("DELETE"_ba, url(u"/v1/things/7/poke"_s));
    QCOMPARE(del.status, 405);
    QCOMPARE(del.allow, "POST"_ba);
    QCOMPARE(del.json().value(u"error"_s).toObject().value(u"code"_s).toString(), u"method_not_allowed"_s);
}

void TestServer::routeParameters()
{
    TlsTestClient client(m_instance->caCertificatePath());
    const auto result = client.request("POST"_ba, url(u"/v1/things/a%2Fb%20c/poke"_s), "{}"_ba);
    QCOMPARE(result.status, 200);
    QCOMPARE(result.json().value(u"id"_s).toString(), u"a/b c"_s);
}

void TestServer::clientWithoutTheCaIsRefused()
{
    TlsTestClient client; // the system's CAs only
    const auto result = client.get(url(u"/v1/health"_s));
    QVERIFY(result.finished);
    QCOMPARE(result.error, QNetworkReply::SslHandshakeFailedError);
    QVERIFY(!result.sslErrors.isEmpty());
    QCOMPARE(result.status, 0);
    QVERIFY(result.body.isEmpty());
}

void TestServer::certificateForAnotherHostIsRefused()
{
    // A second server whose certificate (from the same kind of CA) names only pay.example:
    // trusting the CA is not enough, the name must match too.
    QTemporaryDir dir;
    const CertificateFactory factory(m_clock);
    const QByteArray caKey = CertificateFactory::generateKey().value();
    const QByteArray ca = factory.createCaCertificate(caKey, u"Other CA"_s, 30).value();
    const QByteArray key = CertificateFactory::generateKey().value();
    const QByteArray certificate = factory.createServerCertificate(key, ca, caKey, { u"pay.example"_s }, 30).value();
    for (const auto &[name, data] :
        { std::pair { u"c.pem"_s, certificate }, std::pair { u"k.pem"_s, key }, std::pair { u"ca.pem"_s, ca } }) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(data);
    }
    ServerOptions options;
    options.dataDir = dir.path();
    options.listen = ListenAddress::parse(u"127.0.0.1:0"_s).value();
    options.tlsCertificate = dir.filePath(u"c.pem"_s);
    options.tlsKey = dir.filePath(u"k.pem"_s);
    options.tlsCa = dir.filePath(u"ca.pem"_s);
    auto other = ServerInstance::start(options, m_clock);
    VERIFY_OK(other);
    QCOMPARE((*other)->caCertificatePath(), dir.filePath(u"ca.pem"_s));

    TlsTestClient client((*other)->caCertificatePath());
    const auto result = client.get(QUrl(u"https://127.0.0.1:%1/v1/health"_s.arg((*other)->port())));
    QCOMPARE(result.error, QNetworkReply::SslHandshakeFailedError);
    QVERIFY(std::any_of(result.sslErrors.cbegin(), result.sslErrors.cend(),
        [](const QSslError &e) { return e.error() == QSslError::HostNameMismatch; }));
}

void TestServer::listensOnBothLoopbacksForLocalhost()
{
    QTemporaryDir dir;
    ServerOptions options;
    options.dataDir = dir.path();
    options.listen = ListenAddress::parse(u"localhost:0"_s).value();
    auto instance = ServerInstance::start(options, m_clock);
    VERIFY_OK(instance);
    TlsTestClient client((*instance)->caCertificatePath());
    QCOMPARE(client.get(QUrl(u"https://127.0.0.1:%1/v1/health"_s.arg((*instance)->port()))).status, 200);
    if (QHostAddress(QHostAddress::LocalHostIPv6).isLoopback() && QTcpServer().listen(QHostAddress::LocalHostIPv6))
        QCOMPARE(client.get(QUrl(u"https://[::1]:%1/v1/health"_s.arg((*instance)->port()))).status, 200);
}

void TestServer::portInUseIsAnError()
{
    QTemporaryDir dir;
    ServerOptions options;
    options.dataDir = dir.path();
    options.listen = ListenAddress::parse(u"127.0.0.1:%1"_s.arg(m_instance->port())).value();
    const auto second = ServerInstance::start(options, m_clock);
    QVERIFY(!second);
    QCOMPARE(second.error().code, u"address_in_use"_s);
    QVERIFY(second.error().message.contains(QString::number(m_instance->port())));
}

void TestServer::healthReportsADeadDatabase()
{
    QTemporaryDir dir;
    ServerOptions options;
    options.dataDir = dir.path();
    options.listen = ListenAddress::parse(u"127.0.0.1:0"_s).value();
    auto instance = ServerInstance::start(options, m_clock);
    VERIFY_OK(instance);
    TlsTestClient client((*instance)->caCertificatePath());
    const QUrl health(u"https://127.0.0.1:%1/v1/health"_s.arg((*instance)->port()));
    QCOMPARE(client.get(health).status, 200);

    (*instance)->database().close();
    const auto result = client.get(health);
    QCOMPARE(result.status, 503);
    QCOMPARE(result.json().value(u"error"_s).toObject().value(u"code"_s).toString(), u"database_unavailable"_s);
}

void TestServer::hugeHeadersAreRefused()
{
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates(QSslCertificate::fromPath(m_instance->caCertificatePath()));
    QNetworkRequest request(url(u"/v1/health"_s));
    request.setSslConfiguration(ssl);
    request.setRawHeader("X-Padding", QByteArray(40 * 1024, 'a'));
    QNetworkReply *reply = manager.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(reply->isFinished() || finished.wait(20000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 431);
    QCOMPARE(QJsonDocument::fromJson(reply->readAll()).object().value(u"error"_s).toObject().value(u"code"_s).toString(),
        u"header_too_large"_s);
    reply->deleteLater();
}

QTEST_GUILESS_MAIN(TestServer)
#include "test_Server.moc"
