#pragma once
// OrderStore: the orders table — one row per order with its view, list columns, deadlines and signature evidence.

#include "models/Clock.h"
#include "models/Error.h"
#include "models/OrderState.h"
#include "services/protocol/OrderView.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace deskpay {

class Database;

// What the server keeps as proof of who asked for an order: the request exactly as signed.
struct OrderEvidence
{
    QString keyId;
    QByteArray signatureInput; // the Signature-Input field as received
    QByteArray signatureBase; // the exact bytes the signature was verified over
    QByteArray signature; // raw Ed25519 signature
    QByteArray sealedRequestBody; // ServerSecrets::seal(body, order id): it holds the document number
};

struct OrderRecord
{
    OrderView view; // id, state, times, order data, masked payer — also the source of the list columns
    qint64 seq = 0; // creation order; set by insert()
    QString desk;
    qint64 agentId = 0;
    QString agentUsername; // filled by reads (a join), not stored
    qint64 payerId = 0; // 0 when the payer account is unknown
    QString rejectCode; // why the order is REJECTED
    OrderEvidence evidence; // empty in list() results
    int templateVersion = 0; // 0 until the payment order is built
    QByteArray paymentJson; // canonical JSON of the payment order; empty until built
    QDateTime paymentDeadline;

    [[nodiscard]] const QString &id() const { return view.id; }
    [[nodiscard]] OrderState state() const { return view.state; }
};

struct OrderQuery
{
    QList<OrderState> states; // any of these; empty = all
    std::optional<QString> desk;
    std::optional<QString> agentUsername;
    QDateTime createdFrom; // inclusive, invalid = open
    QDateTime createdTo; // exclusive, invalid = open
    QString text; // free text: ticket, PNR, passenger, payer account, order id (case-insensitive)
    qint64 beforeSeq = 0; // cursor: only orders created before this one (0 = from the newest)
    int limit = 50;
};

class OrderStore
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::OrderStore)

public:
    OrderStore(const Database &database, const Clock &clock);

    // Inside the caller's write transaction. Returns the record with seq set.
    [[nodiscard]] Result<OrderRecord> insert(OrderRecord record) const;

    // Writes the record's state and everything that changes with it (view, deadlines, reject
    // code, template version, payment), but only when the row is still in `expected`: false
    // when another worker or instance moved it first. Inside the caller's write transaction.
    [[nodiscard]] Result<bool> update(const OrderRecord &record, OrderState expected) const;

    [[nodiscard]] Result<std::optional<OrderRecord>> find(const QString &id) const;
    // Newest first.
    [[nodiscard]] Result<QList<OrderRecord>> list(const OrderQuery &query) const;

    // Orders still waiting for their payer whose confirmBy has passed, oldest deadline first.
    // Ids of PAYMENT_PENDING orders whose payment deadline has passed, earliest first.
    [[nodiscard]] Result<QStringList> paymentDeadlinesDue(const QDateTime &now, int limit) const;
    [[nodiscard]] Result<QStringList> confirmationsDue(const QDateTime &now, int limit) const;
    // The earliest confirmBy of all waiting orders (invalid when none wait).
    [[nodiscard]] Result<QDateTime> nextConfirmationDeadline() const;
    // The payer's orders in the given states, oldest first.
    [[nodiscard]] Result<QList<OrderRecord>> forPayer(qint64 payerId, const QList<OrderState> &states) const;

    // "o_" + 26 characters of Crockford base32 (130 random bits).
    [[nodiscard]] static QString newOrderId();

private:
    [[nodiscard]] Result<QList<OrderRecord>> select(
        const QString &where, const QVariantList &values, const QString &tail, bool withEvidence) const;

    const Database &m_database;
    const Clock &m_clock;
};

} // namespace deskpay
