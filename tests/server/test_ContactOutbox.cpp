// ContactOutbox on a real database: built twice, for SQLite and (with DESKPAY_TEST_POSTGRES) for
// the PostgreSQL that `./dev test` starts.

#include "ResultTesting.h"
#include "TestDatabase.h"
#include "models/Clock.h"
#include "server/AgentStore.h"
#include "server/ContactOutbox.h"
#include "server/Database.h"
#include "server/MigrationRunner.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

// VERIFY_OK evaluates its argument more than once; a call with side effects is evaluated here once.
#define CHECK_OK(expression)                                                                                           \
    do {                                                                                                               \
        const auto checked = (expression);                                                                             \
        VERIFY_OK(checked);                                                                                            \
    } while (false)

using namespace Qt::StringLiterals;
using namespace deskpay;
using deskpay::test::TestDatabase;

class TestContactOutbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void enqueueStoresEverything();
    void readablePerPayerAndOrder();
    void dueFollowsScheduleAndState();
    void failingForGood();
    void claimIsExclusive();
    void rolledBackOrderLeavesNoMessage();
    void invalidMessagesRefused_data();
    void invalidMessagesRefused();
    void unknownMessage();

private:
    qint64 addPayer(const QString &accountId);
    void addOrder(const QString &orderId, qint64 payerId);
    ContactMessage message(const QString &orderId, qint64 payerId) const;

    TestDatabase m_testDatabase;
    std::unique_ptr<Database> m_database;
    ManualClock m_clock { QDateTime(QDate(2026, 11, 21), QTime(8, 0), Qt::UTC) };
    std::unique_ptr<ContactOutbox> m_outbox;
    qint64 m_agentId = 0;
    qint64 m_payer = 0;
};

void TestContactOutbox::init()
{
    const QString error = m_testDatabase.create();
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
    auto database = Database::open(m_testDatabase.url(), u"outbox"_s);
    VERIFY_OK(database);
    m_database = std::move(*database);
    const auto migrations = MigrationRunner::builtIn(m_database->backend());
    VERIFY_OK(migrations);
    CHECK_OK(MigrationRunner(*migrations, m_clock).migrate(*m_database));
    const auto agent = AgentStore(*m_database, m_clock)
                           .create(NewAgent { u"agent1"_s, {}, AgentRole::Agent, u"DESK-01"_s, u"scrypt$x"_s });
    VERIFY_OK(agent);
    m_agentId = agent->id;
    m_outbox = std::make_unique<ContactOutbox>(*m_database, m_clock);
    m_payer = addPayer(u"P-0001"_s);
    QVERIFY(m_payer > 0);
    addOrder(u"ord-1"_s, m_payer);
}

void TestContactOutbox::cleanup()
{
    m_outbox.reset();
    m_database.reset();
}

qint64 TestContactOutbox::addPayer(const QString &accountId)
{
    QSqlQuery query(m_database->connection());
    query.prepare(u"INSERT INTO payer_accounts (account_id, real_name, document_type, document_digest, "
                  "document_masked, contact_kind, contact_address, password_hash, created_at) VALUES (:account, "
                  "'ZHANG SAN', 'ID_CARD', :digest, '1101**********1234', 'sms', '+8613800000000', 'x', 0)"_s);
    query.bindValue(u":account"_s, accountId);
    query.bindValue(u":digest"_s, QByteArray(32, 'd'));
    if (!query.exec()) {
        qWarning("%s", qPrintable(query.lastError().text()));
        return 0;
    }
    QSqlQuery id(m_database->connection());
    id.prepare(u"SELECT id FROM payer_accounts WHERE account_id = :account"_s);
    id.bindValue(u":account"_s, accountId);
    if (!id.exec() || !id.next())
        return 0;
    return id.value(0).toLongLong();
}

