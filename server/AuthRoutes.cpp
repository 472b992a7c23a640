#include "server/AuthRoutes.h"

#include "server/Database.h"
#include "server/HttpRouter.h"
#include "server/JsonRequest.h"
#include "server/SqlSupport.h"
#include "server/LoginThrottle.h"
#include "server/JsonResponse.h"
#include "server/ServerLogging.h"
#include "services/protocol/ErrorCodes.h"
#include "services/protocol/JsonObjectReader.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr qsizetype MaxUsername = 64;
constexpr qsizetype MaxPassword = 1024;

QString isoTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

QJsonObject agentJson(const Agent &agent, const QDateTime &expiresAt)
{
    return QJsonObject {
        { u"role"_s, agentRoleName(agent.role) },
        { u"username"_s, agent.username },
        { u"displayName"_s, agent.displayName },
        { u"deskId"_s, agent.deskId },
        { u"expiresAt"_s, isoTime(expiresAt) },
    };
}

} // namespace

AuthRoutes::AuthRoutes(const Database &database, const AgentStore &agents, const SessionStore &sessions,
    const PasswordHasher &hasher, const Authenticator &authenticator, const Clock &clock, LockoutPolicy lockout)
    : m_database(database)
    , m_agents(agents)
    , m_sessions(sessions)
    , m_hasher(hasher)
    , m_authenticator(authenticator)
    , m_clock(clock)
    , m_lockout(lockout)
{
}

void AuthRoutes::registerOn(HttpRouter &router) const
{
    router.add(HttpRouter::Method::Post, u"/v1/sessions"_s,
        [this](const HttpRequest &request, const RouteMatch &) { return login(request); });
    router.add(HttpRouter::Method::Delete, u"/v1/sessions/current"_s,
        [this](const HttpRequest &request, const RouteMatch &) { return logout(request); });
    router.add(HttpRouter::Method::Get, u"/v1/me"_s,
        [this](const HttpRequest &request, const RouteMatch &) { return me(request); });
}

QHttpServerResponse AuthRoutes::refuse()
{
    // One answer for an unknown name, a disabled account and a wrong password, so the answer
    // does not tell which user names exist.
    return JsonRequest::errorResponse(ErrorCodes::error(ErrorCodes::InvalidCredentials));
}

QHttpServerResponse AuthRoutes::login(const HttpRequest &request) const
{
    const auto body = JsonRequest::parse(request);
    if (!body)
        return JsonRequest::errorResponse(body.error());
    ValidationReport issues;
    JsonObjectReader reader(*body, QString(), issues);
    const auto username = reader.string(u"username"_s, MaxUsername);
    const auto password = reader.string(u"password"_s, MaxPassword);
    reader.finish();
    if (!issues.isValid() || !username || !password)
        return JsonRequest::invalidBody(issues);
    const QByteArray passwordUtf8 = password->toUtf8();

    const QString throttleKey = u"agent:"_s + username->toLower();
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

    const auto found = m_agents.findByUsername(*username);
    if (!found)
        return JsonRequest::errorResponse(found.error());
    if (!found->has_value() || (*found)->isDisabled()) {
        if (auto early = throttled())
            return std::move(*early);
        m_hasher.verifyDummy(passwordUtf8);
        return failed();
    }
    const Agent &agent = **found;
    const QDateTime now = m_clock.now();
    if (agent.isLockedAt(now)) {
        // No password check while locked: guesses during the lock cannot succeed or count.
        QHttpServerResponse response = JsonRequest::errorResponse(ErrorCodes::error(ErrorCodes::AccountLocked));
        response.setHeader("Retry-After"_ba, QByteArray::number(std::max<qint64>(1, now.secsTo(agent.lockedUntil))));
        return response;
    }
    if (auto early = throttled())
        return std::move(*early);

    const auto matches = m_hasher.verify(passwordUtf8, agent.passwordHash);
    if (!matches) {
        qCWarning(lcServer, "agent %ls has an unreadable password hash", qUtf16Printable(agent.username));
        return refuse();
    }
    if (!*matches) {
        const auto after
            = sql::inWriteTransaction<Agent>(m_database, [&] { return m_agents.recordFailedLogin(agent.id, m_lockout); });
        if (!after)
            return JsonRequest::errorResponse(after.error());
        if (after->isLockedAt(now))
            qCWarning(lcServer, "agent %ls locked after %d failed logins", qUtf16Printable(agent.username),
                m_lockout.maxFailures);
        return failed();
    }

    // Parameters were raised since this hash was made: store one with today's. Hashed before
    // the transaction, so the write lock is not held for the ~100 ms scrypt takes.
    const Result<QString> rehashed = m_hasher.needsRehash(agent.passwordHash)
        ? m_hasher.hash(passwordUtf8)
        : Result<QString>(std::unexpected(Error {}));
    const auto issued = sql::inWriteTransaction<IssuedSession>(m_database, [&]() -> Result<IssuedSession> {
        if (auto recorded = m_agents.recordSuccessfulLogin(agent.id); !recorded)
            return std::unexpected(recorded.error());
        if (rehashed) {
            if (auto stored = m_agents.setPasswordHash(agent.id, *rehashed); !stored)
                return std::unexpected(stored.error());
        }
        if (auto purged = m_sessions.purge(); !purged)
            return std::unexpected(purged.error());
        return m_sessions.create(agent.id);
    });
    if (!issued)
        return JsonRequest::errorResponse(issued.error());
    if (m_throttle)
        m_throttle->recordSuccess(throttleKey);
    qCInfo(lcServer, "agent %ls logged in", qUtf16Printable(agent.username));
    QJsonObject answer = agentJson(agent, issued->session.expiresAt(m_sessions.policy()));
    answer.insert(u"token"_s, issued->token);
    return JsonResponse::ok(answer, JsonResponse::Status::Created);
}

QHttpServerResponse AuthRoutes::logout(const HttpRequest &request) const
{
    const auto caller = m_authenticator.authenticate(request);
    if (!caller)
        return JsonRequest::errorResponse(caller.error());
    const auto token = Authenticator::bearerToken(request);
    if (auto revoked = m_sessions.revoke(*token); !revoked)
        return JsonRequest::errorResponse(revoked.error());
    QHttpServerResponse response(QHttpServerResponse::StatusCode::NoContent);
    response.setHeader("Cache-Control"_ba, "no-store"_ba);
    return response;
}

QHttpServerResponse AuthRoutes::me(const HttpRequest &request) const
{
    const auto caller = m_authenticator.authenticate(request);
    if (!caller)
        return JsonRequest::errorResponse(caller.error());
    if (auto allowed = Authenticator::requireRole(*caller, AgentRole::Agent); !allowed)
        return JsonRequest::errorResponse(allowed.error());
    return JsonResponse::ok(agentJson(caller->agent, caller->session.expiresAt(m_sessions.policy())));
}

} // namespace deskpay
