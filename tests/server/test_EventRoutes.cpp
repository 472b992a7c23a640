// GET /v1/events over real TLS: paging with the cursor, scoping by role, bad parameters.
// Built twice: on SQLite and (DESKPAY_TEST_POSTGRES) on the PostgreSQL of `./dev test`.

#include "EventTestSupport.h"
#include "server/EventRoutes.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;
using namespace deskpay::test;

class TestEventRoutes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void supervisorPagesThroughEverything();
    void agentsSeeTheirOwnDesk_data();
    void agentsSeeTheirOwnDesk();
    void cursorResumesWithoutRepeats();
    void badParameters_data();
    void badParameters();
    void needsASession();

private:
    [[nodiscard]] ApiResult get(const QString &query, const QString &token);
    [[nodiscard]] QString tokenFor(const QString &username);

    TestDatabase m_testDatabase;
    QTemporaryDir m_dir;
    ManualClock m_clock;
    std::unique_ptr<ServerInstance> m_instance;
    std::unique_ptr<EventLog> m_log;
    std::unique_ptr<ApiTestClient> m_client;
    QHash<QString, QString> m_tokens;
};

void TestEventRoutes::initTestCase()
{
    const QString error = m_testDatabase.create();
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
    auto instance = startEventServer(m_testDatabase, m_dir, m_clock);
    VERIFY_OK(instance);
    m_instance = std::move(*instance);
    m_log = std::make_unique<EventLog>(m_instance->database(), m_clock);
    m_client = std::make_unique<ApiTestClient>(m_instance->caCertificatePath());

    // The instance registers the routes itself (ServerInstance wires EventRoutes).
    // Seven events on DESK-01 (agent1's and super1's desk) and five on DESK-02, interleaved.
    const Database &database = m_instance->database();
    const qint64 agent1 = agentId(*m_instance, u"agent1"_s);
    const qint64 agent2 = agentId(*m_instance, u"agent2"_s);
    VERIFY_OK_ONCE(insertOrder(database, u"ORD-A"_s, u"DESK-01"_s, agent1));
    VERIFY_OK_ONCE(insertOrder(database, u"ORD-B"_s, u"DESK-02"_s, agent2));
    for (int i = 0; i < 12; ++i) {
        const bool desk1 = i % 2 == 0 || i == 11;
        VERIFY_OK_ONCE(appendCommitted(database, *m_log,
            makeEvent(desk1 ? u"ORD-A"_s : u"ORD-B"_s, desk1 ? u"DESK-01"_s : u"DESK-02"_s, desk1 ? agent1 : agent2,
                i < 2 ? std::nullopt : std::optional(OrderState::Submitted), OrderState::Submitted, m_clock.now())));
    }
    QCOMPARE(m_log->lastSeq().value(), 12);
}

void TestEventRoutes::cleanupTestCase()
{
    m_client.reset();
    m_instance.reset();
}

QString TestEventRoutes::tokenFor(const QString &username)
{
    if (!m_tokens.contains(username)) {
        const QByteArray body = QJsonDocument(
            QJsonObject { { u"username"_s, username }, { u"password"_s, QString(DemoAgents::Password) } })
                                    .toJson(QJsonDocument::Compact);
        const ApiResult login = m_client->postJson(QUrl(m_instance->url() + u"/v1/sessions"_s), body);
        m_tokens.insert(username, login.json().value(u"token"_s).toString());
    }
    return m_tokens.value(username);
}

ApiResult TestEventRoutes::get(const QString &query, const QString &token)
{
    return m_client->request("GET"_ba, QUrl(m_instance->url() + u"/v1/events"_s + query), {},
        token.isEmpty() ? ApiTestClient::Headers {} : ApiTestClient::bearer(token));
}

void TestEventRoutes::supervisorPagesThroughEverything()
{
    const QString token = tokenFor(u"super1"_s);
    QVERIFY(!token.isEmpty());
    QList<qint64> seqs;
    qint64 after = 0;
    int pages = 0;
    for (bool more = true; more; ++pages) {
        const ApiResult page = get(u"?after=%1&limit=5"_s.arg(after), token);
        QCOMPARE(page.status, 200);
        QCOMPARE(page.contentType, "application/json"_ba);
        const QJsonObject body = page.json();
        QCOMPARE(body.keys(), (QStringList { u"events"_s, u"lastSeq"_s, u"more"_s }));
        const QJsonArray events = body.value(u"events"_s).toArray();
        QVERIFY(events.size() <= 5);
        for (const QJsonValue &event : events)
            seqs.append(event.toObject().value(u"seq"_s).toInteger());
        more = body.value(u"more"_s).toBool();
        after = body.value(u"lastSeq"_s).toInteger();
        QVERIFY(pages < 10);
    }
    QCOMPARE(pages, 3);
    QCOMPARE(seqs, (QList<qint64> { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }));
    QCOMPARE(after, 12);

    // The default page holds them all; the first event is the creation, in the wire form.
    const ApiResult all = get({}, token);
    QCOMPARE(all.status, 200);
    const QJsonArray events = all.json().value(u"events"_s).toArray();
    QCOMPARE(events.size(), 12);
    const QJsonObject first = events.at(0).toObject();
    QCOMPARE(first.keys(),
        (QStringList {
            u"actor"_s, u"at"_s, u"data"_s, u"desk"_s, u"from"_s, u"kind"_s, u"orderId"_s, u"seq"_s, u"to"_s }));
    QCOMPARE(first.value(u"from"_s), QJsonValue(QJsonValue::Null));
    QCOMPARE(first.value(u"to"_s).toString(), u"SUBMITTED"_s);
    QCOMPARE(first.value(u"kind"_s).toString(), u"order.created"_s);
    QCOMPARE(first.value(u"actor"_s).toObject().value(u"kind"_s).toString(), u"agent"_s);
    QCOMPARE(first.value(u"data"_s).toObject().value(u"order"_s).toObject().value(u"id"_s).toString(), u"ORD-A"_s);
    QCOMPARE(all.json().value(u"more"_s).toBool(), false);
    QCOMPARE(all.json().value(u"lastSeq"_s).toInteger(), 12);
}

