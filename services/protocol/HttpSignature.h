#pragma once
// HttpSignature: RFC 9421 signing with Ed25519 — parameters, Signature-Input and Signature header values.

#include "models/Clock.h"
#include "models/Error.h"
#include "services/protocol/Ed25519Key.h"
#include "services/protocol/HttpMessage.h"
#include "services/protocol/SignatureProfile.h"
#include "services/protocol/StructuredFields.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>

namespace deskpay {

// The signature parameters of RFC 9421 §2.3. Empty strings and nullopt mean "absent".
struct SignatureParams
{
    std::optional<qint64> created;
    std::optional<qint64> expires;
    QString keyid;
    QString nonce;
    QString alg;
    QString tag;

    // In the order created, expires, keyid, nonce, alg, tag (the order RFC 9421's examples use).
    // Fails with signature_param_invalid for a string outside printable ASCII.
    [[nodiscard]] Result<SfParameters> toSfParameters() const;
};

// What signing produces: the two header values and, as evidence, what was signed.
struct SignatureHeaders
{
    QString label;
    QByteArray signatureInput; // value of the Signature-Input field
    QByteArray signature; // value of the Signature field
    QByteArray signatureBase; // the exact bytes that were signed
    QByteArray signatureBytes; // the raw 64-byte Ed25519 signature
};

// Error codes besides those of SignatureBase and Ed25519Key: signature_label_invalid (the label
// is not an RFC 8941 key), signature_param_invalid, crypto_failure.
class HttpSignature
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::HttpSignature)

public:
    // Signs exactly what is asked: the components in order, the parameters as given.
    [[nodiscard]] static Result<SignatureHeaders> sign(const HttpMessage &message, const QString &label,
        const QStringList &components, const SignatureParams &params, const Ed25519Key &key);

    // Signs a request the way `profile` demands and writes the Signature-Input and Signature
    // fields into it (replacing earlier ones): created = now, expires = now + maxWindowSecs,
    // a fresh random nonce, the keyid, and alg/tag as the profile says. When the profile covers
    // content-digest and the message has none, a sha-256 Content-Digest of the body is added first.
    [[nodiscard]] static Result<SignatureHeaders> signRequest(HttpMessage &message, const SignatureProfile &profile,
        const Ed25519Key &key, const QString &keyid, const Clock &clock);

    // 128 random bits from OpenSSL's CSPRNG, base64url without padding (22 characters).
    [[nodiscard]] static Result<QString> generateNonce();
};

} // namespace deskpay
