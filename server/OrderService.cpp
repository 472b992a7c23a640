#include "server/OrderService.h"

#include "server/AgentStore.h"
#include "server/ContactOutbox.h"
#include "server/EventLog.h"
#include "server/PayerAccountStore.h"
#include "server/PaymentOrderBuilder.h"
#include "server/ServerLogging.h"
#include "server/ServerSecrets.h"
#include "server/SqlSupport.h"
#include "server/TemplateStore.h"
#include "services/protocol/ErrorCodes.h"
#include "services/protocol/OrderCodec.h"

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr int ExpiryBatch = 200;

JsonValue eventData(const OrderRecord &record)
{
    JsonValue data = JsonValue::object();
    data.insert(u"order"_s, OrderCodec::viewToJson(record.view));
    if (!record.rejectCode.isEmpty())
        data.insert(u"rejectCode"_s, JsonValue::string(record.rejectCode));
    return data;
}

} // namespace

OrderService::OrderService(const Database &database, const Clock &clock, const OrderStore &orders,
    const EventLog &events, const ContactOutbox &contacts, const PayerAccountStore &payers,
    const TemplateStore &templates, const ServerSecrets &secrets, OrderServiceOptions options)
    : m_database(database)
    , m_clock(clock)
    , m_orders(orders)
    , m_events(events)
    , m_contacts(contacts)
    , m_payers(payers)
    , m_templates(templates)
    , m_secrets(secrets)
    , m_options(std::move(options))
{
}

void OrderService::announce(const QList<OrderRecord> &records) const
{
    if (m_afterCommit && !records.isEmpty())
        m_afterCommit(records);
}

Result<qint64> OrderService::appendEvent(
    const OrderRecord &record, std::optional<OrderState> from, const OrderActor &actor, const QString &reason) const
{
    OrderEvent event;
    event.orderId = record.id();
    event.desk = record.desk;
    event.agentId = record.agentId;
    event.kind = from ? u"order.state_changed"_s : u"order.created"_s;
    event.from = from;
    event.to = record.state();
    event.actorKind = actor.kind;
    event.actor = actor.name;
    event.reason = reason;
    event.at = record.view.updatedAt;
    event.data = eventData(record);
    return m_events.append(event);
}

Result<void> OrderService::enqueueConfirmationRequest(const OrderRecord &record, const PayerAccount &payer) const
{
    const auto total = record.view.order.pricing.total();
    if (!total)
        return std::unexpected(total.error());
    JsonValue money = JsonValue::object();
    money.insert(u"amount"_s, JsonValue::string(total->toDecimalString()));
    money.insert(u"currency"_s, JsonValue::string(total->currencyCode()));
    JsonValue body = JsonValue::object();
    body.insert(u"type"_s, JsonValue::string(u"confirmation_request"_s));
    body.insert(u"orderId"_s, JsonValue::string(record.id()));
    body.insert(u"payerAccountId"_s, JsonValue::string(payer.accountId));
    // No identity number, no passenger document: only what the payer needs to recognise the order.
    body.insert(u"summary"_s,
        JsonValue::string(u"%1 %2 %3-%4 %5"_s.arg(productTypeName(record.view.order.productType),
            record.view.order.ticketNumber, record.view.order.newSegment.origin,
            record.view.order.newSegment.destination, record.view.order.newSegment.departureLocalString())));
    body.insert(u"total"_s, std::move(money));
    body.insert(u"confirmBy"_s, JsonValue::string(OrderCodec::formatInstant(record.view.confirmBy)));
    body.insert(u"link"_s, JsonValue::string(m_options.publicUrl + u"/pay/"_s));

    ContactMessage message;
    message.orderId = record.id();
    message.payerId = payer.id;
    message.channel = m_options.contactChannel;
    message.contactKind = payer.contactKind;
    message.contactAddress = payer.contactAddress;
    message.purpose = u"confirmation_request"_s;
    message.body = std::move(body);
    message.state = u"pending"_s;
    message.nextAttemptAt = m_clock.now();
    message.createdAt = message.nextAttemptAt;
    const auto queued = m_contacts.enqueue(message);
    if (!queued)
        return std::unexpected(queued.error());
    // The sandbox channel delivers by storing: the message is sent as it commits, with no
    // second write (and no work for the dispatcher on the HTTP thread).
    if (m_options.contactChannel == u"sandbox"_s)
        return m_contacts.markSent(*queued);
    return {};
}

