#include "server/PayerAuthRoutes.h"

#include "server/Authenticator.h"
#include "server/Database.h"
#include "server/HttpRouter.h"
#include "server/JsonRequest.h"
#include "server/JsonResponse.h"
#include "server/LoginThrottle.h"
#include "server/ServerLogging.h"
#include "server/SqlSupport.h"
#include "services/protocol/ErrorCodes.h"
#include "services/protocol/JsonObjectReader.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr qsizetype MaxPassword = 1024;

QHttpServerResponse refuse()
{
    // One answer for an unknown account, a disabled one and a wrong password, so the answer
    // does not tell which accounts exist.
    return JsonRequest::errorResponse(ErrorCodes::error(ErrorCodes::InvalidCredentials));
}

} // namespace

PayerAuthRoutes::PayerAuthRoutes(const Database &database, const PayerAccountStore &accounts,
    const PayerSessionStore &sessions, const PasswordHasher &hasher, const PayerAuthenticator &authenticator,
    const Clock &clock, LockoutPolicy lockout)
    : m_database(database)
    , m_accounts(accounts)
    , m_sessions(sessions)
    , m_hasher(hasher)
    , m_authenticator(authenticator)
    , m_clock(clock)
    , m_lockout(lockout)
{
}

void PayerAuthRoutes::registerOn(HttpRouter &router) const
{
    router.add(HttpRouter::Method::Post, u"/v1/payer/sessions"_s,
        [this](const HttpRequest &request, const RouteMatch &) { return login(request); });
    router.add(HttpRouter::Method::Delete, u"/v1/payer/sessions/current"_s,
        [this](const HttpRequest &request, const RouteMatch &) { return logout(request); });
}

std::expected<PayerLogin, QHttpServerResponse> PayerAuthRoutes::logIn(const HttpRequest &request) const
{
    const auto body = JsonRequest::parse(request);
    if (!body)
        return std::unexpected(JsonRequest::errorResponse(body.error()));
    ValidationReport issues;
    JsonObjectReader reader(*body, QString(), issues);
    const auto accountId = reader.string(u"accountId"_s, Payer::MaxAccountIdLength);
    const auto password = reader.string(u"password"_s, MaxPassword);
    reader.finish();
    if (!issues.isValid() || !accountId || !password)
        return std::unexpected(JsonRequest::invalidBody(issues));
    const QByteArray passwordUtf8 = password->toUtf8();

    const QString throttleKey = u"payer:"_s + *accountId;
    // Guesses in a row must wait a growing moment (LoginThrottle); an early one is not checked
    // (a locked account answers 423 first: that says more).
    const auto throttled = [&]() -> std::optional<QHttpServerResponse> {
        const auto wait = m_throttle ? m_throttle->waitFor(throttleKey) : std::nullopt;
        if (!wait)
            return std::nullopt;
        QHttpServerResponse response = JsonRequest::errorResponse(ErrorCodes::error(ErrorCodes::RateLimited));
        response.setHeader("Retry-After"_ba, QByteArray::number((wait->count() + 999) / 1000));
        return response;
    };
    const auto failed = [&] {
        if (m_throttle)
            m_throttle->recordFailure(throttleKey);
        return refuse();
    };

    const auto found = m_accounts.findByAccountId(*accountId);
    if (!found)
        return std::unexpected(JsonRequest::errorResponse(found.error()));
    if (!found->has_value() || (*found)->isDisabled()) {
        if (auto early = throttled())
            return std::unexpected(std::move(*early));
        m_hasher.verifyDummy(passwordUtf8);
        return std::unexpected(failed());
    }
    const PayerAccount &account = **found;
    const QDateTime now = m_clock.now();
    if (account.isLockedAt(now)) {
        // No password check while locked: guesses during the lock cannot succeed or count.
        QHttpServerResponse response = JsonRequest::errorResponse(ErrorCodes::error(ErrorCodes::AccountLocked));
        response.setHeader("Retry-After"_ba, QByteArray::number(std::max<qint64>(1, now.secsTo(account.lockedUntil))));
        return std::unexpected(std::move(response));
    }
    if (auto early = throttled())
        return std::unexpected(std::move(*early));

    const auto matches = m_hasher.verify(passwordUtf8, account.passwordHash);
    if (!matches) {
        qCWarning(lcServer, "payer account %lld has an unreadable password hash", account.id);
        return std::unexpected(refuse());
    }
    if (!*matches) {
        const auto after = sql::inWriteTransaction<PayerAccount>(
            m_database, [&] { return m_accounts.recordFailedLogin(account.id, m_lockout); });
        if (!after)
            return std::unexpected(JsonRequest::errorResponse(after.error()));
        if (after->isLockedAt(now))
            qCWarning(lcServer, "payer account %lld locked after %d failed logins", account.id, m_lockout.maxFailures);
        return std::unexpected(failed());
    }

    // As for agents: a hash made with weaker parameters is renewed, outside the write lock.
    const Result<QString> rehashed = m_hasher.needsRehash(account.passwordHash)
        ? m_hasher.hash(passwordUtf8)
        : Result<QString>(std::unexpected(Error {}));
    const auto issued = sql::inWriteTransaction<IssuedPayerSession>(m_database, [&]() -> Result<IssuedPayerSession> {
        if (auto recorded = m_accounts.recordSuccessfulLogin(account.id); !recorded)
            return std::unexpected(recorded.error());
        if (rehashed) {
            if (auto stored = m_accounts.setPasswordHash(account.id, *rehashed); !stored)
                return std::unexpected(stored.error());
        }
        if (auto purged = m_sessions.purge(); !purged)
            return std::unexpected(purged.error());
        return m_sessions.create(account.id);
    });
    if (!issued)
        return std::unexpected(JsonRequest::errorResponse(issued.error()));
    if (m_throttle)
        m_throttle->recordSuccess(throttleKey);
    qCInfo(lcServer, "payer account %lld logged in", account.id);
    return PayerLogin { account, std::move(*issued) };
}

QHttpServerResponse PayerAuthRoutes::login(const HttpRequest &request) const
{
    auto loggedIn = logIn(request);
    if (!loggedIn)
        return std::move(loggedIn.error());
    return JsonResponse::ok(
        QJsonObject {
            { u"token"_s, loggedIn->issued.token },
            { u"accountId"_s, loggedIn->account.accountId },
            { u"expiresAt"_s, loggedIn->issued.session.expiresAt(m_sessions.policy()).toUTC().toString(Qt::ISODate) },
        },
        JsonResponse::Status::Created);
}

QHttpServerResponse PayerAuthRoutes::logout(const HttpRequest &request) const
{
    const auto caller = m_authenticator.authenticateSession(request);
    if (!caller)
        return JsonRequest::errorResponse(caller.error());
    if (auto revoked = m_sessions.revoke(caller->token); !revoked)
        return JsonRequest::errorResponse(revoked.error());
    QHttpServerResponse response(QHttpServerResponse::StatusCode::NoContent);
    response.setHeader("Cache-Control"_ba, "no-store"_ba);
    return response;
}

} // namespace deskpay
