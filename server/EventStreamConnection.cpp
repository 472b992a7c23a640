#include "server/EventStreamConnection.h"

#include "server/EventRoutes.h"
#include "server/EventStream.h"
#include "server/ServerLogging.h"
#include "services/protocol/ErrorCodes.h"
#include "services/protocol/JsonReader.h"

#include <QFutureWatcher>
#include <QNetworkRequest>
#include <QUrlQuery>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

// Auth messages are tiny; nothing else a client sends is read.
constexpr quint64 MaxIncomingMessageBytes = 16 * 1024;
constexpr int CloseGraceMs = 5000;

QWebSocketProtocol::CloseCode closeCode(int code)
{
    // QWebSocket takes application codes (4000–4999) through its enum type.
    return static_cast<QWebSocketProtocol::CloseCode>(code);
}

} // namespace

EventStreamConnection::EventStreamConnection(EventStream &stream, std::unique_ptr<QWebSocket> socket)
    : QObject(&stream)
    , m_stream(stream)
    , m_socket(std::move(socket))
{
    m_socket->setMaxAllowedIncomingMessageSize(MaxIncomingMessageBytes);
    m_socket->setMaxAllowedIncomingFrameSize(MaxIncomingMessageBytes);
    m_sinceLastHeard.start();
    connect(m_socket.get(), &QWebSocket::disconnected, this, [this] {
        m_state = State::Closed;
        m_authTimer.stop();
        m_heartbeatTimer.stop();
        m_closeTimer.stop();
        Q_EMIT finished();
    });
    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, &EventStreamConnection::onText);
    connect(m_socket.get(), &QWebSocket::binaryMessageReceived, this, &EventStreamConnection::onBinary);
    connect(m_socket.get(), &QWebSocket::pong, this, [this] { m_sinceLastHeard.restart(); });
    connect(m_socket.get(), &QWebSocket::bytesWritten, this, &EventStreamConnection::onBytesWritten);

    m_authTimer.setSingleShot(true);
    connect(
        &m_authTimer, &QTimer::timeout, this, [this] { closeWith(EventStreamClose::AuthTimeout, u"auth_timeout"_s); });
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &EventStreamConnection::heartbeat);
    m_closeTimer.setSingleShot(true);
    connect(&m_closeTimer, &QTimer::timeout, this, [this] { m_socket->abort(); });

    // Deferred so the stream has recorded the connection before it can finish.
    QMetaObject::invokeMethod(this, &EventStreamConnection::start, Qt::QueuedConnection);
}

EventStreamConnection::~EventStreamConnection()
{
    // Not a close frame: the connection is going away with its owner.
    m_socket->disconnect(this);
    m_socket->abort();
}

void EventStreamConnection::start()
{
    if (m_state != State::Authenticating)
        return;
    const QUrl url = m_socket->requestUrl();
    if (url.path() != EventStream::Path) {
        closeWith(EventStreamClose::NotFound, ErrorCodes::NotFound.toString());
        return;
    }
    const QUrlQuery query(url);
    const QStringList afters = query.allQueryItemValues(u"after"_s, QUrl::FullyDecoded);
    if (afters.size() > 1) {
        closeWith(EventStreamClose::InvalidParameter, u"invalid_parameter: after"_s);
        return;
    }
    if (!afters.isEmpty()) {
        const auto after = EventRoutes::parseSeq(afters.constFirst(), u"after"_s);
        if (!after) {
            closeWith(EventStreamClose::InvalidParameter, u"invalid_parameter: after"_s);
            return;
        }
        m_cursor = *after;
    }

    const QNetworkRequest upgrade = m_socket->request();
    if (!upgrade.hasRawHeader("Authorization"_ba)) {
        // Browsers cannot set headers on a WebSocket: they send the token as the first message.
        m_authTimer.start(m_stream.m_options.authTimeout);
        return;
    }
    QList<HttpRequest::Header> headers;
    const QList<QByteArray> names = upgrade.rawHeaderList();
    for (const QByteArray &name : names)
        headers.append({ name, upgrade.rawHeader(name) });
    authenticate(HttpRequest(HttpRequest::Method::Get, url, headers, {}, m_socket->peerAddress()));
}

void EventStreamConnection::authenticate(const HttpRequest &request)
{
    m_authTimer.stop();
    auto *watcher = new QFutureWatcher<Result<AuthenticatedAgent>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        authenticated(watcher->future().takeResult());
    });
    watcher->setFuture(QtConcurrent::run(&m_stream.m_readers,
        [&authenticator = m_stream.m_authenticator, request] { return authenticator.authenticate(request); }));
}

