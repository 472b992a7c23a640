#include "payments/WechatPaySignature.h"

#include "services/protocol/OpenSslHandles.h"
#include <QRandomGenerator>

#include <array>
#include <climits>
#include <memory>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

using openssl::CipherCtxPtr;

constexpr int kApiV3KeyBytes = 32;
constexpr int kNonceLength = 32;
constexpr QByteArrayView kAlgorithm = "AEAD_AES_256_GCM";


std::unexpected<Error> cryptoFailure(const QString &what)
{
    const QString detail = openssl::takeErrors();
    return fail(u"crypto_failure"_s,
        detail.isEmpty() ? WechatPaySignature::tr("OpenSSL failed to %1.").arg(what)
                         : WechatPaySignature::tr("OpenSSL failed to %1: %2").arg(what, detail));
}

std::unexpected<Error> authorizationMalformed(const QString &why)
{
    return fail(
        u"authorization_malformed"_s, WechatPaySignature::tr("The Authorization header is malformed: %1.").arg(why));
}

std::unexpected<Error> resourceInvalid(const QString &why)
{
    return fail(u"resource_invalid"_s, WechatPaySignature::tr("The encrypted resource is invalid: %1.").arg(why));
}

Result<void> checkKey(QByteArrayView key)
{
    if (key.size() != kApiV3KeyBytes)
        return fail(u"api_key_invalid"_s,
            WechatPaySignature::tr("The APIv3 key has %1 bytes; it must have %2.").arg(key.size()).arg(kApiV3KeyBytes));
    return {};
}

Result<void> checkGcmInputs(QByteArrayView key, QByteArrayView iv)
{
    if (auto ok = checkKey(key); !ok)
        return ok;
    if (iv.size() != WechatPaySignature::kGcmIvBytes)
        return resourceInvalid(WechatPaySignature::tr("the nonce has %1 bytes, not %2")
                                   .arg(iv.size())
                                   .arg(WechatPaySignature::kGcmIvBytes));
    return {};
}

// A quoted auth-param value we write or accept: visible ASCII without '"' and '\', so no
// quoting rules are needed either way.
bool isPlainToken(QByteArrayView value)
{
    if (value.isEmpty())
        return false;
    for (const char c : value) {
        if (c < 0x21 || c > 0x7E || c == '"' || c == '\\')
            return false;
    }
    return true;
}

bool isDecimal(QByteArrayView value)
{
    if (value.isEmpty() || value.size() > 12)
        return false;
    for (const char c : value) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

bool isOptionalWhitespace(char c)
{
    return c == ' ' || c == '\t';
}

// The nonce must be ASCII so its characters are its bytes (the IV).
Result<QByteArray> nonceBytes(const QString &nonce)
{
    for (const QChar c : nonce) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7E)
            return resourceInvalid(WechatPaySignature::tr("the nonce is not printable ASCII"));
    }
    return nonce.toLatin1();
}

Result<QByteArray> decodeSignature(const QString &signature)
{
    if (signature.isEmpty())
        return fail(u"signature_missing"_s, WechatPaySignature::tr("There is no signature."));
    const auto decoded = QByteArray::fromBase64Encoding(signature.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty())
        return fail(u"signature_invalid"_s, WechatPaySignature::tr("The signature is not base64."));
    return decoded.decoded;
}

} // namespace

QByteArray WechatPaySignature::requestMessage(QByteArrayView method, QByteArrayView pathAndQuery,
    QByteArrayView timestamp, QByteArrayView nonce, QByteArrayView body)
{
    QByteArray out;
    out.reserve(method.size() + pathAndQuery.size() + timestamp.size() + nonce.size() + body.size() + 5);
    out.append(method).append('\n');
    out.append(pathAndQuery).append('\n');
    out.append(timestamp).append('\n');
    out.append(nonce).append('\n');
    out.append(body).append('\n');
    return out;
}

QByteArray WechatPaySignature::responseMessage(QByteArrayView timestamp, QByteArrayView nonce, QByteArrayView body)
{
    QByteArray out;
    out.reserve(timestamp.size() + nonce.size() + body.size() + 3);
    out.append(timestamp).append('\n');
    out.append(nonce).append('\n');
    out.append(body).append('\n');
    return out;
}

