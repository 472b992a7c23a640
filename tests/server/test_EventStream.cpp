// The WebSocket stream wss://…/v1/events/stream over real TLS: backlog, live events, resume
// after a reconnect with every event exactly once and in order, scoping, refusals with their
// close codes, header and first-message authentication, heartbeats and dead-client detection.
// Built twice: on SQLite and (DESKPAY_TEST_POSTGRES) on the PostgreSQL of `./dev test`.

#include "EventTestSupport.h"
#include "server/EventStream.h"

#include <QSslSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;
using namespace deskpay::test;

namespace {

// Long enough that no heartbeat read can stand in for a missing wake.
EventStreamOptions quietOptions()
{
    EventStreamOptions options;
    options.heartbeatInterval = std::chrono::hours(1);
    options.pongTimeout = std::chrono::hours(2);
    return options;
}

QList<qint64> range(qint64 first, qint64 last)
{
    QList<qint64> out;
    for (qint64 i = first; i <= last; ++i)
        out.append(i);
    return out;
}

} // namespace

class TestEventStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void backlogThenLive();
    void resumeDeliversEveryEventExactlyOnce();
    void longBacklogIsPaged();
    void agentSeesOnlyTheirDesk();
    void refused_data();
    void refused();
    void authenticatesWithFirstMessage();
    void authTimeout();
    void heartbeats();
    void dropsAClientThatDoesNotPong();
    void plainHttpIsTurnedAway();
    void theServersOwnPortServesTheStream();
    void shutdownClosesStreams();

private:
    void startEndpoint(const EventStreamOptions &options);
    void append(const QString &order, int count);
    [[nodiscard]] qint64 head() const { return m_log->lastSeq().value(); }

    TestDatabase m_testDatabase;
    QTemporaryDir m_dir;
    ManualClock m_clock;
    std::unique_ptr<ServerInstance> m_instance;
    std::unique_ptr<EventLog> m_log;
    std::unique_ptr<ApiTestClient> m_client;
    std::unique_ptr<StreamEndpoint> m_endpoint;
    QString m_super;
    QString m_agent2;
};

void TestEventStream::initTestCase()
{
    const QString error = m_testDatabase.create();
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
    auto instance = startEventServer(m_testDatabase, m_dir, m_clock);
    VERIFY_OK(instance);
    m_instance = std::move(*instance);
    m_log = std::make_unique<EventLog>(m_instance->database(), m_clock);
    m_client = std::make_unique<ApiTestClient>(m_instance->caCertificatePath());
    m_super = loginToken(*m_client, m_instance->url(), u"super1"_s);
    m_agent2 = loginToken(*m_client, m_instance->url(), u"agent2"_s);
    QVERIFY(!m_super.isEmpty() && !m_agent2.isEmpty());
    VERIFY_OK_ONCE(insertOrder(m_instance->database(), u"ORD-1"_s, u"DESK-01"_s, agentId(*m_instance, u"agent1"_s)));
    VERIFY_OK_ONCE(insertOrder(m_instance->database(), u"ORD-2"_s, u"DESK-02"_s, agentId(*m_instance, u"agent2"_s)));
}

void TestEventStream::init()
{
    startEndpoint(quietOptions());
}

void TestEventStream::cleanup()
{
    m_endpoint.reset();
}

void TestEventStream::cleanupTestCase()
{
    // Shutting the instance down with a stream client still connected.
    StreamClient client(m_instance->caCertificatePath());
    client.open(QUrl(m_instance->url().replace(u"https://"_s, u"wss://"_s) + u"/v1/events/stream"_s), m_super);
    QTRY_VERIFY(client.isReady());
    m_client.reset();
    m_instance.reset();
    QTRY_VERIFY(client.closed);
}

void TestEventStream::startEndpoint(const EventStreamOptions &options)
{
    m_endpoint.reset();
    auto endpoint = startStreamEndpoint(*m_instance, *m_log, m_clock, options);
    VERIFY_OK(endpoint);
    m_endpoint = std::move(*endpoint);
}

// `count` committed events on ORD-1 (DESK-01) or ORD-2 (DESK-02), then the wake the pipeline gives.
void TestEventStream::append(const QString &order, int count)
{
    const QString desk = order == u"ORD-1"_s ? u"DESK-01"_s : u"DESK-02"_s;
    for (int i = 0; i < count; ++i)
        VERIFY_OK_ONCE(appendCommitted(m_instance->database(), *m_log,
            makeEvent(order, desk, 1, OrderState::Submitted, OrderState::AwaitingPayerConfirmation, m_clock.now())));
    m_endpoint->notifier.announce();
}

