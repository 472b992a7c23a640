#include "server/EventStream.h"

#include "server/EventNotifier.h"
#include "server/EventStreamConnection.h"
#include "server/JsonResponse.h"
#include "server/ServerLogging.h"

#include <QHttpServer>

using namespace Qt::StringLiterals;

namespace deskpay {

EventStream::EventStream(const EventLog &log, const Authenticator &authenticator, EventNotifier &notifier,
    EventStreamOptions options, QObject *parent)
    : QObject(parent)
    , m_log(log)
    , m_authenticator(authenticator)
    , m_options(options)
{
    m_readers.setMaxThreadCount(std::max(1, options.readerThreads));
    // Reader threads keep their database connections (a new thread would open a new one).
    m_readers.setExpiryTimeout(-1);
    m_readers.setObjectName(u"deskpay-event-readers"_s);
    connect(&notifier, &EventNotifier::eventsAvailable, this, [this] {
        for (EventStreamConnection *connection : std::as_const(m_connections))
            connection->wake();
    });
}

EventStream::~EventStream()
{
    closeAll();
    const QSet<EventStreamConnection *> connections = std::exchange(m_connections, {});
    for (EventStreamConnection *connection : connections)
        delete connection;
    m_readers.waitForDone();
}

void EventStream::attach(QAbstractHttpServer &server)
{
    auto *http = qobject_cast<QHttpServer *>(&server);
    if (!http) {
        qCWarning(lcServerHttp, "the event stream needs a QHttpServer to route its upgrades");
        return;
    }
    http->route(Path.toString(), [](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        // An upgrade: QAbstractHttpServer hands the socket to its WebSocket server once this returns
        // (nothing may be written here).
        if (request.value("upgrade"_ba).compare("websocket"_ba, Qt::CaseInsensitive) == 0)
            return;
        JsonResponse::error(JsonResponse::Status::UpgradeRequired, u"upgrade_required"_s,
            tr("This address is a WebSocket stream: connect with wss:// and an Upgrade: websocket request."))
            .write(std::move(responder));
    });
    connect(http, &QAbstractHttpServer::newWebSocketConnection, this, [this, http] {
        while (http->hasPendingWebSocketConnections())
            accept(http->nextPendingWebSocketConnection());
    });
}

void EventStream::accept(std::unique_ptr<QWebSocket> socket)
{
    if (!socket)
        return;
    auto *connection = new EventStreamConnection(*this, std::move(socket));
    m_connections.insert(connection);
    connect(connection, &EventStreamConnection::finished, this, [this, connection] {
        if (m_connections.remove(connection)) {
            connection->deleteLater();
            Q_EMIT connectionCountChanged(connectionCount());
        }
    });
    Q_EMIT connectionCountChanged(connectionCount());
}

void EventStream::closeAll()
{
    for (EventStreamConnection *connection : std::as_const(m_connections))
        connection->closeWith(EventStreamClose::GoingAway, u"going_away"_s);
}

} // namespace deskpay
