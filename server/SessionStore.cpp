#include "server/SessionStore.h"

#include "server/Database.h"
#include "services/protocol/ErrorCodes.h"

#include <QCryptographicHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <openssl/rand.h>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr qint64 PurgeAfterMs = 24 * 3600 * 1000;

qint64 ms(std::chrono::seconds s)
{
    return qint64(s.count()) * 1000;
}

} // namespace

QDateTime Session::expiresAt(const SessionPolicy &policy) const
{
    return std::min(lastUsedAt.addMSecs(ms(policy.idleTimeout)), absoluteExpiry);
}

SessionStore::SessionStore(const Database &database, const Clock &clock, SessionPolicy policy)
    : m_database(database)
    , m_clock(clock)
    , m_policy(policy)
{
}

bool SessionStore::isWellFormedToken(const QString &token)
{
    if (token.size() != TokenLength)
        return false;
    return std::all_of(token.cbegin(), token.cend(), [](QChar c) {
        return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-'
            || c == u'_';
    });
}

QString SessionStore::tokenHash(const QString &token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token.toLatin1(), QCryptographicHash::Sha256).toHex());
}

Result<IssuedSession> SessionStore::create(qint64 agentId) const
{
    QByteArray random(TokenBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(random.data()), int(random.size())) != 1)
        return fail(u"crypto_failed"_s, tr("No random numbers for a session token."));
    IssuedSession issued;
    issued.token = QString::fromLatin1(random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    const QDateTime now = m_clock.now().toUTC();
    issued.session = Session { tokenHash(issued.token), agentId, now, now, now.addMSecs(ms(m_policy.absoluteTimeout)) };

    QSqlQuery query(m_database.connection());
    query.prepare(u"INSERT INTO agent_sessions (token_hash, agent_id, created_at, last_used_at, expires_at) "
                  "VALUES (:hash, :agent, :created, :used, :expires)"_s);
    query.bindValue(u":hash"_s, issued.session.tokenHash);
    query.bindValue(u":agent"_s, agentId);
    query.bindValue(u":created"_s, now.toMSecsSinceEpoch());
    query.bindValue(u":used"_s, now.toMSecsSinceEpoch());
    query.bindValue(u":expires"_s, issued.session.absoluteExpiry.toMSecsSinceEpoch());
    if (!query.exec())
        return fail(u"database_error"_s, tr("Cannot store a session: %1").arg(query.lastError().text()));
    return issued;
}

Result<Session> SessionStore::resolve(const QString &token) const
{
    if (!isWellFormedToken(token))
        return std::unexpected(ErrorCodes::error(ErrorCodes::Unauthenticated));
    const QString hash = tokenHash(token);
    PreparedQuery query = m_database.cached(u"SELECT agent_id, created_at, last_used_at, expires_at, revoked_at FROM agent_sessions "
                  "WHERE token_hash = :hash"_s);
    query->bindValue(u":hash"_s, hash);
    if (!query->exec())
        return fail(u"database_error"_s, tr("Cannot read sessions: %1").arg(query->lastError().text()));
    if (!query->next() || !query->value(4).isNull())
        return std::unexpected(ErrorCodes::error(ErrorCodes::Unauthenticated));
    Session session { hash, query->value(0).toLongLong(),
        QDateTime::fromMSecsSinceEpoch(query->value(1).toLongLong(), Qt::UTC),
        QDateTime::fromMSecsSinceEpoch(query->value(2).toLongLong(), Qt::UTC),
        QDateTime::fromMSecsSinceEpoch(query->value(3).toLongLong(), Qt::UTC) };
    query->finish();
    const QDateTime now = m_clock.now().toUTC();
    if (now >= session.expiresAt(m_policy))
        return std::unexpected(ErrorCodes::error(ErrorCodes::SessionExpired));
    if (session.lastUsedAt.msecsTo(now) >= ms(m_policy.touchInterval)) {
        PreparedQuery touch = m_database.cached(u"UPDATE agent_sessions SET last_used_at = :now WHERE token_hash = :hash"_s);
        touch->bindValue(u":now"_s, now.toMSecsSinceEpoch());
        touch->bindValue(u":hash"_s, hash);
        if (!touch->exec())
            return fail(u"database_error"_s, tr("Cannot update a session: %1").arg(touch->lastError().text()));
        session.lastUsedAt = now;
    }
    return session;
}

Result<void> SessionStore::revoke(const QString &token) const
{
    if (!isWellFormedToken(token))
        return {};
    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE agent_sessions SET revoked_at = :now WHERE token_hash = :hash AND revoked_at IS NULL"_s);
    query.bindValue(u":now"_s, m_clock.now().toMSecsSinceEpoch());
    query.bindValue(u":hash"_s, tokenHash(token));
    if (!query.exec())
        return fail(u"database_error"_s, tr("Cannot end a session: %1").arg(query.lastError().text()));
    return {};
}

Result<int> SessionStore::revokeAll(qint64 agentId) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE agent_sessions SET revoked_at = :now WHERE agent_id = :agent AND revoked_at IS NULL"_s);
    query.bindValue(u":now"_s, m_clock.now().toMSecsSinceEpoch());
    query.bindValue(u":agent"_s, agentId);
    if (!query.exec())
        return fail(u"database_error"_s, tr("Cannot end sessions: %1").arg(query.lastError().text()));
    return query.numRowsAffected();
}

Result<int> SessionStore::purge() const
{
    const qint64 cutoff = m_clock.now().toMSecsSinceEpoch() - PurgeAfterMs;
    QSqlQuery query(m_database.connection());
    query.prepare(u"DELETE FROM agent_sessions WHERE expires_at < :cutoff1 OR revoked_at < :cutoff2 "
                  "OR last_used_at < :cutoff3"_s);
    query.bindValue(u":cutoff1"_s, cutoff);
    query.bindValue(u":cutoff2"_s, cutoff);
    query.bindValue(u":cutoff3"_s, cutoff - ms(m_policy.idleTimeout));
    if (!query.exec())
        return fail(u"database_error"_s, tr("Cannot purge sessions: %1").arg(query.lastError().text()));
    return query.numRowsAffected();
}

} // namespace deskpay
