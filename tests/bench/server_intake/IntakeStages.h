#pragma once
// IntakeStages: where an order's time goes — each step of POST /v1/orders measured on its own,
// single-threaded on the calling thread, over the same kind of signed orders the load run sends.

#include "IntakeOrders.h"
#include "models/Clock.h"
#include "models/Error.h"

#include <QList>
#include <QString>
#include <QUrl>

namespace deskpay {

class ServerInstance;

namespace bench {

struct StageFigure
{
    QString name; // e.g. "verify_signature"
    double microsPerOrder = 0;
    QString note; // what the stage covers
};

// Runs every stage over `count` freshly signed orders on `server`'s database, from the calling
// thread (the thread that owns the server's main connection). Writes real rows, as the server would.
[[nodiscard]] Result<QList<StageFigure>> measureStages(
    ServerInstance &server, const Clock &clock, const BenchAgent &agent, const QUrl &base, int count);

} // namespace bench
} // namespace deskpay
