#pragma once
// EventLog: the append-only log of order transitions with a global sequence number clients resume from.

#include "models/Clock.h"
#include "models/Error.h"
#include "models/OrderState.h"
#include "services/protocol/JsonValue.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace deskpay {

class Database;

struct OrderEvent
{
    qint64 seq = 0; // assigned by append()
    QString orderId;
    QString desk;
    qint64 agentId = 0;
    QString kind; // "order.created", "order.state_changed"
    std::optional<OrderState> from; // none for the creation event
    OrderState to = OrderState::Submitted;
    QString actorKind; // agent | payer | system | provider
    QString actor; // user name, payer account id, "deadline", …
    QString reason; // optional stable code
    QDateTime at; // UTC
    JsonValue data; // {"order": <order view>}; never identity numbers
};

// Which events a caller may see: agents their own desk, supervisors everything (no desk).
struct EventScope
{
    std::optional<QString> desk;
};

// One page of the log after a cursor. `lastSeq` is the cursor to resume from: the last event's
// seq, or — when there are no more — the head of the whole log as it stood before the page was
// read, so a caller scoped to one desk moves past other desks' events without ever skipping one
// of its own (sequence numbers are handed out in commit order, see append()).
struct EventPage
{
    QList<OrderEvent> events;
    qint64 lastSeq = 0;
    bool more = false;
};

class EventLog
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::EventLog)

public:
    // The advisory lock that serialises appends on PostgreSQL is (this, hashtext(schema)) ("DPEV" in ASCII).
    static constexpr qint32 AppendLockKey = 0x44504556;
    // The PostgreSQL notification channel; its payload is the new event's seq.
    static constexpr QStringView NotifyChannel = u"deskpay_events";

    // The database and clock must outlive the log.
    EventLog(const Database &database, const Clock &clock);

    // Must run inside the caller's write transaction. Sequence numbers are handed out in COMMIT
    // order, so a reader that saw seq N never later finds a committed N-1: on PostgreSQL the
    // append takes a transaction-scoped advisory lock before inserting (held until COMMIT or
    // ROLLBACK) and queues a notification on NotifyChannel (delivered at COMMIT); on SQLite the
    // write transaction's lock already serialises writers. An invalid `at` means now. Returns
    // the seq.
    [[nodiscard]] Result<qint64> append(const OrderEvent &event) const;

    // Up to `limit` events with seq > after, ascending, within the scope.
    [[nodiscard]] Result<QList<OrderEvent>> readAfter(qint64 after, const EventScope &scope, int limit) const;
    // readAfter() plus the cursor and whether more events follow (see EventPage).
    [[nodiscard]] Result<EventPage> readPage(qint64 after, const EventScope &scope, int limit) const;
    // Every event of one order, ascending: its transition history.
    [[nodiscard]] Result<QList<OrderEvent>> forOrder(const QString &orderId) const;
    // The highest committed seq, 0 for an empty log.
    [[nodiscard]] Result<qint64> lastSeq() const;

    // The wire form: {"seq","orderId","desk","kind","from","to","actor":{"kind","name"},
    // "reason"?,"at","data"}; "from" is null for the creation event.
    [[nodiscard]] static JsonValue toJson(const OrderEvent &event);

private:
    [[nodiscard]] Result<QList<OrderEvent>> select(const QString &where, const QVariantList &values, int limit) const;

    const Database &m_database;
    const Clock &m_clock;
};

} // namespace deskpay
