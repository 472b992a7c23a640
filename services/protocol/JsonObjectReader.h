#pragma once
// JsonObjectReader: reads the members of one JSON object strictly — each getter checks type,
// presence and size, and finish() reports every member nobody asked for — collecting one
// ValidationIssue per problem, with its field path.

#include "models/Validation.h"
#include "services/protocol/JsonValue.h"

#include <QCoreApplication>
#include <QSet>
#include <QString>

#include <optional>

namespace deskpay {

// Codes this reader reports (the codecs add invalid_value and invalid_format):
//   wrong_type       a value of another JSON type (null included)
//   missing_field    a required member is absent
//   unknown_field    a member the format does not have
//   duplicate_field  a member given twice
//   too_long         a string longer than its limit (in Unicode code points)
//   too_many_items   an array longer than its limit
//   out_of_range     an integer outside its range
class JsonObjectReader
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::JsonObjectReader)

public:
    enum class Presence : quint8 { Required, Optional };

    // `path` is the object's own field path ("" for the root, "payer", "pricing.changeFee").
    // A value that is not an object is reported as wrong_type at `path`; every getter then
    // returns nothing and reports nothing more. `issues` must outlive the reader.
    JsonObjectReader(const JsonValue &value, QString path, ValidationReport &issues);

    [[nodiscard]] bool isObject() const { return m_object != nullptr; }
    [[nodiscard]] const QString &path() const { return m_path; }
    // "payer" + "name" -> "payer.name"; "" + "pnr" -> "pnr".
    [[nodiscard]] QString pathOf(QStringView key) const;
    [[nodiscard]] static QString join(const QString &path, QStringView key);
    [[nodiscard]] static QString indexPath(const QString &path, qsizetype index); // "coupons[0]"

    // The member if present and of the right type (an empty result otherwise; the issue is
    // recorded). Optional members may be absent but never null.
    [[nodiscard]] std::optional<QString> string(
        const QString &key, qsizetype maxCodePoints, Presence presence = Presence::Required);
    [[nodiscard]] std::optional<qint64> integer(
        const QString &key, qint64 min, qint64 max, Presence presence = Presence::Required);
    [[nodiscard]] const JsonValue *object(const QString &key, Presence presence = Presence::Required);
    [[nodiscard]] const JsonValue *array(
        const QString &key, qsizetype maxItems, Presence presence = Presence::Required);

    // Reports unknown_field for every member no getter asked for. Call once, at the end.
    void finish();

    // Checks of a single value (array elements): type, size and range, issue at `path`.
    [[nodiscard]] static std::optional<QString> asString(
        const JsonValue &value, const QString &path, qsizetype maxCodePoints, ValidationReport &issues);
    [[nodiscard]] static std::optional<qint64> asInteger(
        const JsonValue &value, const QString &path, qint64 min, qint64 max, ValidationReport &issues);
    static void wrongType(
        const JsonValue &value, const QString &path, const QString &expected, ValidationReport &issues);

private:
    [[nodiscard]] const JsonValue *take(const QString &key, Presence presence);

    const JsonValue *m_object = nullptr;
    QString m_path;
    ValidationReport &m_issues;
    QSet<QString> m_asked;
};

} // namespace deskpay
