#include "server/OrderTemplate.h"

#include "services/protocol/ErrorCodes.h"
#include "services/protocol/JsonObjectReader.h"
#include "services/protocol/JsonReader.h"

#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr qsizetype MaxAmountLines = 8;
constexpr qsizetype MaxPayTypes = 8;

bool hasControlCharacters(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.category() == QChar::Other_Control; });
}

void checkText(const QString &text, const QString &field, ValidationReport &report)
{
    if (text.trimmed().isEmpty()) {
        report.add(field, u"required"_s, OrderTemplate::tr("The %1 must not be empty.").arg(field));
        return;
    }
    if (hasControlCharacters(text))
        report.add(field, u"control_characters"_s,
            OrderTemplate::tr("The %1 must not contain control characters (line breaks, tabs).").arg(field));
    static const QRegularExpression placeholder(u"\\{([^{}]*)\\}"_s);
    QString rest = text;
    for (auto it = placeholder.globalMatch(text); it.hasNext();) {
        const QString name = it.next().captured(1);
        if (!OrderTemplate::placeholders().contains(name))
            report.add(field, u"placeholder_unknown"_s,
                OrderTemplate::tr("The %1 uses the unknown placeholder {%2}; known are %3.")
                    .arg(field, name.left(40), u"{"_s + OrderTemplate::placeholders().join(u"}, {"_s) + u"}"_s));
    }
    rest.remove(placeholder);
    if (rest.contains(u'{') || rest.contains(u'}'))
        report.add(field, u"placeholder_syntax"_s,
            OrderTemplate::tr("The %1 has a brace that does not belong to a placeholder like {pnr}.").arg(field));
}

} // namespace

QString amountSourceName(AmountSource source)
{
    switch (source) {
    case AmountSource::FareDifference:
        return u"fareDifference"_s;
    case AmountSource::TaxDifference:
        return u"taxDifference"_s;
    case AmountSource::ChangeFee:
        return u"changeFee"_s;
    }
    return {};
}

std::optional<AmountSource> amountSourceFromName(QStringView name)
{
    for (AmountSource source : { AmountSource::FareDifference, AmountSource::TaxDifference, AmountSource::ChangeFee })
        if (name == amountSourceName(source))
            return source;
    return std::nullopt;
}

const QStringList &OrderTemplate::placeholders()
{
    static const QStringList names {
        u"ticketNumber"_s,
        u"pnr"_s,
        u"passengerName"_s,
        u"origin"_s,
        u"destination"_s,
        u"newDeparture"_s,
    };
    return names;
}

ValidationReport OrderTemplate::validate() const
{
    ValidationReport report;
    checkText(subject, u"subject"_s, report);
    if (subject.size() > MaxSubjectLength)
        report.add(u"subject"_s, u"too_long"_s, tr("The subject has at most %1 characters.").arg(MaxSubjectLength));
    checkText(description, u"description"_s, report);
    if (description.size() > MaxDescriptionLength)
        report.add(u"description"_s, u"too_long"_s,
            tr("The description has at most %1 characters.").arg(MaxDescriptionLength));

    QSet<AmountSource> seen;
    for (qsizetype i = 0; i < amountLines.size(); ++i) {
        const TemplateAmountLine &line = amountLines.at(i);
        const QString path = JsonObjectReader::indexPath(u"amountLines"_s, i);
        if (line.label.trimmed().isEmpty())
            report.add(path + u".label"_s, u"required"_s, tr("An amount line needs a label."));
        else if (line.label.size() > MaxLabelLength || hasControlCharacters(line.label))
            report.add(path + u".label"_s, u"too_long"_s,
                tr("A label has at most %1 characters and no control characters.").arg(MaxLabelLength));
        if (seen.contains(line.source))
            report.add(path + u".source"_s, u"amount_source_duplicate"_s,
                tr("%1 already has an amount line: each pricing field is shown exactly once.")
                    .arg(amountSourceName(line.source)));
        seen.insert(line.source);
    }
    for (AmountSource source : { AmountSource::FareDifference, AmountSource::TaxDifference, AmountSource::ChangeFee })
        if (!seen.contains(source))
            report.add(u"amountLines"_s, u"amount_source_missing"_s,
                tr("No amount line shows %1: the lines must add up to the order's total.")
                    .arg(amountSourceName(source)));

    if (payTypes.isEmpty())
        report.add(u"payTypes"_s, u"required"_s, tr("Allow at least one pay type."));
    for (qsizetype i = 0; i < payTypes.size(); ++i)
        if (payTypes.indexOf(payTypes.at(i)) != i)
            report.add(JsonObjectReader::indexPath(u"payTypes"_s, i), u"pay_type_duplicate"_s,
                tr("The pay type %1 is listed twice.").arg(payTypeName(payTypes.at(i))));
    if (paymentTimeoutMinutes < MinTimeoutMinutes || paymentTimeoutMinutes > MaxTimeoutMinutes)
        report.add(u"paymentTimeoutMinutes"_s, u"out_of_range"_s,
            tr("The payment timeout is %1 to %2 minutes.").arg(MinTimeoutMinutes).arg(MaxTimeoutMinutes));
    return report;
}

