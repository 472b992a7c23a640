#include "server/PayerAuthenticator.h"

#include "server/Authenticator.h"
#include "server/SessionStore.h"
#include "services/protocol/ErrorCodes.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

#include <openssl/crypto.h>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

bool changesState(HttpRequest::Method method)
{
    return method != HttpRequest::Method::Get && method != HttpRequest::Method::Head;
}

} // namespace

PayerAuthenticator::PayerAuthenticator(
    const PayerAccountStore &accounts, const PayerSessionStore &sessions, QByteArray csrfKey)
    : m_accounts(accounts)
    , m_sessions(sessions)
    , m_csrfKey(std::move(csrfKey))
{
}

QString PayerAuthenticator::sessionCookie(const HttpRequest &request)
{
    // HTTP/2 clients may split cookies over several Cookie fields; the first one of our name
    // counts. The __Host- prefix means only this origin over HTTPS can have set it.
    const QByteArray prefix = CookieName.toByteArray() + '=';
    for (const auto &[name, value] : request.headers()) {
        if (name.compare("cookie", Qt::CaseInsensitive) != 0)
            continue;
        const QList<QByteArray> pairs = value.split(';');
        for (const QByteArray &pair : pairs) {
            const QByteArray trimmed = pair.trimmed();
            if (trimmed.startsWith(prefix))
                return QString::fromLatin1(trimmed.mid(prefix.size()));
        }
    }
    return {};
}

QByteArray PayerAuthenticator::csrfTokenForHash(const QString &tokenHash) const
{
    QMessageAuthenticationCode mac(QCryptographicHash::Sha256, m_csrfKey);
    mac.addData("csrf\n");
    mac.addData(tokenHash.toLatin1());
    return mac.result().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QString PayerAuthenticator::csrfToken(const PayerSession &session) const
{
    return QString::fromLatin1(csrfTokenForHash(session.tokenHash));
}

Result<AuthenticatedPayer> PayerAuthenticator::authenticateSession(const HttpRequest &request) const
{
    QString token;
    bool viaCookie = false;
    if (request.hasHeader("Authorization"_ba) || !acceptsCookies()) {
        auto bearer = Authenticator::bearerToken(request);
        if (!bearer)
            return std::unexpected(bearer.error());
        token = std::move(*bearer);
    } else {
        token = sessionCookie(request);
        if (token.isEmpty())
            return fail(ErrorCodes::Unauthenticated.toString(), tr("Log in first: the request has no payer session."));
        if (!SessionStore::isWellFormedToken(token))
            return std::unexpected(ErrorCodes::error(ErrorCodes::Unauthenticated));
        viaCookie = true;
        // Checked before the session is looked up, so a forged request does not even keep a
        // session alive.
        if (changesState(request.method())) {
            const QByteArray expected = csrfTokenForHash(SessionStore::tokenHash(token));
            const QByteArray received = request.value(CsrfHeader.toByteArray()).trimmed();
            if (received.size() != expected.size()
                || CRYPTO_memcmp(received.constData(), expected.constData(), size_t(expected.size())) != 0)
                return fail(ErrorCodes::CsrfInvalid.toString(),
                    tr("This request did not come from the payer pages (CSRF token missing or wrong). Reload the "
                       "page and try again."));
        }
    }
    auto session = m_sessions.resolve(token);
    if (!session)
        return std::unexpected(session.error());
    auto account = m_accounts.findById(session->payerId);
    if (!account)
        return std::unexpected(account.error());
    if (!account->has_value() || (*account)->isDisabled())
        return std::unexpected(ErrorCodes::error(ErrorCodes::Unauthenticated));
    return AuthenticatedPayer { std::move(**account), std::move(*session), std::move(token), viaCookie };
}

Result<PayerAccount> PayerAuthenticator::authenticate(const HttpRequest &request) const
{
    auto caller = authenticateSession(request);
    if (!caller)
        return std::unexpected(caller.error());
    return std::move(caller->account);
}

} // namespace deskpay
