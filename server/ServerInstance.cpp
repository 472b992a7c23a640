#include "server/ServerInstance.h"

#include "server/AgentStore.h"
#include "server/AuthRoutes.h"
#include "server/Authenticator.h"
#include "server/Database.h"
#include "server/DemoAgents.h"
#include "server/DeskKeyRoutes.h"
#include "server/DeskKeyStore.h"
#include "server/MigrationRunner.h"
#include "server/Server.h"
#include "server/ServerLogging.h"
#include "server/SessionStore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>

using namespace Qt::StringLiterals;

namespace deskpay {

ServerInstance::ServerInstance(ServerOptions options)
    : m_options(std::move(options))
{
}

ServerInstance::~ServerInstance()
{
    m_server.reset();
    m_deskKeyRoutes.reset();
    m_deskKeys.reset();
    m_authRoutes.reset();
    m_authenticator.reset();
    m_sessions.reset();
    m_agents.reset();
    m_hasher.reset();
    m_database.reset();
}

Result<void> ServerInstance::prepareDataDir(const QString &dataDir)
{
    const QFileInfo info(dataDir);
    if (info.exists() && !info.isDir())
        return fail(u"data_dir_unwritable"_s, tr("%1 is not a folder.").arg(dataDir), u"data-dir"_s);
    if (!info.exists()) {
        if (!QDir().mkpath(dataDir))
            return fail(u"data_dir_unwritable"_s, tr("Cannot create the data folder %1.").arg(dataDir), u"data-dir"_s);
        // Keys and the database live here: the folder is the owner's alone.
        QFile::setPermissions(dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    // Asking the file system beats reading mode bits: it also covers read-only mounts and ACLs.
    QTemporaryFile probe(QDir(dataDir).filePath(u".write-test-XXXXXX"_s));
    if (!probe.open())
        return fail(u"data_dir_unwritable"_s,
            tr("Cannot write in the data folder %1: %2").arg(dataDir, probe.errorString()), u"data-dir"_s);
    return {};
}

Result<std::unique_ptr<ServerInstance>> ServerInstance::start(const ServerOptions &options, const Clock &clock)
{
    QElapsedTimer timer;
    timer.start();
    std::unique_ptr<ServerInstance> instance(new ServerInstance(options));

    if (auto prepared = prepareDataDir(options.dataDir); !prepared)
        return std::unexpected(prepared.error());

    auto tls = options.usesOwnCertificate()
        ? TlsBootstrap::loadFiles(options.tlsCertificate, options.tlsKey, options.tlsCa)
        : TlsBootstrap(clock).ensureLocalCa(options.dataDir, options.listen.host);
    if (!tls)
        return std::unexpected(tls.error());
    instance->m_tls = *tls;
    const qint64 tlsMs = timer.elapsed();

    // The connection name is per instance so two servers can live in one process (tests).
    const QString connectionName = u"deskpay.server.%1"_s.arg(quintptr(instance.get()), 0, 16);
    auto database = Database::open(options.effectiveDatabase(), connectionName);
    if (!database)
        return std::unexpected(database.error());
    instance->m_database = std::move(*database);

    auto migrations = MigrationRunner::builtIn(instance->m_database->backend());
    if (!migrations)
        return std::unexpected(migrations.error());
    if (auto migrated = MigrationRunner(*migrations, clock).migrate(*instance->m_database); !migrated)
        return std::unexpected(migrated.error());
    const qint64 databaseMs = timer.elapsed() - tlsMs;

    instance->m_hasher = std::make_unique<PasswordHasher>(options.passwordHashing);
    instance->m_agents = std::make_unique<AgentStore>(*instance->m_database, clock);
    instance->m_sessions = std::make_unique<SessionStore>(*instance->m_database, clock, options.sessions);
    instance->m_authenticator = std::make_unique<Authenticator>(*instance->m_agents, *instance->m_sessions);
    instance->m_authRoutes = std::make_unique<AuthRoutes>(*instance->m_database, *instance->m_agents,
        *instance->m_sessions, *instance->m_hasher, *instance->m_authenticator, clock, options.lockout);
    instance->m_deskKeys = std::make_unique<DeskKeyStore>(*instance->m_database, clock);
    instance->m_deskKeyRoutes = std::make_unique<DeskKeyRoutes>(
        *instance->m_database, *instance->m_agents, *instance->m_deskKeys, *instance->m_authenticator);

    if (options.demo) {
        const auto seeded = DemoAgents::seed(*instance->m_database, *instance->m_agents, *instance->m_hasher);
        if (!seeded)
            return std::unexpected(seeded.error());
        if (!seeded->isEmpty())
            qCInfo(lcServer, "--demo: added the demo agents %ls (password: see docs/operations.md)",
                qUtf16Printable(seeded->join(u", "_s)));
    }

    const auto addresses = options.listen.resolve();
    if (!addresses)
        return std::unexpected(addresses.error());
    instance->m_server = std::make_unique<Server>(*instance->m_database, clock);
    instance->m_authRoutes->registerOn(instance->m_server->router());
    instance->m_deskKeyRoutes->registerOn(instance->m_server->router());
    if (auto port = instance->m_server->listen(*addresses, options.listen.port, instance->m_tls); !port)
        return std::unexpected(port.error());
    qCInfo(lcServer, "ready in %lld ms (TLS %lld ms, database %lld ms)", timer.elapsed(), tlsMs, databaseMs);
    return instance;
}

QString ServerInstance::url() const
{
    return m_options.listen.httpsUrl(port());
}

quint16 ServerInstance::port() const
{
    return m_server ? m_server->port() : 0;
}

} // namespace deskpay
