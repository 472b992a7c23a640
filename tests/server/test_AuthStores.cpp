// AgentStore and SessionStore on a real database: built twice, for SQLite and (with
// DESKPAY_TEST_POSTGRES) for the PostgreSQL that `./dev test` starts.

#include "ResultTesting.h"
#include "TestDatabase.h"
#include "models/Clock.h"
#include "server/AgentStore.h"
#include "server/Database.h"
#include "server/MigrationRunner.h"
#include "server/SessionStore.h"

#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;
using deskpay::test::TestDatabase;

class TestAuthStores : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void createAndFind();
    void duplicateUsernameIsRefused();
    void invalidFieldsAreRefused_data();
    void invalidFieldsAreRefused();
    void lockOutAfterFiveFailuresInTheWindow();
    void failuresOutsideTheWindowStartAfresh();
    void successClearsFailures();
    void sessionTokenIsStoredOnlyHashed();
    void sessionResolves();
    void sessionIdleExpiry();
    void sessionAbsoluteExpiry();
    void sessionRevoked();
    void malformedAndUnknownTokens_data();
    void malformedAndUnknownTokens();
    void revokeAllAndPurge();

private:
    Agent addAgent(const QString &username, AgentRole role = AgentRole::Agent);

    TestDatabase m_testDatabase;
    std::unique_ptr<Database> m_database;
    ManualClock m_clock { QDateTime(QDate(2026, 11, 21), QTime(8, 0), Qt::UTC) };
    std::unique_ptr<AgentStore> m_agents;
    std::unique_ptr<SessionStore> m_sessions;
    LockoutPolicy m_lockout;
};

void TestAuthStores::init()
{
    const QString error = m_testDatabase.create();
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
    auto database = Database::open(m_testDatabase.url(), u"stores"_s);
    VERIFY_OK(database);
    m_database = std::move(*database);
    const auto migrations = MigrationRunner::builtIn(m_database->backend());
    VERIFY_OK(migrations);
    VERIFY_OK(MigrationRunner(*migrations, m_clock).migrate(*m_database));
    m_agents = std::make_unique<AgentStore>(*m_database, m_clock);
    m_sessions = std::make_unique<SessionStore>(*m_database, m_clock);
}

void TestAuthStores::cleanup()
{
    m_sessions.reset();
    m_agents.reset();
    m_database.reset();
}

Agent TestAuthStores::addAgent(const QString &username, AgentRole role)
{
    const auto agent = m_agents->create(NewAgent { username, {}, role, u"DESK-01"_s, u"scrypt$x"_s });
    if (!agent)
        qWarning("%s", qPrintable(agent.error().message));
    return agent.value_or(Agent {});
}

void TestAuthStores::createAndFind()
{
    const auto created
        = m_agents->create(NewAgent { u"  Li.Wei "_s, u"Li Wei"_s, AgentRole::Supervisor, u"DESK-07"_s, u"h$1"_s });
    VERIFY_OK(created);
    QVERIFY(created->id > 0);
    QCOMPARE(created->username, u"li.wei"_s);
    QCOMPARE(created->displayName, u"Li Wei"_s);
    QCOMPARE(created->role, AgentRole::Supervisor);
    QCOMPARE(created->deskId, u"DESK-07"_s);
    QCOMPARE(created->passwordHash, u"h$1"_s);
    QCOMPARE(created->createdAt, m_clock.now());
    QVERIFY(!created->isDisabled());
    QVERIFY(!created->isLockedAt(m_clock.now()));

    const auto byName = m_agents->findByUsername(u"LI.WEI"_s);
    VERIFY_OK(byName);
    QVERIFY(byName->has_value());
    QCOMPARE((*byName)->id, created->id);
    const auto byId = m_agents->findById(created->id);
    VERIFY_OK(byId);
    QCOMPARE((*byId)->username, u"li.wei"_s);
    QVERIFY(!m_agents->findByUsername(u"nobody"_s).value().has_value());
    QVERIFY(!m_agents->findById(created->id + 1000).value().has_value());

    const Agent other = addAgent(u"agent9"_s); // display name defaults to the user name
    QCOMPARE(other.displayName, u"agent9"_s);
    const auto all = m_agents->list();
    VERIFY_OK(all);
    QCOMPARE(all->size(), 2);
    QCOMPARE(all->at(0).username, u"agent9"_s);
    QCOMPARE(all->at(1).username, u"li.wei"_s);
}

void TestAuthStores::duplicateUsernameIsRefused()
{
    addAgent(u"agent1"_s);
    const auto again = m_agents->create(NewAgent { u"AGENT1"_s, {}, AgentRole::Agent, u"D2"_s, u"h"_s });
    QVERIFY(!again);
    QCOMPARE(again.error().code, u"agent_exists"_s);
    QCOMPARE(m_agents->list().value().size(), 1);
}

