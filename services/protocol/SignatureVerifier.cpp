#include "services/protocol/SignatureVerifier.h"

#include "services/protocol/ProtocolLogging.h"
#include "services/protocol/SignatureBase.h"
#include "services/protocol/StructuredFields.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

const QStringList &integerParams()
{
    static const QStringList names { u"created"_s, u"expires"_s };
    return names;
}

const QStringList &stringParams()
{
    static const QStringList names { u"keyid"_s, u"nonce"_s, u"alg"_s, u"tag"_s };
    return names;
}

// Checks that run on the parsed Signature-Input member alone, before any key or crypto work.
class InputChecker
{
public:
    InputChecker(const SignatureProfile &profile, const SfInnerList &input)
        : m_profile(profile)
        , m_input(input)
    {
    }

    Result<VerifiedSignature> run() const
    {
        VerifiedSignature out;
        out.label = m_profile.label;
        QSet<QString> seen;
        for (const SfItem &item : m_input.items) {
            if (!item.value.isString())
                return fail(u"signature_component_invalid"_s,
                    SignatureVerifier::tr("Signature-Input lists a component identifier that is not a string."));
            const QString name = item.value.toString();
            if (seen.contains(name))
                return fail(u"signature_component_invalid"_s,
                    SignatureVerifier::tr("Signature-Input lists %1 twice.").arg(name), name);
            seen.insert(name);
            out.coveredComponents.append(name);
        }

        const SfParameters &params = m_input.parameters;
        for (const QString &required : m_profile.requiredParameters) {
            if (!params.contains(required))
                return fail(u"signature_missing_param"_s,
                    SignatureVerifier::tr("The signature has no %1 parameter.").arg(required), required);
        }
        for (const QString &name : integerParams()) {
            if (const SfBareItem *value = params.find(name); value && (!value->isInteger() || value->toInteger() < 0))
                return invalidParam(name, SignatureVerifier::tr("must be a non-negative integer"));
        }
        for (const QString &name : stringParams()) {
            if (const SfBareItem *value = params.find(name); value && !value->isString())
                return invalidParam(name, SignatureVerifier::tr("must be a string"));
        }
        const auto stringParam = [&params](const QString &name) {
            const SfBareItem *v = params.find(name);
            return v ? v->toString() : QString();
        };
        out.keyid = stringParam(u"keyid"_s);
        out.nonce = stringParam(u"nonce"_s);
        out.alg = stringParam(u"alg"_s);
        out.tag = stringParam(u"tag"_s);
        if (const SfBareItem *v = params.find(u"created"_s))
            out.created = v->toInteger();
        if (const SfBareItem *v = params.find(u"expires"_s))
            out.expires = v->toInteger();
        if (params.contains(u"nonce"_s) && out.nonce.isEmpty())
            return invalidParam(u"nonce"_s, SignatureVerifier::tr("must not be empty"));
        if (out.created && out.expires && *out.expires < *out.created)
            return invalidParam(u"expires"_s, SignatureVerifier::tr("is earlier than created"));

        if (params.contains(u"alg"_s) && out.alg != m_profile.algorithm)
            return fail(u"signature_alg_unsupported"_s,
                SignatureVerifier::tr("The signature algorithm \"%1\" is not accepted; use \"%2\".")
                    .arg(out.alg, m_profile.algorithm),
                u"alg"_s);
        if (!m_profile.tag.isEmpty() && out.tag != m_profile.tag)
            return fail(u"signature_tag_mismatch"_s,
                SignatureVerifier::tr("The signature tag \"%1\" is not the expected \"%2\".")
                    .arg(out.tag, m_profile.tag),
                u"tag"_s);
        for (const QString &required : m_profile.coveredComponents) {
            if (!seen.contains(required))
                return fail(u"signature_missing_component"_s,
                    SignatureVerifier::tr("The signature does not cover %1.").arg(required), required);
        }
        return out;
    }

private:
    static std::unexpected<Error> invalidParam(const QString &name, const QString &why)
    {
        return fail(u"signature_param_invalid"_s, SignatureVerifier::tr("The %1 parameter %2.").arg(name, why), name);
    }

    const SignatureProfile &m_profile;
    const SfInnerList &m_input;
};

} // namespace

SignatureVerifier::SignatureVerifier(const Clock &clock, PublicKeyLookup lookup, SignatureProfile profile)
    : m_clock(clock)
    , m_lookup(std::move(lookup))
    , m_profile(std::move(profile))
{
}

