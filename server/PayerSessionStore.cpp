#include "server/PayerSessionStore.h"

#include "server/Database.h"
#include "services/protocol/ErrorCodes.h"

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

QDateTime PayerSession::expiresAt(const SessionPolicy &policy) const
{
    return std::min(lastUsedAt.addMSecs(ms(policy.idleTimeout)), absoluteExpiry);
}

SessionPolicy PayerSessionStore::defaultPolicy()
{
    SessionPolicy policy;
    policy.idleTimeout = std::chrono::minutes(30);
    policy.absoluteTimeout = std::chrono::hours(12);
    return policy;
}

PayerSessionStore::PayerSessionStore(const Database &database, const Clock &clock, SessionPolicy policy)
    : m_database(database)
    , m_clock(clock)
    , m_policy(policy)
{
}

Result<IssuedPayerSession> PayerSessionStore::create(qint64 payerId) const
{
    QByteArray random(SessionStore::TokenBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(random.data()), int(random.size())) != 1)
        return fail(u"crypto_failed"_s, tr("No random numbers for a session token."));
    IssuedPayerSession issued;
    issued.token = QString::fromLatin1(random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    const QDateTime now = m_clock.now().toUTC();
    issued.session = PayerSession { SessionStore::tokenHash(issued.token), payerId, now, now,
        now.addMSecs(ms(m_policy.absoluteTimeout)) };

    QSqlQuery query(m_database.connection());
    query.prepare(u"INSERT INTO payer_sessions (token_hash, payer_id, created_at, last_used_at, expires_at) "
                  "VALUES (:hash, :payer, :created, :used, :expires)"_s);
    query.bindValue(u":hash"_s, issued.session.tokenHash);
    query.bindValue(u":payer"_s, payerId);
    query.bindValue(u":created"_s, now.toMSecsSinceEpoch());
    query.bindValue(u":used"_s, now.toMSecsSinceEpoch());
    query.bindValue(u":expires"_s, issued.session.absoluteExpiry.toMSecsSinceEpoch());
    if (!query.exec())
        return fail(u"database_error"_s, tr("Cannot store a payer session: %1").arg(query.lastError().text()));
    return issued;
}

Result<PayerSession> PayerSessionStore::resolve(const QString &token) const
{
    if (!SessionStore::isWellFormedToken(token))
        return std::unexpected(ErrorCodes::error(ErrorCodes::Unauthenticated));
    const QString hash = SessionStore::tokenHash(token);
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT payer_id, created_at, last_used_at, expires_at, revoked_at FROM payer_sessions "
                  "WHERE token_hash = :hash"_s);
    query.bindValue(u":hash"_s, hash);
    if (!query.exec())
        return fail(u"database_error"_s, tr("Cannot read payer sessions: %1").arg(query.lastError().text()));
    if (!query.next() || !query.value(4).isNull())
        return std::unexpected(ErrorCodes::error(ErrorCodes::Unauthenticated));
    PayerSession session { hash, query.value(0).toLongLong(),
        QDateTime::fromMSecsSinceEpoch(query.value(1).toLongLong(), Qt::UTC),
        QDateTime::fromMSecsSinceEpoch(query.value(2).toLongLong(), Qt::UTC),
        QDateTime::fromMSecsSinceEpoch(query.value(3).toLongLong(), Qt::UTC) };
    query.finish();
    const QDateTime now = m_clock.now().toUTC();
    if (now >= session.expiresAt(m_policy))
        return std::unexpected(ErrorCodes::error(ErrorCodes::SessionExpired));
    if (session.lastUsedAt.msecsTo(now) >= ms(m_policy.touchInterval)) {
        QSqlQuery touch(m_database.connection());
        touch.prepare(u"UPDATE payer_sessions SET last_used_at = :now WHERE token_hash = :hash"_s);
        touch.bindValue(u":now"_s, now.toMSecsSinceEpoch());
        touch.bindValue(u":hash"_s, hash);
        if (!touch.exec())
            return fail(u"database_error"_s, tr("Cannot update a payer session: %1").arg(touch.lastError().text()));
        session.lastUsedAt = now;
    }
    return session;
}

Result<void> PayerSessionStore::revoke(const QString &token) const
{
    if (!SessionStore::isWellFormedToken(token))
        return {};
    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE payer_sessions SET revoked_at = :now WHERE token_hash = :hash AND revoked_at IS NULL"_s);
    query.bindValue(u":now"_s, m_clock.now().toMSecsSinceEpoch());
    query.bindValue(u":hash"_s, SessionStore::tokenHash(token));
    if (!query.exec())
        return fail(u"database_error"_s, tr("Cannot end a payer session: %1").arg(query.lastError().text()));
    return {};
}

Result<int> PayerSessionStore::revokeAll(qint64 payerId) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE payer_sessions SET revoked_at = :now WHERE payer_id = :payer AND revoked_at IS NULL"_s);
    query.bindValue(u":now"_s, m_clock.now().toMSecsSinceEpoch());
    query.bindValue(u":payer"_s, payerId);
    if (!query.exec())
        return fail(u"database_error"_s, tr("Cannot end payer sessions: %1").arg(query.lastError().text()));
    return query.numRowsAffected();
}

Result<int> PayerSessionStore::purge() const
{
    const qint64 cutoff = m_clock.now().toMSecsSinceEpoch() - PurgeAfterMs;
    QSqlQuery query(m_database.connection());
    query.prepare(u"DELETE FROM payer_sessions WHERE expires_at < :cutoff1 OR revoked_at < :cutoff2 "
                  "OR last_used_at < :cutoff3"_s);
    query.bindValue(u":cutoff1"_s, cutoff);
    query.bindValue(u":cutoff2"_s, cutoff);
    query.bindValue(u":cutoff3"_s, cutoff - ms(m_policy.idleTimeout));
    if (!query.exec())
        return fail(u"database_error"_s, tr("Cannot purge payer sessions: %1").arg(query.lastError().text()));
    return query.numRowsAffected();
}

} // namespace deskpay
