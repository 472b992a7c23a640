// PaymentOrderBuilder: the payment order built from a template and an order — placeholders,
// amount lines and total, pay types in template order, the refusals, and the canonical JSON.

#include "ResultTesting.h"
#include "models/Currency.h"
#include "server/OrderTemplate.h"
#include "server/PaymentOrderBuilder.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

namespace {

Money cny(qint64 minor)
{
    return Money(minor, Currency::fromCode(u"CNY").value());
}

OrderView sampleOrder()
{
    OrderView view;
    view.id = u"ord_42"_s;
    ChangeOrder &order = view.order;
    order.productType = ProductType::DateChange;
    order.ticketNumber = u"1762342567890"_s;
    order.pnr = u"ABC123"_s;
    order.passengerName = u"ZHANG/WEI MR"_s;
    order.coupons = { 1 };
    order.originalSegment.flightNumber = u"CA981"_s;
    order.originalSegment.origin = u"PEK"_s;
    order.originalSegment.destination = u"JFK"_s;
    order.originalSegment.departureDate = QDate(2026, 12, 1);
    order.originalSegment.departureTime = QTime(13, 0);
    order.newSegment = order.originalSegment;
    order.newSegment.departureDate = QDate(2026, 12, 3);
    order.newSegment.departureTime = QTime(8, 5);
    order.pricing = ChangePricing { cny(120000), cny(-5000), cny(30050) };
    view.payTypes = { PayType::WechatPay, PayType::Alipay };
    return view;
}

OrderTemplate dateChangeTemplate()
{
    return OrderTemplate::parse(
        R"({"amountLines":[{"label":"Fare difference","source":"fareDifference"},{"label":"Tax difference","source":"taxDifference"},{"label":"Change fee","source":"changeFee"}],"description":"Date change for {passengerName}, ticket {ticketNumber} (PNR {pnr}): {origin}-{destination} departing {newDeparture}","payTypes":["ALIPAY","WECHAT_PAY"],"paymentTimeoutMinutes":30,"subject":"Flight date change {ticketNumber}"})"_ba)
        .value();
}

} // namespace

class TestPaymentOrderBuilder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void buildsFromTheTemplate();
    void zeroLinesAreKept();
    void payTypes_data();
    void payTypes();
    void canonicalJson();
    void fillDoesNotRecurse();
    void refusals();
};

void TestPaymentOrderBuilder::buildsFromTheTemplate()
{
    const auto payment = PaymentOrderBuilder::build(dateChangeTemplate(), 4, sampleOrder(), u"payer1"_s);
    VERIFY_OK(payment);
    QCOMPARE(payment->orderId, u"ord_42"_s);
    QCOMPARE(payment->productType, ProductType::DateChange);
    QCOMPARE(payment->subject, u"Flight date change 1762342567890"_s);
    // The departure as on the order: the origin airport's wall-clock time.
    QCOMPARE(payment->description,
        u"Date change for ZHANG/WEI MR, ticket 1762342567890 (PNR ABC123): PEK-JFK departing 2026-12-03 08:05"_s);
    QCOMPARE(payment->amountLines.size(), 3);
    QCOMPARE(payment->amountLines.at(0),
        (PaymentAmountLine { u"Fare difference"_s, AmountSource::FareDifference, cny(120000) }));
    QCOMPARE(payment->amountLines.at(1).amount, cny(-5000));
    QCOMPARE(payment->amountLines.at(2).amount, cny(30050));
    QCOMPARE(payment->total, cny(145050));
    QCOMPARE(payment->total, sampleOrder().order.pricing.total().value());
    QCOMPARE(payment->currency, u"CNY"_s);
    // Template order, not the order's.
    QCOMPARE(payment->payTypes, (QList<PayType> { PayType::Alipay, PayType::WechatPay }));
    QCOMPARE(payment->paymentTimeoutMinutes, 30);
    QCOMPARE(payment->templateVersion, 4);
    QCOMPARE(payment->payerAccountId, u"payer1"_s);
}

void TestPaymentOrderBuilder::zeroLinesAreKept()
{
    OrderView order = sampleOrder();
    order.order.pricing.taxDifference = cny(0);
    const auto payment = PaymentOrderBuilder::build(dateChangeTemplate(), 1, order, u"payer1"_s);
    VERIFY_OK(payment);
    QCOMPARE(payment->amountLines.size(), 3);
    QCOMPARE(payment->amountLines.at(1).amount, cny(0));
    QCOMPARE(payment->total, cny(150050));
}

