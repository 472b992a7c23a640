#pragma once
// ApiTestClient: HTTPS requests with any headers (content type, Authorization) from a real
// QNetworkAccessManager that trusts only the CA it is given.

#include "TlsTestClient.h"

#include <QElapsedTimer>
#include <QJsonArray>

namespace deskpay::test {

struct ApiResult : HttpResult
{
    QByteArray retryAfter;
    qint64 elapsedMs = 0;
    QList<QNetworkReply::RawHeaderPair> responseHeaders;

    [[nodiscard]] QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : responseHeaders)
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        return {};
    }

    [[nodiscard]] QString errorCode() const
    {
        return json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
    }
    [[nodiscard]] QJsonArray issues() const
    {
        return json().value(QStringLiteral("error")).toObject().value(QStringLiteral("issues")).toArray();
    }
};

class ApiTestClient
{
public:
    using Headers = QList<std::pair<QByteArray, QByteArray>>;

    explicit ApiTestClient(const QString &caCertificatePath)
    {
        m_manager.setProxy(QNetworkProxy::NoProxy);
        m_ssl = QSslConfiguration::defaultConfiguration();
        m_ssl.setCaCertificates(QSslCertificate::fromPath(caCertificatePath));
        m_ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    }

    // Sends without waiting (for tests of concurrent requests); the caller owns the reply.
    QNetworkReply *start(const QByteArray &verb, const QUrl &url, const QByteArray &body, const Headers &headers)
    {
        QNetworkRequest request(url);
        request.setSslConfiguration(m_ssl);
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        return m_manager.sendCustomRequest(request, verb, body);
    }

    // No header is added on its own: the caller names the content type it wants to send.
    ApiResult request(const QByteArray &verb, const QUrl &url, const QByteArray &body = {}, const Headers &headers = {})
    {
        QNetworkRequest request(url);
        request.setSslConfiguration(m_ssl);
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        QElapsedTimer timer;
        timer.start();
        QNetworkReply *reply = m_manager.sendCustomRequest(request, verb, body);
        ApiResult result;
        QObject::connect(reply, &QNetworkReply::sslErrors, reply,
            [&result](const QList<QSslError> &errors) { result.sslErrors += errors; });
        QSignalSpy finished(reply, &QNetworkReply::finished);
        result.finished = reply->isFinished() || finished.wait(20000);
        result.elapsedMs = timer.elapsed();
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.error = reply->error();
        result.errorString = reply->errorString();
        result.contentType = reply->rawHeader(QByteArrayLiteral("Content-Type"));
        result.allow = reply->rawHeader(QByteArrayLiteral("Allow"));
        result.retryAfter = reply->rawHeader(QByteArrayLiteral("Retry-After"));
        result.responseHeaders = reply->rawHeaderPairs();
        reply->disconnect();
        reply->deleteLater();
        return result;
    }

    ApiResult postJson(const QUrl &url, const QByteArray &body, Headers headers = {})
    {
        headers.append({ QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json") });
        return request(QByteArrayLiteral("POST"), url, body, headers);
    }

    static Headers bearer(const QString &token)
    {
        return { { QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + token.toLatin1() } };
    }

private:
    QNetworkAccessManager m_manager;
    QSslConfiguration m_ssl;
};

} // namespace deskpay::test
