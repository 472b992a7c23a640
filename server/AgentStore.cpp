#include "server/AgentStore.h"

#include "server/Database.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr auto Columns = "id, username, display_name, role, desk, password_hash, created_at, disabled_at, "
                         "failed_logins, first_failure_at, locked_until, last_login_at";

QDateTime fromMs(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

Agent agentFrom(const QSqlQuery &query)
{
    Agent agent;
    agent.id = query.value(0).toLongLong();
    agent.username = query.value(1).toString();
    agent.displayName = query.value(2).toString();
    agent.role = parseAgentRole(query.value(3).toString()).value_or(AgentRole::Agent);
    agent.deskId = query.value(4).toString();
    agent.passwordHash = query.value(5).toString();
    agent.createdAt = fromMs(query.value(6));
    agent.disabledAt = fromMs(query.value(7));
    agent.failedLogins = query.value(8).toInt();
    agent.firstFailureAt = fromMs(query.value(9));
    agent.lockedUntil = fromMs(query.value(10));
    agent.lastLoginAt = fromMs(query.value(11));
    return agent;
}

} // namespace

QString agentRoleName(AgentRole role)
{
    return role == AgentRole::Supervisor ? u"supervisor"_s : u"agent"_s;
}

std::optional<AgentRole> parseAgentRole(QStringView name)
{
    if (name == u"agent")
        return AgentRole::Agent;
    if (name == u"supervisor")
        return AgentRole::Supervisor;
    return std::nullopt;
}

AgentStore::AgentStore(const Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{
}

Result<QString> AgentStore::normaliseUsername(const QString &username)
{
    static const QRegularExpression pattern(u"^[a-z0-9][a-z0-9._-]{0,63}$"_s);
    const QString lower = username.trimmed().toLower();
    if (!pattern.match(lower).hasMatch())
        return fail(u"username_invalid"_s,
            tr("A user name has 1–64 characters: letters a–z, digits, '.', '_' or '-', starting with a letter or "
               "digit."),
            u"username"_s);
    return lower;
}

Result<void> AgentStore::checkDeskId(const QString &deskId)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$"_s);
    if (!pattern.match(deskId).hasMatch())
        return fail(
            u"desk_invalid"_s, tr("A desk id has 1–32 characters: letters, digits, '.', '_' or '-'."), u"desk"_s);
    return {};
}

Result<Agent> AgentStore::create(const NewAgent &agent) const
{
    const auto username = normaliseUsername(agent.username);
    if (!username)
        return std::unexpected(username.error());
    if (auto desk = checkDeskId(agent.deskId); !desk)
        return std::unexpected(desk.error());
    const QString displayName = agent.displayName.trimmed().isEmpty() ? *username : agent.displayName.trimmed();
    if (displayName.size() > 100)
        return fail(u"display_name_invalid"_s, tr("A display name has at most 100 characters."), u"display-name"_s);
    if (agent.passwordHash.isEmpty())
        return fail(u"password_hash_invalid"_s, tr("An agent needs a password hash."));

    const auto existing = findByUsername(*username);
    if (!existing)
        return std::unexpected(existing.error());
    if (existing->has_value())
        return fail(u"agent_exists"_s, tr("There is already an agent named %1.").arg(*username), u"username"_s);

    QSqlQuery query(m_database.connection());
    query.prepare(u"INSERT INTO agents (username, display_name, role, desk, password_hash, created_at) "
                  "VALUES (:username, :display, :role, :desk, :hash, :created)"_s);
    query.bindValue(u":username"_s, *username);
    query.bindValue(u":display"_s, displayName);
    query.bindValue(u":role"_s, agentRoleName(agent.role));
    query.bindValue(u":desk"_s, agent.deskId);
    query.bindValue(u":hash"_s, agent.passwordHash);
    query.bindValue(u":created"_s, m_clock.now().toMSecsSinceEpoch());
    if (!query.exec())
        return fail(u"database_error"_s, tr("Cannot add the agent %1: %2").arg(*username, query.lastError().text()));
    query.finish();
    const auto created = findByUsername(*username);
    if (!created)
        return std::unexpected(created.error());
    if (!created->has_value())
        return fail(u"database_error"_s, tr("The agent %1 vanished right after it was added.").arg(*username));
    return **created;
}

Result<std::optional<Agent>> AgentStore::findOne(const QString &where, const QVariant &value) const
{
    PreparedQuery query = m_database.cached(u"SELECT %1 FROM agents WHERE %2 = :value"_s.arg(QLatin1StringView(Columns), where));
    query->bindValue(u":value"_s, value);
    if (!query->exec())
        return fail(u"database_error"_s, tr("Cannot read agents: %1").arg(query->lastError().text()));
    if (!query->next())
        return std::optional<Agent>();
    return std::optional<Agent>(agentFrom(*query));
}

Result<std::optional<Agent>> AgentStore::findByUsername(const QString &username) const
{
    return findOne(u"username"_s, username.trimmed().toLower());
}

Result<std::optional<Agent>> AgentStore::findById(qint64 id) const
{
    return findOne(u"id"_s, id);
}

Result<QList<Agent>> AgentStore::list() const
{
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT %1 FROM agents ORDER BY username"_s.arg(QLatin1StringView(Columns))))
        return fail(u"database_error"_s, tr("Cannot read agents: %1").arg(query.lastError().text()));
    QList<Agent> agents;
    while (query.next())
        agents.append(agentFrom(query));
    return agents;
}

Result<Agent> AgentStore::recordFailedLogin(qint64 id, const LockoutPolicy &policy) const
{
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    const qint64 windowStart = now - qint64(policy.window.count()) * 1000;
    // One statement each, so two failures arriving at once both count.
    QSqlQuery count(m_database.connection());
    count.prepare(u"UPDATE agents SET "
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
    lock.prepare(u"UPDATE agents SET locked_until = :until, failed_logins = 0, first_failure_at = NULL "
                 "WHERE id = :id AND failed_logins >= :max"_s);
    lock.bindValue(u":until"_s, now + qint64(policy.lockDuration.count()) * 1000);
    lock.bindValue(u":id"_s, id);
    lock.bindValue(u":max"_s, policy.maxFailures);
    if (!lock.exec())
        return fail(u"database_error"_s, tr("Cannot lock an account: %1").arg(lock.lastError().text()));
    const auto agent = findById(id);
    if (!agent)
        return std::unexpected(agent.error());
    if (!agent->has_value())
        return fail(u"database_error"_s, tr("The agent with id %1 is gone.").arg(id));
    return **agent;
}

Result<void> AgentStore::recordSuccessfulLogin(qint64 id) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE agents SET failed_logins = 0, first_failure_at = NULL, locked_until = NULL, "
                  "last_login_at = :now WHERE id = :id"_s);
    query.bindValue(u":now"_s, m_clock.now().toMSecsSinceEpoch());
    query.bindValue(u":id"_s, id);
    if (!query.exec())
        return fail(u"database_error"_s, tr("Cannot record a login: %1").arg(query.lastError().text()));
    return {};
}

Result<void> AgentStore::setPasswordHash(qint64 id, const QString &passwordHash) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE agents SET password_hash = :hash WHERE id = :id"_s);
    query.bindValue(u":hash"_s, passwordHash);
    query.bindValue(u":id"_s, id);
    if (!query.exec())
        return fail(u"database_error"_s, tr("Cannot store a password hash: %1").arg(query.lastError().text()));
    return {};
}

} // namespace deskpay
