#include "server/ServerInstance.h"

#include "models/AirportTable.h"
#include "paysandbox/ProviderSandbox.h"
#include "server/AgentStore.h"
#include "server/AuditLog.h"
#include "server/AuthRoutes.h"
#include "server/Authenticator.h"
#include "server/ConfirmationDeadlines.h"
#include "server/ContactDispatcher.h"
#include "server/ContactOutbox.h"
#include "server/Database.h"
#include "server/DemoAgents.h"
#include "server/DemoPayers.h"
#include "server/DemoSandbox.h"
#include "server/DeskKeyRoutes.h"
#include "server/DeskKeyStore.h"
#include "server/EventLog.h"
#include "server/EventNotifier.h"
#include "server/EventRoutes.h"
#include "server/EventStream.h"
#include "server/Housekeeping.h"
#include "server/IdempotencyStore.h"
#include "server/LoginThrottle.h"
#include "server/MigrationRunner.h"
#include "server/NonceStore.h"
#include "server/OrderPipeline.h"
#include "server/OrderRoutes.h"
#include "server/OrderService.h"
#include "server/OrderStore.h"
#include "server/PayerAccountStore.h"
#include "server/PayerAuthRoutes.h"
#include "server/PayerAuthenticator.h"
#include "server/PayerRequestRoutes.h"
#include "server/PayerSessionStore.h"
#include "server/PayerWebRoutes.h"
#include "server/PaymentProviders.h"
#include "server/PaymentReconciler.h"
#include "server/PaymentRoutes.h"
#include "server/PaymentService.h"
#include "server/PaymentStore.h"
#include "server/PaymentsConfig.h"
#include "server/Server.h"
#include "server/ServerLogging.h"
#include "server/ServerSecrets.h"
#include "server/SessionStore.h"
#include "server/TemplateStore.h"
#include "server/WebhookSigner.h"

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
    // Stream clients hear "going away" (1001) while their sockets still exist; then listening
    // stops and the running handlers finish; the rest goes in reverse order of the members,
    // the database last.
    // A running payment pass uses the services below: let it finish first.
    m_reconciler.reset();
    if (m_eventStream)
        m_eventStream->closeAll();
    if (m_dispatcher)
        m_dispatcher->stop();
    m_server.reset();
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

    if (options.demo && options.paymentsConfig.isEmpty()) {
        auto sandbox = DemoSandbox::start(options, instance->m_tls, clock, &instance->m_options.paymentsConfig);
        if (!sandbox)
            return std::unexpected(sandbox.error());
        instance->m_demoSandbox = std::move(*sandbox);
    }
    if (auto created = instance->createServices(clock); !created)
        return std::unexpected(created.error());
    if (options.demo) {
        if (auto seeded = instance->seedDemo(); !seeded)
            return std::unexpected(seeded.error());
    }

    const auto addresses = options.listen.resolve();
    if (!addresses)
        return std::unexpected(addresses.error());
    if (auto port = instance->m_server->listen(*addresses, options.listen.port, instance->m_tls); !port)
        return std::unexpected(port.error());
    // Known only now when the port was 0; no request is handled before start() returns.
    const QString publicUrl = options.effectivePublicUrl(instance->port()).toString(QUrl::StripTrailingSlash);
    instance->m_orderService->setPublicUrl(publicUrl);
    instance->m_paymentService->setPublicUrl(publicUrl);

    instance->m_dispatcher->start();
    instance->m_deadlines->start();
    instance->m_housekeeping->start();
    instance->m_reconciler->start();
    qCInfo(lcServer, "ready in %lld ms (TLS %lld ms, database %lld ms)", timer.elapsed(), tlsMs, databaseMs);
    return instance;
}

