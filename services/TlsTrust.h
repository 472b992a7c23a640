#pragma once
// TlsTrust: loading a private CA, SPKI pins, and describing certificates and TLS errors to people.

#include "models/Error.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QSslCertificate>
#include <QSslError>
#include <QString>

namespace deskpay {

class TlsTrust
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::TlsTrust)

public:
    // Every certificate in a PEM (one or more) or DER file; an empty or unreadable file is an error.
    [[nodiscard]] static Result<QList<QSslCertificate>> loadCaFile(const QString &path);

    // The 32 raw bytes of a pin given as base64 of SHA-256(SubjectPublicKeyInfo),
    // optionally prefixed "sha256/" as curl and HPKP write it.
    [[nodiscard]] static Result<QByteArray> parseSpkiPin(const QString &pin);

    // SHA-256 over the certificate's DER SubjectPublicKeyInfo (any key type, Ed25519 included);
    // empty if the certificate cannot be parsed.
    [[nodiscard]] static QByteArray spkiSha256(const QSslCertificate &certificate);
    [[nodiscard]] static QString spkiPin(const QSslCertificate &certificate);

    // "AB:CD:…" over the whole certificate, as browsers show it.
    [[nodiscard]] static QString sha256Fingerprint(const QSslCertificate &certificate);
    // "CN=…, O=…" of the subject or the issuer.
    [[nodiscard]] static QString subjectText(const QSslCertificate &certificate);
    [[nodiscard]] static QString issuerText(const QSslCertificate &certificate);

    // Several lines a person can compare with what they expect: subject, issuer,
    // SHA-256 fingerprint and validity.
    [[nodiscard]] static QString describeCertificate(const QSslCertificate &certificate);

    // What went wrong in a handshake, each distinct error once, then the certificate it was about.
    [[nodiscard]] static QString describeErrors(const QList<QSslError> &errors);
};

} // namespace deskpay
