#pragma once
// OrderService: every change of an order — creation, payer confirmation or decline, cancellation,
// expiry — each one transaction that writes the order, its event and its side effects together.

#include "models/Clock.h"
#include "models/Error.h"
#include "models/OrderRequest.h"
#include "server/OrderStore.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <chrono>
#include <functional>
#include <optional>

namespace deskpay {

class ContactOutbox;
class Database;
class EventLog;
class PayerAccountStore;
class ServerSecrets;
class TemplateStore;
struct Agent;
struct PayerAccount;

// Who made a change: recorded with its event.
struct OrderActor
{
    QString kind; // agent | payer | system | provider
    QString name; // user name, payer account id, "deadline"

    [[nodiscard]] static OrderActor system(const QString &what) { return { QStringLiteral("system"), what }; }
};

struct OrderServiceOptions
{
    std::chrono::seconds confirmationWindow { 15 * 60 };
    QString contactChannel = QStringLiteral("sandbox"); // sandbox | webhook
    QString publicUrl; // where payers find the payer pages, for the confirmation message
};

// A new order's request as the pipeline verified it.
struct NewOrder
{
    OrderRequest request; // validated
    const Agent *agent = nullptr;
    const PayerAccount *payer = nullptr;
    OrderEvidence evidence; // sealedRequestBody is filled in here, from rawBody
    QByteArray rawBody;
    bool realNameMatches = true;
};

class OrderService
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::OrderService)

public:
    // Called after every commit that changed orders (on the worker that committed), with the
    // records as committed: the server wakes its event streams, its contact dispatcher and its
    // confirmation deadlines from here. Must be thread-safe.
    using AfterCommit = std::function<void(const QList<OrderRecord> &)>;

    // Everything passed in must outlive the service.
    OrderService(const Database &database, const Clock &clock, const OrderStore &orders, const EventLog &events,
        const ContactOutbox &contacts, const PayerAccountStore &payers, const TemplateStore &templates,
        const ServerSecrets &secrets, OrderServiceOptions options);

    // Both before the server takes requests (they are read by workers without a lock).
    void setAfterCommit(AfterCommit afterCommit) { m_afterCommit = std::move(afterCommit); }
    void setPublicUrl(const QString &url) { m_options.publicUrl = url; }
    [[nodiscard]] const OrderServiceOptions &options() const { return m_options; }

    // One transaction: the order (SUBMITTED), then either REJECTED (REAL_NAME_MISMATCH) or
    // AWAITING_PAYER_CONFIRMATION with confirmBy and the confirmation message to the payer's
    // contact; `inTransaction` runs last inside the same transaction (the pipeline stores the
    // idempotent answer there) and may fail it.
    [[nodiscard]] Result<OrderRecord> create(
        const NewOrder &order, const std::function<Result<void>(const OrderRecord &)> &inTransaction) const;

    // The payer's answers. Only the payer bound to the order may give them (order_not_found for
    // anyone else: another payer's orders do not exist for them). A confirmation after confirmBy
    // expires the order instead and fails with CONFIRMATION_EXPIRED; a confirmation builds the
    // payment order from the product type's latest template and moves to PAYMENT_PENDING.
    [[nodiscard]] Result<OrderRecord> confirm(const PayerAccount &payer, const QString &orderId) const;
    [[nodiscard]] Result<OrderRecord> decline(const PayerAccount &payer, const QString &orderId) const;

    // An agent may cancel its own desk's orders before payment; a supervisor any order that
    // can still be cancelled. (Closing a pending provider payment order is issue 4's job.)
    [[nodiscard]] Result<OrderRecord> cancel(const Agent &agent, const QString &orderId, const QString &reason) const;

    // Payments (PaymentService): PAYMENT_PENDING → PAID (`paid`) or PAYMENT_FAILED, by the
    // provider or the system. `inTransaction` runs inside the same transaction before the order
    // changes (the payment row, the notification id) and may fail it.
    [[nodiscard]] Result<OrderRecord> settlePayment(const QString &orderId, bool paid, const OrderActor &actor,
        const QString &reason, const std::function<Result<void>(const OrderRecord &)> &inTransaction) const;
    // Before an order in PAYMENT_PENDING is cancelled, its open payment must be closed at the
    // provider (set before the server takes requests); its error refuses the cancellation.
    using BeforeCancel = std::function<Result<void>(const OrderRecord &)>;
    void setBeforeCancel(BeforeCancel beforeCancel) { m_beforeCancel = std::move(beforeCancel); }

    // Moves every order whose confirmBy has passed to CONFIRMATION_EXPIRED; returns how many.
    [[nodiscard]] Result<int> expireDue() const;

    // Runs after-commit for records changed outside this class (tests, admin tools).
    void announce(const QList<OrderRecord> &records) const;

private:
    using Change = std::function<Result<void>(OrderRecord &)>;

    // find → legal? → change → update guarded by the old state → event → commit → announce.
    [[nodiscard]] Result<OrderRecord> transition(const QString &orderId, OrderState to, const OrderActor &actor,
        const QString &reason, const Change &change) const;
    [[nodiscard]] Result<qint64> appendEvent(
        const OrderRecord &record, std::optional<OrderState> from, const OrderActor &actor, const QString &reason) const;
    [[nodiscard]] Result<void> enqueueConfirmationRequest(const OrderRecord &record, const PayerAccount &payer) const;
    [[nodiscard]] Result<void> buildPaymentOrder(OrderRecord &record) const;

    const Database &m_database;
    const Clock &m_clock;
    const OrderStore &m_orders;
    const EventLog &m_events;
    const ContactOutbox &m_contacts;
    const PayerAccountStore &m_payers;
    const TemplateStore &m_templates;
    const ServerSecrets &m_secrets;
    OrderServiceOptions m_options;
    AfterCommit m_afterCommit;
    BeforeCancel m_beforeCancel;
};

} // namespace deskpay