Result<void> ServerInstance::createServices(const Clock &clock)
{
    const ServerOptions &options = m_options;
    const Database &db = *m_database;
    auto secrets = ServerSecrets::loadOrCreate(options.dataDir, options.identityKeyFile);
    if (!secrets)
        return std::unexpected(secrets.error());
    m_secrets = std::make_unique<ServerSecrets>(std::move(*secrets));
    auto airports = AirportTable::loadBundled();
    if (!airports)
        return std::unexpected(airports.error());
    m_airports = std::make_unique<AirportTable>(std::move(*airports));

    QByteArray webhookSecret;
    if (options.contactChannel == ContactChannel::Webhook) {
        auto secret = WebhookSigner::readSecretFile(options.webhookSecretFile);
        if (!secret)
            return std::unexpected(secret.error());
        webhookSecret = *secret;
    }

    // Agents and desk keys.
    m_hasher = std::make_unique<PasswordHasher>(options.passwordHashing);
    m_agents = std::make_unique<AgentStore>(db, clock);
    m_sessions = std::make_unique<SessionStore>(db, clock, options.sessions);
    m_authenticator = std::make_unique<Authenticator>(*m_agents, *m_sessions);
    m_authRoutes
        = std::make_unique<AuthRoutes>(db, *m_agents, *m_sessions, *m_hasher, *m_authenticator, clock, options.lockout);
    m_loginThrottle = std::make_unique<LoginThrottle>(clock);
    m_authRoutes->setThrottle(m_loginThrottle.get());
    m_deskKeys = std::make_unique<DeskKeyStore>(db, clock);
    m_deskKeyRoutes = std::make_unique<DeskKeyRoutes>(db, *m_agents, *m_deskKeys, *m_authenticator);

    // Payers.
    m_payers = std::make_unique<PayerAccountStore>(db, clock, *m_secrets);
    m_payerSessions = std::make_unique<PayerSessionStore>(db, clock);
    m_payerAuthenticator = std::make_unique<PayerAuthenticator>(*m_payers, *m_payerSessions, m_secrets->payerCsrfKey());
    m_payerAuthRoutes = std::make_unique<PayerAuthRoutes>(
        db, *m_payers, *m_payerSessions, *m_hasher, *m_payerAuthenticator, clock, options.lockout);
    m_payerAuthRoutes->setThrottle(m_loginThrottle.get());
    m_payerWebRoutes = std::make_unique<PayerWebRoutes>(*m_payerAuthRoutes, *m_payerAuthenticator, *m_payerSessions);

    // Orders.
    m_templates = std::make_unique<TemplateStore>(db, clock);
    m_orders = std::make_unique<OrderStore>(db, clock);
    m_events = std::make_unique<EventLog>(db, clock);
    m_contacts = std::make_unique<ContactOutbox>(db, clock);
    m_nonces = std::make_unique<NonceStore>(db, clock);
    m_idempotency = std::make_unique<IdempotencyStore>(db, clock);
    m_audit = std::make_unique<AuditLog>(db, clock);
    OrderServiceOptions serviceOptions;
    serviceOptions.confirmationWindow = options.confirmationWindow;
    serviceOptions.contactChannel = contactChannelName(options.contactChannel);
    m_orderService = std::make_unique<OrderService>(
        db, clock, *m_orders, *m_events, *m_contacts, *m_payers, *m_templates, *m_secrets, serviceOptions);
    m_pipeline = std::make_unique<OrderPipeline>(
        OrderPipeline::Dependencies { db, clock, *m_authenticator, *m_deskKeys, *m_nonces, *m_idempotency, *m_audit,
            *m_payers, *m_airports, *m_orderService },
        options.maxOrderBodyBytes);
    m_orderRoutes
        = std::make_unique<OrderRoutes>(*m_authenticator, *m_orders, *m_events, *m_orderService, *m_pipeline, *m_audit);
    m_payerRequestRoutes
        = std::make_unique<PayerRequestRoutes>(*m_payerAuthenticator, *m_orders, *m_orderService, *m_audit);
    m_eventRoutes = std::make_unique<EventRoutes>(*m_events, *m_authenticator);

    // Payments: providers from --payments-config (none without it).
    if (options.paymentsConfig.isEmpty()) {
        m_paymentProviders = std::make_unique<PaymentProviders>();
    } else {
        auto config = PaymentsConfig::load(options.paymentsConfig);
        if (!config)
            return std::unexpected(config.error());
        m_paymentProviders = std::make_unique<PaymentProviders>(*config, clock);
    }
    m_paymentStore = std::make_unique<PaymentStore>(db, clock);
    PaymentServiceOptions paymentOptions;
    paymentOptions.querySchedule = m_paymentProviders->querySchedule();
    m_paymentService = std::make_unique<PaymentService>(
        db, clock, *m_orders, *m_orderService, *m_paymentStore, m_paymentProviders->all(), *m_audit, paymentOptions);
    m_orderService->setBeforeCancel(
        [payments = m_paymentService.get()](const OrderRecord &order) { return payments->closeForCancel(order); });
    m_paymentRoutes = std::make_unique<PaymentRoutes>(*m_payerAuthenticator, *m_paymentService, *m_audit);
    m_reconciler = std::make_unique<PaymentReconciler>(*m_paymentService, options.paymentReconcileInterval);

    // The HTTP front and what runs beside it on this thread.
    m_server = std::make_unique<Server>(db, clock, options.effectiveWorkers());
    m_authRoutes->registerOn(m_server->router());
    m_deskKeyRoutes->registerOn(m_server->router());
    m_pipeline->registerOn(m_server->router());
    m_orderRoutes->registerOn(m_server->router());
    m_eventRoutes->registerOn(m_server->router());
    m_payerAuthRoutes->registerOn(m_server->router());
    m_payerRequestRoutes->registerOn(m_server->router());
    m_payerWebRoutes->registerOn(m_server->router());
    m_paymentRoutes->registerOn(m_server->router());

    m_notifier = std::make_unique<EventNotifier>();
    if (db.backend() == DatabaseBackend::PostgreSql) {
        // Events committed by other instances on the same database reach this one's streams.
        if (auto listening = m_notifier->listen(db); !listening)
            return std::unexpected(listening.error());
    }
    m_eventStream = std::make_unique<EventStream>(*m_events, *m_authenticator, *m_notifier);
    m_eventStream->attach(m_server->http());
    m_dispatcher = std::make_unique<ContactDispatcher>(
        db, clock, *m_contacts, options.contactChannel, options.webhookUrl, webhookSecret);
    m_deadlines = std::make_unique<ConfirmationDeadlines>(clock, *m_orders, *m_orderService);
    m_housekeeping = std::make_unique<Housekeeping>(*m_nonces, *m_idempotency);

    // After each committed change (on the worker that made it): wake the streams, the webhook
    // channel (sandbox messages are sent as they commit) and the deadline timer. All three calls
    // are thread-safe.
    const bool webhook = options.contactChannel == ContactChannel::Webhook;
    m_orderService->setAfterCommit([notifier = m_notifier.get(), dispatcher = m_dispatcher.get(),
                                       deadlines = m_deadlines.get(), webhook](const QList<OrderRecord> &records) {
        notifier->announce();
        if (webhook)
            dispatcher->poke();
        for (const OrderRecord &record : records) {
            if (record.state() == OrderState::AwaitingPayerConfirmation)
                deadlines->deadlineAdded(record.view.confirmBy);
        }
    });
    return {};
}

Result<void> ServerInstance::seedDemo()
{
    const auto agents = DemoAgents::seed(*m_database, *m_agents, *m_hasher);
    if (!agents)
        return std::unexpected(agents.error());
    if (!agents->isEmpty())
        qCInfo(lcServer, "--demo: added the demo agents %ls (password: see docs/operations.md)",
            qUtf16Printable(agents->join(u", "_s)));
    const auto payers = DemoPayers::seed(*m_database, *m_payers, *m_hasher);
    if (!payers)
        return std::unexpected(payers.error());
    if (!payers->isEmpty())
        qCInfo(lcServer, "--demo: added the demo payers %ls", qUtf16Printable(payers->join(u", "_s)));
    return {};
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
