#include "services/protocol/ContentDigest.h"

#include "services/protocol/StructuredFields.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

qsizetype digestSize(DigestAlgorithm algorithm)
{
    return algorithm == DigestAlgorithm::Sha512 ? 64 : 32;
}

} // namespace

QString ContentDigest::algorithmKey(DigestAlgorithm algorithm)
{
    return algorithm == DigestAlgorithm::Sha512 ? u"sha-512"_s : u"sha-256"_s;
}

std::optional<DigestAlgorithm> ContentDigest::algorithmFromKey(QStringView key)
{
    if (key == u"sha-256")
        return DigestAlgorithm::Sha256;
    if (key == u"sha-512")
        return DigestAlgorithm::Sha512;
    return std::nullopt;
}

Result<QByteArray> ContentDigest::digest(QByteArrayView body, DigestAlgorithm algorithm)
{
    QByteArray out(digestSize(algorithm), Qt::Uninitialized);
    unsigned int length = 0;
    const EVP_MD *md = algorithm == DigestAlgorithm::Sha512 ? EVP_sha512() : EVP_sha256();
    if (EVP_Digest(body.data(), static_cast<size_t>(body.size()), reinterpret_cast<unsigned char *>(out.data()),
            &length, md, nullptr)
            != 1
        || length != static_cast<unsigned int>(out.size())) {
        ERR_clear_error();
        return fail(u"crypto_failure"_s, tr("OpenSSL failed to compute %1.").arg(algorithmKey(algorithm)));
    }
    return out;
}

Result<QByteArray> ContentDigest::create(QByteArrayView body, DigestAlgorithm algorithm)
{
    return create(body, QList<DigestAlgorithm> { algorithm });
}

Result<QByteArray> ContentDigest::create(QByteArrayView body, const QList<DigestAlgorithm> &algorithms)
{
    SfDictionary dict;
    for (const DigestAlgorithm algorithm : algorithms) {
        auto bytes = digest(body, algorithm);
        if (!bytes)
            return bytes;
        dict.set(algorithmKey(algorithm), SfItem { SfBareItem::byteSequence(*bytes), {} });
    }
    return StructuredFields::serializeDictionary(dict);
}

Result<DigestAlgorithm> ContentDigest::check(const std::optional<QByteArray> &fieldValue, QByteArrayView body)
{
    if (!fieldValue || fieldValue->trimmed().isEmpty())
        return fail(u"digest_missing"_s, tr("The request has no Content-Digest header."));
    auto dict = StructuredFields::parseDictionary(*fieldValue);
    if (!dict)
        return fail(u"digest_malformed"_s, tr("The Content-Digest header is malformed: %1").arg(dict.error().message));

    std::optional<DigestAlgorithm> best;
    QStringList unsupported;
    for (const auto &[key, member] : dict->entries()) {
        const auto algorithm = algorithmFromKey(key);
        if (!algorithm) {
            unsupported.append(key);
            continue;
        }
        const auto *item = std::get_if<SfItem>(&member);
        if (!item || !item->value.isByteSequence())
            return fail(u"digest_malformed"_s, tr("The %1 value of Content-Digest is not a byte sequence.").arg(key));
        const QByteArray received = item->value.toByteSequence();
        if (received.size() != digestSize(*algorithm))
            return fail(u"digest_malformed"_s,
                tr("The %1 value of Content-Digest has %2 bytes instead of %3.")
                    .arg(key)
                    .arg(received.size())
                    .arg(digestSize(*algorithm)));
        auto expected = digest(body, *algorithm);
        if (!expected)
            return std::unexpected(expected.error());
        if (CRYPTO_memcmp(expected->constData(), received.constData(), static_cast<size_t>(received.size())) != 0)
            return fail(u"digest_mismatch"_s, tr("The body does not match its %1 Content-Digest.").arg(key));
        if (!best || *algorithm == DigestAlgorithm::Sha512)
            best = *algorithm;
    }
    if (!best) {
        if (unsupported.isEmpty())
            return fail(u"digest_missing"_s, tr("The Content-Digest header is empty."));
        return fail(u"digest_unsupported_algorithm"_s,
            tr("Content-Digest uses only unsupported algorithms (%1); use sha-256 or sha-512.")
                .arg(unsupported.join(u", "_s)));
    }
    return *best;
}

} // namespace deskpay
