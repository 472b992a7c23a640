// The WeChat-Pay-v3-style half of ProviderSandbox: the merchant API under /wechat/v3, the
// cashier and the encrypted callback.
#include "payments/FormCodec.h"
#include "payments/WechatPaySignature.h"
#include "paysandbox/ProviderSandbox.h"
#include "paysandbox/SandboxFormat.h"
#include "paysandbox/SandboxPages.h"

#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

Q_LOGGING_CATEGORY(lcSandboxWechat, "deskpay.paysandbox.wechat")

constexpr qint64 MaxClockSkewSecs = 300;

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET"_ba;
    case QHttpServerRequest::Method::Post:
        return "POST"_ba;
    case QHttpServerRequest::Method::Put:
        return "PUT"_ba;
    case QHttpServerRequest::Method::Delete:
        return "DELETE"_ba;
    case QHttpServerRequest::Method::Patch:
        return "PATCH"_ba;
    default:
        return "OTHER"_ba;
    }
}

QByteArray headerValue(const QHttpServerRequest &request, QByteArrayView name)
{
    const auto headers = request.headers();
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

} // namespace

QHttpServerResponse ProviderSandbox::wechatAnswer(int status, const QByteArray &body) const
{
    const SandboxKeys &keys = m_options.keys;
    const auto signedHeaders = WechatPaySignature::signResponse(
        keys.wechatPlatformPrivateKey, keys.wechatPlatformSerial, QString::number(m_clock.nowSecs()), body);
    QHttpServerResponse response = body.isEmpty()
        ? QHttpServerResponse(static_cast<QHttpServerResponse::StatusCode>(status))
        : QHttpServerResponse("application/json"_ba, body, static_cast<QHttpServerResponse::StatusCode>(status));
    if (signedHeaders) {
        response.setHeader("Wechatpay-Timestamp"_ba, signedHeaders->timestamp.toLatin1());
        response.setHeader("Wechatpay-Nonce"_ba, signedHeaders->nonce.toLatin1());
        response.setHeader("Wechatpay-Signature"_ba, signedHeaders->signature.toLatin1());
        response.setHeader("Wechatpay-Serial"_ba, signedHeaders->serial.toLatin1());
    } else {
        qCWarning(lcSandboxWechat, "cannot sign an answer: %ls", qUtf16Printable(signedHeaders.error().message));
    }
    response.setHeader("Request-ID"_ba, QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1());
    return response;
}

QHttpServerResponse ProviderSandbox::wechatError(int status, const QString &code, const QString &message) const
{
    return wechatAnswer(status,
        QJsonDocument(QJsonObject { { u"code"_s, code }, { u"message"_s, message } }).toJson(QJsonDocument::Compact));
}

