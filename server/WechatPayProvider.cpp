#include "server/WechatPayProvider.h"

#include "payments/WechatPaySignature.h"
#include "server/ServerLogging.h"
#include "services/protocol/JsonReader.h"

#include <QRegularExpression>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

const QString Style = u"wechat"_s;
const QString Cny = u"CNY"_s;

QString stringMember(const JsonValue &object, QStringView key)
{
    const JsonValue *value = object.member(key);
    return value && value->isString() ? value->text() : QString();
}

// A non-negative JSON integer as written ("1250"); nullopt for anything else.
std::optional<qint64> integerMember(const JsonValue &object, QStringView key)
{
    static const QRegularExpression pattern(u"^(0|[1-9][0-9]{0,17})$"_s);
    const JsonValue *value = object.member(key);
    if (!value || !value->isNumber() || !pattern.match(value->text()).hasMatch())
        return std::nullopt;
    return value->text().toLongLong();
}

std::unexpected<Error> answerInvalid(const QString &why)
{
    qCWarning(lcServerPayments, "wechat gateway: invalid answer: %ls", qUtf16Printable(why));
    return fail(
        u"provider_answer_invalid"_s, WechatPayProvider::tr("The WeChat Pay gateway's answer is invalid: %1").arg(why));
}

std::unexpected<Error> malformed(const QString &why)
{
    return fail(
        u"notification_malformed"_s, WechatPayProvider::tr("The WeChat Pay notification is malformed: %1").arg(why));
}

std::optional<ProviderOutcome> outcomeOf(const QString &tradeState)
{
    if (tradeState == u"NOTPAY"_s || tradeState == u"USERPAYING"_s)
        return ProviderOutcome::Pending;
    if (tradeState == u"SUCCESS"_s || tradeState == u"REFUND"_s)
        return ProviderOutcome::Paid;
    if (tradeState == u"PAYERROR"_s)
        return ProviderOutcome::Failed;
    if (tradeState == u"CLOSED"_s || tradeState == u"REVOKED"_s)
        return ProviderOutcome::Closed;
    return std::nullopt;
}

bool isJsonContentType(const QByteArray &contentType)
{
    return contentType.split(';').constFirst().trimmed().toLower() == "application/json";
}

// RFC 3339 in Beijing time, as the gateway writes time_expire.
QString beijingRfc3339(const QDateTime &time)
{
    return time.toTimeZone(QTimeZone(8 * 3600)).toString(u"yyyy-MM-ddTHH:mm:ss"_s) + u"+08:00"_s;
}

} // namespace

WechatPayProvider::WechatPayProvider(WechatConfig config, GatewayClient client, const Clock &clock)
    : m_config(std::move(config))
    , m_client(std::move(client))
    , m_clock(clock)
{
}

QString WechatPayProvider::style() const
{
    return Style;
}

Result<WechatPayProvider::Answer> WechatPayProvider::call(
    QByteArrayView method, const QString &path, const QString &query, const QByteArray &body) const
{
    QUrl url = m_config.baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + path);
    if (!query.isEmpty())
        url.setQuery(query);
    QByteArray pathAndQuery = url.path(QUrl::FullyEncoded).toUtf8();
    if (url.hasQuery())
        pathAndQuery += '?' + url.query(QUrl::FullyEncoded).toUtf8();

    const QString timestamp = QString::number(m_clock.nowSecs());
    auto authorization = WechatPaySignature::authorize(
        m_config.mchId, m_config.merchantSerial, m_config.merchantKey, method, pathAndQuery, timestamp, body);
    if (!authorization)
        return std::unexpected(authorization.error());
    QList<std::pair<QByteArray, QByteArray>> headers {
        { "Authorization"_ba, *authorization },
        { "Accept"_ba, "application/json"_ba },
    };
    if (!body.isEmpty() || method != "GET")
        headers.append({ "Content-Type"_ba, "application/json"_ba });
    auto answer = m_client.send(method, url, headers, body);
    if (!answer)
        return std::unexpected(answer.error());
    if (answer->status >= 500)
        return fail(u"provider_unavailable"_s,
            tr("The WeChat Pay gateway answered HTTP %1; try again later.").arg(answer->status));

    // Nothing of the answer is read before its signature is checked over the raw body.
    WechatSignedHeaders signedHeaders;
    signedHeaders.timestamp = QString::fromLatin1(answer->header("Wechatpay-Timestamp"));
    signedHeaders.nonce = QString::fromLatin1(answer->header("Wechatpay-Nonce"));
    signedHeaders.signature = QString::fromLatin1(answer->header("Wechatpay-Signature"));
    signedHeaders.serial = QString::fromLatin1(answer->header("Wechatpay-Serial"));
    if (signedHeaders.timestamp.isEmpty() || signedHeaders.nonce.isEmpty() || signedHeaders.signature.isEmpty()
        || signedHeaders.serial.isEmpty())
        return answerInvalid(tr("HTTP %1 without its Wechatpay-* signature headers").arg(answer->status));
    const RsaKey *platformKey = m_config.platformKey(signedHeaders.serial);
    if (!platformKey)
        return answerInvalid(tr("signed with the unknown platform serial %1").arg(signedHeaders.serial.left(64)));
    if (auto verified = WechatPaySignature::verifyResponse(*platformKey, signedHeaders, answer->body); !verified)
        return answerInvalid(tr("the signature does not match the platform key"));
    bool numeric = false;
    const qint64 signedAt = signedHeaders.timestamp.toLongLong(&numeric);
    if (!numeric || std::abs(signedAt - m_clock.nowSecs()) > MaxClockSkewSecs)
        return answerInvalid(tr("the answer's timestamp is more than %1 seconds from ours").arg(MaxClockSkewSecs));

    Answer result;
    result.status = answer->status;
    if (!answer->body.isEmpty()) {
        auto parsed = JsonReader::parse(answer->body);
        if (!parsed)
            return answerInvalid(parsed.error().toError().message);
        if (!parsed->isObject())
            return answerInvalid(tr("the body is not a JSON object"));
        result.body = *parsed;
    }
    return result;
}

