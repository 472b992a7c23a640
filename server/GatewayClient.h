#pragma once
// GatewayClient: one blocking HTTPS request to a payment gateway, made from whichever thread
// calls it (the server's worker threads), with TLS 1.2+, verified host names and a deadline.

#include "models/Error.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QSslCertificate>
#include <QUrl>

#include <chrono>
#include <utility>

namespace deskpay {

struct GatewayResponse
{
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;

    // The first header of that name (case-insensitive), or a null QByteArray.
    [[nodiscard]] QByteArray header(QByteArrayView name) const;
};

// Each call builds its own QNetworkAccessManager and runs a local event loop on the calling
// thread, so a call never depends on another thread's event loop and calls on several threads
// share nothing. A copy is as good as the original; every method is const and thread-safe.
// Neither headers nor bodies are logged: they carry signatures and the gateway's answers.
class GatewayClient
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::GatewayClient)

public:
    static constexpr std::chrono::milliseconds DefaultTimeout { 10000 };
    static constexpr qint64 MaxAnswerBytes = 1024 * 1024;

    // `extraCaCertificates` are trusted besides the system's CAs (a private gateway CA).
    explicit GatewayClient(
        QList<QSslCertificate> extraCaCertificates = {}, std::chrono::milliseconds timeout = DefaultTimeout);

    // Any HTTP answer is returned as it is, whatever its status (the caller reads it).
    // provider_unavailable: no connection, a TLS failure, no complete answer within the
    // timeout; provider_answer_invalid: an answer larger than MaxAnswerBytes.
    [[nodiscard]] Result<GatewayResponse> send(QByteArrayView method, const QUrl &url,
        const QList<std::pair<QByteArray, QByteArray>> &headers, const QByteArray &body = {}) const;

    [[nodiscard]] std::chrono::milliseconds timeout() const { return m_timeout; }

private:
    QList<QSslCertificate> m_extraCaCertificates;
    std::chrono::milliseconds m_timeout;
};

} // namespace deskpay
