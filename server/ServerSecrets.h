#pragma once
// ServerSecrets: the deployment's master key and the two keys derived from it — the identity key (keyed digests of
// document numbers) and the evidence key (AES-256-GCM).

#include "models/Error.h"
#include "models/RealNameId.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>
#include <QStringView>

namespace deskpay {

// One 32-byte master key per deployment; every server instance that shares a database must
// load the same one, or its digests would not match the stored ones and it could not open
// the stored evidence. The derived keys are HKDF-SHA256 (RFC 5869) outputs with distinct
// info strings, so neither key reveals the other or the master key.
//
// Error codes: secrets_file_missing, secrets_file_insecure, secrets_file_invalid,
// secrets_write_failed, crypto_failed; open(): evidence_tampered, evidence_format.
class ServerSecrets
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::ServerSecrets)

public:
    static constexpr qsizetype KeyBytes = 32;
    static constexpr qsizetype NonceBytes = 12;
    static constexpr qsizetype TagBytes = 16;
    static constexpr char SealVersion = 1;

    // keyFile empty: DIR/secrets/master.key, created (random, 0600 in a 0700 folder) when it
    // does not exist yet. keyFile given: it must exist — instances sharing a PostgreSQL
    // database share that file — hold exactly 32 bytes and be readable by its owner only.
    [[nodiscard]] static Result<ServerSecrets> loadOrCreate(const QString &dataDir, const QString &keyFile = {});
    // From raw key bytes (tests; anything but 32 bytes is a programming error, and then the
    // returned object's seal()/open() fail with crypto_failed).
    [[nodiscard]] static ServerSecrets fromKey(QByteArray key);
    // The default key file of a data folder.
    [[nodiscard]] static QString defaultKeyFile(const QString &dataDir);

    ServerSecrets(const ServerSecrets &) = default;
    ServerSecrets &operator=(const ServerSecrets &) = default;
    ServerSecrets(ServerSecrets &&) = default;
    ServerSecrets &operator=(ServerSecrets &&) = default;
    ~ServerSecrets();

    // HMAC-SHA256 (identity key) over "TYPE\0NUMBER" (UTF-8, the wire type name): 32 bytes.
    // `normalisedNumber` is RealNameId::normaliseNumber()'s form; equal numbers of the same
    // type give equal digests, and without the key nobody can test guesses against them.
    [[nodiscard]] QByteArray identityDigest(DocumentType type, QStringView normalisedNumber) const;

    // AES-256-GCM with the evidence key and a fresh random 12-byte nonce:
    // version byte (1) | nonce | ciphertext | 16-byte tag. `associatedData` (an order id, say)
    // is authenticated, not stored: open() needs the same bytes.
    [[nodiscard]] Result<QByteArray> seal(QByteArrayView plain, QByteArrayView associatedData) const;
    // evidence_format for something too short or of an unknown version; evidence_tampered
    // when the tag does not verify (changed bytes, other associated data, another key).
    [[nodiscard]] Result<QByteArray> open(QByteArrayView sealed, QByteArrayView associatedData) const;

    // The key of the payer pages' CSRF tokens (PayerAuthenticator::csrfToken); a secret.
    [[nodiscard]] const QByteArray &payerCsrfKey() const { return m_payerCsrfKey; }

private:
    ServerSecrets() = default;
    [[nodiscard]] static Result<ServerSecrets> derive(const QByteArray &masterKey);

    QByteArray m_identityKey;
    QByteArray m_evidenceKey;
    QByteArray m_payerCsrfKey;
};

} // namespace deskpay
