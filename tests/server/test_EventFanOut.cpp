// Two server instances on one PostgreSQL schema: an event committed through one reaches the
// stream clients of the other through LISTEN/NOTIFY, without any wake inside that instance.

#include "EventTestSupport.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;
using namespace deskpay::test;

class TestEventFanOut : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void eventsCrossInstances();
    void listenerSurvivesALostConnection();

private:
    struct Node
    {
        QTemporaryDir dir;
        std::unique_ptr<ServerInstance> instance;
        std::unique_ptr<EventLog> log;
        std::unique_ptr<StreamEndpoint> endpoint;
        std::unique_ptr<ApiTestClient> client;
        QString token;
    };
    void startNode(Node &node, bool listen);

    TestDatabase m_testDatabase;
    ManualClock m_clock;
    Node m_a;
    Node m_b;
    Node m_deaf; // does not LISTEN: shows that only the notification carries events across
};

void TestEventFanOut::startNode(Node &node, bool listen)
{
    auto instance = startEventServer(m_testDatabase, node.dir, m_clock);
    VERIFY_OK(instance);
    node.instance = std::move(*instance);
    node.log = std::make_unique<EventLog>(node.instance->database(), m_clock);
    EventStreamOptions options;
    options.heartbeatInterval = std::chrono::hours(1); // no periodic read may stand in for the notification
    options.pongTimeout = std::chrono::hours(2);
    auto endpoint = startStreamEndpoint(*node.instance, *node.log, m_clock, options, listen);
    VERIFY_OK(endpoint);
    node.endpoint = std::move(*endpoint);
    QCOMPARE(node.endpoint->notifier.isListening(), listen);
    node.client = std::make_unique<ApiTestClient>(node.instance->caCertificatePath());
    node.token = loginToken(*node.client, node.instance->url(), u"super1"_s);
    QVERIFY(!node.token.isEmpty());
}

void TestEventFanOut::initTestCase()
{
    static_assert(TestDatabase::isPostgres(), "fan-out goes through PostgreSQL notifications");
    const QString error = m_testDatabase.create();
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
    startNode(m_a, true);
    startNode(m_b, true);
    startNode(m_deaf, false);
    QVERIFY(&m_a.instance->database() != &m_b.instance->database());
    VERIFY_OK_ONCE(
        insertOrder(m_a.instance->database(), u"ORD-1"_s, u"DESK-01"_s, agentId(*m_a.instance, u"agent1"_s)));
}

void TestEventFanOut::cleanupTestCase()
{
    for (Node *node : { &m_a, &m_b, &m_deaf }) {
        node->endpoint.reset();
        node->client.reset();
        node->instance.reset();
    }
}

void TestEventFanOut::eventsCrossInstances()
{
    StreamClient onA(m_a.instance->caCertificatePath());
    StreamClient onB(m_b.instance->caCertificatePath());
    StreamClient onDeaf(m_deaf.instance->caCertificatePath());
    onA.open(m_a.endpoint->url(u"/v1/events/stream?after=0"_s), m_a.token);
    onB.open(m_b.endpoint->url(u"/v1/events/stream?after=0"_s), m_b.token);
    onDeaf.open(m_deaf.endpoint->url(u"/v1/events/stream?after=0"_s), m_deaf.token);
    QTRY_VERIFY(onA.isReady() && onB.isReady() && onDeaf.isReady());

    // Through A, announced only in A (as A's pipeline does).
    const auto first = appendCommitted(m_a.instance->database(), *m_a.log,
        makeEvent(u"ORD-1"_s, u"DESK-01"_s, 1, std::nullopt, OrderState::Submitted, m_clock.now()));
    VERIFY_OK(first);
    m_a.endpoint->notifier.announce();
    QTRY_COMPARE(onA.seqs(), QList<qint64> { *first });
    QTRY_COMPARE(onB.seqs(), QList<qint64> { *first });

    // Through B, announced nowhere: the notification alone wakes both listening instances.
    const auto second = appendCommitted(m_b.instance->database(), *m_b.log,
        makeEvent(u"ORD-1"_s, u"DESK-01"_s, 1, OrderState::Submitted, OrderState::Cancelled, m_clock.now()));
    VERIFY_OK(second);
    QTRY_COMPARE(onB.seqs(), (QList<qint64> { *first, *second }));
    QTRY_COMPARE(onA.seqs(), (QList<qint64> { *first, *second }));
    QCOMPARE(onB.events.constLast().value(u"to"_s).toString(), u"CANCELLED"_s);

    // The instance that does not listen heard of neither (its backlog read ran before them).
    QVERIFY(onDeaf.events.isEmpty());
    // …until something wakes it; then it catches up from its cursor, in order.
    m_deaf.endpoint->notifier.announce();
    QTRY_COMPARE(onDeaf.seqs(), (QList<qint64> { *first, *second }));
}

void TestEventFanOut::listenerSurvivesALostConnection()
{
    EventNotifier &notifier = m_b.endpoint->notifier;
    VERIFY_OK_ONCE(notifier.listen(m_b.instance->database(), std::chrono::milliseconds(100)));
    const qint64 before = notifier.listenerBackendPid();
    QVERIFY(before > 0);
    StreamClient onB(m_b.instance->caCertificatePath());
    onB.open(m_b.endpoint->url(u"/v1/events/stream?after=%1"_s.arg(m_a.log->lastSeq().value())), m_b.token);
    QTRY_VERIFY(onB.isReady());

    // As a database restart would: the listening connection goes away under the notifier.
    VERIFY_OK_ONCE(m_a.instance->database().exec(u"SELECT pg_terminate_backend(%1)"_s.arg(before)));
    QTRY_VERIFY_WITH_TIMEOUT(notifier.listenerBackendPid() != before && notifier.listenerBackendPid() != 0, 10000);

    // A new listener: an event committed through A still reaches B's client.
    const auto seq = appendCommitted(m_a.instance->database(), *m_a.log,
        makeEvent(u"ORD-1"_s, u"DESK-01"_s, 1, OrderState::Submitted, OrderState::Cancelled, m_clock.now()));
    VERIFY_OK(seq);
    QTRY_COMPARE_WITH_TIMEOUT(onB.seqs(), QList<qint64> { *seq }, 10000);
}

QTEST_GUILESS_MAIN(TestEventFanOut)
#include "test_EventFanOut.moc"
