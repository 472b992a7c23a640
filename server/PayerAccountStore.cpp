#include "server/PayerAccountStore.h"

#include "server/Database.h"
#include "server/ServerSecrets.h"
#include "services/protocol/ErrorCodes.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

#include <openssl/crypto.h>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr auto Columns = "id, account_id, real_name, document_type, document_digest, document_masked, contact_kind, "
                         "contact_address, password_hash, failed_logins, first_failure_at, locked_until, "
                         "created_at, disabled_at, display_name";

QDateTime fromMs(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

PayerAccount accountFrom(const QSqlQuery &query)
{
    PayerAccount account;
    account.id = query.value(0).toLongLong();
    account.accountId = query.value(1).toString();
    account.realName = query.value(2).toString();
    account.documentType = documentTypeFromName(query.value(3).toString()).value_or(DocumentType::Other);
    account.documentDigest = query.value(4).toByteArray();
    account.documentMasked = query.value(5).toString();
    account.contactKind = query.value(6).toString();
    account.contactAddress = query.value(7).toString();
    account.passwordHash = query.value(8).toString();
    account.failedLogins = query.value(9).toInt();
    account.firstFailureAt = fromMs(query.value(10));
    account.lockedUntil = fromMs(query.value(11));
    account.createdAt = fromMs(query.value(12));
    account.disabledAt = fromMs(query.value(13));
    account.displayName = query.value(14).toString();
    return account;
}

} // namespace

PayerAccountStore::PayerAccountStore(const Database &database, const Clock &clock, const ServerSecrets &secrets)
    : m_database(database)
    , m_clock(clock)
    , m_secrets(secrets)
{
}

QString PayerAccountStore::normaliseContact(const QString &contactKind, const QString &contactAddress)
{
    if (contactKind == u"sms"_s) {
        static const QRegularExpression e164(u"^\\+[1-9][0-9]{6,14}$"_s);
        QString phone = contactAddress.normalized(QString::NormalizationForm_KC);
        phone.remove(QRegularExpression(u"[\\s()-]"_s));
        return e164.match(phone).hasMatch() ? phone : QString();
    }
    if (contactKind == u"email"_s) {
        // Plausible, not RFC 5322 complete: one @, a dotted domain, no spaces or controls.
        static const QRegularExpression email(
            u"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$"_s);
        const QString trimmed = contactAddress.trimmed();
        if (trimmed.size() > MaxEmailLength || !email.match(trimmed).hasMatch())
            return {};
        const qsizetype at = trimmed.indexOf(u'@');
        return trimmed.left(at + 1) + trimmed.mid(at + 1).toLower();
    }
    return {};
}

ValidationReport PayerAccountStore::validate(
    const Payer &payer, const QString &contactKind, const QString &contactAddress, QDate today)
{
    ValidationReport report = payer.validate(today);
    if (contactKind != u"sms"_s && contactKind != u"email"_s) {
        report.add(u"contact.kind"_s, u"contact_kind_invalid"_s, tr("The contact kind is sms or email."));
    } else if (contactAddress.trimmed().isEmpty()) {
        report.add(u"contact.address"_s, u"required"_s, tr("Give the payer's contact address."));
    } else if (normaliseContact(contactKind, contactAddress).isEmpty()) {
        if (contactKind == u"sms"_s)
            report.add(u"contact.address"_s, u"contact_phone_format"_s,
                tr("An SMS contact is a phone number in international form, e.g. +8613800138000."));
        else
            report.add(
                u"contact.address"_s, u"contact_email_format"_s, tr("An e-mail contact looks like name@example.com."));
    }
    return report;
}

Result<PayerAccount> PayerAccountStore::add(
    const Payer &payer, const QString &contactKind, const QString &contactAddress, const QString &passwordHash) const
{
    const ValidationReport report = validate(payer, contactKind, contactAddress, RealNameId::latestDate(m_clock.now()));
    if (!report.isValid()) {
        const ValidationIssue &first = report.issues().constFirst();
        return fail(ErrorCodes::ValidationFailed.toString(), first.message, first.field);
    }
    if (passwordHash.isEmpty())
        return fail(u"password_hash_invalid"_s, tr("A payer account needs a password hash."));

    const auto existing = findByAccountId(payer.accountId());
    if (!existing)
        return std::unexpected(existing.error());
    if (existing->has_value())
        return fail(
            u"payer_exists"_s, tr("There is already a payer account %1.").arg(payer.accountId()), u"payer.accountId"_s);

    const RealNameId &identity = payer.identity();
    const QString number = RealNameId::normaliseNumber(identity.revealNumber());
    QSqlQuery query(m_database.connection());
    query.prepare(u"INSERT INTO payer_accounts (account_id, real_name, display_name, document_type, document_digest, "
                  "document_masked, contact_kind, contact_address, password_hash, created_at) "
                  "VALUES (:account, :name, :display, :type, :digest, :masked, :kind, :address, :hash, :created)"_s);
    query.bindValue(u":account"_s, payer.accountId());
    query.bindValue(u":display"_s, identity.name().simplified());
    query.bindValue(u":name"_s, RealNameId::normaliseName(identity.name()));
    query.bindValue(u":type"_s, documentTypeName(identity.documentType()));
    query.bindValue(u":digest"_s, m_secrets.identityDigest(identity.documentType(), number));
    query.bindValue(u":masked"_s, RealNameId::mask(identity.documentType(), number));
    query.bindValue(u":kind"_s, contactKind);
    query.bindValue(u":address"_s, normaliseContact(contactKind, contactAddress));
    query.bindValue(u":hash"_s, passwordHash);
    query.bindValue(u":created"_s, m_clock.now().toMSecsSinceEpoch());
    if (!query.exec())
        return fail(u"database_error"_s,
            tr("Cannot add the payer account %1: %2").arg(payer.accountId(), query.lastError().text()));
    query.finish();
    const auto created = findByAccountId(payer.accountId());
    if (!created)
        return std::unexpected(created.error());
    if (!created->has_value())
        return fail(
            u"database_error"_s, tr("The payer account %1 vanished right after it was added.").arg(payer.accountId()));
    return **created;
}