QByteArray WechatPaySignature::appPayMessage(
    const QString &appId, const QString &timestamp, const QString &nonceStr, const QString &prepayId)
{
    return (appId + u'\n' + timestamp + u'\n' + nonceStr + u'\n' + prepayId + u'\n').toUtf8();
}

QString WechatPaySignature::newNonce()
{
    static constexpr char16_t kAlphabet[] = u"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    // system() is the operating system's CSPRNG and safe from several threads; bounded() is
    // unbiased.
    QRandomGenerator *random = QRandomGenerator::system();
    QString nonce(kNonceLength, Qt::Uninitialized);
    for (QChar &c : nonce)
        c = QChar(kAlphabet[random->bounded(36)]);
    return nonce;
}

Result<QByteArray> WechatPaySignature::authorize(const QString &mchId, const QString &serial, const RsaKey &key,
    QByteArrayView method, QByteArrayView pathAndQuery, const QString &timestamp, QByteArrayView body)
{
    const QByteArray mch = mchId.toUtf8();
    const QByteArray serialBytes = serial.toUtf8();
    const QByteArray time = timestamp.toUtf8();
    if (!isPlainToken(mch) || !isPlainToken(serialBytes))
        return authorizationMalformed(tr("the merchant id and serial must be visible ASCII without quotes"));
    if (!isDecimal(time))
        return authorizationMalformed(tr("the timestamp must be decimal Unix seconds"));
    const QByteArray nonce = newNonce().toLatin1();
    auto signature = key.sign(requestMessage(method, pathAndQuery, time, nonce, body));
    if (!signature)
        return std::unexpected(signature.error());
    QByteArray out = QByteArray(kScheme) + ' ';
    out += "mchid=\"" + mch + "\",";
    out += "nonce_str=\"" + nonce + "\",";
    out += "signature=\"" + signature->toBase64() + "\",";
    out += "timestamp=\"" + time + "\",";
    out += "serial_no=\"" + serialBytes + '"';
    return out;
}

Result<WechatAuthorization> WechatPaySignature::parseAuthorization(QByteArrayView value)
{
    const QByteArrayView scheme(kScheme);
    const QByteArrayView text = value.trimmed();
    if (!text.startsWith(scheme) || text.size() <= scheme.size() || text[scheme.size()] != ' ')
        return authorizationMalformed(tr("it does not start with the scheme %1").arg(QLatin1StringView(kScheme)));

    static constexpr std::array<QByteArrayView, 5> kNames
        = { "mchid", "nonce_str", "signature", "timestamp", "serial_no" };
    std::array<QByteArray, kNames.size()> found;
    std::array<bool, kNames.size()> seen {};

    qsizetype i = scheme.size();
    while (i < text.size() && isOptionalWhitespace(text[i]))
        ++i;
    for (;;) {
        const qsizetype nameStart = i;
        while (i < text.size() && ((text[i] >= 'a' && text[i] <= 'z') || text[i] == '_'))
            ++i;
        const QByteArrayView name = text.sliced(nameStart, i - nameStart);
        if (name.isEmpty() || i >= text.size() || text[i] != '=')
            return authorizationMalformed(tr("expected name=\"value\" at byte %1").arg(nameStart));
        if (++i >= text.size() || text[i] != '"')
            return authorizationMalformed(tr("the value of %1 is not quoted").arg(QString::fromLatin1(name)));
        const qsizetype valueStart = ++i;
        while (i < text.size() && text[i] != '"')
            ++i;
        if (i >= text.size())
            return authorizationMalformed(tr("the value of %1 has no closing quote").arg(QString::fromLatin1(name)));
        const QByteArrayView parameterValue = text.sliced(valueStart, i - valueStart);
        ++i; // the closing quote

        const auto known = std::find(kNames.begin(), kNames.end(), name);
        if (known == kNames.end())
            return authorizationMalformed(tr("unknown parameter %1").arg(QString::fromLatin1(name)));
        const auto index = size_t(known - kNames.begin());
        if (seen[index])
            return authorizationMalformed(tr("%1 is given more than once").arg(QString::fromLatin1(name)));
        if (!isPlainToken(parameterValue))
            return authorizationMalformed(
                tr("the value of %1 is empty or has characters outside visible ASCII").arg(QString::fromLatin1(name)));
        seen[index] = true;
        found[index] = parameterValue.toByteArray();

        while (i < text.size() && isOptionalWhitespace(text[i]))
            ++i;
        if (i == text.size())
            break;
        if (text[i] != ',')
            return authorizationMalformed(tr("expected ',' at byte %1").arg(i));
        ++i;
        while (i < text.size() && isOptionalWhitespace(text[i]))
            ++i;
    }
    for (size_t k = 0; k < kNames.size(); ++k) {
        if (!seen[k])
            return authorizationMalformed(tr("%1 is missing").arg(QString::fromLatin1(kNames[k])));
    }
    if (!isDecimal(found[3]))
        return authorizationMalformed(tr("the timestamp is not decimal Unix seconds"));
    return WechatAuthorization { QString::fromLatin1(found[0]), QString::fromLatin1(found[1]),
        QString::fromLatin1(found[2]), QString::fromLatin1(found[3]), QString::fromLatin1(found[4]) };
}

