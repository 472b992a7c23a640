#pragma once
// AgentStore: agents and supervisors in the server database — create, find, list, and the login lock-out state.

#include "models/Clock.h"
#include "models/Error.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QVariant>

#include <chrono>
#include <optional>

namespace deskpay {

class Database;

enum class AgentRole : quint8 { Agent, Supervisor };

// "agent" / "supervisor", as stored and sent on the wire.
[[nodiscard]] QString agentRoleName(AgentRole role);
[[nodiscard]] std::optional<AgentRole> parseAgentRole(QStringView name);

struct Agent
{
    qint64 id = 0;
    QString username; // lower case
    QString displayName;
    AgentRole role = AgentRole::Agent;
    QString deskId;
    QString passwordHash;
    QDateTime createdAt;
    QDateTime disabledAt; // null while the account is usable
    int failedLogins = 0; // within the current failure window
    QDateTime firstFailureAt;
    QDateTime lockedUntil;
    QDateTime lastLoginAt;

    [[nodiscard]] bool isLockedAt(const QDateTime &now) const { return lockedUntil.isValid() && lockedUntil > now; }
    [[nodiscard]] bool isDisabled() const { return disabledAt.isValid(); }
};

struct NewAgent
{
    QString username; // lower-cased by create()
    QString displayName; // empty: the user name
    AgentRole role = AgentRole::Agent;
    QString deskId;
    QString passwordHash; // from PasswordHasher, never a password
};

// After `maxFailures` wrong passwords within `window` (counted from the first of them) the
// account is locked for `lockDuration`; then counting starts afresh.
struct LockoutPolicy
{
    int maxFailures = 5;
    std::chrono::seconds window = std::chrono::minutes(15);
    std::chrono::seconds lockDuration = std::chrono::minutes(15);
};

// The same SQL runs on SQLite and PostgreSQL. Times are stored as epoch milliseconds.
class AgentStore
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::AgentStore)

public:
    AgentStore(const Database &database, const Clock &clock);

    // Checks the fields (username_invalid, display_name_invalid, desk_invalid) and a taken
    // name (agent_exists); the caller runs it inside its own transaction when it needs one.
    [[nodiscard]] Result<Agent> create(const NewAgent &agent) const;

    // Empty when there is no such agent (user names are compared lower-cased).
    [[nodiscard]] Result<std::optional<Agent>> findByUsername(const QString &username) const;
    [[nodiscard]] Result<std::optional<Agent>> findById(qint64 id) const;
    // Every agent, by user name.
    [[nodiscard]] Result<QList<Agent>> list() const;

    // Counts a wrong password; returns the agent's state afterwards (locked or not).
    [[nodiscard]] Result<Agent> recordFailedLogin(qint64 id, const LockoutPolicy &policy) const;
    // Clears the failure count and lock, stamps the login time.
    [[nodiscard]] Result<void> recordSuccessfulLogin(qint64 id) const;
    [[nodiscard]] Result<void> setPasswordHash(qint64 id, const QString &passwordHash) const;

    // The checks create() makes, for callers that want to fail before hashing a password.
    [[nodiscard]] static Result<QString> normaliseUsername(const QString &username);
    [[nodiscard]] static Result<void> checkDeskId(const QString &deskId);

private:
    [[nodiscard]] Result<std::optional<Agent>> findOne(const QString &where, const QVariant &value) const;

    const Database &m_database;
    const Clock &m_clock;
};

} // namespace deskpay
