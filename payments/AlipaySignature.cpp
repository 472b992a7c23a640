#include "payments/AlipaySignature.h"

#include "services/protocol/JsonReader.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

// Sorted by the names' UTF-8 bytes (not UTF-16 units, which order non-BMP names differently);
// stable, so hand-built lists with a repeated name keep their order.
QList<std::pair<QByteArray, QByteArray>> sortedUtf8(
    const FormParams &params, const QStringList &exclude, bool dropEmpty)
{
    QList<std::pair<QByteArray, QByteArray>> out;
    out.reserve(params.size());
    for (const auto &[name, value] : params) {
        if (exclude.contains(name) || (dropEmpty && value.isEmpty()))
            continue;
        out.append({ name.toUtf8(), value.toUtf8() });
    }
    std::stable_sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    return out;
}

std::unexpected<Error> malformed(const QString &why)
{
    return fail(u"response_malformed"_s, AlipaySignature::tr("The gateway answer is malformed: %1.").arg(why));
}

// The end (one past the last byte) of the JSON value that starts at `start`. The text has
// already been accepted by JsonReader, so only strings need care: a bracket or brace inside
// one, or an escaped quote, must not count.
qsizetype endOfValue(QByteArrayView text, qsizetype start)
{
    int depth = 0;
    bool inString = false;
    for (qsizetype i = start; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i; // the escaped character (\" or \\) cannot end the string
            else if (c == '"') {
                inString = false;
                if (depth == 0)
                    return i + 1;
            }
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            break;
        case '{':
        case '[':
            ++depth;
            break;
        case '}':
        case ']':
            if (--depth == 0)
                return i + 1;
            break;
        case ',':
        case ' ':
        case '\t':
        case '\r':
        case '\n':
            if (depth == 0)
                return i; // the end of a number or literal
            break;
        default:
            break;
        }
    }
    return text.size();
}

} // namespace

QByteArray AlipaySignature::signingContent(const FormParams &params, const QStringList &exclude)
{
    QByteArray out;
    for (const auto &[name, value] : sortedUtf8(params, exclude, true)) {
        if (!out.isEmpty())
            out.append('&');
        out.append(name);
        out.append('=');
        out.append(value);
    }
    return out;
}

Result<QString> AlipaySignature::sign(const FormParams &params, const QStringList &exclude, const RsaKey &key)
{
    auto signature = key.sign(signingContent(params, exclude));
    if (!signature)
        return std::unexpected(signature.error());
    return QString::fromLatin1(signature->toBase64());
}

Result<void> AlipaySignature::verify(const FormParams &params, const QStringList &exclude, const RsaKey &key)
{
    const QString sign = FormCodec::value(params, u"sign");
    if (sign.isEmpty())
        return fail(u"signature_missing"_s, tr("The parameters carry no \"sign\"."), u"sign"_s);
    const auto decoded = QByteArray::fromBase64Encoding(sign.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    // toLatin1() turns non-Latin-1 characters into '?', which the strict decoder refuses.
    if (!decoded || decoded.decoded.isEmpty())
        return fail(u"signature_invalid"_s, tr("The \"sign\" parameter is not base64."), u"sign"_s);
    return key.verify(signingContent(params, exclude), decoded.decoded);
}

Result<AlipaySignature::SignedResponse> AlipaySignature::splitResponse(QByteArrayView body, QStringView responseKey)
{
    const auto document = JsonReader::parse(body);
    if (!document)
        return malformed(document.error().reason);
    if (!document->isObject())
        return malformed(tr("it is not a JSON object"));

    const JsonValue *response = nullptr;
    const JsonValue *sign = nullptr;
    const QStringList &keys = document->keys();
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const JsonValue &child = document->children()[size_t(i)];
        // A repeated member would let the signed value and the parsed one differ.
        if (keys[i] == responseKey) {
            if (response)
                return malformed(tr("\"%1\" appears more than once").arg(responseKey));
            response = &child;
        } else if (keys[i] == u"sign") {
            if (sign)
                return malformed(tr("\"sign\" appears more than once"));
            sign = &child;
        }
    }
    if (!response)
        return malformed(tr("there is no \"%1\"").arg(responseKey));
    if (!response->isObject())
        return malformed(tr("\"%1\" is not an object").arg(responseKey));
    if (!sign)
        return malformed(tr("there is no \"sign\""));
    if (!sign->isString() || sign->text().isEmpty())
        return malformed(tr("\"sign\" is not a non-empty string"));

    const qsizetype start = response->offset();
    if (start < 0 || start >= body.size() || body[start] != '{')
        return malformed(tr("the position of \"%1\" is unknown").arg(responseKey));
    const qsizetype end = endOfValue(body, start);
    if (end <= start || body[end - 1] != '}')
        return malformed(tr("\"%1\" does not end").arg(responseKey));
    return SignedResponse { body.sliced(start, end - start).toByteArray(), sign->text() };
}

QByteArray AlipaySignature::orderString(const FormParams &params, const QString &signature)
{
    FormParams sorted;
    for (const auto &[name, value] : sortedUtf8(params, requestExclusions(), false))
        sorted.append({ QString::fromUtf8(name), QString::fromUtf8(value) });
    QByteArray out = FormCodec::encode(sorted);
    if (!out.isEmpty())
        out.append('&');
    out.append(FormCodec::encode({ { u"sign"_s, signature } }));
    return out;
}

} // namespace deskpay
