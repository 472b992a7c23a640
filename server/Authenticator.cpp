#include "server/Authenticator.h"

#include "services/protocol/ErrorCodes.h"

using namespace Qt::StringLiterals;

namespace deskpay {

Authenticator::Authenticator(const AgentStore &agents, const SessionStore &sessions)
    : m_agents(agents)
    , m_sessions(sessions)
{
}

Result<QString> Authenticator::bearerToken(const HttpRequest &request)
{
    const QByteArray header = request.value("Authorization"_ba).trimmed();
    if (header.isEmpty())
        return fail(ErrorCodes::Unauthenticated.toString(),
            tr("Log in first: the request has no Authorization: Bearer header."));
    const qsizetype space = header.indexOf(' ');
    if (space <= 0 || header.left(space).toLower() != "bearer")
        return fail(ErrorCodes::Unauthenticated.toString(), tr("The Authorization header must be “Bearer TOKEN”."));
    const QString token = QString::fromLatin1(header.mid(space + 1).trimmed());
    if (!SessionStore::isWellFormedToken(token))
        return std::unexpected(ErrorCodes::error(ErrorCodes::Unauthenticated));
    return token;
}

Result<AuthenticatedAgent> Authenticator::authenticate(const HttpRequest &request) const
{
    const auto token = bearerToken(request);
    if (!token)
        return std::unexpected(token.error());
    auto session = m_sessions.resolve(*token);
    if (!session)
        return std::unexpected(session.error());
    const auto agent = m_agents.findById(session->agentId);
    if (!agent)
        return std::unexpected(agent.error());
    if (!agent->has_value() || (*agent)->isDisabled())
        return std::unexpected(ErrorCodes::error(ErrorCodes::Unauthenticated));
    return AuthenticatedAgent { **agent, std::move(*session) };
}

Result<void> Authenticator::requireRole(const AuthenticatedAgent &caller, AgentRole role)
{
    if (role == AgentRole::Supervisor && caller.agent.role != AgentRole::Supervisor)
        return fail(ErrorCodes::Forbidden.toString(), tr("Only a supervisor may do this."));
    return {};
}

} // namespace deskpay
