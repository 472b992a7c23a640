// FlightSegment: designators, airport-local departure to UTC across DST, and validation.

#include "models/AirportTable.h"
#include "models/FlightSegment.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

namespace {

FlightSegment validSegment()
{
    FlightSegment s;
    s.flightNumber = u"CA981"_s;
    s.origin = u"PEK"_s;
    s.destination = u"JFK"_s;
    s.departureDate = QDate(2025, 10, 1);
    s.departureTime = QTime(13, 0);
    s.bookingClass = u"Y"_s;
    s.cabin = Cabin::Economy;
    return s;
}

QStringList issueKeys(const ValidationReport &report)
{
    QStringList keys;
    for (const ValidationIssue &i : report.issues()) {
        keys.append(i.field + u':' + i.code);
        if (i.message.isEmpty())
            keys.append(u"EMPTY MESSAGE for "_s + i.field);
    }
    keys.sort();
    return keys;
}

} // namespace

using Mutation = std::function<void(FlightSegment &)>;
Q_DECLARE_METATYPE(Mutation)

class TestFlightSegment : public QObject
{
    Q_OBJECT

private:
    AirportTable m_airports;

private Q_SLOTS:
    void initTestCase()
    {
        Result<AirportTable> t = AirportTable::loadBundled();
        QVERIFY2(t.has_value(), qPrintable(t ? QString() : t.error().message));
        m_airports = *t;
    }

    void flightNumber_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("canonical"); // empty: refused
        QTest::addColumn<QString>("error");

        QTest::newRow("CA981") << u"CA981"_s << u"CA981"_s << QString();
        QTest::newRow("leading zero") << u"CA0981"_s << u"CA981"_s << QString();
        QTest::newRow("three leading zeros") << u"CA0008"_s << u"CA8"_s << QString();
        QTest::newRow("one digit") << u"CA1"_s << u"CA1"_s << QString();
        QTest::newRow("four digits") << u"MU5101"_s << u"MU5101"_s << QString();
        QTest::newRow("suffix") << u"MU5101A"_s << u"MU5101A"_s << QString();
        QTest::newRow("suffix after zeros") << u"BA007B"_s << u"BA7B"_s << QString();
        QTest::newRow("digit then letter airline") << u"3U8633"_s << u"3U8633"_s << QString();
        QTest::newRow("letter then digit airline") << u"B6123"_s << u"B6123"_s << QString();
        QTest::newRow("airline takes two characters") << u"C981"_s << u"C981"_s << QString();
        QTest::newRow("9W zero-padded") << u"9W0001"_s << u"9W1"_s << QString();

