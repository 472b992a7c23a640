// Logging in, sessions and roles over real TLS: POST /v1/sessions, GET /v1/me,
// DELETE /v1/sessions/current, lock-out, expiry and every malformed body with its code.
// Built twice: on SQLite and (DESKPAY_TEST_POSTGRES) on the PostgreSQL of `./dev test`.

#include "ApiTestClient.h"
#include "ResultTesting.h"
#include "TestDatabase.h"
#include "models/Clock.h"
#include "server/AgentStore.h"
#include "server/Authenticator.h"
#include "server/DemoAgents.h"
#include "server/HttpRouter.h"
#include "server/JsonRequest.h"
#include "server/JsonResponse.h"
#include "server/PasswordHasher.h"
#include "server/Server.h"
#include "server/ServerInstance.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;
using deskpay::test::ApiResult;
using deskpay::test::ApiTestClient;
using deskpay::test::TestDatabase;

namespace {

const ScryptParameters Cheap { quint64(1) << 10, 8, 1 };

QByteArray loginBody(const QString &username, const QString &password)
{
    return QJsonDocument(QJsonObject { { u"username"_s, username }, { u"password"_s, password } })
        .toJson(QJsonDocument::Compact);
}

} // namespace

class TestAuthRoutes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void demoAgentsLogIn_data();
    void demoAgentsLogIn();
    void demoSeedingIsIdempotent();
    void wrongPasswordAndUnknownUserLookTheSame();
    void unknownUserTakesAsLongAsAWrongPassword();
    void repeatedFailuresSlowDown();
    void lockOutAfterFiveFailures();
    void expiredSession();
    void logout();
    void badAuthorization_data();
    void badAuthorization();
    void roleIsEnforced();
    void weakerHashIsRenewedAtLogin();
    void malformedBodies_data();
    void malformedBodies();

private:
    [[nodiscard]] QUrl url(const QString &path) const;
    void addAgent(const QString &username, const QString &password, AgentRole role = AgentRole::Agent);
    [[nodiscard]] ApiResult login(const QString &username, const QString &password);
    [[nodiscard]] QString tokenFor(const QString &username, const QString &password);

    TestDatabase m_testDatabase;
    QTemporaryDir m_dir;
    ManualClock m_clock; // now: it also dates the server's certificates
    ServerOptions m_options;
    std::unique_ptr<ServerInstance> m_instance;
    std::unique_ptr<ApiTestClient> m_client;
};

QUrl TestAuthRoutes::url(const QString &path) const
{
    return QUrl(u"%1%2"_s.arg(m_instance->url(), path));
}

void TestAuthRoutes::initTestCase()
{
    const QString error = m_testDatabase.create();
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
    QVERIFY(m_dir.isValid());
    m_options.dataDir = m_dir.path();
    m_options.listen = ListenAddress::parse(u"127.0.0.1:0"_s).value();
    m_options.database = m_testDatabase.url();
    m_options.passwordHashing = Cheap;
    m_options.demo = true;
    auto instance = ServerInstance::start(m_options, m_clock);
    VERIFY_OK(instance);
    m_instance = std::move(*instance);
    m_client = std::make_unique<ApiTestClient>(m_instance->caCertificatePath());

    // A supervisor-only route, the way later features guard theirs.
    const Authenticator &authenticator = m_instance->authenticator();
    m_instance->server().router().add(HttpRouter::Method::Get, u"/v1/test/supervisors-only"_s,
        [&authenticator](const HttpRequest &request, const RouteMatch &) {
            const auto caller = authenticator.authenticate(request);
            if (!caller)
                return JsonRequest::errorResponse(caller.error());
            if (auto allowed = Authenticator::requireRole(*caller, AgentRole::Supervisor); !allowed)
                return JsonRequest::errorResponse(allowed.error());
            return JsonResponse::ok(QJsonObject { { u"ok"_s, true } });
        });
}

void TestAuthRoutes::cleanupTestCase()
{
    m_client.reset();
    m_instance.reset();
}

void TestAuthRoutes::addAgent(const QString &username, const QString &password, AgentRole role)
{
    const QString hash = PasswordHasher(Cheap).hash(password.toUtf8()).value();
    const auto agent = m_instance->agents().create(NewAgent { username, {}, role, u"DESK-99"_s, hash });
    QVERIFY2(bool(agent), agent ? "" : qPrintable(agent.error().message));
}

