#pragma once
// Housekeeping: forgets what has run out — signature nonces past their window, Idempotency-Keys past 24 h.

#include <QObject>
#include <QTimer>

#include <chrono>

namespace deskpay {

class IdempotencyStore;
class NonceStore;

// Both tables gain a row per order; without this they would grow for ever. Each purge is one
// DELETE of expired rows (indexed by expiry), run every `interval` on the server's main thread.
class Housekeeping : public QObject
{
    Q_OBJECT

public:
    Housekeeping(const NonceStore &nonces, const IdempotencyStore &idempotency,
        std::chrono::milliseconds interval = std::chrono::minutes(5), QObject *parent = nullptr);

    void start();
    // One round now; returns how many rows went (tests call it after moving the clock).
    int purge();

private:
    const NonceStore &m_nonces;
    const IdempotencyStore &m_idempotency;
    QTimer m_timer;
};

} // namespace deskpay
