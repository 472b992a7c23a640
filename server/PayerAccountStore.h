#pragma once
// PayerAccountStore: payer accounts (the second account of the order flow) — registered real-name identity kept as a
// keyed digest, contact, password and lock-out state.

#include "models/Clock.h"
#include "models/Error.h"
#include "models/Payer.h"
#include "models/RealNameId.h"
#include "models/Validation.h"
#include "server/AgentStore.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QVariant>

#include <optional>

namespace deskpay {

class Database;
class ServerSecrets;

struct PayerAccount
{
    qint64 id = 0;
    QString accountId; // exact, case-sensitive (Payer::isValidAccountId)
    QString realName; // RealNameId::normaliseName() of the registered name: the comparison key
    QString displayName; // the name as registered (white space simplified): what lists and payer pages show
    DocumentType documentType = DocumentType::CnResidentId;
    QByteArray documentDigest; // ServerSecrets::identityDigest() of the normalised number
    QString documentMasked; // RealNameId::mask(): what views and admin lists show
    QString contactKind; // "sms" or "email"
    QString contactAddress; // E.164 phone number or e-mail address
    QString passwordHash; // PasswordHasher string
    int failedLogins = 0;
    QDateTime firstFailureAt;
    QDateTime lockedUntil;
    QDateTime createdAt;
    QDateTime disabledAt; // null while the account is usable

    [[nodiscard]] bool isLockedAt(const QDateTime &now) const { return lockedUntil.isValid() && lockedUntil > now; }
    [[nodiscard]] bool isDisabled() const { return disabledAt.isValid(); }
};

// The outcome of the real-name check (DESIGN.md §2); Mismatch → REAL_NAME_MISMATCH.
enum class RealNameCheck : quint8 { Match, Mismatch };

// The document number never reaches the database: only its keyed digest (so the real-name
// check still works) and its masked form. Error codes of add(): validation_failed (the first
// issue's message and field; validate() lists them all), payer_exists, database_error.
class PayerAccountStore
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::PayerAccountStore)

public:
    using RealNameCheck = ::deskpay::RealNameCheck;

    static constexpr qsizetype MaxEmailLength = 254;

    // Everything passed in must outlive the store.
    PayerAccountStore(const Database &database, const Clock &clock, const ServerSecrets &secrets);

    // Every problem of a new account at once: Payer::validate()'s ("payer.accountId",
    // "payer.name", "payer.documentNumber", …) plus "contact.kind" (contact_kind_invalid)
    // and "contact.address" (required, contact_phone_format, contact_email_format).
    [[nodiscard]] static ValidationReport validate(
        const Payer &payer, const QString &contactKind, const QString &contactAddress, QDate today);
    // "sms" numbers are E.164 (+ and 7–15 digits; spaces and dashes dropped), e-mail
    // addresses are trimmed with their domain lower-cased. Empty when not plausible.
    [[nodiscard]] static QString normaliseContact(const QString &contactKind, const QString &contactAddress);

    // Validates and stores a new account. The caller runs it inside its own transaction when
    // it needs one (it reads before it writes).
    [[nodiscard]] Result<PayerAccount> add(const Payer &payer, const QString &contactKind,
        const QString &contactAddress, const QString &passwordHash) const;

    // Empty when there is no such account.
    [[nodiscard]] Result<std::optional<PayerAccount>> findByAccountId(const QString &accountId) const;
    [[nodiscard]] Result<std::optional<PayerAccount>> findById(qint64 id) const;
    // Every account, by account id.
    [[nodiscard]] Result<QList<PayerAccount>> list() const;

    // The real-name check of DESIGN.md §2: same document type, same normalised number (its
    // digest, compared in constant time) and same normalised name.
    [[nodiscard]] Result<RealNameCheck> checkRealName(const PayerAccount &account, const RealNameId &requested) const;

    // As AgentStore's: counts a wrong password (returns the state afterwards) / clears it.
    [[nodiscard]] Result<PayerAccount> recordFailedLogin(qint64 id, const LockoutPolicy &policy) const;
    [[nodiscard]] Result<void> recordSuccessfulLogin(qint64 id) const;
    [[nodiscard]] Result<void> setPasswordHash(qint64 id, const QString &passwordHash) const;

private:
    [[nodiscard]] Result<std::optional<PayerAccount>> findOne(const QString &where, const QVariant &value) const;

    const Database &m_database;
    const Clock &m_clock;
    const ServerSecrets &m_secrets;
};

} // namespace deskpay
