#include "server/MigrationRunner.h"

#include "server/Database.h"
#include "server/ServerLogging.h"
#include "server/SqlScript.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

// Serialises migrations of several server instances on one PostgreSQL ("DESKPAY" in ASCII).
constexpr qint64 MigrationLockKey = 0x4445534B504159;

} // namespace

Result<QList<Migration>> MigrationRunner::builtIn(DatabaseBackend backend)
{
    const QString directory = u":/deskpay/migrations/"_s + DatabaseUrl::backendName(backend);
    auto migrations = fromDirectory(directory);
    if (migrations && migrations->isEmpty())
        return fail(u"migrations_missing"_s, tr("This build carries no migrations in %1.").arg(directory));
    return migrations;
}

Result<QList<Migration>> MigrationRunner::fromDirectory(const QString &directory)
{
    static const QRegularExpression fileName(u"^([0-9]{4})_([a-z0-9_]+)\\.sql$"_s);
    const QDir dir(directory);
    QList<Migration> migrations;
    const QStringList files = dir.entryList({ u"*.sql"_s }, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const QRegularExpressionMatch match = fileName.match(file);
        if (!match.hasMatch())
            return fail(u"migration_invalid"_s, tr("%1: migration files are named NNNN_name.sql.").arg(file));
        QFile source(dir.filePath(file));
        if (!source.open(QIODevice::ReadOnly))
            return fail(u"migration_invalid"_s, tr("Cannot read %1: %2").arg(file, source.errorString()));
        const QByteArray bytes = source.readAll();
        Migration migration;
        migration.version = match.captured(1).toInt();
        migration.name = match.captured(2);
        migration.sql = QString::fromUtf8(bytes);
        migration.checksum = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
        migrations.append(migration);
    }
    for (qsizetype i = 0; i < migrations.size(); ++i) {
        if (migrations.at(i).version != i + 1)
            return fail(u"migration_invalid"_s,
                tr("Migrations in %1 must be numbered 1, 2, 3 … without gaps; found %2 where %3 belongs.")
                    .arg(directory)
                    .arg(migrations.at(i).version)
                    .arg(i + 1));
    }
    return migrations;
}

MigrationRunner::MigrationRunner(QList<Migration> migrations, const Clock &clock)
    : m_migrations(std::move(migrations))
    , m_clock(clock)
{
    std::sort(m_migrations.begin(), m_migrations.end(),
        [](const Migration &a, const Migration &b) { return a.version < b.version; });
}

int MigrationRunner::latestVersion() const
{
    return m_migrations.isEmpty() ? 0 : m_migrations.constLast().version;
}

Result<MigrationReport> MigrationRunner::migrate(const Database &database) const
{
    if (auto begun = database.beginWriteTransaction(); !begun)
        return std::unexpected(begun.error());
    if (database.backend() == DatabaseBackend::PostgreSql) {
        if (auto locked = database.exec(u"SELECT pg_advisory_xact_lock(%1)"_s.arg(MigrationLockKey)); !locked) {
            database.rollback();
            return std::unexpected(locked.error());
        }
    }
    auto report = migrateLocked(database);
    if (!report) {
        database.rollback();
        return report;
    }
    if (auto committed = database.commit(); !committed) {
        database.rollback();
        return std::unexpected(committed.error());
    }
    if (report->applied.isEmpty())
        qCInfo(lcServerDb, "schema is current at version %d", report->toVersion);
    else
        qCInfo(lcServerDb, "schema migrated from version %d to %d", report->fromVersion, report->toVersion);
    return report;
}

Result<MigrationReport> MigrationRunner::migrateLocked(const Database &database) const
{
    // The runner's own table, so it exists before migration 1 can be looked up in it. Same
    // DDL on both backends: INTEGER/TEXT/BIGINT mean the same there.
    if (auto created = database.exec(u"CREATE TABLE IF NOT EXISTS schema_version ("
                                     u"version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                                     u"checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)"_s);
        !created)
        return std::unexpected(created.error());

    QHash<int, QString> appliedChecksums;
    MigrationReport report;
    {
        QSqlQuery query(database.connection());
        if (!query.exec(u"SELECT version, checksum FROM schema_version ORDER BY version"_s))
            return fail(u"database_error"_s, tr("Cannot read schema_version: %1").arg(query.lastError().text()));
        while (query.next()) {
            const int version = query.value(0).toInt();
            appliedChecksums.insert(version, query.value(1).toString());
            report.fromVersion = qMax(report.fromVersion, version);
        }
    }
    if (report.fromVersion > latestVersion())
        return fail(u"schema_too_new"_s,
            tr("The database schema is at version %1, newer than the %2 this deskpay-server knows. "
               "Run a deskpay-server at least as new as the one that migrated it.")
                .arg(report.fromVersion)
                .arg(latestVersion()));

    report.toVersion = report.fromVersion;
    for (const Migration &migration : m_migrations) {
        if (const auto applied = appliedChecksums.constFind(migration.version); applied != appliedChecksums.cend()) {
            if (*applied != migration.checksum)
                return fail(u"migration_changed"_s,
                    tr("Migration %1 (%2) was changed after it was applied to this database. Restore "
                       "the original file; changes belong in a new migration.")
                        .arg(migration.version)
                        .arg(migration.name));
            continue;
        }
        if (migration.version < report.fromVersion)
            return fail(u"migration_invalid"_s,
                tr("Migration %1 (%2) is missing from a database already at version %3.")
                    .arg(migration.version)
                    .arg(migration.name)
                    .arg(report.fromVersion));

        const QStringList statements = SqlScript::split(migration.sql);
        for (qsizetype i = 0; i < statements.size(); ++i) {
            QSqlQuery query(database.connection());
            if (!query.exec(statements.at(i)))
                return fail(u"migration_failed"_s,
                    tr("Migration %1 (%2), statement %3 failed: %4")
                        .arg(migration.version)
                        .arg(migration.name)
                        .arg(i + 1)
                        .arg(query.lastError().text()));
        }
        QSqlQuery record(database.connection());
        record.prepare(u"INSERT INTO schema_version (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)"_s);
        record.addBindValue(migration.version);
        record.addBindValue(migration.name);
        record.addBindValue(migration.checksum);
        record.addBindValue(m_clock.now().toMSecsSinceEpoch());
        if (!record.exec())
            return fail(u"migration_failed"_s,
                tr("Cannot record migration %1: %2").arg(migration.version).arg(record.lastError().text()));
        qCInfo(lcServerDb, "applied migration %d (%ls)", migration.version, qUtf16Printable(migration.name));
        report.applied.append(migration.version);
        report.toVersion = migration.version;
    }
    return report;
}

Result<int> MigrationRunner::currentVersion(const Database &database)
{
    QSqlQuery query(database.connection());
    if (!query.exec(u"SELECT MAX(version) FROM schema_version"_s) || !query.next())
        return fail(u"database_unavailable"_s, tr("The database does not answer: %1").arg(query.lastError().text()));
    return query.value(0).toInt();
}

} // namespace deskpay