Result<StartedPayment> WechatPayProvider::start(const PaymentStart &payment) const
{
    if (payment.amount.currencyCode() != Cny || !payment.amount.isPositive())
        return fail(u"currency_not_supported"_s,
            tr("The WeChat-Pay-style provider takes positive CNY amounts only, not %1 %2.")
                .arg(payment.amount.currencyCode(), payment.amount.toDecimalString()));
    if (!payment.expiresAt.isValid() || m_clock.now().secsTo(payment.expiresAt) <= 0)
        return fail(u"payment_expired"_s, tr("The payment's time to pay has passed."));

    JsonValue amount = JsonValue::object();
    amount.insert(u"total"_s, JsonValue::integer(payment.amount.minorUnits()));
    amount.insert(u"currency"_s, JsonValue::string(Cny));
    JsonValue request = JsonValue::object();
    request.insert(u"appid"_s, JsonValue::string(m_config.appId));
    request.insert(u"mchid"_s, JsonValue::string(m_config.mchId));
    request.insert(u"description"_s, JsonValue::string(payment.subject));
    request.insert(u"out_trade_no"_s, JsonValue::string(payment.paymentId));
    request.insert(u"time_expire"_s, JsonValue::string(beijingRfc3339(payment.expiresAt)));
    request.insert(u"notify_url"_s, JsonValue::string(payment.notifyUrl));
    request.insert(u"amount"_s, std::move(amount));

    auto answer = call("POST", u"/v3/pay/transactions/app"_s, {}, request.toCanonicalJson());
    if (!answer)
        return std::unexpected(answer.error());
    if (answer->status != 200)
        return fail(u"provider_refused"_s,
            tr("The WeChat Pay gateway refused the prepay: HTTP %1 %2 %3")
                .arg(answer->status)
                .arg(stringMember(answer->body, u"code"), stringMember(answer->body, u"message").left(200)));
    const QString prepayId = stringMember(answer->body, u"prepay_id");
    static const QRegularExpression prepayPattern(u"^[A-Za-z0-9_-]{1,128}$"_s);
    if (!prepayPattern.match(prepayId).hasMatch())
        return answerInvalid(tr("no usable prepay_id"));

    const QString timestamp = QString::number(m_clock.nowSecs());
    const QString nonce = WechatPaySignature::newNonce();
    auto signature
        = m_config.merchantKey.sign(WechatPaySignature::appPayMessage(m_config.appId, timestamp, nonce, prepayId));
    if (!signature)
        return std::unexpected(signature.error());

    JsonValue ext = JsonValue::object();
    ext.insert(u"payType"_s, JsonValue::string(payTypeName(PayType::WechatPay)));
    ext.insert(u"paymentId"_s, JsonValue::string(payment.paymentId));
    ext.insert(u"partnerId"_s, JsonValue::string(m_config.mchId));
    ext.insert(u"appId"_s, JsonValue::string(m_config.appId));
    ext.insert(u"prepayId"_s, JsonValue::string(prepayId));
    ext.insert(u"package"_s, JsonValue::string(u"Sign=WXPay"_s));
    ext.insert(u"nonceStr"_s, JsonValue::string(nonce));
    ext.insert(u"timestamp"_s, JsonValue::string(timestamp));
    ext.insert(u"signature"_s, JsonValue::string(QString::fromLatin1(signature->toBase64())));
    ext.insert(u"cashierUrl"_s, JsonValue::string(m_config.cashierUrl.toString(QUrl::FullyEncoded)));
    if (!payment.returnUrl.isEmpty())
        ext.insert(u"returnUrl"_s, JsonValue::string(payment.returnUrl));
    return StartedPayment { std::move(ext), prepayId };
}

