#pragma once
// PayerAuthenticator: the payer account behind a request's bearer token (payer sessions only).

#include "models/Error.h"
#include "server/HttpRequest.h"
#include "server/PayerAccountStore.h"
#include "server/PayerSessionStore.h"

#include <QCoreApplication>

namespace deskpay {

struct AuthenticatedPayer
{
    PayerAccount account;
    PayerSession session;
};

// Every payer route starts with authenticate(); its error goes straight to
// JsonRequest::errorResponse(). Agent tokens name no payer session, so they are refused.
class PayerAuthenticator
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::PayerAuthenticator)

public:
    // The stores must outlive the authenticator.
    PayerAuthenticator(const PayerAccountStore &accounts, const PayerSessionStore &sessions);

    // unauthenticated (401) when the header is missing, malformed or names no live session or
    // a disabled account; session_expired (401) when the session has run out.
    [[nodiscard]] Result<PayerAccount> authenticate(const HttpRequest &request) const;
    // The same, with the session (for logout and for answering with expiresAt).
    [[nodiscard]] Result<AuthenticatedPayer> authenticateSession(const HttpRequest &request) const;

private:
    const PayerAccountStore &m_accounts;
    const PayerSessionStore &m_sessions;
};

} // namespace deskpay
