#include "server/AlipayProvider.h"

#include "payments/AlipaySignature.h"
#include "server/ServerLogging.h"
#include "services/protocol/JsonReader.h"

#include <QRegularExpression>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

const QString Style = u"alipay"_s;
const QString Cny = u"CNY"_s;

QString stringMember(const JsonValue &object, QStringView key)
{
    const JsonValue *value = object.member(key);
    return value && (value->isString() || value->isNumber()) ? value->text() : QString();
}

std::unexpected<Error> answerInvalid(const QString &why)
{
    qCWarning(lcServerPayments, "alipay gateway: invalid answer: %ls", qUtf16Printable(why));
    return fail(
        u"provider_answer_invalid"_s, AlipayProvider::tr("The Alipay gateway's answer is invalid: %1").arg(why));
}

std::unexpected<Error> malformed(const QString &why)
{
    return fail(u"notification_malformed"_s, AlipayProvider::tr("The Alipay notification is malformed: %1").arg(why));
}

// The gateway's word for a trade, as a provider outcome; nullopt for a word we do not know.
std::optional<ProviderOutcome> outcomeOf(const QString &tradeStatus)
{
    if (tradeStatus == u"WAIT_BUYER_PAY"_s)
        return ProviderOutcome::Pending;
    if (tradeStatus == u"TRADE_SUCCESS"_s || tradeStatus == u"TRADE_FINISHED"_s)
        return ProviderOutcome::Paid;
    if (tradeStatus == u"TRADE_CLOSED"_s)
        return ProviderOutcome::Closed;
    return std::nullopt;
}

bool isFormContentType(const QByteArray &contentType)
{
    const QByteArray mime = contentType.split(';').constFirst().trimmed().toLower();
    return mime == "application/x-www-form-urlencoded";
}

} // namespace

AlipayProvider::AlipayProvider(AlipayConfig config, GatewayClient client, const Clock &clock)
    : m_config(std::move(config))
    , m_client(std::move(client))
    , m_clock(clock)
{
}

QString AlipayProvider::style() const
{
    return Style;
}