void TestEventStream::backlogThenLive()
{
    append(u"ORD-1"_s, 3);
    append(u"ORD-2"_s, 2);
    const qint64 start = head() - 5;
    StreamClient client(m_instance->caCertificatePath());
    client.open(m_endpoint->url(u"/v1/events/stream?after=%1"_s.arg(start)), m_super);
    QTRY_COMPARE(client.seqs(), range(start + 1, start + 5));
    QVERIFY(client.sslErrors.isEmpty());
    QCOMPARE(client.messages.constFirst().value(u"type"_s).toString(), u"ready"_s);
    QCOMPARE(client.messages.constFirst().value(u"after"_s).toInteger(), start);
    const QJsonObject first = client.events.constFirst();
    QCOMPARE(first.value(u"orderId"_s).toString(), u"ORD-1"_s);
    QCOMPARE(first.value(u"from"_s).toString(), u"SUBMITTED"_s);
    QCOMPARE(first.value(u"to"_s).toString(), u"AWAITING_PAYER_CONFIRMATION"_s);

    append(u"ORD-2"_s, 2);
    append(u"ORD-1"_s, 1);
    QTRY_COMPARE(client.seqs(), range(start + 1, start + 8));
    QCOMPARE(m_endpoint->stream->connectionCount(), 1);
    QVERIFY(!client.closed);
}

void TestEventStream::resumeDeliversEveryEventExactlyOnce()
{
    append(u"ORD-1"_s, 4);
    const qint64 start = head() - 4;
    QList<qint64> applied;
    {
        StreamClient client(m_instance->caCertificatePath());
        client.open(m_endpoint->url(u"/v1/events/stream?after=%1"_s.arg(start)), m_super);
        QTRY_COMPARE(client.seqs().size(), 4);
        append(u"ORD-2"_s, 2);
        QTRY_COMPARE(client.seqs().size(), 6);
        applied = client.seqs();
        client.socket().close();
        QTRY_VERIFY(client.closed);
    }
    QTRY_COMPARE(m_endpoint->stream->connectionCount(), 0);
    append(u"ORD-1"_s, 3); // while nobody listens
    StreamClient again(m_instance->caCertificatePath());
    again.open(m_endpoint->url(u"/v1/events/stream?after=%1"_s.arg(applied.constLast())), m_super);
    QTRY_COMPARE(again.seqs().size(), 3);
    append(u"ORD-2"_s, 1);
    QTRY_COMPARE(again.seqs().size(), 4);
    applied += again.seqs();
    QCOMPARE(applied, range(start + 1, start + 10));
    // Nothing more turns up: one more wake without new events sends nothing.
    m_endpoint->notifier.announce();
    append(u"ORD-1"_s, 1);
    QTRY_COMPARE(again.seqs().size(), 5);
    QCOMPARE(again.seqs().constLast(), start + 11);
}

void TestEventStream::longBacklogIsPaged()
{
    EventStreamOptions options = quietOptions();
    options.pageSize = 3;
    options.maxBufferedBytes = 1500; // a few events: the stream must wait for the socket to drain
    startEndpoint(options);
    const qint64 start = head();
    append(u"ORD-1"_s, 25);
    append(u"ORD-2"_s, 25);
    StreamClient client(m_instance->caCertificatePath());
    client.open(m_endpoint->url(u"/v1/events/stream?after=%1"_s.arg(start)), m_super);
    QTRY_COMPARE_WITH_TIMEOUT(client.seqs().size(), 50, 20000);
    QCOMPARE(client.seqs(), range(start + 1, start + 50));
}

void TestEventStream::agentSeesOnlyTheirDesk()
{
    const qint64 start = head();
    append(u"ORD-1"_s, 2);
    append(u"ORD-2"_s, 1);
    append(u"ORD-1"_s, 1);
    StreamClient client(m_instance->caCertificatePath());
    client.open(m_endpoint->url(u"/v1/events/stream?after=%1"_s.arg(start)), m_agent2);
    QTRY_COMPARE(client.seqs(), QList<qint64> { start + 3 });
    append(u"ORD-1"_s, 2);
    append(u"ORD-2"_s, 1);
    QTRY_COMPARE(client.seqs(), (QList<qint64> { start + 3, start + 7 }));
    for (const QJsonObject &event : std::as_const(client.events))
        QCOMPARE(event.value(u"desk"_s).toString(), u"DESK-02"_s);
}

