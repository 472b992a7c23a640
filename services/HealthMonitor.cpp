#include "services/HealthMonitor.h"

#include "models/Clock.h"
#include "services/ApiClient.h"
#include "services/ServicesLogging.h"

namespace deskpay {

HealthMonitor::HealthMonitor(ApiClient &api, const Clock &clock, std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_clock(clock)
{
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &HealthMonitor::checkNow);
    connect(&m_api, &ApiClient::healthChecked, this, &HealthMonitor::onHealthChecked);
}

void HealthMonitor::start()
{
    m_timer.start();
    checkNow();
}

void HealthMonitor::stop()
{
    m_timer.stop();
}

void HealthMonitor::checkNow()
{
    // A slow server must not pile up requests: one check at a time.
    if (m_checking)
        return;
    m_checking = true;
    Q_EMIT checkStarted();
    m_api.checkHealth();
}

void HealthMonitor::onHealthChecked(const Result<ServerHealth> &result)
{
    // Log changes only: a server that stays down must not add a line every interval.
    const QString before = m_last ? (*m_last ? (*m_last)->status : (*m_last).error().code) : QString();
    const QString after = result ? result->status : result.error().code;
    if (before != after) {
        if (result)
            qCInfo(lcApi) << "server health:" << result->status << "version" << result->version;
        else
            qCInfo(lcApi) << "server health:" << result.error().code << result.error().message;
    }
    m_checking = false;
    m_last = result;
    m_lastCheckedAt = m_clock.now();
    Q_EMIT healthChanged(result);
}

} // namespace deskpay
