#pragma once
// AuditLog: security-relevant outcomes (refused signatures, replays, role refusals, approvals) in the audit_log table.

#include "models/Clock.h"
#include "models/Error.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace deskpay {

class Database;

struct AuditEntry
{
    QString actorKind; // agent | payer | system | anonymous
    QString actor; // user name, payer account, or "" when unknown
    QString action; // "order.create", "order.cancel", …
    QString outcome; // "ok" or the error code answered
    QString subject; // order id, key id, … (may be empty)
    QString remote; // the client's address
    QString detail; // never identity numbers or secrets
};

class AuditLog
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::AuditLog)

public:
    AuditLog(const Database &database, const Clock &clock);

    // Its own statement (not the caller's transaction): a refusal is recorded even though
    // nothing else of the request is.
    [[nodiscard]] Result<void> record(const AuditEntry &entry) const;
    // The same, logging a failure to write instead of returning it (for refusal paths that
    // already answer with an error of their own).
    void recordOrWarn(const AuditEntry &entry) const;

    // The newest entries first.
    [[nodiscard]] Result<QList<AuditEntry>> recent(int limit) const;

private:
    const Database &m_database;
    const Clock &m_clock;
};

} // namespace deskpay
