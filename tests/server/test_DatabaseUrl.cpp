// Parsing --database URLs for SQLite and PostgreSQL.

#include "ResultTesting.h"
#include "server/DatabaseUrl.h"

#include <QDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

class TestDatabaseUrl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sqlite_data();
    void sqlite();
    void postgres();
    void postgresDefaultsAndSocket();
    void rejected_data();
    void rejected();
    void displayHidesPassword();
};

void TestDatabaseUrl::sqlite_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("path");
    QTest::newRow("absolute") << u"sqlite:/var/lib/deskpay/db.sqlite"_s << u"/var/lib/deskpay/db.sqlite"_s;
    QTest::newRow("triple slash") << u"sqlite:///var/lib/deskpay/db.sqlite"_s << u"/var/lib/deskpay/db.sqlite"_s;
    QTest::newRow("relative") << u"sqlite:data/db.sqlite"_s << QDir::current().absoluteFilePath(u"data/db.sqlite"_s);
}

void TestDatabaseUrl::sqlite()
{
    QFETCH(QString, text);
    QFETCH(QString, path);
    const auto url = DatabaseUrl::parse(text);
    VERIFY_OK(url);
    QCOMPARE(url->backend, DatabaseBackend::Sqlite);
    QCOMPARE(url->path, path);
    QCOMPARE(url->toDisplayString(), u"sqlite:"_s + path);
}

void TestDatabaseUrl::postgres()
{
    const auto url = DatabaseUrl::parse(
        u"postgresql://deskpay:s%40cret@db.example:54321/deskpay_test?schema=tenant_a&sslmode=require&connect_timeout=3"_s);
    VERIFY_OK(url);
    QCOMPARE(url->backend, DatabaseBackend::PostgreSql);
    QCOMPARE(url->user, u"deskpay"_s);
    QCOMPARE(url->password, u"s@cret"_s);
    QCOMPARE(url->host, u"db.example"_s);
    QCOMPARE(url->port, 54321);
    QCOMPARE(url->databaseName, u"deskpay_test"_s);
    QCOMPARE(url->schema, u"tenant_a"_s);
    QCOMPARE(url->sslMode, u"require"_s);
    QCOMPARE(url->connectTimeoutSecs, 3);
}

void TestDatabaseUrl::postgresDefaultsAndSocket()
{
    const auto url = DatabaseUrl::parse(u"postgres:///deskpay?host=/var/run/postgresql"_s);
    VERIFY_OK(url);
    QCOMPARE(url->backend, DatabaseBackend::PostgreSql);
    QCOMPARE(url->host, u"/var/run/postgresql"_s);
    QCOMPARE(url->port, 5432);
    QCOMPARE(url->databaseName, u"deskpay"_s);
    QCOMPARE(url->connectTimeoutSecs, 10);
}

void TestDatabaseUrl::rejected_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("sqlite without path") << u"sqlite:"_s;
    QTest::newRow("sqlite with host") << u"sqlite://host/db"_s;
    QTest::newRow("mysql") << u"mysql://u@h/db"_s;
    QTest::newRow("plain path") << u"/tmp/db.sqlite"_s;
    QTest::newRow("no database") << u"postgresql://u@h:5432/"_s;
    QTest::newRow("nested path") << u"postgresql://u@h/a/b"_s;
    QTest::newRow("unknown parameter") << u"postgresql://u@h/db?pool=5"_s;
    QTest::newRow("bad schema") << u"postgresql://u@h/db?schema=Robert%22;DROP"_s;
    QTest::newRow("bad sslmode") << u"postgresql://u@h/db?sslmode=maybe"_s;
    QTest::newRow("bad timeout") << u"postgresql://u@h/db?connect_timeout=0"_s;
    QTest::newRow("bad port") << u"postgresql://u@h:99999/db"_s;
}

void TestDatabaseUrl::rejected()
{
    QFETCH(QString, text);
    const auto url = DatabaseUrl::parse(text);
    QVERIFY(!url);
    QCOMPARE(url.error().code, u"bad_database_url"_s);
    QCOMPARE(url.error().field, u"database"_s);
    QVERIFY(!url.error().message.isEmpty());
}

void TestDatabaseUrl::displayHidesPassword()
{
    const auto url = DatabaseUrl::parse(u"postgresql://deskpay:topsecret@127.0.0.1:5432/db?schema=s1"_s);
    QVERIFY(url);
    const QString shown = url->toDisplayString();
    QVERIFY2(!shown.contains(u"topsecret"_s), qPrintable(shown));
    QCOMPARE(shown, u"postgresql://deskpay@127.0.0.1:5432/db?schema=s1"_s);
    // A rejected URL's message must not echo the password either.
    const auto bad = DatabaseUrl::parse(u"postgresx://deskpay:topsecret@h/db"_s);
    QVERIFY(!bad);
    QVERIFY2(!bad.error().message.contains(u"topsecret"_s), qPrintable(bad.error().message));
}

QTEST_GUILESS_MAIN(TestDatabaseUrl)
#include "test_DatabaseUrl.moc"