void TestContactOutbox::addOrder(const QString &orderId, qint64 payerId)
{
    static int seq = 0;
    QSqlQuery query(m_database->connection());
    query.prepare(u"INSERT INTO orders (id, %1state, desk, agent_id, payer_id, product_type, ticket_number, pnr, "
                  "passenger_name, search_text, total_minor, currency, created_at, updated_at, view, key_id, "
                  "signature_input, signature_base, signature, request_body) VALUES (:id, %2"
                  "'AWAITING_PAYER_CONFIRMATION', 'DESK-01', :agent, :payer, 'DATE_CHANGE', '7812345678901', "
                  "'ABC123', 'ZHANG/SAN', 'x', 100, 'CNY', 0, 0, '{}', 'k', 'sig', :base, :signature, :body)"_s
                      // PostgreSQL numbers orders itself (an identity column).
                      .arg(TestDatabase::isPostgres() ? QString() : u"seq, "_s,
                          TestDatabase::isPostgres() ? QString() : QString::number(++seq) + u", "_s));
    query.bindValue(u":id"_s, orderId);
    query.bindValue(u":agent"_s, m_agentId);
    query.bindValue(u":payer"_s, payerId);
    query.bindValue(u":base"_s, QByteArray("base"));
    query.bindValue(u":signature"_s, QByteArray("signature"));
    query.bindValue(u":body"_s, QByteArray("body"));
    QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
}

ContactMessage TestContactOutbox::message(const QString &orderId, qint64 payerId) const
{
    ContactMessage message;
    message.orderId = orderId;
    message.payerId = payerId;
    message.channel = u"sandbox"_s;
    message.contactKind = u"sms"_s;
    message.contactAddress = u"+8613800000000"_s;
    message.purpose = u"confirmation_request"_s;
    JsonValue body = JsonValue::object();
    body.insert(u"type"_s, JsonValue::string(u"confirmation_request"_s));
    body.insert(u"orderId"_s, JsonValue::string(orderId));
    body.insert(u"summary"_s, JsonValue::string(u"Date change 7812345678901 — ¥100.00"_s));
    message.body = body;
    return message;
}

void TestContactOutbox::enqueueStoresEverything()
{
    const ContactMessage sent = message(u"ord-1"_s, m_payer);
    const auto id = m_outbox->enqueue(sent);
    VERIFY_OK(id);
    QVERIFY(*id > 0);
    const auto found = m_outbox->find(*id);
    VERIFY_OK(found);
    QVERIFY(found->has_value());
    const ContactMessage &stored = **found;
    QCOMPARE(stored.id, *id);
    QCOMPARE(stored.orderId, u"ord-1"_s);
    QCOMPARE(stored.payerId, m_payer);
    QCOMPARE(stored.channel, u"sandbox"_s);
    QCOMPARE(stored.contactKind, u"sms"_s);
    QCOMPARE(stored.contactAddress, u"+8613800000000"_s);
    QCOMPARE(stored.purpose, u"confirmation_request"_s);
    QCOMPARE(stored.body.toCanonicalJson(), sent.body.toCanonicalJson());
    QCOMPARE(stored.state, u"pending"_s);
    QCOMPARE(stored.attempts, 0);
    QCOMPARE(stored.createdAt, m_clock.now());
    QCOMPARE(stored.nextAttemptAt, m_clock.now());
    QVERIFY(stored.lastError.isEmpty());
    QVERIFY(!stored.sentAt.isValid());

    CHECK_OK(m_outbox->markSent(*id));
    const auto after = m_outbox->find(*id);
    VERIFY_OK(after);
    QCOMPARE((*after)->state, u"sent"_s);
    QCOMPARE((*after)->attempts, 1);
    QCOMPARE((*after)->sentAt, m_clock.now());
}

