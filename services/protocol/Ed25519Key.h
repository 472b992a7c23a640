#pragma once
// Ed25519Key: an Ed25519 key pair or public key on OpenSSL 3 — generation, PEM/raw import and export, sign, verify.

#include "models/Error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <memory>

struct evp_pkey_st; // OpenSSL's EVP_PKEY, kept out of this header

namespace deskpay {

// Error codes: bad_pem (not one well-formed PEM block of the expected kind), key_encrypted
// (an encrypted PKCS#8 block; decrypt it first), wrong_key_type (a valid key, but not Ed25519),
// bad_key_length (raw key not 32 bytes), key_not_private (signing or exporting with a public
// key), signature_invalid (verification failed), key_missing (a moved-from key),
// crypto_failure (OpenSSL itself failed).
//
// Private key material is never logged; temporary buffers holding it are wiped.
// Copies share the underlying OpenSSL key (reference counted, immutable, thread-safe to use).
class Ed25519Key
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::Ed25519Key)

public:
    static constexpr qsizetype kRawKeySize = 32;
    static constexpr qsizetype kSignatureSize = 64;

    Ed25519Key(const Ed25519Key &other);
    Ed25519Key &operator=(const Ed25519Key &other);
    Ed25519Key(Ed25519Key &&) noexcept = default;
    Ed25519Key &operator=(Ed25519Key &&) noexcept = default;
    ~Ed25519Key();

    // A fresh key pair from OpenSSL's CSPRNG.
    [[nodiscard]] static Result<Ed25519Key> generate();
    // Unencrypted PKCS#8 ("-----BEGIN PRIVATE KEY-----"), exactly one block.
    [[nodiscard]] static Result<Ed25519Key> fromPrivateKeyPem(QByteArrayView pem);
    // SubjectPublicKeyInfo ("-----BEGIN PUBLIC KEY-----"), exactly one block.
    [[nodiscard]] static Result<Ed25519Key> fromPublicKeyPem(QByteArrayView pem);
    [[nodiscard]] static Result<Ed25519Key> fromPublicKeyDer(QByteArrayView der);
    [[nodiscard]] static Result<Ed25519Key> fromRawPublicKey(QByteArrayView raw);
    // The 32-byte seed of RFC 8032.
    [[nodiscard]] static Result<Ed25519Key> fromRawPrivateKey(QByteArrayView seed);

    [[nodiscard]] bool hasPrivateKey() const;

    // The caller owns the returned secret: keep it out of logs and wipe it when done.
    [[nodiscard]] Result<QByteArray> toPrivateKeyPem() const;
    [[nodiscard]] Result<QByteArray> toPublicKeyPem() const;
    [[nodiscard]] Result<QByteArray> toPublicKeyDer() const;
    [[nodiscard]] Result<QByteArray> rawPublicKey() const;
    // SHA-256 of the SubjectPublicKeyInfo DER, base64url without padding (43 characters),
    // the same for the private key and its public half.
    [[nodiscard]] Result<QString> fingerprint() const;

    [[nodiscard]] Result<QByteArray> sign(QByteArrayView message) const;
    // Success means the signature is valid; otherwise signature_invalid (or crypto_failure).
    [[nodiscard]] Result<void> verify(QByteArrayView message, QByteArrayView signature) const;

private:
    struct PkeyDeleter
    {
        void operator()(evp_pkey_st *key) const noexcept;
    };
    using PkeyPtr = std::unique_ptr<evp_pkey_st, PkeyDeleter>;

    Ed25519Key(PkeyPtr key, bool hasPrivate);

    PkeyPtr m_key;
    bool m_hasPrivate = false;
};

} // namespace deskpay
