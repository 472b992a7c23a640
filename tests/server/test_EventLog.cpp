// The event log store: append, readAfter, readPage, forOrder, scope and the wire form; on
// PostgreSQL also that concurrent writers hand out sequence numbers in commit order.
// Built twice: on SQLite and (DESKPAY_TEST_POSTGRES) on the PostgreSQL of `./dev test`.

#include "EventTestSupport.h"
#include "server/EventLog.h"

#include <QSemaphore>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace deskpay;
using namespace deskpay::test;

class TestEventLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void appendAssignsIncreasingSeqAndRoundTrips();
    void readAfterIsAscendingLimitedAndScoped_data();
    void readAfterIsAscendingLimitedAndScoped();
    void pageCursorPassesOtherDesksEvents();
    void forOrderIsTheHistory();
    void appendRefusesIncompleteEvents_data();
    void appendRefusesIncompleteEvents();
    void rolledBackAppendLeavesNoEvent();
    void wireForm();
    void concurrentWritersCommitInSeqOrder();
    void readersNeverSeeAGap();

private:
    void appendSome();

    std::unique_ptr<TestDatabase> m_testDatabase;
    std::unique_ptr<QTemporaryDir> m_dir;
    ManualClock m_clock { QDateTime(QDate(2026, 11, 22), QTime(8, 30), Qt::UTC) };
    std::unique_ptr<ServerInstance> m_instance;
    std::unique_ptr<EventLog> m_log;
    qint64 m_agent1 = 0;
    qint64 m_agent2 = 0;
};

void TestEventLog::init()
{
    m_testDatabase = std::make_unique<TestDatabase>();
    const QString error = m_testDatabase->create();
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
    m_dir = std::make_unique<QTemporaryDir>();
    auto instance = startEventServer(*m_testDatabase, *m_dir, m_clock);
    VERIFY_OK(instance);
    m_instance = std::move(*instance);
    m_log = std::make_unique<EventLog>(m_instance->database(), m_clock);
    m_agent1 = agentId(*m_instance, u"agent1"_s);
    m_agent2 = agentId(*m_instance, u"agent2"_s);
    QVERIFY(m_agent1 > 0 && m_agent2 > 0);
    VERIFY_OK_ONCE(insertOrder(m_instance->database(), u"ORD-1"_s, u"DESK-01"_s, m_agent1));
    VERIFY_OK_ONCE(insertOrder(m_instance->database(), u"ORD-2"_s, u"DESK-02"_s, m_agent2));
}

void TestEventLog::cleanup()
{
    m_log.reset();
    m_instance.reset();
    m_dir.reset();
    m_testDatabase.reset();
}

// Six events alternating between the two desks: seq 1..6, odd ones DESK-01.
void TestEventLog::appendSome()
{
    const QDateTime at = m_clock.now();
    const QList<std::pair<std::optional<OrderState>, OrderState>> moves {
        { std::nullopt, OrderState::Submitted },
        { OrderState::Submitted, OrderState::AwaitingPayerConfirmation },
        { OrderState::AwaitingPayerConfirmation, OrderState::PaymentPending },
    };
    for (const auto &[from, to] : moves) {
        VERIFY_OK_ONCE(appendCommitted(
            m_instance->database(), *m_log, makeEvent(u"ORD-1"_s, u"DESK-01"_s, m_agent1, from, to, at)));
        VERIFY_OK_ONCE(appendCommitted(
            m_instance->database(), *m_log, makeEvent(u"ORD-2"_s, u"DESK-02"_s, m_agent2, from, to, at)));
    }
}

