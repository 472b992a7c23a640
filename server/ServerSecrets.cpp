#include "server/ServerSecrets.h"

#include "services/protocol/OpenSslHandles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageAuthenticationCode>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

using KdfPtr = std::unique_ptr<EVP_KDF, openssl::Deleter<EVP_KDF_free>>;
using KdfCtxPtr = std::unique_ptr<EVP_KDF_CTX, openssl::Deleter<EVP_KDF_CTX_free>>;
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, openssl::Deleter<EVP_CIPHER_CTX_free>>;

// The info strings make the two keys independent; changing one invalidates every stored
// digest (or every sealed evidence blob), so they are fixed for good.
constexpr QByteArrayView IdentityInfo = "deskpay identity digest v1";
constexpr QByteArrayView EvidenceInfo = "deskpay evidence aes-256-gcm v1";
// Changing this one only logs every payer page out (their CSRF tokens stop matching).
constexpr QByteArrayView PayerCsrfInfo = "deskpay payer csrf v1";
constexpr QByteArrayView Salt = "deskpay server secrets";

void cleanse(QByteArray &bytes)
{
    if (!bytes.isEmpty() && !bytes.isDetached())
        return; // shared with another copy that still needs it
    if (!bytes.isEmpty())
        OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
}

Result<QByteArray> hkdf(const QByteArray &key, QByteArrayView info)
{
    const KdfPtr kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
    if (!kdf)
        return fail(u"crypto_failed"_s, ServerSecrets::tr("OpenSSL has no HKDF: %1").arg(openssl::takeErrors()));
    const KdfCtxPtr ctx(EVP_KDF_CTX_new(kdf.get()));
    if (!ctx)
        return fail(u"crypto_failed"_s, ServerSecrets::tr("Cannot set up HKDF: %1").arg(openssl::takeErrors()));
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<char *>(key.constData()), size_t(key.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char *>(Salt.data()), size_t(Salt.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char *>(info.data()), size_t(info.size())),
        OSSL_PARAM_construct_end(),
    };
    QByteArray out(ServerSecrets::KeyBytes, Qt::Uninitialized);
    if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), size_t(out.size()), params) != 1)
        return fail(u"crypto_failed"_s, ServerSecrets::tr("HKDF failed: %1").arg(openssl::takeErrors()));
    return out;
}

constexpr QFileDevice::Permissions GroupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup
    | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;

