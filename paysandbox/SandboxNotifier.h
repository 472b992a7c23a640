#pragma once
// SandboxNotifier: delivers the sandbox gateways' notifications over HTTPS and resends the
// unacknowledged ones on a schedule, keeping a log of every attempt for tests.

#include "models/Clock.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>

#include <chrono>
#include <functional>
#include <utility>

class QNetworkReply;

namespace deskpay {

// One attempt to deliver one notification (or its suppression while delivery is switched off).
struct SandboxDelivery
{
    QString notificationId;
    QString style; // "alipay" | "wechat"
    QUrl url;
    int attempt = 0; // 1 for the first delivery, 2 for the first resend, …
    int httpStatus = 0; // 0 when no HTTP answer came
    bool acknowledged = false;
    bool suppressed = false; // delivery was switched off: nothing was sent, nothing will be resent
    QString error; // why it was not acknowledged
    QDateTime at;
};

// Lives on the thread that creates it; state is in memory only (it is a sandbox).
class SandboxNotifier : public QObject
{
    Q_OBJECT

public:
    using Headers = QList<std::pair<QByteArray, QByteArray>>;

    struct Notification
    {
        QString id;
        QString style;
        QUrl url;
        QByteArray body;
        QByteArray contentType;
        // Called before every attempt, so headers that carry a timestamp are signed afresh.
        std::function<Headers()> headers;
        // Whether an answer acknowledges the notification (Alipay: the body "success";
        // WeChat: any 2xx).
        std::function<bool(int status, const QByteArray &body)> acknowledges;
    };

    // `resendSchedule[i]` is the wait after the (i+1)-th unacknowledged attempt; after the last
    // one the notification is given up.
    SandboxNotifier(const Clock &clock, QList<std::chrono::milliseconds> resendSchedule, const QSslConfiguration &ssl,
        QObject *parent = nullptr);
    ~SandboxNotifier() override;

    // Off: new notifications are dropped (a lost notification) and pending resends stop.
    void setEnabled(bool enabled);
    [[nodiscard]] bool isEnabled() const { return m_enabled; }

    void send(Notification notification);

    [[nodiscard]] QList<SandboxDelivery> deliveries() const { return m_deliveries; }
    // Notifications in flight or waiting for a resend.
    [[nodiscard]] int pendingCount() const { return int(m_pending.size()); }

Q_SIGNALS:
    void deliveryAttempted(const QString &notificationId, int httpStatus, bool acknowledged);

private:
    struct Pending
    {
        Notification notification;
        int attempts = 0;
        QNetworkReply *reply = nullptr;
    };

    void attempt(const QString &id);
    void finish(const QString &id, QNetworkReply *reply);

    const Clock &m_clock;
    const QList<std::chrono::milliseconds> m_schedule;
    QSslConfiguration m_ssl;
    QNetworkAccessManager m_network;
    QHash<QString, Pending> m_pending;
    QList<SandboxDelivery> m_deliveries;
    bool m_enabled = true;
};

} // namespace deskpay