void TestEventRoutes::agentsSeeTheirOwnDesk_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("desk");
    QTest::addColumn<QList<qint64>>("expected");
    QTest::newRow("agent1") << u"agent1"_s << u"DESK-01"_s << QList<qint64> { 1, 3, 5, 7, 9, 11, 12 };
    QTest::newRow("agent2") << u"agent2"_s << u"DESK-02"_s << QList<qint64> { 2, 4, 6, 8, 10 };
}

void TestEventRoutes::agentsSeeTheirOwnDesk()
{
    QFETCH(QString, username);
    QFETCH(QString, desk);
    QFETCH(QList<qint64>, expected);
    const ApiResult result = get(u"?limit=1000"_s, tokenFor(username));
    QCOMPARE(result.status, 200);
    QList<qint64> seqs;
    for (const QJsonValue &event : result.json().value(u"events"_s).toArray()) {
        QCOMPARE(event.toObject().value(u"desk"_s).toString(), desk);
        seqs.append(event.toObject().value(u"seq"_s).toInteger());
    }
    QCOMPARE(seqs, expected);
    // The cursor moves to the head even when the last events belong to another desk.
    QCOMPARE(result.json().value(u"lastSeq"_s).toInteger(), 12);
}

void TestEventRoutes::cursorResumesWithoutRepeats()
{
    const QString token = tokenFor(u"agent2"_s);
    const ApiResult first = get(u"?after=0&limit=2"_s, token);
    QCOMPARE(first.status, 200);
    QCOMPARE(first.json().value(u"lastSeq"_s).toInteger(), 4);
    QVERIFY(first.json().value(u"more"_s).toBool());
    const ApiResult second = get(u"?after=4&limit=2"_s, token);
    const QJsonArray events = second.json().value(u"events"_s).toArray();
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(0).toObject().value(u"seq"_s).toInteger(), 6);
    QCOMPARE(events.at(1).toObject().value(u"seq"_s).toInteger(), 8);
    const ApiResult atHead = get(u"?after=12"_s, token);
    QCOMPARE(atHead.json().value(u"events"_s).toArray().size(), 0);
    QCOMPARE(atHead.json().value(u"lastSeq"_s).toInteger(), 12);
    QCOMPARE(atHead.json().value(u"more"_s).toBool(), false);
}

void TestEventRoutes::badParameters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("field");
    QTest::newRow("negative after") << u"?after=-1"_s << u"after"_s;
    QTest::newRow("after not a number") << u"?after=abc"_s << u"after"_s;
    QTest::newRow("after empty") << u"?after="_s << u"after"_s;
    QTest::newRow("after fraction") << u"?after=1.5"_s << u"after"_s;
    QTest::newRow("after huge") << u"?after=99999999999999999999999"_s << u"after"_s;
    QTest::newRow("after twice") << u"?after=1&after=2"_s << u"after"_s;
    QTest::newRow("limit zero") << u"?limit=0"_s << u"limit"_s;
    QTest::newRow("limit too big") << u"?limit=1001"_s << u"limit"_s;
    QTest::newRow("limit not a number") << u"?limit=ten"_s << u"limit"_s;
    QTest::newRow("unknown parameter") << u"?since=3"_s << u"since"_s;
}

void TestEventRoutes::badParameters()
{
    QFETCH(QString, query);
    QFETCH(QString, field);
    const ApiResult result = get(query, tokenFor(u"super1"_s));
    QCOMPARE(result.status, 400);
    QCOMPARE(result.errorCode(), u"invalid_parameter"_s);
    QCOMPARE(result.json().value(u"error"_s).toObject().value(u"field"_s).toString(), field);
    QVERIFY(result.json().value(u"error"_s).toObject().value(u"message"_s).toString().contains(field));
}

void TestEventRoutes::needsASession()
{
    const ApiResult none = get({}, {});
    QCOMPARE(none.status, 401);
    QCOMPARE(none.errorCode(), u"unauthenticated"_s);
    const ApiResult bogus = get({}, u"not-a-real-token-not-a-real-token-not-a-r"_s);
    QCOMPARE(bogus.status, 401);
    QCOMPARE(bogus.errorCode(), u"unauthenticated"_s);
    const ApiResult post = m_client->postJson(
        QUrl(m_instance->url() + u"/v1/events"_s), "{}"_ba, ApiTestClient::bearer(tokenFor(u"super1"_s)));
    QCOMPARE(post.status, 405);
}

QTEST_GUILESS_MAIN(TestEventRoutes)
#include "test_EventRoutes.moc"
