#include "server/LoginThrottle.h"

namespace deskpay {

LoginThrottle::LoginThrottle(const Clock &clock, Policy policy)
    : m_clock(clock)
    , m_policy(policy)
{
}

std::chrono::milliseconds LoginThrottle::delayAfter(int failures) const
{
    if (failures < m_policy.freeFailures)
        return std::chrono::milliseconds(0);
    const int doublings = std::min(failures - m_policy.freeFailures, 20);
    const std::chrono::milliseconds delay(m_policy.base.count() * (qint64(1) << doublings));
    return std::min(delay, m_policy.maximum);
}

std::optional<std::chrono::milliseconds> LoginThrottle::waitFor(const QString &key) const
{
    QMutexLocker lock(&m_mutex);
    const auto found = m_entries.constFind(key);
    if (found == m_entries.cend())
        return std::nullopt;
    const std::chrono::milliseconds delay = delayAfter(found->failures);
    const qint64 remaining = m_clock.now().msecsTo(found->lastFailure.addMSecs(delay.count()));
    if (remaining <= 0)
        return std::nullopt;
    return std::chrono::milliseconds(remaining);
}

void LoginThrottle::recordFailure(const QString &key)
{
    const QDateTime now = m_clock.now();
    QMutexLocker lock(&m_mutex);
    Entry &entry = m_entries[key];
    if (entry.lastFailure.isValid() && entry.lastFailure.secsTo(now) > m_policy.forgetAfter.count())
        entry.failures = 0;
    ++entry.failures;
    entry.lastFailure = now;
    if (m_entries.size() > m_policy.maxTracked)
        prune(now);
}

void LoginThrottle::recordSuccess(const QString &key)
{
    QMutexLocker lock(&m_mutex);
    m_entries.remove(key);
}

void LoginThrottle::prune(const QDateTime &now)
{
    // Forgotten entries first; if that is not enough, the oldest half goes.
    m_entries.removeIf([&](const auto &item) { return item.value().lastFailure.secsTo(now) > m_policy.forgetAfter.count(); });
    if (m_entries.size() <= m_policy.maxTracked)
        return;
    QList<QDateTime> times;
    times.reserve(m_entries.size());
    for (const Entry &entry : std::as_const(m_entries))
        times.append(entry.lastFailure);
    std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
    const QDateTime median = times.at(times.size() / 2);
    m_entries.removeIf([&](const auto &item) { return item.value().lastFailure < median; });
}

} // namespace deskpay
