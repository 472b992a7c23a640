// Opening PostgreSQL by URL, schema migrations on it, and the server's health on it. Needs the
// throw-away PostgreSQL that `./dev test` starts (DESKPAY_TEST_PG); each run works in a schema
// of its own, dropped at the end.

#include "ResultTesting.h"
#include "TlsTestClient.h"
#include "models/Clock.h"
#include "server/Database.h"
#include "server/MigrationRunner.h"
#include "server/ServerInstance.h"

#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
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

class TestMigrationsPostgres : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void opensByUrl();
    void unreachableServerIsAnError();
    void freshDatabase();
    void rerunIsIdempotent();
    void failedMigrationLeavesNothing();
    void newerSchemaIsRefused();
    void serverReportsPostgres();

private:
    [[nodiscard]] QString schemaUrl() const;
    [[nodiscard]] std::unique_ptr<Database> open(const QString &name = u"pg"_s);
    [[nodiscard]] QList<Migration> builtIn() const
    {
        return MigrationRunner::builtIn(DatabaseBackend::PostgreSql).value();
    }

    QString m_baseUrl;
    QString m_schema;
    std::unique_ptr<Database> m_admin;
    ManualClock m_clock; // starts now: it also dates the server's certificates
};

void TestMigrationsPostgres::initTestCase()
{
    m_baseUrl = qEnvironmentVariable("DESKPAY_TEST_PG");
    if (m_baseUrl.isEmpty())
        QFAIL("DESKPAY_TEST_PG is not set: run through ./dev test (it starts PostgreSQL and sets it)");
    const auto url = DatabaseUrl::parse(m_baseUrl);
    VERIFY_OK(url);
    auto admin = Database::open(*url, u"pg-admin"_s);
    VERIFY_OK(admin);
    m_admin = std::move(*admin);
}

void TestMigrationsPostgres::cleanupTestCase()
{
    m_admin.reset();
}

void TestMigrationsPostgres::init()
{
    // Tests run in parallel against one database: a fresh schema per test function.
    m_schema = u"deskpay_t%1"_s.arg(QRandomGenerator::global()->generate64(), 0, 16);
    QVERIFY(m_admin->exec(u"CREATE SCHEMA %1"_s.arg(m_schema)));
}

void TestMigrationsPostgres::cleanup()
{
    if (m_admin && !m_schema.isEmpty())
        QVERIFY(m_admin->exec(u"DROP SCHEMA %1 CASCADE"_s.arg(m_schema)));
    m_schema.clear();
}

QString TestMigrationsPostgres::schemaUrl() const
{
    return m_baseUrl + (m_baseUrl.contains(u'?') ? u'&' : u'?') + u"schema="_s + m_schema;
}

std::unique_ptr<Database> TestMigrationsPostgres::open(const QString &name)
{
    const auto url = DatabaseUrl::parse(schemaUrl());
    if (!url)
        return nullptr;
    auto database = Database::open(*url, name);
    if (!database) {
        qWarning("%s", qPrintable(database.error().message));
        return nullptr;
    }
    return std::move(*database);
}

void TestMigrationsPostgres::opensByUrl()
{
    const auto database = open();
    QVERIFY(database);
    QCOMPARE(database->backend(), DatabaseBackend::PostgreSql);
    QCOMPARE(scalar(*database, u"SELECT current_schema()"_s).toString(), m_schema);
    QCOMPARE(scalar(*database, u"SHOW TIME ZONE"_s).toString(), u"UTC"_s);
}

void TestMigrationsPostgres::unreachableServerIsAnError()
{
    // A port nothing listens on (bound here, never accepted on).
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost));
    const quint16 port = blocker.serverPort();
    blocker.close();
    const auto url = DatabaseUrl::parse(u"postgresql://deskpay:hunter2@127.0.0.1:%1/x?connect_timeout=2"_s.arg(port));
    QVERIFY(url);
    const auto database = Database::open(*url, u"pg-nowhere"_s);
    QVERIFY(!database);
    QCOMPARE(database.error().code, u"database_unavailable"_s);
    QVERIFY2(!database.error().message.contains(u"hunter2"_s), qPrintable(database.error().message));
    QVERIFY(!QSqlDatabase::contains(u"pg-nowhere"_s)); // nothing left behind
}

