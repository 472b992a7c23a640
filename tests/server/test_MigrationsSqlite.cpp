// Schema migrations on SQLite: fresh database, re-run, upgrade, rollback, and refusals.

#include "ResultTesting.h"
#include "models/Clock.h"
#include "server/Database.h"
#include "server/MigrationRunner.h"
#include "server/ServerInstance.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

namespace {

QVariant scalar(const Database &database, const QString &sql)
{
    QSqlQuery query(database.connection());
    if (!query.exec(sql) || !query.next())
        return {};
    return query.value(0);
}

} // namespace

class TestMigrationsSqlite : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void builtInMigrationsMatchAcrossBackends();
    void connectionSettings();
    void freshDatabase();
    void rerunIsIdempotent();
    void laterMigrationUpgrades();
    void failedMigrationLeavesNothing();
    void newerSchemaIsRefused();
    void serverRefusesNewerSchema();
    void changedMigrationIsRefused();
    void directoryRules_data();
    void directoryRules();

private:
    [[nodiscard]] std::unique_ptr<Database> open(const QString &name = u"test"_s);
    [[nodiscard]] QList<Migration> builtIn() const { return MigrationRunner::builtIn(DatabaseBackend::Sqlite).value(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    ManualClock m_clock { QDateTime(QDate(2025, 3, 1), QTime(8, 0), Qt::UTC) };
};

void TestMigrationsSqlite::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestMigrationsSqlite::cleanup()
{
    m_dir.reset();
}

std::unique_ptr<Database> TestMigrationsSqlite::open(const QString &name)
{
    auto database = Database::open(DatabaseUrl::sqliteFile(m_dir->filePath(u"db/deskpay.sqlite"_s)), name);
    if (!database) {
        qWarning("%s", qPrintable(database.error().message));
        return nullptr;
    }
    return std::move(*database);
}

void TestMigrationsSqlite::builtInMigrationsMatchAcrossBackends()
{
    const auto sqlite = MigrationRunner::builtIn(DatabaseBackend::Sqlite);
    const auto postgres = MigrationRunner::builtIn(DatabaseBackend::PostgreSql);
    VERIFY_OK(sqlite);
    VERIFY_OK(postgres);
    QVERIFY(!sqlite->isEmpty());
    QCOMPARE(sqlite->size(), postgres->size());
    for (qsizetype i = 0; i < sqlite->size(); ++i) {
        QCOMPARE(sqlite->at(i).version, postgres->at(i).version);
        QCOMPARE(sqlite->at(i).name, postgres->at(i).name);
    }
}

void TestMigrationsSqlite::connectionSettings()
{
    const auto database = open();
    QVERIFY(database);
    QVERIFY(QFileInfo::exists(m_dir->filePath(u"db/deskpay.sqlite"_s))); // the folder was created
    QCOMPARE(scalar(*database, u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
    QCOMPARE(scalar(*database, u"PRAGMA foreign_keys"_s).toInt(), 1);
    // A second connection of the same name is refused instead of silently replacing the first.
    const auto twin = Database::open(DatabaseUrl::sqliteFile(m_dir->filePath(u"x.sqlite"_s)), u"test"_s);
    QVERIFY(!twin);
    QCOMPARE(twin.error().code, u"database_connection_exists"_s);
}

void TestMigrationsSqlite::freshDatabase()
{
    const auto database = open();
    QVERIFY(database);
    const MigrationRunner runner(builtIn(), m_clock);
    const auto report = runner.migrate(*database);
    VERIFY_OK(report);
    QCOMPARE(report->fromVersion, 0);
    QCOMPARE(report->toVersion, runner.latestVersion());
    QCOMPARE(report->applied.size(), runner.latestVersion());
    QCOMPARE(MigrationRunner::currentVersion(*database).value(), runner.latestVersion());
    QCOMPARE(scalar(*database, u"SELECT applied_at FROM schema_version WHERE version = 1"_s).toLongLong(),
        m_clock.now().toMSecsSinceEpoch());
    QCOMPARE(scalar(*database, u"SELECT checksum FROM schema_version WHERE version = 1"_s).toString(),
        builtIn().constFirst().checksum);

    // The tables are real: constraints hold.
    QVERIFY(database->exec(u"INSERT INTO agents (username, display_name, role, desk, password_hash, created_at) "
                           u"VALUES ('li.wei', 'Li Wei', 'agent', 'PEK-T3-07', '$scrypt$…', 1)"_s));
    QVERIFY(!database->exec(u"INSERT INTO agents (username, display_name, role, desk, password_hash, created_at) "
                            u"VALUES ('LI.WEI', 'Li Wei', 'agent', 'PEK', 'x', 1)"_s)); // not lower-case
    QVERIFY(!database->exec(u"INSERT INTO agents (username, display_name, role, desk, password_hash, created_at) "
                            u"VALUES ('boss', 'Boss', 'admin', 'PEK', 'x', 1)"_s)); // unknown role
    QVERIFY(database->exec(u"INSERT INTO desk_keys (key_id, agent_id, algorithm, public_key, state, created_at) "
                           u"VALUES ('desk-1', 1, 'ed25519', zeroblob(32), 'pending', 2)"_s));
    QVERIFY(!database->exec(u"INSERT INTO desk_keys (key_id, agent_id, algorithm, public_key, state, created_at) "
                            u"VALUES ('desk-2', 99, 'ed25519', zeroblob(32), 'pending', 2)"_s)); // foreign key
    QVERIFY(!database->exec(u"INSERT INTO desk_keys (key_id, agent_id, algorithm, public_key, state, created_at) "
                            u"VALUES ('desk-3', 1, 'ed25519', zeroblob(31), 'pending', 2)"_s)); // key length
    QVERIFY(!database->exec(u"UPDATE desk_keys SET state = 'approved' WHERE key_id = 'desk-1'"_s)); // no approver
    QVERIFY(!database->exec(u"INSERT INTO agents (username, display_name, role, desk, password_hash, created_at) "
                            u"VALUES ('x', 'X', 'agent', 'PEK', 'x', 'yesterday')"_s)); // STRICT types
}

void TestMigrationsSqlite::rerunIsIdempotent()
{
    {
        const auto database = open();
        QVERIFY(database);
        QVERIFY(MigrationRunner(builtIn(), m_clock).migrate(*database));
        QVERIFY(database->exec(u"INSERT INTO agents (username, display_name, role, desk, password_hash, created_at) "
                               u"VALUES ('li.wei', 'Li Wei', 'agent', 'PEK-T3-07', 'h', 1)"_s));
    }
    const auto database = open(u"again"_s);
    QVERIFY(database);
    const MigrationRunner runner(builtIn(), m_clock);
    const auto report = runner.migrate(*database);
    VERIFY_OK(report);
    QVERIFY(report->applied.isEmpty());
    QCOMPARE(report->fromVersion, runner.latestVersion());
    QCOMPARE(report->toVersion, runner.latestVersion());
    QCOMPARE(scalar(*database, u"SELECT COUNT(*) FROM schema_version"_s).toInt(), runner.latestVersion());
    QCOMPARE(scalar(*database, u"SELECT COUNT(*) FROM agents"_s).toInt(), 1); // data kept
}

void TestMigrationsSqlite::laterMigrationUpgrades()
{
    const auto database = open();
    QVERIFY(database);
    QVERIFY(MigrationRunner(builtIn(), m_clock).migrate(*database));
    QList<Migration> next = builtIn();
    next.append(Migration { int(next.size()) + 1, u"notes"_s,
        u"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT;\n"
        u"INSERT INTO notes (body) VALUES ('first; with a semicolon');"_s,
        u"c0ffee"_s });
    const auto report = MigrationRunner(next, m_clock).migrate(*database);
    VERIFY_OK(report);
    QCOMPARE(report->applied, QList<int> { int(next.size()) });
    QCOMPARE(scalar(*database, u"SELECT body FROM notes"_s).toString(), u"first; with a semicolon"_s);
}

void TestMigrationsSqlite::failedMigrationLeavesNothing()
{
    const auto database = open();
    QVERIFY(database);
    QList<Migration> broken = builtIn();
    broken.append(Migration { int(broken.size()) + 1, u"broken"_s,
        u"CREATE TABLE half (x INTEGER);\nINSERT INTO no_such_table VALUES (1);"_s, u"bad"_s });
    const auto report = MigrationRunner(broken, m_clock).migrate(*database);
    QVERIFY(!report);
    QCOMPARE(report.error().code, u"migration_failed"_s);
    QVERIFY2(report.error().message.contains(u"broken"_s), qPrintable(report.error().message));
    // One transaction: not even the earlier, good migrations stayed.
    QVERIFY(!scalar(*database, u"SELECT COUNT(*) FROM sqlite_master WHERE name IN ('half', 'agents')"_s).toInt());
    const auto good = MigrationRunner(builtIn(), m_clock).migrate(*database);
    VERIFY_OK(good);
    QCOMPARE(good->fromVersion, 0);
}

void TestMigrationsSqlite::newerSchemaIsRefused()
{
    const auto database = open();
    QVERIFY(database);
    const MigrationRunner runner(builtIn(), m_clock);
    QVERIFY(runner.migrate(*database));
    QVERIFY(database->exec(
        u"INSERT INTO schema_version VALUES (%1, 'from_the_future', 'x', 0)"_s.arg(runner.latestVersion() + 1)));
    const auto report = runner.migrate(*database);
    QVERIFY(!report);
    QCOMPARE(report.error().code, u"schema_too_new"_s);
    QVERIFY(report.error().message.contains(QString::number(runner.latestVersion() + 1)));
}

void TestMigrationsSqlite::serverRefusesNewerSchema()
{
    {
        const auto database = open();
        QVERIFY(database);
        QVERIFY(MigrationRunner(builtIn(), m_clock).migrate(*database));
        QVERIFY(database->exec(u"INSERT INTO schema_version VALUES (9999, 'from_the_future', 'x', 0)"_s));
    }
    ServerOptions options;
    options.dataDir = m_dir->path();
    options.listen = ListenAddress::parse(u"127.0.0.1:0"_s).value();
    options.database = DatabaseUrl::sqliteFile(m_dir->filePath(u"db/deskpay.sqlite"_s));
    const auto instance = ServerInstance::start(options, m_clock);
    QVERIFY(!instance);
    QCOMPARE(instance.error().code, u"schema_too_new"_s);
}

void TestMigrationsSqlite::changedMigrationIsRefused()
{
    const auto database = open();
    QVERIFY(database);
    QVERIFY(MigrationRunner(builtIn(), m_clock).migrate(*database));
    QList<Migration> edited = builtIn();
    edited.first().sql += u"\n-- an innocent edit"_s;
    edited.first().checksum = u"0123"_s;
    const auto report = MigrationRunner(edited, m_clock).migrate(*database);
    QVERIFY(!report);
    QCOMPARE(report.error().code, u"migration_changed"_s);
}

void TestMigrationsSqlite::directoryRules_data()
{
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<QString>("error");
    QTest::newRow("in order") << QStringList { u"0001_a.sql"_s, u"0002_b.sql"_s } << QString();
    QTest::newRow("gap") << QStringList { u"0001_a.sql"_s, u"0003_c.sql"_s } << u"migration_invalid"_s;
    QTest::newRow("not from 1") << QStringList { u"0002_b.sql"_s } << u"migration_invalid"_s;
    QTest::newRow("bad name") << QStringList { u"0001_a.sql"_s, u"2_b.sql"_s } << u"migration_invalid"_s;
    QTest::newRow("duplicate version") << QStringList { u"0001_a.sql"_s, u"0001_b.sql"_s } << u"migration_invalid"_s;
}

void TestMigrationsSqlite::directoryRules()
{
    QFETCH(QStringList, files);
    QFETCH(QString, error);
    const QString folder = m_dir->filePath(u"migrations"_s);
    QVERIFY(QDir().mkpath(folder));
    for (const QString &name : files) {
        QFile file(QDir(folder).filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("SELECT 1;");
    }
    const auto migrations = MigrationRunner::fromDirectory(folder);
    if (error.isEmpty()) {
        VERIFY_OK(migrations);
        QCOMPARE(migrations->size(), files.size());
    } else {
        QVERIFY(!migrations);
        QCOMPARE(migrations.error().code, error);
    }
}

QTEST_GUILESS_MAIN(TestMigrationsSqlite)
#include "test_MigrationsSqlite.moc"
