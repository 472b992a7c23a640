#pragma once
// Clock: where all code gets "now", so deadlines are testable without sleeping.

#include <QDateTime>

#include <atomic>

namespace deskpay {

class Clock
{
public:
    virtual ~Clock() = default;
    // Current time in UTC.
    [[nodiscard]] virtual QDateTime now() const = 0;
    [[nodiscard]] qint64 nowSecs() const { return now().toSecsSinceEpoch(); }
};

// The real wall clock.
class SystemClock final : public Clock
{
public:
    [[nodiscard]] QDateTime now() const override;
};

// A clock that moves only when told to; thread-safe, for tests and simulations.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(const QDateTime &start = QDateTime::currentDateTimeUtc());
    [[nodiscard]] QDateTime now() const override;
    void set(const QDateTime &t);
    void advanceSecs(qint64 secs);

private:
    std::atomic<qint64> m_msecs;
};

} // namespace deskpay
