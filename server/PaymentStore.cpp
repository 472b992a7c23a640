#include "server/PaymentStore.h"

#include "server/Database.h"
#include "server/SqlSupport.h"

#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr auto Columns = "id, order_id, payer_id, pay_type, provider, partner_id, amount_minor, currency, state, "
                         "provider_ref, provider_state, created_at, updated_at, expires_at, next_query_at, "
                         "query_attempts, last_error";

PaymentState stateFrom(const QString &name)
{
    if (name == u"paid"_s)
        return PaymentState::Paid;
    if (name == u"failed"_s)
        return PaymentState::Failed;
    if (name == u"closed"_s)
        return PaymentState::Closed;
    return PaymentState::Open;
}

PaymentRecord paymentFrom(const QSqlQuery &query)
{
    PaymentRecord payment;
    payment.id = query.value(0).toString();
    payment.orderId = query.value(1).toString();
    payment.payerId = query.value(2).toLongLong();
    // The column's CHECK allows only the two names.
    payment.payType = payTypeFromName(query.value(3).toString()).value_or(PayType::Alipay);
    payment.provider = query.value(4).toString();
    payment.partnerId = query.value(5).toString();
    payment.amountMinor = query.value(6).toLongLong();
    payment.currency = query.value(7).toString();
    payment.state = stateFrom(query.value(8).toString());
    payment.providerRef = query.value(9).toString();
    payment.providerState = query.value(10).toString();
    payment.createdAt = sql::timeFrom(query.value(11));
    payment.updatedAt = sql::timeFrom(query.value(12));
    payment.expiresAt = sql::timeFrom(query.value(13));
    payment.nextQueryAt = sql::timeFrom(query.value(14));
    payment.queryAttempts = query.value(15).toInt();
    payment.lastError = query.value(16).toString();
    return payment;
}

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(text);
}

} // namespace

QString paymentStateName(PaymentState state)
{
    switch (state) {
    case PaymentState::Open:
        return u"open"_s;
    case PaymentState::Paid:
        return u"paid"_s;
    case PaymentState::Failed:
        return u"failed"_s;
    case PaymentState::Closed:
        return u"closed"_s;
    }
    return u"open"_s;
}

PaymentStore::PaymentStore(const Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{
}

QString PaymentStore::newPaymentId()
{
    // 31 × 5 = 155 random bits; upper-case base32 (RFC 4648 alphabet) fits every provider's
    // out_trade_no rules (≤ 32 characters, letters and digits).
    static constexpr char Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    QString id(32, u'P');
    QRandomGenerator *random = QRandomGenerator::system();
    for (int i = 1; i < 32; ++i)
        id[i] = QLatin1Char(Alphabet[random->bounded(32)]);
    return id;
}

Result<void> PaymentStore::insert(const PaymentRecord &payment) const
{
    PreparedQuery query
        = m_database.cached(u"INSERT INTO payments (id, order_id, payer_id, pay_type, provider, "
                            "partner_id, amount_minor, currency, state, provider_ref, provider_state, "
                            "created_at, updated_at, expires_at, next_query_at, query_attempts, last_error) "
                            "VALUES (:id, :order, :payer, :type, :provider, :partner, :amount, :currency, "
                            ":state, :ref, :pstate, :created, :updated, :expires, :next, 0, NULL)"_s);
    const QDateTime now = m_clock.now();
    query->bindValue(u":id"_s, payment.id);
    query->bindValue(u":order"_s, payment.orderId);
    query->bindValue(u":payer"_s, payment.payerId);
    query->bindValue(u":type"_s, payTypeName(payment.payType));
    query->bindValue(u":provider"_s, payment.provider);
    query->bindValue(u":partner"_s, payment.partnerId);
    query->bindValue(u":amount"_s, payment.amountMinor);
    query->bindValue(u":currency"_s, payment.currency);
    query->bindValue(u":state"_s, paymentStateName(payment.state));
    query->bindValue(u":ref"_s, textOrNull(payment.providerRef));
    query->bindValue(u":pstate"_s, textOrNull(payment.providerState));
    query->bindValue(u":created"_s, now.toMSecsSinceEpoch());
    query->bindValue(u":updated"_s, now.toMSecsSinceEpoch());
    query->bindValue(u":expires"_s, sql::timeValue(payment.expiresAt));
    query->bindValue(u":next"_s, sql::timeValue(payment.nextQueryAt));
    if (!query->exec()) {
        // The partial unique index: another pay call of the same order won the race.
        if (auto open = openForOrder(payment.orderId); open && open->has_value())
            return fail(u"payment_conflict"_s, tr("Another payment of this order was started at the same time."));
        return std::unexpected(sql::queryError(*query, "store the payment"));
    }
    return {};
}

Result<std::optional<PaymentRecord>> PaymentStore::find(const QString &id) const
{
    PreparedQuery query
        = m_database.cached(u"SELECT %1 FROM payments WHERE id = :id"_s.arg(QLatin1StringView(Columns)));
    query->bindValue(u":id"_s, id);
    if (!query->exec())
        return std::unexpected(sql::queryError(*query, "read a payment"));
    if (!query->next())
        return std::optional<PaymentRecord>();
    return std::optional<PaymentRecord>(paymentFrom(*query));
}

Result<std::optional<PaymentRecord>> PaymentStore::openForOrder(const QString &orderId) const
{
    PreparedQuery query = m_database.cached(
        u"SELECT %1 FROM payments WHERE order_id = :order AND state = 'open'"_s.arg(QLatin1StringView(Columns)));
    query->bindValue(u":order"_s, orderId);
    if (!query->exec())
        return std::unexpected(sql::queryError(*query, "read the order's open payment"));
    if (!query->next())
        return std::optional<PaymentRecord>();
    return std::optional<PaymentRecord>(paymentFrom(*query));
}

Result<QList<PaymentRecord>> PaymentStore::forOrder(const QString &orderId) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(
        u"SELECT %1 FROM payments WHERE order_id = :order ORDER BY created_at, id"_s.arg(QLatin1StringView(Columns)));
    query.bindValue(u":order"_s, orderId);
    if (!query.exec())
        return std::unexpected(sql::queryError(query, "read the order's payments"));
    QList<PaymentRecord> payments;
    while (query.next())
        payments.append(paymentFrom(query));
    return payments;
}

