// A QtSql (QPSQL) round trip on the throw-away PostgreSQL that `./dev test` starts
// (its URL in DESKPAY_TEST_PG): bound values, unicode, NULL, and a rollback that rolls back.

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace deskpay {

class TestPostgresRoundtrip : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void insertAndSelect_data();
    void insertAndSelect();
    void rollbackRollsBack();
    void cleanupTestCase();

private:
    [[nodiscard]] QSqlDatabase db() const { return QSqlDatabase::database(m_connection); }

    QString m_connection = u"deskpay_pg_test"_s;
    // Unique per run, and a TEMP table besides, so parallel runs never meet.
    QString m_table = u"deskpay_rt_"_s + QUuid::createUuid().toString(QUuid::Id128).left(12);
};

void TestPostgresRoundtrip::initTestCase()
{
    const QString value = qEnvironmentVariable("DESKPAY_TEST_PG");
    if (value.isEmpty())
        QFAIL("DESKPAY_TEST_PG is not set: run this test through `./dev test` (or `./dev services -- ctest ...`), "
              "which starts a throw-away PostgreSQL and sets DESKPAY_TEST_PG=postgresql://user@host:port/db.");
    const QUrl url(value, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"postgresql"_s && url.scheme() != u"postgres"_s))
        QFAIL(qPrintable(u"DESKPAY_TEST_PG is not a postgresql:// URL: "_s + value));
    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s))
        QFAIL("The Qt PostgreSQL driver (QPSQL) is missing: install libqt6sql6-psql.");

    QSqlDatabase database = QSqlDatabase::addDatabase(u"QPSQL"_s, m_connection);
    // libpq's form for a Unix socket folder, postgresql://user@/db?host=/run/pg, is accepted too.
    const QString socketHost = QUrlQuery(url).queryItemValue(u"host"_s, QUrl::FullyDecoded);
    database.setHostName(socketHost.isEmpty() ? url.host() : socketHost);
    database.setPort(url.port(5432));
    database.setUserName(url.userName());
    database.setPassword(url.password());
    database.setDatabaseName(url.path().mid(1));
    QVERIFY2(database.open(),
        qPrintable(u"cannot connect to "_s + url.toDisplayString(QUrl::RemovePassword) + u": "_s
            + database.lastError().text()));

    QSqlQuery query(database);
    QVERIFY2(query.exec(u"CREATE TEMP TABLE %1 (id BIGINT PRIMARY KEY, name TEXT NOT NULL, note TEXT, "
                        u"amount_minor BIGINT, created TIMESTAMPTZ)"_s.arg(m_table)),
        qPrintable(query.lastError().text()));
}

void TestPostgresRoundtrip::insertAndSelect_data()
{
    QTest::addColumn<qint64>("id");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QVariant>("note");
    QTest::addColumn<QVariant>("amount");

    QTest::newRow("ascii") << qint64(1) << u"ZHANG/SAN"_s << QVariant(u"window seat"_s) << QVariant(qint64(123456));
    QTest::newRow("chinese") << qint64(2) << u"张三"_s << QVariant(u"改签，升舱"_s) << QVariant(qint64(-5));
    QTest::newRow("emoji and accents") << qint64(3) << u"Zoë Ñúñez 🛫"_s << QVariant(u"Ü\u00a0ß"_s)
                                       << QVariant(std::numeric_limits<qint64>::max());
    QTest::newRow("nulls") << qint64(4) << u"NULL"_s << QVariant(QMetaType(QMetaType::QString))
                           << QVariant(QMetaType(QMetaType::LongLong));
    QTest::newRow("quote injection") << qint64(5) << u"O'Brien'); DROP TABLE x; --"_s << QVariant(u"\"'\\"_s)
                                     << QVariant(qint64(0));
}

