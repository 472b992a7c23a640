#include "TestPki.h"

#include <memory>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

using namespace Qt::StringLiterals;

namespace deskpay::test {

namespace {

template<typename T, void (*Free)(T *)> struct Deleter
{
    void operator()(T *p) const { Free(p); }
};
using PKey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, static_cast<qsizetype>(size));
}

PKey newKey()
{
    return PKey(EVP_EC_gen("P-256"));
}

PKey readKey(const QSslKey &key)
{
    const QByteArray pem = key.toPem();
    BioPtr bio(BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())));
    return PKey(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

X509Ptr readCertificate(const QSslCertificate &certificate)
{
    const QByteArray der = certificate.toDer();
    const auto *cursor = reinterpret_cast<const unsigned char *>(der.constData());
    return X509Ptr(d2i_X509(nullptr, &cursor, der.size()));
}

void addExtension(X509 *cert, X509 *issuer, int nid, const QByteArray &value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.constData());
    Q_ASSERT(extension);
    X509_add_ext(cert, extension, -1);
    X509_EXTENSION_free(extension);
}

CertifiedKey finish(X509 *cert, EVP_PKEY *key, EVP_PKEY *signer)
{
    X509_sign(cert, signer, EVP_sha256());
    BioPtr certBio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(certBio.get(), cert);
    BioPtr keyBio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(keyBio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    return { QSslCertificate(bioBytes(certBio.get()), QSsl::Pem),
        QSslKey(bioBytes(keyBio.get()), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey) };
}

X509Ptr newCertificate(EVP_PKEY *key, const QString &commonName, qint64 notBefore, qint64 notAfter)
{
    X509Ptr cert(X509_new());
    X509_set_version(cert.get(), 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BIGNUM *bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), static_cast<long>(notBefore));
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(notAfter));
    X509_set_pubkey(cert.get(), key);
    X509_NAME *name = X509_get_subject_name(cert.get());
    const QByteArray cn = commonName.toUtf8();
    X509_NAME_add_entry_by_txt(
        name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>("DeskPay tests"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(
        name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(cn.constData()), -1, -1, 0);
    return cert;
}

} // namespace

CertifiedKey makeCa(const QString &commonName)
{
    PKey key = newKey();
    X509Ptr cert = newCertificate(key.get(), commonName, -3600, 365 * 24 * 3600);
    X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get()));
    addExtension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE");
    addExtension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    addExtension(cert.get(), cert.get(), NID_subject_key_identifier, "hash");
    return finish(cert.get(), key.get(), key.get());
}

CertifiedKey makeServerCertificate(const CertificateSpec &spec, const CertifiedKey *issuer)
{
    PKey key = newKey();
    X509Ptr cert = newCertificate(key.get(), spec.commonName, spec.notBeforeSecs, spec.notAfterSecs);
    X509Ptr issuerCert = issuer ? readCertificate(issuer->certificate) : nullptr;
    PKey issuerKey = issuer ? readKey(issuer->key) : nullptr;
    X509 *signerCert = issuer ? issuerCert.get() : cert.get();
    X509_set_issuer_name(cert.get(), X509_get_subject_name(signerCert));

    QStringList names;
    for (const QString &dns : spec.dnsNames)
        names.append(u"DNS:"_s + dns);
    for (const QString &ip : spec.ipAddresses)
        names.append(u"IP:"_s + ip);
    if (!names.isEmpty())
        addExtension(cert.get(), signerCert, NID_subject_alt_name, names.join(u',').toLatin1());
    addExtension(cert.get(), signerCert, NID_basic_constraints, "critical,CA:FALSE");
    addExtension(cert.get(), signerCert, NID_ext_key_usage, "serverAuth");
    if (issuer)
        addExtension(cert.get(), signerCert, NID_authority_key_identifier, "keyid");
    return finish(cert.get(), key.get(), issuer ? issuerKey.get() : key.get());
}

} // namespace deskpay::test
