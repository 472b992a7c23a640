// ContactDispatcher against a real HTTP receiver on 127.0.0.1: signed webhook POSTs, retries with
// backoff on an injected clock, giving up, restarts; and the sandbox channel. Built for SQLite and
// (with DESKPAY_TEST_POSTGRES) for the PostgreSQL that `./dev test` starts.

#include "ResultTesting.h"
#include "TestDatabase.h"
#include "models/Clock.h"
#include "server/AgentStore.h"
#include "server/ContactDispatcher.h"
#include "server/ContactOutbox.h"
#include "server/Database.h"
#include "server/MigrationRunner.h"
#include "server/WebhookSigner.h"
#include "services/protocol/JsonReader.h"

#include <QMessageAuthenticationCode>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

// VERIFY_OK evaluates its argument more than once; a call with side effects is evaluated here once.
#define CHECK_OK(expression)                                                                                           \
    do {                                                                                                               \
        const auto checked = (expression);                                                                             \
        VERIFY_OK(checked);                                                                                            \
    } while (false)

using namespace Qt::StringLiterals;
using namespace deskpay;
using deskpay::test::TestDatabase;

namespace {

const QByteArray Secret = "test-webhook-secret-0123456789"_ba;

// The gateway's side: a minimal HTTP/1.1 server that records each request and answers with the
// next status of a script (the last one repeats; 0 means never answer).
class WebhookReceiver : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QByteArray target;
        QHash<QByteArray, QByteArray> headers; // names lower-cased
        QByteArray body;
    };

    WebhookReceiver() { connect(&m_server, &QTcpServer::newConnection, this, &WebhookReceiver::accept); }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1/deskpay/hook"_s.arg(m_server.serverPort())); }

    QList<int> statuses { 200 };
    QList<Request> received;

Q_SIGNALS:
    void requestReceived();

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
        }
    }

    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        Request request;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> start = lines.value(0).trimmed().split(' ');
        request.method = start.value(0);
        request.target = start.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                request.headers.insert(
                    lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
        }
        const qsizetype length = request.headers.value("content-length"_ba).toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        request.body = buffer.mid(end + 4, length);
        buffer.clear();
        const int status = statuses.value(received.size(), statuses.constLast());
        received.append(request);
        if (status > 0) {
            socket->write("HTTP/1.1 " + QByteArray::number(status)
                + " Scripted\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
            socket->disconnectFromHost();
        }
        Q_EMIT requestReceived();
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace

class TestContactDispatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void retryDelay_data();
    void retryDelay();
    void sandboxIsSentAtOnce();
    void webhookPostIsSigned();
    void retriesAfterServerErrors();
    void givesUpAfterTheLastAttempt();
    void scheduleSurvivesRestart();
    void requestCutOffByShutdownIsRetried();
    void unansweredRequestTimesOut();
    void webhookMessageWithoutWebhookChannel();
    void pokeFromAnotherThread();

private:
    qint64 enqueue(const QString &channel);
    std::unique_ptr<ContactDispatcher> dispatcher(ContactChannel channel);
    ContactMessage stored(qint64 id);

    TestDatabase m_testDatabase;
    std::unique_ptr<Database> m_database;
    ManualClock m_clock { QDateTime(QDate(2026, 11, 21), QTime(8, 0), Qt::UTC) };
    std::unique_ptr<ContactOutbox> m_outbox;
    std::unique_ptr<WebhookReceiver> m_receiver;
    qint64 m_payer = 0;
};