void TestPostgresRoundtrip::insertAndSelect()
{
    QFETCH(qint64, id);
    QFETCH(QString, name);
    QFETCH(QVariant, note);
    QFETCH(QVariant, amount);
    const QDateTime created = QDateTime(QDate(2026, 3, 4), QTime(5, 6, 7), Qt::UTC);

    QSqlQuery insert(db());
    QVERIFY(insert.prepare(
        u"INSERT INTO %1 (id, name, note, amount_minor, created) VALUES (?, ?, ?, ?, ?)"_s.arg(m_table)));
    insert.addBindValue(id);
    insert.addBindValue(name);
    insert.addBindValue(note);
    insert.addBindValue(amount);
    insert.addBindValue(created);
    QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
    QCOMPARE(insert.numRowsAffected(), 1);

    QSqlQuery select(db());
    QVERIFY(
        select.prepare(u"SELECT name, note, amount_minor, created, length(name) FROM %1 WHERE id = ?"_s.arg(m_table)));
    select.addBindValue(id);
    QVERIFY2(select.exec(), qPrintable(select.lastError().text()));
    QVERIFY(select.next());
    QCOMPARE(select.value(0).toString(), name);
    QCOMPARE(select.value(1).isNull(), note.isNull());
    if (!note.isNull())
        QCOMPARE(select.value(1).toString(), note.toString());
    QCOMPARE(select.value(2).isNull(), amount.isNull());
    if (!amount.isNull())
        QCOMPARE(select.value(2).toLongLong(), amount.toLongLong());
    QCOMPARE(select.value(3).toDateTime().toUTC(), created);
    // The server counted characters, not bytes: the text arrived as UTF-8 and was stored as such.
    QCOMPARE(select.value(4).toInt(), name.toUcs4().size());
    QVERIFY(!select.next());
}

void TestPostgresRoundtrip::rollbackRollsBack()
{
    QSqlDatabase database = db();
    QSqlQuery count(database);
    QVERIFY(count.exec(u"SELECT count(*) FROM %1"_s.arg(m_table)));
    QVERIFY(count.next());
    const int before = count.value(0).toInt();

    QVERIFY2(database.transaction(), qPrintable(database.lastError().text()));
    QSqlQuery insert(database);
    QVERIFY(insert.prepare(u"INSERT INTO %1 (id, name) VALUES (?, ?)"_s.arg(m_table)));
    insert.addBindValue(qint64(100));
    insert.addBindValue(u"rolled back"_s);
    QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
    QSqlQuery update(database);
    QVERIFY(update.exec(u"UPDATE %1 SET name = 'changed' WHERE id = 1"_s.arg(m_table)));

    QSqlQuery inside(database);
    QVERIFY(inside.exec(u"SELECT count(*) FROM %1"_s.arg(m_table)));
    QVERIFY(inside.next());
    QCOMPARE(inside.value(0).toInt(), before + 1); // visible inside the transaction
    QVERIFY2(database.rollback(), qPrintable(database.lastError().text()));

    QVERIFY(count.exec(u"SELECT count(*) FROM %1"_s.arg(m_table)));
    QVERIFY(count.next());
    QCOMPARE(count.value(0).toInt(), before);
    QSqlQuery check(database);
    QVERIFY(check.exec(u"SELECT name FROM %1 WHERE id = 1"_s.arg(m_table)));
    QVERIFY(check.next());
    QCOMPARE(check.value(0).toString(), u"ZHANG/SAN"_s);

    // A failing statement inside a transaction must not leave a half-applied change behind.
    QVERIFY(database.transaction());
    QSqlQuery good(database);
    QVERIFY(good.exec(u"INSERT INTO %1 (id, name) VALUES (200, 'first')"_s.arg(m_table)));
    QSqlQuery duplicate(database);
    QVERIFY(!duplicate.exec(u"INSERT INTO %1 (id, name) VALUES (200, 'again')"_s.arg(m_table)));
    QCOMPARE(duplicate.lastError().nativeErrorCode(), u"23505"_s); // unique_violation
    QVERIFY(database.rollback());
    QVERIFY(check.exec(u"SELECT count(*) FROM %1 WHERE id = 200"_s.arg(m_table)));
    QVERIFY(check.next());
    QCOMPARE(check.value(0).toInt(), 0);
}

void TestPostgresRoundtrip::cleanupTestCase()
{
    {
        QSqlDatabase database = db();
        if (database.isOpen()) {
            QSqlQuery drop(database);
            QVERIFY2(drop.exec(u"DROP TABLE %1"_s.arg(m_table)), qPrintable(drop.lastError().text()));
            QSqlQuery gone(database);
            QVERIFY(gone.exec(u"SELECT to_regclass('pg_temp.%1') IS NULL"_s.arg(m_table)));
            QVERIFY(gone.next());
            QVERIFY(gone.value(0).toBool());
            database.close();
        }
    }
    QSqlDatabase::removeDatabase(m_connection);
}

} // namespace deskpay

QTEST_GUILESS_MAIN(deskpay::TestPostgresRoundtrip)
#include "test_PostgresRoundtrip.moc"