void TestMigrationsPostgres::freshDatabase()
{
    const auto database = open();
    QVERIFY(database);
    const MigrationRunner runner(builtIn(), m_clock);
    const auto report = runner.migrate(*database);
    VERIFY_OK(report);
    QCOMPARE(report->fromVersion, 0);
    QCOMPARE(report->toVersion, runner.latestVersion());
    QCOMPARE(MigrationRunner::currentVersion(*database).value(), runner.latestVersion());
    // Tables landed in our schema, not in public.
    QCOMPARE(scalar(*database,
                 u"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '%1' "
                 u"AND table_name IN ('schema_version', 'agents', 'desk_keys')"_s.arg(m_schema))
                 .toInt(),
        3);
    QVERIFY(database->exec(u"INSERT INTO agents (username, display_name, role, desk, password_hash, created_at) "
                           u"VALUES ('li.wei', 'Li Wei', 'agent', 'PEK-T3-07', 'h', 1)"_s));
    QVERIFY(!database->exec(u"INSERT INTO desk_keys (key_id, agent_id, algorithm, public_key, state, created_at) "
                            u"VALUES ('desk-2', 99, 'ed25519', decode(repeat('00', 32), 'hex'), 'pending', 2)"_s));
    QVERIFY(database->exec(u"INSERT INTO desk_keys (key_id, agent_id, algorithm, public_key, state, created_at) "
                           u"SELECT 'desk-1', id, 'ed25519', decode(repeat('00', 32), 'hex'), 'pending', 2 "
                           u"FROM agents WHERE username = 'li.wei'"_s));
}

void TestMigrationsPostgres::rerunIsIdempotent()
{
    {
        const auto database = open();
        QVERIFY(database);
        QVERIFY(MigrationRunner(builtIn(), m_clock).migrate(*database));
    }
    const auto database = open(u"pg-again"_s);
    QVERIFY(database);
    const auto report = MigrationRunner(builtIn(), m_clock).migrate(*database);
    VERIFY_OK(report);
    QVERIFY(report->applied.isEmpty());
    QCOMPARE(scalar(*database, u"SELECT COUNT(*) FROM schema_version"_s).toInt(), int(builtIn().size()));
}

void TestMigrationsPostgres::failedMigrationLeavesNothing()
{
    const auto database = open();
    QVERIFY(database);
    QList<Migration> broken = builtIn();
    broken.append(Migration { int(broken.size()) + 1, u"broken"_s,
        u"CREATE TABLE half (x INTEGER);\nINSERT INTO no_such_table VALUES (1);"_s, u"bad"_s });
    const auto report = MigrationRunner(broken, m_clock).migrate(*database);
    QVERIFY(!report);
    QCOMPARE(report.error().code, u"migration_failed"_s);
    QCOMPARE(
        scalar(*database, u"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '%1'"_s.arg(m_schema))
            .toInt(),
        0);
    // The connection is usable again after the rollback.
    QVERIFY(MigrationRunner(builtIn(), m_clock).migrate(*database));
}

void TestMigrationsPostgres::newerSchemaIsRefused()
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
}

void TestMigrationsPostgres::serverReportsPostgres()
{
    QTemporaryDir dir;
    ServerOptions options;
    options.dataDir = dir.path();
    options.listen = ListenAddress::parse(u"127.0.0.1:0"_s).value();
    options.database = DatabaseUrl::parse(schemaUrl()).value();
    auto instance = ServerInstance::start(options, m_clock);
    VERIFY_OK(instance);
    test::TlsTestClient client((*instance)->caCertificatePath());
    const auto result = client.get(QUrl(u"https://localhost:%1/v1/health"_s.arg((*instance)->port())));
    QVERIFY2(result.error == QNetworkReply::NoError, qPrintable(result.errorString));
    QCOMPARE(result.status, 200);
    QCOMPARE(result.json().value(u"database"_s).toString(), u"postgresql"_s);
    QCOMPARE(result.json().value(u"schemaVersion"_s).toInt(), int(builtIn().size()));
    instance->reset(); // closes its connection before the schema is dropped
}

QTEST_GUILESS_MAIN(TestMigrationsPostgres)
#include "test_MigrationsPostgres.moc"
