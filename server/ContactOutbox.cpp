#include "server/ContactOutbox.h"

#include "server/Database.h"
#include "services/protocol/JsonReader.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr auto Columns = "id, order_id, payer_id, channel, contact_kind, contact_address, purpose, body, state, "
                         "attempts, next_attempt_at, last_error, created_at, sent_at";

QDateTime timeFrom(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

ContactMessage messageFrom(const QSqlQuery &query)
{
    ContactMessage message;
    message.id = query.value(0).toLongLong();
    message.orderId = query.value(1).toString();
    message.payerId = query.value(2).toLongLong();
    message.channel = query.value(3).toString();
    message.contactKind = query.value(4).toString();
    message.contactAddress = query.value(5).toString();
    message.purpose = query.value(6).toString();
    // The column only ever receives canonical JSON from enqueue(); an unreadable body reads as null.
    const auto body = JsonReader::parse(query.value(7).toString().toUtf8());
    message.body = body ? *body : JsonValue();
    message.state = query.value(8).toString();
    message.attempts = query.value(9).toInt();
    message.nextAttemptAt = timeFrom(query.value(10));
    message.lastError = query.value(11).toString();
    message.createdAt = timeFrom(query.value(12));
    message.sentAt = timeFrom(query.value(13));
    return message;
}

} // namespace

ContactOutbox::ContactOutbox(const Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{
}

Result<qint64> ContactOutbox::enqueue(const ContactMessage &message) const
{
    // Programming errors of the caller, not payer input; the message says which part is missing.
    QString missing;
    if (message.orderId.isEmpty())
        missing = tr("A contact message needs an order id.");
    else if (message.payerId <= 0)
        missing = tr("A contact message needs a payer.");
    else if (message.channel != u"sandbox"_s && message.channel != u"webhook"_s)
        missing = tr("A contact message goes through the sandbox or the webhook channel.");
    else if (message.contactKind.isEmpty() || message.contactAddress.isEmpty())
        missing = tr("A contact message needs the payer's contact.");
    else if (message.purpose.isEmpty())
        missing = tr("A contact message needs a purpose.");
    else if (!message.body.isObject())
        missing = tr("A contact message body is a JSON object.");
    if (!missing.isEmpty())
        return fail(u"contact_message_invalid"_s, missing);

    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    // QPSQL has no lastInsertId for identity columns, so PostgreSQL returns the id; on SQLite the
    // id is the rowid, which lastInsertId reports.
    const bool postgres = m_database.backend() == DatabaseBackend::PostgreSql;
    PreparedQuery query = m_database.cached(u"INSERT INTO contact_messages (order_id, payer_id, channel, contact_kind, contact_address, "
                  "purpose, body, state, attempts, next_attempt_at, created_at) VALUES (:order, :payer, :channel, "
                  ":kind, :address, :purpose, :body, 'pending', 0, :next, :created)%1"_s.arg(
                      postgres ? u" RETURNING id"_s : QString()));
    query->bindValue(u":order"_s, message.orderId);
    query->bindValue(u":payer"_s, message.payerId);
    query->bindValue(u":channel"_s, message.channel);
    query->bindValue(u":kind"_s, message.contactKind);
    query->bindValue(u":address"_s, message.contactAddress);
    query->bindValue(u":purpose"_s, message.purpose);
    query->bindValue(u":body"_s, QString::fromUtf8(message.body.toCanonicalJson()));
    query->bindValue(u":next"_s, message.nextAttemptAt.isValid() ? message.nextAttemptAt.toMSecsSinceEpoch() : now);
    query->bindValue(u":created"_s, now);
    if (!query->exec() || (postgres && !query->next()))
        return fail(u"database_error"_s, tr("Cannot store the contact message: %1").arg(query->lastError().text()));
    const QVariant id = postgres ? query->value(0) : query->lastInsertId();
    if (!id.isValid())
        return fail(u"database_error"_s, tr("The database did not say which id the contact message got."));
    return id.toLongLong();
}

Result<QList<ContactMessage>> ContactOutbox::select(
    const QString &whereAndOrder, const QList<std::pair<QString, QVariant>> &bindings) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT %1 FROM contact_messages %2"_s.arg(QLatin1StringView(Columns), whereAndOrder));
    for (const auto &[name, value] : bindings)
        query.bindValue(name, value);
    if (!query.exec())
        return fail(u"database_error"_s, tr("Cannot read contact messages: %1").arg(query.lastError().text()));
    QList<ContactMessage> messages;
    while (query.next())
        messages.append(messageFrom(query));
    return messages;
}

