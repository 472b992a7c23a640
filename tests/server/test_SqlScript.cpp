// Splitting migration files into statements.

#include "server/SqlScript.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

class TestSqlScript : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void split_data();
    void split();
};

void TestSqlScript::split_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QStringList>("statements");

    QTest::newRow("empty") << QString() << QStringList();
    QTest::newRow("only comments") << u"-- nothing\n/* at all */\n"_s << QStringList();
    QTest::newRow("one without semicolon") << u"SELECT 1"_s << QStringList { u"SELECT 1"_s };
    QTest::newRow("two") << u"CREATE TABLE a (x INTEGER);\nCREATE TABLE b (y TEXT);\n"_s
                         << QStringList { u"CREATE TABLE a (x INTEGER)"_s, u"CREATE TABLE b (y TEXT)"_s };
    QTest::newRow("empty statements dropped") << u";;SELECT 1;;"_s << QStringList { u"SELECT 1"_s };
    QTest::newRow("semicolon in string") << u"INSERT INTO t VALUES ('a;b');SELECT 2;"_s
                                         << QStringList { u"INSERT INTO t VALUES ('a;b')"_s, u"SELECT 2"_s };
    QTest::newRow("doubled quote in string")
        << u"INSERT INTO t VALUES ('it''s; fine');SELECT 2"_s
        << QStringList { u"INSERT INTO t VALUES ('it''s; fine')"_s, u"SELECT 2"_s };
    QTest::newRow("semicolon in identifier")
        << u"CREATE TABLE \"a;b\" (x INTEGER);"_s << QStringList { u"CREATE TABLE \"a;b\" (x INTEGER)"_s };
    QTest::newRow("semicolon in line comment")
        << u"SELECT 1; -- a; b\nSELECT 2;"_s << QStringList { u"SELECT 1"_s, u"SELECT 2"_s };
    QTest::newRow("semicolon in block comment") << u"SELECT /* ; */ 1;"_s << QStringList { u"SELECT   1"_s };
    QTest::newRow("comment marker in string")
        << u"SELECT '--not a comment';"_s << QStringList { u"SELECT '--not a comment'"_s };
    QTest::newRow("dollar-quoted body")
        << u"CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN PERFORM 1; RETURN NEW; END; $$ LANGUAGE plpgsql;\nSELECT 1;"_s
        << QStringList {
               u"CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN PERFORM 1; RETURN NEW; END; $$ LANGUAGE plpgsql"_s,
               u"SELECT 1"_s
           };
    QTest::newRow("tagged dollar quote") << u"SELECT $body$ a; $$ b $body$; SELECT 2"_s
                                         << QStringList { u"SELECT $body$ a; $$ b $body$"_s, u"SELECT 2"_s };
    QTest::newRow("positional parameter is no dollar quote")
        << u"SELECT $1; SELECT 2"_s << QStringList { u"SELECT $1"_s, u"SELECT 2"_s };
    QTest::newRow("sqlite trigger")
        << u"CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET n = n + 1; DELETE FROM c; END;\nSELECT 1;"_s
        << QStringList { u"CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET n = n + 1; DELETE FROM c; END"_s,
               u"SELECT 1"_s };
    QTest::newRow("sqlite trigger with CASE")
        << u"CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET n = CASE WHEN n > 1 THEN 0 ELSE n END; END; SELECT 1"_s
        << QStringList {
               u"CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET n = CASE WHEN n > 1 THEN 0 ELSE n END; END"_s,
               u"SELECT 1"_s
           };
    QTest::newRow("keyword END in a trigger string")
        << u"CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO log VALUES ('END'); END; SELECT 1"_s
        << QStringList { u"CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO log VALUES ('END'); END"_s,
               u"SELECT 1"_s };
    QTest::newRow("BEGIN outside a trigger")
        << u"BEGIN; SELECT 1; END;"_s << QStringList { u"BEGIN"_s, u"SELECT 1"_s, u"END"_s };
}

void TestSqlScript::split()
{
    QFETCH(QString, script);
    QFETCH(QStringList, statements);
    QCOMPARE(SqlScript::split(script), statements);
}

QTEST_GUILESS_MAIN(TestSqlScript)
#include "test_SqlScript.moc"