Result<OrderRecord> OrderService::create(
    const NewOrder &order, const std::function<Result<void>(const OrderRecord &)> &inTransaction) const
{
    Q_ASSERT(order.agent && order.payer);
    const QDateTime now = m_clock.now();
    OrderRecord record;
    record.view = OrderView::fromRequest(OrderStore::newOrderId(), order.request, now);
    record.desk = order.agent->deskId;
    record.agentId = order.agent->id;
    record.agentUsername = order.agent->username;
    record.payerId = order.payer->id;
    record.evidence = order.evidence;
    // The body holds the payer's document number: it is kept only sealed, bound to its order.
    const auto sealed = m_secrets.seal(order.rawBody, record.id().toUtf8());
    if (!sealed)
        return std::unexpected(sealed.error());
    record.evidence.sealedRequestBody = *sealed;

    // The row is written once, already in the state the checks decided; the history still shows
    // both steps (SUBMITTED, then the decision) as two events.
    OrderRecord submitted = record;
    record.view.state = order.realNameMatches ? OrderState::AwaitingPayerConfirmation : OrderState::Rejected;
    if (order.realNameMatches)
        record.view.confirmBy = now.addSecs(m_options.confirmationWindow.count());
    else
        record.rejectCode = ErrorCodes::RealNameMismatch.toString();

    const OrderActor agent { u"agent"_s, order.agent->username };
    auto created = sql::inWriteTransaction<OrderRecord>(m_database, [&]() -> Result<OrderRecord> {
        auto inserted = m_orders.insert(record);
        if (!inserted)
            return inserted;
        OrderRecord current = std::move(*inserted);
        submitted.seq = current.seq;
        const OrderState from = submitted.state();
        if (order.realNameMatches) {
            if (auto queued = enqueueConfirmationRequest(current, *order.payer); !queued)
                return std::unexpected(queued.error());
        }
        if (inTransaction) {
            if (auto done = inTransaction(current); !done)
                return std::unexpected(done.error());
        }
        // The events go last: on PostgreSQL appending takes the log's lock until COMMIT (decision
        // record 0006), so it should be held for as short a time as possible.
        if (auto appended = appendEvent(submitted, std::nullopt, agent, QString()); !appended)
            return std::unexpected(appended.error());
        if (auto appended = appendEvent(current, from, OrderActor::system(u"pipeline"_s), current.rejectCode);
            !appended)
            return std::unexpected(appended.error());
        return current;
    });
    if (created)
        announce({ *created });
    return created;
}

Result<OrderRecord> OrderService::transition(
    const QString &orderId, OrderState to, const OrderActor &actor, const QString &reason, const Change &change) const
{
    auto changed = sql::inWriteTransaction<OrderRecord>(m_database, [&]() -> Result<OrderRecord> {
        auto found = m_orders.find(orderId);
        if (!found)
            return std::unexpected(found.error());
        if (!found->has_value())
            return std::unexpected(ErrorCodes::error(ErrorCodes::OrderNotFound));
        OrderRecord record = std::move(**found);
        const OrderState from = record.state();
        if (!canTransition(from, to))
            return fail(ErrorCodes::IllegalTransition.toString(),
                tr("The order is %1 and cannot become %2.").arg(orderStateName(from), orderStateName(to)));
        if (change) {
            if (auto changedOk = change(record); !changedOk)
                return std::unexpected(changedOk.error());
        }
        record.view.state = to;
        record.view.updatedAt = m_clock.now();
        if (to != OrderState::AwaitingPayerConfirmation)
            record.view.confirmBy = QDateTime();
        auto updated = m_orders.update(record, from);
        if (!updated)
            return std::unexpected(updated.error());
        if (!*updated)
            // Another worker or instance moved it between our read and write (the read is not
            // locking on PostgreSQL): the caller sees the conflict, never a lost update.
            return fail(ErrorCodes::IllegalTransition.toString(), tr("The order changed meanwhile; try again."));
        if (auto appended = appendEvent(record, from, actor, reason); !appended)
            return std::unexpected(appended.error());
        return record;
    });
    if (changed)
        announce({ *changed });
    return changed;
}

Result<OrderRecord> OrderService::confirm(const PayerAccount &payer, const QString &orderId) const
{
    const auto found = m_orders.find(orderId);
    if (!found)
        return std::unexpected(found.error());
    if (!found->has_value() || (*found)->payerId != payer.id)
        return std::unexpected(ErrorCodes::error(ErrorCodes::OrderNotFound));
    const OrderRecord &record = **found;
    if (record.state() == OrderState::AwaitingPayerConfirmation && record.view.confirmBy <= m_clock.now()) {
        // The deadline passed before the sweeper got to it: the answer is too late either way.
        auto expired = transition(orderId, OrderState::ConfirmationExpired, OrderActor::system(u"deadline"_s),
            ErrorCodes::ConfirmationExpired.toString(), {});
        if (!expired && expired.error().code != ErrorCodes::IllegalTransition)
            return std::unexpected(expired.error());
        return std::unexpected(ErrorCodes::error(ErrorCodes::ConfirmationExpired));
    }
    if (record.state() == OrderState::ConfirmationExpired)
        return std::unexpected(ErrorCodes::error(ErrorCodes::ConfirmationExpired));
    if (record.state() != OrderState::AwaitingPayerConfirmation)
        return fail(ErrorCodes::IllegalTransition.toString(),
            tr("The order is %1; there is nothing to confirm.").arg(orderStateName(record.state())));
    return transition(orderId, OrderState::PaymentPending, OrderActor { u"payer"_s, payer.accountId }, QString(),
        [this, &payer](OrderRecord &changing) -> Result<void> {
            if (changing.payerId != payer.id)
                return std::unexpected(ErrorCodes::error(ErrorCodes::OrderNotFound));
            return buildPaymentOrder(changing);
        });
}