Result<VerifiedSignature> SignatureVerifier::verify(const HttpMessage &message) const
{
    const auto rejected = [&](Error error) -> Result<VerifiedSignature> {
        qCDebug(lcSignature) << "rejected" << message.method() << message.requestTarget() << error.code << error.field;
        return std::unexpected(std::move(error));
    };

    const auto inputField = message.header("signature-input");
    if (!inputField)
        return rejected({ u"signature_input_missing"_s, tr("The request has no Signature-Input header."), {} });
    const auto signatureField = message.header("signature");
    if (!signatureField)
        return rejected({ u"signature_header_missing"_s, tr("The request has no Signature header."), {} });

    auto inputDict = StructuredFields::parseDictionary(*inputField);
    if (!inputDict)
        return rejected({ u"signature_input_malformed"_s,
            tr("The Signature-Input header is malformed: %1").arg(inputDict.error().message), {} });
    auto signatureDict = StructuredFields::parseDictionary(*signatureField);
    if (!signatureDict)
        return rejected({ u"signature_header_malformed"_s,
            tr("The Signature header is malformed: %1").arg(signatureDict.error().message), {} });

    const SfMember *inputMember = inputDict->find(m_profile.label);
    if (!inputMember)
        return rejected({ u"signature_label_missing"_s,
            tr("Signature-Input has no signature labelled \"%1\".").arg(m_profile.label), u"signature-input"_s });
    const SfMember *signatureMember = signatureDict->find(m_profile.label);
    if (!signatureMember)
        return rejected({ u"signature_label_missing"_s,
            tr("Signature has no signature labelled \"%1\".").arg(m_profile.label), u"signature"_s });
    const auto *input = std::get_if<SfInnerList>(inputMember);
    if (!input)
        return rejected({ u"signature_input_malformed"_s,
            tr("The \"%1\" member of Signature-Input is not an inner list.").arg(m_profile.label), {} });
    const auto *signatureItem = std::get_if<SfItem>(signatureMember);
    if (!signatureItem || !signatureItem->value.isByteSequence())
        return rejected({ u"signature_header_malformed"_s,
            tr("The \"%1\" member of Signature is not a byte sequence.").arg(m_profile.label), {} });

    auto checked = InputChecker(m_profile, *input).run();
    if (!checked)
        return rejected(checked.error());
    VerifiedSignature result = *checked;
    result.signature = signatureItem->value.toByteSequence();

    // Time: the window is a property of the signature; then where "now" falls in it.
    const qint64 now = m_clock.nowSecs();
    if (result.created && result.expires && *result.expires - *result.created > m_profile.maxWindowSecs)
        return rejected({ u"signature_window_too_long"_s,
            tr("The signature is valid for %1 seconds; at most %2 are allowed.")
                .arg(*result.expires - *result.created)
                .arg(m_profile.maxWindowSecs),
            u"expires"_s });
    if (result.created && *result.created > now + m_profile.allowedSkewSecs)
        return rejected({ u"signature_created_in_future"_s,
            tr("The signature was created %1 seconds in the future; check the desk's clock.")
                .arg(*result.created - now),
            u"created"_s });
    if (result.expires && now > *result.expires + m_profile.allowedSkewSecs)
        return rejected({ u"signature_expired"_s,
            tr("The signature expired %1 seconds ago.").arg(now - *result.expires), u"expires"_s });
    if (!result.expires && result.created
        && now - *result.created > m_profile.maxWindowSecs + m_profile.allowedSkewSecs)
        return rejected({ u"signature_expired"_s,
            tr("The signature was created %1 seconds ago; at most %2 are allowed.")
                .arg(now - *result.created)
                .arg(m_profile.maxWindowSecs),
            u"created"_s });

    if (!m_lookup)
        return rejected(
            { u"signature_unknown_key"_s, tr("No key store is configured to verify signatures."), u"keyid"_s });
    auto key = m_lookup(result.keyid);
    if (!key)
        return rejected(key.error());

    auto base = SignatureBase::build(message, *input);
    if (!base)
        return rejected(base.error());
    result.signatureBase = *base;
    if (auto ok = key->verify(result.signatureBase, result.signature); !ok) {
        Error error = ok.error();
        if (error.code == u"signature_invalid")
            error.message = tr("The signature does not match the request: the request was changed after signing, "
                               "or signed with another key than %1.")
                                .arg(result.keyid);
        return rejected(error);
    }

    if (m_profile.checkContentDigest && result.coveredComponents.contains(u"content-digest"_s)) {
        auto digest = ContentDigest::check(message.header("content-digest"), message.body());
        if (!digest)
            return rejected(digest.error());
        result.contentDigest = *digest;
    }
    return result;
}

} // namespace deskpay
