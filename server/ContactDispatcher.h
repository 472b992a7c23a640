#pragma once
// ContactDispatcher: delivers due contact messages — sandbox at once, webhook as a signed POST retried with backoff.

#include "models/Clock.h"
#include "server/ContactOutbox.h"
#include "server/ServerOptions.h"

#include <QByteArray>
#include <QHash>
#include <QNetworkAccessManager>
#include <QObject>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>

#include <atomic>
#include <chrono>
#include <optional>

class QNetworkReply;

namespace deskpay {

class Database;

// Lives on the main thread. Every round reads what is due from the outbox, so the schedule is
// the table's: a restart, or another instance on the same PostgreSQL, picks up where this one
// stopped. A webhook attempt first claims its message (ContactOutbox::claim) for the request's
// timeout plus a margin; a process that dies mid-request leaves the message due again after that.
// Delivery is therefore at least once: the gateway dedupes on X-DeskPay-Message-Id.
class ContactDispatcher : public QObject
{
    Q_OBJECT

public:
    struct Policy
    {
        std::chrono::milliseconds pollInterval { 1000 }; // how often due messages are looked for without a poke
        std::chrono::milliseconds requestTimeout { 10000 }; // per webhook POST
        // Delay after the 1st, 2nd … failed attempt; after the last one the message fails for good.
        QList<std::chrono::seconds> backoff { std::chrono::seconds(10), std::chrono::seconds(30),
            std::chrono::seconds(120), std::chrono::seconds(600), std::chrono::seconds(1800) };
        int batchSize = 50;
    };

    // webhookUrl and webhookSecret matter only for ContactChannel::Webhook.
    ContactDispatcher(const Database &database, const Clock &clock, const ContactOutbox &outbox, ContactChannel channel,
        QUrl webhookUrl, QByteArray webhookSecret, QObject *parent = nullptr);
    ~ContactDispatcher() override;

    void setPolicy(const Policy &policy) { m_policy = policy; }
    // For a gateway whose certificate chains to a private CA.
    void setSslConfiguration(const QSslConfiguration &configuration) { m_sslConfiguration = configuration; }

    // Starts the timer and runs a first round at once.
    void start();
    void stop();

    // Runs a round soon; safe from any thread (the order routes call it after committing an order).
    void poke();

    // When a message that has failed `failedAttempts` times is tried again, or nullopt: give up.
    [[nodiscard]] static std::optional<std::chrono::seconds> retryDelay(
        int failedAttempts, const QList<std::chrono::seconds> &backoff);

Q_SIGNALS:
    void messageSent(qint64 id);
    // One attempt failed; willRetry false when the message is now failed for good.
    void attemptFailed(qint64 id, const QString &error, bool willRetry);
    // A round looked at everything due (webhook requests it started may still be running).
    void roundFinished();

private:
    void deliverDue();
    void sendWebhook(const ContactMessage &message);
    void finishWebhook(QNetworkReply *reply);
    void recordFailure(const ContactMessage &message, const QString &error);

    const Database &m_database;
    const Clock &m_clock;
    const ContactOutbox &m_outbox;
    ContactChannel m_channel;
    QUrl m_webhookUrl;
    QByteArray m_webhookSecret;
    Policy m_policy;
    std::optional<QSslConfiguration> m_sslConfiguration;
    QNetworkAccessManager m_network;
    QTimer m_timer;
    QHash<QNetworkReply *, ContactMessage> m_inFlight;
    std::atomic<bool> m_pokePending { false };
    bool m_running = false;
};

} // namespace deskpay
