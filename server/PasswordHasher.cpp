#include "server/PasswordHasher.h"

#include <QStringList>

#include <memory>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

// What verify() accepts from a stored string: wide enough for any sane tuning, narrow
// enough that a tampered row cannot make one login take minutes or gigabytes.
constexpr quint64 MaxN = quint64(1) << 20;
constexpr quint32 MaxR = 32;
constexpr quint32 MaxP = 16;
constexpr qsizetype MinSaltBytes = 8;
constexpr qsizetype MaxSaltBytes = 64;
constexpr qsizetype MinKeyBytes = 16;
constexpr qsizetype MaxKeyBytes = 64;

constexpr auto Base64Options = QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals;

struct KdfDeleter
{
    void operator()(EVP_KDF *kdf) const { EVP_KDF_free(kdf); }
    void operator()(EVP_KDF_CTX *ctx) const { EVP_KDF_CTX_free(ctx); }
};

bool isPowerOfTwo(quint64 n)
{
    return n >= 2 && (n & (n - 1)) == 0;
}

std::optional<QByteArray> decodeBase64(const QString &text)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        text.toLatin1(), QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.toBase64(Base64Options) != text.toLatin1())
        return std::nullopt;
    return decoded.decoded;
}

QString format(const ScryptParameters &p, const QByteArray &salt, const QByteArray &key)
{
    return u"scrypt$%1$%2$%3$%4$%5"_s.arg(p.n).arg(p.r).arg(p.p).arg(
        QString::fromLatin1(salt.toBase64(Base64Options)), QString::fromLatin1(key.toBase64(Base64Options)));
}

} // namespace

PasswordHasher::PasswordHasher(ScryptParameters parameters)
    : m_parameters(parameters)
{
    // A fixed salt is fine here: nothing is ever accepted against the dummy hash.
    const QByteArray salt(SaltBytes, '\x5a');
    const auto key = derive("deskpay-dummy", salt, m_parameters, KeyBytes);
    if (key)
        m_dummyHash = format(m_parameters, salt, *key);
}

Result<QByteArray> PasswordHasher::derive(
    QByteArrayView password, const QByteArray &salt, const ScryptParameters &parameters, qsizetype keyBytes)
{
    const std::unique_ptr<EVP_KDF, KdfDeleter> kdf(EVP_KDF_fetch(nullptr, OSSL_KDF_NAME_SCRYPT, nullptr));
    if (!kdf)
        return fail(u"crypto_failed"_s, tr("This OpenSSL has no scrypt."));
    const std::unique_ptr<EVP_KDF_CTX, KdfDeleter> ctx(EVP_KDF_CTX_new(kdf.get()));
    if (!ctx)
        return fail(u"crypto_failed"_s, tr("Cannot start scrypt."));
    uint64_t n = parameters.n;
    uint32_t r = parameters.r;
    uint32_t p = parameters.p;
    // 128·r·N plus slack; OpenSSL refuses a run that needs more than maxmem.
    uint64_t maxMem = 128 * uint64_t(r) * n * uint64_t(p) + (uint64_t(1) << 20);
    QByteArray pass = password.toByteArray();
    QByteArray saltCopy = salt;
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, pass.data(), size_t(pass.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, saltCopy.data(), size_t(saltCopy.size())),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxMem),
        OSSL_PARAM_construct_end(),
    };
    QByteArray key(keyBytes, Qt::Uninitialized);
    const int ok = EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char *>(key.data()), size_t(key.size()), params);
    OPENSSL_cleanse(pass.data(), size_t(pass.size()));
    if (ok != 1)
        return fail(u"crypto_failed"_s, tr("scrypt failed."));
    return key;
}

Result<QString> PasswordHasher::hash(QByteArrayView password) const
{
    if (password.size() > MaxPasswordBytes)
        return fail(u"password_too_long"_s, tr("A password may have at most %1 bytes.").arg(MaxPasswordBytes));
    QByteArray salt(SaltBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(salt.data()), int(salt.size())) != 1)
        return fail(u"crypto_failed"_s, tr("No random numbers for a salt."));
    const auto key = derive(password, salt, m_parameters, KeyBytes);
    if (!key)
        return std::unexpected(key.error());
    return format(m_parameters, salt, *key);
}

Result<PasswordHasher::Parsed> PasswordHasher::parse(const QString &stored)
{
    const auto invalid
        = [] { return fail(u"password_hash_invalid"_s, tr("The stored password hash is not a valid scrypt hash.")); };
    const QStringList parts = stored.split(u'$');
    if (parts.size() != 6 || parts.at(0) != u"scrypt"_s)
        return invalid();
    Parsed parsed;
    bool okN = false, okR = false, okP = false;
    parsed.parameters.n = parts.at(1).toULongLong(&okN);
    parsed.parameters.r = parts.at(2).toUInt(&okR);
    parsed.parameters.p = parts.at(3).toUInt(&okP);
    // Canonical decimal only ("+8", "08" are tampering, not another spelling).
    if (!okN || !okR || !okP || QString::number(parsed.parameters.n) != parts.at(1)
        || QString::number(parsed.parameters.r) != parts.at(2) || QString::number(parsed.parameters.p) != parts.at(3))
        return invalid();
    if (!isPowerOfTwo(parsed.parameters.n) || parsed.parameters.n > MaxN || parsed.parameters.r < 1
        || parsed.parameters.r > MaxR || parsed.parameters.p < 1 || parsed.parameters.p > MaxP)
        return invalid();
    const auto salt = decodeBase64(parts.at(4));
    const auto key = decodeBase64(parts.at(5));
    if (!salt || !key || salt->size() < MinSaltBytes || salt->size() > MaxSaltBytes || key->size() < MinKeyBytes
        || key->size() > MaxKeyBytes)
        return invalid();
    parsed.salt = *salt;
    parsed.key = *key;
    return parsed;
}

Result<bool> PasswordHasher::verify(QByteArrayView password, const QString &stored) const
{
    const auto parsed = parse(stored);
    if (!parsed)
        return std::unexpected(parsed.error());
    if (password.size() > MaxPasswordBytes) {
        verifyDummy(password.first(MaxPasswordBytes));
        return false;
    }
    const auto key = derive(password, parsed->salt, parsed->parameters, parsed->key.size());
    if (!key)
        return std::unexpected(key.error());
    return CRYPTO_memcmp(key->constData(), parsed->key.constData(), size_t(key->size())) == 0;
}

void PasswordHasher::verifyDummy(QByteArrayView password) const
{
    const auto ignored = verify(password.first(std::min(password.size(), MaxPasswordBytes)), m_dummyHash);
    Q_UNUSED(ignored);
}

bool PasswordHasher::needsRehash(const QString &stored) const
{
    const auto parsed = parse(stored);
    return !parsed || parsed->parameters != m_parameters || parsed->salt.size() != SaltBytes
        || parsed->key.size() != KeyBytes;
}

} // namespace deskpay