void TestEventLog::appendAssignsIncreasingSeqAndRoundTrips()
{
    QCOMPARE(m_log->lastSeq().value(), 0);
    OrderEvent created = makeEvent(
        u"ORD-1"_s, u"DESK-01"_s, m_agent1, std::nullopt, OrderState::Submitted, m_clock.now().addMSecs(123));
    const auto first = appendCommitted(m_instance->database(), *m_log, created);
    VERIFY_OK(first);
    OrderEvent rejected
        = makeEvent(u"ORD-1"_s, u"DESK-01"_s, m_agent1, OrderState::Submitted, OrderState::Rejected, m_clock.now());
    rejected.actorKind = u"system"_s;
    rejected.actor = u"intake"_s;
    rejected.reason = u"REAL_NAME_MISMATCH"_s;
    const auto second = appendCommitted(m_instance->database(), *m_log, rejected);
    VERIFY_OK(second);
    QVERIFY(*second > *first);
    QCOMPARE(m_log->lastSeq().value(), *second);

    const auto read = m_log->readAfter(0, {}, 10);
    VERIFY_OK(read);
    QCOMPARE(read->size(), 2);
    const OrderEvent &a = read->at(0);
    QCOMPARE(a.seq, *first);
    QCOMPARE(a.orderId, u"ORD-1"_s);
    QCOMPARE(a.desk, u"DESK-01"_s);
    QCOMPARE(a.agentId, m_agent1);
    QCOMPARE(a.kind, u"order.created"_s);
    QVERIFY(!a.from);
    QCOMPARE(a.to, OrderState::Submitted);
    QCOMPARE(a.actorKind, u"agent"_s);
    QCOMPARE(a.actor, u"agent1"_s);
    QVERIFY(a.reason.isEmpty());
    QCOMPARE(a.at, m_clock.now().addMSecs(123));
    QCOMPARE(a.data.toCanonicalJson(), created.data.toCanonicalJson());
    const OrderEvent &b = read->at(1);
    QCOMPARE(b.from, std::optional(OrderState::Submitted));
    QCOMPARE(b.to, OrderState::Rejected);
    QCOMPARE(b.actorKind, u"system"_s);
    QCOMPARE(b.reason, u"REAL_NAME_MISMATCH"_s);
}

void TestEventLog::readAfterIsAscendingLimitedAndScoped_data()
{
    QTest::addColumn<qint64>("after");
    QTest::addColumn<std::optional<QString>>("desk");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QList<qint64>>("expected");
    QTest::newRow("everything") << qint64(0) << std::optional<QString>() << 100 << QList<qint64> { 1, 2, 3, 4, 5, 6 };
    QTest::newRow("after 4") << qint64(4) << std::optional<QString>() << 100 << QList<qint64> { 5, 6 };
    QTest::newRow("limit 2") << qint64(1) << std::optional<QString>() << 2 << QList<qint64> { 2, 3 };
    QTest::newRow("desk 1") << qint64(0) << std::optional(u"DESK-01"_s) << 100 << QList<qint64> { 1, 3, 5 };
    QTest::newRow("desk 2 after 2") << qint64(2) << std::optional(u"DESK-02"_s) << 100 << QList<qint64> { 4, 6 };
    QTest::newRow("desk 2 limit 1") << qint64(0) << std::optional(u"DESK-02"_s) << 1 << QList<qint64> { 2 };
    QTest::newRow("other desk") << qint64(0) << std::optional(u"DESK-77"_s) << 100 << QList<qint64> {};
    QTest::newRow("past the end") << qint64(6) << std::optional<QString>() << 100 << QList<qint64> {};
}

void TestEventLog::readAfterIsAscendingLimitedAndScoped()
{
    QFETCH(qint64, after);
    QFETCH(std::optional<QString>, desk);
    QFETCH(int, limit);
    QFETCH(QList<qint64>, expected);
    appendSome();
    // The test's numbering assumes a fresh log; PostgreSQL identities and SQLite AUTOINCREMENT both start at 1.
    QCOMPARE(m_log->lastSeq().value(), 6);
    const auto events = m_log->readAfter(after, EventScope { desk }, limit);
    VERIFY_OK(events);
    QList<qint64> seqs;
    for (const OrderEvent &event : *events) {
        seqs.append(event.seq);
        if (desk)
            QCOMPARE(event.desk, *desk);
    }
    QCOMPARE(seqs, expected);
}

void TestEventLog::pageCursorPassesOtherDesksEvents()
{
    appendSome();
    // DESK-02 ends at 6; DESK-01's last event is 5, but nothing of DESK-01 can come before 7 now.
    const auto page = m_log->readPage(0, EventScope { u"DESK-01"_s }, 10);
    VERIFY_OK(page);
    QCOMPARE(page->events.size(), 3);
    QVERIFY(!page->more);
    QCOMPARE(page->lastSeq, 6);

    const auto first = m_log->readPage(0, EventScope { u"DESK-01"_s }, 2);
    VERIFY_OK(first);
    QCOMPARE(first->events.size(), 2);
    QVERIFY(first->more);
    QCOMPARE(first->lastSeq, 3); // the last event sent, not the head: there is more
    const auto rest = m_log->readPage(first->lastSeq, EventScope { u"DESK-01"_s }, 2);
    VERIFY_OK(rest);
    QCOMPARE(rest->events.size(), 1);
    QCOMPARE(rest->events.constFirst().seq, 5);
    QVERIFY(!rest->more);
    QCOMPARE(rest->lastSeq, 6);

    const auto empty = m_log->readPage(6, {}, 10);
    VERIFY_OK(empty);
    QVERIFY(empty->events.isEmpty());
    QCOMPARE(empty->lastSeq, 6);
    const auto exact = m_log->readPage(0, {}, 6);
    VERIFY_OK(exact);
    QCOMPARE(exact->events.size(), 6);
    QVERIFY(!exact->more); // exactly a page: `more` looks one further, so no empty extra round trip
}

