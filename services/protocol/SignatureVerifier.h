#pragma once
// SignatureVerifier: checks an RFC 9421 Ed25519 signature on a request against a profile, and says which check failed.

#include "models/Clock.h"
#include "models/Error.h"
#include "services/protocol/ContentDigest.h"
#include "services/protocol/Ed25519Key.h"
#include "services/protocol/HttpMessage.h"
#include "services/protocol/SignatureProfile.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace deskpay {

// Finds the public key registered under a keyid. Return an error with code signature_unknown_key
// for an id nobody registered; any other error (say key_revoked) is passed through unchanged.
using PublicKeyLookup = std::function<Result<Ed25519Key>(const QString &keyid)>;

// What a verified signature says. Replay protection is the caller's job: it has the storage,
// and `nonce` plus `expires` tell it what to remember and for how long.
struct VerifiedSignature
{
    QString label;
    QString keyid;
    QString nonce;
    QString alg;
    QString tag;
    std::optional<qint64> created;
    std::optional<qint64> expires;
    QStringList coveredComponents;
    QByteArray signatureBase; // the exact bytes that were verified, kept as evidence
    QByteArray signature; // the raw signature bytes
    std::optional<DigestAlgorithm> contentDigest; // set when the body was checked against Content-Digest
};

// Checks run in this order; the first failure is returned with its own code:
//   signature_input_missing     no Signature-Input field
//   signature_header_missing    no Signature field
//   signature_input_malformed   Signature-Input is not an SF dictionary, or the member is not an
//                               inner list of strings
//   signature_header_malformed  Signature is not an SF dictionary, or the member is not a byte sequence
//   signature_label_missing     the profile's label is absent from either field (field says which)
//   signature_component_invalid a covered identifier is not a lowercase string, or is listed twice
//   signature_missing_param     a parameter the profile requires is absent (field = its name)
//   signature_param_invalid     a parameter has the wrong type, expires precedes created, empty nonce
//   signature_alg_unsupported   alg is present and is not the profile's algorithm ("ed25519")
//   signature_tag_mismatch      the profile demands a tag and the signature carries another
//   signature_missing_component a component the profile requires is not covered (field = its name)
//   signature_window_too_long   expires - created exceeds the profile's maxWindowSecs
//   signature_created_in_future created is later than now + allowedSkewSecs
//   signature_expired           now is past expires + allowedSkewSecs (or, without expires, past
//                               created + maxWindowSecs + allowedSkewSecs)
//   signature_unknown_key       no key is registered under keyid (or the lookup's own error)
//   component_missing, signature_component_unsupported, component_value_invalid
//                               the signature base cannot be rebuilt from this message (SignatureBase)
//   signature_invalid           the Ed25519 signature does not verify over the rebuilt base
//   digest_*                    content-digest is covered and the body does not match it (ContentDigest)
class SignatureVerifier
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::SignatureVerifier)

public:
    // `clock` must outlive the verifier.
    SignatureVerifier(
        const Clock &clock, PublicKeyLookup lookup, SignatureProfile profile = SignatureProfile::deskpay());

    [[nodiscard]] Result<VerifiedSignature> verify(const HttpMessage &message) const;
    [[nodiscard]] const SignatureProfile &profile() const { return m_profile; }

private:
    const Clock &m_clock;
    PublicKeyLookup m_lookup;
    SignatureProfile m_profile;
};

} // namespace deskpay
