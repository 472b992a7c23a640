#include "services/protocol/ErrorBody.h"

#include "services/protocol/JsonObjectReader.h"
#include "services/protocol/JsonReader.h"

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr qsizetype kMaxText = 2000;
constexpr qsizetype kMaxIssues = 10000;

} // namespace

QByteArray ErrorBody::encode(const Error &error, const ValidationReport &issues)
{
    JsonValue inner = JsonValue::object();
    inner.insert(u"code"_s, JsonValue::string(error.code));
    inner.insert(u"message"_s, JsonValue::string(error.message));
    if (!error.field.isEmpty())
        inner.insert(u"field"_s, JsonValue::string(error.field));
    if (!issues.isValid()) {
        JsonValue list = JsonValue::array();
        for (const ValidationIssue &i : issues.issues()) {
            JsonValue item = JsonValue::object();
            item.insert(u"field"_s, JsonValue::string(i.field));
            item.insert(u"code"_s, JsonValue::string(i.code));
            item.insert(u"message"_s, JsonValue::string(i.message));
            list.append(std::move(item));
        }
        inner.insert(u"issues"_s, std::move(list));
    }
    JsonValue root = JsonValue::object();
    root.insert(u"error"_s, std::move(inner));
    return root.toCanonicalJson();
}

Result<ApiError> ErrorBody::decode(QByteArrayView json)
{
    const std::expected<JsonValue, JsonSyntaxError> tree = JsonReader::parse(json);
    if (!tree)
        return fail(u"invalid_error_body"_s, tr("The error answer is not JSON: %1").arg(tree.error().reason));
    ValidationReport problems;
    ApiError out;
    JsonObjectReader root(*tree, QString(), problems);
    if (const JsonValue *inner = root.object(u"error"_s)) {
        JsonObjectReader e(*inner, u"error"_s, problems);
        out.error.code = e.string(u"code"_s, 64).value_or(QString());
        out.error.message = e.string(u"message"_s, kMaxText).value_or(QString());
        out.error.field = e.string(u"field"_s, kMaxText, JsonObjectReader::Presence::Optional).value_or(QString());
        if (const JsonValue *list = e.array(u"issues"_s, kMaxIssues, JsonObjectReader::Presence::Optional)) {
            for (size_t n = 0; n < list->children().size(); ++n) {
                JsonObjectReader item(
                    list->children()[n], JsonObjectReader::indexPath(u"error.issues"_s, qsizetype(n)), problems);
                ValidationIssue issue;
                issue.field = item.string(u"field"_s, kMaxText).value_or(QString());
                issue.code = item.string(u"code"_s, 64).value_or(QString());
                issue.message = item.string(u"message"_s, kMaxText).value_or(QString());
                item.finish();
                out.issues.append(issue);
            }
        }
        e.finish();
    }
    root.finish();
    if (!problems.isValid()) {
        const ValidationIssue &first = problems.issues().first();
        return fail(u"invalid_error_body"_s,
            tr("The error answer is not in DeskPay's format (%1: %2).").arg(first.field, first.message));
    }
    return out;
}

} // namespace deskpay
