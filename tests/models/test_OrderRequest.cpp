// OrderRequest: pay types, notes, and that validation combines the change order's and the
// payer's problems with paths from the order's root.

#include "models/AirportTable.h"
#include "models/Clock.h"
#include "models/OrderRequest.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

Q_DECLARE_METATYPE(deskpay::OrderRequest)

namespace {

const QDateTime kNow(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC);

OrderRequest validRequest()
{
    OrderRequest r;
    r.order.productType = ProductType::DateChange;
    r.order.ticketNumber = u"176-2342567890"_s;
    r.order.pnr = u"MX3K9P"_s;
    r.order.passengerName = u"ZHANG/SAN MR"_s;
    r.order.coupons = { 1 };
    FlightSegment seg;
    seg.flightNumber = u"CA1501"_s;
    seg.origin = u"PEK"_s;
    seg.destination = u"SHA"_s;
    seg.departureDate = QDate(2026, 11, 25);
    seg.departureTime = QTime(8, 30);
    seg.bookingClass = u"Y"_s;
    r.order.originalSegment = seg;
    seg.departureDate = QDate(2026, 12, 1);
    r.order.newSegment = seg;
    const Currency cny = *Currency::fromCode(u"CNY");
    r.order.pricing = ChangePricing { Money(30000, cny), Money(0, cny), Money(20000, cny) };
    r.order.quotedAt = kNow.addSecs(-3600);
    r.payer = Payer(u"payer.zhang"_s, RealNameId(u"张三"_s, DocumentType::CnResidentId, u"11010519491231002X"_s));
    r.payTypes = { PayType::Alipay, PayType::WechatPay };
    return r;
}

QStringList describe(const ValidationReport &report)
{
    QStringList out;
    for (const ValidationIssue &i : report.issues())
        out.append(i.field + u' ' + i.code);
    return out;
}

} // namespace

class TestOrderRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void payTypeNames();
    void validate_data();
    void validate();
    void birthDateUsesTheClock();

private:
    AirportTable m_airports;
};

void TestOrderRequest::initTestCase()
{
    Result<AirportTable> t = AirportTable::loadBundled();
    if (!t)
        QFAIL(qPrintable(t.error().message));
    m_airports = *t;
}

void TestOrderRequest::payTypeNames()
{
    for (PayType t : allPayTypes()) {
        QCOMPARE(payTypeFromName(payTypeName(t)).value_or(PayType::Alipay), t);
        QVERIFY(!payTypeDisplayName(t).isEmpty());
    }
    QCOMPARE(payTypeName(PayType::WechatPay), u"WECHAT_PAY"_s);
    QCOMPARE(payTypeFromName(u"alipay").error().code, u"pay_type_unknown"_s);
}

void TestOrderRequest::validate_data()
{
    QTest::addColumn<OrderRequest>("request");
    QTest::addColumn<QStringList>("issues");
    QTest::newRow("valid") << validRequest() << QStringList();

    OrderRequest r = validRequest();
    r.payTypes.clear();
    QTest::newRow("no pay type") << r << QStringList { u"payTypes required"_s };
    r = validRequest();
    r.payTypes = { PayType::WechatPay, PayType::Alipay, PayType::WechatPay };
    QTest::newRow("duplicate pay type") << r << QStringList { u"payTypes[2] pay_type_duplicate"_s };

    r = validRequest();
    r.notes = QString(500, u'n');
    QTest::newRow("notes 500") << r << QStringList();
    r.notes = QString(501, u'n');
    QTest::newRow("notes 501") << r << QStringList { u"notes too_long"_s };
    r.notes = QString::fromUcs4(U"\U0001F600", 1).repeated(500);
    QTest::newRow("notes 500 emoji (1000 UTF-16 units)") << r << QStringList();
    r.notes = u"line one\nline\ttwo"_s;
    QTest::newRow("line breaks and tabs") << r << QStringList();
    r.notes = u"pay \u202Eyrgna"_s;
    QTest::newRow("bidi override") << r << QStringList { u"notes notes_characters"_s };
    r.notes = u"bell \u0007"_s;
    QTest::newRow("control character") << r << QStringList { u"notes notes_characters"_s };

    r = validRequest();
    r.order.pnr = u"mx3k9"_s;
    r.payer = Payer(u"x"_s, RealNameId(u"张三"_s, DocumentType::CnResidentId, u"110105194912310021"_s));
    r.payTypes.clear();
    QTest::newRow("problems everywhere, with root paths")
        << r
        << QStringList { u"pnr pnr_format"_s, u"payer.accountId account_id_format"_s,
               u"payer.documentNumber id_check_character"_s, u"payTypes required"_s };
}

void TestOrderRequest::validate()
{
    QFETCH(OrderRequest, request);
    QFETCH(QStringList, issues);
    const ManualClock clock(kNow);
    QCOMPARE(describe(request.validate(clock, m_airports)), issues);
}

void TestOrderRequest::birthDateUsesTheClock()
{
    // Born 2026-11-21 (check character computed for this test): in the future at 09:00 UTC
    // on the 20th everywhere on Earth, already born at 11:00 UTC in UTC+14.
    OrderRequest r = validRequest();
    r.payer = Payer(u"payer.baby"_s, RealNameId(u"张小宝"_s, DocumentType::CnResidentId, u"110105202611210014"_s));
    r.order.quotedAt = QDateTime(QDate(2026, 11, 20), QTime(8, 0), Qt::UTC);
    const ManualClock early(QDateTime(QDate(2026, 11, 20), QTime(9, 0), Qt::UTC));
    QCOMPARE(describe(r.validate(early, m_airports)), QStringList { u"payer.documentNumber id_birth_date_future"_s });
    const ManualClock late(QDateTime(QDate(2026, 11, 20), QTime(11, 0), Qt::UTC));
    QCOMPARE(describe(r.validate(late, m_airports)), QStringList());
}

QTEST_GUILESS_MAIN(TestOrderRequest)
#include "test_OrderRequest.moc"
