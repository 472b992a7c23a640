#pragma once
// Database: one named QtSql connection to the server's SQLite or PostgreSQL database.

#include "models/Error.h"
#include "server/DatabaseUrl.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace deskpay {

// QtSql connections belong to the thread that opened them; a worker thread opens its own
// Database with another connection name (the settings below are per connection).
class Database
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::Database)

public:
    // Opens the connection. SQLite: creates the file's folder, WAL journal, foreign keys on,
    // a busy timeout. PostgreSQL: connect timeout, UTC session time zone, the URL's schema.
    [[nodiscard]] static Result<std::unique_ptr<Database>> open(const DatabaseUrl &url, const QString &connectionName);
    ~Database();

    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    [[nodiscard]] DatabaseBackend backend() const { return m_url.backend; }
    [[nodiscard]] const DatabaseUrl &url() const { return m_url; }
    [[nodiscard]] const QString &connectionName() const { return m_connectionName; }

    // A handle to the open connection; drop it (and every QSqlQuery on it) before the
    // Database is destroyed.
    [[nodiscard]] QSqlDatabase connection() const;

    // Runs one statement that returns nothing; the error names the statement's purpose.
    [[nodiscard]] Result<void> exec(const QString &sql) const;

    // A transaction that also takes the database-wide write lock (SQLite BEGIN IMMEDIATE;
    // on PostgreSQL the caller adds an advisory lock when it needs one).
    [[nodiscard]] Result<void> beginWriteTransaction() const;
    [[nodiscard]] Result<void> commit() const;
    void rollback() const;

private:
    Database(DatabaseUrl url, QString connectionName);
    [[nodiscard]] Result<void> configure() const;

    DatabaseUrl m_url;
    QString m_connectionName;
};

} // namespace deskpay
