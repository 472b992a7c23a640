#include "server/EventLog.h"

#include "server/Database.h"
#include "services/protocol/JsonReader.h"
#include "services/protocol/OrderCodec.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

const QString Columns
    = u"seq, order_id, desk, agent_id, kind, from_state, to_state, actor_kind, actor, reason, at, data"_s;

Result<OrderEvent> eventFromRow(const QSqlQuery &query)
{
    OrderEvent event;
    event.seq = query.value(0).toLongLong();
    event.orderId = query.value(1).toString();
    event.desk = query.value(2).toString();
    event.agentId = query.value(3).toLongLong();
    event.kind = query.value(4).toString();
    if (!query.value(5).isNull()) {
        const auto from = orderStateFromName(query.value(5).toString());
        if (!from)
            return std::unexpected(from.error());
        event.from = *from;
    }
    const auto to = orderStateFromName(query.value(6).toString());
    if (!to)
        return std::unexpected(to.error());
    event.to = *to;
    event.actorKind = query.value(7).toString();
    event.actor = query.value(8).toString();
    event.reason = query.value(9).toString();
    event.at = QDateTime::fromMSecsSinceEpoch(query.value(10).toLongLong(), Qt::UTC);
    const auto data = JsonReader::parse(query.value(11).toString().toUtf8());
    if (!data)
        return fail(u"database_error"_s,
            EventLog::tr("Event %1 holds data that is not JSON: %2").arg(event.seq).arg(data.error().reason));
    event.data = *data;
    return event;
}

bool isActorKind(const QString &kind)
{
    return kind == u"agent"_s || kind == u"payer"_s || kind == u"system"_s || kind == u"provider"_s;
}

} // namespace