void TestContactDispatcher::init()
{
    const QString error = m_testDatabase.create();
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
    auto database = Database::open(m_testDatabase.url(), u"dispatcher"_s);
    VERIFY_OK(database);
    m_database = std::move(*database);
    const auto migrations = MigrationRunner::builtIn(m_database->backend());
    VERIFY_OK(migrations);
    CHECK_OK(MigrationRunner(*migrations, m_clock).migrate(*m_database));
    const auto agent = AgentStore(*m_database, m_clock)
                           .create(NewAgent { u"agent1"_s, {}, AgentRole::Agent, u"DESK-01"_s, u"scrypt$x"_s });
    VERIFY_OK(agent);

    QSqlQuery payer(m_database->connection());
    payer.prepare(u"INSERT INTO payer_accounts (account_id, real_name, document_type, document_digest, "
                  "document_masked, contact_kind, contact_address, password_hash, created_at) VALUES ('P-0001', "
                  "'ZHANG SAN', 'ID_CARD', :digest, '1101**********1234', 'sms', '+8613800000000', 'x', 0)"_s);
    payer.bindValue(u":digest"_s, QByteArray(32, 'd'));
    QVERIFY2(payer.exec(), qPrintable(payer.lastError().text()));
    QVERIFY(payer.exec(u"SELECT id FROM payer_accounts WHERE account_id = 'P-0001'"_s) && payer.next());
    m_payer = payer.value(0).toLongLong();
    payer.finish();

    QSqlQuery order(m_database->connection());
    order.prepare(u"INSERT INTO orders (id, %1state, desk, agent_id, payer_id, product_type, ticket_number, pnr, "
                  "passenger_name, search_text, total_minor, currency, created_at, updated_at, view, key_id, "
                  "signature_input, signature_base, signature, request_body) VALUES ('ord-1', %2"
                  "'AWAITING_PAYER_CONFIRMATION', 'DESK-01', :agent, :payer, 'DATE_CHANGE', '7812345678901', "
                  "'ABC123', 'ZHANG/SAN', 'x', 100, 'CNY', 0, 0, '{}', 'k', 'sig', :base, :signature, :body)"_s
                      // PostgreSQL numbers orders itself (an identity column).
                      .arg(TestDatabase::isPostgres() ? QString() : u"seq, "_s,
                          TestDatabase::isPostgres() ? QString() : u"1, "_s));
    order.bindValue(u":agent"_s, agent->id);
    order.bindValue(u":payer"_s, m_payer);
    order.bindValue(u":base"_s, QByteArray("base"));
    order.bindValue(u":signature"_s, QByteArray("signature"));
    order.bindValue(u":body"_s, QByteArray("body"));
    QVERIFY2(order.exec(), qPrintable(order.lastError().text()));

    m_outbox = std::make_unique<ContactOutbox>(*m_database, m_clock);
    m_receiver = std::make_unique<WebhookReceiver>();
    QVERIFY(m_receiver->listen());
}

void TestContactDispatcher::cleanup()
{
    m_receiver.reset();
    m_outbox.reset();
    m_database.reset();
}

qint64 TestContactDispatcher::enqueue(const QString &channel)
{
    ContactMessage message;
    message.orderId = u"ord-1"_s;
    message.payerId = m_payer;
    message.channel = channel;
    message.contactKind = u"sms"_s;
    message.contactAddress = u"+8613800000000"_s;
    message.purpose = u"confirmation_request"_s;
    JsonValue total = JsonValue::object();
    total.insert(u"amount"_s, JsonValue::string(u"100.00"_s));
    total.insert(u"currency"_s, JsonValue::string(u"CNY"_s));
    JsonValue body = JsonValue::object();
    body.insert(u"type"_s, JsonValue::string(u"confirmation_request"_s));
    body.insert(u"orderId"_s, JsonValue::string(u"ord-1"_s));
    body.insert(u"payerAccountId"_s, JsonValue::string(u"P-0001"_s));
    body.insert(u"summary"_s, JsonValue::string(u"Date change 7812345678901"_s));
    body.insert(u"total"_s, total);
    body.insert(u"confirmBy"_s, JsonValue::string(u"2026-11-21T08:15:00Z"_s));
    body.insert(u"link"_s, JsonValue::string(u"https://pay.example.com/pay/"_s));
    message.body = body;
    const auto id = m_outbox->enqueue(message);
    if (!id)
        qWarning("%s", qPrintable(id.error().message));
    return id.value_or(0);
}

std::unique_ptr<ContactDispatcher> TestContactDispatcher::dispatcher(ContactChannel channel)
{
    auto made
        = std::make_unique<ContactDispatcher>(*m_database, m_clock, *m_outbox, channel, m_receiver->url(), Secret);
    ContactDispatcher::Policy policy;
    policy.pollInterval = std::chrono::hours(1); // only pokes drive the rounds here
    made->setPolicy(policy);
    return made;
}

ContactMessage TestContactDispatcher::stored(qint64 id)
{
    const auto found = m_outbox->find(id);
    if (!found || !found->has_value())
        return {};
    return **found;
}