Result<std::optional<PayerAccount>> PayerAccountStore::findOne(const QString &where, const QVariant &value) const
{
    PreparedQuery query = m_database.cached(u"SELECT %1 FROM payer_accounts WHERE %2 = :value"_s.arg(QLatin1StringView(Columns), where));
    query->bindValue(u":value"_s, value);
    if (!query->exec())
        return fail(u"database_error"_s, tr("Cannot read payer accounts: %1").arg(query->lastError().text()));
    if (!query->next())
        return std::optional<PayerAccount>();
    return std::optional<PayerAccount>(accountFrom(*query));
}

Result<std::optional<PayerAccount>> PayerAccountStore::findByAccountId(const QString &accountId) const
{
    return findOne(u"account_id"_s, accountId.trimmed());
}

Result<std::optional<PayerAccount>> PayerAccountStore::findById(qint64 id) const
{
    return findOne(u"id"_s, id);
}

Result<QList<PayerAccount>> PayerAccountStore::list() const
{
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT %1 FROM payer_accounts ORDER BY account_id"_s.arg(QLatin1StringView(Columns))))
        return fail(u"database_error"_s, tr("Cannot read payer accounts: %1").arg(query.lastError().text()));
    QList<PayerAccount> accounts;
    while (query.next())
        accounts.append(accountFrom(query));
    return accounts;
}

Result<RealNameCheck> PayerAccountStore::checkRealName(const PayerAccount &account, const RealNameId &requested) const
{
    const QByteArray digest
        = m_secrets.identityDigest(requested.documentType(), RealNameId::normaliseNumber(requested.revealNumber()));
    if (account.documentDigest.size() != digest.size())
        return fail(
            u"database_error"_s, tr("The payer account %1 has no usable identity digest.").arg(account.accountId));
    // All three are compared whatever the first says, so the time taken tells nothing.
    const bool sameNumber
        = CRYPTO_memcmp(digest.constData(), account.documentDigest.constData(), size_t(digest.size())) == 0;
    const bool sameType = requested.documentType() == account.documentType;
    const bool sameName = RealNameId::normaliseName(requested.name()) == account.realName;
    return sameNumber && sameType && sameName ? RealNameCheck::Match : RealNameCheck::Mismatch;
}

Result<PayerAccount> PayerAccountStore::recordFailedLogin(qint64 id, const LockoutPolicy &policy) const
{
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    const qint64 windowStart = now - qint64(policy.window.count()) * 1000;
    // One statement each, so two failures arriving at once both count.
    QSqlQuery count(m_database.connection());
    count.prepare(u"UPDATE payer_accounts SET "
                  "failed_logins = CASE WHEN first_failure_at IS NULL OR first_failure_at <= :start1 "
                  "THEN 1 ELSE failed_logins + 1 END, "
                  "first_failure_at = CASE WHEN first_failure_at IS NULL OR first_failure_at <= :start2 "
                  "THEN :now ELSE first_failure_at END "
                  "WHERE id = :id"_s);
    count.bindValue(u":start1"_s, windowStart);
    count.bindValue(u":start2"_s, windowStart);
    count.bindValue(u":now"_s, now);
    count.bindValue(u":id"_s, id);
    if (!count.exec())
        return fail(u"database_error"_s, tr("Cannot record a failed login: %1").arg(count.lastError().text()));
    QSqlQuery lock(m_database.connection());
    lock.prepare(u"UPDATE payer_accounts SET locked_until = :until, failed_logins = 0, first_failure_at = NULL "
                 "WHERE id = :id AND failed_logins >= :max"_s);
    lock.bindValue(u":until"_s, now + qint64(policy.lockDuration.count()) * 1000);
    lock.bindValue(u":id"_s, id);
    lock.bindValue(u":max"_s, policy.maxFailures);
    if (!lock.exec())
        return fail(u"database_error"_s, tr("Cannot lock an account: %1").arg(lock.lastError().text()));
    const auto account = findById(id);
    if (!account)
        return std::unexpected(account.error());
    if (!account->has_value())
        return fail(u"database_error"_s, tr("The payer account with id %1 is gone.").arg(id));
    return **account;
}

Result<void> PayerAccountStore::recordSuccessfulLogin(qint64 id) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE payer_accounts SET failed_logins = 0, first_failure_at = NULL, locked_until = NULL "
                  "WHERE id = :id"_s);
    query.bindValue(u":id"_s, id);
    if (!query.exec())
        return fail(u"database_error"_s, tr("Cannot record a login: %1").arg(query.lastError().text()));
    return {};
}

Result<void> PayerAccountStore::setPasswordHash(qint64 id, const QString &passwordHash) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE payer_accounts SET password_hash = :hash WHERE id = :id"_s);
    query.bindValue(u":hash"_s, passwordHash);
    query.bindValue(u":id"_s, id);
    if (!query.exec())
        return fail(u"database_error"_s, tr("Cannot store a password hash: %1").arg(query.lastError().text()));
    return {};
}

} // namespace deskpay
