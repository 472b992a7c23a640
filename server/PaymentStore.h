#pragma once
// PaymentStore: the payments table (one row per pay attempt at a provider) and the provider
// notifications the server has acted on.

#include "models/Clock.h"
#include "models/Error.h"
#include "models/OrderRequest.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace deskpay {

class Database;

enum class PaymentState : quint8 { Open, Paid, Failed, Closed };

[[nodiscard]] QString paymentStateName(PaymentState state); // "open", …

struct PaymentRecord
{
    QString id; // out_trade_no
    QString orderId;
    qint64 payerId = 0;
    PayType payType = PayType::Alipay;
    QString provider; // "alipay" | "wechat"
    QString partnerId;
    qint64 amountMinor = 0;
    QString currency;
    PaymentState state = PaymentState::Open;
    QString providerRef;
    QString providerState;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime expiresAt;
    QDateTime nextQueryAt; // invalid once final
    int queryAttempts = 0;
    QString lastError;
};

class PaymentStore
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::PaymentStore)

public:
    PaymentStore(const Database &database, const Clock &clock);

    // A fresh payment id: "P" + 31 base32 characters from the CSPRNG.
    [[nodiscard]] static QString newPaymentId();

    // Inside or outside a transaction. payment_conflict when the order already has an open payment.
    [[nodiscard]] Result<void> insert(const PaymentRecord &payment) const;
    [[nodiscard]] Result<std::optional<PaymentRecord>> find(const QString &id) const;
    [[nodiscard]] Result<std::optional<PaymentRecord>> openForOrder(const QString &orderId) const;
    [[nodiscard]] Result<QList<PaymentRecord>> forOrder(const QString &orderId) const;
    // Open payments whose next query is due, oldest first.
    [[nodiscard]] Result<QList<PaymentRecord>> due(int limit) const;

    // Writes state, provider ref/state, query schedule and last error, only while the row is
    // still open: false when someone else finished it first.
    [[nodiscard]] Result<bool> updateOpen(const PaymentRecord &payment) const;
    // The query bookkeeping only (attempts, next query, last error, provider ref/state).
    [[nodiscard]] Result<void> reschedule(const PaymentRecord &payment) const;

    // Remembers a notification id; false when it was already there (a duplicate).
    [[nodiscard]] Result<bool> rememberNotification(const QString &provider, const QString &notifyId,
        const QString &paymentId, const QString &outcome, const QString &providerState) const;

private:
    const Database &m_database;
    const Clock &m_clock;
};

} // namespace deskpay
