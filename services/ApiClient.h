#pragma once
// ApiClient: the desktop's HTTPS client of the DeskPay server (TLS trust, pinning, error words).

#include "models/Error.h"
#include "services/ServerHealth.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>

#include <chrono>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace deskpay {

class ApiClient : public QObject
{
    Q_OBJECT

public:
    // The access manager is shared with the rest of the app and must outlive this client.
    explicit ApiClient(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~ApiClient() override;

    // Only https URLs with a host are accepted: every request carries order or identity data.
    [[nodiscard]] static Result<QUrl> checkBaseUrl(const QUrl &url);
    [[nodiscard]] Result<void> setBaseUrl(const QUrl &url);
    [[nodiscard]] QUrl baseUrl() const { return m_baseUrl; }

    // Trust a private CA in addition to the system's (empty path: system CAs only).
    // A file that cannot be loaded is remembered and reported by every request, so the
    // person sees why nothing connects instead of a generic TLS failure.
    [[nodiscard]] Result<void> setCaFile(const QString &path);
    void setCaCertificates(const QList<QSslCertificate> &certificates);
    [[nodiscard]] QList<QSslCertificate> caCertificates() const { return m_caCertificates; }

    // Require the server's key to match this SPKI pin (base64 SHA-256; empty: no pin). The pin is
    // checked on top of normal certificate validation, never instead of it. A malformed pin is
    // remembered as an error too: a mistyped pin must not silently turn the check off.
    [[nodiscard]] Result<void> setSpkiPin(const QString &pin);

    // Each request fails with "timeout" when the server sends nothing for this long.
    void setTransferTimeout(std::chrono::milliseconds timeout) { m_transferTimeout = timeout; }

    // GET /v1/health; the answer comes as healthChecked().
    void checkHealth();

Q_SIGNALS:
    void healthChecked(const deskpay::Result<deskpay::ServerHealth> &result);

private:
    struct TlsFindings;

    void trustChanged();
    [[nodiscard]] std::optional<Error> configurationError() const;
    QNetworkReply *get(const QString &path, const std::shared_ptr<TlsFindings> &tls);
    [[nodiscard]] Result<QByteArray> takeBody(QNetworkReply *reply, const TlsFindings &tls) const;
    [[nodiscard]] Error networkError(QNetworkReply *reply) const;

    QNetworkAccessManager *m_network;
    QUrl m_baseUrl;
    QList<QSslCertificate> m_caCertificates;
    QByteArray m_spkiPin;
    std::optional<Error> m_caError;
    std::optional<Error> m_pinError;
    std::chrono::milliseconds m_transferTimeout { 10'000 };
};

} // namespace deskpay