void TestPaymentOrderBuilder::payTypes_data()
{
    QTest::addColumn<QList<PayType>>("templateTypes");
    QTest::addColumn<QList<PayType>>("orderTypes");
    QTest::addColumn<QList<PayType>>("expected"); // empty: pay_type_not_allowed
    const QList<PayType> both { PayType::Alipay, PayType::WechatPay };
    const QList<PayType> wechat { PayType::WechatPay };
    const QList<PayType> alipay { PayType::Alipay };
    QTest::newRow("both allow both") << both << both << both;
    QTest::newRow("template order wins") << QList<PayType> { PayType::WechatPay, PayType::Alipay } << both
                                         << QList<PayType> { PayType::WechatPay, PayType::Alipay };
    QTest::newRow("order narrows") << both << wechat << wechat;
    QTest::newRow("template narrows") << alipay << both << alipay;
    QTest::newRow("nothing in common") << alipay << wechat << QList<PayType> {};
}

void TestPaymentOrderBuilder::payTypes()
{
    QFETCH(QList<PayType>, templateTypes);
    QFETCH(QList<PayType>, orderTypes);
    QFETCH(QList<PayType>, expected);
    OrderTemplate t = dateChangeTemplate();
    t.payTypes = templateTypes;
    OrderView order = sampleOrder();
    order.payTypes = orderTypes;
    const auto payment = PaymentOrderBuilder::build(t, 1, order, u"payer1"_s);
    if (expected.isEmpty()) {
        QVERIFY(!payment);
        QCOMPARE(payment.error().code, u"pay_type_not_allowed"_s);
        QVERIFY(payment.error().message.contains(u"ALIPAY"_s));
    } else {
        VERIFY_OK(payment);
        QCOMPARE(payment->payTypes, expected);
    }
}

void TestPaymentOrderBuilder::canonicalJson()
{
    const auto payment = PaymentOrderBuilder::build(dateChangeTemplate(), 2, sampleOrder(), u"payer1"_s);
    VERIFY_OK(payment);
    QCOMPARE(payment->toJson().toCanonicalJson(),
        R"({"amountLines":[{"amount":{"amount":"1200.00","currency":"CNY"},"label":"Fare difference","source":"fareDifference"},{"amount":{"amount":"-50.00","currency":"CNY"},"label":"Tax difference","source":"taxDifference"},{"amount":{"amount":"300.50","currency":"CNY"},"label":"Change fee","source":"changeFee"}],"currency":"CNY","description":"Date change for ZHANG/WEI MR, ticket 1762342567890 (PNR ABC123): PEK-JFK departing 2026-12-03 08:05","orderId":"ord_42","payTypes":["ALIPAY","WECHAT_PAY"],"payerAccountId":"payer1","paymentTimeoutMinutes":30,"productType":"DATE_CHANGE","subject":"Flight date change 1762342567890","templateVersion":2,"total":{"amount":"1450.50","currency":"CNY"}})"_ba);
}

void TestPaymentOrderBuilder::fillDoesNotRecurse()
{
    ChangeOrder order = sampleOrder().order;
    order.passengerName = u"{pnr}"_s;
    QCOMPARE(PaymentOrderBuilder::fill(u"{passengerName}/{pnr}/{unknown}"_s, order), u"{pnr}/ABC123/{unknown}"_s);
}

void TestPaymentOrderBuilder::refusals()
{
    OrderTemplate broken = dateChangeTemplate();
    broken.amountLines.removeLast(); // the lines would no longer add up to the total
    auto payment = PaymentOrderBuilder::build(broken, 1, sampleOrder(), u"payer1"_s);
    QVERIFY(!payment);
    QCOMPARE(payment.error().code, u"template_invalid"_s);

    payment = PaymentOrderBuilder::build(dateChangeTemplate(), 1, sampleOrder(), QString());
    QVERIFY(!payment);
    QCOMPARE(payment.error().code, u"payer_unknown"_s);

    OrderView mixed = sampleOrder();
    mixed.order.pricing.changeFee = Money(100, Currency::fromCode(u"USD").value());
    payment = PaymentOrderBuilder::build(dateChangeTemplate(), 1, mixed, u"payer1"_s);
    QVERIFY(!payment);
    QCOMPARE(payment.error().code, u"currency_mismatch"_s);
}

QTEST_GUILESS_MAIN(TestPaymentOrderBuilder)
#include "test_PaymentOrderBuilder.moc"
