#include "server/PaymentService.h"

#include "server/AuditLog.h"
#include "server/Database.h"
#include "server/OrderService.h"
#include "server/OrderStore.h"
#include "server/PayerAccountStore.h"
#include "server/ServerLogging.h"
#include "services/protocol/ErrorCodes.h"
#include "services/protocol/JsonReader.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr int QueryBatch = 50;
constexpr int MaxBatchesPerPass = 20;
constexpr QStringView DuplicateNotification = u"duplicate_notification";
constexpr QStringView PaymentChanged = u"payment_changed";

// What the pay call needs from the payment order built at confirmation (PaymentOrder::toJson).
struct PayableOrder
{
    QStringList payTypes;
    Money total;
    QString subject;
};

Result<PayableOrder> payableFrom(const OrderRecord &record)
{
    const auto json = JsonReader::parse(record.paymentJson);
    if (!json || !json->isObject())
        return fail(ErrorCodes::InternalError.toString(),
            QCoreApplication::translate("deskpay::PaymentService", "The order's payment order cannot be read."));
    PayableOrder payable;
    if (const JsonValue *types = json->member(u"payTypes"); types && types->isArray())
        for (const JsonValue &type : types->children())
            payable.payTypes.append(type.text());
    if (const JsonValue *subject = json->member(u"subject"))
        payable.subject = subject->text();
    const JsonValue *total = json->member(u"total");
    const JsonValue *amount = total ? total->member(u"amount") : nullptr;
    const JsonValue *currency = total ? total->member(u"currency") : nullptr;
    if (!amount || !currency)
        return fail(ErrorCodes::InternalError.toString(),
            QCoreApplication::translate("deskpay::PaymentService", "The order's payment order has no total."));
    auto money = Money::parse(amount->text(), currency->text());
    if (!money)
        return std::unexpected(money.error());
    payable.total = *money;
    return payable;
}

PaymentState finalStateFor(ProviderOutcome outcome)
{
    switch (outcome) {
    case ProviderOutcome::Paid:
        return PaymentState::Paid;
    case ProviderOutcome::Failed:
        return PaymentState::Failed;
    case ProviderOutcome::Closed:
        return PaymentState::Closed;
    case ProviderOutcome::Pending:
    case ProviderOutcome::NotFound:
        break;
    }
    return PaymentState::Open;
}

QString settleOutcomeName(SettleOutcome outcome)
{
    switch (outcome) {
    case SettleOutcome::Applied:
        return u"applied"_s;
    case SettleOutcome::Pending:
        return u"pending"_s;
    case SettleOutcome::Duplicate:
        return u"duplicate"_s;
    case SettleOutcome::IgnoredFinal:
        return u"ignored_final"_s;
    }
    return u"applied"_s;
}

} // namespace

PaymentService::PaymentService(const Database &database, const Clock &clock, const OrderStore &orders,
    const OrderService &orderService, const PaymentStore &payments, QList<const PaymentProvider *> providers,
    const AuditLog &audit, PaymentServiceOptions options)
    : m_database(database)
    , m_clock(clock)
    , m_orders(orders)
    , m_orderService(orderService)
    , m_payments(payments)
    , m_providers(std::move(providers))
    , m_audit(audit)
    , m_options(std::move(options))
{
    if (m_options.querySchedule.isEmpty())
        m_options.querySchedule = { std::chrono::seconds(60) };
}

const PaymentProvider *PaymentService::providerFor(const QString &style) const
{
    for (const PaymentProvider *provider : m_providers)
        if (provider->style() == style)
            return provider;
    return nullptr;
}

const PaymentProvider *PaymentService::providerFor(PayType payType) const
{
    for (const PaymentProvider *provider : m_providers)
        if (provider->payType() == payType)
            return provider;
    return nullptr;
}

QDateTime PaymentService::nextQueryAfter(int attempts) const
{
    const qsizetype step = std::clamp<qsizetype>(attempts, 0, m_options.querySchedule.size() - 1);
    return m_clock.now().addSecs(m_options.querySchedule.at(step).count());
}

