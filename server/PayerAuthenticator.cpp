#include "server/PayerAuthenticator.h"

#include "server/Authenticator.h"
#include "services/protocol/ErrorCodes.h"

namespace deskpay {

PayerAuthenticator::PayerAuthenticator(const PayerAccountStore &accounts, const PayerSessionStore &sessions)
    : m_accounts(accounts)
    , m_sessions(sessions)
{
}

Result<AuthenticatedPayer> PayerAuthenticator::authenticateSession(const HttpRequest &request) const
{
    const auto token = Authenticator::bearerToken(request);
    if (!token)
        return std::unexpected(token.error());
    auto session = m_sessions.resolve(*token);
    if (!session)
        return std::unexpected(session.error());
    auto account = m_accounts.findById(session->payerId);
    if (!account)
        return std::unexpected(account.error());
    if (!account->has_value() || (*account)->isDisabled())
        return std::unexpected(ErrorCodes::error(ErrorCodes::Unauthenticated));
    return AuthenticatedPayer { std::move(**account), std::move(*session) };
}

Result<PayerAccount> PayerAuthenticator::authenticate(const HttpRequest &request) const
{
    auto caller = authenticateSession(request);
    if (!caller)
        return std::unexpected(caller.error());
    return std::move(caller->account);
}

} // namespace deskpay
