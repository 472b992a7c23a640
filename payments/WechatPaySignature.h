#pragma once
// WechatPaySignature: WeChat-Pay-v3-style signing — the Authorization header on merchant
// requests, the Wechatpay-* headers on answers and callbacks, the APP pay signature, and the
// AES-256-GCM encrypted callback resource.

#include "models/Error.h"
#include "payments/RsaKey.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

namespace deskpay {

struct WechatAuthorization
{
    QString mchId;
    QString nonce;
    QString signature; // base64
    QString timestamp; // Unix seconds, decimal
    QString serial; // the merchant key's serial
};

// The four headers on answers and callbacks.
struct WechatSignedHeaders
{
    QString timestamp; // Wechatpay-Timestamp
    QString nonce; // Wechatpay-Nonce
    QString signature; // Wechatpay-Signature (base64)
    QString serial; // Wechatpay-Serial
};

struct WechatResource
{
    QString algorithm = QStringLiteral("AEAD_AES_256_GCM");
    QString ciphertext; // base64(ciphertext ‖ 16-byte tag)
    QString associatedData;
    QString nonce; // 12 ASCII characters, used as the 96-bit GCM IV
};

class WechatPaySignature
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::WechatPaySignature)

public:
    static constexpr const char *kScheme = "WECHATPAY2-SHA256-RSA2048";

    // "METHOD\nPATH?QUERY\ntimestamp\nnonce\nbody\n"
    [[nodiscard]] static QByteArray requestMessage(QByteArrayView method, QByteArrayView pathAndQuery,
        QByteArrayView timestamp, QByteArrayView nonce, QByteArrayView body);
    // "timestamp\nnonce\nbody\n" (answers and callbacks)
    [[nodiscard]] static QByteArray responseMessage(
        QByteArrayView timestamp, QByteArrayView nonce, QByteArrayView body);
    // "appId\ntimestamp\nnonceStr\nprepayId\n" (the APP pay parameters)
    [[nodiscard]] static QByteArray appPayMessage(
        const QString &appId, const QString &timestamp, const QString &nonceStr, const QString &prepayId);

    // A random 32-character nonce (A-Z 0-9).
    [[nodiscard]] static QString newNonce();

    // The Authorization value for a merchant request signed now (`timestamp` given by the caller).
    [[nodiscard]] static Result<QByteArray> authorize(const QString &mchId, const QString &serial, const RsaKey &key,
        QByteArrayView method, QByteArrayView pathAndQuery, const QString &timestamp, QByteArrayView body);
    // Parses `WECHATPAY2-SHA256-RSA2048 k="v",…` (any order of the five parameters, each once):
    // authorization_malformed otherwise.
    [[nodiscard]] static Result<WechatAuthorization> parseAuthorization(QByteArrayView value);

    // Signs an answer or callback body: fills all four headers.
    [[nodiscard]] static Result<WechatSignedHeaders> signResponse(
        const RsaKey &key, const QString &serial, const QString &timestamp, QByteArrayView body);
    // Verifies the signature over responseMessage(); the caller has chosen `key` by serial and
    // checked the timestamp's freshness.
    [[nodiscard]] static Result<void> verifyResponse(
        const RsaKey &key, const WechatSignedHeaders &headers, QByteArrayView body);

    // AES-256-GCM with the 32-byte APIv3 key. decrypt: resource_invalid (algorithm, nonce
    // length, base64), resource_tampered (the tag does not match), api_key_invalid (not 32 bytes).
    [[nodiscard]] static Result<WechatResource> encrypt(
        QByteArrayView apiV3Key, QByteArrayView plain, const QString &associatedData, const QString &nonce);
    [[nodiscard]] static Result<QByteArray> decrypt(QByteArrayView apiV3Key, const WechatResource &resource);

    // The AES-256-GCM core of encrypt()/decrypt() on raw bytes: a 12-byte IV, the result is
    // ciphertext ‖ 16-byte tag. Same error codes (the IV's length is resource_invalid). Public
    // for known-answer tests.
    static constexpr int kGcmIvBytes = 12;
    static constexpr int kGcmTagBytes = 16;
    [[nodiscard]] static Result<QByteArray> sealAes256Gcm(
        QByteArrayView key, QByteArrayView iv, QByteArrayView associatedData, QByteArrayView plain);
    [[nodiscard]] static Result<QByteArray> openAes256Gcm(
        QByteArrayView key, QByteArrayView iv, QByteArrayView associatedData, QByteArrayView sealed);
};

} // namespace deskpay
