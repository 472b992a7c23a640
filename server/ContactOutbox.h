#pragma once
// ContactOutbox: the contact_messages table — confirmation requests to payers, stored with their delivery schedule.

#include "models/Clock.h"
#include "models/Error.h"
#include "services/protocol/JsonValue.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QVariant>

#include <optional>
#include <utility>

namespace deskpay {

class Database;

struct ContactMessage
{
    qint64 id = 0;
    QString orderId;
    qint64 payerId = 0;
    QString channel; // contactChannelName(): "sandbox" or "webhook"
    QString contactKind; // "sms" or "email", copied from the payer account
    QString contactAddress;
    QString purpose; // "confirmation_request"
    JsonValue body; // an object; never an identity number
    QString state; // "pending", "sent" or "failed"
    int attempts = 0; // deliveries tried so far
    QDateTime nextAttemptAt; // while pending
    QString lastError;
    QDateTime createdAt;
    QDateTime sentAt;
};

// The sandbox channel is "stored and readable": the payer pages and the tests read messages from
// here. The schedule (state, attempts, next_attempt_at) lives in the row, so delivery survives a
// restart and several server instances can share one PostgreSQL (see claim()).
class ContactOutbox
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::ContactOutbox)

public:
    ContactOutbox(const Database &database, const Clock &clock);

    // Stores a pending message due at once (or at nextAttemptAt when set). Runs no transaction of
    // its own: the caller writes it inside the order's transaction, so both or neither exist.
    // contact_message_invalid for a message missing what the table needs.
    [[nodiscard]] Result<qint64> enqueue(const ContactMessage &message) const;

    // Pending messages with next_attempt_at ≤ now, the most overdue first.
    [[nodiscard]] Result<QList<ContactMessage>> due(int limit) const;

    // Takes a due message for one delivery attempt by moving its next_attempt_at to `until`, so
    // other instances (and this one's next round) leave it alone while the attempt runs; if this
    // process dies, the message is due again at `until`. False when it is no longer due (someone
    // else claimed or finished it).
    [[nodiscard]] Result<bool> claim(qint64 id, const QDateTime &until) const;

    // pending → sent, counting the attempt.
    [[nodiscard]] Result<void> markSent(qint64 id) const;
    // Counts a failed attempt: pending again at nextAttemptAt, or failed for good without one.
    [[nodiscard]] Result<void> markFailed(
        qint64 id, const QString &error, const std::optional<QDateTime> &nextAttemptAt) const;

    [[nodiscard]] Result<std::optional<ContactMessage>> find(qint64 id) const;
    // Newest first.
    [[nodiscard]] Result<QList<ContactMessage>> forPayer(qint64 payerId, int limit) const;
    // Oldest first.
    [[nodiscard]] Result<QList<ContactMessage>> forOrder(const QString &orderId) const;

private:
    [[nodiscard]] Result<QList<ContactMessage>> select(
        const QString &whereAndOrder, const QList<std::pair<QString, QVariant>> &bindings) const;
    [[nodiscard]] Result<void> update(
        qint64 id, const QString &assignments, const QList<std::pair<QString, QVariant>> &bindings) const;

    const Database &m_database;
    const Clock &m_clock;
};

} // namespace deskpay
