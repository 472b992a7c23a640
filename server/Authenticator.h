#pragma once
// Authenticator: who is calling — the agent behind a request's bearer token — and whether their role may do something.

#include "models/Error.h"
#include "server/AgentStore.h"
#include "server/SessionStore.h"

#include <QCoreApplication>
#include "server/HttpRequest.h"

namespace deskpay {

struct AuthenticatedAgent
{
    Agent agent;
    Session session;
};

// Every protected route starts with authenticate() and, where the role matters, requireRole();
// both errors go straight to JsonRequest::errorResponse().
class Authenticator
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::Authenticator)

public:
    // The stores must outlive the authenticator.
    Authenticator(const AgentStore &agents, const SessionStore &sessions);

    // From `Authorization: Bearer TOKEN`: unauthenticated (401) when the header is missing,
    // malformed or names no live session or a disabled account; session_expired (401) when
    // the session has run out.
    [[nodiscard]] Result<AuthenticatedAgent> authenticate(const HttpRequest &request) const;

    // A supervisor may do what an agent may; forbidden (403) otherwise.
    [[nodiscard]] static Result<void> requireRole(const AuthenticatedAgent &caller, AgentRole role);

    // The token of an `Authorization: Bearer …` header; unauthenticated when there is none.
    [[nodiscard]] static Result<QString> bearerToken(const HttpRequest &request);

private:
    const AgentStore &m_agents;
    const SessionStore &m_sessions;
};

} // namespace deskpay
