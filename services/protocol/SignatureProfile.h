#pragma once
// SignatureProfile: what an RFC 9421 signature must cover and carry — DeskPay's profile is the default.

#include <QString>
#include <QStringList>

namespace deskpay {

// The signer uses a profile to decide what to sign; the verifier uses the same profile to refuse
// signatures that cover less. See SignatureProfile::deskpay() for the values DESIGN.md §2 fixes.
struct SignatureProfile
{
    // The Signature-Input / Signature dictionary key the signature lives under.
    QString label;
    // Components that must be covered, in the order the signer lists them.
    QStringList coveredComponents;
    // Signature parameters that must be present (of created, expires, nonce, keyid, alg, tag).
    QStringList requiredParameters;
    // The only accepted value of the `alg` parameter when a signature carries one.
    QString algorithm = QStringLiteral("ed25519");
    // Whether the signer writes `alg` (the key registry already fixes the algorithm).
    bool emitAlgorithm = false;
    // When non-empty the signer writes this `tag` and the verifier requires it.
    QString tag;
    // Longest accepted validity: expires - created, or the age of a signature without expires.
    qint64 maxWindowSecs = 300;
    // Tolerated difference between the signer's and the verifier's clocks.
    qint64 allowedSkewSecs = 30;
    // When content-digest is covered, also check it against the body.
    bool checkContentDigest = true;

    // Label "deskpay"; covers @method @target-uri content-digest content-type idempotency-key;
    // requires created, expires, nonce, keyid; window 300 s; skew 30 s; alg "ed25519" optional.
    [[nodiscard]] static SignatureProfile deskpay();
};

} // namespace deskpay
