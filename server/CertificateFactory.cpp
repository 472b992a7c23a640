#include "server/CertificateFactory.h"

#include "services/protocol/OpenSslHandles.h"

#include <QHostAddress>
#include <QRegularExpression>

#include <ctime>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

using namespace openssl;

// Clients and servers disagree by minutes in the wild; a certificate that starts an hour in the
// past is accepted by all of them right away.
constexpr qint64 BackdateSecs = 3600;

std::unexpected<Error> opensslFailure(const QString &code, const QString &what)
{
    const QString reason = takeErrors();
    return fail(code, reason.isEmpty() ? what : what + u" ("_s + reason + u')');
}

BioPtr memoryBio(const QByteArray &data)
{
    return BioPtr(BIO_new_mem_buf(data.constData(), int(data.size())));
}

QByteArray bioBytes(BIO *bio)
{
    BUF_MEM *memory = nullptr;
    BIO_get_mem_ptr(bio, &memory);
    return memory ? QByteArray(memory->data, qsizetype(memory->length)) : QByteArray();
}

// Keys on disk are never encrypted here; refusing the passphrase keeps OpenSSL from prompting on
// a terminal when someone hands us an encrypted key with --tls-key.
int refusePassphrase(char *, int, int, void *)
{
    return -1;
}

Result<PkeyPtr> readKey(const QByteArray &pem)
{
    ERR_clear_error();
    const BioPtr bio = memoryBio(pem);
    PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, refusePassphrase, nullptr));
    if (!key)
        return opensslFailure(
            u"tls_bad_key"_s, CertificateFactory::tr("The private key is not an unencrypted PEM key."));
    return key;
}

Result<X509Ptr> readCertificate(const QByteArray &pem)
{
    ERR_clear_error();
    const BioPtr bio = memoryBio(pem);
    X509Ptr certificate(PEM_read_bio_X509(bio.get(), nullptr, refusePassphrase, nullptr));
    if (!certificate)
        return opensslFailure(
            u"tls_bad_certificate"_s, CertificateFactory::tr("The certificate is not a PEM X.509 certificate."));
    return certificate;
}

Result<QByteArray> certificatePem(X509 *certificate)
{
    const BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), certificate) != 1)
        return opensslFailure(u"tls_certificate_failed"_s, CertificateFactory::tr("Cannot encode the certificate."));
    return bioBytes(bio.get());
}

QDateTime toDateTime(const ASN1_TIME *time)
{
    std::tm tm = {};
    if (!time || ASN1_TIME_to_tm(time, &tm) != 1)
        return {};
    return QDateTime(
        QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), QTime(tm.tm_hour, tm.tm_min, tm.tm_sec), Qt::UTC);
}

Result<void> setRandomSerial(X509 *certificate)
{
    // 127 random bits, positive and without a leading zero byte: unique per certificate
    // without keeping a serial counter next to the CA.
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        return opensslFailure(u"tls_certificate_failed"_s, CertificateFactory::tr("No random serial number."));
    bytes[0] = static_cast<unsigned char>((bytes[0] & 0x7F) | 0x40);
    BIGNUM *number = BN_bin2bn(bytes, sizeof bytes, nullptr);
    const bool ok = number && BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate));
    BN_free(number);
    if (!ok)
        return opensslFailure(u"tls_certificate_failed"_s, CertificateFactory::tr("Cannot set the serial number."));
    return {};
}

Result<void> addName(X509_NAME *name, const char *field, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    if (X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
            reinterpret_cast<const unsigned char *>(utf8.constData()), int(utf8.size()), -1, 0)
        != 1)
        return opensslFailure(u"tls_certificate_failed"_s, CertificateFactory::tr("Cannot set the certificate name."));
    return {};
}

