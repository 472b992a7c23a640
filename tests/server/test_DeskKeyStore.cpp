// DeskKeyStore on a real database: built twice, for SQLite and (with DESKPAY_TEST_POSTGRES)
// for the PostgreSQL that `./dev test` starts.

#include "ResultTesting.h"
#include "TestDatabase.h"
#include "models/Clock.h"
#include "server/AgentStore.h"
#include "server/Database.h"
#include "server/DeskKeyStore.h"
#include "server/MigrationRunner.h"
#include "services/protocol/Ed25519Key.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;
using deskpay::test::TestDatabase;

class TestDeskKeyStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void lifecycle();
    void twoApprovedKeysCoexist();
    void duplicateKeyIsRefused();
    void privateKeyIsRefused();
    void illegalTransitions();
    void unknownKey();
    void listPerAgent();

private:
    Agent addAgent(const QString &username, AgentRole role = AgentRole::Agent);
    Ed25519Key publicKey();

    TestDatabase m_testDatabase;
    std::unique_ptr<Database> m_database;
    ManualClock m_clock { QDateTime(QDate(2026, 11, 21), QTime(8, 0), Qt::UTC) };
    std::unique_ptr<AgentStore> m_agents;
    std::unique_ptr<DeskKeyStore> m_keys;
};

void TestDeskKeyStore::init()
{
    const QString error = m_testDatabase.create();
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
    auto database = Database::open(m_testDatabase.url(), u"keys"_s);
    VERIFY_OK(database);
    m_database = std::move(*database);
    const auto migrations = MigrationRunner::builtIn(m_database->backend());
    VERIFY_OK(migrations);
    VERIFY_OK(MigrationRunner(*migrations, m_clock).migrate(*m_database));
    m_agents = std::make_unique<AgentStore>(*m_database, m_clock);
    m_keys = std::make_unique<DeskKeyStore>(*m_database, m_clock);
}

void TestDeskKeyStore::cleanup()
{
    m_keys.reset();
    m_agents.reset();
    m_database.reset();
}

Agent TestDeskKeyStore::addAgent(const QString &username, AgentRole role)
{
    const auto agent = m_agents->create(NewAgent { username, {}, role, u"DESK-01"_s, u"scrypt$x"_s });
    if (!agent)
        qWarning("%s", qPrintable(agent.error().message));
    return agent.value_or(Agent {});
}

Ed25519Key TestDeskKeyStore::publicKey()
{
    const auto pair = Ed25519Key::generate();
    const auto pem = pair.value().toPublicKeyPem();
    return Ed25519Key::fromPublicKeyPem(pem.value()).value();
}

void TestDeskKeyStore::lifecycle()
{
    const Agent agent = addAgent(u"agent1"_s);
    const Agent supervisor = addAgent(u"boss"_s, AgentRole::Supervisor);
    const Ed25519Key key = publicKey();

    const auto registered = m_keys->registerKey(agent.id, key);
    VERIFY_OK(registered);
    QCOMPARE(registered->keyId, key.fingerprint().value());
    QCOMPARE(registered->state, DeskKeyState::Pending);
    QCOMPARE(registered->agentId, agent.id);
    QCOMPARE(registered->createdAt, m_clock.now());
    QCOMPARE(registered->publicKey, key.rawPublicKey().value());

    auto lookup = m_keys->lookupForSignature(registered->keyId);
    QVERIFY(!lookup);
    QCOMPARE(lookup.error().code, u"key_not_approved"_s);

    m_clock.advanceSecs(60);
    const auto approved = m_keys->approve(registered->keyId, supervisor.id);
    VERIFY_OK(approved);
    QCOMPARE(approved->state, DeskKeyState::Approved);
    QCOMPARE(approved->approvedBy, supervisor.id);
    QCOMPARE(approved->approvedAt, m_clock.now());

    lookup = m_keys->lookupForSignature(registered->keyId);
    VERIFY_OK(lookup);
    QCOMPARE(lookup->rawPublicKey().value(), key.rawPublicKey().value());

    m_clock.advanceSecs(60);
    const auto revoked = m_keys->revoke(registered->keyId, supervisor.id);
    VERIFY_OK(revoked);
    QCOMPARE(revoked->state, DeskKeyState::Revoked);
    QCOMPARE(revoked->revokedBy, supervisor.id);
    QCOMPARE(revoked->revokedAt, m_clock.now());
    QCOMPARE(revoked->approvedBy, supervisor.id); // the approval stays on record

    lookup = m_keys->lookupForSignature(registered->keyId);
    QVERIFY(!lookup);
    QCOMPARE(lookup.error().code, u"key_revoked"_s);
}

