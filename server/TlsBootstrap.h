#pragma once
// TlsBootstrap: the server's TLS identity — a local CA and server certificate in the data folder, or given files.

#include "models/Clock.h"
#include "models/Error.h"

#include <QCoreApplication>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QStringList>

namespace deskpay {

// What the TLS listener needs, and the file clients must trust to reach it.
struct TlsMaterial
{
    QSslCertificate certificate; // the server's own certificate
    QList<QSslCertificate> chain; // intermediates sent after it (empty for the local CA)
    QSslKey privateKey;
    QString caCertificatePath; // absolute path of the CA clients should trust
};

class TlsBootstrap
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::TlsBootstrap)

public:
    static constexpr int CaValidityDays = 3650;
    static constexpr int ServerValidityDays = 365;
    // A server certificate this close to its end is re-issued at start, so a server that is
    // restarted now and then never presents an expired certificate.
    static constexpr int RenewBeforeDays = 30;

    explicit TlsBootstrap(const Clock &clock);

    // DIR/tls/{ca.key,ca.crt,server.key,server.crt}: created on first use (keys 0600, written
    // atomically), reused later. The server certificate alone is re-issued when it no longer
    // names `listenHost` or nears its end; the CA is replaced only once it has expired. A CA
    // certificate without its key is an error: replacing it would silently break every client
    // that trusts it.
    [[nodiscard]] Result<TlsMaterial> ensureLocalCa(const QString &dataDir, const QString &listenHost) const;

    // A certificate file (the server certificate, optionally followed by its chain) and its
    // key; `caPath` names what clients should trust and defaults to the certificate file.
    [[nodiscard]] static Result<TlsMaterial> loadFiles(
        const QString &certificatePath, const QString &keyPath, const QString &caPath = {});

    // The names a certificate for `listenHost` carries: localhost, 127.0.0.1, ::1 and the host
    // itself (the machine's name instead when listening on every interface).
    [[nodiscard]] static QStringList certificateHosts(const QString &listenHost);

    [[nodiscard]] static QString tlsDirectory(const QString &dataDir);

private:
    [[nodiscard]] Result<QByteArray> ensureCaKey(const QString &directory) const;

    const Clock &m_clock;
};

} // namespace deskpay
