#pragma once
// SessionStore: agent session tokens — random, handed out once, stored only as SHA-256, expiring and revocable.

#include "models/Clock.h"
#include "models/Error.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

#include <chrono>

namespace deskpay {

class Database;

// A working day at a desk: a session dies after 8 h without a request (a forgotten login at
// an unattended desk) and after 12 h whatever happens (one shift, with overtime).
struct SessionPolicy
{
    std::chrono::seconds idleTimeout = std::chrono::hours(8);
    std::chrono::seconds absoluteTimeout = std::chrono::hours(12);
    // Last use is written at most this often, so reads do not turn into a write each.
    std::chrono::seconds touchInterval = std::chrono::minutes(1);
};

struct Session
{
    QString tokenHash; // hex SHA-256 of the token
    qint64 agentId = 0;
    QDateTime createdAt;
    QDateTime lastUsedAt;
    QDateTime absoluteExpiry;

    // The earlier of idle and absolute expiry.
    [[nodiscard]] QDateTime expiresAt(const SessionPolicy &policy) const;
};

struct IssuedSession
{
    QString token; // 32 random bytes, base64url without padding (43 characters); shown once
    Session session;
};

class SessionStore
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::SessionStore)

public:
    static constexpr qsizetype TokenBytes = 32;
    static constexpr qsizetype TokenLength = 43;

    SessionStore(const Database &database, const Clock &clock, SessionPolicy policy = {});

    [[nodiscard]] const SessionPolicy &policy() const { return m_policy; }

    [[nodiscard]] Result<IssuedSession> create(qint64 agentId) const;

    // The live session for a token, its last use refreshed. unauthenticated for a malformed,
    // unknown or revoked token; session_expired for one past its idle or absolute expiry.
    [[nodiscard]] Result<Session> resolve(const QString &token) const;

    // Ends the session (a no-op for an unknown token).
    [[nodiscard]] Result<void> revoke(const QString &token) const;
    // Ends every session of an agent; returns how many were live.
    [[nodiscard]] Result<int> revokeAll(qint64 agentId) const;
    // Deletes sessions that ended more than a day ago; returns how many.
    [[nodiscard]] Result<int> purge() const;

    [[nodiscard]] static QString tokenHash(const QString &token);
    [[nodiscard]] static bool isWellFormedToken(const QString &token);

private:
    const Database &m_database;
    const Clock &m_clock;
    SessionPolicy m_policy;
};

} // namespace deskpay
