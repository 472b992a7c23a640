#pragma once
// WebhookSigner: the v1 signature of contact-channel webhook POSTs, and the secret file it is keyed with.

#include "models/Error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

namespace deskpay {

// A gateway verifies X-DeskPay-Signature: v1=<hex HMAC-SHA256(secret, timestamp "." messageId "." body)>
// where timestamp is X-DeskPay-Timestamp (Unix seconds) and messageId is X-DeskPay-Message-Id.
// The message id stays the same across retries, so it is the gateway's dedupe key; the timestamp
// lets it refuse stale replays.
class WebhookSigner
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::WebhookSigner)

public:
    // "v1=" followed by 64 lower-case hex digits.
    [[nodiscard]] static QByteArray signature(
        QByteArrayView secret, qint64 timestamp, qint64 messageId, QByteArrayView body);

    // Constant-time comparison of a received X-DeskPay-Signature against the expected one.
    [[nodiscard]] static bool verify(
        QByteArrayView secret, qint64 timestamp, qint64 messageId, QByteArrayView body, QByteArrayView received);

    // The secret from a file readable by its owner only (no group or other permission bits),
    // without a trailing line break; at least 16 bytes. Errors name the file, never the content.
    [[nodiscard]] static Result<QByteArray> readSecretFile(const QString &path);

    static constexpr qsizetype MinimumSecretBytes = 16;
};

} // namespace deskpay
