#include "server/DeskKeyRoutes.h"

#include "server/AgentStore.h"
#include "server/Authenticator.h"
#include "server/Database.h"
#include "server/DeskKeyStore.h"
#include "server/JsonRequest.h"
#include "server/SqlSupport.h"
#include "server/JsonResponse.h"
#include "server/ServerLogging.h"
#include "services/protocol/Ed25519Key.h"
#include "services/protocol/JsonObjectReader.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

// A PEM public key is about 113 bytes; the limit only keeps nonsense out.
constexpr qsizetype MaxPemLength = 4096;

QString isoTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

QJsonObject keyJson(const DeskKey &key, const QHash<qint64, QString> &usernames)
{
    QJsonObject json {
        { u"keyId"_s, key.keyId },
        { u"fingerprint"_s, key.keyId },
        { u"state"_s, deskKeyStateName(key.state) },
        { u"username"_s, usernames.value(key.agentId) },
        { u"createdAt"_s, isoTime(key.createdAt) },
    };
    if (key.approvedAt.isValid()) {
        json.insert(u"approvedAt"_s, isoTime(key.approvedAt));
        json.insert(u"approvedBy"_s, usernames.value(key.approvedBy));
    }
    if (key.revokedAt.isValid()) {
        json.insert(u"revokedAt"_s, isoTime(key.revokedAt));
        json.insert(u"revokedBy"_s, usernames.value(key.revokedBy));
    }
    return json;
}

// Ed25519Key's parse errors, as the documented codes of this route.
Error publicKeyError(const Error &parseError)
{
    if (parseError.code == u"wrong_key_type"_s)
        return Error { u"key_algorithm_unsupported"_s,
            QCoreApplication::translate("deskpay::DeskKeyRoutes", "A desk key must be an Ed25519 key."),
            u"publicKeyPem"_s };
    if (parseError.code == u"crypto_failure"_s)
        return parseError;
    return Error { u"public_key_invalid"_s,
        QCoreApplication::translate(
            "deskpay::DeskKeyRoutes", "publicKeyPem must be one unencrypted PEM \"PUBLIC KEY\" block."),
        u"publicKeyPem"_s };
}

} // namespace

DeskKeyRoutes::DeskKeyRoutes(
    const Database &database, const AgentStore &agents, const DeskKeyStore &keys, const Authenticator &authenticator)
    : m_database(database)
    , m_agents(agents)
    , m_keys(keys)
    , m_authenticator(authenticator)
{
}

void DeskKeyRoutes::registerOn(HttpRouter &router) const
{
    router.add(HttpRouter::Method::Post, u"/v1/desk-keys"_s,
        [this](const HttpRequest &request, const RouteMatch &) { return registerKey(request); });
    router.add(HttpRouter::Method::Get, u"/v1/desk-keys"_s,
        [this](const HttpRequest &request, const RouteMatch &) { return list(request); });
    router.add(HttpRouter::Method::Post, u"/v1/desk-keys/{id}/approve"_s,
        [this](const HttpRequest &request, const RouteMatch &match) {
            return approve(request, match.value(u"id"_s));
        });
    router.add(HttpRouter::Method::Post, u"/v1/desk-keys/{id}/revoke"_s,
        [this](const HttpRequest &request, const RouteMatch &match) {
            return revoke(request, match.value(u"id"_s));
        });
}

