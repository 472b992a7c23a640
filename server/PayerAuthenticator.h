#pragma once
// PayerAuthenticator: the payer account behind a request — a bearer token (API clients) or the payer pages'
// session cookie with its CSRF token.

#include "models/Error.h"
#include "server/HttpRequest.h"
#include "server/PayerAccountStore.h"
#include "server/PayerSessionStore.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace deskpay {

struct AuthenticatedPayer
{
    PayerAccount account;
    PayerSession session;
    QString token; // the session token the request presented (for logout)
    bool viaCookie = false;
};

// Every payer route starts with authenticate(); its error goes straight to
// JsonRequest::errorResponse(). Agent tokens name no payer session, so they are refused.
//
// Two ways in, so no route has to care which one was used:
// - `Authorization: Bearer TOKEN`: when the header is there, cookies are ignored;
// - the cookie `__Host-deskpay_payer=TOKEN` the payer pages get from POST /pay/session. A
//   browser sends it with every same-site request, so a request that changes something
//   (anything but GET and HEAD) must also carry `X-CSRF-Token`, which only the pages' own
//   script can read (from the session answer): csrf_invalid (403) otherwise.
class PayerAuthenticator
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::PayerAuthenticator)

public:
    static constexpr QByteArrayView CookieName = "__Host-deskpay_payer";
    static constexpr QByteArrayView CsrfHeader = "X-CSRF-Token";

    // The stores must outlive the authenticator. `csrfKey` (32 random bytes, the same on every
    // instance sharing the database: derive it from the master key) keys the CSRF tokens;
    // without one the session cookie is not accepted at all (bearer tokens only).
    PayerAuthenticator(const PayerAccountStore &accounts, const PayerSessionStore &sessions, QByteArray csrfKey = {});

    // unauthenticated (401) when neither a bearer header nor the cookie is there, or when the
    // token is malformed or names no live session or a disabled account; session_expired (401)
    // when the session has run out; csrf_invalid (403) for a cookie request that changes
    // something without the session's X-CSRF-Token.
    [[nodiscard]] Result<PayerAccount> authenticate(const HttpRequest &request) const;
    // The same, with the session and its token (for logout and for answering with expiresAt).
    [[nodiscard]] Result<AuthenticatedPayer> authenticateSession(const HttpRequest &request) const;

    // Whether cookie sessions are possible (a CSRF key was given).
    [[nodiscard]] bool acceptsCookies() const { return !m_csrfKey.isEmpty(); }
    // base64url(HMAC-SHA256(csrfKey, "csrf\n" + hex SHA-256 of the token)): the same for the
    // whole session on every instance, nothing to store, and worthless without the cookie.
    [[nodiscard]] QString csrfToken(const PayerSession &session) const;
    // The session token in the request's cookie, or empty.
    [[nodiscard]] static QString sessionCookie(const HttpRequest &request);

private:
    [[nodiscard]] QByteArray csrfTokenForHash(const QString &tokenHash) const;

    const PayerAccountStore &m_accounts;
    const PayerSessionStore &m_sessions;
    QByteArray m_csrfKey;
};

} // namespace deskpay
