#include "server/DeskKeyStore.h"

#include "server/Database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr auto Columns
    = "key_id, agent_id, public_key, state, created_at, approved_at, approved_by, revoked_at, revoked_by";

std::optional<DeskKeyState> stateFromName(const QString &name)
{
    if (name == u"pending"_s)
        return DeskKeyState::Pending;
    if (name == u"approved"_s)
        return DeskKeyState::Approved;
    if (name == u"revoked"_s)
        return DeskKeyState::Revoked;
    return std::nullopt;
}

QDateTime timeFrom(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

DeskKey keyFrom(const QSqlQuery &query)
{
    DeskKey key;
    key.keyId = query.value(0).toString();
    key.agentId = query.value(1).toLongLong();
    key.publicKey = query.value(2).toByteArray();
    // The table's CHECK allows only the three names; a stranger reads as revoked, never as usable.
    key.state = stateFromName(query.value(3).toString()).value_or(DeskKeyState::Revoked);
    key.createdAt = timeFrom(query.value(4));
    key.approvedAt = timeFrom(query.value(5));
    key.approvedBy = query.value(6).toLongLong();
    key.revokedAt = timeFrom(query.value(7));
    key.revokedBy = query.value(8).toLongLong();
    return key;
}

} // namespace

QString deskKeyStateName(DeskKeyState state)
{
    switch (state) {
    case DeskKeyState::Pending:
        return u"pending"_s;
    case DeskKeyState::Approved:
        return u"approved"_s;
    case DeskKeyState::Revoked:
        return u"revoked"_s;
    }
    return u"revoked"_s;
}

