#pragma once
// ContentDigest: RFC 9530 Content-Digest field values (sha-256, sha-512) — creation and checking against a body.

#include "models/Error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace deskpay {

enum class DigestAlgorithm { Sha256, Sha512 };

// Error codes of check(): digest_missing (no Content-Digest field, or an empty one),
// digest_malformed (not an RFC 8941 dictionary, or a supported algorithm whose value is not a
// byte sequence of the right length), digest_unsupported_algorithm (only algorithms DeskPay
// does not accept, e.g. md5 or sha), digest_mismatch (a supported digest differs from the body).
class ContentDigest
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::ContentDigest)

public:
    // "sha-256" / "sha-512", the RFC 9530 registry keys.
    [[nodiscard]] static QString algorithmKey(DigestAlgorithm algorithm);
    [[nodiscard]] static std::optional<DigestAlgorithm> algorithmFromKey(QStringView key);

    [[nodiscard]] static Result<QByteArray> digest(QByteArrayView body, DigestAlgorithm algorithm);

    // The field value, e.g. `sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:`.
    [[nodiscard]] static Result<QByteArray> create(
        QByteArrayView body, DigestAlgorithm algorithm = DigestAlgorithm::Sha256);
    // Several members, in the given order.
    [[nodiscard]] static Result<QByteArray> create(QByteArrayView body, const QList<DigestAlgorithm> &algorithms);

    // Checks a received field value (std::nullopt when the field is absent) against the body.
    // Every supported algorithm present must match — a message carrying one right and one wrong
    // digest has been tampered with — and at least one must be present. Unknown algorithms are
    // ignored (RFC 9530 §2). Returns the strongest algorithm that matched.
    [[nodiscard]] static Result<DigestAlgorithm> check(
        const std::optional<QByteArray> &fieldValue, QByteArrayView body);
};

} // namespace deskpay
