#include "paysandbox/SandboxNotifier.h"

#include <QLoggingCategory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

Q_LOGGING_CATEGORY(lcSandboxNotify, "deskpay.paysandbox.notify")

constexpr int RequestTimeoutMs = 10000;
// An acknowledgement is short ("success"); reading more would only let a receiver make us buffer.
constexpr qint64 MaxAnswerBytes = 4096;

} // namespace

SandboxNotifier::SandboxNotifier(
    const Clock &clock, QList<std::chrono::milliseconds> resendSchedule, const QSslConfiguration &ssl, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_schedule(std::move(resendSchedule))
    , m_ssl(ssl)
{
}

SandboxNotifier::~SandboxNotifier()
{
    for (const Pending &pending : std::as_const(m_pending)) {
        if (pending.reply) {
            pending.reply->disconnect(this);
            pending.reply->abort();
        }
    }
}

void SandboxNotifier::setEnabled(bool enabled)
{
    m_enabled = enabled;
    if (!enabled) {
        // Waiting resends are dropped too: a test that switches delivery off wants silence.
        for (auto it = m_pending.begin(); it != m_pending.end();) {
            if (it->reply) {
                ++it;
                continue;
            }
            it = m_pending.erase(it);
        }
    }
}

void SandboxNotifier::send(Notification notification)
{
    if (!m_enabled) {
        qCInfo(lcSandboxNotify, "delivery is off: dropping %ls notification %ls", qUtf16Printable(notification.style),
            qUtf16Printable(notification.id));
        SandboxDelivery delivery;
        delivery.notificationId = notification.id;
        delivery.style = notification.style;
        delivery.url = notification.url;
        delivery.attempt = 1;
        delivery.suppressed = true;
        delivery.error = u"delivery switched off"_s;
        delivery.at = m_clock.now();
        m_deliveries.append(delivery);
        Q_EMIT deliveryAttempted(notification.id, 0, false);
        return;
    }
    const QString id = notification.id;
    m_pending.insert(id, Pending { std::move(notification), 0, nullptr });
    attempt(id);
}

void SandboxNotifier::attempt(const QString &id)
{
    auto found = m_pending.find(id);
    if (found == m_pending.end())
        return;
    if (!m_enabled) {
        m_pending.erase(found);
        return;
    }
    Pending &pending = *found;
    ++pending.attempts;
    QNetworkRequest request(pending.notification.url);
    request.setSslConfiguration(m_ssl);
    request.setTransferTimeout(RequestTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::ContentTypeHeader, pending.notification.contentType);
    if (pending.notification.headers) {
        const Headers headers = pending.notification.headers();
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
    }
    QNetworkReply *reply = m_network.post(request, pending.notification.body);
    pending.reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, id, reply] { finish(id, reply); });
}

void SandboxNotifier::finish(const QString &id, QNetworkReply *reply)
{
    reply->deleteLater();
    auto found = m_pending.find(id);
    if (found == m_pending.end() || found->reply != reply)
        return;
    Pending &pending = *found;
    pending.reply = nullptr;

    SandboxDelivery delivery;
    delivery.notificationId = id;
    delivery.style = pending.notification.style;
    delivery.url = pending.notification.url;
    delivery.attempt = pending.attempts;
    delivery.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    delivery.at = m_clock.now();
    const QByteArray answer = reply->read(MaxAnswerBytes);
    const bool transportOk = reply->error() == QNetworkReply::NoError
        || (delivery.httpStatus > 0 && reply->error() > QNetworkReply::UnknownProxyError);
    delivery.acknowledged = transportOk && delivery.httpStatus > 0 && pending.notification.acknowledges
        && pending.notification.acknowledges(delivery.httpStatus, answer);
    if (!delivery.acknowledged) {
        if (delivery.httpStatus > 0)
            delivery.error = u"HTTP %1: %2"_s.arg(delivery.httpStatus).arg(QString::fromUtf8(answer.left(200)));
        else
            delivery.error = reply->errorString();
    }
    m_deliveries.append(delivery);

    const int attempts = pending.attempts;
    if (delivery.acknowledged) {
        qCInfo(lcSandboxNotify, "%ls notification %ls acknowledged (attempt %d)", qUtf16Printable(delivery.style),
            qUtf16Printable(id), attempts);
        m_pending.erase(found);
    } else if (attempts - 1 < m_schedule.size() && m_enabled) {
        const std::chrono::milliseconds wait = m_schedule.at(attempts - 1);
        qCInfo(lcSandboxNotify, "%ls notification %ls not acknowledged (%ls); resending in %lld ms",
            qUtf16Printable(delivery.style), qUtf16Printable(id), qUtf16Printable(delivery.error),
            static_cast<long long>(wait.count()));
        QTimer::singleShot(wait, this, [this, id] { attempt(id); });
    } else {
        qCWarning(lcSandboxNotify, "%ls notification %ls given up after %d attempts", qUtf16Printable(delivery.style),
            qUtf16Printable(id), attempts);
        m_pending.erase(found);
    }
    Q_EMIT deliveryAttempted(id, delivery.httpStatus, delivery.acknowledged);
}

} // namespace deskpay