Result<QList<ContactMessage>> ContactOutbox::due(int limit) const
{
    return select(u"WHERE state = 'pending' AND next_attempt_at <= :now ORDER BY next_attempt_at, id LIMIT :limit"_s,
        { { u":now"_s, m_clock.now().toMSecsSinceEpoch() }, { u":limit"_s, std::max(1, limit) } });
}

Result<std::optional<ContactMessage>> ContactOutbox::find(qint64 id) const
{
    const auto found = select(u"WHERE id = :id"_s, { { u":id"_s, id } });
    if (!found)
        return std::unexpected(found.error());
    if (found->isEmpty())
        return std::optional<ContactMessage>();
    return std::optional<ContactMessage>(found->constFirst());
}

Result<QList<ContactMessage>> ContactOutbox::forPayer(qint64 payerId, int limit) const
{
    return select(u"WHERE payer_id = :payer ORDER BY id DESC LIMIT :limit"_s,
        { { u":payer"_s, payerId }, { u":limit"_s, std::max(1, limit) } });
}

Result<QList<ContactMessage>> ContactOutbox::forOrder(const QString &orderId) const
{
    return select(u"WHERE order_id = :order ORDER BY id"_s, { { u":order"_s, orderId } });
}

Result<bool> ContactOutbox::claim(qint64 id, const QDateTime &until) const
{
    QSqlQuery query(m_database.connection());
    // One statement: whoever moves next_attempt_at first owns the attempt.
    query.prepare(u"UPDATE contact_messages SET next_attempt_at = :until "
                  "WHERE id = :id AND state = 'pending' AND next_attempt_at <= :now"_s);
    query.bindValue(u":until"_s, until.toMSecsSinceEpoch());
    query.bindValue(u":id"_s, id);
    query.bindValue(u":now"_s, m_clock.now().toMSecsSinceEpoch());
    if (!query.exec())
        return fail(
            u"database_error"_s, tr("Cannot claim contact message %1: %2").arg(id).arg(query.lastError().text()));
    return query.numRowsAffected() == 1;
}

Result<void> ContactOutbox::update(
    qint64 id, const QString &assignments, const QList<std::pair<QString, QVariant>> &bindings) const
{
    PreparedQuery query = m_database.cached(u"UPDATE contact_messages SET %1 WHERE id = :id AND state = 'pending'"_s.arg(assignments));
    query->bindValue(u":id"_s, id);
    for (const auto &[name, value] : bindings)
        query->bindValue(name, value);
    if (!query->exec())
        return fail(
            u"database_error"_s, tr("Cannot update contact message %1: %2").arg(id).arg(query->lastError().text()));
    if (query->numRowsAffected() != 1)
        return fail(u"not_found"_s, tr("There is no pending contact message %1.").arg(id));
    return {};
}

Result<void> ContactOutbox::markSent(qint64 id) const
{
    return update(id, u"state = 'sent', attempts = attempts + 1, sent_at = :now, last_error = NULL"_s,
        { { u":now"_s, m_clock.now().toMSecsSinceEpoch() } });
}

Result<void> ContactOutbox::markFailed(
    qint64 id, const QString &error, const std::optional<QDateTime> &nextAttemptAt) const
{
    // The error is ours (an HTTP status, a network error), never the message body; bounded anyway.
    const QString recorded = error.left(500);
    if (nextAttemptAt)
        return update(id, u"attempts = attempts + 1, last_error = :error, next_attempt_at = :next"_s,
            { { u":error"_s, recorded }, { u":next"_s, nextAttemptAt->toMSecsSinceEpoch() } });
    return update(
        id, u"state = 'failed', attempts = attempts + 1, last_error = :error"_s, { { u":error"_s, recorded } });
}

} // namespace deskpay