Result<WechatSignedHeaders> WechatPaySignature::signResponse(
    const RsaKey &key, const QString &serial, const QString &timestamp, QByteArrayView body)
{
    const QString nonce = newNonce();
    auto signature = key.sign(responseMessage(timestamp.toUtf8(), nonce.toLatin1(), body));
    if (!signature)
        return std::unexpected(signature.error());
    return WechatSignedHeaders { timestamp, nonce, QString::fromLatin1(signature->toBase64()), serial };
}

Result<void> WechatPaySignature::verifyResponse(
    const RsaKey &key, const WechatSignedHeaders &headers, QByteArrayView body)
{
    auto signature = decodeSignature(headers.signature);
    if (!signature)
        return std::unexpected(signature.error());
    return key.verify(responseMessage(headers.timestamp.toUtf8(), headers.nonce.toUtf8(), body), *signature);
}

Result<WechatResource> WechatPaySignature::encrypt(
    QByteArrayView apiV3Key, QByteArrayView plain, const QString &associatedData, const QString &nonce)
{
    auto iv = nonceBytes(nonce);
    if (!iv)
        return std::unexpected(iv.error());
    auto sealed = sealAes256Gcm(apiV3Key, *iv, associatedData.toUtf8(), plain);
    if (!sealed)
        return std::unexpected(sealed.error());
    WechatResource resource;
    resource.algorithm = QString::fromLatin1(kAlgorithm);
    resource.ciphertext = QString::fromLatin1(sealed->toBase64());
    resource.associatedData = associatedData;
    resource.nonce = nonce;
    return resource;
}

