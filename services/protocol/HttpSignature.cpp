#include "services/protocol/HttpSignature.h"

#include "services/protocol/ContentDigest.h"
#include "services/protocol/SignatureBase.h"

#include <openssl/err.h>
#include <openssl/rand.h>

using namespace Qt::StringLiterals;

namespace deskpay {

Result<SfParameters> SignatureParams::toSfParameters() const
{
    SfParameters params;
    if (created)
        params.set(u"created"_s, SfBareItem::integer(*created));
    if (expires)
        params.set(u"expires"_s, SfBareItem::integer(*expires));
    const std::pair<QString, const QString *> strings[]
        = { { u"keyid"_s, &keyid }, { u"nonce"_s, &nonce }, { u"alg"_s, &alg }, { u"tag"_s, &tag } };
    for (const auto &[name, value] : strings) {
        if (value->isEmpty())
            continue;
        if (!StructuredFields::isValidString(*value))
            return fail(u"signature_param_invalid"_s,
                HttpSignature::tr("The %1 parameter must be printable ASCII.").arg(name), name);
        params.set(name, SfBareItem::string(*value));
    }
    return params;
}

Result<SignatureHeaders> HttpSignature::sign(const HttpMessage &message, const QString &label,
    const QStringList &components, const SignatureParams &params, const Ed25519Key &key)
{
    if (!StructuredFields::isValidKey(label))
        return fail(u"signature_label_invalid"_s,
            tr("\"%1\" cannot be a signature label: use lowercase letters, digits, '_', '-', '.' or '*'.").arg(label));
    auto sfParams = params.toSfParameters();
    if (!sfParams)
        return std::unexpected(sfParams.error());

    SfInnerList signatureParams;
    signatureParams.parameters = *sfParams;
    for (const QString &component : components)
        signatureParams.items.append(SfItem { SfBareItem::string(component), {} });

    auto base = SignatureBase::build(message, signatureParams);
    if (!base)
        return std::unexpected(base.error());
    auto signatureBytes = key.sign(*base);
    if (!signatureBytes)
        return std::unexpected(signatureBytes.error());

    SfDictionary input;
    input.set(label, SfMember(signatureParams));
    SfDictionary signature;
    signature.set(label, SfMember(SfItem { SfBareItem::byteSequence(*signatureBytes), {} }));
    auto inputValue = StructuredFields::serializeDictionary(input);
    auto signatureValue = StructuredFields::serializeDictionary(signature);
    if (!inputValue)
        return std::unexpected(inputValue.error());
    if (!signatureValue)
        return std::unexpected(signatureValue.error());

    return SignatureHeaders { label, *inputValue, *signatureValue, *base, *signatureBytes };
}

Result<SignatureHeaders> HttpSignature::signRequest(HttpMessage &message, const SignatureProfile &profile,
    const Ed25519Key &key, const QString &keyid, const Clock &clock)
{
    if (profile.coveredComponents.contains(u"content-digest"_s) && !message.hasHeader("content-digest")) {
        auto digest = ContentDigest::create(message.body());
        if (!digest)
            return std::unexpected(digest.error());
        message.setHeader("content-digest", *digest);
    }
    auto nonce = generateNonce();
    if (!nonce)
        return std::unexpected(nonce.error());

    SignatureParams params;
    params.created = clock.nowSecs();
    params.expires = *params.created + profile.maxWindowSecs;
    params.keyid = keyid;
    params.nonce = *nonce;
    if (profile.emitAlgorithm)
        params.alg = profile.algorithm;
    params.tag = profile.tag;

    auto headers = sign(message, profile.label, profile.coveredComponents, params, key);
    if (!headers)
        return headers;
    message.setHeader("signature-input", headers->signatureInput);
    message.setHeader("signature", headers->signature);
    return headers;
}

Result<QString> HttpSignature::generateNonce()
{
    unsigned char random[16];
    if (RAND_bytes(random, sizeof random) != 1) {
        ERR_clear_error();
        return fail(u"crypto_failure"_s, tr("The random number generator failed."));
    }
    const QByteArray bytes(reinterpret_cast<const char *>(random), sizeof random);
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace deskpay
