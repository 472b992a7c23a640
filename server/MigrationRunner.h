#pragma once
// MigrationRunner: brings a database to the schema this build knows, from versioned SQL files.

#include "models/Clock.h"
#include "models/Error.h"
#include "server/DatabaseUrl.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

namespace deskpay {

class Database;

// One file NNNN_name.sql of resources/migrations/<backend>/.
struct Migration
{
    int version = 0;
    QString name; // "initial" for 0001_initial.sql
    QString sql;
    QString checksum; // SHA-256 of the file, hex: an applied migration must never change
};

struct MigrationReport
{
    int fromVersion = 0; // 0 for a fresh database
    int toVersion = 0;
    QList<int> applied; // empty when the schema was already current
};

class MigrationRunner
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::MigrationRunner)

public:
    // The migrations built into the server for a backend (":/deskpay/migrations/<backend>").
    [[nodiscard]] static Result<QList<Migration>> builtIn(DatabaseBackend backend);
    // Migrations from any folder (tests, tools); versions must run 1, 2, 3 … without gaps.
    [[nodiscard]] static Result<QList<Migration>> fromDirectory(const QString &directory);

    MigrationRunner(QList<Migration> migrations, const Clock &clock);

    [[nodiscard]] int latestVersion() const;

    // In one transaction under the database's write lock (several servers may start at once):
    // creates schema_version when missing, refuses a schema newer than latestVersion() or an
    // applied migration whose file has changed, applies what is pending in order and records
    // each. On any error nothing of this run stays applied.
    [[nodiscard]] Result<MigrationReport> migrate(const Database &database) const;

    // The highest applied version (0 when none); doubles as the health check's query.
    [[nodiscard]] static Result<int> currentVersion(const Database &database);

private:
    [[nodiscard]] Result<MigrationReport> migrateLocked(const Database &database) const;

    QList<Migration> m_migrations;
    const Clock &m_clock;
};

} // namespace deskpay