QHttpServerResponse ProviderSandbox::wechatApi(const QHttpServerRequest &request)
{
    static const QRegularExpression tradePath(u"^/wechat/v3/pay/transactions/out-trade-no/([^/]+)(/close)?$"_s);
    const QString path = request.url().path();
    const auto method = request.method();
    const bool prepay = path == u"/wechat/v3/pay/transactions/app" && method == QHttpServerRequest::Method::Post;
    const QRegularExpressionMatch trade = tradePath.match(path);
    const bool close = trade.hasMatch() && trade.hasCaptured(2) && method == QHttpServerRequest::Method::Post;
    const bool query = trade.hasMatch() && !trade.hasCaptured(2) && method == QHttpServerRequest::Method::Get;
    if (!prepay && !close && !query)
        return wechatError(404, u"NOT_FOUND"_s, u"No such API"_s);

    // The signature comes before anything in the request is believed.
    const auto authorization = WechatPaySignature::parseAuthorization(headerValue(request, "Authorization"));
    if (!authorization)
        return wechatError(401, u"SIGN_ERROR"_s, u"Authorization is missing or malformed"_s);
    const SandboxKeys &keys = m_options.keys;
    if (authorization->serial != keys.wechatMerchantSerial)
        return wechatError(401, u"SIGN_ERROR"_s, u"Unknown serial_no"_s);
    if (authorization->mchId != keys.wechatMchId)
        return wechatError(401, u"SIGN_ERROR"_s, u"mchid does not match the certificate"_s);
    bool timestampOk = false;
    const qint64 timestamp = authorization->timestamp.toLongLong(&timestampOk);
    if (!timestampOk || qAbs(m_clock.nowSecs() - timestamp) > MaxClockSkewSecs)
        return wechatError(401, u"SIGN_ERROR"_s, u"timestamp is missing or too far from now"_s);
    const QByteArray pathAndQuery
        = request.url().toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
    const QByteArray message = WechatPaySignature::requestMessage(methodName(method), pathAndQuery,
        authorization->timestamp.toLatin1(), authorization->nonce.toLatin1(), request.body());
    const auto signature = QByteArray::fromBase64Encoding(authorization->signature.toLatin1());
    if (!signature || !keys.wechatMerchantPublicKey.verify(message, signature.decoded))
        return wechatError(401, u"SIGN_ERROR"_s, u"signature does not verify"_s);

    if (prepay)
        return wechatPrepay(request.body());
    const QString outTradeNo = QUrl::fromPercentEncoding(trade.captured(1).toUtf8());
    return close ? wechatClose(outTradeNo, request.body()) : wechatQuery(outTradeNo, request);
}

QHttpServerResponse ProviderSandbox::wechatPrepay(const QByteArray &body)
{
    static const QRegularExpression tradeNo(u"^[A-Za-z0-9_*|-]{6,32}$"_s);
    QJsonParseError parseError;
    const QJsonObject order = QJsonDocument::fromJson(body, &parseError).object();
    if (parseError.error != QJsonParseError::NoError)
        return wechatError(400, u"PARAM_ERROR"_s, u"body is not a JSON object"_s);
    const SandboxKeys &keys = m_options.keys;
    const QString outTradeNo = order.value(u"out_trade_no"_s).toString();
    const QString description = order.value(u"description"_s).toString();
    const QString notifyUrl = order.value(u"notify_url"_s).toString();
    const QJsonObject amount = order.value(u"amount"_s).toObject();
    const QJsonValue total = amount.value(u"total"_s);
    const QString currency = amount.value(u"currency"_s).toString(u"CNY"_s);
    const QString timeExpire = order.value(u"time_expire"_s).toString();
    if (order.value(u"mchid"_s).toString() != keys.wechatMchId)
        return wechatError(400, u"MCH_NOT_EXISTS"_s, u"mchid is not this merchant"_s);
    if (order.value(u"appid"_s).toString() != keys.wechatAppId)
        return wechatError(400, u"APPID_MCHID_NOT_MATCH"_s, u"appid and mchid do not match"_s);
    if (!tradeNo.match(outTradeNo).hasMatch())
        return wechatError(400, u"PARAM_ERROR"_s, u"out_trade_no must be 6 to 32 characters [A-Za-z0-9_-|*]"_s);
    if (description.isEmpty() || description.size() > 127)
        return wechatError(400, u"PARAM_ERROR"_s, u"description must be 1 to 127 characters"_s);
    const QUrl notify(notifyUrl, QUrl::StrictMode);
    if (!notify.isValid() || notify.scheme() != u"https" || notify.host().isEmpty())
        return wechatError(400, u"PARAM_ERROR"_s, u"notify_url must be an https URL"_s);
    if (!total.isDouble() || total.toDouble() != double(total.toInteger()) || total.toInteger() <= 0)
        return wechatError(400, u"PARAM_ERROR"_s, u"amount.total must be a positive integer"_s);
    if (currency != u"CNY")
        return wechatError(400, u"PARAM_ERROR"_s, u"amount.currency must be CNY"_s);
    QDateTime expires;
    if (!timeExpire.isEmpty()) {
        expires = SandboxFormat::parseRfc3339(timeExpire);
        if (!expires.isValid())
            return wechatError(400, u"PARAM_ERROR"_s, u"time_expire is not an RFC 3339 time"_s);
    }

    auto found = m_wechatTrades.find(outTradeNo);
    if (found != m_wechatTrades.end()) {
        if (found->state == u"SUCCESS")
            return wechatError(403, u"ORDERPAID"_s, u"The order is already paid"_s);
        if (found->state == u"CLOSED")
            return wechatError(400, u"ORDER_CLOSED"_s, u"The order is closed"_s);
        if (found->totalMinor != total.toInteger())
            return wechatError(400, u"INVALID_REQUEST"_s, u"out_trade_no was used with another amount"_s);
    } else {
        SandboxTrade trade;
        trade.style = u"wechat"_s;
        trade.outTradeNo = outTradeNo;
        trade.totalMinor = total.toInteger();
        trade.createdAt = m_clock.now();
        found = m_wechatTrades.insert(outTradeNo, trade);
    }
    SandboxTrade &trade = *found;
    trade.subject = description;
    trade.notifyUrl = notifyUrl;
    trade.expiresAt = expires;
    trade.prepayId = u"wx"_s + m_clock.now().toUTC().toString(u"yyyyMMddHHmmss"_s)
        + SandboxFormat::randomAlphanumeric(20).toLower();
    trade.formToken = SandboxFormat::randomAlphanumeric(32).toLatin1();
    m_prepayIds.insert(trade.prepayId, outTradeNo);
    setState(trade, u"NOTPAY"_s);
    return wechatAnswer(
        200, QJsonDocument(QJsonObject { { u"prepay_id"_s, trade.prepayId } }).toJson(QJsonDocument::Compact));
}