void TestEventStream::refused_data()
{
    QTest::addColumn<QString>("pathAndQuery");
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("firstMessage");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reason");
    const QString bogus = u"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"_s;
    QTest::newRow("unknown token") << u"/v1/events/stream"_s << bogus << QString() << 4401 << u"unauthenticated"_s;
    QTest::newRow("malformed token") << u"/v1/events/stream"_s << u"x"_s << QString() << 4401 << u"unauthenticated"_s;
    QTest::newRow("first message not auth")
        << u"/v1/events/stream"_s << QString() << u"{\"type\":\"hello\"}"_s << 4401 << u"unauthenticated"_s;
    QTest::newRow("first message not json")
        << u"/v1/events/stream"_s << QString() << u"Bearer abc"_s << 4401 << u"unauthenticated"_s;
    QTest::newRow("auth message with unknown token")
        << u"/v1/events/stream"_s << QString() << u"{\"type\":\"auth\",\"token\":\"%1\"}"_s.arg(bogus) << 4401
        << u"unauthenticated"_s;
    // Other paths are refused before the upgrade (QHttpServer's missing handler: HTTP 404).
    QTest::newRow("wrong path") << u"/v1/events/streams"_s << u"super"_s << QString() << 0 << QString();
    QTest::newRow("root path") << u"/"_s << u"super"_s << QString() << 0 << QString();
    QTest::newRow("negative after") << u"/v1/events/stream?after=-3"_s << u"super"_s << QString() << 4400
                                    << u"invalid_parameter: after"_s;
    QTest::newRow("after twice") << u"/v1/events/stream?after=1&after=2"_s << u"super"_s << QString() << 4400
                                 << u"invalid_parameter: after"_s;
}

void TestEventStream::refused()
{
    QFETCH(QString, pathAndQuery);
    QFETCH(QString, token);
    QFETCH(QString, firstMessage);
    QFETCH(int, code);
    QFETCH(QString, reason);
    append(u"ORD-1"_s, 1);
    StreamClient client(m_instance->caCertificatePath());
    client.open(m_endpoint->url(pathAndQuery), token == u"super"_s ? m_super : token);
    if (!firstMessage.isEmpty()) {
        QSignalSpy connected(&client.socket(), &QWebSocket::connected);
        QVERIFY(connected.wait(10000));
        client.socket().sendTextMessage(firstMessage);
    }
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, 10000);
    if (code == 0) {
        QVERIFY2(client.errorString.contains(u"404"_s), qPrintable(client.errorString));
    } else {
        QCOMPARE(client.closeCode(), code);
        QCOMPARE(client.closeReason(), reason);
    }
    QVERIFY(client.events.isEmpty());
    QVERIFY(!client.isReady());
    QTRY_COMPARE(m_endpoint->stream->connectionCount(), 0);
}

void TestEventStream::authenticatesWithFirstMessage()
{
    append(u"ORD-2"_s, 2);
    const qint64 start = head() - 2;
    StreamClient client(m_instance->caCertificatePath());
    client.open(m_endpoint->url(u"/v1/events/stream?after=%1"_s.arg(start)));
    QSignalSpy connected(&client.socket(), &QWebSocket::connected);
    QVERIFY(connected.wait(10000));
    client.socket().sendTextMessage(u"{\"type\":\"auth\",\"token\":\"%1\"}"_s.arg(m_agent2));
    QTRY_COMPARE(client.seqs(), range(start + 1, start + 2));
    QVERIFY(client.isReady());
    // Later messages of the client are ignored; the stream goes on.
    client.socket().sendTextMessage(u"{\"type\":\"auth\",\"token\":\"nonsense\"}"_s);
    client.socket().sendTextMessage(u"whatever"_s);
    append(u"ORD-2"_s, 1);
    QTRY_COMPARE(client.seqs(), range(start + 1, start + 3));
    QVERIFY(!client.closed);
}

void TestEventStream::authTimeout()
{
    EventStreamOptions options = quietOptions();
    options.authTimeout = std::chrono::milliseconds(300);
    startEndpoint(options);
    StreamClient client(m_instance->caCertificatePath());
    client.open(m_endpoint->url(u"/v1/events/stream"_s));
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, 10000);
    QCOMPARE(client.closeCode(), 4408);
    QCOMPARE(client.closeReason(), u"auth_timeout"_s);
}

void TestEventStream::heartbeats()
{
    EventStreamOptions options;
    options.heartbeatInterval = std::chrono::milliseconds(100);
    options.pongTimeout = std::chrono::milliseconds(600);
    startEndpoint(options);
    append(u"ORD-1"_s, 1);
    StreamClient client(m_instance->caCertificatePath());
    client.open(m_endpoint->url(u"/v1/events/stream?after=%1"_s.arg(head())), m_super);
    auto heartbeats = [&client] {
        QList<QJsonObject> out;
        for (const QJsonObject &m : std::as_const(client.messages))
            if (m.value(u"type"_s).toString() == u"heartbeat"_s)
                out.append(m);
        return out;
    };
    QTRY_VERIFY(heartbeats().size() >= 2);
    QCOMPARE(heartbeats().constLast().value(u"lastSeq"_s).toInteger(), head());
    // The client answers the pings (QWebSocket does so by itself), so it outlives the pong
    // timeout many times over.
    QTRY_VERIFY_WITH_TIMEOUT(heartbeats().size() >= 15, 10000);
    QVERIFY(!client.closed);
    // The heartbeat's cursor follows the events sent.
    append(u"ORD-2"_s, 1);
    QTRY_COMPARE(heartbeats().constLast().value(u"lastSeq"_s).toInteger(), head());
}

