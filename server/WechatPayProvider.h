#pragma once
// WechatPayProvider: the merchant side of the WeChat-Pay-v3-style gateway — prepay and the
// signed APP pay parameters, transaction query and close, verified and decrypted callbacks.

#include "models/Clock.h"
#include "server/GatewayClient.h"
#include "server/PaymentProvider.h"
#include "server/PaymentsConfig.h"

#include <QCoreApplication>

namespace deskpay {

// Immutable after construction, so every method is safe on several worker threads at once.
class WechatPayProvider final : public PaymentProvider
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::WechatPayProvider)

public:
    // Signed answers and callbacks whose timestamp is further than this from our clock are refused.
    static constexpr qint64 MaxClockSkewSecs = 300;

    WechatPayProvider(WechatConfig config, GatewayClient client, const Clock &clock);

    [[nodiscard]] PayType payType() const override { return PayType::WechatPay; }
    [[nodiscard]] QString style() const override;
    [[nodiscard]] QString partnerId() const override { return m_config.mchId; }
    [[nodiscard]] QString appId() const override { return m_config.appId; }

    // Calls the gateway (prepay) and signs the APP pay parameters with the merchant key.
    [[nodiscard]] Result<StartedPayment> start(const PaymentStart &payment) const override;
    [[nodiscard]] Result<ProviderReport> query(const QString &paymentId) const override;
    [[nodiscard]] Result<void> close(const QString &paymentId) const override;

    [[nodiscard]] Result<ProviderReport> verifyNotification(const HttpRequest &request) const override;
    [[nodiscard]] QHttpServerResponse acknowledge() const override;
    [[nodiscard]] QHttpServerResponse refuse(const QString &message) const override;

private:
    struct Answer
    {
        int status = 0;
        JsonValue body; // null for an empty body
    };
    // A signed merchant request; the answer once its Wechatpay-* headers verify.
    [[nodiscard]] Result<Answer> call(
        QByteArrayView method, const QString &path, const QString &query, const QByteArray &body) const;
    // A transaction object (query answer or decrypted callback resource) as a report.
    [[nodiscard]] Result<ProviderReport> toReport(const JsonValue &transaction) const;

    WechatConfig m_config;
    GatewayClient m_client;
    const Clock &m_clock;
};

} // namespace deskpay
