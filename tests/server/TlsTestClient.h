#pragma once
// TlsTestClient: HTTPS requests from a real QNetworkAccessManager that trusts only the CA it is given.

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslError>
#include <QTest>

namespace deskpay::test {

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    QList<QSslError> sslErrors;
    QByteArray contentType;
    QByteArray allow;
    bool finished = false;

    [[nodiscard]] QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

class TlsTestClient
{
public:
    // With a CA file: trusts exactly that CA (not the system store). Without: the system store only.
    explicit TlsTestClient(const QString &caCertificatePath = {})
    {
        m_manager.setProxy(QNetworkProxy::NoProxy);
        m_ssl = QSslConfiguration::defaultConfiguration();
        if (!caCertificatePath.isEmpty())
            m_ssl.setCaCertificates(QSslCertificate::fromPath(caCertificatePath));
        m_ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    }

    HttpResult request(const QByteArray &verb, const QUrl &url, const QByteArray &body = {})
    {
        QNetworkRequest request(url);
        request.setSslConfiguration(m_ssl);
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_manager.sendCustomRequest(request, verb, body);
        HttpResult result;
        QObject::connect(reply, &QNetworkReply::sslErrors, reply,
            [&result](const QList<QSslError> &errors) { result.sslErrors += errors; });
        QSignalSpy finished(reply, &QNetworkReply::finished);
        result.finished = reply->isFinished() || finished.wait(20000);
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.error = reply->error();
        result.errorString = reply->errorString();
        result.contentType = reply->rawHeader(QByteArrayLiteral("Content-Type"));
        result.allow = reply->rawHeader(QByteArrayLiteral("Allow"));
        reply->disconnect();
        reply->deleteLater();
        return result;
    }

    HttpResult get(const QUrl &url) { return request(QByteArrayLiteral("GET"), url); }

private:
    QNetworkAccessManager m_manager;
    QSslConfiguration m_ssl;
};

} // namespace deskpay::test
