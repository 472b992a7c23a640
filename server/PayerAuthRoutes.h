#pragma once
// PayerAuthRoutes: POST /v1/payer/sessions (a payer logs in) and DELETE /v1/payer/sessions/current (logs out).

#include "models/Clock.h"
#include "server/AgentStore.h"
#include "server/HttpRequest.h"
#include "server/PasswordHasher.h"
#include "server/PayerAccountStore.h"
#include "server/PayerAuthenticator.h"
#include "server/PayerSessionStore.h"

#include <QCoreApplication>
#include <QHttpServerResponse>

#include <expected>

namespace deskpay {

class Database;
class HttpRouter;
class LoginThrottle;

// A successful payer login: the account and its new session.
struct PayerLogin
{
    PayerAccount account;
    IssuedPayerSession issued;
};

// The same rules as AuthRoutes::login: one answer (invalid_credentials) for an unknown
// account, a disabled one and a wrong password, with the same time spent; a lock-out after
// repeated failures (account_locked with Retry-After), during which no password is checked.
class PayerAuthRoutes
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::PayerAuthRoutes)

public:
    // Everything passed in must outlive the routes.
    PayerAuthRoutes(const Database &database, const PayerAccountStore &accounts, const PayerSessionStore &sessions,
        const PasswordHasher &hasher, const PayerAuthenticator &authenticator, const Clock &clock,
        LockoutPolicy lockout);

    void registerOn(HttpRouter &router) const;
    // Spaces out repeated failed logins of one name (none by default); set before serving.
    void setThrottle(LoginThrottle *throttle) { m_throttle = throttle; }

    // {"accountId","password"} → 201 {"token","accountId","expiresAt"}.
    [[nodiscard]] QHttpServerResponse login(const HttpRequest &request) const;
    // 204; the token stops working at once.
    [[nodiscard]] QHttpServerResponse logout(const HttpRequest &request) const;

    // Everything a login checks — body, throttle, lock-out, password — and the new session,
    // or the refusal to answer as it is (with its Retry-After). The payer pages' cookie login
    // (PayerWebRoutes) goes through here too, so both doors have the same rules.
    [[nodiscard]] std::expected<PayerLogin, QHttpServerResponse> logIn(const HttpRequest &request) const;

private:
    const Database &m_database;
    const PayerAccountStore &m_accounts;
    const PayerSessionStore &m_sessions;
    const PasswordHasher &m_hasher;
    const PayerAuthenticator &m_authenticator;
    const Clock &m_clock;
    LockoutPolicy m_lockout;
    LoginThrottle *m_throttle = nullptr;
};

} // namespace deskpay
