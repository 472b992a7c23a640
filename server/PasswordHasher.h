#pragma once
// PasswordHasher: scrypt password hashes (OpenSSL 3 EVP_KDF "SCRYPT") in a self-describing string.

#include "models/Error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

namespace deskpay {

struct ScryptParameters
{
    quint64 n = quint64(1) << 15; // CPU/memory cost, a power of two: 128·r·N bytes = 32 MiB here
    quint32 r = 8;
    quint32 p = 1;

    friend bool operator==(const ScryptParameters &, const ScryptParameters &) = default;
};

// A stored hash reads `scrypt$N$r$p$SALT$KEY` (SALT and KEY base64 without padding), so the
// parameters travel with each hash and can be raised later: verify() accepts any sane
// parameters and needsRehash() tells the caller to store a fresh hash after a good login.
class PasswordHasher
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::PasswordHasher)

public:
    static constexpr qsizetype SaltBytes = 16;
    static constexpr qsizetype KeyBytes = 32;
    static constexpr qsizetype MaxPasswordBytes = 1024;

    struct Parsed
    {
        ScryptParameters parameters;
        QByteArray salt;
        QByteArray key;
    };

    explicit PasswordHasher(ScryptParameters parameters = {});

    [[nodiscard]] const ScryptParameters &parameters() const { return m_parameters; }

    // A new hash with a fresh random salt. Fails (password_too_long, crypto_failed) but never
    // for an ordinary password.
    [[nodiscard]] Result<QString> hash(QByteArrayView password) const;

    // true when `password` matches; false when it does not; an error (password_hash_invalid)
    // when `stored` is not a hash this class can read — a tampered or foreign string.
    // The comparison is constant-time.
    [[nodiscard]] Result<bool> verify(QByteArrayView password, const QString &stored) const;

    // Spends the same time as verify() against a hash of this hasher's parameters, so an
    // unknown user name takes as long to refuse as a wrong password.
    void verifyDummy(QByteArrayView password) const;

    // True when `stored` was made with other parameters (or cannot be read).
    [[nodiscard]] bool needsRehash(const QString &stored) const;

    [[nodiscard]] static Result<Parsed> parse(const QString &stored);

private:
    [[nodiscard]] static Result<QByteArray> derive(
        QByteArrayView password, const QByteArray &salt, const ScryptParameters &parameters, qsizetype keyBytes);

    ScryptParameters m_parameters;
    QString m_dummyHash;
};

} // namespace deskpay