void TestAuthStores::invalidFieldsAreRefused_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("desk");
    QTest::addColumn<QString>("code");
    QTest::newRow("empty name") << QString() << u"D1"_s << u"username_invalid"_s;
    QTest::newRow("space inside") << u"a b"_s << u"D1"_s << u"username_invalid"_s;
    QTest::newRow("65 characters") << QString(65, u'a') << u"D1"_s << u"username_invalid"_s;
    QTest::newRow("non-ASCII") << u"агент"_s << u"D1"_s << u"username_invalid"_s;
    QTest::newRow("empty desk") << u"ok"_s << QString() << u"desk_invalid"_s;
    QTest::newRow("desk with slash") << u"ok"_s << u"D/1"_s << u"desk_invalid"_s;
}

void TestAuthStores::invalidFieldsAreRefused()
{
    QFETCH(QString, username);
    QFETCH(QString, desk);
    QFETCH(QString, code);
    const auto created = m_agents->create(NewAgent { username, {}, AgentRole::Agent, desk, u"h"_s });
    QVERIFY(!created);
    QCOMPARE(created.error().code, code);
}

void TestAuthStores::lockOutAfterFiveFailuresInTheWindow()
{
    const Agent agent = addAgent(u"agent1"_s);
    for (int i = 1; i < m_lockout.maxFailures; ++i) {
        m_clock.advanceSecs(60);
        const auto after = m_agents->recordFailedLogin(agent.id, m_lockout);
        VERIFY_OK(after);
        QCOMPARE(after->failedLogins, i);
        QVERIFY(!after->isLockedAt(m_clock.now()));
    }
    m_clock.advanceSecs(60);
    const auto locked = m_agents->recordFailedLogin(agent.id, m_lockout);
    VERIFY_OK(locked);
    QVERIFY(locked->isLockedAt(m_clock.now()));
    QCOMPARE(locked->lockedUntil, m_clock.now().addSecs(15 * 60));
    QCOMPARE(locked->failedLogins, 0);
    m_clock.advanceSecs(15 * 60 - 1);
    QVERIFY(m_agents->findById(agent.id).value()->isLockedAt(m_clock.now()));
    m_clock.advanceSecs(1);
    QVERIFY(!m_agents->findById(agent.id).value()->isLockedAt(m_clock.now()));
}

void TestAuthStores::failuresOutsideTheWindowStartAfresh()
{
    const Agent agent = addAgent(u"agent1"_s);
    for (int i = 0; i < 4; ++i)
        VERIFY_OK(m_agents->recordFailedLogin(agent.id, m_lockout));
    m_clock.advanceSecs(15 * 60); // the window counts from the first failure
    const auto after = m_agents->recordFailedLogin(agent.id, m_lockout);
    VERIFY_OK(after);
    QCOMPARE(after->failedLogins, 1);
    QVERIFY(!after->isLockedAt(m_clock.now()));
    QCOMPARE(after->firstFailureAt, m_clock.now());
}

void TestAuthStores::successClearsFailures()
{
    const Agent agent = addAgent(u"agent1"_s);
    for (int i = 0; i < 4; ++i)
        VERIFY_OK(m_agents->recordFailedLogin(agent.id, m_lockout));
    VERIFY_OK(m_agents->recordSuccessfulLogin(agent.id));
    const Agent after = m_agents->findById(agent.id).value().value();
    QCOMPARE(after.failedLogins, 0);
    QVERIFY(!after.firstFailureAt.isValid());
    QCOMPARE(after.lastLoginAt, m_clock.now());
    const auto fifth = m_agents->recordFailedLogin(agent.id, m_lockout);
    QCOMPARE(fifth->failedLogins, 1);
    VERIFY_OK(m_agents->setPasswordHash(agent.id, u"scrypt$new"_s));
    QCOMPARE(m_agents->findById(agent.id).value()->passwordHash, u"scrypt$new"_s);
}

void TestAuthStores::sessionTokenIsStoredOnlyHashed()
{
    const Agent agent = addAgent(u"agent1"_s);
    const auto issued = m_sessions->create(agent.id);
    VERIFY_OK(issued);
    QCOMPARE(issued->token.size(), SessionStore::TokenLength);
    QVERIFY(SessionStore::isWellFormedToken(issued->token));
    QCOMPARE(QByteArray::fromBase64(issued->token.toLatin1(), QByteArray::Base64UrlEncoding).size(), 32);
    QSqlQuery query(m_database->connection());
    QVERIFY(query.exec(u"SELECT token_hash FROM agent_sessions"_s));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), SessionStore::tokenHash(issued->token));
    QVERIFY(query.value(0).toString() != issued->token);
    QVERIFY(m_sessions->create(agent.id).value().token != issued->token);
}