void TestContactDispatcher::retryDelay_data()
{
    QTest::addColumn<int>("failedAttempts");
    QTest::addColumn<int>("delaySecs"); // -1: give up
    QTest::newRow("none yet") << 0 << -1;
    QTest::newRow("first") << 1 << 10;
    QTest::newRow("second") << 2 << 30;
    QTest::newRow("third") << 3 << 120;
    QTest::newRow("fourth") << 4 << 600;
    QTest::newRow("fifth") << 5 << 1800;
    QTest::newRow("sixth gives up") << 6 << -1;
}

void TestContactDispatcher::retryDelay()
{
    QFETCH(int, failedAttempts);
    QFETCH(int, delaySecs);
    const auto delay = ContactDispatcher::retryDelay(failedAttempts, ContactDispatcher::Policy().backoff);
    QCOMPARE(delay.has_value(), delaySecs >= 0);
    if (delay)
        QCOMPARE(delay->count(), delaySecs);
}

void TestContactDispatcher::sandboxIsSentAtOnce()
{
    const qint64 id = enqueue(u"sandbox"_s);
    QVERIFY(id > 0);
    auto sandbox = dispatcher(ContactChannel::Sandbox);
    QSignalSpy sent(sandbox.get(), &ContactDispatcher::messageSent);
    sandbox->start();
    QVERIFY(sent.wait());
    QCOMPARE(sent.constFirst().constFirst().toLongLong(), id);
    const ContactMessage message = stored(id);
    QCOMPARE(message.state, u"sent"_s);
    QCOMPARE(message.attempts, 1);
    QCOMPARE(message.sentAt, m_clock.now());
    QVERIFY(m_receiver->received.isEmpty());
    // What the payer pages show: still there after delivery.
    const auto mine = m_outbox->forPayer(m_payer, 10);
    VERIFY_OK(mine);
    QCOMPARE(mine->size(), 1);
}

void TestContactDispatcher::webhookPostIsSigned()
{
    const qint64 id = enqueue(u"webhook"_s);
    auto webhook = dispatcher(ContactChannel::Webhook);
    QSignalSpy sent(webhook.get(), &ContactDispatcher::messageSent);
    webhook->start();
    QVERIFY(sent.wait());
    QCOMPARE(m_receiver->received.size(), 1);
    const WebhookReceiver::Request &request = m_receiver->received.constFirst();
    QCOMPARE(request.method, "POST"_ba);
    QCOMPARE(request.target, "/deskpay/hook"_ba);
    QCOMPARE(request.headers.value("content-type"_ba), "application/json"_ba);
    QCOMPARE(request.body, stored(id).body.toCanonicalJson());
    const auto body = JsonReader::parse(request.body);
    QVERIFY(body.has_value());
    QCOMPARE(body->member(u"type")->text(), u"confirmation_request"_s);

    const QByteArray timestamp = request.headers.value("x-deskpay-timestamp"_ba);
    const QByteArray messageId = request.headers.value("x-deskpay-message-id"_ba);
    QCOMPARE(timestamp.toLongLong(), m_clock.nowSecs());
    QCOMPARE(messageId.toLongLong(), id);
    // Verified the way a gateway would, without DeskPay's code.
    const QByteArray signedText = timestamp + '.' + messageId + '.' + request.body;
    const QByteArray expected
        = "v1="_ba + QMessageAuthenticationCode::hash(signedText, Secret, QCryptographicHash::Sha256).toHex();
    QCOMPARE(request.headers.value("x-deskpay-signature"_ba), expected);
    QVERIFY(WebhookSigner::verify(Secret, timestamp.toLongLong(), id, request.body, expected));
    QVERIFY(!WebhookSigner::verify("another-secret-0123456789"_ba, timestamp.toLongLong(), id, request.body, expected));
    QVERIFY(!WebhookSigner::verify(Secret, timestamp.toLongLong(), id, QByteArray(request.body + ' '), expected));
    QVERIFY(!WebhookSigner::verify(Secret, timestamp.toLongLong() + 1, id, request.body, expected));

    const ContactMessage message = stored(id);
    QCOMPARE(message.state, u"sent"_s);
    QCOMPARE(message.attempts, 1);
}