void TestEventLog::forOrderIsTheHistory()
{
    appendSome();
    const auto history = m_log->forOrder(u"ORD-2"_s);
    VERIFY_OK(history);
    QCOMPARE(history->size(), 3);
    QVERIFY(!history->at(0).from);
    QCOMPARE(history->at(0).to, OrderState::Submitted);
    QCOMPARE(history->at(1).to, OrderState::AwaitingPayerConfirmation);
    QCOMPARE(history->at(2).from, std::optional(OrderState::AwaitingPayerConfirmation));
    QCOMPARE(history->at(2).to, OrderState::PaymentPending);
    QVERIFY(history->at(0).seq < history->at(1).seq && history->at(1).seq < history->at(2).seq);
    QVERIFY(m_log->forOrder(u"ORD-404"_s).value().isEmpty());
}

void TestEventLog::appendRefusesIncompleteEvents_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("code");
    QTest::newRow("actor kind") << u"actorKind"_s << u"invalid_event"_s;
    QTest::newRow("no desk") << u"desk"_s << u"invalid_event"_s;
    QTest::newRow("no actor") << u"actor"_s << u"invalid_event"_s;
    QTest::newRow("unknown order") << u"order"_s << u"database_error"_s;
}

void TestEventLog::appendRefusesIncompleteEvents()
{
    QFETCH(QString, what);
    QFETCH(QString, code);
    OrderEvent event
        = makeEvent(u"ORD-1"_s, u"DESK-01"_s, m_agent1, std::nullopt, OrderState::Submitted, m_clock.now());
    if (what == u"actorKind"_s)
        event.actorKind = u"robot"_s;
    else if (what == u"desk"_s)
        event.desk.clear();
    else if (what == u"actor"_s)
        event.actor.clear();
    else
        event.orderId = u"ORD-404"_s;
    const auto seq = appendCommitted(m_instance->database(), *m_log, event);
    QVERIFY(!seq);
    QCOMPARE(seq.error().code, code);
    QCOMPARE(m_log->lastSeq().value(), 0);
}

void TestEventLog::rolledBackAppendLeavesNoEvent()
{
    const Database &database = m_instance->database();
    VERIFY_OK_ONCE(database.beginWriteTransaction());
    VERIFY_OK_ONCE(m_log->append(
        makeEvent(u"ORD-1"_s, u"DESK-01"_s, m_agent1, std::nullopt, OrderState::Submitted, m_clock.now())));
    database.rollback();
    QCOMPARE(m_log->lastSeq().value(), 0);
    const auto seq = appendCommitted(database, *m_log,
        makeEvent(u"ORD-1"_s, u"DESK-01"_s, m_agent1, std::nullopt, OrderState::Submitted, m_clock.now()));
    VERIFY_OK(seq);
    QCOMPARE(m_log->readAfter(0, {}, 10).value().size(), 1);
}

void TestEventLog::wireForm()
{
    OrderEvent event = makeEvent(u"ORD-1"_s, u"DESK-01"_s, m_agent1, OrderState::Submitted, OrderState::Rejected,
        QDateTime(QDate(2026, 11, 22), QTime(8, 30, 5, 250), Qt::UTC));
    event.seq = 42;
    event.reason = u"REAL_NAME_MISMATCH"_s;
    QCOMPARE(EventLog::toJson(event).toCanonicalJson(),
        R"({"actor":{"kind":"agent","name":"agent1"},"at":"2026-11-22T08:30:05Z","data":{"order":{"id":"ORD-1","state":"REJECTED"}},"desk":"DESK-01","from":"SUBMITTED","kind":"order.state_changed","orderId":"ORD-1","reason":"REAL_NAME_MISMATCH","seq":42,"to":"REJECTED"})"_ba);
    event.from.reset();
    event.reason.clear();
    const QByteArray created = EventLog::toJson(event).toCanonicalJson();
    QVERIFY(created.contains(R"("from":null)"_ba));
    QVERIFY(!created.contains(R"("reason")"_ba));
}

