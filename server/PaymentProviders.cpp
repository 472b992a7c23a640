#include "server/PaymentProviders.h"

#include "server/AlipayProvider.h"
#include "server/GatewayClient.h"
#include "server/WechatPayProvider.h"

namespace deskpay {

PaymentProviders::PaymentProviders(const PaymentsConfig &config, const Clock &clock)
    : m_querySchedule(config.querySchedule)
{
    const GatewayClient client(config.extraCaCertificates);
    if (config.alipay)
        m_providers.push_back(std::make_unique<AlipayProvider>(*config.alipay, client, clock));
    if (config.wechat)
        m_providers.push_back(std::make_unique<WechatPayProvider>(*config.wechat, client, clock));
}

PaymentProviders::PaymentProviders(
    std::vector<std::unique_ptr<PaymentProvider>> providers, QList<std::chrono::seconds> querySchedule)
    : m_providers(std::move(providers))
    , m_querySchedule(std::move(querySchedule))
{
}

const PaymentProvider *PaymentProviders::forPayType(PayType type) const
{
    for (const auto &provider : m_providers) {
        if (provider->payType() == type)
            return provider.get();
    }
    return nullptr;
}

const PaymentProvider *PaymentProviders::forStyle(QStringView style) const
{
    for (const auto &provider : m_providers) {
        if (provider->style() == style)
            return provider.get();
    }
    return nullptr;
}

QList<const PaymentProvider *> PaymentProviders::all() const
{
    QList<const PaymentProvider *> providers;
    for (const auto &provider : m_providers)
        providers.append(provider.get());
    return providers;
}

} // namespace deskpay