std::expected<OrderTemplate, ValidationReport> OrderTemplate::read(const JsonValue &definition)
{
    ValidationReport structure;
    OrderTemplate result;
    JsonObjectReader root(definition, QString(), structure);
    if (!root.isObject())
        return std::unexpected(structure);
    // Generous limits here: validate() names the real ones with a clearer message.
    result.subject = root.string(u"subject"_s, MaxSubjectLength * 4).value_or(QString());
    result.description = root.string(u"description"_s, MaxDescriptionLength * 4).value_or(QString());
    if (const JsonValue *lines = root.array(u"amountLines"_s, MaxAmountLines)) {
        for (qsizetype i = 0; i < qsizetype(lines->children().size()); ++i) {
            const QString path = JsonObjectReader::indexPath(u"amountLines"_s, i);
            JsonObjectReader line(lines->children().at(size_t(i)), path, structure);
            const auto label = line.string(u"label"_s, MaxLabelLength * 4);
            const auto source = line.string(u"source"_s, 32);
            line.finish();
            if (!label || !source)
                continue;
            const auto parsed = amountSourceFromName(*source);
            if (!parsed) {
                structure.add(path + u".source"_s, u"amount_source_unknown"_s,
                    tr("“%1” is no pricing field; use fareDifference, taxDifference or changeFee.")
                        .arg(source->left(40)));
                continue;
            }
            result.amountLines.append(TemplateAmountLine { *label, *parsed });
        }
    }
    if (const JsonValue *types = root.array(u"payTypes"_s, MaxPayTypes)) {
        for (qsizetype i = 0; i < qsizetype(types->children().size()); ++i) {
            const QString path = JsonObjectReader::indexPath(u"payTypes"_s, i);
            const auto name = JsonObjectReader::asString(types->children().at(size_t(i)), path, 32, structure);
            if (!name)
                continue;
            const auto type = payTypeFromName(*name);
            if (!type) {
                structure.add(path, u"pay_type_unknown"_s,
                    tr("“%1” is no pay type; use ALIPAY or WECHAT_PAY.").arg(name->left(40)));
                continue;
            }
            result.payTypes.append(*type);
        }
    }
    result.paymentTimeoutMinutes = int(
        root.integer(u"paymentTimeoutMinutes"_s, MinTimeoutMinutes, MaxTimeoutMinutes).value_or(MinTimeoutMinutes));
    root.finish();

    // Semantic checks on what could be read; a field already reported is not reported again.
    ValidationReport report = structure;
    QSet<QString> reported;
    for (const ValidationIssue &issue : structure.issues())
        reported.insert(issue.field);
    const ValidationReport semantic = result.validate();
    for (const ValidationIssue &issue : semantic.issues()) {
        const bool listReported = issue.field == u"amountLines"_s
            && std::any_of(
                reported.cbegin(), reported.cend(), [](const QString &f) { return f.startsWith(u"amountLines"_s); });
        const bool payTypesReported = issue.field == u"payTypes"_s
            && std::any_of(
                reported.cbegin(), reported.cend(), [](const QString &f) { return f.startsWith(u"payTypes"_s); });
        if (!reported.contains(issue.field) && !listReported && !payTypesReported)
            report.add(issue.field, issue.code, issue.message);
    }
    if (!report.isValid())
        return std::unexpected(report);
    return result;
}

Result<OrderTemplate> OrderTemplate::parse(QByteArrayView json)
{
    const auto value = JsonReader::parse(json, JsonReader::Limits { 64 * 1024, 8 });
    if (!value)
        return std::unexpected(value.error().toError());
    auto read = OrderTemplate::read(*value);
    if (!read) {
        QStringList parts;
        for (const ValidationIssue &issue : read.error().issues())
            parts.append(issue.field.isEmpty() ? issue.message : issue.field + u": "_s + issue.message);
        return fail(ErrorCodes::TemplateInvalid.toString(),
            tr("The template is not valid: %1").arg(parts.join(u"; "_s)), read.error().issues().constFirst().field);
    }
    return std::move(*read);
}

JsonValue OrderTemplate::toJson() const
{
    JsonValue lines = JsonValue::array();
    for (const TemplateAmountLine &line : amountLines) {
        JsonValue item = JsonValue::object();
        item.insert(u"label"_s, JsonValue::string(line.label));
        item.insert(u"source"_s, JsonValue::string(amountSourceName(line.source)));
        lines.append(std::move(item));
    }
    JsonValue types = JsonValue::array();
    for (PayType type : payTypes)
        types.append(JsonValue::string(payTypeName(type)));
    JsonValue root = JsonValue::object();
    root.insert(u"amountLines"_s, std::move(lines));
    root.insert(u"description"_s, JsonValue::string(description));
    root.insert(u"payTypes"_s, std::move(types));
    root.insert(u"paymentTimeoutMinutes"_s, JsonValue::integer(paymentTimeoutMinutes));
    root.insert(u"subject"_s, JsonValue::string(subject));
    return root;
}

} // namespace deskpay