Result<JsonValue> PaymentService::pay(
    const PayerAccount &payer, const QString &orderId, PayType payType, const QString &returnUrl) const
{
    const auto found = m_orders.find(orderId);
    if (!found)
        return std::unexpected(found.error());
    // Another payer's order does not exist for this one.
    if (!found->has_value() || (*found)->payerId != payer.id)
        return std::unexpected(ErrorCodes::error(ErrorCodes::OrderNotFound));
    const OrderRecord &record = **found;
    if (record.state() != OrderState::PaymentPending)
        return fail(ErrorCodes::OrderNotPayable.toString(),
            tr("The order is %1; it is not waiting for a payment.").arg(orderStateName(record.state())));
    const QDateTime now = m_clock.now();
    if (record.paymentDeadline.isValid() && now >= record.paymentDeadline)
        return std::unexpected(ErrorCodes::error(ErrorCodes::PaymentExpired));
    const auto payable = payableFrom(record);
    if (!payable)
        return std::unexpected(payable.error());
    if (!payable->payTypes.contains(payTypeName(payType)))
        return fail(ErrorCodes::PayTypeNotAllowed.toString(),
            tr("This order can be paid with %1 only.").arg(payable->payTypes.join(u", "_s)), u"payType"_s);
    if (payable->total.currency().code() != u"CNY"_s)
        return fail(ErrorCodes::PayTypeNotAllowed.toString(),
            tr("%1 takes payments in CNY only; this order is in %2.")
                .arg(payTypeName(payType), payable->total.currency().code()),
            u"payType"_s);
    const PaymentProvider *provider = providerFor(payType);
    if (!provider)
        return fail(ErrorCodes::ProviderUnavailable.toString(),
            tr("%1 is not configured on this server.").arg(payTypeName(payType)));

    // The cashier sends the payer back to our own pages only: an open redirect through a
    // payment page would be a phishing tool.
    const QString pagesRoot = m_options.publicUrl + u"/pay/"_s;
    QString back = returnUrl;
    if (back.isEmpty())
        back = pagesRoot + u"result.html?order="_s + QString::fromLatin1(QUrl::toPercentEncoding(orderId));
    else if (!back.startsWith(pagesRoot) || !QUrl(back, QUrl::StrictMode).isValid())
        return fail(ErrorCodes::ValidationFailed.toString(),
            tr("The return address must be one of this server's payer pages (%1…).").arg(pagesRoot), u"returnUrl"_s);

    // One open payment per order: a new pay call replaces the open one, which must be closed
    // at its provider first so that it can never be paid as well.
    const auto open = m_payments.openForOrder(orderId);
    if (!open)
        return std::unexpected(open.error());
    if (open->has_value()) {
        if (auto closed = closeOpen(**open, u"replaced by a new pay call"_s); !closed)
            return std::unexpected(closed.error());
    }

    PaymentRecord payment;
    payment.id = PaymentStore::newPaymentId();
    payment.orderId = orderId;
    payment.payerId = payer.id;
    payment.payType = payType;
    payment.provider = provider->style();
    payment.partnerId = provider->partnerId();
    payment.amountMinor = payable->total.minorUnits();
    payment.currency = payable->total.currency().code();
    payment.expiresAt = record.paymentDeadline.isValid() ? record.paymentDeadline : now.addSecs(15 * 60);
    payment.nextQueryAt = nextQueryAfter(0);
    // Stored before the provider hears of it: whatever happens next, the reconciler knows the
    // payment exists and queries or closes it.
    if (auto inserted = m_payments.insert(payment); !inserted)
        return std::unexpected(inserted.error());

    PaymentStart start;
    start.paymentId = payment.id;
    start.orderId = orderId;
    start.amount = payable->total;
    start.subject = payable->subject;
    start.expiresAt = payment.expiresAt;
    start.notifyUrl = m_options.publicUrl + u"/v1/providers/"_s + provider->style() + u"/notify"_s;
    start.returnUrl = back;
    auto started = provider->start(start);
    if (!started) {
        payment.lastError = started.error().message;
        if (auto kept = m_payments.reschedule(payment); !kept)
            qCWarning(lcServerPayments, "%ls", qUtf16Printable(kept.error().message));
        qCWarning(lcServerPayments, "payment %ls of order %ls could not start: %ls", qUtf16Printable(payment.id),
            qUtf16Printable(orderId), qUtf16Printable(started.error().message));
        return std::unexpected(started.error());
    }
    if (!started->providerRef.isEmpty()) {
        payment.providerRef = started->providerRef;
        if (auto kept = m_payments.reschedule(payment); !kept)
            return std::unexpected(kept.error());
    }
    qCInfo(lcServerPayments, "payment %ls of order %ls opened with %ls", qUtf16Printable(payment.id),
        qUtf16Printable(orderId), qUtf16Printable(provider->style()));
    return started->ext;
}

