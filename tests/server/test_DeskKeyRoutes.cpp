// Desk keys over real TLS: POST/GET /v1/desk-keys and approve/revoke, roles, bad keys and the
// signature lookup the order pipeline uses. Built twice: on SQLite and (DESKPAY_TEST_POSTGRES)
// on the PostgreSQL of `./dev test`.

#include "ApiTestClient.h"
#include "ResultTesting.h"
#include "TestDatabase.h"
#include "models/Clock.h"
#include "server/DemoAgents.h"
#include "server/DeskKeyStore.h"
#include "server/PasswordHasher.h"
#include "server/ServerInstance.h"
#include "services/protocol/Ed25519Key.h"

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

// A P-256 public key: well-formed, but not Ed25519.
constexpr auto P256PublicKeyPem = "-----BEGIN PUBLIC KEY-----\n"
                                  "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAElorZUrRL3nJ/+Gy8TgkKUHAjeMSX\n"
                                  "ab8IO8a5JUHUhMVdk0ZErsr5stX9XpasMQ55xC6VIanmyiD1SBASPFjDaQ==\n"
                                  "-----END PUBLIC KEY-----\n";

QByteArray pemBody(const QString &pem)
{
    return QJsonDocument(QJsonObject { { u"publicKeyPem"_s, pem } }).toJson(QJsonDocument::Compact);
}

QString newPublicKeyPem()
{
    return QString::fromLatin1(Ed25519Key::generate().value().toPublicKeyPem().value());
}

} // namespace

class TestDeskKeyRoutes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void registerApproveRevoke();
    void agentCannotApproveOrRevoke();
    void agentSeesOnlyOwnKeys();
    void badKeys_data();
    void badKeys();
    void duplicateKey();
    void unknownKey();
    void anonymousIsRefused();

private:
    [[nodiscard]] QUrl url(const QString &path) const;
    [[nodiscard]] QString tokenFor(const QString &username);
    [[nodiscard]] ApiResult registerKey(const QString &token, const QString &pem);
    [[nodiscard]] ApiResult post(const QString &token, const QString &path);

    TestDatabase m_testDatabase;
    QTemporaryDir m_dir;
    ManualClock m_clock;
    ServerOptions m_options;
    std::unique_ptr<ServerInstance> m_instance;
    std::unique_ptr<ApiTestClient> m_client;
    QString m_agent1;
    QString m_agent2;
    QString m_super1;
};

QUrl TestDeskKeyRoutes::url(const QString &path) const
{
    return QUrl(u"%1%2"_s.arg(m_instance->url(), path));
}

void TestDeskKeyRoutes::initTestCase()
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
    m_agent1 = tokenFor(u"agent1"_s);
    m_agent2 = tokenFor(u"agent2"_s);
    m_super1 = tokenFor(u"super1"_s);
    QVERIFY(!m_agent1.isEmpty() && !m_agent2.isEmpty() && !m_super1.isEmpty());
}

void TestDeskKeyRoutes::cleanupTestCase()
{
    m_client.reset();
    m_instance.reset();
}

QString TestDeskKeyRoutes::tokenFor(const QString &username)
{
    const QByteArray body
        = QJsonDocument(QJsonObject { { u"username"_s, username }, { u"password"_s, QString(DemoAgents::Password) } })
              .toJson(QJsonDocument::Compact);
    const ApiResult result = m_client->postJson(url(u"/v1/sessions"_s), body);
    return result.status == 201 ? result.json().value(u"token"_s).toString() : QString();
}

ApiResult TestDeskKeyRoutes::registerKey(const QString &token, const QString &pem)
{
    return m_client->postJson(url(u"/v1/desk-keys"_s), pemBody(pem), ApiTestClient::bearer(token));
}

ApiResult TestDeskKeyRoutes::post(const QString &token, const QString &path)
{
    return m_client->request("POST"_ba, url(path), {}, ApiTestClient::bearer(token));
}

void TestDeskKeyRoutes::registerApproveRevoke()
{
    const QString pem = newPublicKeyPem();
    const QString fingerprint = Ed25519Key::fromPublicKeyPem(pem.toLatin1()).value().fingerprint().value();
    const ApiResult registered = registerKey(m_agent1, pem);
    QCOMPARE(registered.status, 201);
    const QString keyId = registered.json().value(u"keyId"_s).toString();
    QCOMPARE(keyId, fingerprint);
    QCOMPARE(registered.json().value(u"fingerprint"_s).toString(), fingerprint);
    QCOMPARE(registered.json().value(u"state"_s).toString(), u"pending"_s);
    QCOMPARE(registered.json().value(u"username"_s).toString(), u"agent1"_s);

    const DeskKeyStore &store = m_instance->deskKeys();
    QCOMPARE(store.lookupForSignature(keyId).error().code, u"key_not_approved"_s);

    const ApiResult approved = post(m_super1, u"/v1/desk-keys/%1/approve"_s.arg(keyId));
    QCOMPARE(approved.status, 200);
    QCOMPARE(approved.json().value(u"state"_s).toString(), u"approved"_s);
    QCOMPARE(approved.json().value(u"approvedBy"_s).toString(), u"super1"_s);
    QCOMPARE(approved.json().value(u"username"_s).toString(), u"agent1"_s);
    VERIFY_OK(store.lookupForSignature(keyId));

    const ApiResult revoked = post(m_super1, u"/v1/desk-keys/%1/revoke"_s.arg(keyId));
    QCOMPARE(revoked.status, 200);
    QCOMPARE(revoked.json().value(u"state"_s).toString(), u"revoked"_s);
    QCOMPARE(revoked.json().value(u"revokedBy"_s).toString(), u"super1"_s);
    QCOMPARE(store.lookupForSignature(keyId).error().code, u"key_revoked"_s);

    const ApiResult again = post(m_super1, u"/v1/desk-keys/%1/approve"_s.arg(keyId));
    QCOMPARE(again.status, 409);
    QCOMPARE(again.errorCode(), u"key_state_conflict"_s);
    const ApiResult twice = post(m_super1, u"/v1/desk-keys/%1/revoke"_s.arg(keyId));
    QCOMPARE(twice.status, 409);
    QCOMPARE(twice.errorCode(), u"key_state_conflict"_s);
}

