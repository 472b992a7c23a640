#include "services/TlsTrust.h"

#include <QCryptographicHash>
#include <QFile>
#include <QLocale>

#include <memory>
#include <openssl/bio.h>
#include <openssl/x509.h>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr int kSha256Size = 32;

using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;

X509Ptr toX509(const QSslCertificate &certificate)
{
    const QByteArray der = certificate.toDer();
    const auto *cursor = reinterpret_cast<const unsigned char *>(der.constData());
    return X509Ptr(d2i_X509(nullptr, &cursor, der.size()), &X509_free);
}

// RFC 4514 order (most specific first, "CN=…, O=…"), with UTF-8 left readable rather than escaped.
QString distinguishedName(const QSslCertificate &certificate, bool issuer)
{
    const X509Ptr x509 = toX509(certificate);
    if (!x509)
        return {};
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    constexpr unsigned long flags
        = (XN_FLAG_RFC2253 & ~XN_FLAG_SEP_MASK & ~ASN1_STRFLGS_ESC_MSB) | XN_FLAG_SEP_CPLUS_SPC;
    X509_NAME_print_ex(
        bio.get(), issuer ? X509_get_issuer_name(x509.get()) : X509_get_subject_name(x509.get()), 0, flags);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QString::fromUtf8(data, static_cast<qsizetype>(size));
}

} // namespace

Result<QList<QSslCertificate>> TlsTrust::loadCaFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(u"ca_file_unreadable"_s, tr("The CA file %1 cannot be read: %2.").arg(path, file.errorString()));
    const QByteArray data = file.readAll();
    QList<QSslCertificate> certificates = QSslCertificate::fromData(data, QSsl::Pem);
    if (certificates.isEmpty())
        certificates = QSslCertificate::fromData(data, QSsl::Der);
    certificates.removeIf([](const QSslCertificate &c) { return c.isNull(); });
    if (certificates.isEmpty())
        return fail(u"ca_file_invalid"_s, tr("The CA file %1 holds no certificate in PEM or DER form.").arg(path));
    return certificates;
}

Result<QByteArray> TlsTrust::parseSpkiPin(const QString &pin)
{
    QString text = pin.trimmed();
    if (text.startsWith(u"sha256/"_s, Qt::CaseInsensitive))
        text = text.mid(7);
    const auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (text.isEmpty() || !decoded || decoded.decoded.size() != kSha256Size)
        return fail(u"bad_spki_pin"_s,
            tr("“%1” is not an SPKI pin: expected the base64 of a SHA-256 digest "
               "(44 characters ending in “=”).")
                .arg(pin),
            u"spkiPin"_s);
    return decoded.decoded;
}

QByteArray TlsTrust::spkiSha256(const QSslCertificate &certificate)
{
    // QSslKey cannot represent every key type (Ed25519), so take the SubjectPublicKeyInfo
    // straight from the certificate's DER.
    const X509Ptr x509 = toX509(certificate);
    if (!x509)
        return {};
    unsigned char *spki = nullptr;
    const int length = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x509.get()), &spki);
    if (length <= 0)
        return {};
    const QByteArray digest = QCryptographicHash::hash(
        QByteArrayView(reinterpret_cast<const char *>(spki), length), QCryptographicHash::Sha256);
    OPENSSL_free(spki);
    return digest;
}

QString TlsTrust::spkiPin(const QSslCertificate &certificate)
{
    return QString::fromLatin1(spkiSha256(certificate).toBase64());
}

QString TlsTrust::sha256Fingerprint(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

QString TlsTrust::subjectText(const QSslCertificate &certificate)
{
    return distinguishedName(certificate, false);
}

QString TlsTrust::issuerText(const QSslCertificate &certificate)
{
    return distinguishedName(certificate, true);
}

QString TlsTrust::describeCertificate(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return tr("The server sent no certificate.");
    const QLocale locale;
    return tr("Subject: %1\nIssuer: %2\nSHA-256 fingerprint: %3\nValid from %4 to %5")
        .arg(subjectText(certificate), issuerText(certificate), sha256Fingerprint(certificate),
            locale.toString(certificate.effectiveDate().toUTC(), QLocale::ShortFormat),
            locale.toString(certificate.expiryDate().toUTC(), QLocale::ShortFormat));
}

QString TlsTrust::describeErrors(const QList<QSslError> &errors)
{
    QStringList reasons;
    QSslCertificate certificate;
    for (const QSslError &error : errors) {
        if (!reasons.contains(error.errorString()))
            reasons.append(error.errorString());
        if (certificate.isNull())
            certificate = error.certificate();
    }
    return reasons.join(u'\n') + u'\n' + describeCertificate(certificate);
}

} // namespace deskpay
