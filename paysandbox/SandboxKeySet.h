#pragma once
// SandboxKeySet: the ids and keys of both sandbox gateways — generated into a folder with the
// matching payments.ini for deskpay-server, and loaded back for the sandbox.

#include "models/Error.h"
#include "payments/RsaKey.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace deskpay {

// What the gateway side holds: the merchants' PUBLIC keys (to verify their calls) and the
// platform PRIVATE keys (to sign answers and notifications).
struct SandboxKeys
{
    QString alipayAppId;
    RsaKey alipayMerchantPublicKey;
    RsaKey alipayPlatformPrivateKey;

    QString wechatAppId;
    QString wechatMchId;
    RsaKey wechatMerchantPublicKey;
    QString wechatMerchantSerial;
    RsaKey wechatPlatformPrivateKey;
    QString wechatPlatformSerial;
    QByteArray wechatApiV3Key; // 32 bytes
};

// A key set folder holds:
//   sandbox.ini        what deskpay-paysandbox loads (file names relative to the folder)
//   payments.ini       what deskpay-server loads (--payments-config; absolute paths)
//   alipay-merchant.key.pem, wechat-merchant.key.pem, alipay-platform.key.pem,
//   wechat-platform.key.pem, wechat-apiv3.key   (mode 600)
//   alipay-merchant.pub.pem, wechat-merchant.pub.pem, alipay-platform.pub.pem,
//   wechat-platform.pub.pem
class SandboxKeySet
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::SandboxKeySet)

public:
    struct Loaded
    {
        SandboxKeys keys;
        QString url; // the sandbox's base URL payments.ini points at
        QString serverCaFile; // the CA the sandbox trusts for notify URLs (may be empty)
    };

    static constexpr const char *kAlipayAppId = "2021000000000001";
    static constexpr const char *kWechatAppId = "wx0000000000000001";
    static constexpr const char *kWechatMchId = "1900000001";

    // Generates every key into `dir` (created with mode 700 when missing) and writes sandbox.ini
    // and payments.ini. `sandboxUrl` is https://HOST:PORT of the sandbox; `serverCaFile` is the
    // payment server's CA the sandbox trusts when it posts notifications; `gatewayCaFile`, when
    // given, becomes payments.ini's [network] ca_file (the CA of the sandbox's certificate).
    // Errors: keyset_exists (sandbox.ini already there), keyset_write_failed, bad_url.
    [[nodiscard]] static Result<void> write(const QString &dir, const QString &sandboxUrl,
        const QString &serverCaFile = {}, const QString &gatewayCaFile = {});

    // Reads sandbox.ini and the keys it names. Errors: keyset_unreadable, keyset_invalid.
    [[nodiscard]] static Result<Loaded> load(const QString &dir);
};

} // namespace deskpay
