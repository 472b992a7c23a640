#include "server/PayerRequestRoutes.h"

#include "server/AuditLog.h"
#include "server/HttpRouter.h"
#include "server/JsonRequest.h"
#include "server/JsonResponse.h"
#include "server/OrderService.h"
#include "server/OrderStore.h"
#include "server/PayerAccountStore.h"
#include "server/PayerAuthenticator.h"
#include "services/protocol/ErrorCodes.h"
#include "services/protocol/JsonReader.h"
#include "services/protocol/OrderCodec.h"

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

QHttpServerResponse jsonAnswer(const JsonValue &value)
{
    return JsonResponse::raw(value.toCanonicalJson());
}

// What a payer sees of an order: the view (payer identity masked; confirmBy while it waits)
// and, once confirmed, the payment order built for them with its deadline.
JsonValue requestJson(const OrderRecord &record)
{
    JsonValue item = JsonValue::object();
    item.insert(u"order"_s, OrderCodec::viewToJson(record.view));
    item.insert(u"desk"_s, JsonValue::string(record.desk));
    if (record.paymentDeadline.isValid())
        item.insert(u"paymentDeadline"_s, JsonValue::string(OrderCodec::formatInstant(record.paymentDeadline)));
    if (!record.paymentJson.isEmpty()) {
        if (auto payment = JsonReader::parse(record.paymentJson))
            item.insert(u"payment"_s, std::move(*payment));
    }
    return item;
}

} // namespace

PayerRequestRoutes::PayerRequestRoutes(const PayerAuthenticator &authenticator, const OrderStore &orders,
    const OrderService &service, const AuditLog &audit)
    : m_authenticator(authenticator)
    , m_orders(orders)
    , m_service(service)
    , m_audit(audit)
{
}

void PayerRequestRoutes::registerOn(HttpRouter &router) const
{
    router.add(HttpRouter::Method::Get, u"/v1/payer/requests"_s,
        [this](const HttpRequest &request, const RouteMatch &) { return requests(request); });
    router.add(HttpRouter::Method::Get, u"/v1/payer/orders/{id}"_s,
        [this](const HttpRequest &request, const RouteMatch &match) { return order(request, match.value(u"id"_s)); });
    router.add(HttpRouter::Method::Post, u"/v1/payer/requests/{id}/confirm"_s,
        [this](const HttpRequest &request, const RouteMatch &match) {
            return answer(request, match.value(u"id"_s), true);
        });
    router.add(HttpRouter::Method::Post, u"/v1/payer/requests/{id}/decline"_s,
        [this](const HttpRequest &request, const RouteMatch &match) {
            return answer(request, match.value(u"id"_s), false);
        });
}

QHttpServerResponse PayerRequestRoutes::requests(const HttpRequest &request) const
{
    const auto payer = m_authenticator.authenticate(request);
    if (!payer)
        return JsonRequest::errorResponse(payer.error());
    // Waiting requests first in the payer pages; confirmed ones stay listed while payment is open.
    const auto found
        = m_orders.forPayer(payer->id, { OrderState::AwaitingPayerConfirmation, OrderState::PaymentPending });
    if (!found)
        return JsonRequest::errorResponse(found.error());
    JsonValue items = JsonValue::array();
    for (const OrderRecord &record : *found)
        items.append(requestJson(record));
    JsonValue answer = JsonValue::object();
    answer.insert(u"requests"_s, std::move(items));
    return jsonAnswer(answer);
}

QHttpServerResponse PayerRequestRoutes::order(const HttpRequest &request, const QString &id) const
{
    const auto payer = m_authenticator.authenticate(request);
    if (!payer)
        return JsonRequest::errorResponse(payer.error());
    const auto found = m_orders.find(id);
    if (!found)
        return JsonRequest::errorResponse(found.error());
    if (!found->has_value() || (*found)->payerId != payer->id)
        return JsonRequest::errorResponse(ErrorCodes::error(ErrorCodes::OrderNotFound));
    return jsonAnswer(requestJson(**found));
}

QHttpServerResponse PayerRequestRoutes::answer(const HttpRequest &request, const QString &id, bool confirm) const
{
    const auto payer = m_authenticator.authenticate(request);
    if (!payer)
        return JsonRequest::errorResponse(payer.error());
    const auto changed = confirm ? m_service.confirm(*payer, id) : m_service.decline(*payer, id);
    m_audit.recordOrWarn(AuditEntry { u"payer"_s, payer->accountId, confirm ? u"order.confirm"_s : u"order.decline"_s,
        changed ? u"ok"_s : changed.error().code, id, request.remoteAddress().toString(), QString() });
    if (!changed)
        return JsonRequest::errorResponse(changed.error());
    return jsonAnswer(requestJson(*changed));
}

} // namespace deskpay
