// AirportTable: the bundled table loads fast, every zone is one QTimeZone knows, lookups and
// completer search behave, and malformed tables are refused with specific errors.

#include "models/AirportTable.h"

#include <QElapsedTimer>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

class TestAirportTable : public QObject
{
    Q_OBJECT

private:
    AirportTable m_table;

private Q_SLOTS:
    void initTestCase()
    {
        QElapsedTimer timer;
        timer.start();
        Result<AirportTable> table = AirportTable::loadBundled();
        const qint64 firstMs = timer.elapsed();
        QVERIFY2(table.has_value(), qPrintable(table ? QString() : table.error().message));
        m_table = *table;

        // The budget is 50 ms on a developer machine; the bound here is looser so a busy CI
        // box does not fail it, yet a quadratic or per-row-QTimeZone loader would.
        timer.restart();
        constexpr int rounds = 5;
        for (int i = 0; i < rounds; ++i)
            QVERIFY(AirportTable::loadBundled().has_value());
        const double averageMs = double(timer.elapsed()) / rounds;
        qInfo("bundled airport table: %lld airports, first load %lld ms, average %.1f ms", qlonglong(m_table.size()),
            qlonglong(firstMs), averageMs);
        QVERIFY2(averageMs < 100, qPrintable(u"loading took %1 ms"_s.arg(averageMs)));
    }

    void bundledTableIsComplete()
    {
        QVERIFY(m_table.size() > 8000);
        const QList<Airport> &all = m_table.airports();
        for (qsizetype i = 1; i < all.size(); ++i)
            QVERIFY2(all[i - 1].iata < all[i].iata, qPrintable(all[i].iata));
    }

    void everyTimeZoneIsKnownToQt()
    {
        QSet<QByteArray> checked;
        for (const Airport &a : m_table.airports()) {
            if (checked.contains(a.timeZoneId))
                continue;
            checked.insert(a.timeZoneId);
            QVERIFY2(QTimeZone(a.timeZoneId).isValid(), a.timeZoneId.constData());
        }
        QVERIFY(checked.size() > 300);
    }

    void lookup_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("found");
        QTest::addColumn<QString>("city");
        QTest::addColumn<QString>("country");
        QTest::addColumn<QByteArray>("zone");

