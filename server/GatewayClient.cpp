#include "server/GatewayClient.h"

#include "server/ServerLogging.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace deskpay {

QByteArray GatewayResponse::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

GatewayClient::GatewayClient(QList<QSslCertificate> extraCaCertificates, std::chrono::milliseconds timeout)
    : m_extraCaCertificates(std::move(extraCaCertificates))
    , m_timeout(timeout)
{
}

Result<GatewayResponse> GatewayClient::send(QByteArrayView method, const QUrl &url,
    const QList<std::pair<QByteArray, QByteArray>> &headers, const QByteArray &body) const
{
    // Only the host and path go to the log: queries and bodies belong to the gateway's business.
    const QString target = url.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo | QUrl::RemoveFragment);
    if (url.scheme() != u"https"_s)
        return fail(u"provider_unavailable"_s, tr("The gateway URL %1 is not https.").arg(target));

    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setProtocol(QSsl::TlsV1_2OrLater);
    ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!m_extraCaCertificates.isEmpty())
        ssl.addCaCertificates(m_extraCaCertificates);

    QNetworkRequest request(url);
    request.setSslConfiguration(ssl);
    // A gateway that redirects is not the gateway that was configured.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setTransferTimeout(int(m_timeout.count()));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);

    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);

    QElapsedTimer elapsed;
    elapsed.start();
    QNetworkReply *reply = manager.sendCustomRequest(request, method.toByteArray(), body);
    bool timedOut = false;
    bool tooLarge = false;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(&deadline, &QTimer::timeout, reply, [reply, &timedOut] {
        timedOut = true;
        reply->abort();
    });
    QObject::connect(reply, &QNetworkReply::downloadProgress, reply, [reply, &tooLarge](qint64 received, qint64) {
        if (received > MaxAnswerBytes && !tooLarge) {
            tooLarge = true;
            reply->abort();
        }
    });
    deadline.start(m_timeout);
    if (!reply->isFinished())
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    deadline.stop();

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString errorString = reply->errorString();
    GatewayResponse response;
    response.status = status;
    response.headers = reply->rawHeaderPairs();
    response.body = reply->readAll();
    delete reply;

    if (tooLarge) {
        qCWarning(
            lcServerPayments, "gateway %ls: answer larger than %lld bytes", qUtf16Printable(target), MaxAnswerBytes);
        return fail(u"provider_answer_invalid"_s, tr("The gateway's answer is too large."));
    }
    // HTTP error statuses set an error on the reply too, but they are answers the caller reads.
    if (timedOut || status <= 0) {
        const QString why = timedOut ? tr("no answer within %1 ms").arg(m_timeout.count()) : errorString;
        qCWarning(lcServerPayments, "gateway %ls %ls: unavailable after %lld ms: %ls",
            qUtf16Printable(QString::fromLatin1(method)), qUtf16Printable(target), elapsed.elapsed(),
            qUtf16Printable(why));
        return fail(u"provider_unavailable"_s, tr("The payment gateway is unavailable: %1").arg(why));
    }
    qCDebug(lcServerPayments, "gateway %ls %ls: %d in %lld ms", qUtf16Printable(QString::fromLatin1(method)),
        qUtf16Printable(target), status, elapsed.elapsed());
    return response;
}

} // namespace deskpay