QHttpServerResponse DeskKeyRoutes::registerKey(const HttpRequest &request) const
{
    const auto caller = m_authenticator.authenticate(request);
    if (!caller)
        return JsonRequest::errorResponse(caller.error());
    if (auto allowed = Authenticator::requireRole(*caller, AgentRole::Agent); !allowed)
        return JsonRequest::errorResponse(allowed.error());
    const auto body = JsonRequest::parse(request);
    if (!body)
        return JsonRequest::errorResponse(body.error());
    ValidationReport issues;
    JsonObjectReader reader(*body, QString(), issues);
    const auto pem = reader.string(u"publicKeyPem"_s, MaxPemLength);
    reader.finish();
    if (!issues.isValid() || !pem)
        return JsonRequest::invalidBody(issues);

    const auto key = Ed25519Key::fromPublicKeyPem(pem->toUtf8());
    if (!key)
        return JsonRequest::errorResponse(publicKeyError(key.error()));
    // In one write transaction, so two registrations of one key cannot both pass the check.
    const auto registered
        = sql::inWriteTransaction<DeskKey>(m_database, [&] { return m_keys.registerKey(caller->agent.id, *key); });
    if (!registered)
        return JsonRequest::errorResponse(registered.error());
    qCInfo(lcServer, "agent %ls registered desk key %ls", qUtf16Printable(caller->agent.username),
        qUtf16Printable(registered->keyId));
    return JsonResponse::ok(
        keyJson(*registered, { { caller->agent.id, caller->agent.username } }), JsonResponse::Status::Created);
}

QHttpServerResponse DeskKeyRoutes::list(const HttpRequest &request) const
{
    const auto caller = m_authenticator.authenticate(request);
    if (!caller)
        return JsonRequest::errorResponse(caller.error());
    if (auto allowed = Authenticator::requireRole(*caller, AgentRole::Agent); !allowed)
        return JsonRequest::errorResponse(allowed.error());
    const bool supervisor = caller->agent.role == AgentRole::Supervisor;
    const auto keys = m_keys.list(supervisor ? std::nullopt : std::optional<qint64>(caller->agent.id));
    if (!keys)
        return JsonRequest::errorResponse(keys.error());
    const auto agents = m_agents.list();
    if (!agents)
        return JsonRequest::errorResponse(agents.error());
    QHash<qint64, QString> usernames;
    for (const Agent &agent : *agents)
        usernames.insert(agent.id, agent.username);
    QJsonArray array;
    for (const DeskKey &key : *keys)
        array.append(keyJson(key, usernames));
    return JsonResponse::ok(QJsonObject { { u"keys"_s, array } });
}

QHttpServerResponse DeskKeyRoutes::approve(const HttpRequest &request, const QString &keyId) const
{
    const auto caller = m_authenticator.authenticate(request);
    if (!caller)
        return JsonRequest::errorResponse(caller.error());
    if (auto allowed = Authenticator::requireRole(*caller, AgentRole::Supervisor); !allowed)
        return JsonRequest::errorResponse(allowed.error());
    const auto approved = sql::inWriteTransaction<DeskKey>(m_database, [&] { return m_keys.approve(keyId, caller->agent.id); });
    if (!approved)
        return JsonRequest::errorResponse(approved.error());
    qCInfo(lcServer, "supervisor %ls approved desk key %ls", qUtf16Printable(caller->agent.username),
        qUtf16Printable(keyId));
    const auto owner = m_agents.findById(approved->agentId);
    QHash<qint64, QString> usernames { { caller->agent.id, caller->agent.username } };
    if (owner && owner->has_value())
        usernames.insert((*owner)->id, (*owner)->username);
    return JsonResponse::ok(keyJson(*approved, usernames));
}

QHttpServerResponse DeskKeyRoutes::revoke(const HttpRequest &request, const QString &keyId) const
{
    const auto caller = m_authenticator.authenticate(request);
    if (!caller)
        return JsonRequest::errorResponse(caller.error());
    if (auto allowed = Authenticator::requireRole(*caller, AgentRole::Supervisor); !allowed)
        return JsonRequest::errorResponse(allowed.error());
    const auto revoked = sql::inWriteTransaction<DeskKey>(m_database, [&] { return m_keys.revoke(keyId, caller->agent.id); });
    if (!revoked)
        return JsonRequest::errorResponse(revoked.error());
    qCInfo(lcServer, "supervisor %ls revoked desk key %ls", qUtf16Printable(caller->agent.username),
        qUtf16Printable(keyId));
    const auto owner = m_agents.findById(revoked->agentId);
    QHash<qint64, QString> usernames { { caller->agent.id, caller->agent.username } };
    if (owner && owner->has_value())
        usernames.insert((*owner)->id, (*owner)->username);
    return JsonResponse::ok(keyJson(*revoked, usernames));
}

} // namespace deskpay
