#pragma once
// NonceStore: the signature nonces seen while their signatures are valid, so a replayed request is refused.

#include "models/Clock.h"
#include "models/Error.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace deskpay {

class Database;

class NonceStore
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::NonceStore)

public:
    NonceStore(const Database &database, const Clock &clock);

    // Records (keyid, nonce) until `keepUntil` (the signature's expiry plus the clock-skew
    // allowance: after that the signature is refused as expired anyway). nonce_replayed when
    // the pair was seen before. Atomic on both backends (INSERT … ON CONFLICT DO NOTHING), so
    // two copies of one request racing on two workers cannot both pass.
    [[nodiscard]] Result<void> remember(const QString &keyId, const QString &nonce, const QDateTime &keepUntil) const;

    // True when (keyid, nonce) was recorded and has not been forgotten yet (a read; the write
    // that makes it final is remember(), usually inside the transaction that acts on the request).
    [[nodiscard]] Result<bool> isKnown(const QString &keyId, const QString &nonce) const;

    // Forgets nonces whose signatures can no longer be valid; returns how many.
    [[nodiscard]] Result<int> purge() const;

private:
    const Database &m_database;
    const Clock &m_clock;
};

} // namespace deskpay
