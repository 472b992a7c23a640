#pragma once
// EventTestSupport: what the event tests share — a started server with the demo agents, minimal
// order rows to hang events on, appends in a write transaction, and a WebSocket stream client
// that trusts the server's CA.

#include "ApiTestClient.h"
#include "ResultTesting.h"
#include "TestDatabase.h"
#include "models/Clock.h"
#include "server/AgentStore.h"
#include "server/Database.h"
#include "server/DemoAgents.h"
#include "server/EventLog.h"
#include "server/EventNotifier.h"
#include "server/EventStream.h"
#include "server/ServerInstance.h"
#include "server/TlsBootstrap.h"

#include <QHttpServer>
#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>
#include <QSslServer>
#include <QTemporaryDir>
#include <QWebSocket>

// VERIFY_OK evaluates its argument twice; this one runs an expression with effects once.
#define VERIFY_OK_ONCE(expression)                                                                                     \
    do {                                                                                                               \
        const auto &verifiedResult_ = (expression);                                                                    \
        VERIFY_OK(verifiedResult_);                                                                                    \
    } while (false)

namespace deskpay::test {

inline const ScryptParameters CheapHashing { quint64(1) << 10, 8, 1 };

// A server on 127.0.0.1:0 with agent1 (DESK-01), agent2 (DESK-02) and super1 (supervisor).
inline Result<std::unique_ptr<ServerInstance>> startEventServer(
    const TestDatabase &database, const QTemporaryDir &dir, const Clock &clock)
{
    using namespace Qt::StringLiterals;
    ServerOptions options;
    options.dataDir = dir.path();
    options.listen = ListenAddress::parse(u"127.0.0.1:0"_s).value();
    options.database = database.url();
    options.passwordHashing = CheapHashing;
    options.demo = true;
    return ServerInstance::start(options, clock);
}

inline qint64 agentId(const ServerInstance &instance, const QString &username)
{
    const auto agent = instance.agents().findByUsername(username);
    return agent && *agent ? (*agent)->id : 0;
}

// The NOT NULL columns of an orders row, nothing more: the event log only references it.
inline Result<void> insertOrder(const Database &database, const QString &id, const QString &desk, qint64 agent)
{
    using namespace Qt::StringLiterals;
    // SQLite numbers orders.seq as MAX+1 under the write lock; PostgreSQL's is an identity column.
    const bool sqlite = database.backend() == DatabaseBackend::Sqlite;
    QSqlQuery query(database.connection());
    query.prepare(u"INSERT INTO orders (id, "_s + (sqlite ? u"seq, "_s : QString())
        + u"state, desk, agent_id, product_type, ticket_number, pnr, passenger_name, search_text, total_minor, "
          "currency, created_at, updated_at, view, key_id, signature_input, signature_base, signature, request_body) "
          "VALUES (:id, "_s
        + (sqlite ? u"(SELECT COALESCE(MAX(seq), 0) + 1 FROM orders), "_s : QString())
        + u"'SUBMITTED', :desk, :agent, 'DATE_CHANGE', '7811234567890', 'ABC123', 'ZHANG/SAN', :search, 1000, "
          "'CNY', 0, 0, '{}', 'key-1', 'sig1', :base, :sig, :body)"_s);
    query.bindValue(u":id"_s, id);
    query.bindValue(u":desk"_s, desk);
    query.bindValue(u":agent"_s, agent);
    query.bindValue(u":search"_s, id.toLower());
    query.bindValue(u":base"_s, "base"_ba);
    query.bindValue(u":sig"_s, "signature"_ba);
    query.bindValue(u":body"_s, "body"_ba);
    if (!query.exec())
        return fail(u"database_error"_s, query.lastError().text());
    return {};
}

inline OrderEvent makeEvent(const QString &orderId, const QString &desk, qint64 agent, std::optional<OrderState> from,
    OrderState to, const QDateTime &at)
{
    using namespace Qt::StringLiterals;
    OrderEvent event;
    event.orderId = orderId;
    event.desk = desk;
    event.agentId = agent;
    event.kind = from ? u"order.state_changed"_s : u"order.created"_s;
    event.from = from;
    event.to = to;
    event.actorKind = u"agent"_s;
    event.actor = u"agent1"_s;
    event.at = at;
    JsonValue order = JsonValue::object();
    order.insert(u"id"_s, JsonValue::string(orderId));
    order.insert(u"state"_s, JsonValue::string(orderStateName(to)));
    event.data = JsonValue::object();
    event.data.insert(u"order"_s, std::move(order));
    return event;
}

// One append in a write transaction of its own, the way the order pipeline calls it.
inline Result<qint64> appendCommitted(const Database &database, const EventLog &log, const OrderEvent &event)
{
    if (auto begun = database.beginWriteTransaction(); !begun)
        return std::unexpected(begun.error());
    auto seq = log.append(event);
    if (!seq) {
        database.rollback();
        return seq;
    }
    if (auto committed = database.commit(); !committed) {
        database.rollback();
        return std::unexpected(committed.error());
    }
    return seq;
}

inline QString loginToken(ApiTestClient &client, const QString &serverUrl, const QString &username)
{
    using namespace Qt::StringLiterals;
    const QByteArray body
        = QJsonDocument(QJsonObject { { u"username"_s, username }, { u"password"_s, QString(DemoAgents::Password) } })
              .toJson(QJsonDocument::Compact);
    return client.postJson(QUrl(serverUrl + u"/v1/sessions"_s), body).json().value(u"token"_s).toString();
}

// The stream on a QHttpServer of its own, with the server instance's TLS identity (until Server
// hands out its QHttpServer, the stream cannot share the instance's port in a test).
struct StreamEndpoint
{
    QHttpServer http; // declared first: destroyed after the stream that holds its sockets
    EventNotifier notifier;
    std::unique_ptr<EventStream> stream;
    quint16 port = 0;

