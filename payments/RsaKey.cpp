#include "payments/RsaKey.h"

#include "services/protocol/OpenSslHandles.h"
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <utility>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

// A PEM key or certificate is a few kilobytes; refuse anything absurd before OpenSSL sees it.
constexpr qsizetype kMaxPemSize = 64 * 1024;

using openssl::Deleter;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
// The ASN.1 free callback of PKCS8_PRIV_KEY_INFO cleanses the key octets.
using Pkcs8Ptr = std::unique_ptr<PKCS8_PRIV_KEY_INFO, Deleter<PKCS8_PRIV_KEY_INFO_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;

std::shared_ptr<evp_pkey_st> share(PkeyPtr key)
{
    return std::shared_ptr<evp_pkey_st>(key.release(), Deleter<EVP_PKEY_free>());
}


std::unexpected<Error> cryptoFailure(const QString &what)
{
    const QString detail = openssl::takeErrors();
    return fail(u"crypto_failure"_s,
        detail.isEmpty() ? RsaKey::tr("OpenSSL failed to %1.").arg(what)
                         : RsaKey::tr("OpenSSL failed to %1: %2").arg(what, detail));
}

std::unexpected<Error> badPem(const QString &why)
{
    openssl::discardErrors();
    return fail(u"bad_pem"_s, RsaKey::tr("The key is not a valid PEM block: %1.").arg(why));
}

std::unexpected<Error> wrongKeyType()
{
    openssl::discardErrors();
    return fail(u"wrong_key_type"_s, RsaKey::tr("The key is not an RSA key."));
}

std::unexpected<Error> keyMissing()
{
    return fail(u"key_missing"_s, RsaKey::tr("The key is empty."));
}

// One decoded PEM block. The DER is released with OPENSSL_clear_free because it may be a private key.
struct PemBlock
{
    QByteArray label;
    unsigned char *der = nullptr;
    long length = 0;

    PemBlock() = default;
    PemBlock(const PemBlock &) = delete;
    PemBlock &operator=(const PemBlock &) = delete;
    PemBlock(PemBlock &&other) noexcept
        : label(std::move(other.label))
        , der(std::exchange(other.der, nullptr))
        , length(std::exchange(other.length, 0))
    {
    }
    ~PemBlock() { OPENSSL_clear_free(der, static_cast<size_t>(length)); }
};

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Exactly one PEM block, optionally surrounded by whitespace, with no encryption headers.
Result<PemBlock> readSinglePem(QByteArrayView pem)
{
    if (pem.size() > kMaxPemSize)
        return badPem(RsaKey::tr("it is larger than %1 bytes").arg(kMaxPemSize));
    if (!pem.trimmed().startsWith("-----BEGIN "))
        return badPem(RsaKey::tr("it does not start with a -----BEGIN line"));

    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio)
        return cryptoFailure(RsaKey::tr("allocate a buffer"));
    char *name = nullptr;
    char *header = nullptr;
    PemBlock block;
    if (PEM_read_bio(bio.get(), &name, &header, &block.der, &block.length) != 1)
        return badPem(RsaKey::tr("the block is truncated or its base64 is corrupt"));
    block.label = QByteArray(name);
    const bool hasHeaders = header && header[0] != '\0';
    OPENSSL_free(name);
    OPENSSL_free(header);
    if (hasHeaders)
        return fail(u"key_encrypted"_s, RsaKey::tr("The PEM block is encrypted; decrypt it first."));

    char rest[256];
    int n = 0;
    while ((n = BIO_read(bio.get(), rest, sizeof rest)) > 0) {
        for (int i = 0; i < n; ++i) {
            if (!isSpace(rest[i]))
                return badPem(RsaKey::tr("there is more than one block or trailing data"));
        }
    }
    return block;
}

// RSA-PSS keys are "RSA-PSS", not "RSA": they cannot make PKCS#1 v1.5 signatures.
Result<void> checkRsa(const EVP_PKEY *key)
{
    if (!EVP_PKEY_is_a(key, "RSA"))
        return wrongKeyType();
    const int bits = EVP_PKEY_get_bits(key);
    if (bits < RsaKey::kMinimumBits)
        return fail(u"key_too_small"_s,
            RsaKey::tr("The RSA key has %1 bits; at least %2 are required.").arg(bits).arg(RsaKey::kMinimumBits));
    return {};
}

} // namespace

