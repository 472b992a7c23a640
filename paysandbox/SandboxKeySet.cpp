#include "paysandbox/SandboxKeySet.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QSettings>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr QFileDevice::Permissions PrivatePermissions = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions PublicPermissions
    = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
constexpr qint64 MaxKeyFileSize = 64 * 1024;

Result<void> writeFile(const QString &path, const QByteArray &data, QFileDevice::Permissions permissions)
{
    // Permissions first, bytes after: a private key is never readable by others, not even
    // while it is being written.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(u"keyset_write_failed"_s, SandboxKeySet::tr("Cannot write %1: %2").arg(path, file.errorString()));
    if (!file.setPermissions(permissions)) {
        file.cancelWriting();
        return fail(u"keyset_write_failed"_s,
            SandboxKeySet::tr("Cannot set the permissions of %1: %2").arg(path, file.errorString()));
    }
    if (file.write(data) != data.size() || !file.commit())
        return fail(u"keyset_write_failed"_s, SandboxKeySet::tr("Cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

Result<QByteArray> readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(u"keyset_unreadable"_s, SandboxKeySet::tr("Cannot read %1: %2").arg(path, file.errorString()));
    if (file.size() > MaxKeyFileSize)
        return fail(u"keyset_invalid"_s, SandboxKeySet::tr("%1 is too large for a key file.").arg(path));
    return file.readAll();
}

struct KeyPair
{
    RsaKey key;
    QByteArray privatePem;
    QByteArray publicPem;
    QString serial;
};

Result<KeyPair> newKeyPair()
{
    auto key = RsaKey::generate();
    if (!key)
        return std::unexpected(key.error());
    auto privatePem = key->toPrivateKeyPem();
    if (!privatePem)
        return std::unexpected(privatePem.error());
    auto publicPem = key->toPublicKeyPem();
    if (!publicPem)
        return std::unexpected(publicPem.error());
    auto serial = key->serial();
    if (!serial)
        return std::unexpected(serial.error());
    return KeyPair { *key, *privatePem, *publicPem, *serial };
}

// 32 printable characters, as merchant platforms issue APIv3 keys.
QByteArray newApiV3Key()
{
    static constexpr char Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QByteArray key;
    for (int i = 0; i < 32; ++i)
        key.append(Alphabet[QRandomGenerator::system()->bounded(int(sizeof(Alphabet) - 1))]);
    return key;
}

Result<RsaKey> loadKey(const QDir &dir, const QSettings &settings, const QString &name, bool privateKey)
{
    const QString file = settings.value(name).toString();
    if (file.isEmpty())
        return fail(u"keyset_invalid"_s, SandboxKeySet::tr("sandbox.ini has no %1.").arg(name));
    const QString path = dir.absoluteFilePath(file);
    auto pem = readFile(path);
    if (!pem)
        return std::unexpected(pem.error());
    auto key = privateKey ? RsaKey::fromPrivateKeyPem(*pem) : RsaKey::fromPublicKeyPem(*pem);
    if (!key)
        return fail(u"keyset_invalid"_s, SandboxKeySet::tr("%1: %2").arg(path, key.error().message));
    return key;
}

} // namespace

Result<void> SandboxKeySet::write(
    const QString &dir, const QString &sandboxUrl, const QString &serverCaFile, const QString &gatewayCaFile)
{
    const QUrl url(sandboxUrl);
    if (!url.isValid() || url.scheme() != u"https" || url.host().isEmpty() || !url.path().isEmpty() || url.hasQuery())
        return fail(u"bad_url"_s, tr("The sandbox URL must look like https://HOST:PORT, not %1.").arg(sandboxUrl));
    const QString base = url.toString(QUrl::FullyEncoded);

    const QDir folder(dir);
    if (!folder.exists() && !QDir().mkpath(dir))
        return fail(u"keyset_write_failed"_s, tr("Cannot create the folder %1.").arg(dir));
    QFile::setPermissions(dir, PrivatePermissions | QFileDevice::ExeOwner);
    if (QFileInfo::exists(folder.filePath(u"sandbox.ini"_s)))
        return fail(
            u"keyset_exists"_s, tr("%1 already holds a sandbox key set; remove it or choose another folder.").arg(dir));

    KeyPair pairs[4];
    for (KeyPair &pair : pairs) {
        auto created = newKeyPair();
        if (!created)
            return std::unexpected(created.error());
        pair = *created;
    }
    const KeyPair &alipayMerchant = pairs[0];
    const KeyPair &alipayPlatform = pairs[1];
    const KeyPair &wechatMerchant = pairs[2];
    const KeyPair &wechatPlatform = pairs[3];
    const QByteArray apiV3Key = newApiV3Key();

    const auto path = [&folder](const QString &name) { return folder.absoluteFilePath(name); };
    const QList<std::tuple<QString, QByteArray, QFileDevice::Permissions>> files {
        { u"alipay-merchant.key.pem"_s, alipayMerchant.privatePem, PrivatePermissions },
        { u"alipay-merchant.pub.pem"_s, alipayMerchant.publicPem, PublicPermissions },
        { u"alipay-platform.key.pem"_s, alipayPlatform.privatePem, PrivatePermissions },
        { u"alipay-platform.pub.pem"_s, alipayPlatform.publicPem, PublicPermissions },
        { u"wechat-merchant.key.pem"_s, wechatMerchant.privatePem, PrivatePermissions },
        { u"wechat-merchant.pub.pem"_s, wechatMerchant.publicPem, PublicPermissions },
        { u"wechat-platform.key.pem"_s, wechatPlatform.privatePem, PrivatePermissions },
        { u"wechat-platform.pub.pem"_s, wechatPlatform.publicPem, PublicPermissions },
        { u"wechat-apiv3.key"_s, apiV3Key, PrivatePermissions },
    };
    for (const auto &[name, data, permissions] : files) {
        if (auto written = writeFile(path(name), data, permissions); !written)
            return written;
    }

    // payments.ini is written by hand, not with QSettings: it is the documented format
    // (docs/payments.md "Configuration"), which a person may read and edit.
    QString payments;
    payments += u"; Written by deskpay-paysandbox init for the sandbox at %1.\n"_s.arg(base);
    payments += u"[network]\n"_s;
    if (!gatewayCaFile.isEmpty())
        payments += u"ca_file = %1\n"_s.arg(QFileInfo(gatewayCaFile).absoluteFilePath());
    payments += u"query_schedule = 30s,1m,2m,5m,10m\n\n"_s;
    payments += u"[alipay]\n"_s;
    payments += u"gateway_url = %1/alipay/gateway.do\n"_s.arg(base);
    payments += u"cashier_url = %1/alipay/cashier\n"_s.arg(base);
    payments += u"app_id = %1\n"_s.arg(QLatin1StringView(kAlipayAppId));
    payments += u"merchant_private_key = %1\n"_s.arg(path(u"alipay-merchant.key.pem"_s));
    payments += u"platform_public_key = %1\n\n"_s.arg(path(u"alipay-platform.pub.pem"_s));
    payments += u"[wechat]\n"_s;
    payments += u"base_url = %1/wechat\n"_s.arg(base);
    payments += u"cashier_url = %1/wechat/cashier\n"_s.arg(base);
    payments += u"app_id = %1\n"_s.arg(QLatin1StringView(kWechatAppId));
    payments += u"mch_id = %1\n"_s.arg(QLatin1StringView(kWechatMchId));
    payments += u"merchant_private_key = %1\n"_s.arg(path(u"wechat-merchant.key.pem"_s));
    payments += u"merchant_serial = %1\n"_s.arg(wechatMerchant.serial);
    payments += u"platform_public_keys = %1:%2\n"_s.arg(wechatPlatform.serial, path(u"wechat-platform.pub.pem"_s));
    payments += u"api_v3_key_file = %1\n"_s.arg(path(u"wechat-apiv3.key"_s));

    QString sandbox;
    sandbox += u"; The sandbox side of this key set (deskpay-paysandbox serve).\n"_s;
    sandbox += u"[sandbox]\nurl = %1\n"_s.arg(base);
    if (!serverCaFile.isEmpty())
        sandbox += u"server_ca_file = %1\n"_s.arg(QFileInfo(serverCaFile).absoluteFilePath());
    sandbox += u"\n[alipay]\napp_id = %1\n"_s.arg(QLatin1StringView(kAlipayAppId));
    sandbox += u"merchant_public_key = alipay-merchant.pub.pem\n"_s;
    sandbox += u"platform_private_key = alipay-platform.key.pem\n\n"_s;
    sandbox += u"[wechat]\napp_id = %1\nmch_id = %2\n"_s.arg(
        QLatin1StringView(kWechatAppId), QLatin1StringView(kWechatMchId));
    sandbox += u"merchant_public_key = wechat-merchant.pub.pem\n"_s;
    sandbox += u"merchant_serial = %1\n"_s.arg(wechatMerchant.serial);
    sandbox += u"platform_private_key = wechat-platform.key.pem\n"_s;
    sandbox += u"platform_serial = %1\n"_s.arg(wechatPlatform.serial);
    sandbox += u"api_v3_key_file = wechat-apiv3.key\n"_s;

    if (auto written = writeFile(path(u"payments.ini"_s), payments.toUtf8(), PublicPermissions); !written)
        return written;
    // Last: its presence marks a complete key set.
    return writeFile(path(u"sandbox.ini"_s), sandbox.toUtf8(), PublicPermissions);
}

Result<SandboxKeySet::Loaded> SandboxKeySet::load(const QString &dir)
{
    const QDir folder(dir);
    const QString iniPath = folder.absoluteFilePath(u"sandbox.ini"_s);
    if (!QFileInfo(iniPath).isReadable())
        return fail(u"keyset_unreadable"_s, tr("Cannot read %1.").arg(iniPath));
    QSettings settings(iniPath, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError)
        return fail(u"keyset_invalid"_s, tr("%1 is not a valid INI file.").arg(iniPath));

    Loaded loaded;
    loaded.url = settings.value(u"sandbox/url"_s).toString();
    loaded.serverCaFile = settings.value(u"sandbox/server_ca_file"_s).toString();
    SandboxKeys &keys = loaded.keys;
    keys.alipayAppId = settings.value(u"alipay/app_id"_s).toString();
    keys.wechatAppId = settings.value(u"wechat/app_id"_s).toString();
    keys.wechatMchId = settings.value(u"wechat/mch_id"_s).toString();
    keys.wechatMerchantSerial = settings.value(u"wechat/merchant_serial"_s).toString();
    keys.wechatPlatformSerial = settings.value(u"wechat/platform_serial"_s).toString();
    if (keys.alipayAppId.isEmpty() || keys.wechatAppId.isEmpty() || keys.wechatMchId.isEmpty()
        || keys.wechatMerchantSerial.isEmpty() || keys.wechatPlatformSerial.isEmpty())
        return fail(u"keyset_invalid"_s, tr("%1 lacks an app id, mch id or serial.").arg(iniPath));

    const std::tuple<RsaKey *, QString, bool> wanted[] {
        { &keys.alipayMerchantPublicKey, u"alipay/merchant_public_key"_s, false },
        { &keys.alipayPlatformPrivateKey, u"alipay/platform_private_key"_s, true },
        { &keys.wechatMerchantPublicKey, u"wechat/merchant_public_key"_s, false },
        { &keys.wechatPlatformPrivateKey, u"wechat/platform_private_key"_s, true },
    };
    for (const auto &[target, name, isPrivate] : wanted) {
        auto key = loadKey(folder, settings, name, isPrivate);
        if (!key)
            return std::unexpected(key.error());
        *target = *key;
    }
    const QString apiKeyFile = settings.value(u"wechat/api_v3_key_file"_s).toString();
    if (apiKeyFile.isEmpty())
        return fail(u"keyset_invalid"_s, tr("%1 has no wechat/api_v3_key_file.").arg(iniPath));
    auto apiKey = readFile(folder.absoluteFilePath(apiKeyFile));
    if (!apiKey)
        return std::unexpected(apiKey.error());
    if (apiKey->size() != 32)
        return fail(u"keyset_invalid"_s, tr("The APIv3 key in %1 is not 32 bytes.").arg(apiKeyFile));
    keys.wechatApiV3Key = *apiKey;
    return loaded;
}

} // namespace deskpay
