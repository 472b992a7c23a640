#include "server/PaymentOrderBuilder.h"

#include "services/protocol/ErrorCodes.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

JsonValue moneyToJson(const Money &money)
{
    JsonValue o = JsonValue::object();
    o.insert(u"amount"_s, JsonValue::string(money.isValid() ? money.toDecimalString() : QString()));
    o.insert(u"currency"_s, JsonValue::string(money.currencyCode()));
    return o;
}

const Money &pricingField(const ChangePricing &pricing, AmountSource source)
{
    switch (source) {
    case AmountSource::TaxDifference:
        return pricing.taxDifference;
    case AmountSource::ChangeFee:
        return pricing.changeFee;
    case AmountSource::FareDifference:
        break;
    }
    return pricing.fareDifference;
}

QString newDeparture(const FlightSegment &segment)
{
    if (!segment.departureDate.isValid() || !segment.departureTime.isValid())
        return {};
    return segment.departureDate.toString(Qt::ISODate) + u' ' + segment.departureTime.toString(u"HH:mm");
}

} // namespace

QString PaymentOrderBuilder::fill(const QString &text, const ChangeOrder &order)
{
    const QHash<QString, QString> values {
        { u"ticketNumber"_s, order.ticketNumber },
        { u"pnr"_s, order.pnr },
        { u"passengerName"_s, order.passengerName },
        { u"origin"_s, order.newSegment.origin },
        { u"destination"_s, order.newSegment.destination },
        { u"newDeparture"_s, newDeparture(order.newSegment) },
    };
    // One pass over the text, so a value that itself looks like "{pnr}" is not filled again.
    static const QRegularExpression placeholder(u"\\{([A-Za-z]+)\\}"_s);
    QString out;
    qsizetype from = 0;
    for (auto it = placeholder.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        out += QStringView(text).mid(from, match.capturedStart() - from);
        const auto value = values.constFind(match.captured(1));
        out += value != values.cend() ? *value : match.captured(0);
        from = match.capturedEnd();
    }
    out += QStringView(text).mid(from);
    return out;
}

Result<PaymentOrder> PaymentOrderBuilder::build(
    const OrderTemplate &orderTemplate, int templateVersion, const OrderView &order, const QString &payerAccountId)
{
    if (const ValidationReport report = orderTemplate.validate(); !report.isValid())
        return fail(ErrorCodes::TemplateInvalid.toString(),
            tr("Version %1 of the template is not valid: %2")
                .arg(templateVersion)
                .arg(report.issues().constFirst().message),
            report.issues().constFirst().field);
    if (payerAccountId.isEmpty())
        return fail(ErrorCodes::PayerUnknown.toString(), tr("A payment order needs the payer's account."));

    const ChangeOrder &change = order.order;
    const auto total = change.pricing.total();
    if (!total)
        return std::unexpected(total.error());

    PaymentOrder payment;
    payment.orderId = order.id;
    payment.productType = change.productType;
    payment.subject = fill(orderTemplate.subject, change);
    payment.description = fill(orderTemplate.description, change);
    QList<Money> amounts;
    for (const TemplateAmountLine &line : orderTemplate.amountLines) {
        const Money &amount = pricingField(change.pricing, line.source);
        payment.amountLines.append(PaymentAmountLine { line.label, line.source, amount });
        amounts.append(amount);
    }
    const auto sum = Money::sum(amounts, total->currency());
    if (!sum)
        return std::unexpected(sum.error());
    if (!(*sum == *total))
        return fail(u"payment_total_mismatch"_s,
            tr("The amount lines add up to %1, the order's total is %2.")
                .arg(sum->toDecimalString(), total->toDecimalString()));
    payment.total = *total;
    payment.currency = total->currencyCode();

    for (PayType type : orderTemplate.payTypes)
        if (order.payTypes.contains(type))
            payment.payTypes.append(type);
    if (payment.payTypes.isEmpty()) {
        QStringList allowed;
        for (PayType type : orderTemplate.payTypes)
            allowed.append(payTypeName(type));
        return fail(ErrorCodes::PayTypeNotAllowed.toString(),
            tr("The order allows none of the pay types of the %1 template (%2).")
                .arg(productTypeName(change.productType), allowed.join(u", "_s)),
            u"payTypes"_s);
    }
    payment.paymentTimeoutMinutes = orderTemplate.paymentTimeoutMinutes;
    payment.templateVersion = templateVersion;
    payment.payerAccountId = payerAccountId;
    return payment;
}

JsonValue PaymentOrder::toJson() const
{
    JsonValue lines = JsonValue::array();
    for (const PaymentAmountLine &line : amountLines) {
        JsonValue item = JsonValue::object();
        item.insert(u"amount"_s, moneyToJson(line.amount));
        item.insert(u"label"_s, JsonValue::string(line.label));
        item.insert(u"source"_s, JsonValue::string(amountSourceName(line.source)));
        lines.append(std::move(item));
    }
    JsonValue types = JsonValue::array();
    for (PayType type : payTypes)
        types.append(JsonValue::string(payTypeName(type)));
    JsonValue root = JsonValue::object();
    root.insert(u"amountLines"_s, std::move(lines));
    root.insert(u"currency"_s, JsonValue::string(currency));
    root.insert(u"description"_s, JsonValue::string(description));
    root.insert(u"orderId"_s, JsonValue::string(orderId));
    root.insert(u"payTypes"_s, std::move(types));
    root.insert(u"payerAccountId"_s, JsonValue::string(payerAccountId));
    root.insert(u"paymentTimeoutMinutes"_s, JsonValue::integer(paymentTimeoutMinutes));
    root.insert(u"productType"_s, JsonValue::string(productTypeName(productType)));
    root.insert(u"subject"_s, JsonValue::string(subject));
    root.insert(u"templateVersion"_s, JsonValue::integer(templateVersion));
    root.insert(u"total"_s, moneyToJson(total));
    return root;
}

} // namespace deskpay
