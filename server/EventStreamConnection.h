#pragma once
// EventStreamConnection: one client of the event stream — its authentication, cursor, heartbeats and flow control.

#include "server/Authenticator.h"
#include "server/EventLog.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QWebSocket>

#include <memory>

namespace deskpay {

class EventStream;

// Owned by the EventStream, on its thread. Reads run on the stream's reader pool one at a time
// per connection; the cursor only moves forward, past what was sent, so every event in scope
// goes out exactly once and in order.
class EventStreamConnection : public QObject
{
    Q_OBJECT

public:
    EventStreamConnection(EventStream &stream, std::unique_ptr<QWebSocket> socket);
    ~EventStreamConnection() override;

    // New events may have committed: read after the cursor (coalesced with a read in flight).
    void wake();
    // Sends a close frame and drops the connection shortly after, whatever the client does.
    void closeWith(int code, const QString &reason);

    [[nodiscard]] bool isStreaming() const { return m_state == State::Streaming; }

Q_SIGNALS:
    void finished();

private:
    enum class State : quint8 { Authenticating, Streaming, Closed };

    void start();
    void authenticate(const HttpRequest &request);
    void authenticated(const Result<AuthenticatedAgent> &caller);
    void onText(const QString &message);
    void onBinary(const QByteArray &message);
    void onBytesWritten(qint64 bytes);
    void read();
    void delivered(const Result<EventPage> &page);
    void heartbeat();
    void send(const JsonValue &message);

    EventStream &m_stream;
    std::unique_ptr<QWebSocket> m_socket;
    State m_state = State::Authenticating;
    EventScope m_scope;
    qint64 m_cursor = 0; // everything in scope up to here has been sent
    bool m_reading = false;
    bool m_wokenWhileReading = false;
    bool m_waitingForDrain = false;
    qint64 m_buffered = 0;
    QTimer m_authTimer;
    QTimer m_heartbeatTimer;
    QTimer m_closeTimer;
    QElapsedTimer m_sinceLastHeard;
};

} // namespace deskpay
