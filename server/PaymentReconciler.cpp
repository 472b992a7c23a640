#include "server/PaymentReconciler.h"

#include "server/PaymentService.h"
#include "server/ServerLogging.h"

#include <QtConcurrent/QtConcurrentRun>

namespace deskpay {

PaymentReconciler::PaymentReconciler(
    const PaymentService &payments, std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent)
    , m_payments(payments)
{
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("deskpay.payments"));
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &PaymentReconciler::runNow);
    connect(&m_watcher, &QFutureWatcher<int>::finished, this, &PaymentReconciler::finished);
}

PaymentReconciler::~PaymentReconciler()
{
    m_timer.stop();
    // A pass uses the services this object's owner is about to destroy.
    m_watcher.waitForFinished();
}

void PaymentReconciler::start()
{
    m_timer.start();
    runNow();
}

void PaymentReconciler::runNow()
{
    if (m_watcher.isRunning())
        return;
    m_watcher.setFuture(QtConcurrent::run(&m_pool, [this]() -> int {
        const auto moved = m_payments.reconcile();
        if (!moved) {
            qCWarning(lcServerPayments, "payment reconciliation failed: %ls", qUtf16Printable(moved.error().message));
            return -1;
        }
        return *moved;
    }));
}

void PaymentReconciler::finished()
{
    Q_EMIT passCompleted(m_watcher.result());
}

} // namespace deskpay
