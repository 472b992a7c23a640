#include "services/protocol/JsonValue.h"

#include <algorithm>
#include <numeric>

using namespace Qt::StringLiterals;

namespace deskpay {

JsonValue JsonValue::boolean(bool value)
{
    JsonValue v;
    v.m_type = Type::Bool;
    v.m_bool = value;
    return v;
}

JsonValue JsonValue::integer(qint64 value)
{
    return numberLiteral(QString::number(value));
}

JsonValue JsonValue::numberLiteral(QString literal)
{
    JsonValue v;
    v.m_type = Type::Number;
    v.m_text = std::move(literal);
    return v;
}

JsonValue JsonValue::string(QString value)
{
    JsonValue v;
    v.m_type = Type::String;
    v.m_text = std::move(value);
    return v;
}

JsonValue JsonValue::array()
{
    JsonValue v;
    v.m_type = Type::Array;
    return v;
}

JsonValue JsonValue::object()
{
    JsonValue v;
    v.m_type = Type::Object;
    return v;
}

QString JsonValue::typeName(Type type)
{
    switch (type) {
    case Type::Null:
        return u"null"_s;
    case Type::Bool:
        return u"boolean"_s;
    case Type::Number:
        return u"number"_s;
    case Type::String:
        return u"string"_s;
    case Type::Array:
        return u"array"_s;
    case Type::Object:
        return u"object"_s;
    }
    return {};
}

const JsonValue *JsonValue::member(QStringView key) const
{
    for (qsizetype i = 0; i < m_keys.size(); ++i)
        if (m_keys[i] == key)
            return &m_children[size_t(i)];
    return nullptr;
}

JsonValue &JsonValue::append(JsonValue value)
{
    m_children.push_back(std::move(value));
    return *this;
}

JsonValue &JsonValue::insert(const QString &key, JsonValue value)
{
    m_keys.append(key);
    m_children.push_back(std::move(value));
    return *this;
}

namespace {

void writeString(QByteArray &out, const QString &s)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.append('"');
    const QByteArray utf8 = s.toUtf8();
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            if (c < 0x20) {
                out.append("\\u00");
                out.append(kHex[c >> 4]);
                out.append(kHex[c & 0xF]);
            } else {
                out.append(ch);
            }
        }
    }
    out.append('"');
}

} // namespace

void JsonValue::write(QByteArray &out) const
{
    switch (m_type) {
    case Type::Null:
        out.append("null");
        return;
    case Type::Bool:
        out.append(m_bool ? "true" : "false");
        return;
    case Type::Number:
        out.append(m_text.toLatin1());
        return;
    case Type::String:
        writeString(out, m_text);
        return;
    case Type::Array:
        out.append('[');
        for (size_t i = 0; i < m_children.size(); ++i) {
            if (i > 0)
                out.append(',');
            m_children[i].write(out);
        }
        out.append(']');
        return;
    case Type::Object: {
        std::vector<qsizetype> order(size_t(m_keys.size()));
        std::iota(order.begin(), order.end(), 0);
        // QString's operator< compares UTF-16 code units, which is exactly the JCS order.
        std::stable_sort(
            order.begin(), order.end(), [this](qsizetype a, qsizetype b) { return m_keys[a] < m_keys[b]; });
        out.append('{');
        bool first = true;
        for (qsizetype i : order) {
            if (!first)
                out.append(',');
            first = false;
            writeString(out, m_keys[i]);
            out.append(':');
            m_children[size_t(i)].write(out);
        }
        out.append('}');
        return;
    }
    }
}

QByteArray JsonValue::toCanonicalJson() const
{
    QByteArray out;
    write(out);
    return out;
}

} // namespace deskpay
