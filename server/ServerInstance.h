#pragma once
// ServerInstance: one running payment server — data folder, TLS, database, migrations and listener, started in order.

#include "models/Clock.h"
#include "models/Error.h"
#include "server/ServerOptions.h"
#include "server/TlsBootstrap.h"

#include <QCoreApplication>

#include <memory>

namespace deskpay {

class AgentStore;
class AuthRoutes;
class Authenticator;
class DeskKeyRoutes;
class DeskKeyStore;
class Database;
class PasswordHasher;
class Server;
class SessionStore;

// deskpay-server's main() and the in-process tests start the server through here, so they
// run the same sequence. Destroying the instance stops listening first, then closes the database.
class ServerInstance
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::ServerInstance)

public:
    // Each step fails with its own error: data_dir_unwritable, tls_*, bad_database_url,
    // database_unavailable, schema_too_new, migration_*, address_in_use, listen_failed …
    [[nodiscard]] static Result<std::unique_ptr<ServerInstance>> start(
        const ServerOptions &options, const Clock &clock);
    ~ServerInstance();

    ServerInstance(const ServerInstance &) = delete;
    ServerInstance &operator=(const ServerInstance &) = delete;

    // "https://HOST:PORT" with the port actually bound (useful with port 0).
    [[nodiscard]] QString url() const;
    [[nodiscard]] quint16 port() const;
    // Absolute path of the CA certificate clients should trust.
    [[nodiscard]] QString caCertificatePath() const { return m_tls.caCertificatePath; }
    [[nodiscard]] const ServerOptions &options() const { return m_options; }

    [[nodiscard]] Server &server() { return *m_server; }
    [[nodiscard]] const Database &database() const { return *m_database; }
    // For the routes later features add: who is calling (see Authenticator).
    [[nodiscard]] const Authenticator &authenticator() const { return *m_authenticator; }
    [[nodiscard]] const AgentStore &agents() const { return *m_agents; }
    [[nodiscard]] const SessionStore &sessions() const { return *m_sessions; }
    [[nodiscard]] const DeskKeyStore &deskKeys() const { return *m_deskKeys; }

private:
    explicit ServerInstance(ServerOptions options);
    [[nodiscard]] static Result<void> prepareDataDir(const QString &dataDir);

    ServerOptions m_options;
    TlsMaterial m_tls;
    std::unique_ptr<Database> m_database; // declared before everything using it: destroyed last
    std::unique_ptr<PasswordHasher> m_hasher;
    std::unique_ptr<AgentStore> m_agents;
    std::unique_ptr<SessionStore> m_sessions;
    std::unique_ptr<Authenticator> m_authenticator;
    std::unique_ptr<AuthRoutes> m_authRoutes;
    std::unique_ptr<DeskKeyStore> m_deskKeys;
    std::unique_ptr<DeskKeyRoutes> m_deskKeyRoutes;
    std::unique_ptr<Server> m_server;
};

} // namespace deskpay
