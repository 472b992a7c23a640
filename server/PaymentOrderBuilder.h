#pragma once
// PaymentOrderBuilder: the payment order for a confirmed order — built from the order template of its product type and
// bound to the payer account.

#include "models/ChangeOrder.h"
#include "models/Error.h"
#include "models/Money.h"
#include "models/OrderRequest.h"
#include "server/OrderTemplate.h"
#include "services/protocol/JsonValue.h"
#include "services/protocol/OrderView.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace deskpay {

struct PaymentAmountLine
{
    QString label;
    AmountSource source = AmountSource::FareDifference;
    Money amount; // may be zero (kept, so the payer sees the whole breakdown) or negative (a tax refund)

    friend bool operator==(const PaymentAmountLine &, const PaymentAmountLine &) = default;
};

struct PaymentOrder
{
    QString orderId;
    ProductType productType = ProductType::DateChange;
    QString subject; // placeholders filled
    QString description; // placeholders filled
    QList<PaymentAmountLine> amountLines; // in template order
    Money total; // equals the order's pricing total
    QString currency; // ISO 4217
    QList<PayType> payTypes; // the template's, in its order, that the order also allows
    int paymentTimeoutMinutes = 0;
    int templateVersion = 0;
    QString payerAccountId;

    // Canonical JSON: {"amountLines":[{"amount":{"amount":"12.50","currency":"CNY"},
    // "label":…,"source":…}],"currency":…,"description":…,"orderId":…,"payTypes":[…],
    // "payerAccountId":…,"paymentTimeoutMinutes":…,"productType":…,"subject":…,
    // "templateVersion":…,"total":{"amount":…,"currency":…}} — Money as OrderCodec writes it.
    [[nodiscard]] JsonValue toJson() const;

    friend bool operator==(const PaymentOrder &, const PaymentOrder &) = default;
};

class PaymentOrderBuilder
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::PaymentOrderBuilder)

public:
    // Fills {ticketNumber} {pnr} {passengerName} {origin} {destination} {newDeparture}
    // ("2026-12-01 08:30": the new departure in the origin airport's local time, as on the
    // order). Errors: pay_type_not_allowed (no pay type both allow), template_invalid (the
    // template does not pass OrderTemplate::validate()), payment_total_mismatch (the lines do
    // not add up to the order's total — a bug, never the payer's fault), currency_mismatch /
    // money_overflow from the pricing, payer_unknown (empty payer account id).
    [[nodiscard]] static Result<PaymentOrder> build(
        const OrderTemplate &orderTemplate, int templateVersion, const OrderView &order, const QString &payerAccountId);

    // The text with the placeholders of `order` filled (unknown ones are left as they are).
    [[nodiscard]] static QString fill(const QString &text, const ChangeOrder &order);
};

} // namespace deskpay
