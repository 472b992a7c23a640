#pragma once
// SandboxTestSupport: what the provider sandbox tests need around it — a local CA with a
// certificate for 127.0.0.1, an HTTPS client that does not follow redirects, and a TLS
// notification receiver that answers as the test tells it.

#include "models/Clock.h"
#include "server/CertificateFactory.h"

#include <QDir>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTest>

namespace deskpay::test {

// ca.pem, tls.pem and tls.key (for 127.0.0.1 and localhost) in `dir`.
struct TestPki
{
    QString caFile;
    QString certificateFile;
    QString keyFile;
    QSslCertificate certificate;
    QSslKey key;

    static TestPki create(const QString &dir, const Clock &clock)
    {
        const CertificateFactory factory(clock);
        const QByteArray caKey = CertificateFactory::generateKey().value();
        const QByteArray ca = factory.createCaCertificate(caKey, QStringLiteral("Sandbox test CA"), 30).value();
        const QByteArray key = CertificateFactory::generateKey().value();
        const QByteArray certificate = factory
                                           .createServerCertificate(key, ca, caKey,
                                               { QStringLiteral("127.0.0.1"), QStringLiteral("localhost") }, 30)
                                           .value();
        TestPki pki;
        const QDir folder(dir);
        pki.caFile = folder.filePath(QStringLiteral("ca.pem"));
        pki.certificateFile = folder.filePath(QStringLiteral("tls.pem"));
        pki.keyFile = folder.filePath(QStringLiteral("tls.key"));
        for (const auto &[path, data] : { std::pair { pki.caFile, ca }, std::pair { pki.certificateFile, certificate },
                 std::pair { pki.keyFile, key } }) {
            QFile file(path);
            if (file.open(QIODevice::WriteOnly))
                file.write(data);
        }
        pki.certificate = QSslCertificate(certificate, QSsl::Pem);
        pki.key = QSslKey(key, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
        return pki;
    }
};

struct Reply
{
    int status = 0;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;

    [[nodiscard]] QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
};

// Trusts only the test CA; never follows redirects (the cashier's 303 is what is tested).
class HttpsClient
{
public:
    explicit HttpsClient(const QString &caFile)
    {
        m_manager.setProxy(QNetworkProxy::NoProxy);
        m_ssl = QSslConfiguration::defaultConfiguration();
        m_ssl.setCaCertificates(QSslCertificate::fromPath(caFile));
        m_ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    }

    Reply send(const QByteArray &verb, const QUrl &url, const QByteArray &body = {}, const QByteArray &contentType = {},
        const QList<std::pair<QByteArray, QByteArray>> &headers = {})
    {
        QNetworkRequest request(url);
        request.setSslConfiguration(m_ssl);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        if (!contentType.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        QNetworkReply *reply = m_manager.sendCustomRequest(request, verb, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(20000);
        Reply result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.headers = reply->rawHeaderPairs();
        result.error = reply->error();
        result.errorString = reply->errorString();
        reply->deleteLater();
        return result;
    }

private:
    QNetworkAccessManager m_manager;
    QSslConfiguration m_ssl;
};

// Receives notifications over TLS; answers from a queue (the last answer repeats).
class NotifyReceiver : public QObject
{
    Q_OBJECT

public:
    struct Received
    {
        QString path;
        QList<std::pair<QByteArray, QByteArray>> headers;
        QByteArray body;

        [[nodiscard]] QByteArray header(const QByteArray &name) const
        {
            for (const auto &[key, value] : headers) {
                if (key.compare(name, Qt::CaseInsensitive) == 0)
                    return value;
            }
            return {};
        }
    };
    struct Answer
    {
        int status = 200;
        QByteArray body;
    };

    explicit NotifyReceiver(const TestPki &pki)
    {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setLocalCertificate(pki.certificate);
        configuration.setPrivateKey(pki.key);
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        auto *tcp = new QSslServer;
        tcp->setSslConfiguration(configuration);
        if (tcp->listen(QHostAddress::LocalHost, 0)) {
            m_port = tcp->serverPort();
            m_http.bind(tcp);
        } else {
            delete tcp;
        }
        m_http.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            Received received;
            received.path = request.url().path();
            const auto headers = request.headers();
            for (const auto &[name, value] : headers)
                received.headers.append({ name, value });
            received.body = request.body();
            m_received.append(received);
            const Answer answer = m_answers.size() > 1 ? m_answers.takeFirst() : m_answers.value(0);
            QHttpServerResponse response = answer.body.isEmpty()
                ? QHttpServerResponse(static_cast<QHttpServerResponse::StatusCode>(answer.status))
                : QHttpServerResponse(QByteArrayLiteral("text/plain"), answer.body,
                    static_cast<QHttpServerResponse::StatusCode>(answer.status));
            response.write(std::move(responder));
            Q_EMIT receivedOne();
        });
    }

    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] QString url(const QString &path) const
    {
        return QStringLiteral("https://127.0.0.1:%1%2").arg(m_port).arg(path);
    }
    void setAnswers(QList<Answer> answers) { m_answers = std::move(answers); }
    [[nodiscard]] const QList<Received> &received() const { return m_received; }
    void clear() { m_received.clear(); }

Q_SIGNALS:
    void receivedOne();

private:
    QHttpServer m_http;
    quint16 m_port = 0;
    QList<Answer> m_answers { Answer { 200, QByteArrayLiteral("success") } };
    QList<Received> m_received;
};

} // namespace deskpay::test
