#pragma once
// PaymentsConfig: the payments configuration file (--payments-config) — gateway URLs, ids,
// keys and the query schedule of docs/payments.md "Configuration", read strictly.

#include "models/Error.h"
#include "payments/RsaKey.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>
#include <utility>

namespace deskpay {

struct AlipayConfig
{
    QUrl gatewayUrl;
    QUrl cashierUrl;
    QString appId;
    RsaKey merchantKey; // private
    RsaKey platformKey; // public
};

struct WechatConfig
{
    QUrl baseUrl;
    QUrl cashierUrl;
    QString appId;
    QString mchId;
    RsaKey merchantKey; // private
    QString merchantSerial;
    QList<std::pair<QString, RsaKey>> platformKeys; // serial → public key, in file order
    QByteArray apiV3Key; // 32 bytes; a secret: never logged

    // The platform key of that serial, or nullptr.
    [[nodiscard]] const RsaKey *platformKey(QStringView serial) const;
};

// Every error has code bad_config and names FILE:LINE (or FILE and the missing key); the
// field is "section.key". A provider section that is absent leaves that provider disabled.
// Key files must exist and be readable; private keys and the APIv3 key must also be readable
// by their owner alone (chmod 600), like the server's own secrets file. A relative path is
// relative to the configuration file's folder.
class PaymentsConfig
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::PaymentsConfig)

public:
    [[nodiscard]] static Result<PaymentsConfig> load(const QString &path);

    // 30 s, 1 min, 2 min, 5 min, 10 min; the last delay repeats.
    [[nodiscard]] static QList<std::chrono::seconds> defaultQuerySchedule();
    // "30s,1m,2m" → durations (s, m or h suffix, each above zero): bad_config otherwise.
    [[nodiscard]] static Result<QList<std::chrono::seconds>> parseSchedule(QStringView text);

    QString path; // absolute
    QString caFile; // absolute, empty when none
    QList<QSslCertificate> extraCaCertificates; // from ca_file, added to the system's CAs
    QList<std::chrono::seconds> querySchedule = defaultQuerySchedule();
    std::optional<AlipayConfig> alipay;
    std::optional<WechatConfig> wechat;
};

} // namespace deskpay