void TestAuthStores::sessionResolves()
{
    const Agent agent = addAgent(u"agent1"_s);
    const IssuedSession issued = m_sessions->create(agent.id).value();
    QCOMPARE(issued.session.expiresAt(m_sessions->policy()), m_clock.now().addSecs(8 * 3600));
    m_clock.advanceSecs(3600);
    const auto session = m_sessions->resolve(issued.token);
    VERIFY_OK(session);
    QCOMPARE(session->agentId, agent.id);
    QCOMPARE(session->lastUsedAt, m_clock.now()); // touched
    QCOMPARE(session->expiresAt(m_sessions->policy()), m_clock.now().addSecs(8 * 3600));
}

void TestAuthStores::sessionIdleExpiry()
{
    const Agent agent = addAgent(u"agent1"_s);
    const IssuedSession used = m_sessions->create(agent.id).value();
    const IssuedSession idle = m_sessions->create(agent.id).value();
    m_clock.advanceSecs(3600);
    VERIFY_OK(m_sessions->resolve(used.token));
    m_clock.advanceSecs(8 * 3600 - 1); // 9 h after login, 8 h minus 1 s after its last use
    VERIFY_OK(m_sessions->resolve(used.token));
    const auto expired = m_sessions->resolve(idle.token); // unused for 9 h
    QVERIFY(!expired);
    QCOMPARE(expired.error().code, u"session_expired"_s);
    m_clock.advanceSecs(8 * 3600);
    QCOMPARE(m_sessions->resolve(used.token).error().code, u"session_expired"_s);
}

void TestAuthStores::sessionAbsoluteExpiry()
{
    const Agent agent = addAgent(u"agent1"_s);
    const IssuedSession issued = m_sessions->create(agent.id).value();
    for (int hour = 1; hour < 12; ++hour) {
        m_clock.advanceSecs(3600);
        VERIFY_OK(m_sessions->resolve(issued.token));
    }
    m_clock.advanceSecs(3600); // 12 h after login, however busy
    const auto expired = m_sessions->resolve(issued.token);
    QVERIFY(!expired);
    QCOMPARE(expired.error().code, u"session_expired"_s);
}

void TestAuthStores::sessionRevoked()
{
    const Agent agent = addAgent(u"agent1"_s);
    const IssuedSession issued = m_sessions->create(agent.id).value();
    const IssuedSession other = m_sessions->create(agent.id).value();
    VERIFY_OK(m_sessions->revoke(issued.token));
    const auto gone = m_sessions->resolve(issued.token);
    QVERIFY(!gone);
    QCOMPARE(gone.error().code, u"unauthenticated"_s);
    VERIFY_OK(m_sessions->resolve(other.token)); // only that one
    VERIFY_OK(m_sessions->revoke(issued.token)); // twice is fine
}

void TestAuthStores::malformedAndUnknownTokens_data()
{
    QTest::addColumn<QString>("token");
    QTest::newRow("empty") << QString();
    QTest::newRow("short") << u"abc"_s;
    QTest::newRow("bad character") << QString(42, u'A') + u"!"_s;
    QTest::newRow("well-formed, unknown") << QString(43, u'A');
}

void TestAuthStores::malformedAndUnknownTokens()
{
    QFETCH(QString, token);
    const auto resolved = m_sessions->resolve(token);
    QVERIFY(!resolved);
    QCOMPARE(resolved.error().code, u"unauthenticated"_s);
}

void TestAuthStores::revokeAllAndPurge()
{
    const Agent a = addAgent(u"agent1"_s);
    const Agent b = addAgent(u"agent2"_s);
    const IssuedSession a1 = m_sessions->create(a.id).value();
    const IssuedSession a2 = m_sessions->create(a.id).value();
    const IssuedSession b1 = m_sessions->create(b.id).value();
    QCOMPARE(m_sessions->revokeAll(a.id).value(), 2);
    QVERIFY(!m_sessions->resolve(a1.token));
    QVERIFY(!m_sessions->resolve(a2.token));
    VERIFY_OK(m_sessions->resolve(b1.token));
    QCOMPARE(m_sessions->purge().value(), 0); // ended just now: kept a day for "expired" answers
    m_clock.advanceSecs(48 * 3600);
    QCOMPARE(m_sessions->purge().value(), 3);
}

QTEST_GUILESS_MAIN(TestAuthStores)
#include "test_AuthStores.moc"
