#pragma once
// StructuredFields: RFC 8941 Structured Field Values — the value types, a strict parser and a serialiser.
//
// The value types (SfBareItem, SfParameters, SfItem, SfInnerList, SfDictionary) live here with
// the codec because they only make sense together; they are small value classes.

#include "models/Error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace deskpay {

// One bare item (RFC 8941 §3.3): Integer, Decimal, String, Token, Byte Sequence or Boolean.
class SfBareItem
{
public:
    enum class Type { Integer, Decimal, String, Token, ByteSequence, Boolean };

    SfBareItem() = default; // Boolean false
    [[nodiscard]] static SfBareItem integer(qint64 value);
    [[nodiscard]] static SfBareItem decimal(double value);
    [[nodiscard]] static SfBareItem string(const QString &value);
    [[nodiscard]] static SfBareItem token(const QString &value);
    [[nodiscard]] static SfBareItem byteSequence(const QByteArray &value);
    [[nodiscard]] static SfBareItem boolean(bool value);

    [[nodiscard]] Type type() const { return m_type; }
    [[nodiscard]] bool isInteger() const { return m_type == Type::Integer; }
    [[nodiscard]] bool isDecimal() const { return m_type == Type::Decimal; }
    [[nodiscard]] bool isString() const { return m_type == Type::String; }
    [[nodiscard]] bool isToken() const { return m_type == Type::Token; }
    [[nodiscard]] bool isByteSequence() const { return m_type == Type::ByteSequence; }
    [[nodiscard]] bool isBoolean() const { return m_type == Type::Boolean; }

    // Each accessor returns the type's zero value when the item is of another type.
    [[nodiscard]] qint64 toInteger() const;
    [[nodiscard]] double toDecimal() const;
    [[nodiscard]] QString toString() const; // String or Token
    [[nodiscard]] QByteArray toByteSequence() const;
    [[nodiscard]] bool toBoolean() const;

    friend bool operator==(const SfBareItem &, const SfBareItem &) = default;

private:
    Type m_type = Type::Boolean;
    std::variant<bool, qint64, double, QString, QByteArray> m_value = false;
};

// An ordered map with unique keys, as RFC 8941 uses for Parameters and Dictionaries:
// setting an existing key replaces its value in place (RFC 8941 §4.2.2, §4.2.3.2).
template<typename V> class SfOrderedMap
{
public:
    using Entry = std::pair<QString, V>;

    void set(const QString &key, V value)
    {
        for (Entry &e : m_entries) {
            if (e.first == key) {
                e.second = std::move(value);
                return;
            }
        }
        m_entries.append(Entry(key, std::move(value)));
    }
    [[nodiscard]] const V *find(const QString &key) const
    {
        for (const Entry &e : m_entries) {
            if (e.first == key)
                return &e.second;
        }
        return nullptr;
    }
    [[nodiscard]] bool contains(const QString &key) const { return find(key) != nullptr; }
    void remove(const QString &key)
    {
        m_entries.removeIf([&key](const Entry &e) { return e.first == key; });
    }
    [[nodiscard]] bool isEmpty() const { return m_entries.isEmpty(); }
    [[nodiscard]] qsizetype size() const { return m_entries.size(); }
    [[nodiscard]] const QList<Entry> &entries() const { return m_entries; }

    friend bool operator==(const SfOrderedMap &, const SfOrderedMap &) = default;

private:
    QList<Entry> m_entries;
};

using SfParameters = SfOrderedMap<SfBareItem>;

// An Item: a bare item with parameters (RFC 8941 §3.3).
struct SfItem
{
    SfBareItem value;
    SfParameters parameters;

    friend bool operator==(const SfItem &, const SfItem &) = default;
};

// An Inner List: items in parentheses, with parameters of its own (RFC 8941 §3.1.1).
struct SfInnerList
{
    QList<SfItem> items;
    SfParameters parameters;

    friend bool operator==(const SfInnerList &, const SfInnerList &) = default;
};

// A member of a List or Dictionary is an Item or an Inner List.
using SfMember = std::variant<SfItem, SfInnerList>;
using SfList = QList<SfMember>;
using SfDictionary = SfOrderedMap<SfMember>;

// The codec. Parsing is strict (RFC 8941 §4.2): anything outside the grammar fails with
// `sf_malformed` and the offset of the problem; serialising a value outside the grammar
// (a string with a control character, an integer of 16 digits...) fails with `sf_invalid_value`.
class StructuredFields
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::StructuredFields)

public:
    [[nodiscard]] static Result<SfItem> parseItem(QByteArrayView input);
    [[nodiscard]] static Result<SfList> parseList(QByteArrayView input);
    [[nodiscard]] static Result<SfDictionary> parseDictionary(QByteArrayView input);

    [[nodiscard]] static Result<QByteArray> serializeBareItem(const SfBareItem &item);
    [[nodiscard]] static Result<QByteArray> serializeParameters(const SfParameters &parameters);
    [[nodiscard]] static Result<QByteArray> serializeItem(const SfItem &item);
    [[nodiscard]] static Result<QByteArray> serializeInnerList(const SfInnerList &list);
    [[nodiscard]] static Result<QByteArray> serializeList(const SfList &list);
    [[nodiscard]] static Result<QByteArray> serializeDictionary(const SfDictionary &dictionary);

    // Grammar checks, also used by callers that build values from user input.
    [[nodiscard]] static bool isValidKey(QStringView key);
    [[nodiscard]] static bool isValidToken(QStringView token);
    [[nodiscard]] static bool isValidString(QStringView string);
};

} // namespace deskpay