DeskKeyStore::DeskKeyStore(const Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{
}

Result<DeskKey> DeskKeyStore::registerKey(qint64 agentId, const Ed25519Key &key) const
{
    if (key.hasPrivateKey())
        return fail(u"public_key_invalid"_s, tr("Register only the public half of a desk key."), u"publicKeyPem"_s);
    const auto fingerprint = key.fingerprint();
    if (!fingerprint)
        return std::unexpected(fingerprint.error());
    const auto raw = key.rawPublicKey();
    if (!raw)
        return std::unexpected(raw.error());
    const auto already = find(*fingerprint);
    if (!already)
        return std::unexpected(already.error());
    if (already->has_value())
        return fail(u"desk_key_exists"_s, tr("This public key is already registered as %1.").arg(*fingerprint),
            u"publicKeyPem"_s);

    DeskKey created;
    created.keyId = *fingerprint;
    created.agentId = agentId;
    created.publicKey = *raw;
    created.createdAt = QDateTime::fromMSecsSinceEpoch(m_clock.now().toMSecsSinceEpoch(), Qt::UTC);

    QSqlQuery query(m_database.connection());
    query.prepare(u"INSERT INTO desk_keys (key_id, agent_id, algorithm, public_key, state, created_at) "
                  "VALUES (:id, :agent, 'ed25519', :key, 'pending', :created)"_s);
    query.bindValue(u":id"_s, created.keyId);
    query.bindValue(u":agent"_s, agentId);
    query.bindValue(u":key"_s, created.publicKey);
    query.bindValue(u":created"_s, created.createdAt.toMSecsSinceEpoch());
    if (!query.exec())
        return fail(u"database_error"_s, tr("Cannot store the desk key: %1").arg(query.lastError().text()));
    return created;
}

Result<std::optional<DeskKey>> DeskKeyStore::find(const QString &keyId) const
{
    PreparedQuery query = m_database.cached(u"SELECT %1 FROM desk_keys WHERE key_id = :id"_s.arg(QLatin1StringView(Columns)));
    query->bindValue(u":id"_s, keyId);
    if (!query->exec())
        return fail(u"database_error"_s, tr("Cannot read desk keys: %1").arg(query->lastError().text()));
    if (!query->next())
        return std::optional<DeskKey>();
    return std::optional<DeskKey>(keyFrom(*query));
}

Result<QList<DeskKey>> DeskKeyStore::list(std::optional<qint64> agentId) const
{
    QSqlQuery query(m_database.connection());
    const QString where = agentId ? u" WHERE agent_id = :agent"_s : QString();
    query.prepare(u"SELECT %1 FROM desk_keys%2 ORDER BY created_at, key_id"_s.arg(QLatin1StringView(Columns), where));
    if (agentId)
        query.bindValue(u":agent"_s, *agentId);
    if (!query.exec())
        return fail(u"database_error"_s, tr("Cannot read desk keys: %1").arg(query.lastError().text()));
    QList<DeskKey> keys;
    while (query.next())
        keys.append(keyFrom(query));
    return keys;
}

Result<DeskKey> DeskKeyStore::existing(const QString &keyId) const
{
    const auto found = find(keyId);
    if (!found)
        return std::unexpected(found.error());
    if (!found->has_value())
        return fail(u"not_found"_s, tr("There is no desk key %1.").arg(keyId));
    return **found;
}

Result<DeskKey> DeskKeyStore::approve(const QString &keyId, qint64 supervisorId) const
{
    const auto key = existing(keyId);
    if (!key)
        return key;
    if (key->state != DeskKeyState::Pending)
        return fail(u"key_state_conflict"_s,
            tr("The desk key %1 is %2; only a pending key can be approved.").arg(keyId, deskKeyStateName(key->state)));
    return transition(*key, DeskKeyState::Approved, supervisorId);
}

Result<DeskKey> DeskKeyStore::revoke(const QString &keyId, qint64 byAgentId) const
{
    const auto key = existing(keyId);
    if (!key)
        return key;
    if (key->state == DeskKeyState::Revoked)
        return fail(u"key_state_conflict"_s, tr("The desk key %1 is already revoked.").arg(keyId));
    return transition(*key, DeskKeyState::Revoked, byAgentId);
}

Result<DeskKey> DeskKeyStore::transition(const DeskKey &key, DeskKeyState to, qint64 byAgentId) const
{
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    const QString set = to == DeskKeyState::Approved ? u"approved_at = :at, approved_by = :by"_s
                                                     : u"revoked_at = :at, revoked_by = :by"_s;
    QSqlQuery query(m_database.connection());
    // The state guard makes a concurrent change lose cleanly instead of overwriting the other.
    query.prepare(u"UPDATE desk_keys SET state = :to, %1 WHERE key_id = :id AND state = :from"_s.arg(set));
    query.bindValue(u":to"_s, deskKeyStateName(to));
    query.bindValue(u":at"_s, now);
    // 0: revoked by an operator on the command line, not by an agent account.
    query.bindValue(u":by"_s, byAgentId > 0 ? QVariant(byAgentId) : QVariant(QMetaType::fromType<qint64>()));
    query.bindValue(u":id"_s, key.keyId);
    query.bindValue(u":from"_s, deskKeyStateName(key.state));
    if (!query.exec())
        return fail(
            u"database_error"_s, tr("Cannot change the desk key %1: %2").arg(key.keyId, query.lastError().text()));
    if (query.numRowsAffected() != 1)
        return fail(u"key_state_conflict"_s, tr("The desk key %1 changed meanwhile; try again.").arg(key.keyId));
    query.finish();
    return existing(key.keyId);
}

Result<Ed25519Key> DeskKeyStore::lookupForSignature(const QString &keyId) const
{
    const auto found = find(keyId);
    if (!found)
        return std::unexpected(found.error());
    return signingKey(*found);
}

Result<Ed25519Key> DeskKeyStore::signingKey(const std::optional<DeskKey> &found)
{
    if (!found)
        return fail(u"signature_unknown_key"_s, tr("No desk key is registered under this key id."));
    const DeskKey &key = *found;
    switch (key.state) {
    case DeskKeyState::Pending:
        return fail(u"key_not_approved"_s, tr("The desk key has not been approved by a supervisor yet."));
    case DeskKeyState::Revoked:
        return fail(u"key_revoked"_s, tr("The desk key has been revoked."));
    case DeskKeyState::Approved:
        break;
    }
    return Ed25519Key::fromRawPublicKey(key.publicKey);
}

} // namespace deskpay
