#pragma once
// TerminationSignals: SIGTERM and SIGINT delivered as a Qt signal through a signalfd, for a clean shutdown.

#include "models/Error.h"

#include <QObject>

#include <memory>

class QSocketNotifier;

namespace deskpay {

// A signal handler may do almost nothing safely; a signalfd turns the signals into readable
// bytes the event loop handles like any socket, with no handler and no global state. It only
// works when the signals are blocked in every thread, so blockInThisThread() must run first
// in main(), before any thread exists (threads inherit the mask).
class TerminationSignals : public QObject
{
    Q_OBJECT

public:
    // Blocks SIGTERM and SIGINT for the calling thread and every thread it starts later.
    static void blockInThisThread();

    // Needs the event loop's thread; blockInThisThread() must have run.
    [[nodiscard]] static Result<std::unique_ptr<TerminationSignals>> create();
    ~TerminationSignals() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    explicit TerminationSignals(int fd);
    void readSignals();

    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace deskpay
