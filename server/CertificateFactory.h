#pragma once
// CertificateFactory: P-256 keys and the X.509 certificates of the local CA and the server (OpenSSL 3).

#include "models/Clock.h"
#include "models/Error.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QSsl>
#include <QStringList>

namespace deskpay {

// Everything is exchanged as PEM bytes so callers never hold raw OpenSSL pointers. Time comes
// from the injected clock, which is what makes expiry and renewal testable.
class CertificateFactory
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::CertificateFactory)

public:
    explicit CertificateFactory(const Clock &clock);

    // A new ECDSA P-256 private key as unencrypted PKCS#8 PEM.
    [[nodiscard]] static Result<QByteArray> generateKey();

    // A self-signed CA certificate (CA:TRUE, pathlen 0, keyCertSign + cRLSign).
    [[nodiscard]] Result<QByteArray> createCaCertificate(
        const QByteArray &caKeyPem, const QString &commonName, int validityDays) const;

    // A TLS server certificate for `hosts` (each a DNS name or an IP address, all put into the
    // subjectAltName), signed by the CA; it never outlives the CA.
    [[nodiscard]] Result<QByteArray> createServerCertificate(const QByteArray &serverKeyPem,
        const QByteArray &caCertificatePem, const QByteArray &caKeyPem, const QStringList &hosts,
        int validityDays) const;

    // The CA certificate is a CA, belongs to the key and is valid now.
    [[nodiscard]] Result<void> checkCaCertificate(const QByteArray &caCertificatePem, const QByteArray &caKeyPem) const;

    // The server certificate belongs to the key, chains to the CA for TLS server use now,
    // names every host and stays valid for at least `renewBeforeDays` more days. The error
    // says which of these failed.
    [[nodiscard]] Result<void> checkServerCertificate(const QByteArray &certificatePem, const QByteArray &keyPem,
        const QByteArray &caCertificatePem, const QStringList &hosts, int renewBeforeDays) const;

    // The certificate's public key belongs to the private key (any key type).
    [[nodiscard]] static Result<void> checkKeyMatches(const QByteArray &certificatePem, const QByteArray &keyPem);

    // The algorithm of an unencrypted PEM private key as Qt names it (RSA, EC or DSA; others are refused).
    [[nodiscard]] static Result<QSsl::KeyAlgorithm> keyAlgorithm(const QByteArray &keyPem);

    // End of validity of a PEM certificate, in UTC.
    [[nodiscard]] static Result<QDateTime> notAfter(const QByteArray &certificatePem);

private:
    const Clock &m_clock;
};

} // namespace deskpay
