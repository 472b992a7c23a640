#include "server/Server.h"

#include "server/Database.h"
#include "server/JsonResponse.h"
#include "server/MigrationRunner.h"
#include "server/ServerLogging.h"
#include "services/protocol/ErrorCodes.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QSslConfiguration>
#include <QSslServer>
#include <QFutureWatcher>
#include <QTcpSocket>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

// Request line and headers together; the desktop sends about 1 KiB.
constexpr qsizetype MaxHeaderBytes = 32 * 1024;

// Holds a responder until its answer is ready; dies with the socket if the client goes first.
class PendingResponse : public QFutureWatcher<QHttpServerResponse>
{
public:
    PendingResponse(QHttpServerResponder &&responder, QTcpSocket *socket)
        : QFutureWatcher<QHttpServerResponse>(socket)
        , m_responder(std::move(responder))
    {
        connect(this, &QFutureWatcherBase::finished, this, [this] {
            QHttpServerResponse response = future().takeResult();
            m_done(response);
            response.write(std::move(m_responder));
            deleteLater();
        });
    }

    std::function<void(const QHttpServerResponse &)> m_done;

private:
    QHttpServerResponder m_responder;
};

} // namespace

Server::Server(const Database &database, const Clock &clock, int workers, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_clock(clock)
{
    m_workers.setMaxThreadCount(workers > 0 ? workers : std::max(4, 2 * QThread::idealThreadCount()));
    // Worker threads keep their database connections; letting idle ones expire would only
    // make the next burst open new connections.
    m_workers.setExpiryTimeout(-1);
    m_workers.setObjectName(u"deskpay-http-workers"_s);
    m_router.add(HttpRouter::Method::Get, u"/v1/health"_s,
        [this](const HttpRequest &, const RouteMatch &) { return health(); });
    // No QHttpServer routes: every request reaches the missing handler, which is our router.
    m_http.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        handle(request, std::move(responder));
    });
}

Server::~Server()
{
    close();
}

QString Server::version()
{
    return QString::fromLatin1(DESKPAY_VERSION);
}

Result<quint16> Server::listen(const QList<QHostAddress> &addresses, quint16 port, const TlsMaterial &tls)
{
    if (isListening())
        return fail(u"already_listening"_s, tr("The server is already listening on port %1.").arg(this->port()));
    if (addresses.isEmpty())
        return fail(u"bad_listen_address"_s, tr("No address to listen on."));
    if (tls.certificate.isNull() || tls.privateKey.isNull())
        return fail(u"tls_bad_certificate"_s, tr("The server needs a TLS certificate and key."));

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(QList<QSslCertificate> { tls.certificate } + tls.chain);
    configuration.setPrivateKey(tls.privateKey);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    // Agents and payers authenticate inside HTTP (sessions, signatures), not with client certificates.
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);

    // Our own QSslServer instead of QAbstractHttpServer::listen(): that one is the same
    // QSslServer underneath but reports a failure only as 0, and "port in use" must be told
    // apart from other failures.
    quint16 actualPort = port;
    for (qsizetype i = 0; i < addresses.size(); ++i) {
        const QHostAddress &address = addresses.at(i);
        auto *tcp = new QSslServer;
        tcp->setSslConfiguration(configuration);
        connect(tcp, &QSslServer::errorOccurred, this, [](QSslSocket *socket, QAbstractSocket::SocketError) {
            qCDebug(lcServerTls, "connection from %ls failed: %ls", qUtf16Printable(socket->peerAddress().toString()),
                qUtf16Printable(socket->errorString()));
        });
        if (!tcp->listen(address, actualPort)) {
            const QAbstractSocket::SocketError error = tcp->serverError();
            const QString reason = tcp->errorString();
            delete tcp;
            if (i > 0) {
                qCWarning(lcServerHttp, "not listening on %ls too: %ls", qUtf16Printable(address.toString()),
                    qUtf16Printable(reason));
                continue;
            }
            const QString where = u"%1:%2"_s.arg(address.toString()).arg(port);
            if (error == QAbstractSocket::AddressInUseError)
                return fail(u"address_in_use"_s, tr("%1 is already in use by another program.").arg(where));
            if (error == QAbstractSocket::SocketAccessError)
                return fail(u"address_forbidden"_s, tr("Not allowed to listen on %1: %2").arg(where, reason));
            return fail(u"listen_failed"_s, tr("Cannot listen on %1: %2").arg(where, reason));
        }
        actualPort = tcp->serverPort();
        m_http.bind(tcp); // takes ownership
        qCInfo(lcServerHttp, "listening on %ls port %u (TLS)", qUtf16Printable(address.toString()), actualPort);
    }
    return actualPort;
}

void Server::close()
{
    const QList<QTcpServer *> servers = m_http.servers();
    for (QTcpServer *tcp : servers) {
        tcp->close();
        delete tcp; // its accepted sockets are its children and go with it
    }
    m_workers.waitForDone();
}

bool Server::isListening() const
{
    const QList<QTcpServer *> servers = m_http.servers();
    return std::any_of(servers.cbegin(), servers.cend(), [](const QTcpServer *tcp) { return tcp->isListening(); });
}

quint16 Server::port() const
{
    const QList<QTcpServer *> servers = m_http.servers();
    return servers.isEmpty() ? 0 : servers.constFirst()->serverPort();
}

void Server::handle(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    // The request is copied out here, on the HTTP thread; the handler runs on a worker and the
    // answer is written back here, on the socket's thread, once it is ready. A socket that
    // closes meanwhile takes the pending answer with it (the context object is its child).
    // QtHttpServer 6.4 buffers header blocks of any size; refusing them here at least keeps
    // them away from the handlers (nginx in front refuses them before they are read).
    qsizetype headerBytes = request.url().toEncoded().size();
    const auto headers = request.headers();
    for (const auto &[name, value] : headers)
        headerBytes += name.size() + value.size() + 4;
    if (headerBytes > MaxHeaderBytes) {
        JsonResponse::error(JsonResponse::Status(431), ErrorCodes::error(ErrorCodes::HeaderTooLarge))
            .write(std::move(responder));
        return;
    }

    QTcpSocket *socket = responder.socket();
    auto *pending = new PendingResponse(std::move(responder), socket);
    QElapsedTimer timer;
    timer.start();
    pending->m_done = [timer, method = HttpRouter::methodName(request.method()),
                          path = request.url().path().left(200)](const QHttpServerResponse &response) {
        qCDebug(lcServerHttp, "%s %ls -> %d in %lld µs", method.constData(), qUtf16Printable(path),
            int(response.statusCode()), timer.nsecsElapsed() / 1000);
    };
    pending->setFuture(
        QtConcurrent::run(&m_workers, [this, copy = HttpRequest(request)] { return m_router.dispatch(copy); }));
}

QHttpServerResponse Server::health() const
{
    // The schema version comes from the database itself, so a 200 means it answered just now.
    const auto schemaVersion = MigrationRunner::currentVersion(m_database);
    if (!schemaVersion) {
        qCWarning(lcServerDb, "health check: %ls", qUtf16Printable(schemaVersion.error().message));
        return JsonResponse::error(
            JsonResponse::Status::ServiceUnavailable, u"database_unavailable"_s, tr("The database does not answer."));
    }
    return JsonResponse::ok(QJsonObject {
        { u"status"_s, u"ok"_s },
        { u"version"_s, version() },
        { u"database"_s, DatabaseUrl::backendName(m_database.backend()) },
        { u"schemaVersion"_s, *schemaVersion },
        { u"time"_s, m_clock.now().toUTC().toString(Qt::ISODateWithMs) },
    });
}

} // namespace deskpay
