#pragma once
// JsonValue: a JSON tree that keeps what QJsonDocument loses for a strict wire format —
// duplicate keys, number literals as written, byte offsets — and writes canonical JSON.

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace deskpay {

class JsonValue
{
public:
    enum class Type : quint8 { Null, Bool, Number, String, Array, Object };

    JsonValue() = default;

    [[nodiscard]] static JsonValue null() { return JsonValue(); }
    [[nodiscard]] static JsonValue boolean(bool value);
    [[nodiscard]] static JsonValue integer(qint64 value);
    // A number literal exactly as it appears in JSON text ("12", "-0.5e3"); not checked here.
    [[nodiscard]] static JsonValue numberLiteral(QString literal);
    [[nodiscard]] static JsonValue string(QString value);
    [[nodiscard]] static JsonValue array();
    [[nodiscard]] static JsonValue object();

    [[nodiscard]] Type type() const { return m_type; }
    [[nodiscard]] bool isNull() const { return m_type == Type::Null; }
    [[nodiscard]] bool isObject() const { return m_type == Type::Object; }
    [[nodiscard]] bool isArray() const { return m_type == Type::Array; }
    [[nodiscard]] bool isString() const { return m_type == Type::String; }
    [[nodiscard]] bool isNumber() const { return m_type == Type::Number; }
    [[nodiscard]] bool isBool() const { return m_type == Type::Bool; }
    // "null", "boolean", "number", "string", "array", "object" — for messages.
    [[nodiscard]] static QString typeName(Type type);

    [[nodiscard]] bool toBool() const { return m_bool; }
    // The string's value, or the number's literal text.
    [[nodiscard]] const QString &text() const { return m_text; }

    // Array elements, or object member values (in document order, duplicates kept).
    [[nodiscard]] const std::vector<JsonValue> &children() const { return m_children; }
    // Object member keys, parallel to children().
    [[nodiscard]] const QStringList &keys() const { return m_keys; }
    // The first member with this key, or nullptr.
    [[nodiscard]] const JsonValue *member(QStringView key) const;

    // Builders (for arrays and objects respectively). insert() does not look for an existing key.
    JsonValue &append(JsonValue value);
    JsonValue &insert(const QString &key, JsonValue value);

    // Byte offset of the value's first character in the parsed text (0 for built values).
    [[nodiscard]] qsizetype offset() const { return m_offset; }
    void setOffset(qsizetype offset) { m_offset = offset; }

    // Canonical JSON in the manner of RFC 8785 (JCS): no insignificant whitespace, object
    // members sorted by the UTF-16 code units of their keys, strings escaped minimally (quote,
    // backslash, the short escapes b f n r t, other control characters as u00xx, everything
    // else as UTF-8), number literals as stored (the codecs store only canonical integers).
    // The same tree always gives the same bytes.
    [[nodiscard]] QByteArray toCanonicalJson() const;

private:
    void write(QByteArray &out) const;

    Type m_type = Type::Null;
    bool m_bool = false;
    QString m_text;
    QStringList m_keys;
    std::vector<JsonValue> m_children;
    qsizetype m_offset = 0;
};

} // namespace deskpay
