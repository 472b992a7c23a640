#pragma once
// DeskKeyRoutes: POST/GET /v1/desk-keys and POST /v1/desk-keys/{id}/approve|revoke — desk key registration and
// approval.

#include "server/HttpRouter.h"

#include <QCoreApplication>
#include "server/HttpRequest.h"
#include <QHttpServerResponse>

namespace deskpay {

class AgentStore;
class Authenticator;
class Database;
class DeskKeyStore;

class DeskKeyRoutes
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::DeskKeyRoutes)

public:
    // Everything passed in must outlive the routes.
    DeskKeyRoutes(const Database &database, const AgentStore &agents, const DeskKeyStore &keys,
        const Authenticator &authenticator);

    void registerOn(HttpRouter &router) const;

    // An agent (or supervisor) registers a public key of its own: 201, pending.
    [[nodiscard]] QHttpServerResponse registerKey(const HttpRequest &request) const;
    // An agent sees its own keys, a supervisor every key.
    [[nodiscard]] QHttpServerResponse list(const HttpRequest &request) const;
    [[nodiscard]] QHttpServerResponse approve(const HttpRequest &request, const QString &keyId) const;
    [[nodiscard]] QHttpServerResponse revoke(const HttpRequest &request, const QString &keyId) const;

private:
    const Database &m_database;
    const AgentStore &m_agents;
    const DeskKeyStore &m_keys;
    const Authenticator &m_authenticator;
};

} // namespace deskpay
