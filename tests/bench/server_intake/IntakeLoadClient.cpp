#include "IntakeLoadClient.h"

#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace deskpay::bench {

namespace {

constexpr int MaxErrorSamples = 5;
constexpr int WatchdogMs = 10 * 60 * 1000; // a whole run; the bench must end even if the server hangs

} // namespace

IntakeLoadClient::IntakeLoadClient(QString host, quint16 port, QList<QSslCertificate> caCertificates,
    QList<QByteArray> requests, int connections, int expectedStatus)
    : m_host(std::move(host))
    , m_port(port)
    , m_ca(std::move(caCertificates))
    , m_requests(std::move(requests))
    , m_connectionCount(connections)
    , m_expectedStatus(expectedStatus)
{
}

IntakeLoadClient::~IntakeLoadClient() = default;

void IntakeLoadClient::start()
{
    m_clock.start();
    m_result.latenciesNs.reserve(m_requests.size());
    m_watchdog = new QTimer(this);
    m_watchdog->setSingleShot(true);
    connect(m_watchdog, &QTimer::timeout, this, [this] { finish(u"timed out"_s); });
    m_watchdog->start(WatchdogMs);

    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(m_ca);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    for (int i = 0; i < m_connectionCount; ++i) {
        auto connection = std::make_unique<Connection>();
        Connection *c = connection.get();
        c->socket = new QSslSocket(this);
        c->socket->setSslConfiguration(tls);
        connect(c->socket, &QSslSocket::encrypted, this, [this, c] { connectionReady(*c); });
        connect(c->socket, &QSslSocket::readyRead, this, [this, c] { readAnswers(*c); });
        connect(c->socket, &QSslSocket::sslErrors, this, [this, c](const QList<QSslError> &errors) {
            connectionLost(*c, u"TLS: %1"_s.arg(errors.isEmpty() ? QString() : errors.constFirst().errorString()));
        });
        connect(c->socket, &QAbstractSocket::errorOccurred, this,
            [this, c](QAbstractSocket::SocketError) { connectionLost(*c, c->socket->errorString()); });
        m_connections.push_back(std::move(connection));
        c->socket->connectToHostEncrypted(m_host, m_port);
    }
}

void IntakeLoadClient::connectionReady(Connection &connection)
{
    connection.ready = true;
    if (++m_readyCount < m_connectionCount)
        return;
    // Every handshake is done: from here on only requests are timed.
    m_running = true;
    m_startNs = m_clock.nsecsElapsed();
    for (auto &c : m_connections)
        sendNext(*c);
}

void IntakeLoadClient::sendNext(Connection &connection)
{
    if (m_next >= m_requests.size()) {
        connection.current = -1;
        return;
    }
    connection.current = m_next++;
    connection.sentAtNs = m_clock.nsecsElapsed();
    connection.socket->write(m_requests.at(connection.current));
}

void IntakeLoadClient::readAnswers(Connection &connection)
{
    connection.buffer += connection.socket->readAll();
    while (!m_done) {
        const qsizetype headerEnd = connection.buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QByteArrayView head(connection.buffer.constData(), headerEnd);
        const qsizetype lineEnd = head.indexOf("\r\n");
        const QByteArrayView statusLine = lineEnd < 0 ? head : head.first(lineEnd);
        // "HTTP/1.1 201 Created"
        const qsizetype space = statusLine.indexOf(' ');
        const int status = space < 0 ? 0 : statusLine.sliced(space + 1).first(3).toInt();
        qsizetype contentLength = -1;
        const QList<QByteArray> lines = head.toByteArray().split('\n');
        for (const QByteArray &line : lines) {
            const QByteArray trimmed = line.trimmed();
            if (trimmed.size() > 15 && trimmed.first(15).compare("content-length:", Qt::CaseInsensitive) == 0)
                contentLength = trimmed.sliced(15).trimmed().toLongLong();
        }
        if (contentLength < 0) {
            connectionLost(connection, u"answer without Content-Length: %1"_s.arg(QString::fromLatin1(statusLine)));
            return;
        }
        const qsizetype total = headerEnd + 4 + contentLength;
        if (connection.buffer.size() < total)
            return;
        const QByteArray body = connection.buffer.sliced(headerEnd + 4, contentLength);
        connection.buffer.remove(0, total);

        if (connection.current < 0) {
            connectionLost(connection, u"an answer nobody asked for"_s);
            return;
        }
        m_result.latenciesNs.append(m_clock.nsecsElapsed() - connection.sentAtNs);
        ++m_result.statuses[status];
        if (status != m_expectedStatus) {
            ++m_result.errors;
            if (m_result.errorSamples.size() < MaxErrorSamples)
                m_result.errorSamples.append(
                    u"%1 %2"_s.arg(status).arg(QString::fromUtf8(body.left(300))));
        }
        ++m_answered;
        if (m_answered >= m_requests.size()) {
            finish();
            return;
        }
        sendNext(connection);
    }
}

void IntakeLoadClient::connectionLost(Connection &connection, const QString &why)
{
    if (m_done || !connection.socket)
        return;
    if (m_result.errorSamples.size() < MaxErrorSamples)
        m_result.errorSamples.append(u"connection lost: %1"_s.arg(why));
    QSslSocket *socket = connection.socket;
    connection.socket = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
    if (!m_running) {
        finish(u"could not connect: %1"_s.arg(why));
        return;
    }
    if (connection.current >= 0) {
        ++m_result.errors; // its request is lost with it
        ++m_answered;
        connection.current = -1;
    }
    const bool anyLeft = std::any_of(m_connections.cbegin(), m_connections.cend(),
        [](const std::unique_ptr<Connection> &c) { return c->socket != nullptr; });
    if (m_answered >= m_requests.size())
        finish();
    else if (!anyLeft)
        finish(u"every connection was lost"_s);
}

void IntakeLoadClient::finish(const QString &failure)
{
    if (m_done)
        return;
    m_done = true;
    m_result.wallNs = m_clock.nsecsElapsed() - m_startNs;
    m_result.failure = failure;
    m_watchdog->stop();
    for (auto &c : m_connections) {
        if (c->socket) {
            c->socket->disconnect(this);
            c->socket->abort();
            // Later: finish() usually runs inside this very socket's readyRead.
            c->socket->deleteLater();
            c->socket = nullptr;
        }
    }
    Q_EMIT finished();
}

} // namespace deskpay::bench
