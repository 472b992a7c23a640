#include "services/ApiClient.h"

#include "services/ServicesLogging.h"
#include "services/TlsTrust.h"
#include "services/VersionInfo.h"

#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace deskpay {

// What the TLS layer told us about one request, kept until the reply finishes.
struct ApiClient::TlsFindings
{
    QList<QSslError> errors;
    bool pinMismatch = false;
    QSslCertificate peer;
};

ApiClient::ApiClient(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{
    Q_ASSERT(m_network);
}

ApiClient::~ApiClient() = default;

Result<QUrl> ApiClient::checkBaseUrl(const QUrl &url)
{
    if (!url.isValid() || url.scheme() != u"https"_s || url.host().isEmpty())
        return fail(u"bad_server_url"_s,
            tr("“%1” is not a server address DeskPay can use: it must start with https:// "
               "and name a host, for example https://deskpay.example.com:8443.")
                .arg(url.toDisplayString()),
            u"serverUrl"_s);
    QUrl base = url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::StripTrailingSlash);
    return base;
}

Result<void> ApiClient::setBaseUrl(const QUrl &url)
{
    auto checked = checkBaseUrl(url);
    if (!checked) {
        m_baseUrl.clear();
        return std::unexpected(checked.error());
    }
    m_baseUrl = *checked;
    return {};
}

void ApiClient::trustChanged()
{
    // Kept-alive connections were verified under the old trust; the next request must make a
    // fresh handshake that the new CA list and pin are checked against.
    m_network->clearConnectionCache();
}

Result<void> ApiClient::setCaFile(const QString &path)
{
    trustChanged();
    m_caCertificates.clear();
    m_caError.reset();
    if (path.isEmpty())
        return {};
    auto loaded = TlsTrust::loadCaFile(path);
    if (!loaded) {
        m_caError = loaded.error();
        return std::unexpected(loaded.error());
    }
    m_caCertificates = *loaded;
    return {};
}

void ApiClient::setCaCertificates(const QList<QSslCertificate> &certificates)
{
    trustChanged();
    m_caCertificates = certificates;
    m_caError.reset();
}

Result<void> ApiClient::setSpkiPin(const QString &pin)
{
    trustChanged();
    m_spkiPin.clear();
    m_pinError.reset();
    if (pin.trimmed().isEmpty())
        return {};
    auto parsed = TlsTrust::parseSpkiPin(pin);
    if (!parsed) {
        m_pinError = parsed.error();
        return std::unexpected(parsed.error());
    }
    m_spkiPin = *parsed;
    return {};
}

std::optional<Error> ApiClient::configurationError() const
{
    if (m_baseUrl.isEmpty())
        return Error { u"server_not_configured"_s,
            tr("No server is set. Start DeskPay with --server https://HOST:PORT."), u"serverUrl"_s };
    if (m_caError)
        return m_caError;
    return m_pinError;
}

void ApiClient::checkHealth()
{
    if (auto error = configurationError()) {
        // Answer asynchronously like a real request, so callers see one behaviour.
        QTimer::singleShot(0, this, [this, e = *error] { Q_EMIT healthChecked(std::unexpected(e)); });
        return;
    }
    auto tls = std::make_shared<TlsFindings>();
    QNetworkReply *reply = get(u"/v1/health"_s, tls);
    connect(reply, &QNetworkReply::finished, this, [this, reply, tls] {
        reply->deleteLater();
        auto body = takeBody(reply, *tls);
        if (!body) {
            qCDebug(lcApi) << "health check failed:" << body.error().code << body.error().message;
            Q_EMIT healthChecked(std::unexpected(body.error()));
            return;
        }
        Q_EMIT healthChecked(ServerHealth::fromJson(*body));
    });
}