        QTest::newRow("empty") << QString() << QString() << u"required"_s;
        QTest::newRow("lower case") << u"ca981"_s << QString() << u"flight_number_format"_s;
        QTest::newRow("space") << u"CA 981"_s << QString() << u"flight_number_format"_s;
        QTest::newRow("surrounding space") << u" CA981"_s << QString() << u"flight_number_format"_s;
        QTest::newRow("no number") << u"CA"_s << QString() << u"flight_number_format"_s;
        QTest::newRow("five digits") << u"CA12345"_s << QString() << u"flight_number_format"_s;
        QTest::newRow("two digits airline") << u"99123"_s << QString() << u"flight_number_format"_s;
        QTest::newRow("two suffix letters") << u"CA981AB"_s << QString() << u"flight_number_format"_s;
        QTest::newRow("hyphen") << u"CA-981"_s << QString() << u"flight_number_format"_s;
        QTest::newRow("flight zero") << u"CA0"_s << QString() << u"flight_number_format"_s;
        QTest::newRow("flight 0000") << u"CA0000"_s << QString() << u"flight_number_format"_s;
        QTest::newRow("full-width letters") << u"ＣＡ981"_s << QString() << u"flight_number_format"_s;
        QTest::newRow("Arabic-Indic digits") << u"CA\u0669\u0668\u0661"_s << QString() << u"flight_number_format"_s;
    }
    void flightNumber()
    {
        QFETCH(QString, text);
        QFETCH(QString, canonical);
        QFETCH(QString, error);

        const Result<QString> n = FlightSegment::normaliseFlightNumber(text);
        if (error.isEmpty()) {
            QVERIFY2(n.has_value(), qPrintable(n ? QString() : n.error().message));
            QCOMPARE(*n, canonical);
            // Canonical forms are fixed points.
            QCOMPARE(*FlightSegment::normaliseFlightNumber(*n), canonical);
            QVERIFY(FlightSegment::sameFlightNumber(text, canonical));
        } else {
            QVERIFY(!n.has_value());
            QCOMPARE(n.error().code, error);
            QCOMPARE(n.error().field, u"flightNumber"_s);
            FlightSegment s = validSegment();
            s.flightNumber = text;
            QVERIFY(s.canonicalFlightNumber().isEmpty());
        }
    }

    void sameFlightNumber_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<bool>("same");
        QTest::newRow("CA0981 = CA981") << u"CA0981"_s << u"CA981"_s << true;
        QTest::newRow("identical") << u"MU5101"_s << u"MU5101"_s << true;
        QTest::newRow("other number") << u"CA981"_s << u"CA982"_s << false;
        QTest::newRow("other airline") << u"CA981"_s << u"MU981"_s << false;
        QTest::newRow("suffix matters") << u"CA981"_s << u"CA981A"_s << false;
        QTest::newRow("both invalid are not the same") << u"xx"_s << u"xx"_s << false;
    }
    void sameFlightNumber()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(bool, same);
        QCOMPARE(FlightSegment::sameFlightNumber(a, b), same);
        QCOMPARE(FlightSegment::sameFlightNumber(b, a), same);
    }

    void departureLocal_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QDate>("date");
        QTest::addColumn<QTime>("time");

        QTest::newRow("minutes") << u"2025-10-01T08:30"_s << true << QDate(2025, 10, 1) << QTime(8, 30);
        QTest::newRow("seconds") << u"2025-10-01T08:30:15"_s << true << QDate(2025, 10, 1) << QTime(8, 30, 15);
        QTest::newRow("midnight") << u"2025-12-31T00:00"_s << true << QDate(2025, 12, 31) << QTime(0, 0);
        QTest::newRow("leap day") << u"2028-02-29T23:59"_s << true << QDate(2028, 2, 29) << QTime(23, 59);
        QTest::newRow("not a leap year") << u"2025-02-29T10:00"_s << false << QDate() << QTime();
        QTest::newRow("space instead of T") << u"2025-10-01 08:30"_s << false << QDate() << QTime();
        QTest::newRow("UTC designator") << u"2025-10-01T08:30Z"_s << false << QDate() << QTime();
        QTest::newRow("offset") << u"2025-10-01T08:30+08:00"_s << false << QDate() << QTime();
        QTest::newRow("fraction") << u"2025-10-01T08:30:00.5"_s << false << QDate() << QTime();
        QTest::newRow("date only") << u"2025-10-01"_s << false << QDate() << QTime();
        QTest::newRow("hour 24") << u"2025-10-01T24:00"_s << false << QDate() << QTime();
        QTest::newRow("minute 60") << u"2025-10-01T08:60"_s << false << QDate() << QTime();
        QTest::newRow("month 13") << u"2025-13-01T08:00"_s << false << QDate() << QTime();
        QTest::newRow("signs in digits") << u"2025-1-01T08:000"_s << false << QDate() << QTime();
        QTest::newRow("empty") << QString() << false << QDate() << QTime();
    }
    void departureLocal()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(QDate, date);
        QFETCH(QTime, time);

        FlightSegment s = validSegment();
        const FlightSegment before = s;
        const Result<void> r = s.setDepartureLocal(text);
        QCOMPARE(r.has_value(), ok);
        if (ok) {
            QCOMPARE(s.departureDate, date);
            QCOMPARE(s.departureTime, time);
            QCOMPARE(s.departureLocalString(), text);
        } else {
            QCOMPARE(r.error().code, u"departure_format"_s);
            QCOMPARE(r.error().field, u"departureLocal"_s);
            QCOMPARE(s, before); // a refused value changes nothing
        }
    }

    void departureUtc_data()
    {
        QTest::addColumn<QString>("origin");
        QTest::addColumn<QString>("local");
        QTest::addColumn<QDateTime>("utc"); // invalid: an error is expected
        QTest::addColumn<QString>("error");

        const auto utc
            = [](int y, int mo, int d, int h, int mi) { return QDateTime(QDate(y, mo, d), QTime(h, mi), Qt::UTC); };

        QTest::newRow("PEK, no DST") << u"PEK"_s << u"2025-10-01T08:30"_s << utc(2025, 10, 1, 0, 30) << QString();
        QTest::newRow("PEK, crosses the date line back")
            << u"PEK"_s << u"2025-10-01T03:00"_s << utc(2025, 9, 30, 19, 0) << QString();
        QTest::newRow("KWI") << u"KWI"_s << u"2025-06-01T10:00"_s << utc(2025, 6, 1, 7, 0) << QString();
        QTest::newRow("FRA winter") << u"FRA"_s << u"2025-01-15T12:00"_s << utc(2025, 1, 15, 11, 0) << QString();
        QTest::newRow("FRA summer") << u"FRA"_s << u"2025-07-15T12:00"_s << utc(2025, 7, 15, 10, 0) << QString();
        QTest::newRow("FRA before the gap")
            << u"FRA"_s << u"2025-03-30T01:59"_s << utc(2025, 3, 30, 0, 59) << QString();
        QTest::newRow("FRA in the gap") << u"FRA"_s << u"2025-03-30T02:30"_s << QDateTime()
                                        << u"departure_nonexistent"_s;
        QTest::newRow("FRA gap start") << u"FRA"_s << u"2025-03-30T02:00"_s << QDateTime()
                                       << u"departure_nonexistent"_s;
        QTest::newRow("FRA after the gap") << u"FRA"_s << u"2025-03-30T03:00"_s << utc(2025, 3, 30, 1, 0) << QString();
        QTest::newRow("FRA twice, earlier wins")
            << u"FRA"_s << u"2025-10-26T02:30"_s << utc(2025, 10, 26, 0, 30) << QString();
        QTest::newRow("FRA after the overlap")
            << u"FRA"_s << u"2025-10-26T03:00"_s << utc(2025, 10, 26, 2, 0) << QString();
        QTest::newRow("LHR in the gap") << u"LHR"_s << u"2025-03-30T01:30"_s << QDateTime()
                                        << u"departure_nonexistent"_s;
        QTest::newRow("JFK in the gap") << u"JFK"_s << u"2025-03-09T02:30"_s << QDateTime()
                                        << u"departure_nonexistent"_s;
        QTest::newRow("JFK twice, earlier wins")
            << u"JFK"_s << u"2025-11-02T01:30"_s << utc(2025, 11, 2, 5, 30) << QString();
        QTest::newRow("SYD southern gap")
            << u"SYD"_s << u"2025-10-05T02:30"_s << QDateTime() << u"departure_nonexistent"_s;
        QTest::newRow("SYD southern summer")
            << u"SYD"_s << u"2025-12-01T09:00"_s << utc(2025, 11, 30, 22, 0) << QString();
        QTest::newRow("APW, the day Samoa skipped")
            << u"APW"_s << u"2011-12-30T12:00"_s << QDateTime() << u"departure_nonexistent"_s;
        QTest::newRow("APW, the day after")
            << u"APW"_s << u"2011-12-31T12:00"_s << utc(2011, 12, 30, 22, 0) << QString();
        QTest::newRow("unknown origin") << u"QQQ"_s << u"2025-10-01T08:30"_s << QDateTime() << u"airport_unknown"_s;
    }
    void departureUtc()
    {
        QFETCH(QString, origin);
        QFETCH(QString, local);
        QFETCH(QDateTime, utc);
        QFETCH(QString, error);

        FlightSegment s = validSegment();
        s.origin = origin;
        QVERIFY(s.setDepartureLocal(local).has_value());
        const Result<QDateTime> r = s.departureUtc(m_airports);
        if (error.isEmpty()) {
            QVERIFY2(r.has_value(), qPrintable(r ? QString() : r.error().message));
            QCOMPARE(*r, utc);
            QCOMPARE(r->timeSpec(), Qt::UTC);
            // And back: the instant shows the same wall-clock time at the origin.
            const QDateTime there = r->toTimeZone(m_airports.timeZone(origin));
            QCOMPARE(there.date(), s.departureDate);
            QCOMPARE(there.time(), s.departureTime);
        } else {
            QVERIFY(!r.has_value());
            QCOMPARE(r.error().code, error);
            QVERIFY(!r.error().message.isEmpty());
        }
    }

    void departureUtcNeedsDateAndTime()
    {
        FlightSegment s = validSegment();
        s.departureTime = QTime();
        const Result<QDateTime> r = s.departureUtc(m_airports);
        QVERIFY(!r);
        QCOMPARE(r.error().code, u"required"_s);
        QCOMPARE(r.error().field, u"departureLocal"_s);
        QVERIFY(s.departureLocalString().isEmpty());
    }

    void validate_data()
    {
        QTest::addColumn<Mutation>("mutate");
        QTest::addColumn<QStringList>("issues"); // "field:code", sorted

        QTest::newRow("valid") << Mutation([](FlightSegment &) {}) << QStringList {};
        QTest::newRow("valid with zero-padded flight")
            << Mutation([](FlightSegment &s) { s.flightNumber = u"CA0981"_s; }) << QStringList {};
        QTest::newRow("bad flight number") << Mutation([](FlightSegment &s) { s.flightNumber = u"CA98100"_s; })
                                           << QStringList { u"flightNumber:flight_number_format"_s };
        QTest::newRow("no flight number")
            << Mutation([](FlightSegment &s) { s.flightNumber.clear(); }) << QStringList { u"flightNumber:required"_s };
        QTest::newRow("no origin") << Mutation([](FlightSegment &s) { s.origin.clear(); })
                                   << QStringList { u"origin:required"_s };
        QTest::newRow("lower-case origin")
            << Mutation([](FlightSegment &s) { s.origin = u"pek"_s; }) << QStringList { u"origin:airport_format"_s };
        QTest::newRow("four-letter origin (ICAO)")
            << Mutation([](FlightSegment &s) { s.origin = u"ZBAA"_s; }) << QStringList { u"origin:airport_format"_s };
        QTest::newRow("unknown destination") << Mutation([](FlightSegment &s) { s.destination = u"QQQ"_s; })
                                             << QStringList { u"destination:airport_unknown"_s };
        QTest::newRow("same airport") << Mutation([](FlightSegment &s) { s.destination = u"PEK"_s; })
                                      << QStringList { u"destination:same_airport"_s };
        QTest::newRow("same city, other airport")
            << Mutation([](FlightSegment &s) { s.destination = u"PKX"_s; }) << QStringList {};
        QTest::newRow("no date") << Mutation([](FlightSegment &s) { s.departureDate = QDate(); })
                                 << QStringList { u"departureLocal:required"_s };
        QTest::newRow("no time") << Mutation([](FlightSegment &s) { s.departureTime = QTime(); })
                                 << QStringList { u"departureLocal:required"_s };
        QTest::newRow("DST gap at origin") << Mutation([](FlightSegment &s) {
            s.origin = u"FRA"_s;
            s.departureDate = QDate(2025, 3, 30);
            s.departureTime = QTime(2, 15);
        }) << QStringList { u"departureLocal:departure_nonexistent"_s };
        QTest::newRow("DST gap at destination does not matter") << Mutation([](FlightSegment &s) {
            s.destination = u"FRA"_s;
            s.departureDate = QDate(2025, 3, 30);
            s.departureTime = QTime(2, 15);
        }) << QStringList {};
        QTest::newRow("gap not checked when origin unknown") << Mutation([](FlightSegment &s) {
            s.origin = u"QQQ"_s;
            s.departureDate = QDate(2025, 3, 30);
            s.departureTime = QTime(2, 15);
        }) << QStringList { u"origin:airport_unknown"_s };
        QTest::newRow("no booking class")
            << Mutation([](FlightSegment &s) { s.bookingClass.clear(); }) << QStringList { u"bookingClass:required"_s };
        QTest::newRow("two-letter booking class") << Mutation([](FlightSegment &s) { s.bookingClass = u"YB"_s; })
                                                  << QStringList { u"bookingClass:booking_class_format"_s };
        QTest::newRow("lower-case booking class") << Mutation([](FlightSegment &s) { s.bookingClass = u"y"_s; })
                                                  << QStringList { u"bookingClass:booking_class_format"_s };
        QTest::newRow("digit booking class") << Mutation([](FlightSegment &s) { s.bookingClass = u"1"_s; })
                                             << QStringList { u"bookingClass:booking_class_format"_s };
        QTest::newRow("cabin out of range")
            << Mutation([](FlightSegment &s) { s.cabin = Cabin(9); }) << QStringList { u"cabin:cabin_unknown"_s };
        QTest::newRow("everything wrong at once")
            << Mutation([](FlightSegment &s) { s = FlightSegment(); })
            << QStringList { u"bookingClass:required"_s, u"departureLocal:required"_s, u"destination:required"_s,
                   u"flightNumber:required"_s, u"origin:required"_s };
    }
    void validate()
    {
        QFETCH(Mutation, mutate);
        QFETCH(QStringList, issues);
        FlightSegment s = validSegment();
        mutate(s);
        QCOMPARE(issueKeys(s.validate(m_airports)), issues);
    }

    void cabinOrder()
    {
        QVERIFY(Cabin::First > Cabin::Business);
        QVERIFY(Cabin::Business > Cabin::PremiumEconomy);
        QVERIFY(Cabin::PremiumEconomy > Cabin::Economy);
        const QList<Cabin> all = allCabins();
        QCOMPARE(all.size(), 4);
        QStringList codes;
        for (Cabin c : all) {
            codes.append(cabinCode(c));
            QCOMPARE(*cabinFromCode(cabinCode(c)), c);
            QVERIFY(!cabinDisplayName(c).isEmpty());
        }
        QCOMPARE(codes, (QStringList { u"Y"_s, u"W"_s, u"J"_s, u"F"_s }));
        for (const QString &bad : { u"y"_s, u"C"_s, u""_s, u"FJ"_s }) {
            const Result<Cabin> c = cabinFromCode(bad);
            QVERIFY2(!c, qPrintable(bad));
            QCOMPARE(c.error().code, u"cabin_unknown"_s);
        }
    }
};

QTEST_GUILESS_MAIN(TestFlightSegment)
#include "test_FlightSegment.moc"