void TestDeskKeyStore::twoApprovedKeysCoexist()
{
    const Agent agent = addAgent(u"agent1"_s);
    const Agent supervisor = addAgent(u"boss"_s, AgentRole::Supervisor);
    const auto first = m_keys->registerKey(agent.id, publicKey());
    const auto second = m_keys->registerKey(agent.id, publicKey());
    VERIFY_OK(first);
    VERIFY_OK(second);
    QVERIFY(first->keyId != second->keyId);
    VERIFY_OK(m_keys->approve(first->keyId, supervisor.id));
    VERIFY_OK(m_keys->approve(second->keyId, supervisor.id));
    VERIFY_OK(m_keys->lookupForSignature(first->keyId));
    VERIFY_OK(m_keys->lookupForSignature(second->keyId));
}

void TestDeskKeyStore::duplicateKeyIsRefused()
{
    const Agent agent = addAgent(u"agent1"_s);
    const Agent other = addAgent(u"agent2"_s);
    const Ed25519Key key = publicKey();
    VERIFY_OK(m_keys->registerKey(agent.id, key));
    for (const qint64 who : { agent.id, other.id }) {
        const auto again = m_keys->registerKey(who, key);
        QVERIFY(!again);
        QCOMPARE(again.error().code, u"desk_key_exists"_s);
    }
    QCOMPARE(m_keys->list().value().size(), 1);
}

void TestDeskKeyStore::privateKeyIsRefused()
{
    const Agent agent = addAgent(u"agent1"_s);
    const auto registered = m_keys->registerKey(agent.id, Ed25519Key::generate().value());
    QVERIFY(!registered);
    QCOMPARE(registered.error().code, u"public_key_invalid"_s);
}

void TestDeskKeyStore::illegalTransitions()
{
    const Agent agent = addAgent(u"agent1"_s);
    const Agent supervisor = addAgent(u"boss"_s, AgentRole::Supervisor);
    const auto key = m_keys->registerKey(agent.id, publicKey());
    VERIFY_OK(key);
    VERIFY_OK(m_keys->approve(key->keyId, supervisor.id));
    auto again = m_keys->approve(key->keyId, supervisor.id);
    QVERIFY(!again);
    QCOMPARE(again.error().code, u"key_state_conflict"_s);
    VERIFY_OK(m_keys->revoke(key->keyId, supervisor.id));
    again = m_keys->approve(key->keyId, supervisor.id);
    QVERIFY(!again);
    QCOMPARE(again.error().code, u"key_state_conflict"_s);
    again = m_keys->revoke(key->keyId, supervisor.id);
    QVERIFY(!again);
    QCOMPARE(again.error().code, u"key_state_conflict"_s);

    // A pending key may be revoked straight away (a key registered by mistake).
    const auto pending = m_keys->registerKey(agent.id, publicKey());
    VERIFY_OK(pending);
    VERIFY_OK(m_keys->revoke(pending->keyId, supervisor.id));
}

void TestDeskKeyStore::unknownKey()
{
    const auto lookup = m_keys->lookupForSignature(u"no-such-key"_s);
    QVERIFY(!lookup);
    QCOMPARE(lookup.error().code, u"signature_unknown_key"_s);
    QCOMPARE(m_keys->approve(u"no-such-key"_s, 1).error().code, u"not_found"_s);
    QCOMPARE(m_keys->revoke(u"no-such-key"_s, 1).error().code, u"not_found"_s);
    QVERIFY(!m_keys->find(u"no-such-key"_s).value().has_value());
}

void TestDeskKeyStore::listPerAgent()
{
    const Agent one = addAgent(u"agent1"_s);
    const Agent two = addAgent(u"agent2"_s);
    const auto a = m_keys->registerKey(one.id, publicKey());
    m_clock.advanceSecs(1);
    const auto b = m_keys->registerKey(two.id, publicKey());
    m_clock.advanceSecs(1);
    const auto c = m_keys->registerKey(one.id, publicKey());
    VERIFY_OK(a);
    VERIFY_OK(b);
    VERIFY_OK(c);
    const auto all = m_keys->list();
    VERIFY_OK(all);
    QCOMPARE(all->size(), 3);
    QCOMPARE(all->at(0).keyId, a->keyId);
    QCOMPARE(all->at(1).keyId, b->keyId);
    QCOMPARE(all->at(2).keyId, c->keyId);
    const auto mine = m_keys->list(one.id);
    VERIFY_OK(mine);
    QCOMPARE(mine->size(), 2);
    QCOMPARE(mine->at(0).keyId, a->keyId);
    QCOMPARE(mine->at(1).keyId, c->keyId);
    const auto found = m_keys->find(b->keyId);
    VERIFY_OK(found);
    QCOMPARE((*found)->agentId, two.id);
}

QTEST_GUILESS_MAIN(TestDeskKeyStore)
#include "test_DeskKeyStore.moc"
