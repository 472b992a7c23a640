#pragma once
// Server: the HTTPS front of the payment server — owns the QHttpServer, the routes and the TLS listeners.

#include "models/Clock.h"
#include "models/Error.h"
#include "server/HttpRouter.h"
#include "server/TlsBootstrap.h"

#include <QHostAddress>
#include <QHttpServer>
#include <QObject>

namespace deskpay {

class Database;

class Server : public QObject
{
    Q_OBJECT

public:
    // The database and clock must outlive the server.
    Server(const Database &database, const Clock &clock, QObject *parent = nullptr);
    ~Server() override;

    // Starts TLS-only listeners on `addresses` (from ListenAddress::resolve()): the first one on
    // `port` (0 = any free port) and must succeed; the others share the port it got and are
    // skipped with a warning when they fail (a host without IPv6, say). Returns the port.
    [[nodiscard]] Result<quint16> listen(const QList<QHostAddress> &addresses, quint16 port, const TlsMaterial &tls);

    // Stops accepting and drops open connections.
    void close();

    [[nodiscard]] bool isListening() const;
    [[nodiscard]] quint16 port() const;

    // Where later features register their routes; 404/405 and the error body come with it.
    [[nodiscard]] HttpRouter &router() { return m_router; }

    // The application version the health endpoint reports.
    [[nodiscard]] static QString version();

private:
    [[nodiscard]] QHttpServerResponse health() const;
    void handle(const QHttpServerRequest &request, QHttpServerResponder &&responder) const;

    const Database &m_database;
    const Clock &m_clock;
    HttpRouter m_router;
    QHttpServer m_http;
};

} // namespace deskpay
