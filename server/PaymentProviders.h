#pragma once
// PaymentProviders: the enabled payment providers, found by pay type or by notify path style.

#include "models/Clock.h"
#include "models/OrderRequest.h"
#include "server/PaymentProvider.h"
#include "server/PaymentsConfig.h"

#include <QList>
#include <QStringView>

#include <chrono>
#include <memory>
#include <vector>

namespace deskpay {

// Built once at start and never changed, so lookups from any number of worker threads need no
// lock. A pay type whose section is absent from the configuration has no provider (nullptr).
class PaymentProviders
{
public:
    // No providers at all: every pay type answers provider_unavailable.
    PaymentProviders() = default;
    // The providers of every section present in `config`, talking to their gateways with the
    // configured extra CA. `clock` must outlive this object.
    PaymentProviders(const PaymentsConfig &config, const Clock &clock);
    // Given providers (tests, or another provider style); at most one per pay type and style.
    explicit PaymentProviders(std::vector<std::unique_ptr<PaymentProvider>> providers,
        QList<std::chrono::seconds> querySchedule = PaymentsConfig::defaultQuerySchedule());

    PaymentProviders(const PaymentProviders &) = delete;
    PaymentProviders &operator=(const PaymentProviders &) = delete;
    PaymentProviders(PaymentProviders &&) = default;
    PaymentProviders &operator=(PaymentProviders &&) = default;

    [[nodiscard]] const PaymentProvider *forPayType(PayType type) const;
    // "alipay" | "wechat" (the notify path segment), or nullptr.
    [[nodiscard]] const PaymentProvider *forStyle(QStringView style) const;
    [[nodiscard]] QList<const PaymentProvider *> all() const;
    [[nodiscard]] bool isEmpty() const { return m_providers.empty(); }
    // network.query_schedule: the delays between active queries; the last one repeats.
    [[nodiscard]] const QList<std::chrono::seconds> &querySchedule() const { return m_querySchedule; }

private:
    std::vector<std::unique_ptr<PaymentProvider>> m_providers;
    QList<std::chrono::seconds> m_querySchedule = PaymentsConfig::defaultQuerySchedule();
};

} // namespace deskpay
