#pragma once
// EventStream: the WebSocket live stream wss://HOST:PORT/v1/events/stream?after=SEQ — authenticates each client,
// sends the backlog after its cursor and then every new event, each exactly once and in order.

#include "server/EventLog.h"

#include <QObject>
#include <QSet>
#include <QThreadPool>
#include <QWebSocket>

#include <chrono>
#include <memory>

QT_BEGIN_NAMESPACE
class QAbstractHttpServer;
QT_END_NAMESPACE

namespace deskpay {

class Authenticator;
class EventNotifier;
class EventStreamConnection;

struct EventStreamOptions
{
    // A client without an Authorization header must send {"type":"auth","token":"…"} this soon.
    std::chrono::milliseconds authTimeout = std::chrono::seconds(10);
    // A ping and a {"type":"heartbeat","lastSeq":N} message this often.
    std::chrono::milliseconds heartbeatInterval = std::chrono::seconds(20);
    // A client that has not answered (pong or any frame) for this long is dropped.
    std::chrono::milliseconds pongTimeout = std::chrono::seconds(60);
    // Events read from the database at once (one query; the HTTP thread never waits for it).
    int pageSize = 500;
    // The next page is read only once the socket has sent all but this much of the previous ones,
    // so a slow client never makes the server hold the whole log in memory.
    qint64 maxBufferedBytes = 1024 * 1024;
    // Threads reading the log for the streams.
    int readerThreads = 2;
};

// The close codes a client may see (4000–4999 are the application's own range, RFC 6455 §7.4.2).
namespace EventStreamClose {
inline constexpr int HeartbeatTimeout = 4000; // no pong within EventStreamOptions::pongTimeout
inline constexpr int InvalidParameter = 4400; // `after` is not a sequence number
inline constexpr int Unauthenticated = 4401; // no, unknown or expired session (reason: the error code)
inline constexpr int NotFound = 4404; // a WebSocket upgrade to any other path
inline constexpr int AuthTimeout = 4408; // no auth message within EventStreamOptions::authTimeout
inline constexpr int GoingAway = 1001; // the server is shutting down
inline constexpr int Unavailable = 1011; // the event log cannot be read; reconnect with the cursor
} // namespace EventStreamClose

// Lives on the main (HTTP) thread with the QHttpServer whose upgrades it takes.
class EventStream : public QObject
{
    Q_OBJECT

public:
    static constexpr QStringView Path = u"/v1/events/stream";

    // Everything passed in must outlive the stream.
    EventStream(const EventLog &log, const Authenticator &authenticator, EventNotifier &notifier,
        EventStreamOptions options = {}, QObject *parent = nullptr);
    // Closes every connection (1001) and waits for database reads still running.
    ~EventStream() override;

    // Takes the WebSocket connections `server` (a QHttpServer) upgrades. QHttpServer 6.4 upgrades a
    // request itself, but only when one of its own routes matches the path (other paths go to the
    // missing handler: 404), so this adds a route for Path, which answers a plain HTTP request
    // 426 upgrade_required.
    void attach(QAbstractHttpServer &server);
    // One upgraded connection; for attach() and for tests.
    void accept(std::unique_ptr<QWebSocket> socket);

    [[nodiscard]] int connectionCount() const { return int(m_connections.size()); }
    [[nodiscard]] const EventStreamOptions &options() const { return m_options; }

    // Closes every connection with 1001 (server shutdown).
    void closeAll();

Q_SIGNALS:
    void connectionCountChanged(int count);

private:
    friend class EventStreamConnection;

    const EventLog &m_log;
    const Authenticator &m_authenticator;
    EventStreamOptions m_options;
    QThreadPool m_readers;
    QSet<EventStreamConnection *> m_connections;
};

} // namespace deskpay
