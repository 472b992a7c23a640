#pragma once
// HealthMonitor: asks the server for its health now and then on a fixed interval.

#include "models/Error.h"
#include "services/ServerHealth.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <optional>

namespace deskpay {

class ApiClient;
class Clock;

class HealthMonitor : public QObject
{
    Q_OBJECT

public:
    // The client and clock must outlive the monitor.
    HealthMonitor(ApiClient &api, const Clock &clock, std::chrono::milliseconds interval, QObject *parent = nullptr);

    // Checks at once, then every interval.
    void start();
    void stop();
    // Checks now unless a check is already waiting for its answer.
    void checkNow();

    [[nodiscard]] bool isChecking() const { return m_checking; }
    [[nodiscard]] const std::optional<Result<ServerHealth>> &lastResult() const { return m_last; }
    [[nodiscard]] QDateTime lastCheckedAt() const { return m_lastCheckedAt; }

Q_SIGNALS:
    void checkStarted();
    void healthChanged(const deskpay::Result<deskpay::ServerHealth> &result);

private:
    void onHealthChecked(const Result<ServerHealth> &result);

    ApiClient &m_api;
    const Clock &m_clock;
    QTimer m_timer;
    bool m_checking = false;
    std::optional<Result<ServerHealth>> m_last;
    QDateTime m_lastCheckedAt;
};

} // namespace deskpay
