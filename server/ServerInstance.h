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
class AirportTable;
class AuditLog;
class AuthRoutes;
class Authenticator;
class ConfirmationDeadlines;
class ContactDispatcher;
class ContactOutbox;
class DeskKeyRoutes;
class DeskKeyStore;
class Database;
class EventLog;
class EventNotifier;
class EventRoutes;
class EventStream;
class Housekeeping;
class IdempotencyStore;
class LoginThrottle;
class NonceStore;
class OrderPipeline;
class OrderRoutes;
class OrderService;
class OrderStore;
class PasswordHasher;
class PayerAccountStore;
class PayerAuthRoutes;
class PayerAuthenticator;
class PayerRequestRoutes;
class PayerSessionStore;
class PayerWebRoutes;
class ProviderSandbox;
class PaymentProviders;
class PaymentReconciler;
class PaymentRoutes;
class PaymentService;
class PaymentStore;
class Server;
class ServerSecrets;
class SessionStore;
class TemplateStore;

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
    [[nodiscard]] const PayerAccountStore &payers() const { return *m_payers; }
    [[nodiscard]] const OrderStore &orders() const { return *m_orders; }
    [[nodiscard]] const OrderService &orderService() const { return *m_orderService; }
    [[nodiscard]] const EventLog &events() const { return *m_events; }
    [[nodiscard]] const ContactOutbox &contacts() const { return *m_contacts; }
    [[nodiscard]] const TemplateStore &templates() const { return *m_templates; }
    [[nodiscard]] const ServerSecrets &secrets() const { return *m_secrets; }
    [[nodiscard]] const AuditLog &audit() const { return *m_audit; }
    [[nodiscard]] ConfirmationDeadlines &deadlines() { return *m_deadlines; }
    [[nodiscard]] EventStream &eventStream() { return *m_eventStream; }
    [[nodiscard]] Housekeeping &housekeeping() { return *m_housekeeping; }
    [[nodiscard]] const PaymentStore &payments() const { return *m_paymentStore; }
    [[nodiscard]] const PaymentService &paymentService() const { return *m_paymentService; }
    [[nodiscard]] PaymentReconciler &reconciler() { return *m_reconciler; }
    // The in-process provider sandbox of --demo (nullptr otherwise).
    [[nodiscard]] ProviderSandbox *demoSandbox() { return m_demoSandbox.get(); }

private:
    explicit ServerInstance(ServerOptions options);
    [[nodiscard]] static Result<void> prepareDataDir(const QString &dataDir);
    [[nodiscard]] Result<void> createServices(const Clock &clock);
    [[nodiscard]] Result<void> seedDemo();

    ServerOptions m_options;
    TlsMaterial m_tls;
    std::unique_ptr<ProviderSandbox> m_demoSandbox; // --demo without --payments-config
    std::unique_ptr<Database> m_database; // declared before everything using it: destroyed last
    std::unique_ptr<PasswordHasher> m_hasher;
    std::unique_ptr<AgentStore> m_agents;
    std::unique_ptr<SessionStore> m_sessions;
    std::unique_ptr<Authenticator> m_authenticator;
    std::unique_ptr<AuthRoutes> m_authRoutes;
    std::unique_ptr<DeskKeyStore> m_deskKeys;
    std::unique_ptr<DeskKeyRoutes> m_deskKeyRoutes;
    std::unique_ptr<LoginThrottle> m_loginThrottle;
    std::unique_ptr<ServerSecrets> m_secrets;
    std::unique_ptr<AirportTable> m_airports;
    std::unique_ptr<PayerAccountStore> m_payers;
    std::unique_ptr<PayerSessionStore> m_payerSessions;
    std::unique_ptr<PayerAuthenticator> m_payerAuthenticator;
    std::unique_ptr<PayerAuthRoutes> m_payerAuthRoutes;
    std::unique_ptr<PayerWebRoutes> m_payerWebRoutes;
    std::unique_ptr<TemplateStore> m_templates;
    std::unique_ptr<OrderStore> m_orders;
    std::unique_ptr<EventLog> m_events;
    std::unique_ptr<ContactOutbox> m_contacts;
    std::unique_ptr<NonceStore> m_nonces;
    std::unique_ptr<IdempotencyStore> m_idempotency;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<OrderService> m_orderService;
    std::unique_ptr<OrderPipeline> m_pipeline;
    std::unique_ptr<OrderRoutes> m_orderRoutes;
    std::unique_ptr<PayerRequestRoutes> m_payerRequestRoutes;
    std::unique_ptr<EventRoutes> m_eventRoutes;
    std::unique_ptr<EventNotifier> m_notifier;
    std::unique_ptr<EventStream> m_eventStream;
    std::unique_ptr<ContactDispatcher> m_dispatcher;
    std::unique_ptr<ConfirmationDeadlines> m_deadlines;
    std::unique_ptr<Housekeeping> m_housekeeping;
    std::unique_ptr<PaymentProviders> m_paymentProviders;
    std::unique_ptr<PaymentStore> m_paymentStore;
    std::unique_ptr<PaymentService> m_paymentService;
    std::unique_ptr<PaymentRoutes> m_paymentRoutes;
    std::unique_ptr<PaymentReconciler> m_reconciler;
    std::unique_ptr<Server> m_server;
};

} // namespace deskpay
