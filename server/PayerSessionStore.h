#pragma once
// PayerSessionStore: payer session tokens — random, handed out once, stored only as SHA-256, expiring and revocable.

#include "models/Clock.h"
#include "models/Error.h"
#include "server/SessionStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace deskpay {

struct PayerSession
{
    QString tokenHash; // hex SHA-256 of the token
    qint64 payerId = 0; // payer_accounts.id
    QDateTime createdAt;
    QDateTime lastUsedAt;
    QDateTime absoluteExpiry;

    // The earlier of idle and absolute expiry.
    [[nodiscard]] QDateTime expiresAt(const SessionPolicy &policy) const;
};

struct IssuedPayerSession
{
    QString token; // as SessionStore's: 43 characters of base64url, shown once
    PayerSession session;
};

// The same tokens and rules as SessionStore, in their own table: an agent's token can never
// open a payer's session or the other way round.
class PayerSessionStore
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::PayerSessionStore)

public:
    // A payer confirms or pays within minutes on a phone or a borrowed computer: a session
    // dies after 30 min without a request and after 12 h whatever happens.
    [[nodiscard]] static SessionPolicy defaultPolicy();

    PayerSessionStore(const Database &database, const Clock &clock, SessionPolicy policy = defaultPolicy());

    [[nodiscard]] const SessionPolicy &policy() const { return m_policy; }

    [[nodiscard]] Result<IssuedPayerSession> create(qint64 payerId) const;
    // The live session for a token, its last use refreshed. unauthenticated for a malformed,
    // unknown or revoked token; session_expired for one past its idle or absolute expiry.
    [[nodiscard]] Result<PayerSession> resolve(const QString &token) const;
    // Ends the session (a no-op for an unknown token).
    [[nodiscard]] Result<void> revoke(const QString &token) const;
    // Ends every session of a payer; returns how many were live.
    [[nodiscard]] Result<int> revokeAll(qint64 payerId) const;
    // Deletes sessions that ended more than a day ago; returns how many.
    [[nodiscard]] Result<int> purge() const;

private:
    const Database &m_database;
    const Clock &m_clock;
    SessionPolicy m_policy;
};

} // namespace deskpay
