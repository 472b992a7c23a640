#include "server/OrderStore.h"

#include "server/ServerLogging.h"
#include "server/SqlSupport.h"
#include "services/protocol/OrderCodec.h"

#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr auto ListColumns = "o.id, o.seq, o.desk, o.agent_id, a.username, o.payer_id, o.reject_code, o.view, "
                             "o.template_version, o.payment, o.payment_deadline";
constexpr auto EvidenceColumns = ", o.key_id, o.signature_input, o.signature_base, o.signature, o.request_body";

QString searchText(const OrderView &view)
{
    return QStringList { view.id, view.order.ticketNumber, view.order.pnr, view.order.passengerName,
        view.payer.accountId, view.payer.name }
        .join(u' ')
        .toLower();
}

QVariant nullableInt(qint64 value)
{
    return value == 0 ? QVariant(QMetaType(QMetaType::LongLong)) : QVariant(value);
}

QVariant nullableText(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(text);
}

QVariant nullableBytes(const QByteArray &bytes)
{
    return bytes.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(QString::fromUtf8(bytes));
}

// LIKE pattern of literal text: the wildcards and the escape character are escaped.
QString likePattern(const QString &text)
{
    QString escaped = text.toLower();
    escaped.replace(u"\\"_s, u"\\\\"_s).replace(u"%"_s, u"\\%"_s).replace(u"_"_s, u"\\_"_s);
    return u"%"_s + escaped + u"%"_s;
}

} // namespace

