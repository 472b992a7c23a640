#include "server/PaymentRoutes.h"

#include "server/AuditLog.h"
#include "server/HttpRouter.h"
#include "server/JsonRequest.h"
#include "server/JsonResponse.h"
#include "server/PayerAccountStore.h"
#include "server/PayerAuthenticator.h"
#include "server/PaymentService.h"
#include "server/ServerLogging.h"
#include "services/protocol/ErrorCodes.h"

using namespace Qt::StringLiterals;

namespace deskpay {

PaymentRoutes::PaymentRoutes(
    const PayerAuthenticator &authenticator, const PaymentService &payments, const AuditLog &audit)
    : m_authenticator(authenticator)
    , m_payments(payments)
    , m_audit(audit)
{
}

void PaymentRoutes::registerOn(HttpRouter &router) const
{
    router.add(HttpRouter::Method::Post, u"/v1/payer/orders/{id}/pay"_s,
        [this](const HttpRequest &request, const RouteMatch &match) { return pay(request, match.value(u"id"_s)); });
    router.add(HttpRouter::Method::Post, u"/v1/providers/{style}/notify"_s,
        [this](const HttpRequest &request, const RouteMatch &match) {
            return m_payments.notify(match.value(u"style"_s), request);
        });
}

int PaymentRoutes::envelopeCode(QStringView errorCode)
{
    static const QHash<QString, int> codes {
        { u"unauthenticated"_s, 4001 },
        { u"session_expired"_s, 4001 },
        { u"csrf_invalid"_s, 4003 },
        { u"order_not_found"_s, 4004 },
        { u"order_not_payable"_s, 4009 },
        { u"payment_conflict"_s, 4009 },
        { u"payment_expired"_s, 4010 },
        { u"pay_type_not_allowed"_s, 4022 },
        { u"currency_not_supported"_s, 4022 },
        { u"validation_failed"_s, 4000 },
        { u"invalid_json"_s, 4000 },
        { u"unsupported_media_type"_s, 4000 },
        { u"too_large"_s, 4000 },
        { u"provider_unavailable"_s, 5003 },
        { u"provider_refused"_s, 5003 },
        { u"provider_answer_invalid"_s, 5003 },
    };
    return codes.value(errorCode.toString(), 5000);
}

QHttpServerResponse PaymentRoutes::envelopeError(const Error &error)
{
    const int code = envelopeCode(error.code);
    // Internal failures keep their details in the log, as JsonRequest::errorResponse does.
    const bool internal = code == 5000;
    if (internal)
        qCWarning(lcServerPayments, "pay call failed: %ls (%ls)", qUtf16Printable(error.code),
            qUtf16Printable(error.message));
    JsonValue body = JsonValue::object();
    body.insert(u"code"_s, JsonValue::integer(code));
    body.insert(u"error"_s, JsonValue::string(internal ? u"internal_error"_s : error.code));
    body.insert(u"message"_s,
        JsonValue::string(internal ? ErrorCodes::defaultMessage(ErrorCodes::InternalError) : error.message));
    if (!error.field.isEmpty())
        body.insert(u"field"_s, JsonValue::string(error.field));
    // Always 200: the payer's client reads the envelope's code, not the HTTP status.
    return JsonResponse::raw(body.toCanonicalJson());
}

QHttpServerResponse PaymentRoutes::pay(const HttpRequest &request, const QString &orderId) const
{
    const auto payer = m_authenticator.authenticate(request);
    if (!payer)
        return envelopeError(payer.error());
    const auto body = JsonRequest::parse(request);
    if (!body)
        return envelopeError(body.error());
    auto invalid = [](const QString &message, const QString &field) {
        return envelopeError(Error { ErrorCodes::ValidationFailed.toString(), message, field });
    };
    if (!body->isObject())
        return invalid(tr("The body must be a JSON object."), QString());
    for (const QString &key : body->keys())
        if (key != u"payType"_s && key != u"returnUrl"_s)
            return invalid(tr("Unknown field “%1”.").arg(key), key);
    const JsonValue *payTypeValue = body->member(u"payType");
    if (!payTypeValue || !payTypeValue->isString())
        return invalid(tr("payType is required: ALIPAY or WECHAT_PAY."), u"payType"_s);
    const auto payType = payTypeFromName(payTypeValue->text());
    if (!payType)
        return invalid(tr("Unknown pay type “%1”: use ALIPAY or WECHAT_PAY.").arg(payTypeValue->text()), u"payType"_s);
    QString returnUrl;
    if (const JsonValue *value = body->member(u"returnUrl")) {
        if (!value->isString())
            return invalid(tr("returnUrl must be a string."), u"returnUrl"_s);
        returnUrl = value->text();
    }

    const auto ext = m_payments.pay(*payer, orderId, *payType, returnUrl);
    m_audit.recordOrWarn(AuditEntry { u"payer"_s, payer->accountId, u"payment.start"_s,
        ext ? u"ok"_s : ext.error().code, orderId, request.remoteAddress().toString(), payTypeName(*payType) });
    if (!ext)
        return envelopeError(ext.error());
    JsonValue data = JsonValue::object();
    data.insert(u"ext"_s, *ext);
    JsonValue answer = JsonValue::object();
    answer.insert(u"code"_s, JsonValue::integer(0));
    answer.insert(u"data"_s, std::move(data));
    return JsonResponse::raw(answer.toCanonicalJson());
}

} // namespace deskpay