QByteArray ProviderSandbox::wechatTransactionJson(const SandboxTrade &trade) const
{
    const bool paid = trade.state == u"SUCCESS";
    QJsonObject amount { { u"total"_s, trade.totalMinor }, { u"currency"_s, u"CNY"_s } };
    if (paid) {
        amount.insert(u"payer_total"_s, trade.totalMinor);
        amount.insert(u"payer_currency"_s, u"CNY"_s);
    }
    static const QHash<QString, QString> descriptions {
        { u"NOTPAY"_s, u"订单未支付"_s },
        { u"SUCCESS"_s, u"支付成功"_s },
        { u"CLOSED"_s, u"订单已关闭"_s },
        { u"PAYERROR"_s, u"支付失败，请重新下单支付"_s },
    };
    QJsonObject transaction { { u"appid"_s, m_options.keys.wechatAppId }, { u"mchid"_s, m_options.keys.wechatMchId },
        { u"out_trade_no"_s, trade.outTradeNo }, { u"trade_type"_s, u"APP"_s }, { u"trade_state"_s, trade.state },
        { u"trade_state_desc"_s, descriptions.value(trade.state) }, { u"amount"_s, amount }, { u"attach"_s, u""_s } };
    if (!trade.tradeNo.isEmpty())
        transaction.insert(u"transaction_id"_s, trade.tradeNo);
    if (paid)
        transaction.insert(u"success_time"_s, SandboxFormat::rfc3339Beijing(trade.paidAt));
    return QJsonDocument(transaction).toJson(QJsonDocument::Compact);
}

QHttpServerResponse ProviderSandbox::wechatQuery(const QString &outTradeNo, const QHttpServerRequest &request)
{
    const QString mchId = FormCodec::value(
        FormCodec::parse(request.url().query(QUrl::FullyEncoded).toUtf8()).value_or(FormParams {}), u"mchid");
    if (mchId != m_options.keys.wechatMchId)
        return wechatError(400, u"PARAM_ERROR"_s, u"mchid is missing or not this merchant"_s);
    const auto found = m_wechatTrades.constFind(outTradeNo);
    if (found == m_wechatTrades.cend())
        return wechatError(404, u"ORDER_NOT_EXIST"_s, u"The order does not exist"_s);
    return wechatAnswer(200, wechatTransactionJson(*found));
}