ApiResult TestAuthRoutes::login(const QString &username, const QString &password)
{
    return m_client->postJson(url(u"/v1/sessions"_s), loginBody(username, password));
}

QString TestAuthRoutes::tokenFor(const QString &username, const QString &password)
{
    const ApiResult result = login(username, password);
    return result.status == 201 ? result.json().value(u"token"_s).toString() : QString();
}

void TestAuthRoutes::demoAgentsLogIn_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("desk");
    QTest::newRow("agent1") << u"agent1"_s << u"agent"_s << u"DESK-01"_s;
    QTest::newRow("agent2 typed in capitals") << u"AGENT2"_s << u"agent"_s << u"DESK-02"_s;
    QTest::newRow("super1") << u"super1"_s << u"supervisor"_s << u"DESK-01"_s;
}

void TestAuthRoutes::demoAgentsLogIn()
{
    QFETCH(QString, username);
    QFETCH(QString, role);
    QFETCH(QString, desk);
    const ApiResult result = login(username, QString(DemoAgents::Password));
    QCOMPARE(result.status, 201);
    QCOMPARE(result.contentType, "application/json"_ba);
    const QJsonObject body = result.json();
    QCOMPARE(body.keys(),
        (QStringList { u"deskId"_s, u"displayName"_s, u"expiresAt"_s, u"role"_s, u"token"_s, u"username"_s }));
    const QString token = body.value(u"token"_s).toString();
    QCOMPARE(token.size(), 43);
    QCOMPARE(body.value(u"role"_s).toString(), role);
    QCOMPARE(body.value(u"username"_s).toString(), username.toLower());
    QCOMPARE(body.value(u"deskId"_s).toString(), desk);
    QCOMPARE(QDateTime::fromString(body.value(u"expiresAt"_s).toString(), Qt::ISODate),
        m_clock.now().addSecs(8 * 3600).addMSecs(-m_clock.now().time().msec()));

    const ApiResult me = m_client->request("GET"_ba, url(u"/v1/me"_s), {}, ApiTestClient::bearer(token));
    QCOMPARE(me.status, 200);
    QCOMPARE(me.json().value(u"username"_s).toString(), username.toLower());
    QCOMPARE(me.json().value(u"role"_s).toString(), role);
    QCOMPARE(me.json().value(u"deskId"_s).toString(), desk);
    QVERIFY(!me.json().contains(u"token"_s));
}

void TestAuthRoutes::demoSeedingIsIdempotent()
{
    // A second start with --demo on the same database adds nothing and changes nothing.
    const QString before = m_instance->agents().findByUsername(u"agent1"_s).value()->passwordHash;
    QTemporaryDir dir;
    ServerOptions options = m_options;
    options.dataDir = dir.path();
    auto second = ServerInstance::start(options, m_clock);
    VERIFY_OK(second);
    const auto agents = (*second)->agents().list();
    VERIFY_OK(agents);
    QStringList names;
    for (const Agent &agent : *agents)
        if (agent.username == u"agent1"_s || agent.username == u"agent2"_s || agent.username == u"super1"_s)
            names.append(agent.username);
    QCOMPARE(names, (QStringList { u"agent1"_s, u"agent2"_s, u"super1"_s }));
    QCOMPARE(m_instance->agents().findByUsername(u"agent1"_s).value()->passwordHash, before);
}

void TestAuthRoutes::wrongPasswordAndUnknownUserLookTheSame()
{
    addAgent(u"carol"_s, u"carol-password"_s);
    const ApiResult wrong = login(u"carol"_s, u"not-her-password"_s);
    const ApiResult unknown = login(u"nobody-here"_s, u"not-her-password"_s);
    QCOMPARE(wrong.status, 401);
    QCOMPARE(unknown.status, 401);
    QCOMPARE(wrong.errorCode(), u"invalid_credentials"_s);
    QCOMPARE(unknown.body, wrong.body); // byte for byte
    QVERIFY(wrong.retryAfter.isEmpty());
    QCOMPARE(tokenFor(u"carol"_s, u"carol-password"_s).size(), 43);
}