QNetworkReply *ApiClient::get(const QString &path, const std::shared_ptr<TlsFindings> &tls)
{
    QUrl url = m_baseUrl;
    url.setPath(m_baseUrl.path() + path);

    QNetworkRequest request(url);
    request.setRawHeader("Accept"_ba, "application/json"_ba);
    request.setHeader(QNetworkRequest::UserAgentHeader, QString(u"DeskPay/"_s + VersionInfo::applicationVersion()));
    request.setTransferTimeout(static_cast<int>(m_transferTimeout.count()));

    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setProtocol(QSsl::TlsV1_2OrLater);
    // Host name verification stays on: QNetworkAccessManager checks the URL's host against
    // the certificate whenever the peer is verified.
    ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!m_caCertificates.isEmpty())
        ssl.addCaCertificates(m_caCertificates);
    request.setSslConfiguration(ssl);

    QNetworkReply *reply = m_network->get(request);
    // Owned here, so destroying the client aborts what it still has under way.
    reply->setParent(this);

    // Errors are collected so the person is told exactly which certificate was refused and why.
    // They are never ignored: no ignoreSslErrors() anywhere in this client.
    connect(
        reply, &QNetworkReply::sslErrors, this, [tls](const QList<QSslError> &errors) { tls->errors.append(errors); });
    // After the handshake and before the request is written, so a pin mismatch sends nothing.
    connect(reply, &QNetworkReply::encrypted, this, [this, reply, tls] {
        tls->peer = reply->sslConfiguration().peerCertificate();
        if (m_spkiPin.isEmpty())
            return;
        if (TlsTrust::spkiSha256(tls->peer) != m_spkiPin) {
            tls->pinMismatch = true;
            reply->abort();
        }
    });
    return reply;
}

Result<QByteArray> ApiClient::takeBody(QNetworkReply *reply, const TlsFindings &tls) const
{
    const QString server = m_baseUrl.toDisplayString();
    if (tls.pinMismatch)
        return fail(u"tls_pin_mismatch"_s,
            tr("The server at %1 presented a key that does not match the pinned key "
               "(expected pin %2, got %3). Nothing was sent.\n%4")
                .arg(server, QString::fromLatin1(m_spkiPin.toBase64()), TlsTrust::spkiPin(tls.peer),
                    TlsTrust::describeCertificate(tls.peer)));
    if (!tls.errors.isEmpty())
        return fail(u"tls_untrusted"_s,
            tr("The server at %1 is not trusted, so DeskPay did not connect.\n%2")
                .arg(server, TlsTrust::describeErrors(tls.errors)));
    if (reply->error() != QNetworkReply::NoError)
        return std::unexpected(networkError(reply));
    // A reused connection emits no encrypted(): check the pin on every answer too, and drop an
    // answer that came over a connection the pin does not cover.
    if (const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
        !m_spkiPin.isEmpty() && TlsTrust::spkiSha256(peer) != m_spkiPin)
        return fail(u"tls_pin_mismatch"_s,
            tr("The server at %1 presented a key that does not match the pinned key "
               "(expected pin %2, got %3). Its answer was discarded.\n%4")
                .arg(server, QString::fromLatin1(m_spkiPin.toBase64()), TlsTrust::spkiPin(peer),
                    TlsTrust::describeCertificate(peer)));
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return fail(u"http_error"_s,
            tr("The server at %1 answered HTTP %2 %3.")
                .arg(server)
                .arg(status)
                .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString()));
    return reply->readAll();
}

Error ApiClient::networkError(QNetworkReply *reply) const
{
    const QString server = m_baseUrl.toDisplayString();
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return { u"connection_refused"_s,
            tr("The server at %1 refused the connection. Is deskpay-server running?").arg(server), {} };
    case QNetworkReply::HostNotFoundError:
        return { u"host_not_found"_s, tr("The host of %1 was not found. Check the server address.").arg(server), {} };
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // what a transfer timeout reports
        return { u"timeout"_s,
            tr("The server at %1 did not answer within %2 seconds.")
                .arg(server, QLocale().toString(static_cast<double>(m_transferTimeout.count()) / 1000.0, 'g', 3)),
            {} };
    case QNetworkReply::RemoteHostClosedError:
        return { u"connection_closed"_s, tr("The server at %1 closed the connection.").arg(server), {} };
    case QNetworkReply::SslHandshakeFailedError:
        return { u"tls_handshake_failed"_s,
            tr("No secure connection could be made to %1: %2").arg(server, reply->errorString()), {} };
    default:
        break;
    }
    if (const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(); status != 0)
        return { u"http_error"_s,
            tr("The server at %1 answered HTTP %2 %3.")
                .arg(server)
                .arg(status)
                .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString()),
            {} };
    return { u"network_error"_s, tr("The server at %1 cannot be reached: %2").arg(server, reply->errorString()), {} };
}

} // namespace deskpay