Result<QByteArray> readKeyFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return fail(u"secrets_file_missing"_s, ServerSecrets::tr("The secrets file %1 does not exist.").arg(path));
    if (!info.isFile())
        return fail(u"secrets_file_invalid"_s, ServerSecrets::tr("The secrets file %1 is not a file.").arg(path));
    // A key others can read is a key others may have copied: refuse rather than quietly fix
    // the mode, so the operator looks at how it came to be that way.
    if (QFile::permissions(path) & GroupOrOther)
        return fail(u"secrets_file_insecure"_s,
            ServerSecrets::tr("The secrets file %1 is readable or writable by group or others; "
                              "run chmod 600 on it.")
                .arg(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(u"secrets_file_invalid"_s,
            ServerSecrets::tr("Cannot read the secrets file %1: %2").arg(path, file.errorString()));
    QByteArray key = file.read(ServerSecrets::KeyBytes + 1);
    if (key.size() != ServerSecrets::KeyBytes) {
        cleanse(key);
        return fail(u"secrets_file_invalid"_s,
            ServerSecrets::tr("The secrets file %1 must hold exactly %2 random bytes "
                              "(openssl rand -out FILE %2).")
                .arg(path)
                .arg(ServerSecrets::KeyBytes));
    }
    return key;
}

// Writes a fresh key to a temporary file and links it into place: link() never replaces an
// existing file, so two servers starting at once on one data folder end up with one key.
Result<void> createKeyFile(const QString &path)
{
    const QString directory = QFileInfo(path).absolutePath();
    if (!QFileInfo(directory).isDir()) {
        if (!QDir().mkpath(directory))
            return fail(u"secrets_write_failed"_s, ServerSecrets::tr("Cannot create the folder %1.").arg(directory));
        QFile::setPermissions(directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    QByteArray key(ServerSecrets::KeyBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(key.data()), int(key.size())) != 1)
        return fail(u"crypto_failed"_s, ServerSecrets::tr("No random numbers for the master key."));
    const QByteArray temporary = QFile::encodeName(path + u".new-%1"_s.arg(::getpid()));
    const QByteArray target = QFile::encodeName(path);
    const int fd = ::open(temporary.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0) {
        cleanse(key);
        return fail(u"secrets_write_failed"_s,
            ServerSecrets::tr("Cannot write %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    }
    const bool written = ::write(fd, key.constData(), size_t(key.size())) == key.size() && ::fsync(fd) == 0;
    ::close(fd);
    cleanse(key);
    if (!written) {
        ::unlink(temporary.constData());
        return fail(u"secrets_write_failed"_s, ServerSecrets::tr("Cannot write %1.").arg(path));
    }
    const int linked = ::link(temporary.constData(), target.constData());
    const int linkError = errno;
    ::unlink(temporary.constData());
    if (linked != 0 && linkError != EEXIST)
        return fail(u"secrets_write_failed"_s,
            ServerSecrets::tr("Cannot write %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(linkError))));
    return {};
}

} // namespace

ServerSecrets::~ServerSecrets()
{
    cleanse(m_identityKey);
    cleanse(m_evidenceKey);
    cleanse(m_payerCsrfKey);
}

QString ServerSecrets::defaultKeyFile(const QString &dataDir)
{
    return QDir(dataDir).filePath(u"secrets/master.key"_s);
}

Result<ServerSecrets> ServerSecrets::derive(const QByteArray &masterKey)
{
    auto identity = hkdf(masterKey, IdentityInfo);
    if (!identity)
        return std::unexpected(identity.error());
    auto evidence = hkdf(masterKey, EvidenceInfo);
    if (!evidence)
        return std::unexpected(evidence.error());
    auto csrf = hkdf(masterKey, PayerCsrfInfo);
    if (!csrf)
        return std::unexpected(csrf.error());
    ServerSecrets secrets;
    secrets.m_identityKey = std::move(*identity);
    secrets.m_evidenceKey = std::move(*evidence);
    secrets.m_payerCsrfKey = std::move(*csrf);
    return secrets;
}

ServerSecrets ServerSecrets::fromKey(QByteArray key)
{
    if (key.size() != KeyBytes)
        return ServerSecrets();
    auto derived = derive(key);
    cleanse(key);
    return derived ? std::move(*derived) : ServerSecrets();
}

Result<ServerSecrets> ServerSecrets::loadOrCreate(const QString &dataDir, const QString &keyFile)
{
    const QString path = keyFile.isEmpty() ? defaultKeyFile(dataDir) : keyFile;
    if (keyFile.isEmpty() && !QFileInfo::exists(path)) {
        if (auto created = createKeyFile(path); !created)
            return std::unexpected(created.error());
    }
    auto key = readKeyFile(path);
    if (!key)
        return std::unexpected(key.error());
    auto secrets = derive(*key);
    cleanse(*key);
    return secrets;
}

QByteArray ServerSecrets::identityDigest(DocumentType type, QStringView normalisedNumber) const
{
    QMessageAuthenticationCode mac(QCryptographicHash::Sha256, m_identityKey);
    mac.addData(documentTypeName(type).toUtf8());
    mac.addData("\0", 1);
    mac.addData(normalisedNumber.toUtf8());
    return mac.result();
}

Result<QByteArray> ServerSecrets::seal(QByteArrayView plain, QByteArrayView associatedData) const
{
    if (m_evidenceKey.size() != KeyBytes)
        return fail(u"crypto_failed"_s, tr("The server secrets are not loaded."));
    QByteArray out(1 + NonceBytes + plain.size() + TagBytes, Qt::Uninitialized);
    out[0] = SealVersion;
    auto *nonce = reinterpret_cast<unsigned char *>(out.data() + 1);
    if (RAND_bytes(nonce, int(NonceBytes)) != 1)
        return fail(u"crypto_failed"_s, tr("No random numbers for a nonce."));
    const CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    const auto *key = reinterpret_cast<const unsigned char *>(m_evidenceKey.constData());
    auto *cipher = reinterpret_cast<unsigned char *>(out.data() + 1 + NonceBytes);
    int length = 0;
    bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key, nonce) == 1;
    if (ok && !associatedData.isEmpty())
        ok = EVP_EncryptUpdate(ctx.get(), nullptr, &length,
                 reinterpret_cast<const unsigned char *>(associatedData.data()), int(associatedData.size()))
            == 1;
    if (ok && !plain.isEmpty())
        ok = EVP_EncryptUpdate(
                 ctx.get(), cipher, &length, reinterpret_cast<const unsigned char *>(plain.data()), int(plain.size()))
            == 1;
    ok = ok && EVP_EncryptFinal_ex(ctx.get(), cipher + plain.size(), &length) == 1;
    ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, int(TagBytes), cipher + plain.size()) == 1;
    if (!ok)
        return fail(u"crypto_failed"_s, tr("Cannot encrypt evidence: %1").arg(openssl::takeErrors()));
    return out;
}

Result<QByteArray> ServerSecrets::open(QByteArrayView sealed, QByteArrayView associatedData) const
{
    if (m_evidenceKey.size() != KeyBytes)
        return fail(u"crypto_failed"_s, tr("The server secrets are not loaded."));
    if (sealed.size() < 1 + NonceBytes + TagBytes || sealed.at(0) != SealVersion)
        return fail(u"evidence_format"_s, tr("The stored evidence is not in a format this server can read."));
    const auto *nonce = reinterpret_cast<const unsigned char *>(sealed.data() + 1);
    const qsizetype cipherLength = sealed.size() - 1 - NonceBytes - TagBytes;
    const auto *cipher = nonce + NonceBytes;
    QByteArray tag(reinterpret_cast<const char *>(cipher + cipherLength), TagBytes);
    QByteArray plain(cipherLength, Qt::Uninitialized);
    const CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    const auto *key = reinterpret_cast<const unsigned char *>(m_evidenceKey.constData());
    int length = 0;
    bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key, nonce) == 1;
    if (ok && !associatedData.isEmpty())
        ok = EVP_DecryptUpdate(ctx.get(), nullptr, &length,
                 reinterpret_cast<const unsigned char *>(associatedData.data()), int(associatedData.size()))
            == 1;
    if (ok && cipherLength > 0)
        ok = EVP_DecryptUpdate(
                 ctx.get(), reinterpret_cast<unsigned char *>(plain.data()), &length, cipher, int(cipherLength))
            == 1;
    if (!ok)
        return fail(u"crypto_failed"_s, tr("Cannot decrypt evidence: %1").arg(openssl::takeErrors()));
    ok = EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(TagBytes), tag.data()) == 1
        && EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char *>(plain.data()) + cipherLength, &length) == 1;
    if (!ok) {
        (void)openssl::takeErrors();
        cleanse(plain);
        return fail(u"evidence_tampered"_s,
            tr("The stored evidence does not verify: it was changed, or sealed with another key."));
    }
    return plain;
}

} // namespace deskpay
