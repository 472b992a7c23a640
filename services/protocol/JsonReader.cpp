#include "services/protocol/JsonReader.h"

using namespace Qt::StringLiterals;

namespace deskpay {

Error JsonSyntaxError::toError() const
{
    return Error { tooLarge ? u"too_large"_s : u"invalid_json"_s,
        QCoreApplication::translate("deskpay::JsonReader", "Not valid JSON at line %1, column %2 (byte %3): %4")
            .arg(line)
            .arg(column)
            .arg(offset)
            .arg(reason),
        QString() };
}

namespace {

class Parser
{
public:
    Parser(QByteArrayView text, JsonReader::Limits limits)
        : m_text(text)
        , m_limits(limits)
    {
    }

    std::expected<JsonValue, JsonSyntaxError> run()
    {
        if (m_text.size() > m_limits.maxBytes) {
            fail(0, JsonReader::tr("the input is larger than %1 bytes").arg(m_limits.maxBytes));
            m_error.tooLarge = true;
            return std::unexpected(m_error);
        }
        if (m_text.startsWith("\xEF\xBB\xBF"))
            return failed(0, JsonReader::tr("a byte order mark is not allowed"));
        skipWhitespace();
        JsonValue value;
        if (!parseValue(value, 0))
            return std::unexpected(m_error);
        skipWhitespace();
        if (m_pos != m_text.size())
            return failed(m_pos, JsonReader::tr("unexpected characters after the JSON value"));
        return value;
    }

private:
    std::unexpected<JsonSyntaxError> failed(qsizetype at, const QString &reason)
    {
        fail(at, reason);
        return std::unexpected(m_error);
    }

    bool fail(qsizetype at, const QString &reason)
    {
        m_error.reason = reason;
        m_error.offset = at;
        m_error.line = 1;
        qsizetype lineStart = 0;
        for (qsizetype i = 0; i < at && i < m_text.size(); ++i) {
            if (m_text[i] == '\n') {
                ++m_error.line;
                lineStart = i + 1;
            }
        }
        m_error.column = int(at - lineStart + 1);
        return false;
    }

    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }

    void skipWhitespace()
    {
        while (!atEnd()) {
            const char c = m_text[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                return;
            ++m_pos;
        }
    }

    QString describeHere() const
    {
        if (atEnd())
            return JsonReader::tr("the end of the input");
        const auto c = static_cast<unsigned char>(m_text[m_pos]);
        if (c >= 0x21 && c < 0x7F)
            return u"'"_s + QChar(char16_t(c)) + u"'"_s;
        return u"byte 0x"_s + QString::number(c, 16).rightJustified(2, u'0');
    }

    bool expectLiteral(const char *word, qsizetype length)
    {
        if (m_text.sliced(m_pos).startsWith(QByteArrayView(word, length))) {
            m_pos += length;
            return true;
        }
        return fail(m_pos, JsonReader::tr("unexpected %1").arg(describeHere()));
    }

    bool parseValue(JsonValue &out, int depth)
    {
        const qsizetype start = m_pos;
        switch (peek()) {
        case '{':
            if (!parseObject(out, depth + 1))
                return false;
            break;
        case '[':
            if (!parseArray(out, depth + 1))
                return false;
            break;
        case '"': {
            QString s;
            if (!parseString(s))
                return false;
            out = JsonValue::string(std::move(s));
            break;
        }
        case 't':
            if (!expectLiteral("true", 4))
                return false;
            out = JsonValue::boolean(true);
            break;
        case 'f':
            if (!expectLiteral("false", 5))
                return false;
            out = JsonValue::boolean(false);
            break;
        case 'n':
            if (!expectLiteral("null", 4))
                return false;
            out = JsonValue::null();
            break;
        default:
            if (peek() == '-' || (peek() >= '0' && peek() <= '9')) {
                if (!parseNumber(out))
                    return false;
                break;
            }
            return fail(m_pos, JsonReader::tr("expected a value but found %1").arg(describeHere()));
        }
        out.setOffset(start);
        return true;
    }

    bool enter(int depth)
    {
        if (depth <= m_limits.maxDepth)
            return true;
        fail(m_pos, JsonReader::tr("arrays and objects are nested more than %1 deep").arg(m_limits.maxDepth));
        m_error.tooLarge = true;
        return false;
    }

    bool parseObject(JsonValue &out, int depth)
    {
        if (!enter(depth))
            return false;
        out = JsonValue::object();
        ++m_pos; // '{'
        skipWhitespace();
        if (peek() == '}') {
            ++m_pos;
            return true;
        }
        for (;;) {
            if (peek() != '"')
                return fail(
                    m_pos, JsonReader::tr("expected a member name in double quotes but found %1").arg(describeHere()));
            QString key;
            if (!parseString(key))
                return false;
            skipWhitespace();
            if (peek() != ':')
                return fail(m_pos, JsonReader::tr("expected ':' but found %1").arg(describeHere()));
            ++m_pos;
            skipWhitespace();
            JsonValue value;
            if (!parseValue(value, depth))
                return false;
            out.insert(key, std::move(value));
            skipWhitespace();
            if (peek() == ',') {
                ++m_pos;
                skipWhitespace();
                continue;
            }
            if (peek() == '}') {
                ++m_pos;
                return true;
            }
            return fail(m_pos, JsonReader::tr("expected ',' or '}' but found %1").arg(describeHere()));
        }
    }

    bool parseArray(JsonValue &out, int depth)
    {
        if (!enter(depth))
            return false;
        out = JsonValue::array();
        ++m_pos; // '['
        skipWhitespace();
        if (peek() == ']') {
            ++m_pos;
            return true;
        }
        for (;;) {
            JsonValue value;
            if (!parseValue(value, depth))
                return false;
            out.append(std::move(value));
            skipWhitespace();
            if (peek() == ',') {
                ++m_pos;
                skipWhitespace();
                continue;
            }
            if (peek() == ']') {
                ++m_pos;
                return true;
            }
            return fail(m_pos, JsonReader::tr("expected ',' or ']' but found %1").arg(describeHere()));
        }
    }

    bool isDigit(qsizetype i) const { return i < m_text.size() && m_text[i] >= '0' && m_text[i] <= '9'; }

    bool parseNumber(JsonValue &out)
    {
        const qsizetype start = m_pos;
        if (peek() == '-')
            ++m_pos;
        if (!isDigit(m_pos))
            return fail(m_pos, JsonReader::tr("expected a digit but found %1").arg(describeHere()));
        if (m_text[m_pos] == '0') {
            ++m_pos;
            if (isDigit(m_pos))
                return fail(m_pos, JsonReader::tr("a number may not have leading zeros"));
        } else {
            while (isDigit(m_pos))
                ++m_pos;
        }
        if (peek() == '.') {
            ++m_pos;
            if (!isDigit(m_pos))
                return fail(m_pos, JsonReader::tr("expected a digit after the decimal point"));
            while (isDigit(m_pos))
                ++m_pos;
        }
        if (peek() == 'e' || peek() == 'E') {
            ++m_pos;
            if (peek() == '+' || peek() == '-')
                ++m_pos;
            if (!isDigit(m_pos))
                return fail(m_pos, JsonReader::tr("expected a digit in the exponent"));
            while (isDigit(m_pos))
                ++m_pos;
        }
        out = JsonValue::numberLiteral(QString::fromLatin1(m_text.sliced(start, m_pos - start)));
        return true;
    }

    int hex4(qsizetype at) const
    {
        if (at + 4 > m_text.size())
            return -1;
        int v = 0;
        for (qsizetype i = at; i < at + 4; ++i) {
            const char c = m_text[i];
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= c - '0';
            else if (c >= 'a' && c <= 'f')
                v |= c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                v |= c - 'A' + 10;
            else
                return -1;
        }
        return v;
    }

    // One UTF-8 sequence starting at m_pos (a lead byte ≥ 0x80), validated per RFC 3629.
    bool takeUtf8(QString &out)
    {
        const auto b0 = static_cast<unsigned char>(m_text[m_pos]);
        int length = 0;
        char32_t cp = 0;
        char32_t min = 0;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            length = 2, cp = b0 & 0x1F, min = 0x80;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            length = 3, cp = b0 & 0x0F, min = 0x800;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            length = 4, cp = b0 & 0x07, min = 0x10000;
        } else {
            return fail(m_pos, JsonReader::tr("invalid UTF-8"));
        }
        if (m_pos + length > m_text.size())
            return fail(m_pos, JsonReader::tr("invalid UTF-8"));
        for (int i = 1; i < length; ++i) {
            const auto b = static_cast<unsigned char>(m_text[m_pos + i]);
            if ((b & 0xC0) != 0x80)
                return fail(m_pos, JsonReader::tr("invalid UTF-8"));
            cp = (cp << 6) | (b & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return fail(m_pos, JsonReader::tr("invalid UTF-8"));
        const char32_t c32[1] = { cp };
        out.append(QString::fromUcs4(c32, 1));
        m_pos += length;
        return true;
    }

    bool parseString(QString &out)
    {
        ++m_pos; // opening quote
        for (;;) {
            if (atEnd())
                return fail(m_pos, JsonReader::tr("a string is not closed"));
            const auto c = static_cast<unsigned char>(m_text[m_pos]);
            if (c == '"') {
                ++m_pos;
                return true;
            }
            if (c < 0x20)
                return fail(m_pos, JsonReader::tr("a control character inside a string must be escaped"));
            if (c >= 0x80) {
                if (!takeUtf8(out))
                    return false;
                continue;
            }
            if (c != '\\') {
                out.append(QChar(char16_t(c)));
                ++m_pos;
                continue;
            }
            const qsizetype escapeStart = m_pos;
            ++m_pos;
            switch (peek()) {
            case '"':
                out.append(u'"');
                break;
            case '\\':
                out.append(u'\\');
                break;
            case '/':
                out.append(u'/');
                break;
            case 'b':
                out.append(u'\b');
                break;
            case 'f':
                out.append(u'\f');
                break;
            case 'n':
                out.append(u'\n');
                break;
            case 'r':
                out.append(u'\r');
                break;
            case 't':
                out.append(u'\t');
                break;
            case 'u': {
                const int hi = hex4(m_pos + 1);
                if (hi < 0)
                    return fail(escapeStart, JsonReader::tr("\\u must be followed by four hexadecimal digits"));
                m_pos += 4;
                if (hi >= 0xDC00 && hi <= 0xDFFF)
                    return fail(escapeStart, JsonReader::tr("a lone UTF-16 surrogate is not a character"));
                if (hi >= 0xD800 && hi <= 0xDBFF) {
                    const int lo = (m_pos + 2 < m_text.size() && m_text[m_pos + 1] == '\\' && m_text[m_pos + 2] == 'u')
                        ? hex4(m_pos + 3)
                        : -1;
                    if (lo < 0xDC00 || lo > 0xDFFF)
                        return fail(escapeStart, JsonReader::tr("a lone UTF-16 surrogate is not a character"));
                    out.append(QChar(char16_t(hi)));
                    out.append(QChar(char16_t(lo)));
                    m_pos += 6;
                } else {
                    out.append(QChar(char16_t(hi)));
                }
                break;
            }
            default:
                return fail(escapeStart, JsonReader::tr("unknown escape sequence"));
            }
            ++m_pos;
        }
    }

    QByteArrayView m_text;
    JsonReader::Limits m_limits;
    qsizetype m_pos = 0;
    JsonSyntaxError m_error;
};

} // namespace

std::expected<JsonValue, JsonSyntaxError> JsonReader::parse(QByteArrayView utf8)
{
    return parse(utf8, Limits {});
}

std::expected<JsonValue, JsonSyntaxError> JsonReader::parse(QByteArrayView utf8, Limits limits)
{
    return Parser(utf8, limits).run();
}

} // namespace deskpay