void TestAuthRoutes::unknownUserTakesAsLongAsAWrongPassword()
{
    // With the production scrypt cost (~100 ms), so the hash dominates the round trip.
    QTemporaryDir dir;
    ServerOptions options;
    options.dataDir = dir.path();
    options.listen = ListenAddress::parse(u"127.0.0.1:0"_s).value();
    auto instance = ServerInstance::start(options, m_clock);
    VERIFY_OK(instance);
    const QString hash = PasswordHasher().hash("henry-password").value();
    VERIFY_OK((*instance)->agents().create(NewAgent { u"henry"_s, {}, AgentRole::Agent, u"DESK-04"_s, hash }));
    ApiTestClient client((*instance)->caCertificatePath());
    const QUrl sessions((*instance)->url() + u"/v1/sessions"_s);
    QList<qint64> wrong, unknown;
    for (int i = 0; i < 3; ++i) {
        m_clock.advanceSecs(10); // past the slow-down of repeated failures
        const ApiResult w = client.postJson(sessions, loginBody(u"henry"_s, u"wrong-%1"_s.arg(i)));
        const ApiResult u = client.postJson(sessions, loginBody(u"nobody-%1"_s.arg(i), u"wrong"_s));
        QCOMPARE(w.status, 401);
        QCOMPARE(u.body, w.body);
        wrong.append(w.elapsedMs);
        unknown.append(u.elapsedMs);
    }
    std::sort(wrong.begin(), wrong.end());
    std::sort(unknown.begin(), unknown.end());
    qInfo("median login refusal: wrong password %lld ms, unknown user %lld ms", wrong.at(1), unknown.at(1));
    // Loose bounds for a shared, busy machine; without the dummy hash the ratio is near 0.
    QVERIFY2(unknown.at(1) * 5 >= wrong.at(1) * 2 && unknown.at(1) <= wrong.at(1) * 3,
        qPrintable(u"wrong %1 ms, unknown %2 ms"_s.arg(wrong.at(1)).arg(unknown.at(1))));
}

void TestAuthRoutes::repeatedFailuresSlowDown()
{
    addAgent(u"slowpoke"_s, u"slowpoke-password"_s);
    // Two free guesses, then 1 s, 2 s, 4 s between them; an early one is not even checked.
    QCOMPARE(login(u"slowpoke"_s, u"guess-1"_s).status, 401);
    QCOMPARE(login(u"slowpoke"_s, u"guess-2"_s).status, 401);
    const ApiResult early = login(u"slowpoke"_s, u"slowpoke-password"_s);
    QCOMPARE(early.status, 429);
    QCOMPARE(early.errorCode(), u"rate_limited"_s);
    QCOMPARE(early.retryAfter, "1"_ba);
    m_clock.advanceSecs(1);
    QCOMPARE(login(u"slowpoke"_s, u"guess-3"_s).status, 401);
    QCOMPARE(login(u"slowpoke"_s, u"guess-4"_s).retryAfter, "2"_ba);
    m_clock.advanceSecs(2);
    // A success forgets the run.
    QCOMPARE(login(u"slowpoke"_s, u"slowpoke-password"_s).status, 201);
    QCOMPARE(login(u"slowpoke"_s, u"guess-5"_s).status, 401);
    QCOMPARE(login(u"slowpoke"_s, u"guess-6"_s).status, 401);
    // Unknown names are slowed down the same way, so the answers tell nothing.
    QCOMPARE(login(u"nobody-slow"_s, u"a"_s).status, 401);
    QCOMPARE(login(u"nobody-slow"_s, u"b"_s).status, 401);
    QCOMPARE(login(u"nobody-slow"_s, u"c"_s).status, 429);
    // Others are not affected.
    QCOMPARE(login(u"agent1"_s, QString(DemoAgents::Password)).status, 201);
}

void TestAuthRoutes::lockOutAfterFiveFailures()
{
    addAgent(u"dave"_s, u"dave-password"_s);
    for (int i = 0; i < 5; ++i) {
        m_clock.advanceSecs(30);
        const ApiResult result = login(u"dave"_s, u"guess-%1"_s.arg(i));
        QCOMPARE(result.status, 401);
        QCOMPARE(result.errorCode(), u"invalid_credentials"_s);
    }
    // Locked: even the right password is refused, with when to come back.
    const ApiResult locked = login(u"dave"_s, u"dave-password"_s);
    QCOMPARE(locked.status, 423);
    QCOMPARE(locked.errorCode(), u"account_locked"_s);
    QCOMPARE(locked.retryAfter, "900"_ba);
    QCOMPARE(login(u"dave"_s, u"wrong again"_s).status, 423);
    // Others are not affected.
    QCOMPARE(login(u"agent1"_s, QString(DemoAgents::Password)).status, 201);

    m_clock.advanceSecs(15 * 60 - 1);
    QCOMPARE(login(u"dave"_s, u"dave-password"_s).status, 423);
    m_clock.advanceSecs(1);
    const ApiResult unlocked = login(u"dave"_s, u"dave-password"_s);
    QCOMPARE(unlocked.status, 201);
    // The count started afresh: four new failures do not lock again.
    for (int i = 0; i < 4; ++i) {
        m_clock.advanceSecs(10);
        QCOMPARE(login(u"dave"_s, u"x"_s).status, 401);
    }
    m_clock.advanceSecs(10);
    QCOMPARE(login(u"dave"_s, u"dave-password"_s).status, 201);
}

