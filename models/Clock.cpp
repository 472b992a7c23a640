#include "models/Clock.h"

namespace deskpay {

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

ManualClock::ManualClock(const QDateTime &start)
    : m_msecs(start.toMSecsSinceEpoch())
{
}

QDateTime ManualClock::now() const
{
    return QDateTime::fromMSecsSinceEpoch(m_msecs.load(), Qt::UTC);
}

void ManualClock::set(const QDateTime &t)
{
    m_msecs.store(t.toMSecsSinceEpoch());
}

void ManualClock::advanceSecs(qint64 secs)
{
    m_msecs.fetch_add(secs * 1000);
}

} // namespace deskpay
