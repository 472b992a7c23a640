// ChangeOrder: every field rule, the product rules across segments, pricing, the quote
// window and the expiry — each reported with its field path and stable code, all at once.

#include "models/AirportTable.h"
#include "models/ChangeOrder.h"
#include "models/Clock.h"

#include <QRegularExpression>
#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using namespace deskpay;
using namespace std::chrono_literals;

namespace {

const QDateTime kNow(QDate(2025, 6, 1), QTime(0, 0), Qt::UTC);

Money cny(qint64 minor)
{
    return Money(minor, *Currency::fromCode(u"CNY"));
}

// A valid DATE_CHANGE: CA155 PEK→SHA moved from 10 to 12 June, economy; CNY 500.00 due.
ChangeOrder validOrder()
{
    ChangeOrder o;
    o.productType = ProductType::DateChange;
    o.ticketNumber = u"176-2342567890"_s;
    o.pnr = u"MX3K9P"_s;
    o.passengerName = u"ZHANG/SAN MR"_s;
    o.coupons = { 1 };
    o.originalSegment.flightNumber = u"CA155"_s;
    o.originalSegment.origin = u"PEK"_s;
    o.originalSegment.destination = u"SHA"_s;
    o.originalSegment.departureDate = QDate(2025, 6, 10);
    o.originalSegment.departureTime = QTime(8, 0);
    o.originalSegment.bookingClass = u"Y"_s;
    o.originalSegment.cabin = Cabin::Economy;
    o.newSegment = o.originalSegment;
    o.newSegment.departureDate = QDate(2025, 6, 12);
    o.pricing.fareDifference = cny(30000);
    o.pricing.taxDifference = cny(0);
    o.pricing.changeFee = cny(20000);
    o.quotedAt = kNow.addSecs(-3600);
    return o;
}

void makeUpgrade(ChangeOrder &o)
{
    o.productType = ProductType::Upgrade;
    o.newSegment = o.originalSegment;
    o.newSegment.cabin = Cabin::Business;
    o.newSegment.bookingClass = u"J"_s;
}

QStringList issueKeys(const ValidationReport &report)
{
    QStringList keys;
    for (const ValidationIssue &i : report.issues())
        keys.append(i.field + u':' + i.code);
    keys.sort();
    return keys;
}

} // namespace

using Mutation = std::function<void(ChangeOrder &)>;
Q_DECLARE_METATYPE(Mutation)

