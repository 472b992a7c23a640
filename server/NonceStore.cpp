#include "server/NonceStore.h"

#include "server/SqlSupport.h"
#include "services/protocol/ErrorCodes.h"

using namespace Qt::StringLiterals;

namespace deskpay {

NonceStore::NonceStore(const Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{
}

Result<void> NonceStore::remember(const QString &keyId, const QString &nonce, const QDateTime &keepUntil) const
{
    PreparedQuery query = m_database.cached(u"INSERT INTO signature_nonces (key_id, nonce, expires_at) VALUES (?, ?, ?) "
                  "ON CONFLICT (key_id, nonce) DO NOTHING"_s);
    query->addBindValue(keyId);
    query->addBindValue(nonce);
    query->addBindValue(keepUntil.toMSecsSinceEpoch());
    if (!query->exec())
        return std::unexpected(sql::queryError(*query, "record a signature nonce"));
    if (query->numRowsAffected() == 0)
        return std::unexpected(ErrorCodes::error(ErrorCodes::NonceReplayed));
    return {};
}

Result<bool> NonceStore::isKnown(const QString &keyId, const QString &nonce) const
{
    PreparedQuery query = m_database.cached(u"SELECT 1 FROM signature_nonces WHERE key_id = ? AND nonce = ?"_s);
    query->addBindValue(keyId);
    query->addBindValue(nonce);
    if (!query->exec())
        return std::unexpected(sql::queryError(*query, "look up a signature nonce"));
    return query->next();
}

Result<int> NonceStore::purge() const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"DELETE FROM signature_nonces WHERE expires_at < ?"_s);
    query.addBindValue(m_clock.now().toMSecsSinceEpoch());
    if (!query.exec())
        return std::unexpected(sql::queryError(query, "forget old signature nonces"));
    return query.numRowsAffected();
}

} // namespace deskpay
