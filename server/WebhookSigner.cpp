#include "server/WebhookSigner.h"

#include <QFile>
#include <QFileInfo>
#include <QMessageAuthenticationCode>

#include <openssl/crypto.h>

using namespace Qt::StringLiterals;

namespace deskpay {

QByteArray WebhookSigner::signature(QByteArrayView secret, qint64 timestamp, qint64 messageId, QByteArrayView body)
{
    QMessageAuthenticationCode mac(QCryptographicHash::Sha256, secret.toByteArray());
    mac.addData(QByteArray::number(timestamp));
    mac.addData("."_ba);
    mac.addData(QByteArray::number(messageId));
    mac.addData("."_ba);
    mac.addData(body.data(), body.size());
    return "v1="_ba + mac.result().toHex();
}

bool WebhookSigner::verify(
    QByteArrayView secret, qint64 timestamp, qint64 messageId, QByteArrayView body, QByteArrayView received)
{
    const QByteArray expected = signature(secret, timestamp, messageId, body);
    return received.size() == expected.size() && CRYPTO_memcmp(received.data(), expected.data(), expected.size()) == 0;
}

Result<QByteArray> WebhookSigner::readSecretFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists() || !info.isFile())
        return fail(u"secret_file_missing"_s, tr("The secret file %1 does not exist.").arg(path));
    constexpr auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
        | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    if (info.permissions() & others)
        return fail(u"secret_file_exposed"_s,
            tr("The secret file %1 must be readable by its owner only (chmod 600 %1).").arg(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(
            u"secret_file_unreadable"_s, tr("Cannot read the secret file %1: %2").arg(path, file.errorString()));
    // A secret is short; anything large is the wrong file.
    QByteArray secret = file.read(4097);
    if (secret.size() > 4096)
        return fail(u"secret_file_invalid"_s, tr("The secret file %1 is larger than 4 KiB.").arg(path));
    while (secret.endsWith('\n') || secret.endsWith('\r'))
        secret.chop(1);
    if (secret.size() < MinimumSecretBytes)
        return fail(u"secret_file_invalid"_s,
            tr("The secret in %1 is shorter than %2 bytes.").arg(path).arg(MinimumSecretBytes));
    return secret;
}

} // namespace deskpay
