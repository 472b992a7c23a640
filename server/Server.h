#pragma once
// Server: the HTTPS front of the payment server — owns the QHttpServer, the routes and the TLS listeners.

#include "models/Clock.h"
#include "models/Error.h"
#include "server/HttpRouter.h"
#include "server/TlsBootstrap.h"

#include <QHostAddress>
#include <QHttpServer>
#include <QObject>
#include <QThreadPool>

namespace deskpay {

class Database;

class Server : public QObject
{
    Q_OBJECT

public:
    // The database and clock must outlive the server. Requests are handled on `workers`
    // threads (0: twice the cores, at least 4), so a slow one (a login's scrypt, a commit
    // waiting for the disk) does not hold up the others.
    Server(const Database &database, const Clock &clock, int workers = 0, QObject *parent = nullptr);
    ~Server() override;

    // Starts TLS-only listeners on `addresses` (from ListenAddress::resolve()): the first one on
    // `port` (0 = any free port) and must succeed; the others share the port it got and are
    // skipped with a warning when they fail (a host without IPv6, say). Returns the port.
    [[nodiscard]] Result<quint16> listen(const QList<QHostAddress> &addresses, quint16 port, const TlsMaterial &tls);

    // Stops accepting, drops open connections and waits for the handlers still running.
    void close();

    [[nodiscard]] int workerCount() const { return m_workers.maxThreadCount(); }

    [[nodiscard]] bool isListening() const;
    [[nodiscard]] quint16 port() const;

    // Where later features register their routes; 404/405 and the error body come with it.
    [[nodiscard]] HttpRouter &router() { return m_router; }
    // For the WebSocket upgrades QHttpServer performs itself (EventStream::attach).
    [[nodiscard]] QAbstractHttpServer &http() { return m_http; }

    // The application version the health endpoint reports.
    [[nodiscard]] static QString version();

private:
    [[nodiscard]] QHttpServerResponse health() const;
    void handle(const QHttpServerRequest &request, QHttpServerResponder &&responder);

    const Database &m_database;
    const Clock &m_clock;
    HttpRouter m_router;
    QThreadPool m_workers;
    QHttpServer m_http;
};

} // namespace deskpay