void TestAuthRoutes::expiredSession()
{
    addAgent(u"erin"_s, u"erin-password"_s);
    const QString token = tokenFor(u"erin"_s, u"erin-password"_s);
    QVERIFY(!token.isEmpty());
    m_clock.advanceSecs(8 * 3600 + 1);
    const ApiResult me = m_client->request("GET"_ba, url(u"/v1/me"_s), {}, ApiTestClient::bearer(token));
    QCOMPARE(me.status, 401);
    QCOMPARE(me.errorCode(), u"session_expired"_s);
}

void TestAuthRoutes::logout()
{
    addAgent(u"frank"_s, u"frank-password"_s);
    const QString token = tokenFor(u"frank"_s, u"frank-password"_s);
    const QString other = tokenFor(u"frank"_s, u"frank-password"_s);
    const ApiResult out
        = m_client->request("DELETE"_ba, url(u"/v1/sessions/current"_s), {}, ApiTestClient::bearer(token));
    QCOMPARE(out.status, 204);
    QVERIFY(out.body.isEmpty());
    const ApiResult me = m_client->request("GET"_ba, url(u"/v1/me"_s), {}, ApiTestClient::bearer(token));
    QCOMPARE(me.status, 401);
    QCOMPARE(me.errorCode(), u"unauthenticated"_s);
    // Only that session ended.
    QCOMPARE(m_client->request("GET"_ba, url(u"/v1/me"_s), {}, ApiTestClient::bearer(other)).status, 200);
    const ApiResult again
        = m_client->request("DELETE"_ba, url(u"/v1/sessions/current"_s), {}, ApiTestClient::bearer(token));
    QCOMPARE(again.status, 401);
}

void TestAuthRoutes::badAuthorization_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::newRow("none") << QByteArray();
    QTest::newRow("basic") << "Basic YWdlbnQxOnB3"_ba;
    QTest::newRow("bearer without token") << "Bearer"_ba;
    QTest::newRow("malformed token") << "Bearer abc$def"_ba;
    QTest::newRow("unknown token") << ("Bearer "_ba + QByteArray(43, 'A'));
}

void TestAuthRoutes::badAuthorization()
{
    QFETCH(QByteArray, header);
    ApiTestClient::Headers headers;
    if (!header.isEmpty())
        headers.append({ "Authorization"_ba, header });
    const ApiResult me = m_client->request("GET"_ba, url(u"/v1/me"_s), {}, headers);
    QCOMPARE(me.status, 401);
    QCOMPARE(me.errorCode(), u"unauthenticated"_s);
}

void TestAuthRoutes::roleIsEnforced()
{
    const QString agent = tokenFor(u"agent2"_s, QString(DemoAgents::Password));
    const QString supervisor = tokenFor(u"super1"_s, QString(DemoAgents::Password));
    const ApiResult refused
        = m_client->request("GET"_ba, url(u"/v1/test/supervisors-only"_s), {}, ApiTestClient::bearer(agent));
    QCOMPARE(refused.status, 403);
    QCOMPARE(refused.errorCode(), u"forbidden"_s);
    const ApiResult allowed
        = m_client->request("GET"_ba, url(u"/v1/test/supervisors-only"_s), {}, ApiTestClient::bearer(supervisor));
    QCOMPARE(allowed.status, 200);
}