Result<void> addExtension(X509 *certificate, X509 *issuer, int nid, const QByteArray &value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
    X509_EXTENSION *extension = X509V3_EXT_nconf_nid(nullptr, &context, nid, value.constData());
    const bool ok = extension && X509_add_ext(certificate, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    if (!ok)
        return opensslFailure(u"tls_certificate_failed"_s,
            CertificateFactory::tr("Cannot add the certificate extension %1.")
                .arg(QString::fromLatin1(OBJ_nid2sn(nid))));
    return {};
}

// Builds the certificate body shared by the CA and the server certificate; the caller adds its
// extensions and signs.
Result<X509Ptr> newCertificate(
    EVP_PKEY *subjectKey, const QString &commonName, const QDateTime &notBefore, const QDateTime &notAfter)
{
    X509Ptr certificate(X509_new());
    if (!certificate || X509_set_version(certificate.get(), X509_VERSION_3) != 1)
        return opensslFailure(u"tls_certificate_failed"_s, CertificateFactory::tr("Cannot create a certificate."));
    if (auto serial = setRandomSerial(certificate.get()); !serial)
        return std::unexpected(serial.error());
    if (!ASN1_TIME_set(X509_getm_notBefore(certificate.get()), time_t(notBefore.toSecsSinceEpoch()))
        || !ASN1_TIME_set(X509_getm_notAfter(certificate.get()), time_t(notAfter.toSecsSinceEpoch())))
        return opensslFailure(u"tls_certificate_failed"_s, CertificateFactory::tr("Cannot set the validity period."));
    X509_NAME *subject = X509_get_subject_name(certificate.get());
    if (auto named = addName(subject, "O", u"DeskPay"_s); !named)
        return std::unexpected(named.error());
    if (auto named = addName(subject, "CN", commonName.left(64)); !named)
        return std::unexpected(named.error());
    if (X509_set_pubkey(certificate.get(), subjectKey) != 1)
        return opensslFailure(u"tls_certificate_failed"_s, CertificateFactory::tr("Cannot set the public key."));
    return certificate;
}

bool isIpAddress(const QString &host)
{
    return !QHostAddress(host).isNull();
}

Result<QByteArray> subjectAltName(const QStringList &hosts)
{
    // The conf syntax is comma-separated; a host with anything beyond DNS characters could
    // inject extra names, so it is refused instead of escaped.
    static const QRegularExpression dnsName(u"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                                            u"(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"_s);
    QStringList entries;
    for (const QString &host : hosts) {
        QString entry;
        if (isIpAddress(host))
            entry = u"IP:"_s + QHostAddress(host).toString();
        else if (dnsName.match(host).hasMatch())
            entry = u"DNS:"_s + host.toLower();
        else
            return fail(u"tls_bad_host"_s,
                CertificateFactory::tr("“%1” is neither a host name nor an IP address.").arg(host.left(100)));
        if (!entries.contains(entry))
            entries.append(entry);
    }
    if (entries.isEmpty())
        return fail(u"tls_bad_host"_s, CertificateFactory::tr("A server certificate needs at least one host name."));
    return entries.join(u',').toLatin1();
}

bool coversHost(X509 *certificate, const QString &host)
{
    if (isIpAddress(host))
        return X509_check_ip_asc(certificate, QHostAddress(host).toString().toLatin1().constData(), 0) == 1;
    const QByteArray name = host.toLower().toLatin1();
    return X509_check_host(
               certificate, name.constData(), size_t(name.size()), X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, nullptr)
        == 1;
}

} // namespace

CertificateFactory::CertificateFactory(const Clock &clock)
    : m_clock(clock)
{
}

Result<QByteArray> CertificateFactory::generateKey()
{
    ERR_clear_error();
    const PkeyCtxPtr context(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY *raw = nullptr;
    if (!context || EVP_PKEY_keygen_init(context.get()) <= 0 || EVP_PKEY_CTX_set_group_name(context.get(), "P-256") <= 0
        || EVP_PKEY_generate(context.get(), &raw) <= 0)
        return opensslFailure(u"tls_key_generation_failed"_s, tr("Cannot generate a P-256 key."));
    const PkeyPtr key(raw);
    const BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return opensslFailure(u"tls_key_generation_failed"_s, tr("Cannot encode the private key."));
    return bioBytes(bio.get());
}

Result<QByteArray> CertificateFactory::createCaCertificate(
    const QByteArray &caKeyPem, const QString &commonName, int validityDays) const
{
    auto key = readKey(caKeyPem);
    if (!key)
        return std::unexpected(key.error());
    const QDateTime now = m_clock.now();
    auto certificate = newCertificate(key->get(), commonName, now.addSecs(-BackdateSecs), now.addDays(validityDays));
    if (!certificate)
        return std::unexpected(certificate.error());
    X509 *ca = certificate->get();
    if (X509_set_issuer_name(ca, X509_get_subject_name(ca)) != 1)
        return opensslFailure(u"tls_certificate_failed"_s, tr("Cannot set the issuer."));
    // The subject key identifier must exist before the authority key identifier refers to it.
    for (const auto &[nid, value] : { std::pair { NID_basic_constraints, "critical,CA:TRUE,pathlen:0"_ba },
             std::pair { NID_key_usage, "critical,keyCertSign,cRLSign"_ba },
             std::pair { NID_subject_key_identifier, "hash"_ba },
             std::pair { NID_authority_key_identifier, "keyid:always"_ba } }) {
        if (auto added = addExtension(ca, ca, nid, value); !added)
            return std::unexpected(added.error());
    }
    ERR_clear_error();
    if (X509_sign(ca, key->get(), EVP_sha256()) <= 0)
        return opensslFailure(u"tls_certificate_failed"_s, tr("Cannot sign the CA certificate."));
    return certificatePem(ca);
}

Result<QByteArray> CertificateFactory::createServerCertificate(const QByteArray &serverKeyPem,
    const QByteArray &caCertificatePem, const QByteArray &caKeyPem, const QStringList &hosts, int validityDays) const
{
    auto serverKey = readKey(serverKeyPem);
    if (!serverKey)
        return std::unexpected(serverKey.error());
    auto caKey = readKey(caKeyPem);
    if (!caKey)
        return std::unexpected(caKey.error());
    auto ca = readCertificate(caCertificatePem);
    if (!ca)
        return std::unexpected(ca.error());
    const auto altNames = subjectAltName(hosts);
    if (!altNames)
        return std::unexpected(altNames.error());

    const QDateTime now = m_clock.now();
    QDateTime expiry = now.addDays(validityDays);
    if (const QDateTime caExpiry = toDateTime(X509_get0_notAfter(ca->get())); caExpiry.isValid() && caExpiry < expiry)
        expiry = caExpiry;
    auto certificate = newCertificate(serverKey->get(), hosts.constFirst(), now.addSecs(-BackdateSecs), expiry);
    if (!certificate)
        return std::unexpected(certificate.error());
    X509 *server = certificate->get();
    if (X509_set_issuer_name(server, X509_get_subject_name(ca->get())) != 1)
        return opensslFailure(u"tls_certificate_failed"_s, tr("Cannot set the issuer."));
    for (const auto &[nid, value] : { std::pair { NID_basic_constraints, "critical,CA:FALSE"_ba },
             std::pair { NID_key_usage, "critical,digitalSignature"_ba },
             std::pair { NID_ext_key_usage, "serverAuth"_ba }, std::pair { NID_subject_key_identifier, "hash"_ba },
             std::pair { NID_authority_key_identifier, "keyid:always"_ba },
             std::pair { NID_subject_alt_name, *altNames } }) {
        if (auto added = addExtension(server, ca->get(), nid, value); !added)
            return std::unexpected(added.error());
    }
    ERR_clear_error();
    if (X509_sign(server, caKey->get(), EVP_sha256()) <= 0)
        return opensslFailure(u"tls_certificate_failed"_s, tr("Cannot sign the server certificate."));
    return certificatePem(server);
}

Result<void> CertificateFactory::checkCaCertificate(
    const QByteArray &caCertificatePem, const QByteArray &caKeyPem) const
{
    if (auto matches = checkKeyMatches(caCertificatePem, caKeyPem); !matches)
        return matches;
    auto ca = readCertificate(caCertificatePem);
    if (!ca)
        return std::unexpected(ca.error());
    if (X509_check_ca(ca->get()) == 0)
        return fail(u"tls_not_ca"_s, tr("The certificate is not a CA certificate."));
    time_t now = time_t(m_clock.nowSecs());
    if (X509_cmp_time(X509_get0_notAfter(ca->get()), &now) <= 0)
        return fail(u"tls_expired"_s,
            tr("The CA certificate expired on %1.")
                .arg(toDateTime(X509_get0_notAfter(ca->get())).toString(Qt::ISODate)));
    return {};
}

Result<void> CertificateFactory::checkServerCertificate(const QByteArray &certificatePem, const QByteArray &keyPem,
    const QByteArray &caCertificatePem, const QStringList &hosts, int renewBeforeDays) const
{
    if (auto matches = checkKeyMatches(certificatePem, keyPem); !matches)
        return matches;
    auto certificate = readCertificate(certificatePem);
    if (!certificate)
        return std::unexpected(certificate.error());
    auto ca = readCertificate(caCertificatePem);
    if (!ca)
        return std::unexpected(ca.error());

    const X509StorePtr store(X509_STORE_new());
    const X509StoreCtxPtr context(X509_STORE_CTX_new());
    if (!store || !context || X509_STORE_add_cert(store.get(), ca->get()) != 1
        || X509_STORE_CTX_init(context.get(), store.get(), certificate->get(), nullptr) != 1)
        return opensslFailure(u"tls_untrusted"_s, tr("Cannot set up certificate verification."));
    X509_VERIFY_PARAM *parameters = X509_STORE_CTX_get0_param(context.get());
    X509_VERIFY_PARAM_set_time(parameters, time_t(m_clock.nowSecs()));
    X509_VERIFY_PARAM_set_purpose(parameters, X509_PURPOSE_SSL_SERVER);
    if (X509_verify_cert(context.get()) != 1) {
        const int code = X509_STORE_CTX_get_error(context.get());
        ERR_clear_error();
        return fail(u"tls_untrusted"_s,
            tr("The certificate does not verify against the CA: %1.")
                .arg(QString::fromLatin1(X509_verify_cert_error_string(code))));
    }
    for (const QString &host : hosts) {
        if (!coversHost(certificate->get(), host))
            return fail(u"tls_host_mismatch"_s, tr("The certificate does not name the host %1.").arg(host.left(100)));
    }
    time_t renewAt = time_t(m_clock.now().addDays(renewBeforeDays).toSecsSinceEpoch());
    if (X509_cmp_time(X509_get0_notAfter(certificate->get()), &renewAt) <= 0)
        return fail(u"tls_expiring"_s,
            tr("The certificate expires on %1.")
                .arg(toDateTime(X509_get0_notAfter(certificate->get())).toString(Qt::ISODate)));
    return {};
}

Result<void> CertificateFactory::checkKeyMatches(const QByteArray &certificatePem, const QByteArray &keyPem)
{
    auto certificate = readCertificate(certificatePem);
    if (!certificate)
        return std::unexpected(certificate.error());
    auto key = readKey(keyPem);
    if (!key)
        return std::unexpected(key.error());
    ERR_clear_error();
    if (X509_check_private_key(certificate->get(), key->get()) != 1) {
        ERR_clear_error();
        return fail(u"tls_key_mismatch"_s, tr("The private key does not belong to the certificate."));
    }
    return {};
}

Result<QSsl::KeyAlgorithm> CertificateFactory::keyAlgorithm(const QByteArray &keyPem)
{
    auto key = readKey(keyPem);
    if (!key)
        return std::unexpected(key.error());
    switch (EVP_PKEY_get_base_id(key->get())) {
    case EVP_PKEY_RSA:
        return QSsl::Rsa;
    case EVP_PKEY_EC:
        return QSsl::Ec;
    case EVP_PKEY_DSA:
        return QSsl::Dsa;
    default:
        return fail(u"tls_bad_key"_s, tr("Only RSA, ECDSA and DSA keys can serve TLS here."));
    }
}

Result<QDateTime> CertificateFactory::notAfter(const QByteArray &certificatePem)
{
    auto certificate = readCertificate(certificatePem);
    if (!certificate)
        return std::unexpected(certificate.error());
    return toDateTime(X509_get0_notAfter(certificate->get()));
}

} // namespace deskpay
