#pragma once
// ConfirmationDeadlines: moves orders whose payer did not answer by confirmBy to CONFIRMATION_EXPIRED, on time and after restarts.

#include "models/Clock.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

namespace deskpay {

class OrderService;
class OrderStore;

// Deadlines live in the orders table, not in this object: at start it reads the earliest one,
// so a restart (or a crash) loses none. It wakes exactly at the next known deadline, and also
// every `pollInterval` to catch deadlines of orders created by other instances on the same
// PostgreSQL. Several instances expiring the same order is harmless: the transition is guarded
// by the order's state, and only one of them makes it.
class ConfirmationDeadlines : public QObject
{
    Q_OBJECT

public:
    ConfirmationDeadlines(const Clock &clock, const OrderStore &orders, const OrderService &service,
        std::chrono::milliseconds pollInterval = std::chrono::seconds(30), QObject *parent = nullptr);

    // Sweeps once now, then keeps the timers running.
    void start();
    // Thread-safe: a new order with this deadline exists (earlier than the timer, perhaps).
    void deadlineAdded(const QDateTime &confirmBy);
    // Expires everything due now and arms the timer for the next deadline; returns how many
    // orders expired (tests with a ManualClock call this after moving the clock).
    int sweep();

Q_SIGNALS:
    void swept(int expired);

private:
    void arm(const QDateTime &deadline);

    const Clock &m_clock;
    const OrderStore &m_orders;
    const OrderService &m_service;
    QTimer m_next;
    QTimer m_poll;
    QDateTime m_armedFor;
};

} // namespace deskpay
