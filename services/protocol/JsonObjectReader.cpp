#include "services/protocol/JsonObjectReader.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

qsizetype codePoints(const QString &s)
{
    qsizetype n = 0;
    for (QChar c : s)
        if (!c.isLowSurrogate())
            ++n;
    return n;
}

// Keys come from the input: keep a path readable when someone sends a 10,000-character key.
QString shownKey(const QString &key)
{
    constexpr qsizetype kMax = 64;
    return key.size() <= kMax ? key : key.first(kMax) + u"…"_s;
}

bool isIntegerLiteral(QStringView text)
{
    // The reader already enforced the JSON number grammar; an integer has no '.', 'e' or 'E'.
    for (QChar c : text)
        if (c == u'.' || c == u'e' || c == u'E')
            return false;
    return !text.isEmpty();
}

} // namespace

JsonObjectReader::JsonObjectReader(const JsonValue &value, QString path, ValidationReport &issues)
    : m_path(std::move(path))
    , m_issues(issues)
{
    if (!value.isObject()) {
        wrongType(value, m_path, tr("an object"), m_issues);
        return;
    }
    m_object = &value;
    QHash<QString, int> seen;
    for (const QString &key : value.keys())
        if (++seen[key] == 2)
            m_issues.add(pathOf(shownKey(key)), u"duplicate_field"_s,
                tr("The field \"%1\" appears more than once.").arg(shownKey(key)));
}

QString JsonObjectReader::join(const QString &path, QStringView key)
{
    return path.isEmpty() ? key.toString() : path + u'.' + key;
}

QString JsonObjectReader::indexPath(const QString &path, qsizetype index)
{
    return path + u'[' + QString::number(index) + u']';
}

QString JsonObjectReader::pathOf(QStringView key) const
{
    return join(m_path, key);
}

void JsonObjectReader::wrongType(
    const JsonValue &value, const QString &path, const QString &expected, ValidationReport &issues)
{
    QString found;
    switch (value.type()) {
    case JsonValue::Type::Null:
        found = tr("null");
        break;
    case JsonValue::Type::Bool:
        found = tr("a boolean");
        break;
    case JsonValue::Type::Number:
        found = tr("a number");
        break;
    case JsonValue::Type::String:
        found = tr("a string");
        break;
    case JsonValue::Type::Array:
        found = tr("an array");
        break;
    case JsonValue::Type::Object:
        found = tr("an object");
        break;
    }
    issues.add(path, u"wrong_type"_s, tr("Expected %1 but found %2.").arg(expected, found));
}

const JsonValue *JsonObjectReader::take(const QString &key, Presence presence)
{
    if (!m_object)
        return nullptr;
    m_asked.insert(key);
    const JsonValue *v = m_object->member(key);
    if (!v && presence == Presence::Required)
        m_issues.add(pathOf(key), u"missing_field"_s, tr("The required field \"%1\" is missing.").arg(key));
    return v;
}

std::optional<QString> JsonObjectReader::asString(
    const JsonValue &value, const QString &path, qsizetype maxCodePoints, ValidationReport &issues)
{
    if (!value.isString()) {
        wrongType(value, path, tr("a string"), issues);
        return std::nullopt;
    }
    if (codePoints(value.text()) > maxCodePoints) {
        issues.add(path, u"too_long"_s, tr("At most %1 characters are allowed here.").arg(maxCodePoints));
        return std::nullopt;
    }
    return value.text();
}

std::optional<qint64> JsonObjectReader::asInteger(
    const JsonValue &value, const QString &path, qint64 min, qint64 max, ValidationReport &issues)
{
    if (!value.isNumber() || !isIntegerLiteral(value.text())) {
        wrongType(value, path, tr("an integer"), issues);
        return std::nullopt;
    }
    bool ok = false;
    const qint64 n = value.text().toLongLong(&ok);
    if (!ok || n < min || n > max) {
        issues.add(path, u"out_of_range"_s, tr("The number must lie between %1 and %2.").arg(min).arg(max));
        return std::nullopt;
    }
    return n;
}

std::optional<QString> JsonObjectReader::string(const QString &key, qsizetype maxCodePoints, Presence presence)
{
    const JsonValue *v = take(key, presence);
    return v ? asString(*v, pathOf(key), maxCodePoints, m_issues) : std::nullopt;
}

std::optional<qint64> JsonObjectReader::integer(const QString &key, qint64 min, qint64 max, Presence presence)
{
    const JsonValue *v = take(key, presence);
    return v ? asInteger(*v, pathOf(key), min, max, m_issues) : std::nullopt;
}

const JsonValue *JsonObjectReader::object(const QString &key, Presence presence)
{
    const JsonValue *v = take(key, presence);
    if (v && !v->isObject()) {
        wrongType(*v, pathOf(key), tr("an object"), m_issues);
        return nullptr;
    }
    return v;
}

const JsonValue *JsonObjectReader::array(const QString &key, qsizetype maxItems, Presence presence)
{
    const JsonValue *v = take(key, presence);
    if (!v)
        return nullptr;
    if (!v->isArray()) {
        wrongType(*v, pathOf(key), tr("an array"), m_issues);
        return nullptr;
    }
    if (qsizetype(v->children().size()) > maxItems) {
        m_issues.add(pathOf(key), u"too_many_items"_s, tr("At most %1 items are allowed here.").arg(maxItems));
        return nullptr;
    }
    return v;
}

void JsonObjectReader::finish()
{
    if (!m_object)
        return;
    QSet<QString> reported;
    for (const QString &key : m_object->keys()) {
        if (m_asked.contains(key) || reported.contains(key))
            continue;
        reported.insert(key);
        m_issues.add(pathOf(shownKey(key)), u"unknown_field"_s,
            tr("The field \"%1\" is not part of this format.").arg(shownKey(key)));
    }
}

} // namespace deskpay