void TestEventStream::dropsAClientThatDoesNotPong()
{
    // A hand-made WebSocket client that never answers a ping (QWebSocket always does).
    EventStreamOptions options;
    options.heartbeatInterval = std::chrono::milliseconds(100);
    options.pongTimeout = std::chrono::milliseconds(400);
    startEndpoint(options);
    QSslSocket socket;
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates(QSslCertificate::fromPath(m_instance->caCertificatePath()));
    socket.setSslConfiguration(ssl);
    socket.setProxy(QNetworkProxy::NoProxy);
    QByteArray received;
    connect(&socket, &QSslSocket::readyRead, this, [&] { received += socket.readAll(); });
    QSignalSpy encrypted(&socket, &QSslSocket::encrypted);
    socket.connectToHostEncrypted(u"127.0.0.1"_s, m_endpoint->port);
    QVERIFY(encrypted.wait(10000)); // not waitForEncrypted(): the server runs on this thread
    socket.write("GET /v1/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer "
        + m_super.toLatin1() + "\r\n\r\n");
    QTRY_VERIFY(received.startsWith("HTTP/1.1 101"));
    QTRY_VERIFY(received.contains("\"type\":\"heartbeat\""));
    QCOMPARE(m_endpoint->stream->connectionCount(), 1);
    // An unmasked close frame from the server: 0x88, a length, then code 4000 (0x0FA0).
    QTRY_VERIFY_WITH_TIMEOUT(received.contains("\x0f\xa0heartbeat_timeout"_ba), 5000);
    QVERIFY(received.contains("\x88"_ba));
}

void TestEventStream::plainHttpIsTurnedAway()
{
    ApiTestClient http(m_instance->caCertificatePath());
    const ApiResult result = http.request("GET"_ba,
        QUrl(u"https://127.0.0.1:%1/v1/events/stream"_s.arg(m_endpoint->port)), {}, ApiTestClient::bearer(m_super));
    QCOMPARE(result.status, 426);
    QCOMPARE(result.errorCode(), u"upgrade_required"_s);
}

void TestEventStream::theServersOwnPortServesTheStream()
{
    // ServerInstance attaches its own EventStream to Server's QHttpServer: same port as the API.
    append(u"ORD-2"_s, 2);
    const qint64 start = head() - 2;
    const QString base = m_instance->url().replace(u"https://"_s, u"wss://"_s);
    StreamClient client(m_instance->caCertificatePath());
    client.open(QUrl(base + u"/v1/events/stream?after=%1"_s.arg(start)), m_agent2);
    QTRY_COMPARE(client.seqs(), range(start + 1, start + 2));
    QCOMPARE(m_instance->eventStream().connectionCount(), 1);
    const ApiResult plain = m_client->request(
        "GET"_ba, QUrl(m_instance->url() + u"/v1/events/stream"_s), {}, ApiTestClient::bearer(m_super));
    QCOMPARE(plain.status, 426);
    StreamClient elsewhere(m_instance->caCertificatePath());
    elsewhere.open(QUrl(base + u"/v1/elsewhere"_s), m_super);
    // Refused before the upgrade. QHttpServer 6.4 hangs up right after the missing handler
    // returns, before Server's asynchronous 404 is written, so the client sees the connection
    // closed during the handshake.
    QTRY_VERIFY(elsewhere.closed);
    QVERIFY(!elsewhere.errorString.isEmpty());
    QVERIFY(!elsewhere.isReady());
    client.socket().close();
    QTRY_COMPARE(m_instance->eventStream().connectionCount(), 0);
}

void TestEventStream::shutdownClosesStreams()
{
    StreamClient client(m_instance->caCertificatePath());
    client.open(m_endpoint->url(u"/v1/events/stream?after=%1"_s.arg(head())), m_super);
    QTRY_VERIFY(client.isReady());
    m_endpoint->stream->closeAll();
    QTRY_VERIFY(client.closed);
    QCOMPARE(client.closeCode(), 1001);
    QCOMPARE(client.closeReason(), u"going_away"_s);
}

QTEST_GUILESS_MAIN(TestEventStream)
#include "test_EventStream.moc"
