#pragma once
// FakeGateway: a payment gateway stand-in for provider tests — a real QHttpServer over TLS on
// 127.0.0.1 with a certificate from a throw-away CA, answering what the test's handler says.

#include "models/Clock.h"
#include "server/CertificateFactory.h"
#include "server/HttpRequest.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>

#include <functional>

namespace deskpay::test {

struct GatewayTls
{
    QSslCertificate ca;
    QSslCertificate certificate; // for the hosts asked for (127.0.0.1 and localhost by default)
    QSslKey key;
    QString error; // empty when everything was made
};

inline GatewayTls makeGatewayTls(
    const QStringList &hosts = { QStringLiteral("127.0.0.1"), QStringLiteral("localhost") })
{
    GatewayTls tls;
    const SystemClock clock;
    const CertificateFactory factory(clock);
    auto caKey = CertificateFactory::generateKey();
    auto serverKey = CertificateFactory::generateKey();
    if (!caKey || !serverKey) {
        tls.error = QStringLiteral("key generation failed");
        return tls;
    }
    auto caPem = factory.createCaCertificate(*caKey, QStringLiteral("DeskPay test gateway CA"), 2);
    if (!caPem) {
        tls.error = caPem.error().message;
        return tls;
    }
    auto serverPem = factory.createServerCertificate(*serverKey, *caPem, *caKey, hosts, 1);
    if (!serverPem) {
        tls.error = serverPem.error().message;
        return tls;
    }
    tls.ca = QSslCertificate(*caPem, QSsl::Pem);
    tls.certificate = QSslCertificate(*serverPem, QSsl::Pem);
    tls.key = QSslKey(*serverKey, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    return tls;
}

class FakeGateway
{
public:
    struct Reply
    {
        int status = 200;
        QList<std::pair<QByteArray, QByteArray>> headers;
        QByteArray body;
        QByteArray contentType = QByteArrayLiteral("application/json");
    };
    using Handler = std::function<Reply(const HttpRequest &)>;

    FakeGateway()
    {
        m_http.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            const HttpRequest copy(request);
            received.append(copy);
            const Reply reply = handler ? handler(copy) : Reply { 500, {}, {}, {} };
            QHttpServerResponse response = reply.body.isEmpty()
                ? QHttpServerResponse(QHttpServerResponse::StatusCode(reply.status))
                : QHttpServerResponse(reply.contentType, reply.body, QHttpServerResponse::StatusCode(reply.status));
            for (const auto &[name, value] : reply.headers)
                response.addHeader(name, value);
            response.write(std::move(responder));
        });
    }

    // Listens on 127.0.0.1 with an ephemeral port; false when it cannot.
    bool listen(const GatewayTls &tls)
    {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setLocalCertificate(tls.certificate);
        configuration.setPrivateKey(tls.key);
        configuration.setProtocol(QSsl::TlsV1_2OrLater);
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        auto *server = new QSslServer;
        server->setSslConfiguration(configuration);
        if (!server->listen(QHostAddress::LocalHost, 0)) {
            delete server;
            return false;
        }
        m_port = server->serverPort();
        m_http.bind(server);
        return true;
    }

    [[nodiscard]] QUrl url(const QString &path = {}) const
    {
        QUrl url;
        url.setScheme(QStringLiteral("https"));
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(m_port);
        url.setPath(path);
        return url;
    }

    Handler handler;
    QList<HttpRequest> received;

private:
    QHttpServer m_http;
    quint16 m_port = 0;
};

// Accepts connections and never says a word: a gateway that hangs.
class SilentServer
{
public:
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    [[nodiscard]] QUrl url() const
    {
        QUrl url;
        url.setScheme(QStringLiteral("https"));
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(m_server.serverPort());
        url.setPath(QStringLiteral("/gateway.do"));
        return url;
    }

private:
    QTcpServer m_server;
};

// An https URL on which nothing listens (a port just released).
inline QUrl unreachableUrl()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close();
    QUrl url;
    url.setScheme(QStringLiteral("https"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port);
    url.setPath(QStringLiteral("/gateway.do"));
    return url;
}

} // namespace deskpay::test
