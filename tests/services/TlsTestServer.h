#pragma once
// TlsTestServer: a minimal HTTPS/1.1 server on 127.0.0.1 that answers every request with one
// canned response, and records what reached it.

#include "TestPki.h"

#include <QByteArray>
#include <QSslServer>

namespace deskpay::test {

class TlsTestServer : public QSslServer
{
    Q_OBJECT

public:
    explicit TlsTestServer(const CertifiedKey &identity, QObject *parent = nullptr);

    // Listens on 127.0.0.1 on a free port; false if that fails.
    [[nodiscard]] bool start();
    [[nodiscard]] quint16 port() const { return serverPort(); }

    void setResponse(int status, const QByteArray &reason, const QByteArray &body);
    // Accept and read requests but never answer (for timeouts).
    void setSilent(bool silent) { m_silent = silent; }

    // Bytes of HTTP received after handshakes, and requests answered.
    [[nodiscard]] qint64 bytesReceived() const { return m_bytesReceived; }
    [[nodiscard]] int requestCount() const { return m_requests; }
    [[nodiscard]] int handshakesStarted() const { return m_handshakes; }
    // Connections that ended, whether after serving or by failing during the handshake.
    [[nodiscard]] int endedConnections() const { return m_closed + m_failed; }
    [[nodiscard]] int acceptedConnections() const { return m_accepted; }
    [[nodiscard]] int closedConnections() const { return m_closed; }
    [[nodiscard]] QByteArray lastRequest() const { return m_lastRequest; }

private:
    void serve(QSslSocket *socket);

    int m_status = 200;
    QByteArray m_reason = "OK";
    QByteArray m_body;
    bool m_silent = false;
    qint64 m_bytesReceived = 0;
    int m_requests = 0;
    int m_handshakes = 0;
    int m_failed = 0;
    int m_accepted = 0;
    int m_closed = 0;
    QByteArray m_lastRequest;
};

} // namespace deskpay::test
