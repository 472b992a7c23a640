#include "services/protocol/Ed25519Key.h"

#include "services/protocol/OpenSslHandles.h"
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

// A PEM file of one small key is a few hundred bytes; refuse anything absurd before OpenSSL sees it.
constexpr qsizetype kMaxPemSize = 64 * 1024;

struct BioFree
{
    void operator()(BIO *bio) const noexcept { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

struct MdCtxFree
{
    void operator()(EVP_MD_CTX *ctx) const noexcept { EVP_MD_CTX_free(ctx); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

struct Pkcs8Free
{
    // The ASN.1 free callback of PKCS8_PRIV_KEY_INFO cleanses the key octets.
    void operator()(PKCS8_PRIV_KEY_INFO *p8) const noexcept { PKCS8_PRIV_KEY_INFO_free(p8); }
};

struct X509PubkeyFree
{
    void operator()(X509_PUBKEY *key) const noexcept { X509_PUBKEY_free(key); }
};


std::unexpected<Error> cryptoFailure(const QString &what)
{
    const QString detail = openssl::takeErrors();
    return fail(u"crypto_failure"_s,
        detail.isEmpty() ? Ed25519Key::tr("OpenSSL failed to %1.").arg(what)
                         : Ed25519Key::tr("OpenSSL failed to %1: %2").arg(what, detail));
}

std::unexpected<Error> badPem(const QString &why)
{
    openssl::discardErrors();
    return fail(u"bad_pem"_s, Ed25519Key::tr("The key is not a valid PEM block: %1.").arg(why));
}

std::unexpected<Error> wrongKeyType()
{
    openssl::discardErrors();
    return fail(u"wrong_key_type"_s, Ed25519Key::tr("The key is not an Ed25519 key."));
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
        return badPem(Ed25519Key::tr("it is larger than %1 bytes").arg(kMaxPemSize));
    const QByteArrayView trimmed = pem.trimmed();
    if (!trimmed.startsWith("-----BEGIN "))
        return badPem(Ed25519Key::tr("it does not start with a -----BEGIN line"));

    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio)
        return cryptoFailure(Ed25519Key::tr("allocate a buffer"));
    char *name = nullptr;
    char *header = nullptr;
    PemBlock block;
    if (PEM_read_bio(bio.get(), &name, &header, &block.der, &block.length) != 1)
        return badPem(Ed25519Key::tr("the block is truncated or its base64 is corrupt"));
    block.label = QByteArray(name);
    const bool hasHeaders = header && header[0] != '\0';
    OPENSSL_free(name);
    OPENSSL_free(header);
    if (hasHeaders)
        return fail(u"key_encrypted"_s, Ed25519Key::tr("The PEM block is encrypted; decrypt it first."));

    char rest[256];
    int n = 0;
    while ((n = BIO_read(bio.get(), rest, sizeof rest)) > 0) {
        for (int i = 0; i < n; ++i) {
            if (!isSpace(rest[i]))
                return badPem(Ed25519Key::tr("there is more than one block or trailing data"));
        }
    }
    return block;
}

} // namespace

void Ed25519Key::PkeyDeleter::operator()(evp_pkey_st *key) const noexcept
{
    EVP_PKEY_free(key);
}

Ed25519Key::Ed25519Key(PkeyPtr key, bool hasPrivate)
    : m_key(std::move(key))
    , m_hasPrivate(hasPrivate)
{
}

Ed25519Key::Ed25519Key(const Ed25519Key &other)
    : m_hasPrivate(other.m_hasPrivate)
{
    if (other.m_key && EVP_PKEY_up_ref(other.m_key.get()) == 1)
        m_key.reset(other.m_key.get());
}

Ed25519Key &Ed25519Key::operator=(const Ed25519Key &other)
{
    if (this != &other) {
        Ed25519Key copy(other);
        *this = std::move(copy);
    }
    return *this;
}

Ed25519Key::~Ed25519Key() = default;

Result<Ed25519Key> Ed25519Key::generate()
{
    EVP_PKEY *key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    if (!key)
        return cryptoFailure(tr("generate an Ed25519 key"));
    return Ed25519Key(PkeyPtr(key), true);
}

Result<Ed25519Key> Ed25519Key::fromPrivateKeyPem(QByteArrayView pem)
{
    auto block = readSinglePem(pem);
    if (!block)
        return std::unexpected(block.error());
    if (block->label == "ENCRYPTED PRIVATE KEY")
        return fail(u"key_encrypted"_s, tr("The private key is encrypted; decrypt it first."));
    if (block->label == "RSA PRIVATE KEY" || block->label == "EC PRIVATE KEY" || block->label == "DSA PRIVATE KEY")
        return wrongKeyType();
    if (block->label != "PRIVATE KEY")
        return badPem(tr("expected a PKCS#8 PRIVATE KEY block, found %1").arg(QString::fromLatin1(block->label)));

    const unsigned char *p = block->der;
    std::unique_ptr<PKCS8_PRIV_KEY_INFO, Pkcs8Free> p8(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, block->length));
    if (!p8 || p != block->der + block->length)
        return badPem(tr("the PKCS#8 structure is malformed"));
    const ASN1_OBJECT *algorithm = nullptr;
    if (PKCS8_pkey_get0(&algorithm, nullptr, nullptr, nullptr, p8.get()) != 1)
        return badPem(tr("the PKCS#8 structure is malformed"));
    if (OBJ_obj2nid(algorithm) != NID_ED25519)
        return wrongKeyType();
    EVP_PKEY *key = EVP_PKCS82PKEY(p8.get());
    if (!key)
        return badPem(tr("the Ed25519 private key inside is malformed"));
    return Ed25519Key(PkeyPtr(key), true);
}

Result<Ed25519Key> Ed25519Key::fromPublicKeyPem(QByteArrayView pem)
{
    auto block = readSinglePem(pem);
    if (!block)
        return std::unexpected(block.error());
    if (block->label == "RSA PUBLIC KEY")
        return wrongKeyType();
    if (block->label != "PUBLIC KEY")
        return badPem(tr("expected a PUBLIC KEY block, found %1").arg(QString::fromLatin1(block->label)));
    return fromPublicKeyDer(QByteArrayView(block->der, block->length));
}

Result<Ed25519Key> Ed25519Key::fromPublicKeyDer(QByteArrayView der)
{
    const auto *start = reinterpret_cast<const unsigned char *>(der.data());
    const unsigned char *p = start;
    std::unique_ptr<X509_PUBKEY, X509PubkeyFree> spki(d2i_X509_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
    if (!spki || p != start + der.size())
        return badPem(tr("the SubjectPublicKeyInfo structure is malformed"));
    ASN1_OBJECT *algorithm = nullptr;
    if (X509_PUBKEY_get0_param(&algorithm, nullptr, nullptr, nullptr, spki.get()) != 1)
        return badPem(tr("the SubjectPublicKeyInfo structure is malformed"));
    if (OBJ_obj2nid(algorithm) != NID_ED25519)
        return wrongKeyType();
    EVP_PKEY *key = X509_PUBKEY_get(spki.get());
    if (!key)
        return badPem(tr("the Ed25519 public key inside is malformed"));
    return Ed25519Key(PkeyPtr(key), false);
}

Result<Ed25519Key> Ed25519Key::fromRawPublicKey(QByteArrayView raw)
{
    if (raw.size() != kRawKeySize)
        return fail(
            u"bad_key_length"_s, tr("An Ed25519 public key has %1 bytes, not %2.").arg(kRawKeySize).arg(raw.size()));
    EVP_PKEY *key = EVP_PKEY_new_raw_public_key_ex(
        nullptr, "ED25519", nullptr, reinterpret_cast<const unsigned char *>(raw.data()), raw.size());
    if (!key)
        return cryptoFailure(tr("load an Ed25519 public key"));
    return Ed25519Key(PkeyPtr(key), false);
}

Result<Ed25519Key> Ed25519Key::fromRawPrivateKey(QByteArrayView seed)
{
    if (seed.size() != kRawKeySize)
        return fail(
            u"bad_key_length"_s, tr("An Ed25519 private key has %1 bytes, not %2.").arg(kRawKeySize).arg(seed.size()));
    EVP_PKEY *key = EVP_PKEY_new_raw_private_key_ex(
        nullptr, "ED25519", nullptr, reinterpret_cast<const unsigned char *>(seed.data()), seed.size());
    if (!key)
        return cryptoFailure(tr("load an Ed25519 private key"));
    return Ed25519Key(PkeyPtr(key), true);
}

bool Ed25519Key::hasPrivateKey() const
{
    return m_key && m_hasPrivate;
}

Result<QByteArray> Ed25519Key::toPrivateKeyPem() const
{
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

Result<QByteArray> Ed25519Key::toPublicKeyPem() const
{
    if (!m_key)
        return fail(u"key_missing"_s, tr("The key is empty."));
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), m_key.get()) != 1)
        return cryptoFailure(tr("write the public key"));
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, length);
}

