#pragma once
// PaymentService: the payment of a confirmed order — the pay call that opens a payment at a
// provider and answers the signed ext, the provider's notifications, the active query of
// payments whose notification does not come, and closing what runs out of time.

#include "models/Clock.h"
#include "models/Error.h"
#include "models/OrderRequest.h"
#include "server/HttpRequest.h"
#include "server/PaymentProvider.h"
#include "server/PaymentStore.h"
#include "services/protocol/JsonValue.h"

#include <QCoreApplication>
#include <QHttpServerResponse>
#include <QList>
#include <QString>

#include <chrono>

namespace deskpay {

class AuditLog;
class Database;
class OrderService;
class OrderStore;
struct OrderRecord;
struct PayerAccount;

struct PaymentServiceOptions
{
    QString publicUrl; // https://host:port of this server (notify URLs, return URLs)
    // Waits between active queries of an open payment; the last one repeats.
    QList<std::chrono::seconds> querySchedule { std::chrono::seconds(30), std::chrono::seconds(60),
        std::chrono::seconds(120), std::chrono::seconds(300), std::chrono::seconds(600) };
};

// What a settlement did, for the notification answer and the logs.
enum class SettleOutcome : quint8 {
    Applied, // the order moved to PAID / PAYMENT_FAILED
    Pending, // the provider has not decided yet: nothing to do
    Duplicate, // this notification id was applied before
    IgnoredFinal, // the payment or order was already final (out of order, or after a close)
};

class PaymentService
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::PaymentService)

public:
    // Everything passed in must outlive the service. `providers` may be empty: no pay type is
    // configured, and the pay call answers provider_unavailable.
    PaymentService(const Database &database, const Clock &clock, const OrderStore &orders,
        const OrderService &orderService, const PaymentStore &payments, QList<const PaymentProvider *> providers,
        const AuditLog &audit, PaymentServiceOptions options);

    // Before the server takes requests.
    void setPublicUrl(const QString &url) { m_options.publicUrl = url; }
    [[nodiscard]] const PaymentServiceOptions &options() const { return m_options; }

    // The pay call for the payer bound to the order: checks state, deadline and pay type,
    // closes an open payment of the order, opens a new one and returns the provider's ext.
    // Errors: order_not_found, order_not_payable, payment_expired, pay_type_not_allowed,
    // provider_unavailable, payment_conflict, validation_failed (returnUrl).
    [[nodiscard]] Result<JsonValue> pay(
        const PayerAccount &payer, const QString &orderId, PayType payType, const QString &returnUrl) const;

    // POST /v1/providers/{style}/notify: verify → business checks → idempotent apply; answers
    // in the provider's own form. Refusals are logged and audited.
    [[nodiscard]] QHttpServerResponse notify(const QString &style, const HttpRequest &request) const;

    // Applies what a provider says about one payment (a notification or a query):
    // notification_mismatch when it does not fit the payment.
    [[nodiscard]] Result<SettleOutcome> settle(const PaymentProvider &provider, const ProviderReport &report) const;

    // One pass of the active query: every open payment that is due is queried (and settled,
    // or closed and failed once past its deadline), and every PAYMENT_PENDING order past its
    // deadline without an open payment fails with PAYMENT_TIMEOUT. Returns how many orders moved.
    // Blocks on the network: call it on a worker thread.
    [[nodiscard]] Result<int> reconcile() const;

    // OrderService's BeforeCancel: closes the order's open payment at its provider.
    [[nodiscard]] Result<void> closeForCancel(const OrderRecord &order) const;

private:
    [[nodiscard]] const PaymentProvider *providerFor(const QString &style) const;
    [[nodiscard]] const PaymentProvider *providerFor(PayType payType) const;
    [[nodiscard]] Result<void> closeOpen(const PaymentRecord &payment, const QString &why) const;
    [[nodiscard]] Result<bool> queryOne(PaymentRecord payment) const;
    [[nodiscard]] Result<bool> failExpired(const QString &orderId) const;
    [[nodiscard]] QDateTime nextQueryAfter(int attempts) const;

    const Database &m_database;
    const Clock &m_clock;
    const OrderStore &m_orders;
    const OrderService &m_orderService;
    const PaymentStore &m_payments;
    QList<const PaymentProvider *> m_providers;
    const AuditLog &m_audit;
    PaymentServiceOptions m_options;
};

} // namespace deskpay