OrderStore::OrderStore(const Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{
}

QString OrderStore::newOrderId()
{
    static constexpr char Alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
    QString id = u"o_"_s;
    quint64 bits[3];
    QRandomGenerator::system()->fillRange(bits);
    for (int i = 0; i < 26; ++i) {
        const quint64 word = bits[i / 12];
        id.append(QChar::fromLatin1(Alphabet[(word >> ((i % 12) * 5)) & 31]));
    }
    return id;
}

Result<OrderRecord> OrderStore::insert(OrderRecord record) const
{
    const OrderView &view = record.view;
    const auto total = view.order.pricing.total();
    if (!total)
        return std::unexpected(total.error());
    const bool sqlite = m_database.backend() == DatabaseBackend::Sqlite;
    // SQLite holds the write lock for the whole transaction, so MAX+1 cannot race; PostgreSQL
    // numbers the column itself (an identity column).
    const QString seqColumn = sqlite ? u"seq, "_s : QString();
    const QString seqValue = sqlite ? u"(SELECT COALESCE(MAX(seq), 0) + 1 FROM orders), "_s : QString();
    PreparedQuery query = m_database.cached(u"INSERT INTO orders (id, "_s + seqColumn
        + u"state, desk, agent_id, payer_id, product_type, ticket_number, pnr, passenger_name, search_text, "
          "total_minor, currency, created_at, updated_at, confirm_by, reject_code, view, key_id, signature_input, "
          "signature_base, signature, request_body, template_version, payment, payment_deadline) VALUES (?, "_s
        + seqValue + u"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq"_s);
    query->addBindValue(view.id);
    query->addBindValue(orderStateName(view.state));
    query->addBindValue(record.desk);
    query->addBindValue(record.agentId);
    query->addBindValue(nullableInt(record.payerId));
    query->addBindValue(productTypeName(view.order.productType));
    query->addBindValue(view.order.ticketNumber);
    query->addBindValue(view.order.pnr);
    query->addBindValue(view.order.passengerName);
    query->addBindValue(searchText(view));
    query->addBindValue(total->minorUnits());
    query->addBindValue(total->currencyCode());
    query->addBindValue(view.createdAt.toMSecsSinceEpoch());
    query->addBindValue(view.updatedAt.toMSecsSinceEpoch());
    query->addBindValue(sql::timeValue(view.confirmBy));
    query->addBindValue(nullableText(record.rejectCode));
    query->addBindValue(QString::fromUtf8(OrderCodec::encodeView(view)));
    query->addBindValue(record.evidence.keyId);
    query->addBindValue(QString::fromLatin1(record.evidence.signatureInput));
    query->addBindValue(record.evidence.signatureBase);
    query->addBindValue(record.evidence.signature);
    query->addBindValue(record.evidence.sealedRequestBody);
    query->addBindValue(nullableInt(record.templateVersion));
    query->addBindValue(nullableBytes(record.paymentJson));
    query->addBindValue(sql::timeValue(record.paymentDeadline));
    if (!query->exec() || !query->next())
        return std::unexpected(sql::queryError(*query, "store an order"));
    record.seq = query->value(0).toLongLong();
    return record;
}

Result<bool> OrderStore::update(const OrderRecord &record, OrderState expected) const
{
    PreparedQuery query = m_database.cached(
        u"UPDATE orders SET state = ?, updated_at = ?, confirm_by = ?, reject_code = ?, view = ?, "
        "payer_id = ?, template_version = ?, payment = ?, payment_deadline = ? WHERE id = ? AND state = ?"_s);
    query->addBindValue(orderStateName(record.view.state));
    query->addBindValue(record.view.updatedAt.toMSecsSinceEpoch());
    query->addBindValue(sql::timeValue(record.view.confirmBy));
    query->addBindValue(nullableText(record.rejectCode));
    query->addBindValue(QString::fromUtf8(OrderCodec::encodeView(record.view)));
    query->addBindValue(nullableInt(record.payerId));
    query->addBindValue(nullableInt(record.templateVersion));
    query->addBindValue(nullableBytes(record.paymentJson));
    query->addBindValue(sql::timeValue(record.paymentDeadline));
    query->addBindValue(record.view.id);
    query->addBindValue(orderStateName(expected));
    if (!query->exec())
        return std::unexpected(sql::queryError(*query, "update an order"));
    return query->numRowsAffected() == 1;
}

Result<QList<OrderRecord>> OrderStore::select(
    const QString &where, const QVariantList &values, const QString &tail, bool withEvidence) const
{
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    query.prepare(u"SELECT "_s + QLatin1StringView(ListColumns)
        + (withEvidence ? QLatin1StringView(EvidenceColumns) : QLatin1StringView())
        + u" FROM orders o JOIN agents a ON a.id = o.agent_id"_s + (where.isEmpty() ? QString() : u" WHERE "_s + where)
        + tail);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return std::unexpected(sql::queryError(query, "read orders"));
    QList<OrderRecord> records;
    while (query.next()) {
        auto decoded = OrderCodec::decodeView(query.value(7).toString().toUtf8());
        if (!decoded || !decoded->isValid()) {
            // Written by this server from a valid view: a row that does not read back is damage.
            qCCritical(lcServerDb, "order %ls has an unreadable view", qUtf16Printable(query.value(0).toString()));
            return fail(u"database_error"_s, tr("Order %1 cannot be read.").arg(query.value(0).toString()));
        }
        OrderRecord record;
        record.view = std::move(decoded->value);
        record.seq = query.value(1).toLongLong();
        record.desk = query.value(2).toString();
        record.agentId = query.value(3).toLongLong();
        record.agentUsername = query.value(4).toString();
        record.payerId = query.value(5).toLongLong();
        record.rejectCode = query.value(6).toString();
        record.templateVersion = query.value(8).toInt();
        record.paymentJson = query.value(9).toString().toUtf8();
        record.paymentDeadline = sql::timeFrom(query.value(10));
        if (withEvidence) {
            record.evidence.keyId = query.value(11).toString();
            record.evidence.signatureInput = query.value(12).toString().toLatin1();
            record.evidence.signatureBase = query.value(13).toByteArray();
            record.evidence.signature = query.value(14).toByteArray();
            record.evidence.sealedRequestBody = query.value(15).toByteArray();
        }
        records.append(std::move(record));
    }
    return records;
}

Result<std::optional<OrderRecord>> OrderStore::find(const QString &id) const
{
    auto found = select(u"o.id = ?"_s, { id }, QString(), true);
    if (!found)
        return std::unexpected(found.error());
    if (found->isEmpty())
        return std::optional<OrderRecord>();
    return std::optional<OrderRecord>(found->takeFirst());
}

Result<QList<OrderRecord>> OrderStore::list(const OrderQuery &query) const
{
    QStringList where;
    QVariantList values;
    if (!query.states.isEmpty()) {
        QStringList marks;
        for (OrderState state : query.states) {
            marks.append(u"?"_s);
            values.append(orderStateName(state));
        }
        where.append(u"o.state IN ("_s + marks.join(u", "_s) + u")"_s);
    }
    if (query.desk) {
        where.append(u"o.desk = ?"_s);
        values.append(*query.desk);
    }
    if (query.agentUsername) {
        where.append(u"a.username = ?"_s);
        values.append(*query.agentUsername);
    }
    if (query.createdFrom.isValid()) {
        where.append(u"o.created_at >= ?"_s);
        values.append(query.createdFrom.toMSecsSinceEpoch());
    }
    if (query.createdTo.isValid()) {
        where.append(u"o.created_at < ?"_s);
        values.append(query.createdTo.toMSecsSinceEpoch());
    }
    if (!query.text.isEmpty()) {
        where.append(u"o.search_text LIKE ? ESCAPE '\\'"_s);
        values.append(likePattern(query.text));
    }
    if (query.beforeSeq > 0) {
        where.append(u"o.seq < ?"_s);
        values.append(query.beforeSeq);
    }
    return select(where.join(u" AND "_s), values,
        u" ORDER BY o.seq DESC LIMIT %1"_s.arg(std::clamp(query.limit, 1, 1000)), false);
}

Result<QStringList> OrderStore::confirmationsDue(const QDateTime &now, int limit) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT id FROM orders WHERE state = ? AND confirm_by <= ? ORDER BY confirm_by LIMIT %1"_s.arg(
        std::max(1, limit)));
    query.addBindValue(orderStateName(OrderState::AwaitingPayerConfirmation));
    query.addBindValue(now.toMSecsSinceEpoch());
    if (!query.exec())
        return std::unexpected(sql::queryError(query, "find expired confirmations"));
    QStringList ids;
    while (query.next())
        ids.append(query.value(0).toString());
    return ids;
}