Result<QByteArray> Ed25519Key::toPublicKeyDer() const
{
    if (!m_key)
        return fail(u"key_missing"_s, tr("The key is empty."));
    const int length = i2d_PUBKEY(m_key.get(), nullptr);
    if (length <= 0)
        return cryptoFailure(tr("encode the public key"));
    QByteArray der(length, Qt::Uninitialized);
    auto *p = reinterpret_cast<unsigned char *>(der.data());
    if (i2d_PUBKEY(m_key.get(), &p) != length)
        return cryptoFailure(tr("encode the public key"));
    return der;
}

Result<QByteArray> Ed25519Key::rawPublicKey() const
{
    if (!m_key)
        return fail(u"key_missing"_s, tr("The key is empty."));
    QByteArray raw(kRawKeySize, Qt::Uninitialized);
    size_t length = static_cast<size_t>(raw.size());
    if (EVP_PKEY_get_raw_public_key(m_key.get(), reinterpret_cast<unsigned char *>(raw.data()), &length) != 1
        || length != static_cast<size_t>(kRawKeySize))
        return cryptoFailure(tr("read the raw public key"));
    return raw;
}

Result<QString> Ed25519Key::fingerprint() const
{
    auto der = toPublicKeyDer();
    if (!der)
        return std::unexpected(der.error());
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestLength = 0;
    if (EVP_Digest(der->constData(), static_cast<size_t>(der->size()), digest, &digestLength, EVP_sha256(), nullptr)
        != 1)
        return cryptoFailure(tr("hash the public key"));
    const QByteArray bytes(reinterpret_cast<const char *>(digest), static_cast<qsizetype>(digestLength));
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Result<QByteArray> Ed25519Key::sign(QByteArrayView message) const
{
    if (!hasPrivateKey())
        return fail(u"key_not_private"_s, tr("This is a public key; it cannot sign."));
    MdCtxPtr ctx(EVP_MD_CTX_new());
    // Ed25519 is "pure" EdDSA: no separate digest, the whole message goes to one EVP_DigestSign.
    if (!ctx || EVP_DigestSignInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, m_key.get(), nullptr) != 1)
        return cryptoFailure(tr("start signing"));
    QByteArray signature(kSignatureSize, Qt::Uninitialized);
    size_t length = static_cast<size_t>(signature.size());
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
            reinterpret_cast<const unsigned char *>(message.data()), static_cast<size_t>(message.size()))
            != 1
        || length != static_cast<size_t>(kSignatureSize))
        return cryptoFailure(tr("sign"));
    return signature;
}

Result<void> Ed25519Key::verify(QByteArrayView message, QByteArrayView signature) const
{
    if (!m_key)
        return fail(u"key_missing"_s, tr("The key is empty."));
    if (signature.size() != kSignatureSize)
        return fail(u"signature_invalid"_s,
            tr("The signature has %1 bytes; an Ed25519 signature has %2.").arg(signature.size()).arg(kSignatureSize));
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, m_key.get(), nullptr) != 1)
        return cryptoFailure(tr("start verifying"));
    const int rc = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.data()),
        static_cast<size_t>(signature.size()), reinterpret_cast<const unsigned char *>(message.data()),
        static_cast<size_t>(message.size()));
    if (rc == 1)
        return {};
    if (rc == 0) {
        openssl::discardErrors();
        return fail(u"signature_invalid"_s, tr("The signature does not match the message and key."));
    }
    return cryptoFailure(tr("verify"));
}

} // namespace deskpay
