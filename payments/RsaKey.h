#pragma once
// RsaKey: an RSA key pair or public key on OpenSSL 3 — what both payment provider styles sign
// with (SHA256withRSA, PKCS#1 v1.5: Alipay's "RSA2", WeChat Pay v3's "SHA256-RSA2048").

#include "models/Error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>

#include <memory>

struct evp_pkey_st;

namespace deskpay {

// Error codes: bad_pem (not one PEM block of a private key / public key), key_encrypted (an
// encrypted PEM private key), wrong_key_type (not RSA, RSA-PSS included), key_too_small (under
// 2048 bits), key_not_private (signing with a public key), signature_invalid, key_missing,
// crypto_failure. Private key material is never logged.
// Copies share the immutable OpenSSL key; every method is safe to call from several threads.
class RsaKey
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::RsaKey)

public:
    static constexpr int kMinimumBits = 2048;

    // A null key (key_missing from everything); what configuration structs hold until loaded.
    RsaKey() = default;
    [[nodiscard]] bool isNull() const { return !m_key; }

    [[nodiscard]] static Result<RsaKey> generate(int bits = 2048);
    // PKCS#8 "PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY", unencrypted.
    [[nodiscard]] static Result<RsaKey> fromPrivateKeyPem(QByteArrayView pem);
    // SubjectPublicKeyInfo "PUBLIC KEY", PKCS#1 "RSA PUBLIC KEY", or the public key of one
    // "CERTIFICATE" (the certificate itself is not checked: no chain, no dates).
    [[nodiscard]] static Result<RsaKey> fromPublicKeyPem(QByteArrayView pem);

    [[nodiscard]] bool hasPrivateKey() const;
    [[nodiscard]] int bits() const;
    // The caller owns the secret: keep it out of logs.
    [[nodiscard]] Result<QByteArray> toPrivateKeyPem() const;
    [[nodiscard]] Result<QByteArray> toPublicKeyPem() const;
    // The SubjectPublicKeyInfo DER (what serial() hashes).
    [[nodiscard]] Result<QByteArray> toPublicKeyDer() const;
    // Upper-case hex SHA-1 of the SubjectPublicKeyInfo DER (40 characters): the sandbox's
    // "certificate serial" for a key.
    [[nodiscard]] Result<QString> serial() const;

    // SHA256withRSA (PKCS#1 v1.5): raw signature bytes (not base64).
    [[nodiscard]] Result<QByteArray> sign(QByteArrayView message) const;
    [[nodiscard]] Result<void> verify(QByteArrayView message, QByteArrayView signature) const;

private:
    RsaKey(std::shared_ptr<evp_pkey_st> key, bool hasPrivate);
    // Takes ownership of `key`; refuses what is not RSA or is too small.
    [[nodiscard]] static Result<RsaKey> adopt(evp_pkey_st *key, bool hasPrivate);
    std::shared_ptr<evp_pkey_st> m_key;
    bool m_hasPrivate = false;
};

} // namespace deskpay