Result<QList<PaymentRecord>> PaymentStore::due(int limit) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT %1 FROM payments WHERE state = 'open' AND next_query_at <= :now "
                  "ORDER BY next_query_at, id LIMIT :limit"_s.arg(QLatin1StringView(Columns)));
    query.bindValue(u":now"_s, m_clock.now().toMSecsSinceEpoch());
    query.bindValue(u":limit"_s, std::max(1, limit));
    if (!query.exec())
        return std::unexpected(sql::queryError(query, "read the payments due for a query"));
    QList<PaymentRecord> payments;
    while (query.next())
        payments.append(paymentFrom(query));
    return payments;
}

Result<bool> PaymentStore::updateOpen(const PaymentRecord &payment) const
{
    PreparedQuery query = m_database.cached(u"UPDATE payments SET state = :state, provider_ref = :ref, "
                                            "provider_state = :pstate, updated_at = :updated, next_query_at = :next, "
                                            "query_attempts = :attempts, last_error = :error "
                                            "WHERE id = :id AND state = 'open'"_s);
    query->bindValue(u":state"_s, paymentStateName(payment.state));
    query->bindValue(u":ref"_s, textOrNull(payment.providerRef));
    query->bindValue(u":pstate"_s, textOrNull(payment.providerState));
    query->bindValue(u":updated"_s, m_clock.now().toMSecsSinceEpoch());
    query->bindValue(u":next"_s,
        payment.state == PaymentState::Open ? sql::timeValue(payment.nextQueryAt) : sql::timeValue(QDateTime()));
    query->bindValue(u":attempts"_s, payment.queryAttempts);
    query->bindValue(u":error"_s, textOrNull(payment.lastError));
    query->bindValue(u":id"_s, payment.id);
    if (!query->exec())
        return std::unexpected(sql::queryError(*query, "update the payment"));
    return query->numRowsAffected() == 1;
}

Result<void> PaymentStore::reschedule(const PaymentRecord &payment) const
{
    auto updated = updateOpen(payment);
    if (!updated)
        return std::unexpected(updated.error());
    return {}; // a payment finished meanwhile needs no schedule
}

Result<bool> PaymentStore::rememberNotification(const QString &provider, const QString &notifyId,
    const QString &paymentId, const QString &outcome, const QString &providerState) const
{
    PreparedQuery query = m_database.cached(u"INSERT INTO provider_notifications (provider, notify_id, payment_id, "
                                            "outcome, provider_state, received_at) VALUES (:provider, :id, :payment, "
                                            ":outcome, :pstate, :at) ON CONFLICT (provider, notify_id) DO NOTHING"_s);
    query->bindValue(u":provider"_s, provider);
    query->bindValue(u":id"_s, notifyId);
    query->bindValue(u":payment"_s, paymentId);
    query->bindValue(u":outcome"_s, outcome);
    query->bindValue(u":pstate"_s, providerState);
    query->bindValue(u":at"_s, m_clock.now().toMSecsSinceEpoch());
    if (!query->exec())
        return std::unexpected(sql::queryError(*query, "remember the provider notification"));
    return query->numRowsAffected() == 1;
}

} // namespace deskpay