Result<ProviderReport> WechatPayProvider::toReport(const JsonValue &transaction) const
{
    if (!transaction.isObject())
        return fail(u"transaction_invalid"_s, tr("the transaction is not a JSON object"));
    ProviderReport report;
    report.paymentId = stringMember(transaction, u"out_trade_no");
    report.providerRef = stringMember(transaction, u"transaction_id");
    report.partnerId = stringMember(transaction, u"mchid");
    report.appId = stringMember(transaction, u"appid");
    report.providerState = stringMember(transaction, u"trade_state");
    if (report.paymentId.isEmpty())
        return fail(u"transaction_invalid"_s, tr("out_trade_no is missing"));
    const std::optional<ProviderOutcome> outcome = outcomeOf(report.providerState);
    if (!outcome)
        return fail(u"transaction_invalid"_s, tr("unknown trade_state “%1”").arg(report.providerState.left(40)));
    report.outcome = *outcome;
    if (const JsonValue *amount = transaction.member(u"amount")) {
        const std::optional<qint64> total = amount->isObject() ? integerMember(*amount, u"total") : std::nullopt;
        report.currency = amount->isObject() ? stringMember(*amount, u"currency") : QString();
        if (!total || report.currency.isEmpty())
            return fail(u"transaction_invalid"_s, tr("amount needs an integer total and a currency"));
        report.amountMinor = *total;
    } else if (*outcome == ProviderOutcome::Paid) {
        return fail(u"transaction_invalid"_s, tr("a paid transaction without its amount"));
    }
    return report;
}

Result<ProviderReport> WechatPayProvider::query(const QString &paymentId) const
{
    const QString path
        = u"/v3/pay/transactions/out-trade-no/"_s + QString::fromLatin1(QUrl::toPercentEncoding(paymentId));
    const QString query = u"mchid="_s + QString::fromLatin1(QUrl::toPercentEncoding(m_config.mchId));
    auto answer = call("GET", path, query, {});
    if (!answer)
        return std::unexpected(answer.error());
    const QString code = stringMember(answer->body, u"code");
    if (answer->status == 404 && code == u"ORDER_NOT_EXIST"_s) {
        ProviderReport report;
        report.paymentId = paymentId;
        report.partnerId = m_config.mchId;
        report.appId = m_config.appId;
        report.outcome = ProviderOutcome::NotFound;
        report.providerState = code;
        return report;
    }
    if (answer->status != 200)
        return fail(u"provider_refused"_s,
            tr("The WeChat Pay gateway refused the query: HTTP %1 %2 %3")
                .arg(answer->status)
                .arg(code, stringMember(answer->body, u"message").left(200)));
    auto report = toReport(answer->body);
    if (!report)
        return answerInvalid(report.error().message);
    if (report->paymentId != paymentId)
        return answerInvalid(tr("the answer is about another trade (%1)").arg(report->paymentId.left(64)));
    return report;
}

Result<void> WechatPayProvider::close(const QString &paymentId) const
{
    const QString path = u"/v3/pay/transactions/out-trade-no/"_s
        + QString::fromLatin1(QUrl::toPercentEncoding(paymentId)) + u"/close"_s;
    JsonValue body = JsonValue::object();
    body.insert(u"mchid"_s, JsonValue::string(m_config.mchId));
    auto answer = call("POST", path, {}, body.toCanonicalJson());
    if (!answer)
        return std::unexpected(answer.error());
    const QString code = stringMember(answer->body, u"code");
    // A trade the gateway never saw, or one already closed, cannot be paid any more.
    if (answer->status == 204 || answer->status == 200 || (answer->status == 404 && code == u"ORDER_NOT_EXIST"_s)
        || code == u"ORDER_CLOSED"_s)
        return {};
    return fail(u"provider_refused"_s,
        tr("The WeChat Pay gateway refused to close the trade: HTTP %1 %2 %3")
            .arg(answer->status)
            .arg(code, stringMember(answer->body, u"message").left(200)));
}

