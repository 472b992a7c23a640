#include "services/protocol/StructuredFields.h"

#include "services/protocol/SfParser.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr qint64 kMaxInteger = 999'999'999'999'999; // RFC 8941 §3.3.1: at most 15 digits
constexpr double kDecimalLimit = 1e12; // at most 12 integer digits (§3.3.2)

std::unexpected<Error> invalidValue(const QString &what)
{
    return fail(u"sf_invalid_value"_s, StructuredFields::tr("Cannot serialise structured field: %1.").arg(what));
}

QByteArray serializeDecimal(double value)
{
    // Round to three places, then drop trailing zeros but keep one fractional digit (§4.1.5).
    QByteArray out = QByteArray::number(value, 'f', 3);
    while (out.endsWith('0') && out.at(out.size() - 2) != '.')
        out.chop(1);
    if (out == "-0.0")
        out = "0.0"_ba;
    return out;
}

} // namespace

SfBareItem SfBareItem::integer(qint64 value)
{
    SfBareItem item;
    item.m_type = Type::Integer;
    item.m_value = value;
    return item;
}

SfBareItem SfBareItem::decimal(double value)
{
    SfBareItem item;
    item.m_type = Type::Decimal;
    item.m_value = value;
    return item;
}

SfBareItem SfBareItem::string(const QString &value)
{
    SfBareItem item;
    item.m_type = Type::String;
    item.m_value = value;
    return item;
}

SfBareItem SfBareItem::token(const QString &value)
{
    SfBareItem item;
    item.m_type = Type::Token;
    item.m_value = value;
    return item;
}

SfBareItem SfBareItem::byteSequence(const QByteArray &value)
{
    SfBareItem item;
    item.m_type = Type::ByteSequence;
    item.m_value = value;
    return item;
}

SfBareItem SfBareItem::boolean(bool value)
{
    SfBareItem item;
    item.m_type = Type::Boolean;
    item.m_value = value;
    return item;
}

qint64 SfBareItem::toInteger() const
{
    const auto *v = std::get_if<qint64>(&m_value);
    return v ? *v : 0;
}

double SfBareItem::toDecimal() const
{
    const auto *v = std::get_if<double>(&m_value);
    return v ? *v : 0.0;
}

QString SfBareItem::toString() const
{
    const auto *v = std::get_if<QString>(&m_value);
    return v ? *v : QString();
}

QByteArray SfBareItem::toByteSequence() const
{
    const auto *v = std::get_if<QByteArray>(&m_value);
    return v ? *v : QByteArray();
}

bool SfBareItem::toBoolean() const
{
    const auto *v = std::get_if<bool>(&m_value);
    return v ? *v : false;
}

bool StructuredFields::isValidKey(QStringView key)
{
    if (key.isEmpty())
        return false;
    for (qsizetype i = 0; i < key.size(); ++i) {
        const char16_t u = key.at(i).unicode();
        if (u > 0x7f)
            return false;
        const char c = static_cast<char>(u);
        if (i == 0 ? !(SfParser::isLcAlpha(c) || c == '*') : !SfParser::isKeyChar(c))
            return false;
    }
    return true;
}

bool StructuredFields::isValidToken(QStringView token)
{
    if (token.isEmpty())
        return false;
    for (qsizetype i = 0; i < token.size(); ++i) {
        const char16_t u = token.at(i).unicode();
        if (u > 0x7f)
            return false;
        const char c = static_cast<char>(u);
        if (i == 0 ? !(SfParser::isAlpha(c) || c == '*') : !(SfParser::isTchar(c) || c == ':' || c == '/'))
            return false;
    }
    return true;
}

bool StructuredFields::isValidString(QStringView string)
{
    for (const QChar ch : string) {
        if (ch.unicode() < 0x20 || ch.unicode() > 0x7e)
            return false;
    }
    return true;
}

Result<SfItem> StructuredFields::parseItem(QByteArrayView input)
{
    return SfParser::parseItem(input);
}

Result<SfList> StructuredFields::parseList(QByteArrayView input)
{
    return SfParser::parseList(input);
}

Result<SfDictionary> StructuredFields::parseDictionary(QByteArrayView input)
{
    return SfParser::parseDictionary(input);
}

