#include "server/IdempotencyStore.h"

#include "server/SqlSupport.h"

#include <QCryptographicHash>

using namespace Qt::StringLiterals;

namespace deskpay {

IdempotencyStore::IdempotencyStore(const Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{
}

Result<std::optional<IdempotencyRecord>> IdempotencyStore::find(qint64 agentId, const QString &key) const
{
    PreparedQuery query = m_database.cached(u"SELECT request_hash, status, response_body, order_id, created_at, expires_at "
                  "FROM idempotency_keys WHERE agent_id = ? AND idem_key = ?"_s);
    query->addBindValue(agentId);
    query->addBindValue(key);
    if (!query->exec())
        return std::unexpected(sql::queryError(*query, "look up an Idempotency-Key"));
    if (!query->next())
        return std::optional<IdempotencyRecord>();
    IdempotencyRecord record;
    record.agentId = agentId;
    record.key = key;
    record.requestHash = query->value(0).toByteArray();
    record.status = query->value(1).toInt();
    record.responseBody = query->value(2).toByteArray();
    record.orderId = query->value(3).toString();
    record.createdAt = sql::timeFrom(query->value(4));
    record.expiresAt = sql::timeFrom(query->value(5));
    // An expired record that purge() has not reached yet no longer binds the key.
    if (record.expiresAt <= m_clock.now())
        return std::optional<IdempotencyRecord>();
    return std::optional<IdempotencyRecord>(std::move(record));
}

Result<bool> IdempotencyStore::store(const IdempotencyRecord &record) const
{
    const QDateTime now = m_clock.now();
    // One statement: a new key is inserted; an expired leftover that housekeeping has not purged
    // yet is taken over; a live key is left alone (no row changes, and the caller answers from
    // find()).
    PreparedQuery query = m_database.cached(u"INSERT INTO idempotency_keys (agent_id, idem_key, request_hash, status, "
                                            "response_body, order_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                                            "ON CONFLICT (agent_id, idem_key) DO UPDATE SET request_hash = excluded.request_hash, "
                                            "status = excluded.status, response_body = excluded.response_body, "
                                            "order_id = excluded.order_id, created_at = excluded.created_at, "
                                            "expires_at = excluded.expires_at "
                                            "WHERE idempotency_keys.expires_at <= excluded.created_at"_s);
    query->addBindValue(record.agentId);
    query->addBindValue(record.key);
    query->addBindValue(record.requestHash);
    query->addBindValue(record.status);
    query->addBindValue(record.responseBody);
    query->addBindValue(record.orderId.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(record.orderId));
    query->addBindValue(now.toMSecsSinceEpoch());
    query->addBindValue(now.addSecs(std::chrono::seconds(Retention).count()).toMSecsSinceEpoch());
    if (!query->exec())
        return std::unexpected(sql::queryError(*query, "record an Idempotency-Key"));
    return query->numRowsAffected() > 0;
}

Result<int> IdempotencyStore::purge() const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"DELETE FROM idempotency_keys WHERE expires_at <= ?"_s);
    query.addBindValue(m_clock.now().toMSecsSinceEpoch());
    if (!query.exec())
        return std::unexpected(sql::queryError(query, "forget old Idempotency-Keys"));
    return query.numRowsAffected();
}

bool IdempotencyStore::isValidKey(QStringView key)
{
    if (key.size() < 8 || key.size() > 128)
        return false;
    return std::all_of(key.begin(), key.end(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-'
            || c == u'_' || c == u'.' || c == u':';
    });
}

QByteArray IdempotencyStore::requestHash(const QByteArray &method, const QByteArray &target, const QByteArray &body)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    // Length-prefixed, so no two different (method, target, body) triples hash the same input.
    for (const QByteArray &part : { method, target, body }) {
        hash.addData(QByteArray(QByteArray::number(part.size()) + ':'));
        hash.addData(part);
    }
    return hash.result();
}

} // namespace deskpay