QString AlipayProvider::beijingTimestamp(const QDateTime &time)
{
    return time.toTimeZone(QTimeZone(8 * 3600)).toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

Result<qint64> AlipayProvider::parseAmount(QStringView text)
{
    // 15 integer digits keep any amount far inside qint64 once in fen.
    static const QRegularExpression pattern(u"^(0|[1-9][0-9]{0,14})(?:\\.([0-9]{1,2}))?$"_s);
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return fail(u"amount_invalid"_s,
            tr("“%1” is not an amount in yuan with at most two decimals.").arg(text.left(40).toString()));
    QString fraction = match.captured(2);
    while (fraction.size() < 2)
        fraction.append(u'0');
    return match.captured(1).toLongLong() * 100 + fraction.toLongLong();
}

Result<StartedPayment> AlipayProvider::start(const PaymentStart &payment) const
{
    if (payment.amount.currencyCode() != Cny || !payment.amount.isPositive())
        return fail(u"currency_not_supported"_s,
            tr("The Alipay-style provider takes positive CNY amounts only, not %1 %2.")
                .arg(payment.amount.currencyCode(), payment.amount.toDecimalString()));
    const QDateTime now = m_clock.now();
    const qint64 secondsLeft = now.secsTo(payment.expiresAt);
    if (!payment.expiresAt.isValid() || secondsLeft <= 0)
        return fail(u"payment_expired"_s, tr("The payment's time to pay has passed."));
    // Rounded up: the gateway must not close a trade before our own deadline.
    const qint64 minutes = (secondsLeft + 59) / 60;

    JsonValue biz = JsonValue::object();
    biz.insert(u"out_trade_no"_s, JsonValue::string(payment.paymentId));
    biz.insert(u"product_code"_s, JsonValue::string(u"QUICK_MSECURITY_PAY"_s));
    biz.insert(u"subject"_s, JsonValue::string(payment.subject));
    biz.insert(u"timeout_express"_s, JsonValue::string(u"%1m"_s.arg(minutes)));
    biz.insert(u"total_amount"_s, JsonValue::string(payment.amount.toDecimalString()));
    const QString bizContent = QString::fromUtf8(biz.toCanonicalJson());
    const QString timestamp = beijingTimestamp(now);

    FormParams params {
        { u"app_id"_s, m_config.appId },
        { u"biz_content"_s, bizContent },
        { u"charset"_s, u"utf-8"_s },
        { u"format"_s, u"JSON"_s },
        { u"method"_s, u"alipay.trade.app.pay"_s },
        { u"notify_url"_s, payment.notifyUrl },
        { u"sign_type"_s, u"RSA2"_s },
        { u"timestamp"_s, timestamp },
        { u"version"_s, u"1.0"_s },
    };
    if (!payment.returnUrl.isEmpty())
        params.append({ u"return_url"_s, payment.returnUrl });
    auto signature = AlipaySignature::sign(params, AlipaySignature::requestExclusions(), m_config.merchantKey);
    if (!signature)
        return std::unexpected(signature.error());

    JsonValue ext = JsonValue::object();
    ext.insert(u"payType"_s, JsonValue::string(payTypeName(PayType::Alipay)));
    ext.insert(u"paymentId"_s, JsonValue::string(payment.paymentId));
    ext.insert(u"partnerId"_s, JsonValue::string(m_config.appId));
    ext.insert(u"timestamp"_s, JsonValue::string(timestamp));
    ext.insert(u"signType"_s, JsonValue::string(u"RSA2"_s));
    ext.insert(u"signature"_s, JsonValue::string(*signature));
    ext.insert(u"method"_s, JsonValue::string(u"alipay.trade.app.pay"_s));
    ext.insert(u"charset"_s, JsonValue::string(u"utf-8"_s));
    ext.insert(u"format"_s, JsonValue::string(u"JSON"_s));
    ext.insert(u"version"_s, JsonValue::string(u"1.0"_s));
    ext.insert(u"notifyUrl"_s, JsonValue::string(payment.notifyUrl));
    // Left out when empty, as it is left out of the signed parameters.
    if (!payment.returnUrl.isEmpty())
        ext.insert(u"returnUrl"_s, JsonValue::string(payment.returnUrl));
    ext.insert(u"bizContent"_s, JsonValue::string(bizContent));
    ext.insert(u"cashierUrl"_s, JsonValue::string(m_config.cashierUrl.toString(QUrl::FullyEncoded)));
    return StartedPayment { std::move(ext), {} };
}

Result<JsonValue> AlipayProvider::call(const QString &method, const QString &paymentId) const
{
    JsonValue biz = JsonValue::object();
    biz.insert(u"out_trade_no"_s, JsonValue::string(paymentId));
    FormParams params {
        { u"app_id"_s, m_config.appId },
        { u"biz_content"_s, QString::fromUtf8(biz.toCanonicalJson()) },
        { u"charset"_s, u"utf-8"_s },
        { u"format"_s, u"JSON"_s },
        { u"method"_s, method },
        { u"sign_type"_s, u"RSA2"_s },
        { u"timestamp"_s, beijingTimestamp(m_clock.now()) },
        { u"version"_s, u"1.0"_s },
    };
    auto signature = AlipaySignature::sign(params, AlipaySignature::requestExclusions(), m_config.merchantKey);
    if (!signature)
        return std::unexpected(signature.error());
    params.append({ u"sign"_s, *signature });

    auto answer = m_client.send("POST", m_config.gatewayUrl,
        { { "Content-Type"_ba, "application/x-www-form-urlencoded; charset=utf-8"_ba },
            { "Accept"_ba, "application/json"_ba } },
        FormCodec::encode(params));
    if (!answer)
        return std::unexpected(answer.error());
    if (answer->status >= 500)
        return fail(
            u"provider_unavailable"_s, tr("The Alipay gateway answered HTTP %1; try again later.").arg(answer->status));
    if (answer->status != 200)
        return answerInvalid(tr("HTTP status %1").arg(answer->status));

    // Nothing of the answer is read before its signature is checked over the exact bytes.
    const QString responseKey = QString(method).replace(u'.', u'_') + u"_response"_s;
    auto split = AlipaySignature::splitResponse(answer->body, responseKey);
    if (!split)
        return answerInvalid(split.error().message);
    const auto signatureBytes
        = QByteArray::fromBase64Encoding(split->sign.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!signatureBytes || signatureBytes.decoded.isEmpty())
        return answerInvalid(tr("the signature is not base64"));
    if (auto verified = m_config.platformKey.verify(split->content, signatureBytes.decoded); !verified)
        return answerInvalid(tr("the signature does not match the platform key"));

    auto parsed = JsonReader::parse(split->content);
    if (!parsed)
        return answerInvalid(parsed.error().toError().message);
    if (!parsed->isObject())
        return answerInvalid(tr("%1 is not an object").arg(responseKey));
    return *parsed;
}

Result<ProviderReport> AlipayProvider::query(const QString &paymentId) const
{
    auto response = call(u"alipay.trade.query"_s, paymentId);
    if (!response)
        return std::unexpected(response.error());
    const QString code = stringMember(*response, u"code");
    const QString subCode = stringMember(*response, u"sub_code");
    ProviderReport report;
    report.paymentId = paymentId;
    report.partnerId = m_config.appId;
    report.currency = Cny;
    if (code != u"10000"_s) {
        if (subCode == u"ACQ.TRADE_NOT_EXIST"_s) {
            report.outcome = ProviderOutcome::NotFound;
            report.providerState = subCode;
            return report;
        }
        return fail(u"provider_refused"_s,
            tr("The Alipay gateway refused the query: %1 %2 %3")
                .arg(code, subCode, stringMember(*response, u"sub_msg").left(200)));
    }
    const QString outTradeNo = stringMember(*response, u"out_trade_no");
    if (outTradeNo != paymentId)
        return answerInvalid(tr("the answer is about another trade (%1)").arg(outTradeNo.left(64)));
    const QString tradeStatus = stringMember(*response, u"trade_status");
    const std::optional<ProviderOutcome> outcome = outcomeOf(tradeStatus);
    if (!outcome)
        return answerInvalid(tr("unknown trade_status “%1”").arg(tradeStatus.left(40)));
    report.outcome = *outcome;
    report.providerState = tradeStatus;
    report.providerRef = stringMember(*response, u"trade_no");
    const QString total = stringMember(*response, u"total_amount");
    if (!total.isEmpty()) {
        auto amount = parseAmount(total);
        if (!amount)
            return answerInvalid(amount.error().message);
        report.amountMinor = *amount;
    }
    return report;
}

Result<void> AlipayProvider::close(const QString &paymentId) const
{
    auto response = call(u"alipay.trade.close"_s, paymentId);
    if (!response)
        return std::unexpected(response.error());
    const QString code = stringMember(*response, u"code");
    const QString subCode = stringMember(*response, u"sub_code");
    // A trade the gateway never saw cannot be paid any more either.
    if (code == u"10000"_s || subCode == u"ACQ.TRADE_NOT_EXIST"_s)
        return {};
    return fail(u"provider_refused"_s,
        tr("The Alipay gateway refused to close the trade: %1 %2 %3")
            .arg(code, subCode, stringMember(*response, u"sub_msg").left(200)));
}

Result<ProviderReport> AlipayProvider::verifyNotification(const HttpRequest &request) const
{
    if (!isFormContentType(request.value("Content-Type"_ba)))
        return malformed(tr("the content type is not application/x-www-form-urlencoded"));
    auto params = FormCodec::parse(request.body());
    if (!params)
        return malformed(params.error().message);
    // The signature first: nothing below is believed before it holds.
    if (auto verified
        = AlipaySignature::verify(*params, AlipaySignature::notificationExclusions(), m_config.platformKey);
        !verified)
        return fail(u"notification_signature_invalid"_s,
            tr("The Alipay notification's signature is invalid: %1").arg(verified.error().message));

    const auto field = [&](QStringView name) { return FormCodec::value(*params, name); };
    for (const QString &name :
        { u"notify_id"_s, u"out_trade_no"_s, u"app_id"_s, u"total_amount"_s, u"trade_status"_s }) {
        if (field(name).isEmpty())
            return malformed(tr("“%1” is missing").arg(name));
    }
    if (const QString type = field(u"notify_type"); !type.isNull() && type != u"trade_status_sync"_s)
        return malformed(tr("notify_type “%1” is not trade_status_sync").arg(type.left(40)));
    if (const QString charset = field(u"charset");
        !charset.isNull() && charset.compare(u"utf-8"_s, Qt::CaseInsensitive))
        return malformed(tr("charset “%1” is not utf-8").arg(charset.left(40)));
    const QString tradeStatus = field(u"trade_status");
    const std::optional<ProviderOutcome> outcome = outcomeOf(tradeStatus);
    if (!outcome)
        return malformed(tr("unknown trade_status “%1”").arg(tradeStatus.left(40)));
    auto amount = parseAmount(field(u"total_amount"));
    if (!amount)
        return malformed(amount.error().message);

    ProviderReport report;
    report.notifyId = field(u"notify_id");
    report.paymentId = field(u"out_trade_no");
    report.providerRef = field(u"trade_no");
    report.partnerId = field(u"app_id");
    report.amountMinor = *amount;
    report.currency = Cny;
    report.outcome = *outcome;
    report.providerState = tradeStatus;
    return report;
}

QHttpServerResponse AlipayProvider::acknowledge() const
{
    return QHttpServerResponse("text/plain"_ba, "success"_ba, QHttpServerResponse::StatusCode::Ok);
}

QHttpServerResponse AlipayProvider::refuse(const QString &message) const
{
    // The gateway reads only the body: anything but "success" makes it send again later.
    qCInfo(lcServerPayments, "alipay notification refused: %ls", qUtf16Printable(message.left(300)));
    return QHttpServerResponse("text/plain"_ba, "failure"_ba, QHttpServerResponse::StatusCode::Ok);
}

} // namespace deskpay
