#include "server/AuditLog.h"

#include "server/ServerLogging.h"
#include "server/SqlSupport.h"

using namespace Qt::StringLiterals;

namespace deskpay {

AuditLog::AuditLog(const Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{
}

Result<void> AuditLog::record(const AuditEntry &entry) const
{
    PreparedQuery query = m_database.cached(u"INSERT INTO audit_log (at, actor_kind, actor, action, outcome, subject, remote, detail) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
    query->addBindValue(m_clock.now().toMSecsSinceEpoch());
    // A null QString binds as SQL NULL; these columns are NOT NULL, so absent text is "".
    const auto text = [](const QString &value) { return value.isNull() ? QString(u""_s) : value; };
    query->addBindValue(text(entry.actorKind));
    query->addBindValue(text(entry.actor));
    query->addBindValue(text(entry.action));
    query->addBindValue(text(entry.outcome));
    query->addBindValue(entry.subject.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(entry.subject));
    query->addBindValue(entry.remote.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(entry.remote));
    query->addBindValue(text(entry.detail.left(500)));
    if (!query->exec())
        return std::unexpected(sql::queryError(*query, "write an audit record"));
    return {};
}

Result<QList<AuditEntry>> AuditLog::recent(int limit) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT actor_kind, actor, action, outcome, subject, remote, detail FROM audit_log "
                  "ORDER BY id DESC LIMIT %1"_s.arg(std::clamp(limit, 1, 10000)));
    if (!query.exec())
        return std::unexpected(sql::queryError(query, "read the audit log"));
    QList<AuditEntry> entries;
    while (query.next())
        entries.append(AuditEntry { query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
            query.value(3).toString(), query.value(4).toString(), query.value(5).toString(),
            query.value(6).toString() });
    return entries;
}

void AuditLog::recordOrWarn(const AuditEntry &entry) const
{
    if (auto recorded = record(entry); !recorded)
        qCWarning(lcServerDb, "audit record lost (%ls %ls %ls): %ls", qUtf16Printable(entry.action),
            qUtf16Printable(entry.outcome), qUtf16Printable(entry.subject),
            qUtf16Printable(recorded.error().message));
}

} // namespace deskpay
