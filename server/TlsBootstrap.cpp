#include "server/TlsBootstrap.h"

#include "server/CertificateFactory.h"
#include "server/ServerLogging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QHostInfo>
#include <QRegularExpression>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr qint64 MaxPemFileSize = 1024 * 1024;

constexpr QFileDevice::Permissions PrivatePermissions = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions PublicPermissions
    = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
constexpr QFileDevice::Permissions GroupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup
    | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;

Result<void> writeAtomically(const QString &path, const QByteArray &data, QFileDevice::Permissions permissions)
{
    // The permissions go onto the temporary file before any byte of a key is in it, and the
    // rename makes the file appear complete or not at all.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(u"tls_write_failed"_s, TlsBootstrap::tr("Cannot write %1: %2").arg(path, file.errorString()));
    if (!file.setPermissions(permissions)) {
        file.cancelWriting();
        return fail(u"tls_write_failed"_s,
            TlsBootstrap::tr("Cannot set the permissions of %1: %2").arg(path, file.errorString()));
    }
    if (file.write(data) != data.size() || !file.commit())
        return fail(u"tls_write_failed"_s, TlsBootstrap::tr("Cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

Result<QByteArray> readPemFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(u"tls_unreadable"_s, TlsBootstrap::tr("Cannot read %1: %2").arg(path, file.errorString()));
    if (file.size() > MaxPemFileSize)
        return fail(u"tls_unreadable"_s, TlsBootstrap::tr("%1 is too large for a PEM file.").arg(path));
    return file.readAll();
}

// Reads a key we own and narrows its permissions when someone widened them: a readable CA key
// lets any local user mint certificates that our clients trust.
Result<QByteArray> readOwnPrivateKey(const QString &path)
{
    const QFileDevice::Permissions permissions = QFile::permissions(path);
    if (permissions & GroupOrOther) {
        qCWarning(lcServerTls, "%ls was readable by others; restricting it to its owner", qUtf16Printable(path));
        if (!QFile::setPermissions(path, PrivatePermissions))
            return fail(u"tls_unreadable"_s, TlsBootstrap::tr("Cannot restrict the permissions of %1.").arg(path));
    }
    return readPemFile(path);
}

Result<TlsMaterial> toMaterial(const QByteArray &certificatesPem, const QByteArray &keyPem, const QString &caPath)
{
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(certificatesPem, QSsl::Pem);
    if (certificates.isEmpty() || certificates.constFirst().isNull())
        return fail(u"tls_bad_certificate"_s, TlsBootstrap::tr("No PEM certificate found."));
    if (auto matches = CertificateFactory::checkKeyMatches(certificates.constFirst().toPem(), keyPem); !matches)
        return std::unexpected(matches.error());
    const auto algorithm = CertificateFactory::keyAlgorithm(keyPem);
    if (!algorithm)
        return std::unexpected(algorithm.error());
    TlsMaterial material;
    material.certificate = certificates.constFirst();
    material.chain = certificates.mid(1);
    material.privateKey = QSslKey(keyPem, *algorithm, QSsl::Pem, QSsl::PrivateKey);
    if (material.privateKey.isNull())
        return fail(u"tls_bad_key"_s, TlsBootstrap::tr("Qt's TLS backend cannot load the private key."));
    material.caCertificatePath = QFileInfo(caPath).absoluteFilePath();
    return material;
}

std::unexpected<Error> inFile(const Error &error, const QString &path)
{
    return fail(error.code, TlsBootstrap::tr("%1: %2").arg(path, error.message));
}

} // namespace

TlsBootstrap::TlsBootstrap(const Clock &clock)
    : m_clock(clock)
{
}

QString TlsBootstrap::tlsDirectory(const QString &dataDir)
{
    return QDir(dataDir).absoluteFilePath(u"tls"_s);
}

QStringList TlsBootstrap::certificateHosts(const QString &listenHost)
{
    QStringList hosts { u"localhost"_s, u"127.0.0.1"_s, u"::1"_s };
    const QHostAddress address(listenHost);
    QString extra = listenHost.toLower();
    if (address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6 || address == QHostAddress::Any) {
        // Machine names may hold characters a DNS name cannot (an underscore, say); such a name
        // is left out rather than failing the start.
        static const QRegularExpression dnsName(
            u"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"_s);
        extra = QHostInfo::localHostName().toLower();
        if (!dnsName.match(extra).hasMatch())
            extra.clear();
    } else if (!address.isNull())
        extra = address.toString();
    if (!extra.isEmpty() && !hosts.contains(extra))
        hosts.append(extra);
    return hosts;
}

Result<QByteArray> TlsBootstrap::ensureCaKey(const QString &directory) const
{
    const QString path = QDir(directory).filePath(u"ca.key"_s);
    if (QFileInfo::exists(path))
        return readOwnPrivateKey(path);
    qCInfo(lcServerTls, "creating a local CA in %ls", qUtf16Printable(directory));
    auto key = CertificateFactory::generateKey();
    if (!key)
        return key;
    if (auto written = writeAtomically(path, *key, PrivatePermissions); !written)
        return std::unexpected(written.error());
    return key;
}

Result<TlsMaterial> TlsBootstrap::ensureLocalCa(const QString &dataDir, const QString &listenHost) const
{
    const QString directory = tlsDirectory(dataDir);
    if (!QFileInfo(directory).isDir()) {
        if (!QDir().mkdir(directory, PrivatePermissions | QFileDevice::ExeOwner))
            return fail(u"tls_write_failed"_s, tr("Cannot create the folder %1.").arg(directory));
    }
    const QDir dir(directory);
    const QString caKeyPath = dir.filePath(u"ca.key"_s);
    const QString caCertificatePath = dir.filePath(u"ca.crt"_s);
    const QString serverKeyPath = dir.filePath(u"server.key"_s);
    const QString serverCertificatePath = dir.filePath(u"server.crt"_s);
    const QStringList hosts = certificateHosts(listenHost);
    const CertificateFactory factory(m_clock);

    if (QFileInfo::exists(caCertificatePath) && !QFileInfo::exists(caKeyPath))
        return fail(u"tls_ca_key_missing"_s,
            tr("%1 exists but its key %2 does not. Restore the key, or remove %1 to create a new CA "
               "(clients must then trust the new one).")
                .arg(caCertificatePath, caKeyPath));

    auto caKey = ensureCaKey(directory);
    if (!caKey)
        return std::unexpected(caKey.error());

    // A new or replaced CA invalidates the server certificate it would otherwise reuse.
    bool caIssued = false;
    QByteArray caCertificate;
    if (QFileInfo::exists(caCertificatePath)) {
        auto existing = readPemFile(caCertificatePath);
        if (!existing)
            return std::unexpected(existing.error());
        caCertificate = *existing;
        if (auto usable = factory.checkCaCertificate(caCertificate, *caKey); !usable) {
            if (usable.error().code != u"tls_expired")
                return inFile(usable.error(), caCertificatePath);
            qCWarning(lcServerTls, "%ls: %ls; creating a new local CA — clients must trust the new one",
                qUtf16Printable(caCertificatePath), qUtf16Printable(usable.error().message));
            caKey = CertificateFactory::generateKey();
            if (!caKey)
                return std::unexpected(caKey.error());
            if (auto written = writeAtomically(caKeyPath, *caKey, PrivatePermissions); !written)
                return std::unexpected(written.error());
            caCertificate.clear();
        }
    }
    if (caCertificate.isEmpty()) {
        // Also reached when only the certificate was lost: re-issued from the same key and
        // name, it still verifies every server certificate clients saw before.
        auto created = factory.createCaCertificate(
            *caKey, u"DeskPay local CA (%1)"_s.arg(QHostInfo::localHostName()), CaValidityDays);
        if (!created)
            return std::unexpected(created.error());
        if (auto written = writeAtomically(caCertificatePath, *created, PublicPermissions); !written)
            return std::unexpected(written.error());
        caCertificate = *created;
        caIssued = true;
    }

    QByteArray serverKey;
    QByteArray serverCertificate;
    if (!caIssued && QFileInfo::exists(serverKeyPath) && QFileInfo::exists(serverCertificatePath)) {
        auto key = readOwnPrivateKey(serverKeyPath);
        if (!key)
            return std::unexpected(key.error());
        auto certificate = readPemFile(serverCertificatePath);
        if (!certificate)
            return std::unexpected(certificate.error());
        if (auto usable = factory.checkServerCertificate(*certificate, *key, caCertificate, hosts, RenewBeforeDays)) {
            serverKey = *key;
            serverCertificate = *certificate;
        } else {
            qCInfo(lcServerTls, "re-issuing the server certificate: %ls", qUtf16Printable(usable.error().message));
        }
    }
    if (serverCertificate.isEmpty()) {
        auto key = CertificateFactory::generateKey();
        if (!key)
            return std::unexpected(key.error());
        auto certificate = factory.createServerCertificate(*key, caCertificate, *caKey, hosts, ServerValidityDays);
        if (!certificate)
            return std::unexpected(certificate.error());
        // Key first: a crash between the two writes leaves a pair that fails the check above and
        // is simply issued again next time.
        if (auto written = writeAtomically(serverKeyPath, *key, PrivatePermissions); !written)
            return std::unexpected(written.error());
        if (auto written = writeAtomically(serverCertificatePath, *certificate, PublicPermissions); !written)
            return std::unexpected(written.error());
        serverKey = *key;
        serverCertificate = *certificate;
        qCInfo(lcServerTls, "issued a server certificate for %ls", qUtf16Printable(hosts.join(u", ")));
    }
    auto material = toMaterial(serverCertificate, serverKey, caCertificatePath);
    if (!material)
        return inFile(material.error(), serverCertificatePath);
    return material;
}

Result<TlsMaterial> TlsBootstrap::loadFiles(
    const QString &certificatePath, const QString &keyPath, const QString &caPath)
{
    auto certificates = readPemFile(certificatePath);
    if (!certificates)
        return std::unexpected(certificates.error());
    if (QFile::permissions(keyPath) & GroupOrOther)
        qCWarning(lcServerTls, "%ls is readable by other users", qUtf16Printable(keyPath));
    auto key = readPemFile(keyPath);
    if (!key)
        return std::unexpected(key.error());
    auto material = toMaterial(*certificates, *key, caPath.isEmpty() ? certificatePath : caPath);
    if (!material)
        return inFile(material.error(), certificatePath);
    if (!caPath.isEmpty() && QSslCertificate::fromPath(caPath).isEmpty())
        return fail(u"tls_bad_certificate"_s, tr("%1 holds no PEM certificate.").arg(caPath));
    return material;
}

} // namespace deskpay
