#pragma once
// DeskKeyStore: agents' Ed25519 desk keys — registration, supervisor approval, revocation, signature lookup.

#include "models/Clock.h"
#include "models/Error.h"
#include "services/protocol/Ed25519Key.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace deskpay {

class Database;

enum class DeskKeyState { Pending, Approved, Revoked };

[[nodiscard]] QString deskKeyStateName(DeskKeyState state);

struct DeskKey
{
    // The RFC 9421 keyid is the key's fingerprint (base64url SHA-256 of its SPKI DER): a
    // client can compute it from its own key, and one public key can only be registered once.
    QString keyId;
    qint64 agentId = 0;
    QByteArray publicKey; // raw 32 bytes
    DeskKeyState state = DeskKeyState::Pending;
    QDateTime createdAt;
    QDateTime approvedAt;
    qint64 approvedBy = 0; // 0 when never approved
    QDateTime revokedAt;
    qint64 revokedBy = 0; // 0 when not revoked
};

class DeskKeyStore
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::DeskKeyStore)

public:
    DeskKeyStore(const Database &database, const Clock &clock);

    // A new pending key of the agent. desk_key_exists when this public key is already registered
    // (to anyone, in any state); public_key_invalid when given a private key.
    [[nodiscard]] Result<DeskKey> registerKey(qint64 agentId, const Ed25519Key &key) const;

    [[nodiscard]] Result<std::optional<DeskKey>> find(const QString &keyId) const;
    // Oldest first; every key, or only one agent's.
    [[nodiscard]] Result<QList<DeskKey>> list(std::optional<qint64> agentId = std::nullopt) const;

    // pending → approved. not_found for an unknown key, key_state_conflict unless pending.
    [[nodiscard]] Result<DeskKey> approve(const QString &keyId, qint64 supervisorId) const;
    // pending or approved → revoked; byAgentId 0 records no revoker (an operator's command). not_found for an unknown
    // key, key_state_conflict when already revoked.
    [[nodiscard]] Result<DeskKey> revoke(const QString &keyId, qint64 byAgentId) const;

    // The key that verifies a request signed under keyId: signature_unknown_key,
    // key_not_approved or key_revoked otherwise. Several approved keys of one agent may coexist
    // (rotation), so this looks up only the keyid.
    [[nodiscard]] Result<Ed25519Key> lookupForSignature(const QString &keyId) const;
    // The same decision for a key already read with find() (nullopt: unknown).
    [[nodiscard]] static Result<Ed25519Key> signingKey(const std::optional<DeskKey> &key);

private:
    // Moves a key out of `from` (a state it is in) into `to`, guarded against a concurrent change.
    [[nodiscard]] Result<DeskKey> transition(const DeskKey &key, DeskKeyState to, qint64 byAgentId) const;
    [[nodiscard]] Result<DeskKey> existing(const QString &keyId) const;

    const Database &m_database;
    const Clock &m_clock;
};

} // namespace deskpay