Result<QByteArray> WechatPaySignature::decrypt(QByteArrayView apiV3Key, const WechatResource &resource)
{
    if (auto ok = checkKey(apiV3Key); !ok)
        return std::unexpected(ok.error());
    if (resource.algorithm != QLatin1StringView(kAlgorithm))
        return resourceInvalid(
            tr("the algorithm is \"%1\", not %2").arg(resource.algorithm, QLatin1StringView(kAlgorithm)));
    auto iv = nonceBytes(resource.nonce);
    if (!iv)
        return std::unexpected(iv.error());
    const auto decoded
        = QByteArray::fromBase64Encoding(resource.ciphertext.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return resourceInvalid(tr("the ciphertext is not base64"));
    return openAes256Gcm(apiV3Key, *iv, resource.associatedData.toUtf8(), decoded.decoded);
}

Result<QByteArray> WechatPaySignature::sealAes256Gcm(
    QByteArrayView key, QByteArrayView iv, QByteArrayView associatedData, QByteArrayView plain)
{
    if (auto ok = checkGcmInputs(key, iv); !ok)
        return std::unexpected(ok.error());
    if (plain.size() > INT_MAX - kGcmTagBytes || associatedData.size() > INT_MAX)
        return resourceInvalid(tr("it is too large"));
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    // 12 bytes is GCM's default IV length, so no EVP_CTRL_GCM_SET_IVLEN is needed.
    if (!ctx
        || EVP_EncryptInit_ex2(ctx.get(), EVP_aes_256_gcm(), reinterpret_cast<const unsigned char *>(key.data()),
               reinterpret_cast<const unsigned char *>(iv.data()), nullptr)
            != 1)
        return cryptoFailure(tr("start AES-256-GCM encryption"));
    int length = 0;
    if (!associatedData.isEmpty()
        && EVP_EncryptUpdate(ctx.get(), nullptr, &length,
               reinterpret_cast<const unsigned char *>(associatedData.data()), int(associatedData.size()))
            != 1)
        return cryptoFailure(tr("authenticate the associated data"));
    QByteArray out(plain.size() + kGcmTagBytes, Qt::Uninitialized);
    auto *o = reinterpret_cast<unsigned char *>(out.data());
    int total = 0;
    if (!plain.isEmpty()) {
        if (EVP_EncryptUpdate(
                ctx.get(), o, &length, reinterpret_cast<const unsigned char *>(plain.data()), int(plain.size()))
            != 1)
            return cryptoFailure(tr("encrypt"));
        total = length;
    }
    if (EVP_EncryptFinal_ex(ctx.get(), o + total, &length) != 1)
        return cryptoFailure(tr("finish encrypting"));
    total += length;
    if (total != plain.size() || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, kGcmTagBytes, o + total) != 1)
        return cryptoFailure(tr("read the GCM tag"));
    return out;
}

Result<QByteArray> WechatPaySignature::openAes256Gcm(
    QByteArrayView key, QByteArrayView iv, QByteArrayView associatedData, QByteArrayView sealed)
{
    if (auto ok = checkGcmInputs(key, iv); !ok)
        return std::unexpected(ok.error());
    if (sealed.size() < kGcmTagBytes)
        return resourceInvalid(tr("the ciphertext is shorter than the %1-byte tag").arg(kGcmTagBytes));
    if (sealed.size() > INT_MAX || associatedData.size() > INT_MAX)
        return resourceInvalid(tr("it is too large"));
    const QByteArrayView cipherText = sealed.first(sealed.size() - kGcmTagBytes);
    QByteArray tag = sealed.last(kGcmTagBytes).toByteArray();

    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx
        || EVP_DecryptInit_ex2(ctx.get(), EVP_aes_256_gcm(), reinterpret_cast<const unsigned char *>(key.data()),
               reinterpret_cast<const unsigned char *>(iv.data()), nullptr)
            != 1)
        return cryptoFailure(tr("start AES-256-GCM decryption"));
    int length = 0;
    if (!associatedData.isEmpty()
        && EVP_DecryptUpdate(ctx.get(), nullptr, &length,
               reinterpret_cast<const unsigned char *>(associatedData.data()), int(associatedData.size()))
            != 1)
        return cryptoFailure(tr("authenticate the associated data"));
    QByteArray plain(cipherText.size(), Qt::Uninitialized);
    auto *o = reinterpret_cast<unsigned char *>(plain.data());
    int total = 0;
    if (!cipherText.isEmpty()) {
        if (EVP_DecryptUpdate(ctx.get(), o, &length, reinterpret_cast<const unsigned char *>(cipherText.data()),
                int(cipherText.size()))
            != 1)
            return cryptoFailure(tr("decrypt"));
        total = length;
    }
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, kGcmTagBytes, tag.data()) != 1)
        return cryptoFailure(tr("set the GCM tag"));
    if (EVP_DecryptFinal_ex(ctx.get(), o + total, &length) != 1) {
        // Unauthenticated plaintext must not outlive the failed check.
        OPENSSL_cleanse(plain.data(), size_t(plain.size()));
        openssl::discardErrors();
        return fail(u"resource_tampered"_s,
            tr("The encrypted resource does not match its tag: it was altered, or the key or associated data is "
               "wrong."));
    }
    total += length;
    plain.truncate(total);
    return plain;
}

} // namespace deskpay
