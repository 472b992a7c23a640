#include "TlsTestServer.h"

#include <QHostAddress>
#include <QSslConfiguration>
#include <QSslSocket>

using namespace Qt::StringLiterals;

namespace deskpay::test {

TlsTestServer::TlsTestServer(const CertifiedKey &identity, QObject *parent)
    : QSslServer(parent)
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(identity.certificate);
    configuration.setPrivateKey(identity.key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    setSslConfiguration(configuration);
    connect(this, &QSslServer::startedEncryptionHandshake, this, [this] { ++m_handshakes; });
    // A socket that fails before the handshake completes is never handed out; count it here.
    connect(this, &QSslServer::errorOccurred, this, [this] { ++m_failed; });
    connect(this, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (hasPendingConnections()) {
            if (auto *socket = qobject_cast<QSslSocket *>(nextPendingConnection()))
                serve(socket);
        }
    });
}

bool TlsTestServer::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

void TlsTestServer::setResponse(int status, const QByteArray &reason, const QByteArray &body)
{
    m_status = status;
    m_reason = reason;
    m_body = body;
}

void TlsTestServer::serve(QSslSocket *socket)
{
    ++m_accepted;
    auto buffer = std::make_shared<QByteArray>();
    connect(socket, &QSslSocket::disconnected, this, [this, socket] {
        ++m_closed;
        socket->deleteLater();
    });
    connect(socket, &QSslSocket::readyRead, this, [this, socket, buffer] {
        const QByteArray chunk = socket->readAll();
        m_bytesReceived += chunk.size();
        buffer->append(chunk);
        if (!buffer->contains("\r\n\r\n"_ba) || m_silent)
            return;
        m_lastRequest = *buffer;
        buffer->clear();
        ++m_requests;
        QByteArray response = "HTTP/1.1 "_ba + QByteArray::number(m_status) + ' ' + m_reason + "\r\n"_ba;
        response += "Content-Type: application/json\r\nConnection: close\r\nContent-Length: "_ba
            + QByteArray::number(m_body.size()) + "\r\n\r\n"_ba + m_body;
        socket->write(response);
        socket->disconnectFromHost();
    });
}

} // namespace deskpay::test
