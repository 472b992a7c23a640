// Payer login over real TLS: POST /v1/payer/sessions, DELETE /v1/payer/sessions/current and a
// payer-only route — demo payers, no account enumeration, lock-out, expiry, agent tokens
// refused, malformed bodies. The test builds its own Server (independent of ServerInstance).
// Built twice: SQLite and (DESKPAY_TEST_POSTGRES) the PostgreSQL of `./dev test`.

#include "ApiTestClient.h"
#include "ResultTesting.h"
#include "TestDatabase.h"
#include "models/Clock.h"
#include "server/AgentStore.h"
#include "server/Database.h"
#include "server/DemoAgents.h"
#include "server/DemoPayers.h"
#include "server/HttpRouter.h"
#include "server/JsonRequest.h"
#include "server/JsonResponse.h"
#include "server/MigrationRunner.h"
#include "server/PasswordHasher.h"
#include "server/PayerAccountStore.h"
#include "server/PayerAuthRoutes.h"
#include "server/PayerAuthenticator.h"
#include "server/PayerSessionStore.h"
#include "server/Server.h"
#include "server/ServerSecrets.h"
#include "server/SessionStore.h"
#include "server/TlsBootstrap.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;
using deskpay::test::ApiResult;
using deskpay::test::ApiTestClient;
using deskpay::test::TestDatabase;

namespace {

const ScryptParameters Cheap { quint64(1) << 10, 8, 1 };

QByteArray loginBody(const QString &accountId, const QString &password)
{
    return QJsonDocument(QJsonObject { { u"accountId"_s, accountId }, { u"password"_s, password } })
        .toJson(QJsonDocument::Compact);
}

} // namespace

class TestPayerAuthRoutes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void demoPayersLogIn_data();
    void demoPayersLogIn();
    void wrongPasswordAndUnknownAccountLookTheSame();
    void lockOutAfterFiveFailures();
    void sessionExpires();
    void logout();
    void agentTokenIsNotAPayerToken();
    void badAuthorization_data();
    void badAuthorization();
    void malformedBodies_data();
    void malformedBodies();

private:
    [[nodiscard]] QUrl url(const QString &path) const;
    [[nodiscard]] ApiResult login(const QString &accountId, const QString &password);
    [[nodiscard]] QString tokenFor(const QString &accountId, const QString &password);
    void addPayer(const QString &accountId, const QString &password);

    TestDatabase m_testDatabase;
    QTemporaryDir m_dir;
    ManualClock m_clock;
    std::unique_ptr<Database> m_database;
    std::optional<ServerSecrets> m_secrets;
    std::unique_ptr<PasswordHasher> m_hasher;
    std::unique_ptr<PayerAccountStore> m_payers;
    std::unique_ptr<PayerSessionStore> m_sessions;
    std::unique_ptr<PayerAuthenticator> m_authenticator;
    std::unique_ptr<PayerAuthRoutes> m_routes;
    std::unique_ptr<Server> m_server;
    std::unique_ptr<ApiTestClient> m_client;
    QString m_caPath;
};

QUrl TestPayerAuthRoutes::url(const QString &path) const
{
    return QUrl(u"https://127.0.0.1:%1%2"_s.arg(m_server->port()).arg(path));
}

void TestPayerAuthRoutes::initTestCase()
{
    const QString error = m_testDatabase.create();
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
    QVERIFY(m_dir.isValid());
    auto database = Database::open(m_testDatabase.url(), u"payer-routes"_s);
    VERIFY_OK(database);
    m_database = std::move(*database);
    const auto migrations = MigrationRunner::builtIn(m_database->backend());
    VERIFY_OK(migrations);
    VERIFY_OK(MigrationRunner(*migrations, m_clock).migrate(*m_database));
    auto secrets = ServerSecrets::loadOrCreate(m_dir.path());
    VERIFY_OK(secrets);
    m_secrets = std::move(*secrets);

    m_hasher = std::make_unique<PasswordHasher>(Cheap);
    m_payers = std::make_unique<PayerAccountStore>(*m_database, m_clock, *m_secrets);
    m_sessions = std::make_unique<PayerSessionStore>(*m_database, m_clock);
    m_authenticator = std::make_unique<PayerAuthenticator>(*m_payers, *m_sessions);
    m_routes = std::make_unique<PayerAuthRoutes>(
        *m_database, *m_payers, *m_sessions, *m_hasher, *m_authenticator, m_clock, LockoutPolicy {});
    VERIFY_OK(DemoPayers::seed(*m_database, *m_payers, *m_hasher));

    const auto tls = TlsBootstrap(m_clock).ensureLocalCa(m_dir.path(), u"127.0.0.1"_s);
    VERIFY_OK(tls);
    m_caPath = tls->caCertificatePath;
    m_server = std::make_unique<Server>(*m_database, m_clock);
    m_routes->registerOn(m_server->router());
    // A payer-only route, the way the payer request routes guard theirs.
    const PayerAuthenticator &authenticator = *m_authenticator;
    m_server->router().add(HttpRouter::Method::Get, u"/v1/test/payer-me"_s,
        [&authenticator](const HttpRequest &request, const RouteMatch &) {
            const auto payer = authenticator.authenticate(request);
            if (!payer)
                return JsonRequest::errorResponse(payer.error());
            return JsonResponse::ok(QJsonObject { { u"accountId"_s, payer->accountId } });
        });
    VERIFY_OK(m_server->listen({ QHostAddress::LocalHost }, 0, *tls));
    m_client = std::make_unique<ApiTestClient>(m_caPath);
}

