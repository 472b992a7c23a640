#pragma once
// IdempotencyStore: the first answer given to each (agent, Idempotency-Key), kept at least 24 hours.

#include "models/Clock.h"
#include "models/Error.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QString>

#include <chrono>
#include <optional>

namespace deskpay {

class Database;

struct IdempotencyRecord
{
    qint64 agentId = 0;
    QString key;
    QByteArray requestHash; // SHA-256 of method, target and body (requestHash())
    int status = 0;
    QByteArray responseBody;
    QString orderId; // empty when the answer created no order
    QDateTime createdAt;
    QDateTime expiresAt;
};

class IdempotencyStore
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::IdempotencyStore)

public:
    // Keys are kept this long at least; clients may retry within it.
    static constexpr std::chrono::hours Retention { 24 };

    IdempotencyStore(const Database &database, const Clock &clock);

    // Keys are scoped per agent: two desks may pick the same key without meeting.
    [[nodiscard]] Result<std::optional<IdempotencyRecord>> find(qint64 agentId, const QString &key) const;

    // Inside the caller's write transaction, with the answer it is about to commit. Returns
    // false (and writes nothing) when another request stored this key first — the caller then
    // rolls back and answers from find().
    [[nodiscard]] Result<bool> store(const IdempotencyRecord &record) const;

    [[nodiscard]] Result<int> purge() const;

    // 8–128 characters of [A-Za-z0-9._:-] (UUIDs, ULIDs and "batch:row" keys fit).
    [[nodiscard]] static bool isValidKey(QStringView key);
    // What "the same request" means: method, target and body, not the signature (a retry is
    // signed afresh, with a new nonce).
    [[nodiscard]] static QByteArray requestHash(
        const QByteArray &method, const QByteArray &target, const QByteArray &body);

private:
    const Database &m_database;
    const Clock &m_clock;
};

} // namespace deskpay
