#include "services/protocol/SfParser.h"

using namespace Qt::StringLiterals;

namespace deskpay {

bool SfParser::isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool SfParser::isLcAlpha(char c)
{
    return c >= 'a' && c <= 'z';
}

bool SfParser::isAlpha(char c)
{
    return isLcAlpha(c) || (c >= 'A' && c <= 'Z');
}

// tchar of RFC 9110 §5.6.2.
bool SfParser::isTchar(char c)
{
    if (isAlpha(c) || isDigit(c))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool SfParser::isKeyChar(char c)
{
    return isLcAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*';
}

namespace {

bool isBase64Char(char c)
{
    return SfParser::isAlpha(c) || SfParser::isDigit(c) || c == '+' || c == '/' || c == '=';
}

// A cursor over the field value; every parse step either consumes what it understood or fails.
class Cursor
{
public:
    explicit Cursor(QByteArrayView input)
        : m_in(input)
    {
    }

    bool atEnd() const { return m_pos >= m_in.size(); }
    char peek() const { return atEnd() ? '\0' : m_in.at(m_pos); }
    bool consume(char c)
    {
        if (atEnd() || peek() != c)
            return false;
        ++m_pos;
        return true;
    }
    void skipSp()
    {
        while (!atEnd() && peek() == ' ')
            ++m_pos;
    }
    void skipOws()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t'))
            ++m_pos;
    }

    std::unexpected<Error> error(const char *what) const
    {
        return fail(u"sf_malformed"_s,
            StructuredFields::tr("Malformed structured field at offset %1: %2.")
                .arg(m_pos)
                .arg(StructuredFields::tr(what)));
    }

    Result<SfBareItem> parseBareItem()
    {
        const char c = peek();
        if (c == '-' || SfParser::isDigit(c))
            return parseNumber();
        if (c == '"')
            return parseString();
        if (SfParser::isAlpha(c) || c == '*')
            return parseToken();
        if (c == ':')
            return parseByteSequence();
        if (c == '?')
            return parseBoolean();
        return error(QT_TRANSLATE_NOOP("deskpay::StructuredFields", "expected a bare item"));
    }

    Result<SfBareItem> parseNumber()
    {
        bool isDecimal = false;
        bool negative = false;
        if (peek() == '-') {
            negative = true;
            ++m_pos;
        }
        if (!SfParser::isDigit(peek()))
            return error(QT_TRANSLATE_NOOP("deskpay::StructuredFields", "expected a digit"));
        QByteArray number;
        while (!atEnd()) {
            const char c = peek();
            if (SfParser::isDigit(c)) {
                number.append(c);
            } else if (!isDecimal && c == '.') {
                if (number.size() > 12)
                    return error(
                        QT_TRANSLATE_NOOP("deskpay::StructuredFields", "decimal has more than 12 integer digits"));
                number.append(c);
                isDecimal = true;
            } else {
                break;
            }
            ++m_pos;
            if (!isDecimal && number.size() > 15)
                return error(QT_TRANSLATE_NOOP("deskpay::StructuredFields", "integer has more than 15 digits"));
            if (isDecimal && number.size() > 16)
                return error(QT_TRANSLATE_NOOP("deskpay::StructuredFields", "decimal is too long"));
        }
        if (!isDecimal) {
            const qint64 value = number.toLongLong();
            return SfBareItem::integer(negative ? -value : value);
        }
        if (number.endsWith('.'))
            return error(QT_TRANSLATE_NOOP("deskpay::StructuredFields", "decimal ends with a dot"));
        if (number.size() - number.indexOf('.') - 1 > 3)
            return error(QT_TRANSLATE_NOOP("deskpay::StructuredFields", "decimal has more than 3 fractional digits"));
        const double value = number.toDouble();
        return SfBareItem::decimal(negative ? -value : value);
    }

    Result<SfBareItem> parseString()
    {
        ++m_pos; // opening DQUOTE
        QString out;
        while (!atEnd()) {
            const char c = m_in.at(m_pos++);
            if (c == '\\') {
                if (atEnd())
                    return error(QT_TRANSLATE_NOOP("deskpay::StructuredFields", "string ends inside an escape"));
                const char next = m_in.at(m_pos++);
                if (next != '"' && next != '\\')
                    return error(QT_TRANSLATE_NOOP(
                        "deskpay::StructuredFields", "only \\\" and \\\\ may be escaped in a string"));
                out.append(QLatin1Char(next));
            } else if (c == '"') {
                return SfBareItem::string(out);
            } else if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) {
                return error(QT_TRANSLATE_NOOP(
                    "deskpay::StructuredFields", "string contains a character outside printable ASCII"));
            } else {
                out.append(QLatin1Char(c));
            }
        }
        return error(QT_TRANSLATE_NOOP("deskpay::StructuredFields", "string has no closing quote"));
    }

    Result<SfBareItem> parseToken()
    {
        const qsizetype start = m_pos;
        ++m_pos;
        while (!atEnd() && (SfParser::isTchar(peek()) || peek() == ':' || peek() == '/'))
            ++m_pos;
        return SfBareItem::token(QString::fromLatin1(m_in.sliced(start, m_pos - start)));
    }

    Result<SfBareItem> parseByteSequence()
    {
        ++m_pos; // opening colon
        const qsizetype start = m_pos;
        while (!atEnd() && peek() != ':') {
            if (!isBase64Char(peek()))
                return error(QT_TRANSLATE_NOOP(
                    "deskpay::StructuredFields", "byte sequence contains a character outside base64"));
            ++m_pos;
        }
        if (atEnd())
            return error(QT_TRANSLATE_NOOP("deskpay::StructuredFields", "byte sequence has no closing colon"));
        const QByteArray encoded = m_in.sliced(start, m_pos - start).toByteArray();
        ++m_pos; // closing colon
        // '=' only as trailing padding; a '=' in the middle would be silently misread otherwise.
        const qsizetype firstPad = encoded.indexOf('=');
        if (firstPad >= 0) {
            for (qsizetype i = firstPad; i < encoded.size(); ++i) {
                if (encoded.at(i) != '=')
                    return error(
                        QT_TRANSLATE_NOOP("deskpay::StructuredFields", "byte sequence has padding before its end"));
            }
            if (encoded.size() % 4 != 0 || encoded.size() - firstPad > 2)
                return error(QT_TRANSLATE_NOOP("deskpay::StructuredFields", "byte sequence has wrong padding"));
        }
        auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return error(QT_TRANSLATE_NOOP("deskpay::StructuredFields", "byte sequence is not valid base64"));
        return SfBareItem::byteSequence(decoded.decoded);
    }

    Result<SfBareItem> parseBoolean()
    {
        ++m_pos; // '?'
        if (peek() == '1' || peek() == '0') {
            const bool value = peek() == '1';
            ++m_pos;
            return SfBareItem::boolean(value);
        }
        return error(QT_TRANSLATE_NOOP("deskpay::StructuredFields", "boolean must be ?0 or ?1"));
    }

    Result<QString> parseKey()
    {
        if (!SfParser::isLcAlpha(peek()) && peek() != '*')
            return error(QT_TRANSLATE_NOOP("deskpay::StructuredFields", "expected a key (lowercase letter or *)"));
        const qsizetype start = m_pos;
        while (!atEnd() && SfParser::isKeyChar(peek()))
            ++m_pos;
        return QString::fromLatin1(m_in.sliced(start, m_pos - start));
    }

    Result<SfParameters> parseParameters()
    {
        SfParameters params;
        while (peek() == ';') {
            ++m_pos;
            skipSp();
            auto key = parseKey();
            if (!key)
                return std::unexpected(key.error());
            SfBareItem value = SfBareItem::boolean(true);
            if (peek() == '=') {
                ++m_pos;
                auto item = parseBareItem();
                if (!item)
                    return std::unexpected(item.error());
                value = *item;
            }
            params.set(*key, value);
        }
        return params;
    }

    Result<SfItem> parseItem()
    {
        auto bare = parseBareItem();
        if (!bare)
            return std::unexpected(bare.error());
        auto params = parseParameters();
        if (!params)
            return std::unexpected(params.error());
        return SfItem { *bare, *params };
    }

    Result<SfInnerList> parseInnerList()
    {
        ++m_pos; // '('
        SfInnerList list;
        while (!atEnd()) {
            skipSp();
            if (peek() == ')') {
                ++m_pos;
                auto params = parseParameters();
                if (!params)
                    return std::unexpected(params.error());
                list.parameters = *params;
                return list;
            }
            auto item = parseItem();
            if (!item)
                return std::unexpected(item.error());
            list.items.append(*item);
            if (peek() != ' ' && peek() != ')')
                return error(
                    QT_TRANSLATE_NOOP("deskpay::StructuredFields", "inner list items must be separated by spaces"));
        }
        return error(QT_TRANSLATE_NOOP("deskpay::StructuredFields", "inner list has no closing parenthesis"));
    }

    Result<SfMember> parseMember()
    {
        if (peek() == '(') {
            auto list = parseInnerList();
            if (!list)
                return std::unexpected(list.error());
            return SfMember(*list);
        }
        auto item = parseItem();
        if (!item)
            return std::unexpected(item.error());
        return SfMember(*item);
    }

    // After a member of a List or Dictionary: end of input, or a comma and another member.
    Result<bool> parseSeparator()
    {
        skipOws();
        if (atEnd())
            return false;
        if (peek() != ',')
            return error(QT_TRANSLATE_NOOP("deskpay::StructuredFields", "expected a comma between members"));
        ++m_pos;
        skipOws();
        if (atEnd())
            return error(QT_TRANSLATE_NOOP("deskpay::StructuredFields", "trailing comma"));
        return true;
    }

    Result<void> expectEnd()
    {
        skipSp();
        if (!atEnd())
            return error(QT_TRANSLATE_NOOP("deskpay::StructuredFields", "unexpected characters after the value"));
        return {};
    }

private:
    QByteArrayView m_in;
    qsizetype m_pos = 0;
};

} // namespace