Result<void> PaymentService::closeOpen(const PaymentRecord &payment, const QString &why) const
{
    const PaymentProvider *provider = providerFor(payment.provider);
    if (!provider)
        return fail(ErrorCodes::ProviderUnavailable.toString(),
            tr("The payment %1 was made with %2, which is no longer configured; it cannot be closed.")
                .arg(payment.id, payment.provider));
    if (auto closed = provider->close(payment.id); !closed) {
        // Perhaps because it was paid a moment ago: ask, and settle what the provider says.
        if (auto report = provider->query(payment.id); report && report->outcome == ProviderOutcome::Paid) {
            if (auto settled = settle(*provider, *report); !settled)
                qCWarning(lcServerPayments, "%ls", qUtf16Printable(settled.error().message));
            return fail(ErrorCodes::OrderNotPayable.toString(), tr("The order has just been paid."));
        }
        return std::unexpected(closed.error());
    }
    PaymentRecord closedPayment = payment;
    closedPayment.state = PaymentState::Closed;
    closedPayment.providerState = u"CLOSED"_s;
    closedPayment.lastError = why;
    if (auto updated = m_payments.updateOpen(closedPayment); !updated)
        return std::unexpected(updated.error());
    qCInfo(lcServerPayments, "payment %ls closed: %ls", qUtf16Printable(payment.id), qUtf16Printable(why));
    return {};
}