void TestEventLog::concurrentWritersCommitInSeqOrder()
{
    if (!TestDatabase::isPostgres())
        return; // SQLite has one writer at a time by construction (BEGIN IMMEDIATE)
    const Database &database = m_instance->database();
    QSemaphore firstAppended;
    QSemaphore commitFirst;
    std::atomic<qint64> firstSeq = 0;
    std::atomic<qint64> secondSeq = 0;
    std::atomic<bool> secondAppended = false;
    QString failure;
    QMutex failureMutex;
    auto note = [&](const Result<qint64> &r) {
        if (!r) {
            QMutexLocker lock(&failureMutex);
            failure = r.error().message;
        }
        return r ? *r : 0;
    };

    std::unique_ptr<QThread> first(QThread::create([&] {
        (void)database.beginWriteTransaction();
        firstSeq = note(m_log->append(
            makeEvent(u"ORD-1"_s, u"DESK-01"_s, m_agent1, std::nullopt, OrderState::Submitted, m_clock.now())));
        firstAppended.release();
        commitFirst.acquire();
        (void)database.commit();
    }));
    std::atomic<qint64> secondPid = 0;
    std::unique_ptr<QThread> second(QThread::create([&] {
        firstAppended.acquire();
        {
            QSqlQuery pid(database.connection());
            if (pid.exec(u"SELECT pg_backend_pid()"_s) && pid.next())
                secondPid = pid.value(0).toLongLong();
        }
        (void)database.beginWriteTransaction();
        secondSeq = note(m_log->append(
            makeEvent(u"ORD-2"_s, u"DESK-02"_s, m_agent2, std::nullopt, OrderState::Submitted, m_clock.now())));
        secondAppended = true;
        (void)database.commit();
    }));
    first->start();
    second->start();

    // The second writer waits on the advisory lock while the first transaction is open.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            if (secondPid == 0)
                return false;
            QSqlQuery query(database.connection());
            return query.exec(
                       u"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND pid = %1"_s.arg(
                           secondPid.load()))
                && query.next() && query.value(0).toInt() == 1;
        }(),
        10000);
    QVERIFY(!secondAppended);
    QCOMPARE(m_log->lastSeq().value(), 0); // nothing committed yet
    commitFirst.release();
    QVERIFY(first->wait(10000));
    QVERIFY(second->wait(10000));
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QVERIFY(secondSeq > firstSeq);
    QCOMPARE(m_log->lastSeq().value(), secondSeq.load());
}

void TestEventLog::readersNeverSeeAGap()
{
    // Writers append in overlapping transactions while a reader polls: whatever the reader sees
    // is always 1..N without a hole (a hole would be an N+1 committed before N). Both backends.
    const Database &database = m_instance->database();
    constexpr int PerWriter = 40;
    std::atomic<int> writersDone = 0;
    QString failure;
    QMutex failureMutex;
    auto writer = [&](const QString &order, const QString &desk, qint64 agent) {
        for (int i = 0; i < PerWriter; ++i) {
            auto seq = appendCommitted(
                database, *m_log, makeEvent(order, desk, agent, std::nullopt, OrderState::Submitted, m_clock.now()));
            if (!seq) {
                QMutexLocker lock(&failureMutex);
                failure = seq.error().message;
                break;
            }
        }
        ++writersDone;
    };
    std::unique_ptr<QThread> a(QThread::create(writer, u"ORD-1"_s, u"DESK-01"_s, m_agent1));
    std::unique_ptr<QThread> b(QThread::create(writer, u"ORD-2"_s, u"DESK-02"_s, m_agent2));
    a->start();
    b->start();
    int reads = 0;
    qint64 seen = 0;
    while (writersDone < 2 || seen < 2 * PerWriter) {
        const auto events = m_log->readAfter(0, {}, 1000);
        VERIFY_OK(events);
        for (qsizetype i = 0; i < events->size(); ++i)
            QCOMPARE(events->at(i).seq, qint64(i + 1));
        QVERIFY(events->size() >= seen); // committed events never disappear
        seen = events->size();
        ++reads;
        if (writersDone == 2 && seen < 2 * PerWriter && !failure.isEmpty())
            break;
    }
    QVERIFY(a->wait(20000));
    QVERIFY(b->wait(20000));
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QCOMPARE(seen, qint64(2 * PerWriter));
    QVERIFY(reads > 1);
}

QTEST_GUILESS_MAIN(TestEventLog)
#include "test_EventLog.moc"
