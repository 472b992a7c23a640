#include "server/Housekeeping.h"

#include "server/IdempotencyStore.h"
#include "server/NonceStore.h"
#include "server/ServerLogging.h"

namespace deskpay {

Housekeeping::Housekeeping(
    const NonceStore &nonces, const IdempotencyStore &idempotency, std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent)
    , m_nonces(nonces)
    , m_idempotency(idempotency)
{
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &Housekeeping::purge);
}

void Housekeeping::start()
{
    purge();
    m_timer.start();
}

int Housekeeping::purge()
{
    int removed = 0;
    if (const auto nonces = m_nonces.purge(); nonces)
        removed += *nonces;
    else
        qCWarning(lcServerDb, "housekeeping: %ls", qUtf16Printable(nonces.error().message));
    if (const auto keys = m_idempotency.purge(); keys)
        removed += *keys;
    else
        qCWarning(lcServerDb, "housekeeping: %ls", qUtf16Printable(keys.error().message));
    if (removed > 0)
        qCDebug(lcServerDb, "housekeeping: forgot %d expired nonces and idempotency keys", removed);
    return removed;
}

} // namespace deskpay
