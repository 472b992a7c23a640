#pragma once
// AuthRoutes: POST /v1/sessions (log in), DELETE /v1/sessions/current (log out) and GET /v1/me.

#include "models/Clock.h"
#include "server/AgentStore.h"
#include "server/Authenticator.h"
#include "server/PasswordHasher.h"
#include "server/SessionStore.h"

#include <QCoreApplication>
#include "server/HttpRequest.h"
#include <QHttpServerResponse>

namespace deskpay {

class Database;
class HttpRouter;
class LoginThrottle;

class AuthRoutes
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::AuthRoutes)

public:
    // Everything passed in must outlive the routes.
    AuthRoutes(const Database &database, const AgentStore &agents, const SessionStore &sessions,
        const PasswordHasher &hasher, const Authenticator &authenticator, const Clock &clock, LockoutPolicy lockout);

    void registerOn(HttpRouter &router) const;
    // Spaces out repeated failed logins of one name (none by default); set before serving.
    void setThrottle(LoginThrottle *throttle) { m_throttle = throttle; }

    [[nodiscard]] QHttpServerResponse login(const HttpRequest &request) const;
    [[nodiscard]] QHttpServerResponse logout(const HttpRequest &request) const;
    [[nodiscard]] QHttpServerResponse me(const HttpRequest &request) const;

private:
    [[nodiscard]] static QHttpServerResponse refuse();

    const Database &m_database;
    const AgentStore &m_agents;
    const SessionStore &m_sessions;
    const PasswordHasher &m_hasher;
    const Authenticator &m_authenticator;
    const Clock &m_clock;
    LockoutPolicy m_lockout;
    LoginThrottle *m_throttle = nullptr;
};

} // namespace deskpay
