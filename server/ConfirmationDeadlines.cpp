#include "server/ConfirmationDeadlines.h"

#include "server/OrderService.h"
#include "server/OrderStore.h"
#include "server/ServerLogging.h"

namespace deskpay {

namespace {

// QTimer's interval is an int of milliseconds; long waits are re-armed in steps.
constexpr qint64 MaxTimerMs = 6 * 60 * 60 * 1000;

} // namespace

ConfirmationDeadlines::ConfirmationDeadlines(const Clock &clock, const OrderStore &orders, const OrderService &service,
    std::chrono::milliseconds pollInterval, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_orders(orders)
    , m_service(service)
{
    m_next.setSingleShot(true);
    m_next.setTimerType(Qt::PreciseTimer);
    connect(&m_next, &QTimer::timeout, this, &ConfirmationDeadlines::sweep);
    m_poll.setInterval(pollInterval);
    connect(&m_poll, &QTimer::timeout, this, &ConfirmationDeadlines::sweep);
}

void ConfirmationDeadlines::start()
{
    sweep();
    m_poll.start();
}

void ConfirmationDeadlines::deadlineAdded(const QDateTime &confirmBy)
{
    QMetaObject::invokeMethod(this, [this, confirmBy] {
        if (!m_armedFor.isValid() || confirmBy < m_armedFor)
            arm(confirmBy);
    }, Qt::QueuedConnection);
}

int ConfirmationDeadlines::sweep()
{
    const auto expired = m_service.expireDue();
    int count = 0;
    if (!expired)
        qCWarning(lcServer, "confirmation deadlines: %ls", qUtf16Printable(expired.error().message));
    else
        count = *expired;
    if (count > 0)
        qCInfo(lcServer, "%d order(s) expired waiting for their payer", count);
    const auto next = m_orders.nextConfirmationDeadline();
    if (next)
        arm(*next);
    else
        qCWarning(lcServer, "confirmation deadlines: %ls", qUtf16Printable(next.error().message));
    Q_EMIT swept(count);
    return count;
}

void ConfirmationDeadlines::arm(const QDateTime &deadline)
{
    m_armedFor = deadline;
    if (!deadline.isValid()) {
        m_next.stop();
        return;
    }
    // A little after the deadline, so the sweep's "now" is surely past it.
    const qint64 wait = std::clamp<qint64>(m_clock.now().msecsTo(deadline) + 5, 0, MaxTimerMs);
    m_next.start(int(wait));
}

} // namespace deskpay