Result<QByteArray> StructuredFields::serializeBareItem(const SfBareItem &item)
{
    switch (item.type()) {
    case SfBareItem::Type::Integer: {
        const qint64 v = item.toInteger();
        if (v > kMaxInteger || v < -kMaxInteger)
            return invalidValue(tr("integer %1 has more than 15 digits").arg(v));
        return QByteArray::number(v);
    }
    case SfBareItem::Type::Decimal: {
        const double v = item.toDecimal();
        if (!std::isfinite(v) || std::fabs(std::round(v * 1000.0) / 1000.0) >= kDecimalLimit)
            return invalidValue(tr("decimal is out of range"));
        return serializeDecimal(v);
    }
    case SfBareItem::Type::String: {
        const QString s = item.toString();
        if (!isValidString(s))
            return invalidValue(tr("string contains a character outside printable ASCII"));
        QByteArray out;
        out.reserve(s.size() + 2);
        out.append('"');
        for (const QChar ch : s) {
            const char c = static_cast<char>(ch.unicode());
            if (c == '"' || c == '\\')
                out.append('\\');
            out.append(c);
        }
        out.append('"');
        return out;
    }
    case SfBareItem::Type::Token: {
        const QString t = item.toString();
        if (!isValidToken(t))
            return invalidValue(tr("\"%1\" is not a valid token").arg(t));
        return t.toLatin1();
    }
    case SfBareItem::Type::ByteSequence:
        return ':' + item.toByteSequence().toBase64() + ':';
    case SfBareItem::Type::Boolean:
        return item.toBoolean() ? "?1"_ba : "?0"_ba;
    }
    return invalidValue(tr("unknown item type"));
}

Result<QByteArray> StructuredFields::serializeParameters(const SfParameters &parameters)
{
    QByteArray out;
    for (const auto &[key, value] : parameters.entries()) {
        if (!isValidKey(key))
            return invalidValue(tr("\"%1\" is not a valid key").arg(key));
        out.append(';');
        out.append(key.toLatin1());
        if (value.isBoolean() && value.toBoolean())
            continue;
        auto bare = serializeBareItem(value);
        if (!bare)
            return bare;
        out.append('=');
        out.append(*bare);
    }
    return out;
}

Result<QByteArray> StructuredFields::serializeItem(const SfItem &item)
{
    auto bare = serializeBareItem(item.value);
    if (!bare)
        return bare;
    auto params = serializeParameters(item.parameters);
    if (!params)
        return params;
    return *bare + *params;
}

Result<QByteArray> StructuredFields::serializeInnerList(const SfInnerList &list)
{
    QByteArray out = "("_ba;
    for (qsizetype i = 0; i < list.items.size(); ++i) {
        if (i > 0)
            out.append(' ');
        auto item = serializeItem(list.items.at(i));
        if (!item)
            return item;
        out.append(*item);
    }
    out.append(')');
    auto params = serializeParameters(list.parameters);
    if (!params)
        return params;
    return out + *params;
}

namespace {

Result<QByteArray> serializeMember(const SfMember &member)
{
    if (const auto *item = std::get_if<SfItem>(&member))
        return StructuredFields::serializeItem(*item);
    return StructuredFields::serializeInnerList(std::get<SfInnerList>(member));
}

} // namespace

Result<QByteArray> StructuredFields::serializeList(const SfList &list)
{
    QByteArray out;
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (i > 0)
            out.append(", ");
        auto member = serializeMember(list.at(i));
        if (!member)
            return member;
        out.append(*member);
    }
    return out;
}

Result<QByteArray> StructuredFields::serializeDictionary(const SfDictionary &dictionary)
{
    QByteArray out;
    bool first = true;
    for (const auto &[key, member] : dictionary.entries()) {
        if (!isValidKey(key))
            return invalidValue(tr("\"%1\" is not a valid key").arg(key));
        if (!first)
            out.append(", ");
        first = false;
        out.append(key.toLatin1());
        const auto *item = std::get_if<SfItem>(&member);
        if (item && item->value.isBoolean() && item->value.toBoolean()) {
            // Boolean true is written as the bare key (§4.1.2).
            auto params = serializeParameters(item->parameters);
            if (!params)
                return params;
            out.append(*params);
            continue;
        }
        auto value = serializeMember(member);
        if (!value)
            return value;
        out.append('=');
        out.append(*value);
    }
    return out;
}

} // namespace deskpay
