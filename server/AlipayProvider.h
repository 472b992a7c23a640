#pragma once
// AlipayProvider: the merchant side of the Alipay-style gateway — the signed
// alipay.trade.app.pay order for the payer, trade query and close, verified notifications.

#include "models/Clock.h"
#include "payments/FormCodec.h"
#include "server/GatewayClient.h"
#include "server/PaymentProvider.h"
#include "server/PaymentsConfig.h"

#include <QCoreApplication>

namespace deskpay {

// Immutable after construction, so every method is safe on several worker threads at once.
class AlipayProvider final : public PaymentProvider
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::AlipayProvider)

public:
    AlipayProvider(AlipayConfig config, GatewayClient client, const Clock &clock);

    [[nodiscard]] PayType payType() const override { return PayType::Alipay; }
    [[nodiscard]] QString style() const override;
    [[nodiscard]] QString partnerId() const override { return m_config.appId; }
    [[nodiscard]] QString appId() const override { return {}; }

    // No network call: the order string is signed here and the payer's client takes it to
    // the cashier.
    [[nodiscard]] Result<StartedPayment> start(const PaymentStart &payment) const override;
    [[nodiscard]] Result<ProviderReport> query(const QString &paymentId) const override;
    [[nodiscard]] Result<void> close(const QString &paymentId) const override;

    [[nodiscard]] Result<ProviderReport> verifyNotification(const HttpRequest &request) const override;
    [[nodiscard]] QHttpServerResponse acknowledge() const override;
    [[nodiscard]] QHttpServerResponse refuse(const QString &message) const override;

    // "12.50" → 1250: digits, optionally '.' and one or two more; nothing else.
    [[nodiscard]] static Result<qint64> parseAmount(QStringView text);
    // Beijing time (UTC+8), "yyyy-MM-dd HH:mm:ss": the gateway's timestamp format.
    [[nodiscard]] static QString beijingTimestamp(const QDateTime &time);

private:
    // A signed request for `method`; the verified, parsed …_response object.
    [[nodiscard]] Result<JsonValue> call(const QString &method, const QString &paymentId) const;

    AlipayConfig m_config;
    GatewayClient m_client;
    const Clock &m_clock;
};

} // namespace deskpay