void TestContactOutbox::readablePerPayerAndOrder()
{
    const qint64 other = addPayer(u"P-0002"_s);
    addOrder(u"ord-2"_s, m_payer);
    addOrder(u"ord-3"_s, other);
    const auto first = m_outbox->enqueue(message(u"ord-1"_s, m_payer));
    const auto second = m_outbox->enqueue(message(u"ord-2"_s, m_payer));
    const auto third = m_outbox->enqueue(message(u"ord-2"_s, m_payer));
    const auto foreign = m_outbox->enqueue(message(u"ord-3"_s, other));
    VERIFY_OK(first);
    VERIFY_OK(second);
    VERIFY_OK(third);
    VERIFY_OK(foreign);

    const auto mine = m_outbox->forPayer(m_payer, 10);
    VERIFY_OK(mine);
    QCOMPARE(mine->size(), 3);
    QCOMPARE(mine->at(0).id, *third); // newest first
    QCOMPARE(mine->at(2).id, *first);
    const auto limited = m_outbox->forPayer(m_payer, 2);
    VERIFY_OK(limited);
    QCOMPARE(limited->size(), 2);
    const auto theirs = m_outbox->forPayer(other, 10);
    VERIFY_OK(theirs);
    QCOMPARE(theirs->size(), 1);
    QCOMPARE(theirs->at(0).id, *foreign);

    const auto order2 = m_outbox->forOrder(u"ord-2"_s);
    VERIFY_OK(order2);
    QCOMPARE(order2->size(), 2);
    QCOMPARE(order2->at(0).id, *second); // oldest first
    QCOMPARE(order2->at(1).id, *third);
    const auto none = m_outbox->forOrder(u"ord-9"_s);
    VERIFY_OK(none);
    QVERIFY(none->isEmpty());
}

void TestContactOutbox::dueFollowsScheduleAndState()
{
    ContactMessage later = message(u"ord-1"_s, m_payer);
    later.nextAttemptAt = m_clock.now().addSecs(60);
    const auto laterId = m_outbox->enqueue(later);
    const auto nowId = m_outbox->enqueue(message(u"ord-1"_s, m_payer));
    VERIFY_OK(laterId);
    VERIFY_OK(nowId);

    auto due = m_outbox->due(10);
    VERIFY_OK(due);
    QCOMPARE(due->size(), 1);
    QCOMPARE(due->at(0).id, *nowId);

    CHECK_OK(m_outbox->markFailed(*nowId, u"The gateway answered HTTP 500."_s, m_clock.now().addSecs(10)));
    due = m_outbox->due(10);
    VERIFY_OK(due);
    QVERIFY(due->isEmpty());
    const auto rescheduled = m_outbox->find(*nowId);
    VERIFY_OK(rescheduled);
    QCOMPARE((*rescheduled)->state, u"pending"_s);
    QCOMPARE((*rescheduled)->attempts, 1);
    QCOMPARE((*rescheduled)->lastError, u"The gateway answered HTTP 500."_s);
    QCOMPARE((*rescheduled)->nextAttemptAt, m_clock.now().addSecs(10));

    m_clock.advanceSecs(60);
    due = m_outbox->due(10);
    VERIFY_OK(due);
    QCOMPARE(due->size(), 2);
    QCOMPARE(due->at(0).id, *nowId); // the most overdue first
    QCOMPARE(due->at(1).id, *laterId);
    const auto one = m_outbox->due(1);
    VERIFY_OK(one);
    QCOMPARE(one->size(), 1);

    CHECK_OK(m_outbox->markSent(*nowId));
    due = m_outbox->due(10);
    VERIFY_OK(due);
    QCOMPARE(due->size(), 1);
    QCOMPARE(due->at(0).id, *laterId);
    // Sent is final: neither sent again nor failed afterwards.
    QVERIFY(!m_outbox->markSent(*nowId));
    QVERIFY(!m_outbox->markFailed(*nowId, u"late"_s, std::nullopt));
}

void TestContactOutbox::failingForGood()
{
    const auto id = m_outbox->enqueue(message(u"ord-1"_s, m_payer));
    VERIFY_OK(id);
    CHECK_OK(m_outbox->markFailed(*id, u"gave up"_s, std::nullopt));
    const auto failed = m_outbox->find(*id);
    VERIFY_OK(failed);
    QCOMPARE((*failed)->state, u"failed"_s);
    QCOMPARE((*failed)->attempts, 1);
    QCOMPARE((*failed)->lastError, u"gave up"_s);
    m_clock.advanceSecs(86400);
    const auto due = m_outbox->due(10);
    VERIFY_OK(due);
    QVERIFY(due->isEmpty());
    // Still readable for the payer pages.
    const auto mine = m_outbox->forPayer(m_payer, 10);
    VERIFY_OK(mine);
    QCOMPARE(mine->size(), 1);
}

