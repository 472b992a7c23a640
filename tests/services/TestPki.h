#pragma once
// TestPki: throw-away CAs and server certificates made with OpenSSL for TLS tests.

#include <QDateTime>
#include <QSslCertificate>
#include <QSslKey>
#include <QStringList>

namespace deskpay::test {

struct CertifiedKey
{
    QSslCertificate certificate;
    QSslKey key;
};

struct CertificateSpec
{
    QString commonName;
    QStringList dnsNames; // subjectAltName DNS entries
    QStringList ipAddresses; // subjectAltName IP entries
    qint64 notBeforeSecs = -3600; // relative to now
    qint64 notAfterSecs = 30 * 24 * 3600; // relative to now
};

// A CA that can sign server certificates (P-256, basicConstraints CA:TRUE).
[[nodiscard]] CertifiedKey makeCa(const QString &commonName);
// A server certificate signed by issuer, or self-signed when issuer is null.
[[nodiscard]] CertifiedKey makeServerCertificate(const CertificateSpec &spec, const CertifiedKey *issuer);

} // namespace deskpay::test