Result<QStringList> OrderStore::paymentDeadlinesDue(const QDateTime &now, int limit) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(
        u"SELECT id FROM orders WHERE state = ? AND payment_deadline <= ? ORDER BY payment_deadline LIMIT %1"_s.arg(
            std::max(1, limit)));
    query.addBindValue(orderStateName(OrderState::PaymentPending));
    query.addBindValue(now.toMSecsSinceEpoch());
    if (!query.exec())
        return std::unexpected(sql::queryError(query, "find payments past their deadline"));
    QStringList ids;
    while (query.next())
        ids.append(query.value(0).toString());
    return ids;
}

Result<QDateTime> OrderStore::nextConfirmationDeadline() const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT MIN(confirm_by) FROM orders WHERE state = ?"_s);
    query.addBindValue(orderStateName(OrderState::AwaitingPayerConfirmation));
    if (!query.exec() || !query.next())
        return std::unexpected(sql::queryError(query, "find the next confirmation deadline"));
    return sql::timeFrom(query.value(0));
}

Result<QList<OrderRecord>> OrderStore::forPayer(qint64 payerId, const QList<OrderState> &states) const
{
    QStringList marks;
    QVariantList values { payerId };
    for (OrderState state : states) {
        marks.append(u"?"_s);
        values.append(orderStateName(state));
    }
    const QString stateFilter = states.isEmpty() ? QString() : u" AND o.state IN ("_s + marks.join(u", "_s) + u")"_s;
    return select(u"o.payer_id = ?"_s + stateFilter, values, u" ORDER BY o.seq LIMIT 200"_s, false);
}

} // namespace deskpay