void TestPayerAuthRoutes::cleanupTestCase()
{
    m_client.reset();
    m_server.reset();
    m_routes.reset();
    m_authenticator.reset();
    m_sessions.reset();
    m_payers.reset();
    m_database.reset();
}

ApiResult TestPayerAuthRoutes::login(const QString &accountId, const QString &password)
{
    return m_client->postJson(url(u"/v1/payer/sessions"_s), loginBody(accountId, password));
}

QString TestPayerAuthRoutes::tokenFor(const QString &accountId, const QString &password)
{
    const ApiResult result = login(accountId, password);
    return result.status == 201 ? result.json().value(u"token"_s).toString() : QString();
}

void TestPayerAuthRoutes::addPayer(const QString &accountId, const QString &password)
{
    const auto added
        = m_payers->add(Payer(accountId, RealNameId(u"李娜"_s, DocumentType::CnResidentId, u"310115199003072581"_s)),
            u"email"_s, u"li.na@example.com"_s, m_hasher->hash(password.toUtf8()).value());
    QVERIFY2(bool(added), added ? "" : qPrintable(added.error().message));
}

void TestPayerAuthRoutes::demoPayersLogIn_data()
{
    QTest::addColumn<QString>("accountId");
    QTest::newRow("payer1") << u"payer1"_s;
    QTest::newRow("payer2") << u"payer2"_s;
    QTest::newRow("payer3 (passport)") << u"payer3"_s;
}

void TestPayerAuthRoutes::demoPayersLogIn()
{
    QFETCH(QString, accountId);
    const ApiResult result = login(accountId, QString(DemoAgents::Password));
    QCOMPARE(result.status, 201);
    QCOMPARE(result.contentType, "application/json"_ba);
    const QJsonObject body = result.json();
    QCOMPARE(body.keys(), (QStringList { u"accountId"_s, u"expiresAt"_s, u"token"_s }));
    QCOMPARE(body.value(u"accountId"_s).toString(), accountId);
    QCOMPARE(body.value(u"token"_s).toString().size(), 43);
    QCOMPARE(QDateTime::fromString(body.value(u"expiresAt"_s).toString(), Qt::ISODate),
        m_clock.now().addSecs(30 * 60).addMSecs(-m_clock.now().time().msec()));
    const ApiResult me = m_client->request(
        "GET"_ba, url(u"/v1/test/payer-me"_s), {}, ApiTestClient::bearer(body.value(u"token"_s).toString()));
    QCOMPARE(me.status, 200);
    QCOMPARE(me.json().value(u"accountId"_s).toString(), accountId);
}

void TestPayerAuthRoutes::wrongPasswordAndUnknownAccountLookTheSame()
{
    addPayer(u"carol.payer"_s, u"carol-password"_s);
    const ApiResult wrong = login(u"carol.payer"_s, u"not-her-password"_s);
    const ApiResult unknown = login(u"nobody.here"_s, u"not-her-password"_s);
    // Account ids are exact: another case is an unknown account.
    const ApiResult otherCase = login(u"Carol.Payer"_s, u"carol-password"_s);
    QCOMPARE(wrong.status, 401);
    QCOMPARE(wrong.errorCode(), u"invalid_credentials"_s);
    QCOMPARE(unknown.body, wrong.body); // byte for byte
    QCOMPARE(otherCase.body, wrong.body);
    QCOMPARE(tokenFor(u"carol.payer"_s, u"carol-password"_s).size(), 43);
}

void TestPayerAuthRoutes::lockOutAfterFiveFailures()
{
    addPayer(u"dave.payer"_s, u"dave-password"_s);
    for (int i = 0; i < 5; ++i) {
        m_clock.advanceSecs(30);
        const ApiResult result = login(u"dave.payer"_s, u"guess-%1"_s.arg(i));
        QCOMPARE(result.status, 401);
        QCOMPARE(result.errorCode(), u"invalid_credentials"_s);
    }
    const ApiResult locked = login(u"dave.payer"_s, u"dave-password"_s);
    QCOMPARE(locked.status, 423);
    QCOMPARE(locked.errorCode(), u"account_locked"_s);
    QCOMPARE(locked.retryAfter, "900"_ba);
    // Other payers are not affected.
    QCOMPARE(login(u"payer1"_s, QString(DemoAgents::Password)).status, 201);
    m_clock.advanceSecs(15 * 60 - 1);
    QCOMPARE(login(u"dave.payer"_s, u"dave-password"_s).status, 423);
    m_clock.advanceSecs(1);
    QCOMPARE(login(u"dave.payer"_s, u"dave-password"_s).status, 201);
}

