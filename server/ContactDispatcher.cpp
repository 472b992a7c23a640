#include "server/ContactDispatcher.h"

#include "server/WebhookSigner.h"

#include <QLoggingCategory>
#include <QNetworkReply>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

Q_LOGGING_CATEGORY(lcContact, "deskpay.server.contact", QtInfoMsg)

// How long past the request timeout a claimed message stays ours before it is due again.
constexpr qint64 ClaimMarginMSecs = 30'000;

} // namespace

ContactDispatcher::ContactDispatcher(const Database &database, const Clock &clock, const ContactOutbox &outbox,
    ContactChannel channel, QUrl webhookUrl, QByteArray webhookSecret, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_clock(clock)
    , m_outbox(outbox)
    , m_channel(channel)
    , m_webhookUrl(std::move(webhookUrl))
    , m_webhookSecret(std::move(webhookSecret))
{
    // A gateway that redirects is misconfigured; following it would send the signed body elsewhere.
    m_network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    connect(&m_timer, &QTimer::timeout, this, &ContactDispatcher::deliverDue);
}

ContactDispatcher::~ContactDispatcher()
{
    // Aborting emits finished(); this object is half gone by then, so nobody may listen. The
    // messages stay claimed and are due again once the claim runs out.
    const auto replies = m_inFlight.keys();
    for (QNetworkReply *reply : replies) {
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
    }
    m_inFlight.clear();
}

void ContactDispatcher::start()
{
    m_running = true;
    m_timer.start(m_policy.pollInterval);
    poke();
}

void ContactDispatcher::stop()
{
    m_running = false;
    m_timer.stop();
}

void ContactDispatcher::poke()
{
    // Many pokes before the round runs are one round.
    if (m_pokePending.exchange(true))
        return;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_pokePending = false;
            deliverDue();
        },
        Qt::QueuedConnection);
}

std::optional<std::chrono::seconds> ContactDispatcher::retryDelay(
    int failedAttempts, const QList<std::chrono::seconds> &backoff)
{
    if (failedAttempts < 1 || failedAttempts > backoff.size())
        return std::nullopt;
    return backoff.at(failedAttempts - 1);
}

void ContactDispatcher::deliverDue()
{
    if (!m_running)
        return;
    const auto due = m_outbox.due(m_policy.batchSize);
    if (!due) {
        qCWarning(lcContact) << "cannot read due contact messages:" << due.error().message;
        Q_EMIT roundFinished();
        return;
    }
    for (const ContactMessage &message : *due) {
        if (message.channel == u"sandbox"_s) {
            // The sandbox channel's delivery is the stored row the payer pages read.
            if (auto sent = m_outbox.markSent(message.id); !sent) {
                if (sent.error().code != u"not_found"_s) // another instance was quicker
                    qCWarning(lcContact) << "cannot mark contact message" << message.id
                                         << "sent:" << sent.error().message;
                continue;
            }
            Q_EMIT messageSent(message.id);
        } else if (m_channel != ContactChannel::Webhook) {
            recordFailure(message, tr("The webhook channel is not configured on this server."));
        } else {
            const QDateTime until = m_clock.now().addMSecs(qint64(m_policy.requestTimeout.count()) + ClaimMarginMSecs);
            const auto claimed = m_outbox.claim(message.id, until);
            if (!claimed)
                qCWarning(lcContact) << "cannot claim contact message" << message.id << ":" << claimed.error().message;
            else if (*claimed)
                sendWebhook(message);
        }
    }
    // A full batch may leave more behind.
    if (due->size() >= m_policy.batchSize)
        poke();
    Q_EMIT roundFinished();
}

void ContactDispatcher::sendWebhook(const ContactMessage &message)
{
    const QByteArray body = message.body.toCanonicalJson();
    const qint64 timestamp = m_clock.nowSecs();
    QNetworkRequest request(m_webhookUrl);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    request.setRawHeader("X-DeskPay-Timestamp"_ba, QByteArray::number(timestamp));
    request.setRawHeader("X-DeskPay-Message-Id"_ba, QByteArray::number(message.id));
    request.setRawHeader(
        "X-DeskPay-Signature"_ba, WebhookSigner::signature(m_webhookSecret, timestamp, message.id, body));
    request.setTransferTimeout(int(m_policy.requestTimeout.count()));
    if (m_sslConfiguration)
        request.setSslConfiguration(*m_sslConfiguration);
    QNetworkReply *reply = m_network.post(request, body);
    m_inFlight.insert(reply, message);
    connect(reply, &QNetworkReply::finished, this, [this, reply] { finishWebhook(reply); });
    qCDebug(lcContact) << "POST contact message" << message.id << "of order" << message.orderId << "attempt"
                       << message.attempts + 1;
}

void ContactDispatcher::finishWebhook(QNetworkReply *reply)
{
    reply->deleteLater();
    const auto found = m_inFlight.constFind(reply);
    if (found == m_inFlight.cend())
        return;
    const ContactMessage message = *found;
    m_inFlight.erase(found);

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300) {
        if (auto sent = m_outbox.markSent(message.id); !sent) {
            qCWarning(lcContact) << "cannot mark contact message" << message.id << "sent:" << sent.error().message;
            return;
        }
        qCInfo(lcContact) << "contact message" << message.id << "of order" << message.orderId << "delivered";
        Q_EMIT messageSent(message.id);
        return;
    }
    // What the gateway answered, never what it sent back: its body may echo the contact.
    QString error;
    if (reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError)
        error = tr("No answer from the gateway within %1 ms.").arg(m_policy.requestTimeout.count());
    else if (status > 0)
        error = tr("The gateway answered HTTP %1.").arg(status);
    else
        error = tr("Cannot reach the gateway: %1").arg(reply->errorString());
    recordFailure(message, error);
}

void ContactDispatcher::recordFailure(const ContactMessage &message, const QString &error)
{
    const int failed = message.attempts + 1;
    const auto delay = retryDelay(failed, m_policy.backoff);
    const std::optional<QDateTime> next
        = delay ? std::optional<QDateTime>(m_clock.now().addSecs(delay->count())) : std::nullopt;
    if (auto recorded = m_outbox.markFailed(message.id, error, next); !recorded) {
        qCWarning(lcContact) << "cannot record the failed attempt of contact message" << message.id << ":"
                             << recorded.error().message;
        return;
    }
    if (next)
        qCWarning(lcContact) << "contact message" << message.id << "attempt" << failed << "failed:" << error
                             << "- retrying at" << next->toString(Qt::ISODate);
    else
        qCCritical(lcContact) << "contact message" << message.id << "of order" << message.orderId << "failed after"
                              << failed << "attempts:" << error;
    Q_EMIT attemptFailed(message.id, error, next.has_value());
}

} // namespace deskpay
