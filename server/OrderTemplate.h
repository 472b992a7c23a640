#pragma once
// OrderTemplate: a versioned preset the payment order is built from — subject and description with placeholders, amount
// lines, allowed pay types, payment timeout.

#include "models/Error.h"
#include "models/OrderRequest.h"
#include "models/Validation.h"
#include "services/protocol/JsonValue.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <expected>
#include <optional>

namespace deskpay {

// Which pricing field of the order an amount line takes its amount from.
enum class AmountSource : quint8 { FareDifference, TaxDifference, ChangeFee };

// "fareDifference", "taxDifference", "changeFee" (the pricing field names of the order JSON).
[[nodiscard]] QString amountSourceName(AmountSource source);
[[nodiscard]] std::optional<AmountSource> amountSourceFromName(QStringView name);

struct TemplateAmountLine
{
    QString label;
    AmountSource source = AmountSource::FareDifference;

    friend bool operator==(const TemplateAmountLine &, const TemplateAmountLine &) = default;
};

// The definition JSON (stored canonical in order_templates.definition):
//   {"subject": "...", "description": "...",
//    "amountLines": [{"label": "...", "source": "fareDifference|taxDifference|changeFee"}, ...],
//    "payTypes": ["ALIPAY", "WECHAT_PAY"], "paymentTimeoutMinutes": 30}
// Subject and description may use the placeholders of placeholders(). Every pricing source
// appears in exactly one amount line, so the lines always add up to the order's total.
struct OrderTemplate
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::OrderTemplate)

public:
    static constexpr qsizetype MaxSubjectLength = 128;
    static constexpr qsizetype MaxDescriptionLength = 1000;
    static constexpr qsizetype MaxLabelLength = 64;
    static constexpr int MinTimeoutMinutes = 1;
    static constexpr int MaxTimeoutMinutes = 1440;

    QString subject;
    QString description;
    QList<TemplateAmountLine> amountLines;
    QList<PayType> payTypes; // in the order the payer is offered them
    int paymentTimeoutMinutes = 30;

    // ticketNumber, pnr, passengerName, origin, destination, newDeparture.
    [[nodiscard]] static const QStringList &placeholders();

    // Every problem at once, with field paths ("subject", "amountLines[1].source", …) and
    // codes: JsonObjectReader's (wrong_type, missing_field, unknown_field, too_long, …),
    // required, placeholder_unknown, placeholder_syntax, control_characters,
    // amount_source_unknown, amount_source_duplicate, amount_source_missing,
    // pay_type_unknown, pay_type_duplicate.
    [[nodiscard]] static std::expected<OrderTemplate, ValidationReport> read(const JsonValue &definition);
    // Parses and reads JSON text: invalid_json for bad JSON; template_invalid naming every
    // problem ("field: message; …", field = the first issue's) otherwise.
    [[nodiscard]] static Result<OrderTemplate> parse(QByteArrayView json);
    // The checks of read() on a value built in code.
    [[nodiscard]] ValidationReport validate() const;

    [[nodiscard]] JsonValue toJson() const;
    // The form stored in the database: JsonValue::toCanonicalJson().
    [[nodiscard]] QByteArray toCanonicalJson() const { return toJson().toCanonicalJson(); }

    friend bool operator==(const OrderTemplate &, const OrderTemplate &) = default;
};

} // namespace deskpay