Result<SettleOutcome> PaymentService::settle(const PaymentProvider &provider, const ProviderReport &report) const
{
    const auto found = m_payments.find(report.paymentId);
    if (!found)
        return std::unexpected(found.error());
    auto mismatch = [&](const QString &what) {
        return fail(ErrorCodes::NotificationMismatch.toString(),
            tr("The provider's report on %1 does not match the payment: %2.").arg(report.paymentId, what));
    };
    if (!found->has_value())
        return mismatch(tr("no such payment"));
    PaymentRecord payment = **found;
    if (payment.provider != provider.style())
        return mismatch(tr("the payment was made with another provider"));
    if (report.partnerId != payment.partnerId || report.partnerId != provider.partnerId())
        return mismatch(tr("partner id %1").arg(report.partnerId));
    if (!provider.appId().isEmpty() && report.appId != provider.appId())
        return mismatch(tr("app id %1").arg(report.appId));
    const bool decided = report.outcome != ProviderOutcome::Pending && report.outcome != ProviderOutcome::NotFound;
    if (report.outcome == ProviderOutcome::Paid && report.amountMinor < 0)
        return mismatch(tr("a payment without an amount"));
    if (report.amountMinor >= 0 && report.amountMinor != payment.amountMinor)
        return mismatch(tr("amount %1 instead of %2 (minor units)").arg(report.amountMinor).arg(payment.amountMinor));
    if (!report.currency.isEmpty() && report.currency != payment.currency)
        return mismatch(tr("currency %1").arg(report.currency));
    if (!decided)
        return SettleOutcome::Pending;

    const bool paid = report.outcome == ProviderOutcome::Paid;
    auto rememberIgnored = [&]() {
        if (report.notifyId.isEmpty())
            return;
        if (auto kept = m_payments.rememberNotification(
                provider.style(), report.notifyId, payment.id, u"ignored_final"_s, report.providerState);
            !kept)
            qCWarning(lcServerPayments, "%ls", qUtf16Printable(kept.error().message));
    };
    if (payment.state != PaymentState::Open) {
        if (paid && payment.state != PaymentState::Paid)
            // Money taken for a payment we had closed or failed: a provider fault that needs a
            // person (a refund); it must not pass silently.
            qCCritical(lcServerPayments, "payment %ls is %ls here but %ls reports it paid: needs a refund review",
                qUtf16Printable(payment.id), qUtf16Printable(paymentStateName(payment.state)),
                qUtf16Printable(provider.style()));
        rememberIgnored();
        return SettleOutcome::IgnoredFinal;
    }

    payment.state = finalStateFor(report.outcome);
    if (!report.providerRef.isEmpty())
        payment.providerRef = report.providerRef;
    payment.providerState = report.providerState;
    const OrderActor actor { u"provider"_s, provider.style() };
    const QString reason = report.providerState;
    auto settled
        = m_orderService.settlePayment(payment.orderId, paid, actor, reason, [&](const OrderRecord &) -> Result<void> {
              if (!report.notifyId.isEmpty()) {
                  auto fresh = m_payments.rememberNotification(
                      provider.style(), report.notifyId, payment.id, u"applied"_s, report.providerState);
                  if (!fresh)
                      return std::unexpected(fresh.error());
                  if (!*fresh)
                      return fail(DuplicateNotification.toString(), tr("This notification was applied before."));
              }
              auto updated = m_payments.updateOpen(payment);
              if (!updated)
                  return std::unexpected(updated.error());
              if (!*updated)
                  return fail(PaymentChanged.toString(), tr("The payment changed meanwhile."));
              return {};
          });
    if (settled) {
        qCInfo(lcServerPayments, "order %ls %s by %ls (%ls)", qUtf16Printable(payment.orderId),
            paid ? "paid" : "failed", qUtf16Printable(provider.style()), qUtf16Printable(report.providerState));
        return SettleOutcome::Applied;
    }
    const QString code = settled.error().code;
    if (code == DuplicateNotification)
        return SettleOutcome::Duplicate;
    if (code == PaymentChanged)
        return SettleOutcome::IgnoredFinal;
    if (code == ErrorCodes::IllegalTransition) {
        // The order left PAYMENT_PENDING another way (cancelled, or timed out) while this
        // payment was open: record the provider's word on the payment, leave the order alone.
        if (auto updated = m_payments.updateOpen(payment); !updated)
            return std::unexpected(updated.error());
        if (paid)
            qCCritical(lcServerPayments,
                "order %ls is no longer payable but payment %ls was paid: needs a refund review",
                qUtf16Printable(payment.orderId), qUtf16Printable(payment.id));
        rememberIgnored();
        return SettleOutcome::IgnoredFinal;
    }
    return std::unexpected(settled.error());
}

QHttpServerResponse PaymentService::notify(const QString &style, const HttpRequest &request) const
{
    const PaymentProvider *provider = providerFor(style);
    if (!provider)
        return QHttpServerResponse(QByteArrayLiteral("text/plain; charset=utf-8"),
            tr("No such payment provider is configured.").toUtf8(), QHttpServerResponse::StatusCode::NotFound);
    auto audit = [&](const QString &outcome, const QString &subject, const QString &detail) {
        m_audit.recordOrWarn(AuditEntry {
            u"provider"_s, style, u"payment.notify"_s, outcome, subject, request.remoteAddress().toString(), detail });
    };
    // Nothing in the body is believed before its signature is.
    const auto report = provider->verifyNotification(request);
    if (!report) {
        qCWarning(lcServerPayments, "refused a %ls notification from %ls: %ls (%ls)", qUtf16Printable(style),
            qUtf16Printable(request.remoteAddress().toString()), qUtf16Printable(report.error().code),
            qUtf16Printable(report.error().message));
        audit(report.error().code, QString(), report.error().message);
        return provider->refuse(report.error().message);
    }
    if (report->notifyId.isEmpty()) {
        audit(u"notification_malformed"_s, report->paymentId, tr("no notification id"));
        return provider->refuse(tr("The notification has no id."));
    }
    const auto settled = settle(*provider, *report);
    if (!settled) {
        qCWarning(lcServerPayments, "refused %ls notification %ls: %ls", qUtf16Printable(style),
            qUtf16Printable(report->notifyId), qUtf16Printable(settled.error().message));
        audit(settled.error().code, report->paymentId, settled.error().message);
        return provider->refuse(settled.error().message);
    }
    audit(u"ok"_s, report->paymentId,
        u"%1 %2 %3"_s.arg(report->notifyId, report->providerState, settleOutcomeName(*settled)));
    return provider->acknowledge();
}