class TestChangeOrder : public QObject
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

    void validate_data()
    {
        QTest::addColumn<Mutation>("mutate");
        QTest::addColumn<QStringList>("issues"); // "field:code", sorted

        const auto row = [](const char *name, Mutation m, QStringList issues) {
            issues.sort();
            QTest::newRow(name) << std::move(m) << std::move(issues);
        };

        row("valid date change", [](ChangeOrder &) {}, {});

        // Ticket number.
        row("ticket without hyphen", [](ChangeOrder &o) { o.ticketNumber = u"1762342567890"_s; }, {});
        row("ticket missing", [](ChangeOrder &o) { o.ticketNumber.clear(); }, { u"ticketNumber:required"_s });
        row("ticket 12 digits", [](ChangeOrder &o) { o.ticketNumber = u"176234256789"_s; },
            { u"ticketNumber:ticket_number_format"_s });
        row("ticket 14 digits", [](ChangeOrder &o) { o.ticketNumber = u"17623425678901"_s; },
            { u"ticketNumber:ticket_number_format"_s });
        row("ticket hyphen misplaced", [](ChangeOrder &o) { o.ticketNumber = u"1762-342567890"_s; },
            { u"ticketNumber:ticket_number_format"_s });
        row("ticket with space", [](ChangeOrder &o) { o.ticketNumber = u"176 2342567890"_s; },
            { u"ticketNumber:ticket_number_format"_s });
        row("ticket with letters", [](ChangeOrder &o) { o.ticketNumber = u"CA62342567890"_s; },
            { u"ticketNumber:ticket_number_format"_s });

        // PNR.
        row("pnr digits and letters", [](ChangeOrder &o) { o.pnr = u"A1B2C3"_s; }, {});
        row("pnr missing", [](ChangeOrder &o) { o.pnr.clear(); }, { u"pnr:required"_s });
        row("pnr lower case", [](ChangeOrder &o) { o.pnr = u"mx3k9p"_s; }, { u"pnr:pnr_format"_s });
        row("pnr five", [](ChangeOrder &o) { o.pnr = u"MX3K9"_s; }, { u"pnr:pnr_format"_s });
        row("pnr seven", [](ChangeOrder &o) { o.pnr = u"MX3K9PQ"_s; }, { u"pnr:pnr_format"_s });
        row("pnr punctuation", [](ChangeOrder &o) { o.pnr = u"MX3-9P"_s; }, { u"pnr:pnr_format"_s });

        // Passenger name.
        row("name in Chinese", [](ChangeOrder &o) { o.passengerName = u"张三"_s; }, {});
        row("name with apostrophe", [](ChangeOrder &o) { o.passengerName = u"O'NEIL/MARY-ANN MS"_s; }, {});
        row("name 64 characters", [](ChangeOrder &o) { o.passengerName = QString(64, u'A'); }, {});
        row("name missing", [](ChangeOrder &o) { o.passengerName.clear(); }, { u"passengerName:required"_s });
        row("name blank", [](ChangeOrder &o) { o.passengerName = u"   "_s; }, { u"passengerName:required"_s });
        row("name 65 characters", [](ChangeOrder &o) { o.passengerName = QString(65, u'A'); },
            { u"passengerName:passenger_name_too_long"_s });
        row("name with digit", [](ChangeOrder &o) { o.passengerName = u"ZHANG/SAN1"_s; },
            { u"passengerName:passenger_name_format"_s });
        row("name with control character", [](ChangeOrder &o) { o.passengerName = u"ZHANG\tSAN"_s; },
            { u"passengerName:passenger_name_format"_s });
        row("name without letters", [](ChangeOrder &o) { o.passengerName = u"-/-"_s; },
            { u"passengerName:passenger_name_format"_s });

        // Coupons.
        row("all four coupons", [](ChangeOrder &o) { o.coupons = { 1, 2, 3, 4 }; }, {});
        row("coupon 4 only", [](ChangeOrder &o) { o.coupons = { 4 }; }, {});
        row("no coupons", [](ChangeOrder &o) { o.coupons.clear(); }, { u"coupons:required"_s });
        row("coupon 0", [](ChangeOrder &o) { o.coupons = { 0 }; }, { u"coupons[0]:coupon_range"_s });
        row("coupon 5", [](ChangeOrder &o) { o.coupons = { 1, 5 }; }, { u"coupons[1]:coupon_range"_s });
        row("coupon negative", [](ChangeOrder &o) { o.coupons = { -1 }; }, { u"coupons[0]:coupon_range"_s });
        row("coupon twice", [](ChangeOrder &o) { o.coupons = { 2, 1, 2 }; }, { u"coupons[2]:coupon_duplicate"_s });

        // Segments report through their own paths.
        row("original segment unknown origin", [](ChangeOrder &o) { o.originalSegment.origin = u"QQQ"_s; },
            { u"originalSegment.origin:airport_unknown"_s });
        row("new segment bad flight", [](ChangeOrder &o) { o.newSegment.flightNumber = u"CA15511"_s; },
            { u"newSegment.flightNumber:flight_number_format"_s });
        row("new segment bad booking class", [](ChangeOrder &o) { o.newSegment.bookingClass = u"y"_s; },
            { u"newSegment.bookingClass:booking_class_format"_s });
        row("new departure in a DST gap",
            [](ChangeOrder &o) {
                for (FlightSegment *s : { &o.originalSegment, &o.newSegment }) {
                    s->origin = u"FRA"_s;
                    s->destination = u"PEK"_s;
                }
                o.newSegment.departureDate = QDate(2026, 3, 29);
                o.newSegment.departureTime = QTime(2, 30);
            },
            { u"newSegment.departureLocal:departure_nonexistent"_s });

        // New departure against the clock (now = 2025-06-01T00:00Z = 08:00 in Beijing).
        row("new departure yesterday", [](ChangeOrder &o) { o.newSegment.departureDate = QDate(2025, 5, 31); },
            { u"newSegment.departureLocal:departure_in_past"_s });
        row("new departure exactly now", [](ChangeOrder &o) { o.newSegment.departureDate = QDate(2025, 6, 1); },
            { u"newSegment.departureLocal:departure_in_past"_s });
        row("new departure inside the cut-off",
            [](ChangeOrder &o) {
                o.newSegment.departureDate = QDate(2025, 6, 1);
                o.newSegment.departureTime = QTime(9, 30);
            },
            { u"newSegment.departureLocal:departure_within_cut_off"_s });
        row("new departure exactly at the cut-off",
            [](ChangeOrder &o) {
                o.newSegment.departureDate = QDate(2025, 6, 1);
                o.newSegment.departureTime = QTime(10, 0);
            },
            { u"newSegment.departureLocal:departure_within_cut_off"_s });
        row("new departure one minute after the cut-off",
            [](ChangeOrder &o) {
                o.newSegment.departureDate = QDate(2025, 6, 1);
                o.newSegment.departureTime = QTime(10, 1);
            },
            {});
        row("original departure in the past is fine",
            [](ChangeOrder &o) { o.originalSegment.departureDate = QDate(2025, 5, 1); }, {});

        // Date change rules.
        row("date change to another flight, same day",
            [](ChangeOrder &o) {
                o.newSegment.departureDate = o.originalSegment.departureDate;
                o.newSegment.flightNumber = u"CA1519"_s;
                o.newSegment.departureTime = QTime(14, 0);
            },
            {});
        row("date change that changes nothing", [](ChangeOrder &o) { o.newSegment = o.originalSegment; },
            { u"newSegment.departureLocal:date_or_flight_unchanged"_s });
        row("date change, CA0155 is still CA155",
            [](ChangeOrder &o) {
                o.newSegment = o.originalSegment;
                o.newSegment.flightNumber = u"CA0155"_s;
            },
            { u"newSegment.departureLocal:date_or_flight_unchanged"_s });
        row("date change, only the time moves",
            [](ChangeOrder &o) {
                o.newSegment = o.originalSegment;
                o.newSegment.departureTime = QTime(9, 0);
            },
            { u"newSegment.departureLocal:date_or_flight_unchanged"_s });
        row("date change to a higher cabin", [](ChangeOrder &o) { o.newSegment.cabin = Cabin::Business; },
            { u"newSegment.cabin:cabin_changed"_s });
        row("date change to a lower cabin",
            [](ChangeOrder &o) {
                o.originalSegment.cabin = Cabin::First;
                o.newSegment.cabin = Cabin::Economy;
            },
            { u"newSegment.cabin:cabin_changed"_s });
        row("route change: other destination", [](ChangeOrder &o) { o.newSegment.destination = u"PVG"_s; },
            { u"newSegment.destination:route_changed"_s });
        row("route change: other origin", [](ChangeOrder &o) { o.newSegment.origin = u"PKX"_s; },
            { u"newSegment.origin:route_changed"_s });

        // Upgrade rules.
        row("valid upgrade", makeUpgrade, {});
        row("upgrade Y to W",
            [](ChangeOrder &o) {
                makeUpgrade(o);
                o.newSegment.cabin = Cabin::PremiumEconomy;
            },
            {});
        row("upgrade J to F",
            [](ChangeOrder &o) {
                makeUpgrade(o);
                o.originalSegment.cabin = Cabin::Business;
                o.newSegment.cabin = Cabin::First;
            },
            {});
        row("upgrade to the same cabin",
            [](ChangeOrder &o) {
                makeUpgrade(o);
                o.newSegment.cabin = Cabin::Economy;
            },
            { u"newSegment.cabin:cabin_not_higher"_s });
        row("upgrade to a lower cabin",
            [](ChangeOrder &o) {
                makeUpgrade(o);
                o.originalSegment.cabin = Cabin::First;
                o.newSegment.cabin = Cabin::Business;
            },
            { u"newSegment.cabin:cabin_not_higher"_s });
        row("upgrade with zero-padded flight is the same flight",
            [](ChangeOrder &o) {
                makeUpgrade(o);
                o.newSegment.flightNumber = u"CA0155"_s;
            },
            {});
        row("upgrade that moves the date",
            [](ChangeOrder &o) {
                makeUpgrade(o);
                o.newSegment.departureDate = QDate(2025, 6, 11);
            },
            { u"newSegment.departureLocal:upgrade_changes_flight"_s });
        row("upgrade that changes the flight",
            [](ChangeOrder &o) {
                makeUpgrade(o);
                o.newSegment.flightNumber = u"CA1519"_s;
            },
            { u"newSegment.flightNumber:upgrade_changes_flight"_s });

        // Date change and upgrade needs both.
        row("valid date change and upgrade",
            [](ChangeOrder &o) {
                o.productType = ProductType::DateChangeUpgrade;
                o.newSegment.cabin = Cabin::First;
                o.newSegment.bookingClass = u"F"_s;
            },
            {});
        row("date change and upgrade without upgrade",
            [](ChangeOrder &o) { o.productType = ProductType::DateChangeUpgrade; },
            { u"newSegment.cabin:cabin_not_higher"_s });
        row("date change and upgrade without date change",
            [](ChangeOrder &o) {
                o.productType = ProductType::DateChangeUpgrade;
                o.newSegment = o.originalSegment;
                o.newSegment.cabin = Cabin::Business;
            },
            { u"newSegment.departureLocal:date_or_flight_unchanged"_s });
        row("date change and upgrade with neither",
            [](ChangeOrder &o) {
                o.productType = ProductType::DateChangeUpgrade;
                o.newSegment = o.originalSegment;
            },
            { u"newSegment.cabin:cabin_not_higher"_s, u"newSegment.departureLocal:date_or_flight_unchanged"_s });
        row("unknown product type", [](ChangeOrder &o) { o.productType = ProductType(7); },
            { u"productType:product_type_unknown"_s });

        // Pricing.
        row("negative tax difference is allowed", [](ChangeOrder &o) { o.pricing.taxDifference = cny(-5000); }, {});
        row("fee only", [](ChangeOrder &o) { o.pricing.fareDifference = cny(0); }, {});
        row("one cent total",
            [](ChangeOrder &o) {
                o.pricing.fareDifference = cny(0);
                o.pricing.changeFee = cny(1);
            },
            {});
        row("fare difference missing", [](ChangeOrder &o) { o.pricing.fareDifference = Money(); },
            { u"pricing.fareDifference:required"_s });
        row("change fee in another currency",
            [](ChangeOrder &o) { o.pricing.changeFee = Money(20000, *Currency::fromCode(u"USD")); },
            { u"pricing.changeFee:currency_mismatch"_s });
        row("all lines in USD is fine",
            [](ChangeOrder &o) {
                const Currency usd = *Currency::fromCode(u"USD");
                o.pricing = { Money(100, usd), Money(0, usd), Money(100, usd) };
            },
            {});
        row("negative fare difference", [](ChangeOrder &o) { o.pricing.fareDifference = cny(-100); },
            { u"pricing.fareDifference:amount_negative"_s });
        row("negative change fee", [](ChangeOrder &o) { o.pricing.changeFee = cny(-100); },
            { u"pricing.changeFee:amount_negative"_s });
        row("zero total",
            [](ChangeOrder &o) {
                o.pricing = { cny(0), cny(0), cny(0) };
            },
            { u"pricing.total:total_not_positive"_s });
        row("tax refund larger than the rest",
            [](ChangeOrder &o) {
                o.pricing = { cny(100), cny(-300), cny(100) };
            },
            { u"pricing.total:total_not_positive"_s });
        row("total overflows",
            [](ChangeOrder &o) {
                o.pricing = { cny(std::numeric_limits<qint64>::max()), cny(0), cny(1) };
            },
            { u"pricing.total:money_overflow"_s });

        // Quote window (24 h guarantee by default).
        row("quote missing", [](ChangeOrder &o) { o.quotedAt = QDateTime(); }, { u"quotedAt:required"_s });
        row("quote a little ahead (clock skew)", [](ChangeOrder &o) { o.quotedAt = kNow.addSecs(240); }, {});
        row("quote in the future", [](ChangeOrder &o) { o.quotedAt = kNow.addSecs(600); },
            { u"quotedAt:quoted_in_future"_s });
        row("quote just inside the guarantee", [](ChangeOrder &o) { o.quotedAt = kNow.addSecs(-24 * 3600 + 1); }, {});
        row("quote expired exactly now", [](ChangeOrder &o) { o.quotedAt = kNow.addSecs(-24 * 3600); },
            { u"quotedAt:quote_expired"_s });

        // Everything at once.
        row("empty order", [](ChangeOrder &o) { o = ChangeOrder(); },
            { u"ticketNumber:required"_s, u"pnr:required"_s, u"passengerName:required"_s, u"coupons:required"_s,
                u"originalSegment.flightNumber:required"_s, u"originalSegment.origin:required"_s,
                u"originalSegment.destination:required"_s, u"originalSegment.departureLocal:required"_s,
                u"originalSegment.bookingClass:required"_s, u"newSegment.flightNumber:required"_s,
                u"newSegment.origin:required"_s, u"newSegment.destination:required"_s,
                u"newSegment.departureLocal:required"_s, u"newSegment.bookingClass:required"_s,
                u"pricing.fareDifference:required"_s, u"pricing.taxDifference:required"_s,
                u"pricing.changeFee:required"_s, u"quotedAt:required"_s });
        row("several unrelated mistakes",
            [](ChangeOrder &o) {
                o.pnr = u"abc"_s;
                o.coupons = { 9 };
                o.newSegment.departureDate = QDate(2025, 5, 1);
                o.pricing.changeFee = cny(-1);
            },
            { u"pnr:pnr_format"_s, u"coupons[0]:coupon_range"_s, u"newSegment.departureLocal:departure_in_past"_s,
                u"pricing.changeFee:amount_negative"_s });
    }
    void validate()
    {
        QFETCH(Mutation, mutate);
        QFETCH(QStringList, issues);

        ChangeOrder order = validOrder();
        mutate(order);
        const ManualClock clock(kNow);
        const ValidationReport report = order.validate(clock, m_airports);
        QCOMPARE(issueKeys(report), issues);
        QCOMPARE(report.isValid(), issues.isEmpty());

        static const QRegularExpression snake(u"^[a-z]+(_[a-z]+)*$"_s);
        for (const ValidationIssue &i : report.issues()) {
            QVERIFY2(snake.match(i.code).hasMatch(), qPrintable(i.code));
            QVERIFY2(!i.message.isEmpty(), qPrintable(i.field));
        }
    }

    void policyIsAParameter()
    {
        const ManualClock clock(kNow);
        ChangeOrder order = validOrder(); // quoted an hour ago
        ChangeOrderPolicy tight;
        tight.priceGuarantee = 30min;
        QVERIFY(issueKeys(order.validate(clock, m_airports, tight)).contains(u"quotedAt:quote_expired"_s));

        order.newSegment.departureDate = QDate(2025, 6, 1);
        order.newSegment.departureTime = QTime(20, 0); // 12 h from now
        ChangeOrderPolicy longCutOff;
        longCutOff.departureCutOff = 13h;
        QCOMPARE(issueKeys(order.validate(clock, m_airports, longCutOff)),
            QStringList { u"newSegment.departureLocal:departure_within_cut_off"_s });
        QVERIFY(order.validate(clock, m_airports).isValid());
    }

    void expiry_data()
    {
        QTest::addColumn<QDateTime>("quotedAt");
        QTest::addColumn<QString>("newDepartureLocal"); // at PEK (UTC+8)
        QTest::addColumn<qint64>("guaranteeSecs");
        QTest::addColumn<qint64>("cutOffSecs");
        QTest::addColumn<QDateTime>("expiry");

        const QDateTime quoted = kNow.addSecs(-3600); // 2025-05-31T23:00Z
        QTest::newRow("quote ends first") << quoted << u"2025-06-12T08:00"_s << qint64(24 * 3600) << qint64(2 * 3600)
                                          << QDateTime(QDate(2025, 6, 1), QTime(23, 0), Qt::UTC);
        QTest::newRow("departure cut-off first")
            << quoted << u"2025-06-01T12:00"_s << qint64(24 * 3600) << qint64(2 * 3600)
            << QDateTime(QDate(2025, 6, 1), QTime(2, 0), Qt::UTC);
        QTest::newRow("both at once") << quoted << u"2025-06-01T09:00"_s << qint64(3 * 3600) << qint64(0)
                                      << QDateTime(QDate(2025, 6, 1), QTime(2, 0), Qt::UTC).addSecs(-3600);
        QTest::newRow("short guarantee") << quoted << u"2025-06-12T08:00"_s << qint64(30 * 60) << qint64(2 * 3600)
                                         << QDateTime(QDate(2025, 5, 31), QTime(23, 30), Qt::UTC);
        QTest::newRow("long cut-off") << quoted << u"2025-06-02T08:00"_s << qint64(24 * 3600) << qint64(12 * 3600)
                                      << QDateTime(QDate(2025, 6, 1), QTime(12, 0), Qt::UTC);
        QTest::newRow("quote time with an offset is the same instant")
            << QDateTime(QDate(2025, 6, 1), QTime(7, 0), QTimeZone(8 * 3600)) << u"2025-06-12T08:00"_s
            << qint64(24 * 3600) << qint64(2 * 3600) << QDateTime(QDate(2025, 6, 1), QTime(23, 0), Qt::UTC);
    }
    void expiry()
    {
        QFETCH(QDateTime, quotedAt);
        QFETCH(QString, newDepartureLocal);
        QFETCH(qint64, guaranteeSecs);
        QFETCH(qint64, cutOffSecs);
        QFETCH(QDateTime, expiry);

        ChangeOrder order = validOrder();
        order.quotedAt = quotedAt;
        QVERIFY(order.newSegment.setDepartureLocal(newDepartureLocal).has_value());
        ChangeOrderPolicy policy;
        policy.priceGuarantee = std::chrono::seconds(guaranteeSecs);
        policy.departureCutOff = std::chrono::seconds(cutOffSecs);
        const Result<QDateTime> e = order.expiry(m_airports, policy);
        QVERIFY2(e.has_value(), qPrintable(e ? QString() : e.error().message));
        QCOMPARE(*e, expiry);
        QCOMPARE(e->toMSecsSinceEpoch(), expiry.toMSecsSinceEpoch());
    }

    void expiryErrors_data()
    {
        QTest::addColumn<Mutation>("mutate");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("code");
        QTest::newRow("no quote time") << Mutation([](ChangeOrder &o) { o.quotedAt = QDateTime(); }) << u"quotedAt"_s
                                       << u"required"_s;
        QTest::newRow("no new departure") << Mutation([](ChangeOrder &o) { o.newSegment.departureDate = QDate(); })
                                          << u"newSegment.departureLocal"_s << u"required"_s;
        QTest::newRow("unknown new origin") << Mutation([](ChangeOrder &o) { o.newSegment.origin = u"QQQ"_s; })
                                            << u"newSegment.origin"_s << u"airport_unknown"_s;
    }
    void expiryErrors()
    {
        QFETCH(Mutation, mutate);
        QFETCH(QString, field);
        QFETCH(QString, code);
        ChangeOrder order = validOrder();
        mutate(order);
        const Result<QDateTime> e = order.expiry(m_airports);
        QVERIFY(!e.has_value());
        QCOMPARE(e.error().field, field);
        QCOMPARE(e.error().code, code);
    }

    void ticketNumber_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("stored");
        QTest::newRow("hyphenated") << u"176-2342567890"_s << u"1762342567890"_s;
        QTest::newRow("plain") << u"1762342567890"_s << u"1762342567890"_s;
        QTest::newRow("leading zeros kept") << u"000-0000000001"_s << u"0000000000001"_s;
        QTest::newRow("two hyphens") << u"176-234-2567890"_s << QString();
        QTest::newRow("full-width digits") << u"１７６２３４２５６７８９０"_s << QString();
        QTest::newRow("empty") << QString() << QString();
    }
    void ticketNumber()
    {
        QFETCH(QString, text);
        QFETCH(QString, stored);
        const Result<QString> t = ChangeOrder::normaliseTicketNumber(text);
        QCOMPARE(t.has_value(), !stored.isEmpty());
        if (t)
            QCOMPARE(*t, stored);
        else
            QCOMPARE(t.error().field, u"ticketNumber"_s);
    }

    void normalise()
    {
        ChangeOrder order = validOrder();
        order.originalSegment.flightNumber = u"CA0155"_s;
        order.newSegment.flightNumber = u"not a flight"_s;
        order.normalise();
        QCOMPARE(order.ticketNumber, u"1762342567890"_s);
        QCOMPARE(order.originalSegment.flightNumber, u"CA155"_s);
        QCOMPARE(order.newSegment.flightNumber, u"not a flight"_s); // left for validate() to report
        order.ticketNumber = u"17-6"_s;
        order.normalise();
        QCOMPARE(order.ticketNumber, u"17-6"_s);
    }

    void total()
    {
        ChangePricing p { cny(30000), cny(-1500), cny(20000) };
        QCOMPARE(*p.total(), cny(48500));
        p.taxDifference = Money(100, *Currency::fromCode(u"HKD"));
        const Result<Money> mixed = p.total();
        QVERIFY(!mixed);
        QCOMPARE(mixed.error().code, u"currency_mismatch"_s);
        QCOMPARE(mixed.error().field, u"pricing.total"_s);
    }

    void productTypeNames_data()
    {
        QTest::addColumn<ProductType>("type");
        QTest::addColumn<QString>("name");
        QTest::newRow("DATE_CHANGE") << ProductType::DateChange << u"DATE_CHANGE"_s;
        QTest::newRow("UPGRADE") << ProductType::Upgrade << u"UPGRADE"_s;
        QTest::newRow("DATE_CHANGE_UPGRADE") << ProductType::DateChangeUpgrade << u"DATE_CHANGE_UPGRADE"_s;
    }
    void productTypeNames()
    {
        QFETCH(ProductType, type);
        QFETCH(QString, name);
        QCOMPARE(productTypeName(type), name);
        QCOMPARE(*productTypeFromName(name), type);
        QVERIFY(!productTypeDisplayName(type).isEmpty());
    }

    void unknownProductTypeNames()
    {
        for (const QString &bad : { u"date_change"_s, u"DATECHANGE"_s, u""_s, u"REFUND"_s }) {
            const Result<ProductType> t = productTypeFromName(bad);
            QVERIFY2(!t, qPrintable(bad));
            QCOMPARE(t.error().code, u"product_type_unknown"_s);
            QCOMPARE(t.error().field, u"productType"_s);
        }
    }
};

QTEST_GUILESS_MAIN(TestChangeOrder)
#include "test_ChangeOrder.moc"