void TestDeskKeyRoutes::agentCannotApproveOrRevoke()
{
    const ApiResult registered = registerKey(m_agent1, newPublicKeyPem());
    QCOMPARE(registered.status, 201);
    const QString keyId = registered.json().value(u"keyId"_s).toString();
    for (const QString &action : { u"approve"_s, u"revoke"_s }) {
        const ApiResult refused = post(m_agent1, u"/v1/desk-keys/%1/%2"_s.arg(keyId, action));
        QCOMPARE(refused.status, 403);
        QCOMPARE(refused.errorCode(), u"forbidden"_s);
    }
    QCOMPARE(m_instance->deskKeys().find(keyId).value()->state, DeskKeyState::Pending);
}

void TestDeskKeyRoutes::agentSeesOnlyOwnKeys()
{
    const ApiResult mine = registerKey(m_agent1, newPublicKeyPem());
    const ApiResult theirs = registerKey(m_agent2, newPublicKeyPem());
    QCOMPARE(mine.status, 201);
    QCOMPARE(theirs.status, 201);

    const ApiResult agentList
        = m_client->request("GET"_ba, url(u"/v1/desk-keys"_s), {}, ApiTestClient::bearer(m_agent1));
    QCOMPARE(agentList.status, 200);
    const QJsonArray agentKeys = agentList.json().value(u"keys"_s).toArray();
    QVERIFY(!agentKeys.isEmpty());
    QStringList seen;
    for (const QJsonValue &key : agentKeys) {
        QCOMPARE(key.toObject().value(u"username"_s).toString(), u"agent1"_s);
        seen.append(key.toObject().value(u"keyId"_s).toString());
    }
    QVERIFY(seen.contains(mine.json().value(u"keyId"_s).toString()));
    QVERIFY(!seen.contains(theirs.json().value(u"keyId"_s).toString()));

    const ApiResult all = m_client->request("GET"_ba, url(u"/v1/desk-keys"_s), {}, ApiTestClient::bearer(m_super1));
    QCOMPARE(all.status, 200);
    QStringList owners;
    for (const QJsonValue &key : all.json().value(u"keys"_s).toArray())
        owners.append(key.toObject().value(u"username"_s).toString());
    QVERIFY(owners.contains(u"agent1"_s));
    QVERIFY(owners.contains(u"agent2"_s));
    QCOMPARE(all.json().value(u"keys"_s).toArray().size(), m_instance->deskKeys().list().value().size());
}

void TestDeskKeyRoutes::badKeys_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("not PEM") << pemBody(u"hello"_s) << 422 << u"public_key_invalid"_s;
    QTest::newRow("empty") << pemBody(QString()) << 422 << u"public_key_invalid"_s;
    QTest::newRow("private key") << pemBody(
        QString::fromLatin1(Ed25519Key::generate().value().toPrivateKeyPem().value()))
                                 << 422 << u"public_key_invalid"_s;
    QTest::newRow("P-256") << pemBody(QString::fromLatin1(P256PublicKeyPem)) << 422 << u"key_algorithm_unsupported"_s;
    QTest::newRow("missing field") << "{}"_ba << 422 << u"validation_failed"_s;
    QTest::newRow("unknown field") << R"({"publicKeyPem":"x","extra":1})"_ba << 422 << u"validation_failed"_s;
    QTest::newRow("not JSON") << "{"_ba << 400 << u"invalid_json"_s;
}

void TestDeskKeyRoutes::badKeys()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    const qsizetype before = m_instance->deskKeys().list().value().size();
    const ApiResult result = m_client->postJson(url(u"/v1/desk-keys"_s), body, ApiTestClient::bearer(m_agent1));
    QCOMPARE(result.status, status);
    QCOMPARE(result.errorCode(), code);
    QCOMPARE(m_instance->deskKeys().list().value().size(), before);
}

void TestDeskKeyRoutes::duplicateKey()
{
    const QString pem = newPublicKeyPem();
    QCOMPARE(registerKey(m_agent1, pem).status, 201);
    for (const QString &token : { m_agent1, m_agent2 }) {
        const ApiResult again = registerKey(token, pem);
        QCOMPARE(again.status, 409);
        QCOMPARE(again.errorCode(), u"desk_key_exists"_s);
    }
}

void TestDeskKeyRoutes::unknownKey()
{
    for (const QString &action : { u"approve"_s, u"revoke"_s }) {
        const ApiResult result = post(m_super1, u"/v1/desk-keys/no-such-key/%1"_s.arg(action));
        QCOMPARE(result.status, 404);
        QCOMPARE(result.errorCode(), u"not_found"_s);
    }
    QCOMPARE(m_instance->deskKeys().lookupForSignature(u"no-such-key"_s).error().code, u"signature_unknown_key"_s);
}

void TestDeskKeyRoutes::anonymousIsRefused()
{
    QCOMPARE(m_client->postJson(url(u"/v1/desk-keys"_s), pemBody(newPublicKeyPem())).status, 401);
    QCOMPARE(m_client->request("GET"_ba, url(u"/v1/desk-keys"_s)).status, 401);
}

QTEST_GUILESS_MAIN(TestDeskKeyRoutes)
#include "test_DeskKeyRoutes.moc"