Result<RsaKey> RsaKey::adopt(evp_pkey_st *owned, bool hasPrivate)
{
    PkeyPtr key(owned);
    if (auto ok = checkRsa(key.get()); !ok)
        return std::unexpected(ok.error());
    return RsaKey(share(std::move(key)), hasPrivate);
}

RsaKey::RsaKey(std::shared_ptr<evp_pkey_st> key, bool hasPrivate)
    : m_key(std::move(key))
    , m_hasPrivate(hasPrivate && m_key)
{
}

Result<RsaKey> RsaKey::generate(int bits)
{
    if (bits < kMinimumBits)
        return fail(u"key_too_small"_s, tr("An RSA key needs at least %1 bits, not %2.").arg(kMinimumBits).arg(bits));
    PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits)));
    if (!key)
        return cryptoFailure(tr("generate an RSA key"));
    return RsaKey(share(std::move(key)), true);
}

Result<RsaKey> RsaKey::fromPrivateKeyPem(QByteArrayView pem)
{
    auto block = readSinglePem(pem);
    if (!block)
        return std::unexpected(block.error());
    if (block->label == "ENCRYPTED PRIVATE KEY")
        return fail(u"key_encrypted"_s, tr("The private key is encrypted; decrypt it first."));
    if (block->label == "EC PRIVATE KEY" || block->label == "DSA PRIVATE KEY")
        return wrongKeyType();

    if (block->label == "RSA PRIVATE KEY") {
        // PKCS#1 RSAPrivateKey: the type-specific structure, decoded as RSA only.
        const unsigned char *p = block->der;
        PkeyPtr key(d2i_PrivateKey(EVP_PKEY_RSA, nullptr, &p, block->length));
        if (!key || p != block->der + block->length)
            return badPem(tr("the PKCS#1 RSA private key is malformed"));
        return adopt(key.release(), true);
    }
    if (block->label != "PRIVATE KEY")
        return badPem(
            tr("expected a PRIVATE KEY or RSA PRIVATE KEY block, found %1").arg(QString::fromLatin1(block->label)));

    const unsigned char *p = block->der;
    Pkcs8Ptr p8(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, block->length));
    if (!p8 || p != block->der + block->length)
        return badPem(tr("the PKCS#8 structure is malformed"));
    const ASN1_OBJECT *algorithm = nullptr;
    if (PKCS8_pkey_get0(&algorithm, nullptr, nullptr, nullptr, p8.get()) != 1)
        return badPem(tr("the PKCS#8 structure is malformed"));
    if (OBJ_obj2nid(algorithm) != NID_rsaEncryption)
        return wrongKeyType();
    PkeyPtr key(EVP_PKCS82PKEY(p8.get()));
    if (!key)
        return badPem(tr("the RSA private key inside is malformed"));
    return adopt(key.release(), true);
}

Result<RsaKey> RsaKey::fromPublicKeyPem(QByteArrayView pem)
{
    auto block = readSinglePem(pem);
    if (!block)
        return std::unexpected(block.error());
    const unsigned char *p = block->der;
    const unsigned char *end = block->der + block->length;

    if (block->label == "PUBLIC KEY") {
        PkeyPtr key(d2i_PUBKEY(nullptr, &p, block->length));
        if (!key || p != end)
            return badPem(tr("the SubjectPublicKeyInfo structure is malformed"));
        return adopt(key.release(), false);
    }
    if (block->label == "RSA PUBLIC KEY") {
        PkeyPtr key(d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, block->length));
        if (!key || p != end)
            return badPem(tr("the PKCS#1 RSA public key is malformed"));
        return adopt(key.release(), false);
    }
    if (block->label == "CERTIFICATE") {
        X509Ptr certificate(d2i_X509(nullptr, &p, block->length));
        if (!certificate || p != end)
            return badPem(tr("the certificate is malformed"));
        PkeyPtr key(X509_get_pubkey(certificate.get()));
        if (!key)
            return badPem(tr("the certificate's public key is malformed"));
        return adopt(key.release(), false);
    }
    if (block->label.endsWith("PRIVATE KEY"))
        return badPem(tr("this is a private key; a public key or certificate is expected here"));
    return badPem(tr("expected a PUBLIC KEY or CERTIFICATE block, found %1").arg(QString::fromLatin1(block->label)));
}

