#pragma once
// DatabaseUrl: where the server's database lives — `sqlite:PATH` or `postgresql://user@host:port/db`.

#include "models/Error.h"

#include <QCoreApplication>
#include <QString>

namespace deskpay {

enum class DatabaseBackend { Sqlite, PostgreSql };

struct DatabaseUrl
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::DatabaseUrl)

public:
    DatabaseBackend backend = DatabaseBackend::Sqlite;
    QString path; // SQLite: the database file (absolute)
    QString host; // PostgreSQL: empty means libpq's default (the local socket)
    int port = 5432;
    QString user;
    QString password; // only from the URL; libpq also reads PGPASSWORD and ~/.pgpass
    QString databaseName;
    QString schema; // ?schema=NAME: tables live in that schema (it must exist)
    QString sslMode; // ?sslmode=…, passed to libpq
    int connectTimeoutSecs = 10; // ?connect_timeout=N

    // Accepts `sqlite:PATH` (relative paths are made absolute), `sqlite:///abs/path`, and
    // `postgresql://` or `postgres://` URLs with the query parameters above; anything else
    // is an error naming what is wrong.
    [[nodiscard]] static Result<DatabaseUrl> parse(const QString &text);

    // A SQLite URL for a file.
    [[nodiscard]] static DatabaseUrl sqliteFile(const QString &path);

    // The URL without the password, for logs and messages.
    [[nodiscard]] QString toDisplayString() const;

    // "sqlite" or "postgresql", as the health endpoint reports it.
    [[nodiscard]] static QString backendName(DatabaseBackend backend);
};

} // namespace deskpay