Result<SfItem> SfParser::parseItem(QByteArrayView input)
{
    Cursor p(input);
    p.skipSp();
    auto item = p.parseItem();
    if (!item)
        return item;
    if (auto end = p.expectEnd(); !end)
        return std::unexpected(end.error());
    return item;
}

Result<SfList> SfParser::parseList(QByteArrayView input)
{
    Cursor p(input);
    p.skipSp();
    SfList list;
    while (!p.atEnd()) {
        auto member = p.parseMember();
        if (!member)
            return std::unexpected(member.error());
        list.append(*member);
        auto more = p.parseSeparator();
        if (!more)
            return std::unexpected(more.error());
        if (!*more)
            break;
    }
    if (auto end = p.expectEnd(); !end)
        return std::unexpected(end.error());
    return list;
}

Result<SfDictionary> SfParser::parseDictionary(QByteArrayView input)
{
    Cursor p(input);
    p.skipSp();
    SfDictionary dict;
    while (!p.atEnd()) {
        auto key = p.parseKey();
        if (!key)
            return std::unexpected(key.error());
        if (p.consume('=')) {
            auto member = p.parseMember();
            if (!member)
                return std::unexpected(member.error());
            dict.set(*key, *member);
        } else {
            // A key without '=' is Boolean true with parameters (RFC 8941 §4.2.2).
            auto params = p.parseParameters();
            if (!params)
                return std::unexpected(params.error());
            dict.set(*key, SfMember(SfItem { SfBareItem::boolean(true), *params }));
        }
        auto more = p.parseSeparator();
        if (!more)
            return std::unexpected(more.error());
        if (!*more)
            break;
    }
    if (auto end = p.expectEnd(); !end)
        return std::unexpected(end.error());
    return dict;
}

} // namespace deskpay