QHttpServerResponse ProviderSandbox::wechatClose(const QString &outTradeNo, const QByteArray &body)
{
    const QJsonObject request = QJsonDocument::fromJson(body).object();
    if (request.value(u"mchid"_s).toString() != m_options.keys.wechatMchId)
        return wechatError(400, u"PARAM_ERROR"_s, u"mchid is missing or not this merchant"_s);
    auto found = m_wechatTrades.find(outTradeNo);
    if (found == m_wechatTrades.end())
        return wechatError(404, u"ORDER_NOT_EXIST"_s, u"The order does not exist"_s);
    if (found->state == u"SUCCESS")
        return wechatError(403, u"ORDERPAID"_s, u"The order is already paid"_s);
    if (found->state != u"CLOSED")
        setState(*found, u"CLOSED"_s);
    return wechatAnswer(204, {});
}

QHttpServerResponse ProviderSandbox::wechatCashier(const QHttpServerRequest &request)
{
    const auto params = FormCodec::parse(request.url().query(QUrl::FullyEncoded).toUtf8());
    const QString refused = tr("Payment refused / 支付请求无效");
    if (!params)
        return messagePage(400, refused, tr("The payment link is malformed: %1").arg(params.error().message));
    const SandboxKeys &keys = m_options.keys;
    const QString appId = FormCodec::value(*params, u"appid");
    const QString timestamp = FormCodec::value(*params, u"timestamp");
    const QString nonce = FormCodec::value(*params, u"noncestr");
    const QString prepayId = FormCodec::value(*params, u"prepayid");
    if (appId != keys.wechatAppId || FormCodec::value(*params, u"partnerid") != keys.wechatMchId)
        return messagePage(400, refused, tr("The payment link names another app or merchant."));
    if (FormCodec::value(*params, u"package") != u"Sign=WXPay")
        return messagePage(400, refused, tr("The payment link's package is not Sign=WXPay."));
    const auto signature = QByteArray::fromBase64Encoding(FormCodec::value(*params, u"sign").toLatin1());
    if (timestamp.isEmpty() || nonce.isEmpty() || prepayId.isEmpty() || !signature
        || !keys.wechatMerchantPublicKey.verify(
            WechatPaySignature::appPayMessage(appId, timestamp, nonce, prepayId), signature.decoded))
        return messagePage(400, refused, tr("The payment link's signature does not verify."));
    const QString outTradeNo = m_prepayIds.value(prepayId);
    auto found = m_wechatTrades.find(outTradeNo);
    if (outTradeNo.isEmpty() || found == m_wechatTrades.end() || found->prepayId != prepayId)
        return messagePage(400, refused, tr("This prepay id is unknown or was replaced by a newer one."));
    SandboxTrade &trade = *found;
    if (trade.state != u"NOTPAY")
        return messagePage(409, tr("Trade finished / 交易已结束"), tr("This trade is %1.").arg(trade.state));
    if (trade.expiresAt.isValid() && m_clock.now() >= trade.expiresAt)
        return messagePage(409, tr("Trade expired / 订单已过期"), tr("The time to pay this order has passed."));
    trade.returnUrl = FormCodec::value(*params, u"return_url");
    return cashierPage(trade, u"/wechat/cashier/decide"_s);
}