void TestPayerAuthRoutes::sessionExpires()
{
    const QString token = tokenFor(u"payer2"_s, QString(DemoAgents::Password));
    QVERIFY(!token.isEmpty());
    m_clock.advanceSecs(29 * 60);
    QCOMPARE(m_client->request("GET"_ba, url(u"/v1/test/payer-me"_s), {}, ApiTestClient::bearer(token)).status, 200);
    m_clock.advanceSecs(31 * 60);
    const ApiResult expired
        = m_client->request("GET"_ba, url(u"/v1/test/payer-me"_s), {}, ApiTestClient::bearer(token));
    QCOMPARE(expired.status, 401);
    QCOMPARE(expired.errorCode(), u"session_expired"_s);
}

void TestPayerAuthRoutes::logout()
{
    const QString token = tokenFor(u"payer3"_s, QString(DemoAgents::Password));
    QVERIFY(!token.isEmpty());
    const QString other = tokenFor(u"payer3"_s, QString(DemoAgents::Password));
    const ApiResult out
        = m_client->request("DELETE"_ba, url(u"/v1/payer/sessions/current"_s), {}, ApiTestClient::bearer(token));
    QCOMPARE(out.status, 204);
    const ApiResult after = m_client->request("GET"_ba, url(u"/v1/test/payer-me"_s), {}, ApiTestClient::bearer(token));
    QCOMPARE(after.status, 401);
    QCOMPARE(after.errorCode(), u"unauthenticated"_s);
    // Only that session ended.
    QCOMPARE(m_client->request("GET"_ba, url(u"/v1/test/payer-me"_s), {}, ApiTestClient::bearer(other)).status, 200);
    QCOMPARE(m_client->request("DELETE"_ba, url(u"/v1/payer/sessions/current"_s)).status, 401);
}

void TestPayerAuthRoutes::agentTokenIsNotAPayerToken()
{
    const AgentStore agents(*m_database, m_clock);
    const auto agent = agents.create(NewAgent { u"agent9"_s, {}, AgentRole::Agent, u"DESK-09"_s, u"h"_s });
    VERIFY_OK(agent);
    const auto session = SessionStore(*m_database, m_clock).create(agent->id);
    VERIFY_OK(session);
    const ApiResult refused
        = m_client->request("GET"_ba, url(u"/v1/test/payer-me"_s), {}, ApiTestClient::bearer(session->token));
    QCOMPARE(refused.status, 401);
    QCOMPARE(refused.errorCode(), u"unauthenticated"_s);
}

void TestPayerAuthRoutes::badAuthorization_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::newRow("none") << QByteArray();
    QTest::newRow("basic") << "Basic cGF5ZXIxOng="_ba;
    QTest::newRow("bearer without token") << "Bearer"_ba;
    QTest::newRow("malformed token") << "Bearer not-a-token"_ba;
    QTest::newRow("unknown token") << ("Bearer "_ba + QByteArray(43, 'A'));
}

void TestPayerAuthRoutes::badAuthorization()
{
    QFETCH(QByteArray, header);
    ApiTestClient::Headers headers;
    if (!header.isEmpty())
        headers.append({ "Authorization"_ba, header });
    const ApiResult result = m_client->request("GET"_ba, url(u"/v1/test/payer-me"_s), {}, headers);
    QCOMPARE(result.status, 401);
    QCOMPARE(result.errorCode(), u"unauthenticated"_s);
}

void TestPayerAuthRoutes::malformedBodies_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("issueField");
    const QByteArray json = "application/json"_ba;
    QTest::newRow("not JSON") << json << "accountId=payer1"_ba << 400 << u"invalid_json"_s << QString();
    QTest::newRow("agent field names") << json << R"({"username":"payer1","password":"pw"})"_ba << 422
                                       << u"validation_failed"_s << u"accountId"_s;
    QTest::newRow("wrong type") << json << R"({"accountId":1,"password":"pw"})"_ba << 422 << u"validation_failed"_s
                                << u"accountId"_s;
    QTest::newRow("extra field") << json << R"({"accountId":"payer1","password":"pw","x":1})"_ba << 422
                                 << u"validation_failed"_s << u"x"_s;
    QTest::newRow("missing password") << json << R"({"accountId":"payer1"})"_ba << 422 << u"validation_failed"_s
                                      << u"password"_s;
    QTest::newRow("text/plain") << "text/plain"_ba
                                << R"({"accountId":"payer1","password":"pw"})"_ba << 415 << u"unsupported_media_type"_s
                                << QString();
}

void TestPayerAuthRoutes::malformedBodies()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, issueField);
    const ApiResult result
        = m_client->request("POST"_ba, url(u"/v1/payer/sessions"_s), body, { { "Content-Type"_ba, contentType } });
    QCOMPARE(result.status, status);
    QCOMPARE(result.errorCode(), code);
    if (!issueField.isEmpty())
        QCOMPARE(result.issues().at(0).toObject().value(u"field"_s).toString(), issueField);
}

QTEST_GUILESS_MAIN(TestPayerAuthRoutes)
#include "test_PayerAuthRoutes.moc"
