#pragma once
// PaymentReconciler: runs PaymentService::reconcile() on a schedule, off the HTTP thread — the
// active query of payments whose notification does not come, and the close of payments and
// orders past their deadline.

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <chrono>

namespace deskpay {

class PaymentService;

// State lives in the payments and orders tables, so a restart loses nothing; several instances
// on one PostgreSQL may query the same payment — harmless, settling is guarded by the payment's
// and the order's state.
class PaymentReconciler : public QObject
{
    Q_OBJECT

public:
    // Passes run on a thread of this object's own (they block on the network), one at a time.
    PaymentReconciler(const PaymentService &payments, std::chrono::milliseconds interval = std::chrono::seconds(5),
        QObject *parent = nullptr);
    ~PaymentReconciler() override;

    void start();
    // Starts a pass now unless one is running; passCompleted follows.
    void runNow();
    [[nodiscard]] bool isRunning() const { return m_watcher.isRunning(); }

Q_SIGNALS:
    // moved: how many orders changed state; -1 when the pass failed (logged).
    void passCompleted(int moved);

private:
    void finished();

    const PaymentService &m_payments;
    QThreadPool m_pool;
    QTimer m_timer;
    QFutureWatcher<int> m_watcher;
};

} // namespace deskpay
