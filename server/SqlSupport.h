#pragma once
// SqlSupport: the small conversions every store repeats — epoch-millisecond times, query errors as Result, write transactions.

#include "models/Error.h"
#include "server/Database.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace deskpay::sql {

// NULL for an invalid time, so optional columns stay NULL.
[[nodiscard]] inline QVariant timeValue(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}

[[nodiscard]] inline QDateTime timeFrom(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

// A failed statement as the internal database_error (answered as 503 without its details).
[[nodiscard]] inline Error queryError(const QSqlQuery &query, const char *purpose)
{
    return Error { QStringLiteral("database_error"),
        QCoreApplication::translate("deskpay::SqlSupport", "The database refused to %1: %2")
            .arg(QString::fromUtf8(purpose), query.lastError().text()),
        {} };
}

// Runs `work` (returning Result<T>) in a write transaction; rolls back when it fails.
template<typename T, typename Work> Result<T> inWriteTransaction(const Database &database, Work &&work)
{
    if (auto begun = database.beginWriteTransaction(); !begun)
        return std::unexpected(begun.error());
    Result<T> result = work();
    if (!result) {
        database.rollback();
        return result;
    }
    if (auto committed = database.commit(); !committed) {
        database.rollback();
        return std::unexpected(committed.error());
    }
    return result;
}

} // namespace deskpay::sql