QHttpServerResponse ProviderSandbox::wechatDecide(const QHttpServerRequest &request)
{
    const auto params = FormCodec::parse(request.body());
    const QString refused = tr("Decision refused / 操作无效");
    if (!params)
        return messagePage(400, refused, params.error().message);
    auto found = m_wechatTrades.find(FormCodec::value(*params, u"trade"));
    if (found == m_wechatTrades.end() || !tokenMatches(found->formToken, FormCodec::value(*params, u"token")))
        return messagePage(403, refused, tr("This form is not from the sandbox cashier."));
    SandboxTrade &trade = *found;
    if (trade.state != u"NOTPAY")
        return messagePage(409, tr("Trade finished / 交易已结束"), tr("This trade is %1.").arg(trade.state));
    if (trade.expiresAt.isValid() && m_clock.now() >= trade.expiresAt)
        return messagePage(409, tr("Trade expired / 订单已过期"), tr("The time to pay this order has passed."));
    const QString decision = FormCodec::value(*params, u"decision");
    if (decision != u"pay" && decision != u"fail")
        return messagePage(400, refused, tr("Unknown decision."));
    trade.tradeNo = u"4200"_s + m_clock.now().toUTC().toString(u"yyyyMMdd"_s) + SandboxFormat::randomDigits(16);
    if (decision == u"pay") {
        trade.paidAt = m_clock.now();
        setState(trade, u"SUCCESS"_s);
        wechatNotify(trade);
    } else {
        // WeChat-style gateways notify successes only; the merchant finds PAYERROR by querying.
        setState(trade, u"PAYERROR"_s);
    }
    return finishDecision(trade);
}

void ProviderSandbox::wechatNotify(const SandboxTrade &trade)
{
    const SandboxKeys &keys = m_options.keys;
    const QString resourceNonce = SandboxFormat::randomAlphanumeric(12);
    const auto resource = WechatPaySignature::encrypt(
        keys.wechatApiV3Key, wechatTransactionJson(trade), u"transaction"_s, resourceNonce);
    if (!resource) {
        qCWarning(lcSandboxWechat, "cannot encrypt a callback: %ls", qUtf16Printable(resource.error().message));
        return;
    }
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QJsonObject callback {
        { u"id"_s, id },
        { u"create_time"_s, SandboxFormat::rfc3339Beijing(m_clock.now()) },
        { u"resource_type"_s, u"encrypt-resource"_s },
        { u"event_type"_s, u"TRANSACTION.SUCCESS"_s },
        { u"summary"_s, u"支付成功"_s },
        { u"resource"_s,
            QJsonObject { { u"original_type"_s, u"transaction"_s }, { u"algorithm"_s, resource->algorithm },
                { u"ciphertext"_s, resource->ciphertext }, { u"associated_data"_s, resource->associatedData },
                { u"nonce"_s, resource->nonce } } },
    };
    SandboxNotifier::Notification notification;
    notification.id = id;
    notification.style = u"wechat"_s;
    notification.url = QUrl(trade.notifyUrl);
    notification.body = QJsonDocument(callback).toJson(QJsonDocument::Compact);
    notification.contentType = "application/json"_ba;
    // Signed afresh at every attempt: a resend hours later must still pass the receiver's
    // five-minute timestamp window. Copies only: the notifier may outlive m_options.
    notification.headers = [key = keys.wechatPlatformPrivateKey, serial = keys.wechatPlatformSerial, &clock = m_clock,
                               body = notification.body]() {
        SandboxNotifier::Headers headers;
        const auto signedHeaders
            = WechatPaySignature::signResponse(key, serial, QString::number(clock.nowSecs()), body);
        if (!signedHeaders)
            return headers;
        headers.append({ "Wechatpay-Timestamp"_ba, signedHeaders->timestamp.toLatin1() });
        headers.append({ "Wechatpay-Nonce"_ba, signedHeaders->nonce.toLatin1() });
        headers.append({ "Wechatpay-Signature"_ba, signedHeaders->signature.toLatin1() });
        headers.append({ "Wechatpay-Serial"_ba, signedHeaders->serial.toLatin1() });
        return headers;
    };
    notification.acknowledges = [](int status, const QByteArray &) { return status >= 200 && status < 300; };
    m_notifier->send(std::move(notification));
}

} // namespace deskpay