    [[nodiscard]] QUrl url(const QString &pathAndQuery) const
    {
        return QUrl(QStringLiteral("wss://127.0.0.1:%1%2").arg(port).arg(pathAndQuery));
    }
};

inline Result<std::unique_ptr<StreamEndpoint>> startStreamEndpoint(const ServerInstance &instance, const EventLog &log,
    const Clock &clock, const EventStreamOptions &options, bool listen = false)
{
    using namespace Qt::StringLiterals;
    const auto tls = TlsBootstrap(clock).ensureLocalCa(instance.options().dataDir, instance.options().listen.host);
    if (!tls)
        return std::unexpected(tls.error());
    auto endpoint = std::make_unique<StreamEndpoint>();
    if (listen) {
        if (auto listening = endpoint->notifier.listen(instance.database()); !listening)
            return std::unexpected(listening.error());
    }
    endpoint->stream = std::make_unique<EventStream>(log, instance.authenticator(), endpoint->notifier, options);
    endpoint->stream->attach(endpoint->http);
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(QList<QSslCertificate> { tls->certificate });
    configuration.setPrivateKey(tls->privateKey);
    auto *tcp = new QSslServer;
    tcp->setSslConfiguration(configuration);
    if (!tcp->listen(QHostAddress::LocalHost, 0)) {
        delete tcp;
        return fail(u"listen_failed"_s, u"cannot listen for the stream"_s);
    }
    endpoint->port = tcp->serverPort();
    endpoint->http.bind(tcp);
    return endpoint;
}

// A WebSocket client of the event stream: collects every message it gets, and how it was closed.
class StreamClient : public QObject
{
public:
    explicit StreamClient(const QString &caCertificatePath)
    {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates(QSslCertificate::fromPath(caCertificatePath));
        ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
        m_socket.setSslConfiguration(ssl);
        m_socket.setProxy(QNetworkProxy::NoProxy);
        connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
            messages.append(message);
            if (message.value(QStringLiteral("type")).toString() == QStringLiteral("event"))
                events.append(message.value(QStringLiteral("event")).toObject());
        });
        connect(&m_socket, &QWebSocket::disconnected, this, [this] { closed = true; });
        connect(&m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError) { errorString = m_socket.errorString(); });
        connect(
            &m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) { sslErrors += errors; });
    }

    void open(const QUrl &url, const QString &token = {})
    {
        QNetworkRequest request(url);
        if (!token.isEmpty())
            request.setRawHeader(QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + token.toLatin1());
        m_socket.open(request);
    }

    [[nodiscard]] QWebSocket &socket() { return m_socket; }

    [[nodiscard]] bool isReady() const
    {
        return std::any_of(messages.cbegin(), messages.cend(),
            [](const QJsonObject &m) { return m.value(QStringLiteral("type")).toString() == QStringLiteral("ready"); });
    }

    [[nodiscard]] QList<qint64> seqs() const
    {
        QList<qint64> out;
        for (const QJsonObject &event : events)
            out.append(event.value(QStringLiteral("seq")).toInteger());
        return out;
    }

    [[nodiscard]] int closeCode() const { return int(m_socket.closeCode()); }
    [[nodiscard]] QString closeReason() const { return m_socket.closeReason(); }

    QList<QJsonObject> messages;
    QList<QJsonObject> events;
    QList<QSslError> sslErrors;
    QString errorString; // the handshake's failure, for one
    bool closed = false;

private:
    QWebSocket m_socket;
};

} // namespace deskpay::test