EventLog::EventLog(const Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{
}

Result<qint64> EventLog::append(const OrderEvent &event) const
{
    if (event.orderId.isEmpty() || event.desk.isEmpty() || event.kind.isEmpty() || event.actor.isEmpty()
        || !isActorKind(event.actorKind))
        return fail(u"invalid_event"_s,
            tr("An event needs an order, a desk, a kind and an actor of a known kind (got “%1”).")
                .arg(event.actorKind));
    const bool postgres = m_database.backend() == DatabaseBackend::PostgreSql;
    if (postgres) {
        // Held until the caller's COMMIT: the next writer takes its seq only after this one is
        // visible, so sequence order is commit order and no reader ever sees a gap fill later.
        // Keyed by schema too, so databases that hold several deployments (and parallel tests)
        // do not queue behind each other.
        QSqlQuery lock(m_database.connection());
        if (!lock.exec(u"SELECT pg_advisory_xact_lock(%1, hashtext(current_schema()))"_s.arg(AppendLockKey)))
            return fail(u"database_error"_s, tr("Cannot lock the event log: %1").arg(lock.lastError().text()));
    }
    PreparedQuery query = m_database.cached(u"INSERT INTO order_events (order_id, desk, agent_id, kind, from_state, to_state, actor_kind, "
                  "actor, reason, at, data) VALUES (:order, :desk, :agent, :kind, :from, :to, :actorKind, :actor, "
                  ":reason, :at, :data) RETURNING seq"_s);
    query->bindValue(u":order"_s, event.orderId);
    query->bindValue(u":desk"_s, event.desk);
    query->bindValue(u":agent"_s, event.agentId);
    query->bindValue(u":kind"_s, event.kind);
    query->bindValue(
        u":from"_s, event.from ? QVariant(orderStateName(*event.from)) : QVariant(QMetaType::fromType<QString>()));
    query->bindValue(u":to"_s, orderStateName(event.to));
    query->bindValue(u":actorKind"_s, event.actorKind);
    query->bindValue(u":actor"_s, event.actor);
    query->bindValue(
        u":reason"_s, event.reason.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(event.reason));
    query->bindValue(u":at"_s, (event.at.isValid() ? event.at : m_clock.now()).toMSecsSinceEpoch());
    query->bindValue(
        u":data"_s, QString::fromUtf8((event.data.isNull() ? JsonValue::object() : event.data).toCanonicalJson()));
    if (!query->exec() || !query->next())
        return fail(u"database_error"_s, tr("Cannot append to the event log: %1").arg(query->lastError().text()));
    const qint64 seq = query->value(0).toLongLong();
    query->finish();
    if (postgres) {
        PreparedQuery notify = m_database.cached(u"SELECT pg_notify(:channel, :payload)"_s);
        notify->bindValue(u":channel"_s, NotifyChannel.toString());
        notify->bindValue(u":payload"_s, QString::number(seq));
        if (!notify->exec())
            return fail(u"database_error"_s, tr("Cannot announce an event: %1").arg(notify->lastError().text()));
    }
    return seq;
}

Result<QList<OrderEvent>> EventLog::select(const QString &where, const QVariantList &values, int limit) const
{
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    QString sql = u"SELECT %1 FROM order_events WHERE %2 ORDER BY seq"_s.arg(Columns, where);
    if (limit > 0)
        sql += u" LIMIT %1"_s.arg(limit);
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return fail(u"database_error"_s, tr("Cannot read the event log: %1").arg(query.lastError().text()));
    QList<OrderEvent> events;
    while (query.next()) {
        auto event = eventFromRow(query);
        if (!event)
            return std::unexpected(event.error());
        events.append(std::move(*event));
    }
    return events;
}

Result<QList<OrderEvent>> EventLog::readAfter(qint64 after, const EventScope &scope, int limit) const
{
    if (limit <= 0)
        return QList<OrderEvent>();
    if (scope.desk)
        return select(u"desk = ? AND seq > ?"_s, { *scope.desk, after }, limit);
    return select(u"seq > ?"_s, { after }, limit);
}

Result<EventPage> EventLog::readPage(qint64 after, const EventScope &scope, int limit) const
{
    // The head first: every seq up to it has committed (commit order), so once a page comes back
    // short, nothing in scope lies between its last event and the head.
    const auto head = lastSeq();
    if (!head)
        return std::unexpected(head.error());
    auto events = readAfter(after, scope, limit + 1);
    if (!events)
        return std::unexpected(events.error());
    EventPage page;
    page.more = events->size() > limit;
    if (page.more)
        events->resize(limit);
    page.events = std::move(*events);
    const qint64 lastEvent = page.events.isEmpty() ? after : page.events.constLast().seq;
    page.lastSeq = page.more ? lastEvent : std::max({ after, lastEvent, *head });
    return page;
}

Result<QList<OrderEvent>> EventLog::forOrder(const QString &orderId) const
{
    return select(u"order_id = ?"_s, { orderId }, 0);
}

Result<qint64> EventLog::lastSeq() const
{
    QSqlQuery query(m_database.connection());
    if (!query.exec(u"SELECT COALESCE(MAX(seq), 0) FROM order_events"_s) || !query.next())
        return fail(u"database_error"_s, tr("Cannot read the event log: %1").arg(query.lastError().text()));
    return query.value(0).toLongLong();
}

JsonValue EventLog::toJson(const OrderEvent &event)
{
    JsonValue actor = JsonValue::object();
    actor.insert(u"kind"_s, JsonValue::string(event.actorKind));
    actor.insert(u"name"_s, JsonValue::string(event.actor));
    JsonValue json = JsonValue::object();
    json.insert(u"seq"_s, JsonValue::integer(event.seq));
    json.insert(u"orderId"_s, JsonValue::string(event.orderId));
    json.insert(u"desk"_s, JsonValue::string(event.desk));
    json.insert(u"kind"_s, JsonValue::string(event.kind));
    json.insert(u"from"_s, event.from ? JsonValue::string(orderStateName(*event.from)) : JsonValue::null());
    json.insert(u"to"_s, JsonValue::string(orderStateName(event.to)));
    json.insert(u"actor"_s, std::move(actor));
    if (!event.reason.isEmpty())
        json.insert(u"reason"_s, JsonValue::string(event.reason));
    json.insert(u"at"_s, JsonValue::string(OrderCodec::formatInstant(event.at)));
    json.insert(u"data"_s, event.data.isNull() ? JsonValue::object() : event.data);
    return json;
}

} // namespace deskpay