void EventStreamConnection::authenticated(const Result<AuthenticatedAgent> &caller)
{
    if (m_state != State::Authenticating)
        return;
    if (!caller) {
        const QString &code = caller.error().code;
        if (code == ErrorCodes::Unauthenticated || code == ErrorCodes::SessionExpired)
            closeWith(EventStreamClose::Unauthenticated, code);
        else
            closeWith(EventStreamClose::Unavailable, ErrorCodes::Unavailable.toString());
        return;
    }
    m_state = State::Streaming;
    m_scope = EventRoutes::scopeFor(*caller);
    qCDebug(lcServerHttp, "event stream for %ls after %lld", qUtf16Printable(caller->agent.username), m_cursor);
    JsonValue ready = JsonValue::object();
    ready.insert(u"type"_s, JsonValue::string(u"ready"_s));
    ready.insert(u"after"_s, JsonValue::integer(m_cursor));
    send(ready);
    m_sinceLastHeard.restart();
    m_heartbeatTimer.start(m_stream.m_options.heartbeatInterval);
    read();
}

void EventStreamConnection::onText(const QString &message)
{
    m_sinceLastHeard.restart();
    if (m_state != State::Authenticating)
        return; // a streaming client's messages are ignored (see the protocol notes)
    if (m_authTimer.isActive()) {
        const auto json = JsonReader::parse(message.toUtf8());
        const JsonValue *type = json && json->isObject() ? json->member(u"type") : nullptr;
        const JsonValue *token = json && json->isObject() ? json->member(u"token") : nullptr;
        if (type && type->isString() && type->text() == u"auth"_s && token && token->isString()) {
            authenticate(HttpRequest(HttpRequest::Method::Get, m_socket->requestUrl(),
                { { "Authorization"_ba, "Bearer "_ba + token->text().toUtf8() } }, {}, m_socket->peerAddress()));
            return;
        }
        closeWith(EventStreamClose::Unauthenticated, ErrorCodes::Unauthenticated.toString());
    }
    // Otherwise the header's authentication is still running; the message is ignored.
}

void EventStreamConnection::onBinary(const QByteArray &)
{
    m_sinceLastHeard.restart();
    if (m_state == State::Authenticating && m_authTimer.isActive())
        closeWith(EventStreamClose::Unauthenticated, ErrorCodes::Unauthenticated.toString());
}

void EventStreamConnection::onBytesWritten(qint64 bytes)
{
    m_buffered = std::max<qint64>(0, m_buffered - bytes);
    if (m_waitingForDrain && m_buffered <= m_stream.m_options.maxBufferedBytes / 2) {
        m_waitingForDrain = false;
        read();
    }
}

void EventStreamConnection::wake()
{
    read();
}

void EventStreamConnection::read()
{
    if (m_state != State::Streaming)
        return;
    if (m_reading) {
        m_wokenWhileReading = true;
        return;
    }
    if (m_buffered > m_stream.m_options.maxBufferedBytes) {
        m_waitingForDrain = true;
        return;
    }
    m_reading = true;
    m_wokenWhileReading = false;
    auto *watcher = new QFutureWatcher<Result<EventPage>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        delivered(watcher->future().takeResult());
    });
    watcher->setFuture(QtConcurrent::run(&m_stream.m_readers,
        [&log = m_stream.m_log, after = m_cursor, scope = m_scope, limit = m_stream.m_options.pageSize] {
            return log.readPage(after, scope, limit);
        }));
}

void EventStreamConnection::delivered(const Result<EventPage> &page)
{
    m_reading = false;
    if (m_state != State::Streaming)
        return;
    if (!page) {
        qCWarning(lcServerDb, "event stream: %ls", qUtf16Printable(page.error().message));
        closeWith(EventStreamClose::Unavailable, ErrorCodes::Unavailable.toString());
        return;
    }
    for (const OrderEvent &event : page->events) {
        JsonValue message = JsonValue::object();
        message.insert(u"type"_s, JsonValue::string(u"event"_s));
        message.insert(u"event"_s, EventLog::toJson(event));
        send(message);
    }
    // Never backwards: the page was read after the cursor, so its lastSeq is at least the cursor.
    m_cursor = std::max(m_cursor, page->lastSeq);
    if (page->more || m_wokenWhileReading)
        read();
}

void EventStreamConnection::heartbeat()
{
    if (m_state != State::Streaming)
        return;
    if (m_sinceLastHeard.hasExpired(m_stream.m_options.pongTimeout.count())) {
        qCDebug(lcServerHttp, "event stream client %ls stopped answering",
            qUtf16Printable(m_socket->peerAddress().toString()));
        closeWith(EventStreamClose::HeartbeatTimeout, u"heartbeat_timeout"_s);
        return;
    }
    m_socket->ping();
    JsonValue message = JsonValue::object();
    message.insert(u"type"_s, JsonValue::string(u"heartbeat"_s));
    message.insert(u"lastSeq"_s, JsonValue::integer(m_cursor));
    send(message);
    // A safety net: should a wake have been lost (a dropped LISTEN connection), this catches up.
    read();
}

void EventStreamConnection::send(const JsonValue &message)
{
    m_buffered += m_socket->sendTextMessage(QString::fromUtf8(message.toCanonicalJson()));
}

void EventStreamConnection::closeWith(int code, const QString &reason)
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_authTimer.stop();
    m_heartbeatTimer.stop();
    m_socket->close(closeCode(code), reason);
    m_closeTimer.start(CloseGraceMs);
}

} // namespace deskpay
