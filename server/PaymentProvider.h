#pragma once
// PaymentProvider: one provider style (Alipay-style, WeChat-Pay-style) as the payment server
// sees it — start a payment (the signed `ext` for the payer's client), query, close, and verify
// a notification. Implementations talk to their gateway only over HTTPS, with URLs, ids and
// keys from the payments configuration (docs/payments.md).

#include "models/Error.h"
#include "models/Money.h"
#include "models/OrderRequest.h"
#include "server/HttpRequest.h"
#include "services/protocol/JsonValue.h"

#include <QDateTime>
#include <QHttpServerResponse>
#include <QString>

namespace deskpay {

struct PaymentStart
{
    QString paymentId; // out_trade_no
    QString orderId;
    Money amount; // CNY only
    QString subject; // from the payment order (template)
    QDateTime expiresAt; // the template's payment timeout, passed to the provider
    QString notifyUrl; // https://…/v1/providers/<style>/notify
    QString returnUrl; // where the cashier sends the payer back (may be empty)
};

struct StartedPayment
{
    JsonValue ext; // the object of docs/payments.md "The pay call"
    QString providerRef; // prepay_id (WeChat-style); empty for Alipay-style
};

enum class ProviderOutcome : quint8 {
    Pending, // WAIT_BUYER_PAY / NOTPAY: nothing decided yet
    NotFound, // the gateway has no such trade (the payer never reached the cashier)
    Paid, // TRADE_SUCCESS / TRADE_FINISHED / SUCCESS
    Failed, // PAYERROR
    Closed, // TRADE_CLOSED / CLOSED (not paid, and never will be)
};

// What a query or a verified notification says about one payment. The service checks it
// against the payment it has (id, partner, amount, currency) before it believes it.
struct ProviderReport
{
    QString notifyId; // notifications only: the provider's notification id (idempotency)
    QString paymentId; // out_trade_no
    QString providerRef; // trade_no / transaction_id
    QString partnerId; // app_id (Alipay-style) / mchid (WeChat-style)
    QString appId; // appid (WeChat-style); empty for Alipay-style
    qint64 amountMinor = -1; // -1 when the report carries no amount
    QString currency; // "CNY"
    ProviderOutcome outcome = ProviderOutcome::Pending;
    QString providerState; // the provider's own word, for logs and events ("TRADE_SUCCESS")
};

class PaymentProvider
{
public:
    virtual ~PaymentProvider() = default;

    [[nodiscard]] virtual PayType payType() const = 0;
    // "alipay" | "wechat": the path segment of /v1/providers/{style}/notify.
    [[nodiscard]] virtual QString style() const = 0;
    [[nodiscard]] virtual QString partnerId() const = 0;
    [[nodiscard]] virtual QString appId() const = 0; // WeChat-style appid; empty otherwise

    // All of these may block on the network (they run on the server's worker threads, never on
    // the HTTP thread) and are thread-safe. Errors: provider_unavailable (no answer, TLS
    // failure, 5xx), provider_refused (a signed answer that says no, with its code),
    // provider_answer_invalid (an answer whose signature or form is wrong).
    [[nodiscard]] virtual Result<StartedPayment> start(const PaymentStart &payment) const = 0;
    [[nodiscard]] virtual Result<ProviderReport> query(const QString &paymentId) const = 0;
    // Closing a trade the gateway never saw, or one already closed, succeeds.
    [[nodiscard]] virtual Result<void> close(const QString &paymentId) const = 0;

    // Checks the notification's signature (and decrypts it) before anything in it is believed;
    // no business checks. Errors: notification_signature_invalid, notification_unknown_serial,
    // notification_stale (timestamp outside ±5 min), notification_malformed,
    // notification_tampered (GCM tag).
    [[nodiscard]] virtual Result<ProviderReport> verifyNotification(const HttpRequest &request) const = 0;
    // What the gateway expects back: Alipay-style "success"/"failure" bodies; WeChat-style 204 /
    // 400 {"code":"FAIL","message":…}.
    [[nodiscard]] virtual QHttpServerResponse acknowledge() const = 0;
    [[nodiscard]] virtual QHttpServerResponse refuse(const QString &message) const = 0;
};

} // namespace deskpay
