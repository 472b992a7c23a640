#include "payments/FormCodec.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
// QString::fromUtf8 would quietly substitute U+FFFD, which would change what is signed.
bool isValidUtf8(QByteArrayView bytes)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
        } else if (c == 0xE0) {
            extra = 2;
            low = 0xA0;
        } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
            extra = 2;
        } else if (c == 0xED) {
            extra = 2;
            high = 0x9F; // U+D800..U+DFFF are surrogates
        } else if (c == 0xF0) {
            extra = 3;
            low = 0x90;
        } else if (c >= 0xF1 && c <= 0xF3) {
            extra = 3;
        } else if (c == 0xF4) {
            extra = 3;
            high = 0x8F;
        } else {
            return false;
        }
        if (i + extra >= n)
            return false;
        if (p[i + 1] < low || p[i + 1] > high)
            return false;
        for (int k = 2; k <= extra; ++k) {
            if (p[i + k] < 0x80 || p[i + k] > 0xBF)
                return false;
        }
        i += extra + 1;
    }
    return true;
}

std::unexpected<Error> formInvalid(const QString &message, const QString &field = {})
{
    return fail(u"form_invalid"_s, message, field);
}

// Decodes one name or value: '+' is a space, %XX a byte. `what` names it in messages.
Result<QString> decodeComponent(QByteArrayView raw, const QString &what)
{
    QByteArray bytes;
    bytes.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '+') {
            bytes.append(' ');
        } else if (c == '%') {
            const int hi = i + 1 < raw.size() ? hexValue(raw[i + 1]) : -1;
            const int lo = i + 2 < raw.size() ? hexValue(raw[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                return formInvalid(FormCodec::tr("%1 has a malformed %-escape.").arg(what));
            bytes.append(char(hi * 16 + lo));
            i += 2;
        } else {
            bytes.append(c);
        }
    }
    if (!isValidUtf8(bytes))
        return formInvalid(FormCodec::tr("%1 is not valid UTF-8.").arg(what));
    if (bytes.isEmpty())
        return QString(0, Qt::Uninitialized); // empty, not null: value() tells "a=" from absent
    return QString::fromUtf8(bytes);
}

bool isUnreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
        || c == '_' || c == '*';
}

void appendEncoded(QByteArray &out, const QString &text)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        if (isUnreserved(c)) {
            out.append(c);
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out.append('%');
            out.append(kHex[byte >> 4]);
            out.append(kHex[byte & 0x0F]);
        }
    }
}

} // namespace

Result<FormParams> FormCodec::parse(QByteArrayView body)
{
    FormParams params;
    if (body.isEmpty())
        return params;
    QSet<QString> seen;
    qsizetype start = 0;
    int index = 0;
    while (start <= body.size()) {
        qsizetype end = body.indexOf('&', start);
        if (end < 0)
            end = body.size();
        const QByteArrayView pair = body.sliced(start, end - start);
        ++index;
        const qsizetype equals = pair.indexOf('=');
        if (equals < 0) {
            // Name the parameter if its name at least decodes; never echo a value.
            const auto name = decodeComponent(pair, tr("Parameter %1").arg(index));
            return formInvalid(name && !name->isEmpty() ? tr("The parameter \"%1\" has no '='.").arg(*name)
                                                        : tr("Parameter %1 is empty or has no '='.").arg(index),
                name ? *name : QString());
        }
        auto name = decodeComponent(pair.first(equals), tr("The name of parameter %1").arg(index));
        if (!name)
            return std::unexpected(name.error());
        if (name->isEmpty())
            return formInvalid(tr("Parameter %1 has an empty name.").arg(index));
        auto value = decodeComponent(pair.sliced(equals + 1), tr("The value of \"%1\"").arg(*name));
        if (!value) {
            Error error = value.error();
            error.field = *name;
            return std::unexpected(error);
        }
        if (seen.contains(*name))
            return formInvalid(tr("The parameter \"%1\" is given more than once.").arg(*name), *name);
        seen.insert(*name);
        params.append({ *name, *value });
        start = end + 1;
    }
    return params;
}

QByteArray FormCodec::encode(const FormParams &params)
{
    QByteArray out;
    for (const auto &[name, value] : params) {
        if (!out.isEmpty())
            out.append('&');
        appendEncoded(out, name);
        out.append('=');
        appendEncoded(out, value);
    }
    return out;
}

QString FormCodec::value(const FormParams &params, QStringView name)
{
    for (const auto &[key, value] : params) {
        if (key == name)
            return value;
    }
    return {};
}

} // namespace deskpay