void TestAuthRoutes::weakerHashIsRenewedAtLogin()
{
    const QString old = PasswordHasher(ScryptParameters { quint64(1) << 9, 8, 1 }).hash("gina-password").value();
    VERIFY_OK(m_instance->agents().create(NewAgent { u"gina"_s, {}, AgentRole::Agent, u"DESK-03"_s, old }));
    QCOMPARE(login(u"gina"_s, u"wrong-password"_s).status, 401);
    QCOMPARE(m_instance->agents().findByUsername(u"gina"_s).value()->passwordHash, old); // only after a good login
    QCOMPARE(login(u"gina"_s, u"gina-password"_s).status, 201);
    const QString renewed = m_instance->agents().findByUsername(u"gina"_s).value()->passwordHash;
    QVERIFY(renewed != old);
    QCOMPARE(PasswordHasher::parse(renewed).value().parameters, Cheap);
    QCOMPARE(login(u"gina"_s, u"gina-password"_s).status, 201);
}

void TestAuthRoutes::malformedBodies_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("issueCode"); // for validation_failed: the first issue's code
    QTest::addColumn<QString>("issueField");
    const QByteArray json = "application/json"_ba;
    const QByteArray ok = R"({"username":"agent1","password":"pw"})"_ba;
    QTest::newRow("not JSON") << json << "username=agent1"_ba << 400 << u"invalid_json"_s << QString() << QString();
    QTest::newRow("truncated") << json << R"({"username":"agent1",)"_ba << 400 << u"invalid_json"_s << QString()
                               << QString();
    QTest::newRow("empty body") << json << QByteArray() << 400 << u"invalid_json"_s << QString() << QString();
    QTest::newRow("array") << json << "[]"_ba << 422 << u"validation_failed"_s << u"wrong_type"_s << QString();
    QTest::newRow("wrong type") << json << R"({"username":7,"password":"pw"})"_ba << 422 << u"validation_failed"_s
                                << u"wrong_type"_s << u"username"_s;
    QTest::newRow("null password") << json << R"({"username":"agent1","password":null})"_ba << 422
                                   << u"validation_failed"_s << u"wrong_type"_s << u"password"_s;
    QTest::newRow("extra field") << json << R"({"username":"agent1","password":"pw","remember":true})"_ba << 422
                                 << u"validation_failed"_s << u"unknown_field"_s << u"remember"_s;
    QTest::newRow("missing field") << json << R"({"username":"agent1"})"_ba << 422 << u"validation_failed"_s
                                   << u"missing_field"_s << u"password"_s;
    QTest::newRow("duplicate field") << json << R"({"username":"agent1","username":"x","password":"pw"})"_ba << 422
                                     << u"validation_failed"_s << u"duplicate_field"_s << u"username"_s;
    QTest::newRow("text/plain") << "text/plain"_ba << ok << 415 << u"unsupported_media_type"_s << QString()
                                << QString();
    QTest::newRow("form") << "application/x-www-form-urlencoded"_ba << ok << 415 << u"unsupported_media_type"_s
                          << QString() << QString();
    QTest::newRow("no content type") << QByteArray() << ok << 415 << u"unsupported_media_type"_s << QString()
                                     << QString();
    QTest::newRow("charset latin1") << "application/json; charset=iso-8859-1"_ba << ok << 415
                                    << u"unsupported_media_type"_s << QString() << QString();
    QTest::newRow("oversize") << json
                              << (R"({"username":"agent1","password":")"_ba + QByteArray(70 * 1024, 'a') + R"("})"_ba)
                              << 413 << u"too_large"_s << QString() << QString();
    QTest::newRow("charset utf-8 is fine")
        << "application/json; charset=utf-8"_ba << ok << 401 << u"invalid_credentials"_s << QString() << QString();
}

void TestAuthRoutes::malformedBodies()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, issueCode);
    QFETCH(QString, issueField);
    ApiTestClient::Headers headers;
    if (!contentType.isEmpty())
        headers.append({ "Content-Type"_ba, contentType });
    const ApiResult result = m_client->request("POST"_ba, url(u"/v1/sessions"_s), body, headers);
    QCOMPARE(result.status, status);
    QCOMPARE(result.contentType, "application/json"_ba);
    QCOMPARE(result.errorCode(), code);
    if (!issueCode.isEmpty()) {
        QVERIFY(!result.issues().isEmpty());
        const QJsonObject first = result.issues().first().toObject();
        QCOMPARE(first.value(u"code"_s).toString(), issueCode);
        if (!issueField.isEmpty())
            QCOMPARE(first.value(u"field"_s).toString(), issueField);
    }
}

QTEST_GUILESS_MAIN(TestAuthRoutes)
#include "test_AuthRoutes.moc"