Result<bool> PaymentService::failExpired(const QString &orderId) const
{
    auto failed = m_orderService.settlePayment(
        orderId, false, OrderActor::system(u"payment_deadline"_s), u"PAYMENT_TIMEOUT"_s, {});
    if (failed)
        return true;
    if (failed.error().code == ErrorCodes::IllegalTransition)
        return false; // paid, cancelled or failed meanwhile
    return std::unexpected(failed.error());
}

Result<bool> PaymentService::queryOne(PaymentRecord payment) const
{
    const PaymentProvider *provider = providerFor(payment.provider);
    const QDateTime now = m_clock.now();
    auto later = [&](const QString &error) -> Result<bool> {
        payment.queryAttempts += 1;
        payment.nextQueryAt = nextQueryAfter(payment.queryAttempts);
        payment.lastError = error;
        if (auto kept = m_payments.reschedule(payment); !kept)
            return std::unexpected(kept.error());
        return false;
    };
    if (!provider)
        return later(tr("%1 is no longer configured.").arg(payment.provider));
    const auto report = provider->query(payment.id);
    if (!report)
        return later(report.error().message);
    if (report->outcome != ProviderOutcome::Pending && report->outcome != ProviderOutcome::NotFound) {
        const auto settled = settle(*provider, *report);
        if (!settled) {
            // A signed answer that does not fit the payment is as serious as a forged notification.
            qCCritical(lcServerPayments, "%ls", qUtf16Printable(settled.error().message));
            return later(settled.error().message);
        }
        return *settled == SettleOutcome::Applied;
    }
    payment.providerState = report->providerState;
    if (now < payment.expiresAt)
        return later(QString());
    // Time is up and nothing was paid: close at the provider first, so the payer cannot pay
    // after the order failed; only then fail the order.
    if (auto closed = closeOpen(payment, tr("payment timeout")); !closed)
        return later(closed.error().message);
    return failExpired(payment.orderId);
}

Result<int> PaymentService::reconcile() const
{
    int moved = 0;
    for (int batch = 0; batch < MaxBatchesPerPass; ++batch) {
        const auto due = m_payments.due(QueryBatch);
        if (!due)
            return std::unexpected(due.error());
        for (const PaymentRecord &payment : *due) {
            const auto queried = queryOne(payment);
            if (!queried)
                qCWarning(lcServerPayments, "query of payment %ls: %ls", qUtf16Printable(payment.id),
                    qUtf16Printable(queried.error().message));
            else if (*queried)
                ++moved;
        }
        if (due->size() < QueryBatch)
            break;
    }
    // Orders past their payment deadline: with an open payment, query it now (and close it);
    // without one (the payer never pressed pay), fail the order.
    const auto overdue = m_orders.paymentDeadlinesDue(m_clock.now(), QueryBatch * MaxBatchesPerPass);
    if (!overdue)
        return std::unexpected(overdue.error());
    for (const QString &orderId : *overdue) {
        const auto open = m_payments.openForOrder(orderId);
        if (!open)
            return std::unexpected(open.error());
        const auto moved1 = open->has_value() ? queryOne(**open) : failExpired(orderId);
        if (!moved1)
            qCWarning(lcServerPayments, "order %ls past its payment deadline: %ls", qUtf16Printable(orderId),
                qUtf16Printable(moved1.error().message));
        else if (*moved1)
            ++moved;
    }
    return moved;
}

Result<void> PaymentService::closeForCancel(const OrderRecord &order) const
{
    const auto open = m_payments.openForOrder(order.id());
    if (!open)
        return std::unexpected(open.error());
    if (!open->has_value())
        return {};
    return closeOpen(**open, tr("order cancelled"));
}

} // namespace deskpay