Result<ProviderReport> WechatPayProvider::verifyNotification(const HttpRequest &request) const
{
    WechatSignedHeaders headers;
    headers.timestamp = QString::fromLatin1(request.value("Wechatpay-Timestamp"_ba));
    headers.nonce = QString::fromLatin1(request.value("Wechatpay-Nonce"_ba));
    headers.signature = QString::fromLatin1(request.value("Wechatpay-Signature"_ba));
    headers.serial = QString::fromLatin1(request.value("Wechatpay-Serial"_ba));
    const std::pair<const char *, const QString *> required[] = {
        { "Wechatpay-Timestamp", &headers.timestamp },
        { "Wechatpay-Nonce", &headers.nonce },
        { "Wechatpay-Signature", &headers.signature },
        { "Wechatpay-Serial", &headers.serial },
    };
    for (const auto &[name, value] : required) {
        if (value->isEmpty())
            return fail(u"notification_signature_invalid"_s,
                tr("The WeChat Pay notification is not signed: the %1 header is missing.")
                    .arg(QString::fromLatin1(name)));
    }
    static const QRegularExpression digits(u"^[0-9]{1,12}$"_s);
    if (!digits.match(headers.timestamp).hasMatch())
        return malformed(tr("Wechatpay-Timestamp is not a number"));
    // Replays of an old genuine callback are refused before any cryptography is spent on them.
    if (std::abs(headers.timestamp.toLongLong() - m_clock.nowSecs()) > MaxClockSkewSecs)
        return fail(u"notification_stale"_s,
            tr("The WeChat Pay notification's timestamp is more than %1 minutes from the server's clock.")
                .arg(MaxClockSkewSecs / 60));
    const RsaKey *platformKey = m_config.platformKey(headers.serial);
    if (!platformKey)
        return fail(u"notification_unknown_serial"_s,
            tr("The WeChat Pay notification is signed with the unknown platform serial %1.")
                .arg(headers.serial.left(64)));
    if (auto verified = WechatPaySignature::verifyResponse(*platformKey, headers, request.body()); !verified)
        return fail(u"notification_signature_invalid"_s,
            tr("The WeChat Pay notification's signature is invalid: %1").arg(verified.error().message));

    if (!isJsonContentType(request.value("Content-Type"_ba)))
        return malformed(tr("the content type is not application/json"));
    auto parsed = JsonReader::parse(request.body());
    if (!parsed)
        return malformed(parsed.error().toError().message);
    if (!parsed->isObject())
        return malformed(tr("the body is not a JSON object"));
    const QString notifyId = stringMember(*parsed, u"id");
    if (notifyId.isEmpty())
        return malformed(tr("“id” is missing"));
    const JsonValue *resourceValue = parsed->member(u"resource");
    if (!resourceValue || !resourceValue->isObject())
        return malformed(tr("“resource” is missing"));
    if (const QString type = stringMember(*resourceValue, u"original_type");
        !type.isEmpty() && type != u"transaction"_s)
        return malformed(tr("the resource is a “%1”, not a transaction").arg(type.left(40)));
    WechatResource resource;
    resource.algorithm = stringMember(*resourceValue, u"algorithm");
    resource.ciphertext = stringMember(*resourceValue, u"ciphertext");
    resource.associatedData = stringMember(*resourceValue, u"associated_data");
    resource.nonce = stringMember(*resourceValue, u"nonce");
    auto plain = WechatPaySignature::decrypt(m_config.apiV3Key, resource);
    if (!plain) {
        if (plain.error().code == u"resource_tampered"_s)
            return fail(
                u"notification_tampered"_s, tr("The WeChat Pay notification's resource fails its authentication tag."));
        if (plain.error().code == u"api_key_invalid"_s)
            return std::unexpected(plain.error());
        return malformed(plain.error().message);
    }
    auto transaction = JsonReader::parse(*plain);
    if (!transaction)
        return malformed(transaction.error().toError().message);
    auto report = toReport(*transaction);
    if (!report)
        return malformed(report.error().message);
    report->notifyId = notifyId;
    return report;
}

QHttpServerResponse WechatPayProvider::acknowledge() const
{
    return QHttpServerResponse(QHttpServerResponse::StatusCode::NoContent);
}

QHttpServerResponse WechatPayProvider::refuse(const QString &message) const
{
    qCInfo(lcServerPayments, "wechat notification refused: %ls", qUtf16Printable(message.left(300)));
    JsonValue body = JsonValue::object();
    body.insert(u"code"_s, JsonValue::string(u"FAIL"_s));
    body.insert(u"message"_s, JsonValue::string(message.left(300)));
    return QHttpServerResponse(
        "application/json"_ba, body.toCanonicalJson(), QHttpServerResponse::StatusCode::BadRequest);
}

} // namespace deskpay