void TestContactOutbox::claimIsExclusive()
{
    const auto id = m_outbox->enqueue(message(u"ord-1"_s, m_payer));
    VERIFY_OK(id);
    const auto first = m_outbox->claim(*id, m_clock.now().addSecs(40));
    VERIFY_OK(first);
    QVERIFY(*first);
    const auto second = m_outbox->claim(*id, m_clock.now().addSecs(40));
    VERIFY_OK(second);
    QVERIFY(!*second);
    auto due = m_outbox->due(10);
    VERIFY_OK(due);
    QVERIFY(due->isEmpty());
    // A claim that runs out (its owner died) makes the message due again.
    m_clock.advanceSecs(40);
    due = m_outbox->due(10);
    VERIFY_OK(due);
    QCOMPARE(due->size(), 1);
    const auto again = m_outbox->claim(*id, m_clock.now().addSecs(40));
    VERIFY_OK(again);
    QVERIFY(*again);
}

void TestContactOutbox::rolledBackOrderLeavesNoMessage()
{
    CHECK_OK(m_database->beginWriteTransaction());
    const auto id = m_outbox->enqueue(message(u"ord-1"_s, m_payer));
    VERIFY_OK(id);
    m_database->rollback();
    const auto messages = m_outbox->forOrder(u"ord-1"_s);
    VERIFY_OK(messages);
    QVERIFY(messages->isEmpty());

    CHECK_OK(m_database->beginWriteTransaction());
    CHECK_OK(m_outbox->enqueue(message(u"ord-1"_s, m_payer)));
    CHECK_OK(m_database->commit());
    const auto committed = m_outbox->forOrder(u"ord-1"_s);
    VERIFY_OK(committed);
    QCOMPARE(committed->size(), 1);
}

void TestContactOutbox::invalidMessagesRefused_data()
{
    QTest::addColumn<QString>("broken");
    QTest::newRow("no order") << u"orderId"_s;
    QTest::newRow("no payer") << u"payerId"_s;
    QTest::newRow("unknown channel") << u"channel"_s;
    QTest::newRow("no contact") << u"contactAddress"_s;
    QTest::newRow("no purpose") << u"purpose"_s;
    QTest::newRow("body not an object") << u"body"_s;
    QTest::newRow("unknown order") << u"foreignKey"_s;
}

void TestContactOutbox::invalidMessagesRefused()
{
    QFETCH(QString, broken);
    ContactMessage bad = message(u"ord-1"_s, m_payer);
    if (broken == u"orderId"_s)
        bad.orderId.clear();
    else if (broken == u"payerId"_s)
        bad.payerId = 0;
    else if (broken == u"channel"_s)
        bad.channel = u"pigeon"_s;
    else if (broken == u"contactAddress"_s)
        bad.contactAddress.clear();
    else if (broken == u"purpose"_s)
        bad.purpose.clear();
    else if (broken == u"body"_s)
        bad.body = JsonValue::string(u"hello"_s);
    else
        bad.orderId = u"no-such-order"_s;
    const auto id = m_outbox->enqueue(bad);
    QVERIFY(!id);
    QCOMPARE(id.error().code, broken == u"foreignKey"_s ? u"database_error"_s : u"contact_message_invalid"_s);
    const auto messages = m_outbox->forPayer(m_payer, 10);
    VERIFY_OK(messages);
    QVERIFY(messages->isEmpty());
}

void TestContactOutbox::unknownMessage()
{
    const auto found = m_outbox->find(4242);
    VERIFY_OK(found);
    QVERIFY(!found->has_value());
    const auto sent = m_outbox->markSent(4242);
    QVERIFY(!sent);
    QCOMPARE(sent.error().code, u"not_found"_s);
    const auto claimed = m_outbox->claim(4242, m_clock.now());
    VERIFY_OK(claimed);
    QVERIFY(!*claimed);
}

QTEST_GUILESS_MAIN(TestContactOutbox)
#include "test_ContactOutbox.moc"