void TestContactDispatcher::retriesAfterServerErrors()
{
    m_receiver->statuses = { 500, 503, 200 };
    const qint64 id = enqueue(u"webhook"_s);
    auto webhook = dispatcher(ContactChannel::Webhook);
    QSignalSpy failed(webhook.get(), &ContactDispatcher::attemptFailed);
    QSignalSpy sent(webhook.get(), &ContactDispatcher::messageSent);
    QSignalSpy rounds(webhook.get(), &ContactDispatcher::roundFinished);
    webhook->start();

    QVERIFY(failed.wait());
    QVERIFY(failed.constLast().at(1).toString().contains(u"500"_s));
    QVERIFY(failed.constLast().at(2).toBool());
    ContactMessage message = stored(id);
    QCOMPARE(message.state, u"pending"_s);
    QCOMPARE(message.attempts, 1);
    QCOMPARE(message.nextAttemptAt, m_clock.now().addSecs(10));
    QVERIFY(message.lastError.contains(u"500"_s));

    // Not due yet: a round sends nothing.
    rounds.clear();
    webhook->poke();
    QVERIFY(rounds.wait());
    QCOMPARE(m_receiver->received.size(), 1);

    m_clock.advanceSecs(10);
    webhook->poke();
    QTRY_COMPARE(failed.size(), 2);
    message = stored(id);
    QCOMPARE(message.attempts, 2);
    QCOMPARE(message.nextAttemptAt, m_clock.now().addSecs(30));
    QVERIFY(message.lastError.contains(u"503"_s));

    m_clock.advanceSecs(30);
    webhook->poke();
    QVERIFY(sent.wait());
    message = stored(id);
    QCOMPARE(message.state, u"sent"_s);
    QCOMPARE(message.attempts, 3);
    QCOMPARE(message.sentAt, m_clock.now());

    // The gateway's dedupe key is the same on every attempt; each attempt is signed afresh.
    QCOMPARE(m_receiver->received.size(), 3);
    for (const WebhookReceiver::Request &request : std::as_const(m_receiver->received)) {
        QCOMPARE(request.headers.value("x-deskpay-message-id"_ba), QByteArray::number(id));
        QVERIFY(WebhookSigner::verify(Secret, request.headers.value("x-deskpay-timestamp"_ba).toLongLong(), id,
            request.body, request.headers.value("x-deskpay-signature"_ba)));
    }
    QVERIFY(m_receiver->received.at(0).headers.value("x-deskpay-timestamp"_ba)
        != m_receiver->received.at(2).headers.value("x-deskpay-timestamp"_ba));
}

void TestContactDispatcher::givesUpAfterTheLastAttempt()
{
    m_receiver->statuses = { 500 };
    const qint64 id = enqueue(u"webhook"_s);
    auto webhook = dispatcher(ContactChannel::Webhook);
    QSignalSpy failed(webhook.get(), &ContactDispatcher::attemptFailed);
    QSignalSpy rounds(webhook.get(), &ContactDispatcher::roundFinished);
    webhook->start();
    const auto backoff = ContactDispatcher::Policy().backoff;
    for (qsizetype attempt = 1; attempt <= backoff.size(); ++attempt) {
        QTRY_COMPARE(failed.size(), attempt);
        QVERIFY(failed.constLast().at(2).toBool());
        QCOMPARE(stored(id).nextAttemptAt, m_clock.now().addSecs(backoff.at(attempt - 1).count()));
        m_clock.advanceSecs(backoff.at(attempt - 1).count());
        webhook->poke();
    }
    QTRY_COMPARE(failed.size(), backoff.size() + 1);
    QVERIFY(!failed.constLast().at(2).toBool());
    const ContactMessage message = stored(id);
    QCOMPARE(message.state, u"failed"_s);
    QCOMPARE(message.attempts, int(backoff.size()) + 1);
    QVERIFY(message.lastError.contains(u"500"_s));
    QCOMPARE(m_receiver->received.size(), backoff.size() + 1);

    // Failed is final.
    m_clock.advanceSecs(86400);
    rounds.clear();
    webhook->poke();
    QVERIFY(rounds.wait());
    QCOMPARE(m_receiver->received.size(), backoff.size() + 1);
}

