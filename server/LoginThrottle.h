#pragma once
// LoginThrottle: makes repeated failed logins of one account wait a growing moment before the next try (the "slow down" before the lock-out).

#include "models/Clock.h"

#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QString>

#include <chrono>
#include <optional>

namespace deskpay {

struct LoginThrottlePolicy
{
    int freeFailures = 2;
    std::chrono::milliseconds base { 1000 };
    std::chrono::milliseconds maximum { 8000 };
    std::chrono::seconds forgetAfter { 15 * 60 };
    int maxTracked = 10000; // beyond this, the oldest entries are dropped
};

// After `freeFailures` consecutive failures of one name, the next attempt must wait `base`,
// then twice that after each further failure, up to `maximum`; an early attempt is answered
// 429 rate_limited with Retry-After and is not checked (so it costs no scrypt and cannot
// succeed). A success forgets the name. The account lock-out (AgentStore/PayerAccountStore)
// still ends a guessing run after five failures; this only spaces the guesses out.
//
// The state is in memory and per server instance: it needs no write per attempt, and nginx's
// limit_req covers the sum over instances. Names that were never valid are throttled alike,
// so the answers do not tell which accounts exist. Thread-safe.
class LoginThrottle
{
public:
    using Policy = LoginThrottlePolicy;

    explicit LoginThrottle(const Clock &clock, Policy policy = {});

    // How long `key` must still wait; nullopt when it may try now.
    [[nodiscard]] std::optional<std::chrono::milliseconds> waitFor(const QString &key) const;
    void recordFailure(const QString &key);
    void recordSuccess(const QString &key);

private:
    struct Entry
    {
        int failures = 0;
        QDateTime lastFailure;
    };

    [[nodiscard]] std::chrono::milliseconds delayAfter(int failures) const;
    void prune(const QDateTime &now);

    const Clock &m_clock;
    Policy m_policy;
    mutable QMutex m_mutex;
    QHash<QString, Entry> m_entries;
};

} // namespace deskpay
