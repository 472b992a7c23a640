#pragma once
// Database: one named QtSql connection to the server's SQLite or PostgreSQL database.

#include "models/Error.h"
#include "server/DatabaseUrl.h"
#include "server/PreparedQuery.h"

#include <QCoreApplication>
#include <QHash>
#include <QMutex>
#include <QSqlDatabase>
#include <QStringList>
#include <QThread>
#include <QString>

#include <atomic>
#include <map>
#include <memory>

namespace deskpay {

// QtSql connections belong to the thread that opened them. connection() therefore hands each
// thread its own: the opening thread gets the named connection, any other thread (the server's
// workers) a clone opened and configured on first use there. Clones are closed with the
// Database, after the threads that used them have finished their work.
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

    // A handle to the calling thread's connection; drop it (and every QSqlQuery on it) before
    // the Database is destroyed.
    [[nodiscard]] QSqlDatabase connection() const;

    // From now on every thread's connection() is closed (queries fail as "database
    // unavailable"); for shutdown, and for tests of a database that went away.
    void close() const;

    // A statement prepared once per connection and reused (see PreparedQuery), for the
    // statements every order runs. A statement whose text varies (a LIMIT, an IN list) belongs
    // in a plain QSqlQuery instead. Nested use of the same text gets a fresh, uncached query.
    [[nodiscard]] PreparedQuery cached(const QString &sql) const;

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

    [[nodiscard]] QSqlDatabase threadConnection() const;

    DatabaseUrl m_url;
    QString m_connectionName;
    QThread *m_ownerThread = nullptr;
    mutable std::atomic<bool> m_closed { false };
    mutable QMutex m_clonesMutex;
    mutable QStringList m_clones;
    // connection name → SQL text → statement. Each inner hash belongs to one thread (the one
    // that owns the connection); the outer map, whose nodes never move, is guarded by the mutex.
    mutable std::map<QString, QHash<QString, std::shared_ptr<PreparedQuery::Slot>>> m_statements;
};

} // namespace deskpay