Result<OrderRecord> OrderService::decline(const PayerAccount &payer, const QString &orderId) const
{
    const auto found = m_orders.find(orderId);
    if (!found)
        return std::unexpected(found.error());
    if (!found->has_value() || (*found)->payerId != payer.id)
        return std::unexpected(ErrorCodes::error(ErrorCodes::OrderNotFound));
    if ((*found)->state() != OrderState::AwaitingPayerConfirmation)
        return fail(ErrorCodes::IllegalTransition.toString(),
            tr("The order is %1; there is nothing to decline.").arg(orderStateName((*found)->state())));
    return transition(orderId, OrderState::PayerDeclined, OrderActor { u"payer"_s, payer.accountId },
        ErrorCodes::PayerDeclined.toString(), [&payer](OrderRecord &changing) -> Result<void> {
            if (changing.payerId != payer.id)
                return std::unexpected(ErrorCodes::error(ErrorCodes::OrderNotFound));
            return {};
        });
}

Result<OrderRecord> OrderService::cancel(const Agent &agent, const QString &orderId, const QString &reason) const
{
    const auto found = m_orders.find(orderId);
    if (!found)
        return std::unexpected(found.error());
    const bool supervisor = agent.role == AgentRole::Supervisor;
    // An agent does not learn that another desk's order exists.
    if (!found->has_value() || (!supervisor && (*found)->desk != agent.deskId))
        return std::unexpected(ErrorCodes::error(ErrorCodes::OrderNotFound));
    // The payer may be at the cashier right now: the provider must refuse the payment before
    // the order is cancelled (a payment that completed first makes the close, and so the
    // cancellation, fail).
    if (supervisor && (*found)->state() == OrderState::PaymentPending && m_beforeCancel) {
        if (auto closed = m_beforeCancel(**found); !closed)
            return std::unexpected(closed.error());
    }
    return transition(orderId, OrderState::Cancelled, OrderActor { u"agent"_s, agent.username }, reason,
        [supervisor, &agent](OrderRecord &changing) -> Result<void> {
            // Agents cancel only before payment starts; a pending payment needs a supervisor.
            if (!supervisor && changing.state() == OrderState::PaymentPending)
                return fail(ErrorCodes::Forbidden.toString(),
                    tr("Only a supervisor can cancel an order whose payment has started."));
            if (!supervisor && changing.desk != agent.deskId)
                return std::unexpected(ErrorCodes::error(ErrorCodes::OrderNotFound));
            return {};
        });
}

Result<OrderRecord> OrderService::settlePayment(const QString &orderId, bool paid, const OrderActor &actor,
    const QString &reason, const std::function<Result<void>(const OrderRecord &)> &inTransaction) const
{
    return transition(orderId, paid ? OrderState::Paid : OrderState::PaymentFailed, actor, reason,
        [&inTransaction](OrderRecord &changing) -> Result<void> {
            if (changing.state() != OrderState::PaymentPending)
                return fail(ErrorCodes::IllegalTransition.toString(),
                    tr("The order is %1; only a pending payment can be settled.")
                        .arg(orderStateName(changing.state())));
            changing.paymentDeadline = QDateTime();
            return inTransaction ? inTransaction(changing) : Result<void>();
        });
}

Result<int> OrderService::expireDue() const
{
    int expired = 0;
    for (;;) {
        const auto due = m_orders.confirmationsDue(m_clock.now(), ExpiryBatch);
        if (!due)
            return std::unexpected(due.error());
        for (const QString &id : *due) {
            auto moved = transition(id, OrderState::ConfirmationExpired, OrderActor::system(u"deadline"_s),
                ErrorCodes::ConfirmationExpired.toString(), {});
            if (moved)
                ++expired;
            else if (moved.error().code != ErrorCodes::IllegalTransition)
                return std::unexpected(moved.error());
            // illegal_transition: confirmed, declined or expired by someone else meanwhile.
        }
        if (due->size() < ExpiryBatch)
            return expired;
    }
}

Result<void> OrderService::buildPaymentOrder(OrderRecord &record) const
{
    const auto latest = m_templates.latest(record.view.order.productType);
    if (!latest)
        return std::unexpected(latest.error());
    const auto payer = m_payers.findById(record.payerId);
    if (!payer)
        return std::unexpected(payer.error());
    if (!payer->has_value())
        return std::unexpected(ErrorCodes::error(ErrorCodes::PayerUnknown));
    const auto payment
        = PaymentOrderBuilder::build(latest->definition, latest->version, record.view, (*payer)->accountId);
    if (!payment)
        return std::unexpected(payment.error());
    record.templateVersion = latest->version;
    record.paymentJson = payment->toJson().toCanonicalJson();
    record.paymentDeadline = m_clock.now().addSecs(qint64(payment->paymentTimeoutMinutes) * 60);
    return {};
}

} // namespace deskpay
