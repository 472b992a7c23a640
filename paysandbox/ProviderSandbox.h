#pragma once
// ProviderSandbox: an Alipay-style and a WeChat-Pay-v3-style payment gateway over HTTPS, with
// cashier pages and signed notifications, for development and tests (docs/payments.md).

#include "models/Clock.h"
#include "models/Error.h"
#include "paysandbox/SandboxKeySet.h"
#include "paysandbox/SandboxNotifier.h"

#include <QDateTime>
#include <QHash>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QObject>
#include <QString>

#include <chrono>
#include <optional>

namespace deskpay {

class FormCodec;

// One trade at either gateway style. `state` is the style's own word (WAIT_BUYER_PAY,
// TRADE_SUCCESS, TRADE_CLOSED / NOTPAY, SUCCESS, CLOSED, PAYERROR).
struct SandboxTrade
{
    QString style; // "alipay" | "wechat"
    QString outTradeNo;
    QString tradeNo; // Alipay trade_no / WeChat transaction_id
    QString state;
    qint64 totalMinor = 0; // fen
    QString subject; // Alipay subject / WeChat description
    QString notifyUrl;
    QString returnUrl; // Alipay: from the order string; WeChat: from the cashier link
    QString prepayId; // WeChat only
    QDateTime createdAt;
    QDateTime expiresAt; // invalid: none
    QDateTime paidAt;
    QByteArray formToken; // guards the cashier's decide form
};

// Lives on the thread that creates it, serves on that thread's event loop. Everything is kept
// in memory. Test controls (not part of either real gateway): setDeliverNotifications() or
// POST /sandbox/control {"deliverNotifications":false} drops notifications (a lost one);
// GET /sandbox/control shows the switch.
class ProviderSandbox : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString listenHost = QStringLiteral("127.0.0.1");
        quint16 port = 0; // 0: any free port
        QString tlsCertificateFile; // the sandbox's certificate, then its chain (PEM)
        QString tlsKeyFile; // its private key (PEM, RSA or EC)
        SandboxKeys keys;
        QString notifyCaFile; // extra CA trusted for notify URLs (the payment server's local CA)
        // Like Alipay's: 4m, 10m, 10m, 1h, 2h, 6h, 15h after the 1st, 2nd, … unacknowledged attempt.
        QList<std::chrono::milliseconds> resendSchedule { std::chrono::minutes(4), std::chrono::minutes(10),
            std::chrono::minutes(10), std::chrono::hours(1), std::chrono::hours(2), std::chrono::hours(6),
            std::chrono::hours(15) };
    };

    // The clock must outlive the sandbox.
    ProviderSandbox(Options options, const Clock &clock, QObject *parent = nullptr);
    ~ProviderSandbox() override;

    // Loads the TLS material and listens. Returns the port. Errors: tls_unreadable,
    // tls_bad_certificate, tls_bad_key, listen_failed, keys_missing.
    [[nodiscard]] Result<quint16> start();
    void close();
    [[nodiscard]] quint16 port() const { return m_port; }
    // https://HOST:PORT (what payments.ini's URLs start with).
    [[nodiscard]] QString baseUrl() const;

    // Test controls and observations.
    void setDeliverNotifications(bool deliver);
    [[nodiscard]] bool deliverNotifications() const;
    [[nodiscard]] std::optional<SandboxTrade> alipayTrade(const QString &outTradeNo) const;
    [[nodiscard]] std::optional<SandboxTrade> wechatTrade(const QString &outTradeNo) const;
    // The state of the trade at either style (Alipay first); empty when neither knows it.
    [[nodiscard]] QString tradeState(const QString &outTradeNo) const;
    [[nodiscard]] QList<SandboxDelivery> deliveries() const { return m_notifier->deliveries(); }
    [[nodiscard]] int pendingNotifications() const { return m_notifier->pendingCount(); }

    // Key sets (see SandboxKeySet): generate into `dir`, load back.
    [[nodiscard]] static Result<void> writeKeySet(const QString &dir, const QString &sandboxUrl,
        const QString &serverCaFile = {}, const QString &gatewayCaFile = {});
    [[nodiscard]] static Result<SandboxKeys> loadKeySet(const QString &dir);

Q_SIGNALS:
    // A trade was created or moved (style "alipay" | "wechat").
    void tradeChanged(const QString &style, const QString &outTradeNo, const QString &state);
    void deliveryAttempted(const QString &notificationId, int httpStatus, bool acknowledged);

private:
    void handle(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    [[nodiscard]] QHttpServerResponse dispatch(const QHttpServerRequest &request);
    [[nodiscard]] QHttpServerResponse control(const QHttpServerRequest &request);

    // Alipay-style (ProviderSandbox.cpp)
    [[nodiscard]] QHttpServerResponse alipayGateway(const QHttpServerRequest &request);
    [[nodiscard]] QHttpServerResponse alipayCashier(const QHttpServerRequest &request);
    [[nodiscard]] QHttpServerResponse alipayDecide(const QHttpServerRequest &request);
    [[nodiscard]] QHttpServerResponse alipayAnswer(const QString &method, const QJsonObject &response) const;
    void alipayNotify(const SandboxTrade &trade);

    // WeChat-style (ProviderSandboxWechat.cpp)
    [[nodiscard]] QHttpServerResponse wechatApi(const QHttpServerRequest &request);
    [[nodiscard]] QHttpServerResponse wechatPrepay(const QByteArray &body);
    [[nodiscard]] QHttpServerResponse wechatQuery(const QString &outTradeNo, const QHttpServerRequest &request);
    [[nodiscard]] QHttpServerResponse wechatClose(const QString &outTradeNo, const QByteArray &body);
    [[nodiscard]] QHttpServerResponse wechatCashier(const QHttpServerRequest &request);
    [[nodiscard]] QHttpServerResponse wechatDecide(const QHttpServerRequest &request);
    [[nodiscard]] QHttpServerResponse wechatAnswer(int status, const QByteArray &body) const;
    [[nodiscard]] QHttpServerResponse wechatError(int status, const QString &code, const QString &message) const;
    [[nodiscard]] QByteArray wechatTransactionJson(const SandboxTrade &trade) const;
    void wechatNotify(const SandboxTrade &trade);

    // Shared by both cashiers.
    [[nodiscard]] QHttpServerResponse cashierPage(const SandboxTrade &trade, const QString &decidePath) const;
    [[nodiscard]] QHttpServerResponse messagePage(int status, const QString &title, const QString &text) const;
    [[nodiscard]] QHttpServerResponse finishDecision(const SandboxTrade &trade) const;
    [[nodiscard]] static bool tokenMatches(const QByteArray &expected, const QString &given);
    void expireIfDue(SandboxTrade &trade);
    void setState(SandboxTrade &trade, const QString &state);

    Options m_options;
    const Clock &m_clock;
    QHttpServer m_http;
    SandboxNotifier *m_notifier = nullptr;
    quint16 m_port = 0;
    QHash<QString, SandboxTrade> m_alipayTrades;
    QHash<QString, SandboxTrade> m_wechatTrades;
    QHash<QString, QString> m_prepayIds; // prepay_id → out_trade_no
};

} // namespace deskpay