bool RsaKey::hasPrivateKey() const
{
    return m_key && m_hasPrivate;
}

int RsaKey::bits() const
{
    return m_key ? EVP_PKEY_get_bits(m_key.get()) : 0;
}

Result<QByteArray> RsaKey::toPrivateKeyPem() const
{
    if (!m_key)
        return keyMissing();
    if (!hasPrivateKey())
        return fail(u"key_not_private"_s, tr("This is a public key; there is no private key to export."));
    // The secure-heap memory BIO wipes its buffer when freed.
    BioPtr bio(BIO_new(BIO_s_secmem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return cryptoFailure(tr("write the private key"));
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, length);
}

Result<QByteArray> RsaKey::toPublicKeyPem() const
{
    if (!m_key)
        return keyMissing();
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), m_key.get()) != 1)
        return cryptoFailure(tr("write the public key"));
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, length);
}

Result<QByteArray> RsaKey::toPublicKeyDer() const
{
    if (!m_key)
        return keyMissing();
    const int length = i2d_PUBKEY(m_key.get(), nullptr);
    if (length <= 0)
        return cryptoFailure(tr("encode the public key"));
    QByteArray der(length, Qt::Uninitialized);
    auto *p = reinterpret_cast<unsigned char *>(der.data());
    if (i2d_PUBKEY(m_key.get(), &p) != length)
        return cryptoFailure(tr("encode the public key"));
    return der;
}

Result<QString> RsaKey::serial() const
{
    auto der = toPublicKeyDer();
    if (!der)
        return std::unexpected(der.error());
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestLength = 0;
    if (EVP_Digest(der->constData(), static_cast<size_t>(der->size()), digest, &digestLength, EVP_sha1(), nullptr) != 1)
        return cryptoFailure(tr("hash the public key"));
    const QByteArray bytes(reinterpret_cast<const char *>(digest), static_cast<qsizetype>(digestLength));
    return QString::fromLatin1(bytes.toHex().toUpper());
}

Result<QByteArray> RsaKey::sign(QByteArrayView message) const
{
    if (!m_key)
        return keyMissing();
    if (!hasPrivateKey())
        return fail(u"key_not_private"_s, tr("This is a public key; it cannot sign."));
    MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX *pctx = nullptr; // owned by ctx
    if (!ctx || EVP_DigestSignInit_ex(ctx.get(), &pctx, "SHA256", nullptr, nullptr, m_key.get(), nullptr) != 1
        || EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1)
        return cryptoFailure(tr("start signing"));
    QByteArray signature(EVP_PKEY_get_size(m_key.get()), Qt::Uninitialized);
    size_t length = static_cast<size_t>(signature.size());
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
            reinterpret_cast<const unsigned char *>(message.data()), static_cast<size_t>(message.size()))
        != 1)
        return cryptoFailure(tr("sign"));
    signature.truncate(static_cast<qsizetype>(length));
    return signature;
}

Result<void> RsaKey::verify(QByteArrayView message, QByteArrayView signature) const
{
    if (!m_key)
        return keyMissing();
    const int expected = EVP_PKEY_get_size(m_key.get());
    if (signature.size() != expected)
        return fail(u"signature_invalid"_s,
            tr("The signature has %1 bytes; this key's signatures have %2.").arg(signature.size()).arg(expected));
    MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX *pctx = nullptr; // owned by ctx
    if (!ctx || EVP_DigestVerifyInit_ex(ctx.get(), &pctx, "SHA256", nullptr, nullptr, m_key.get(), nullptr) != 1
        || EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1)
        return cryptoFailure(tr("start verifying"));
    const int rc = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.data()),
        static_cast<size_t>(signature.size()), reinterpret_cast<const unsigned char *>(message.data()),
        static_cast<size_t>(message.size()));
    if (rc == 1)
        return {};
    // RSA reports a malformed signature (bad padding, value ≥ modulus) as an error rather
    // than 0; for the caller both mean the same: this signature is not good.
    openssl::discardErrors();
    return fail(u"signature_invalid"_s, tr("The signature does not match the message and key."));
}

} // namespace deskpay