        QTest::newRow("PEK") << u"PEK"_s << true << u"Beijing"_s << u"CN"_s << "Asia/Shanghai"_ba;
        QTest::newRow("PKX") << u"PKX"_s << true << u"Beijing"_s << u"CN"_s << "Asia/Shanghai"_ba;
        QTest::newRow("HKG") << u"HKG"_s << true << u"Hong Kong"_s << u"HK"_s << "Asia/Hong_Kong"_ba;
        QTest::newRow("KWI") << u"KWI"_s << true << u"Kuwait City"_s << u"KW"_s << "Asia/Kuwait"_ba;
        QTest::newRow("JFK") << u"JFK"_s << true << u"New York City"_s << u"US"_s << "America/New_York"_ba;
        QTest::newRow("ZRH non-ASCII city") << u"ZRH"_s << true << u"Zürich"_s << u"CH"_s << "Europe/Zurich"_ba;
        QTest::newRow("APW") << u"APW"_s << true << u"Apia"_s << u"WS"_s << "Pacific/Apia"_ba;
        QTest::newRow("first row") << u"AAA"_s << true << u"Anaa"_s << u"PF"_s << "Pacific/Tahiti"_ba;
        QTest::newRow("unknown") << u"QQQ"_s << false << QString() << QString() << QByteArray();
        QTest::newRow("lower case is not a code") << u"pek"_s << false << QString() << QString() << QByteArray();
        QTest::newRow("empty") << QString() << false << QString() << QString() << QByteArray();
        QTest::newRow("too long") << u"PEKX"_s << false << QString() << QString() << QByteArray();
        QTest::newRow("before first") << u"AA"_s << false << QString() << QString() << QByteArray();
        QTest::newRow("after last") << u"ZZZZ"_s << false << QString() << QString() << QByteArray();
    }
    void lookup()
    {
        QFETCH(QString, code);
        QFETCH(bool, found);
        QFETCH(QString, city);
        QFETCH(QString, country);
        QFETCH(QByteArray, zone);

        const Airport *a = m_table.find(code);
        QCOMPARE(a != nullptr, found);
        QCOMPARE(m_table.contains(code), found);
        QCOMPARE(m_table.timeZone(code).isValid(), found);
        if (!found)
            return;
        QCOMPARE(a->iata, code);
        QCOMPARE(a->city, city);
        QCOMPARE(a->country, country);
        QCOMPARE(a->timeZoneId, zone);
        QCOMPARE(m_table.timeZone(code).id(), zone);
    }

    void timeZoneOffsets_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QDateTime>("utc");
        QTest::addColumn<int>("offsetSecs");
        QTest::newRow("PEK no DST") << u"PEK"_s << QDateTime(QDate(2025, 7, 1), QTime(0, 0), Qt::UTC) << 8 * 3600;
        QTest::newRow("FRA winter") << u"FRA"_s << QDateTime(QDate(2025, 1, 15), QTime(12, 0), Qt::UTC) << 3600;
        QTest::newRow("FRA summer") << u"FRA"_s << QDateTime(QDate(2025, 7, 15), QTime(12, 0), Qt::UTC) << 7200;
        QTest::newRow("SYD southern summer")
            << u"SYD"_s << QDateTime(QDate(2025, 1, 15), QTime(0, 0), Qt::UTC) << 11 * 3600;
        QTest::newRow("SYD southern winter")
            << u"SYD"_s << QDateTime(QDate(2025, 7, 15), QTime(0, 0), Qt::UTC) << 10 * 3600;
        QTest::newRow("JFK summer") << u"JFK"_s << QDateTime(QDate(2025, 7, 15), QTime(0, 0), Qt::UTC) << -4 * 3600;
        QTest::newRow("KWI") << u"KWI"_s << QDateTime(QDate(2025, 7, 15), QTime(0, 0), Qt::UTC) << 3 * 3600;
    }
    void timeZoneOffsets()
    {
        QFETCH(QString, code);
        QFETCH(QDateTime, utc);
        QFETCH(int, offsetSecs);
        QCOMPARE(m_table.timeZone(code).offsetFromUtc(utc), offsetSecs);
    }

    void search_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<int>("limit");
        QTest::addColumn<QStringList>("mustStartWith"); // the first results, in order
        QTest::addColumn<QStringList>("mustContain"); // anywhere in the results
        QTest::addColumn<QStringList>("mustNotContain");

        QTest::newRow("exact code first")
            << u"PEK"_s << 20 << QStringList { u"PEK"_s } << QStringList {} << QStringList {};
        QTest::newRow("code case-insensitive")
            << u"pek"_s << 20 << QStringList { u"PEK"_s } << QStringList {} << QStringList {};
        QTest::newRow("code prefix in code order") << u"PE"_s << 3 << QStringList { u"PEA"_s, u"PEC"_s, u"PED"_s }
                                                   << QStringList {} << QStringList { u"PEK"_s };
        QTest::newRow("city") << u"beijing"_s << 20 << QStringList { u"NAY"_s, u"PEK"_s, u"PKX"_s } << QStringList {}
                              << QStringList {};
        QTest::newRow("city without accent")
            << u"zur"_s << 50 << QStringList {} << QStringList { u"ZRH"_s } << QStringList {};
        QTest::newRow("city with accent")
            << u"Zür"_s << 50 << QStringList {} << QStringList { u"ZRH"_s } << QStringList {};
        QTest::newRow("accented city typed plain")
            << u"sao paulo"_s << 50 << QStringList {} << QStringList { u"GRU"_s, u"CGH"_s } << QStringList {};
        QTest::newRow("word of the name")
            << u"capital"_s << 50 << QStringList {} << QStringList { u"PEK"_s } << QStringList {};
        QTest::newRow("middle of a word does not match")
            << u"apital"_s << 50 << QStringList {} << QStringList {} << QStringList { u"PEK"_s };
        QTest::newRow("surrounding space ignored")
            << u"  HKG "_s << 5 << QStringList { u"HKG"_s } << QStringList {} << QStringList {};
    }
    void search()
    {
        QFETCH(QString, prefix);
        QFETCH(int, limit);
        QFETCH(QStringList, mustStartWith);
        QFETCH(QStringList, mustContain);
        QFETCH(QStringList, mustNotContain);

        const QList<Airport> found = m_table.search(prefix, limit);
        QVERIFY(found.size() <= limit);
        QStringList codes;
        for (const Airport &a : found)
            codes.append(a.iata);
        QVERIFY2(codes.size() >= mustStartWith.size(), qPrintable(codes.join(u' ')));
        QCOMPARE(codes.mid(0, mustStartWith.size()), mustStartWith);
        for (const QString &c : mustContain)
            QVERIFY2(codes.contains(c), qPrintable(c + u" not in "_s + codes.join(u' ')));
        for (const QString &c : mustNotContain)
            QVERIFY2(!codes.contains(c), qPrintable(c + u" in "_s + codes.join(u' ')));
    }

    void searchNothing()
    {
        QVERIFY(m_table.search(u"").isEmpty());
        QVERIFY(m_table.search(u"   ").isEmpty());
        QVERIFY(m_table.search(u"PEK", 0).isEmpty());
        QVERIFY(m_table.search(u"qqqqqq").isEmpty());
    }

    void searchIsQuickEnoughForAKeystroke()
    {
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 10; ++i)
            QVERIFY(!m_table.search(u"in").isEmpty());
        qInfo("search: %.1f ms per keystroke", double(timer.elapsed()) / 10);
        QVERIFY(timer.elapsed() < 10 * 100);
    }

    void copiesShareData()
    {
        const AirportTable copy = m_table;
        QCOMPARE(copy.find(u"PEK"), m_table.find(u"PEK"));
    }

    void emptyTable()
    {
        const AirportTable empty;
        QVERIFY(empty.isEmpty());
        QVERIFY(empty.find(u"PEK") == nullptr);
        QVERIFY(!empty.timeZone(u"PEK").isValid());
        QVERIFY(empty.search(u"PEK").isEmpty());
    }

    void fromTsv_data()
    {
        QTest::addColumn<QByteArray>("tsv");
        QTest::addColumn<QString>("error");
        QTest::addColumn<int>("size");

        QTest::newRow("minimal") << "PEK\tAsia/Shanghai\tBeijing Capital\tBeijing\tCN\n"_ba << QString() << 1;
        QTest::newRow("comments, CRLF, no final newline")
            << "# header\r\nSHA\tAsia/Shanghai\tHongqiao\tShanghai\tCN\r\n\r\nPEK\tAsia/Shanghai\tCapital\tBeijing\tCN"_ba
            << QString() << 2;
        QTest::newRow("empty fields allowed") << "PEK\tAsia/Shanghai\t\t\t\n"_ba << QString() << 1;
        QTest::newRow("nothing") << QByteArray() << u"airport_table_empty"_s << 0;
        QTest::newRow("only comments") << "# a\n# b\n"_ba << u"airport_table_empty"_s << 0;
        QTest::newRow("four fields") << "PEK\tAsia/Shanghai\tCapital\tBeijing\n"_ba << u"airport_table_format"_s << 0;
        QTest::newRow("six fields") << "PEK\tAsia/Shanghai\tCapital\tBeijing\tCN\tx\n"_ba << u"airport_table_format"_s
                                    << 0;
        QTest::newRow("lower-case code") << "pek\tAsia/Shanghai\tCapital\tBeijing\tCN\n"_ba << u"airport_table_format"_s
                                         << 0;
        QTest::newRow("no zone") << "PEK\t\tCapital\tBeijing\tCN\n"_ba << u"airport_table_format"_s << 0;
        QTest::newRow("duplicate")
            << "PEK\tAsia/Shanghai\ta\tb\tCN\nSHA\tAsia/Shanghai\ta\tb\tCN\nPEK\tAsia/Shanghai\ta\tb\tCN\n"_ba
            << u"airport_table_duplicate"_s << 0;
    }
    void fromTsv()
    {
        QFETCH(QByteArray, tsv);
        QFETCH(QString, error);
        QFETCH(int, size);
        const Result<AirportTable> t = AirportTable::fromTsv(tsv);
        if (error.isEmpty()) {
            QVERIFY2(t.has_value(), qPrintable(t ? QString() : t.error().message));
            QCOMPARE(t->size(), qsizetype(size));
            QVERIFY(t->contains(u"PEK") || t->contains(u"SHA"));
        } else {
            QVERIFY(!t.has_value());
            QCOMPARE(t.error().code, error);
            QVERIFY(!t.error().message.isEmpty());
        }
    }

    void formatErrorNamesTheLine()
    {
        const Result<AirportTable> t = AirportTable::fromTsv("# c\nPEK\tAsia/Shanghai\ta\tb\tCN\nBAD LINE\n"_ba);
        QVERIFY(!t);
        QVERIFY2(t.error().message.contains(u'3'), qPrintable(t.error().message));
    }

    void missingFile()
    {
        const Result<AirportTable> t = AirportTable::loadFile(u"/nonexistent/airports.tsv"_s);
        QVERIFY(!t);
        QCOMPARE(t.error().code, u"airport_table_unreadable"_s);
    }
};

QTEST_GUILESS_MAIN(TestAirportTable)
#include "test_AirportTable.moc"