void TestContactDispatcher::scheduleSurvivesRestart()
{
    m_receiver->statuses = { 500, 200 };
    const qint64 id = enqueue(u"webhook"_s);
    {
        auto first = dispatcher(ContactChannel::Webhook);
        QSignalSpy failed(first.get(), &ContactDispatcher::attemptFailed);
        first->start();
        QVERIFY(failed.wait());
    }
    QCOMPARE(stored(id).attempts, 1);

    auto second = dispatcher(ContactChannel::Webhook);
    QSignalSpy sent(second.get(), &ContactDispatcher::messageSent);
    QSignalSpy rounds(second.get(), &ContactDispatcher::roundFinished);
    second->start();
    QVERIFY(rounds.wait());
    QCOMPARE(m_receiver->received.size(), 1); // the backoff recorded in the row still holds
    m_clock.advanceSecs(10);
    second->poke();
    QVERIFY(sent.wait());
    QCOMPARE(stored(id).state, u"sent"_s);
    QCOMPARE(stored(id).attempts, 2);
    QCOMPARE(m_receiver->received.at(1).headers.value("x-deskpay-message-id"_ba), QByteArray::number(id));
}

void TestContactDispatcher::requestCutOffByShutdownIsRetried()
{
    m_receiver->statuses = { 0, 200 }; // the first request never gets an answer
    const qint64 id = enqueue(u"webhook"_s);
    {
        auto first = dispatcher(ContactChannel::Webhook);
        QSignalSpy received(m_receiver.get(), &WebhookReceiver::requestReceived);
        first->start();
        QVERIFY(received.wait());
    } // shut down mid-request

    auto second = dispatcher(ContactChannel::Webhook);
    QSignalSpy sent(second.get(), &ContactDispatcher::messageSent);
    QSignalSpy rounds(second.get(), &ContactDispatcher::roundFinished);
    second->start();
    QVERIFY(rounds.wait());
    QCOMPARE(m_receiver->received.size(), 1); // still claimed by the first attempt
    QCOMPARE(stored(id).state, u"pending"_s);

    m_clock.advanceSecs(60); // past the request timeout and the claim's margin
    second->poke();
    QVERIFY(sent.wait());
    QCOMPARE(m_receiver->received.size(), 2);
    QCOMPARE(m_receiver->received.at(0).headers.value("x-deskpay-message-id"_ba),
        m_receiver->received.at(1).headers.value("x-deskpay-message-id"_ba));
}

void TestContactDispatcher::unansweredRequestTimesOut()
{
    m_receiver->statuses = { 0 };
    const qint64 id = enqueue(u"webhook"_s);
    auto webhook = dispatcher(ContactChannel::Webhook);
    ContactDispatcher::Policy policy;
    policy.pollInterval = std::chrono::hours(1);
    policy.requestTimeout = std::chrono::milliseconds(300);
    webhook->setPolicy(policy);
    QSignalSpy failed(webhook.get(), &ContactDispatcher::attemptFailed);
    webhook->start();
    QVERIFY(failed.wait());
    QVERIFY2(
        failed.constFirst().at(1).toString().contains(u"300 ms"_s), qPrintable(failed.constFirst().at(1).toString()));
    const ContactMessage message = stored(id);
    QCOMPARE(message.state, u"pending"_s);
    QCOMPARE(message.attempts, 1);
    QCOMPARE(message.nextAttemptAt, m_clock.now().addSecs(10));
}

void TestContactDispatcher::webhookMessageWithoutWebhookChannel()
{
    const qint64 id = enqueue(u"webhook"_s);
    auto sandbox = dispatcher(ContactChannel::Sandbox);
    QSignalSpy failed(sandbox.get(), &ContactDispatcher::attemptFailed);
    sandbox->start();
    QVERIFY(failed.wait());
    QVERIFY(stored(id).lastError.contains(u"not configured"_s));
    QVERIFY(m_receiver->received.isEmpty());
}

void TestContactDispatcher::pokeFromAnotherThread()
{
    auto sandbox = dispatcher(ContactChannel::Sandbox);
    QSignalSpy rounds(sandbox.get(), &ContactDispatcher::roundFinished);
    sandbox->start();
    QVERIFY(rounds.wait());
    const qint64 id = enqueue(u"sandbox"_s);
    QSignalSpy sent(sandbox.get(), &ContactDispatcher::messageSent);
    std::unique_ptr<QThread> worker(QThread::create([&sandbox] { sandbox->poke(); }));
    worker->start();
    QVERIFY(worker->wait(5000));
    QVERIFY(sent.wait());
    QCOMPARE(sent.constFirst().constFirst().toLongLong(), id);
}

QTEST_GUILESS_MAIN(TestContactDispatcher)
#include "test_ContactDispatcher.moc"
