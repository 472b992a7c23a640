// OrderCodec: canonical, byte-identical round trips of order requests and views, and one
// specific issue with its field path for every kind of bad input.

#include "models/AirportTable.h"
#include "models/Clock.h"
#include "services/protocol/OrderCodec.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

namespace {

// The canonical form of tests/data/orders/valid-date-change.json.
const QByteArray kCanonical
    = R"({"coupons":[1],"newSegment":{"bookingClass":"Y","cabin":"Y","departureLocal":"2026-12-01T08:30",)"
      R"("destination":"SHA","flightNumber":"CA1501","origin":"PEK"},"notes":"Rebooked after the cancellation of )"
      R"(CA1501 on 25 November.","originalSegment":{"bookingClass":"Y","cabin":"Y","departureLocal":)"
      R"("2026-11-25T08:30","destination":"SHA","flightNumber":"CA1501","origin":"PEK"},"passengerName":)"
      R"("ZHANG/SAN MR","payTypes":["ALIPAY","WECHAT_PAY"],"payer":{"accountId":"payer.zhang@example.com",)"
      R"("documentNumber":"11010519491231002X","documentType":"CN_RESIDENT_ID","name":"张三"},"pnr":"MX3K9P",)"
      R"("pricing":{"changeFee":{"amount":"200.00","currency":"CNY"},"fareDifference":{"amount":"300.00",)"
      R"("currency":"CNY"},"taxDifference":{"amount":"0.00","currency":"CNY"}},"productType":"DATE_CHANGE",)"
      R"("quotedAt":"2026-11-20T10:15:00Z","ticketNumber":"176-2342567890"})"_ba;

const QDateTime kNow(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC);

QByteArray readSample(const QString &name)
{
    QFile f(qEnvironmentVariable("DESKPAY_SOURCE_DIR") + u"/tests/data/orders/"_s + name);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

QStringList describe(const ValidationReport &report)
{
    QStringList out;
    for (const ValidationIssue &i : report.issues())
        out.append(i.field + u' ' + i.code);
    return out;
}

QByteArray replaceFirst(QByteArray text, const QByteArray &from, const QByteArray &to)
{
    const qsizetype at = text.indexOf(from);
    if (at < 0)
        return {};
    return text.replace(at, from.size(), to);
}

OrderRequest sampleRequest()
{
    OrderRequest r;
    r.order.productType = ProductType::DateChange;
    r.order.ticketNumber = u"1762342567890"_s;
    r.order.pnr = u"MX3K9P"_s;
    r.order.passengerName = u"ZHANG/SAN MR"_s;
    r.order.coupons = { 1, 2 };
    const Currency cny = *Currency::fromCode(u"CNY");
    FlightSegment seg;
    seg.flightNumber = u"CA1501"_s;
    seg.origin = u"PEK"_s;
    seg.destination = u"SHA"_s;
    seg.departureDate = QDate(2026, 11, 25);
    seg.departureTime = QTime(8, 30);
    seg.bookingClass = u"Y"_s;
    seg.cabin = Cabin::Economy;
    r.order.originalSegment = seg;
    seg.departureDate = QDate(2026, 12, 1);
    seg.departureTime = QTime(21, 5, 30);
    r.order.newSegment = seg;
    r.order.pricing = ChangePricing { Money(30000, cny), Money(-1250, cny), Money(20000, cny) };
    r.order.quotedAt = QDateTime(QDate(2026, 11, 20), QTime(10, 15), Qt::UTC);
    r.payer = Payer(u"anna.eriksson"_s,
        RealNameId(u"Anna \"Ann\" Eriksson"_s, DocumentType::Passport, u"L898902C3"_s,
            u"L898902C36UTO7408122F1204159ZE184226B<<<<<10"_s));
    r.payTypes = { PayType::WechatPay, PayType::Alipay };
    r.notes = u"Line one\nLine \"two\"\t\\ 票 \u0001"_s;
    return r;
}

} // namespace

class TestOrderCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void canonicalBytesOfTheSample();
    void roundTripIsByteIdentical_data();
    void roundTripIsByteIdentical();
    void roundTripKeepsEveryValue();
    void decodedSampleIsDomainValid();
    void rejections_data();
    void rejections();
    void rootMustBeAnObject();
    void syntaxErrorIsNotAShapeError();
    void limitsCountCodePoints();
    void viewMasksTheNumber();
    void viewRoundTrip();
    void viewRejections_data();
    void viewRejections();
    void instants_data();
    void instants();
};

void TestOrderCodec::canonicalBytesOfTheSample()
{
    const QByteArray pretty = readSample(u"valid-date-change.json"_s);
    QVERIFY2(!pretty.isEmpty(), "tests/data/orders/valid-date-change.json not found (DESKPAY_SOURCE_DIR)");
    const auto decoded = OrderCodec::decodeRequest(pretty);
    QVERIFY(decoded.has_value());
    QCOMPARE(describe(decoded->issues), QStringList());
    // Sorted keys, no whitespace, the lower-case x normalised, the optional mrzLine left out.
    QCOMPARE(OrderCodec::encodeRequest(decoded->value), kCanonical);
}

void TestOrderCodec::roundTripIsByteIdentical_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("canonical sample") << kCanonical;
    QTest::newRow("built request") << OrderCodec::encodeRequest(sampleRequest());
    const auto upgrade = OrderCodec::decodeRequest(readSample(u"valid-upgrade-passport.json"_s));
    QTest::newRow("passport upgrade in JPY") << (upgrade ? OrderCodec::encodeRequest(upgrade->value) : QByteArray());
}

void TestOrderCodec::roundTripIsByteIdentical()
{
    QFETCH(QByteArray, json);
    QVERIFY(!json.isEmpty());
    const auto decoded = OrderCodec::decodeRequest(json);
    QVERIFY(decoded.has_value());
    QCOMPARE(describe(decoded->issues), QStringList());
    QCOMPARE(OrderCodec::encodeRequest(decoded->value), json);
}

void TestOrderCodec::roundTripKeepsEveryValue()
{
    const OrderRequest original = sampleRequest();
    const QByteArray json = OrderCodec::encodeRequest(original);
    // Escapes are the minimal JCS ones; non-ASCII stays UTF-8.
    QVERIFY2(json.contains(R"("notes":"Line one\nLine \"two\"\t\\ 票 \u0001")"), json.constData());
    QVERIFY(json.contains(R"("departureLocal":"2026-12-01T21:05:30")"));
    QVERIFY(json.contains(R"("taxDifference":{"amount":"-12.50","currency":"CNY"})"));
    QVERIFY(json.contains(R"("payTypes":["WECHAT_PAY","ALIPAY"])")); // array order is data, kept
    const auto decoded = OrderCodec::decodeRequest(json);
    QVERIFY(decoded.has_value());
    QVERIFY(decoded->isValid());
    QVERIFY(decoded->value == original);
    QCOMPARE(decoded->value.payer.identity().revealMrzLine(), original.payer.identity().revealMrzLine());
}

void TestOrderCodec::decodedSampleIsDomainValid()
{
    const Result<AirportTable> airports = AirportTable::loadBundled();
    QVERIFY2(airports.has_value(), airports ? "" : qPrintable(airports.error().message));
    const ManualClock clock(kNow);
    for (const QString &name : { u"valid-date-change.json"_s, u"valid-upgrade-passport.json"_s }) {
        const auto decoded = OrderCodec::decodeRequest(readSample(name));
        QVERIFY2(decoded.has_value(), qPrintable(name));
        QCOMPARE(describe(decoded->issues), QStringList());
        QCOMPARE(describe(decoded->value.validate(clock, *airports)), QStringList());
    }
}

void TestOrderCodec::rejections_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("issues");
    const QByteArray payer = R"("payer":{"accountId":"payer.zhang@example.com","documentNumber":"11010519491231002X",)"
                             R"("documentType":"CN_RESIDENT_ID","name":"张三"},)"_ba;
    const QByteArray newSegment = R"("newSegment":{"bookingClass":"Y","cabin":"Y","departureLocal":"2026-12-01T08:30",)"
                                  R"("destination":"SHA","flightNumber":"CA1501","origin":"PEK"})"_ba;
    const QByteArray notes = R"("Rebooked after the cancellation of CA1501 on 25 November.")"_ba;
    auto row = [](const char *name, const QByteArray &json, const QStringList &issues) {
        QTest::newRow(name) << json << issues;
    };
    const QByteArray &c = kCanonical;

    // unknown_field
    row("unknown root field", replaceFirst(c, R"({"coupons")", R"({"extra":1,"coupons")"),
        { u"extra unknown_field"_s });
    row("unknown payer field", replaceFirst(c, R"("name":"张三"})", R"("name":"张三","birthDate":"1949-12-31"})"),
        { u"payer.birthDate unknown_field"_s });
    row("unknown money field",
        replaceFirst(c, R"({"amount":"200.00","currency":"CNY"})", R"({"amount":"200.00","currency":"CNY","rate":1})"),
        { u"pricing.changeFee.rate unknown_field"_s });
    row("unknown segment field", replaceFirst(c, R"("origin":"PEK"})", R"("origin":"PEK","terminal":"3"})"),
        { u"newSegment.terminal unknown_field"_s });
    // missing_field
    row("missing pnr", replaceFirst(c, R"("pnr":"MX3K9P",)", ""), { u"pnr missing_field"_s });
    row("missing payer", replaceFirst(c, payer, ""), { u"payer missing_field"_s });
    row("missing cabin",
        replaceFirst(c, R"("cabin":"Y","departureLocal":"2026-12-01)", R"("departureLocal":"2026-12-01)"),
        { u"newSegment.cabin missing_field"_s });
    row("missing currency", replaceFirst(c, R"({"amount":"200.00","currency":"CNY"})", R"({"amount":"200.00"})"),
        { u"pricing.changeFee.currency missing_field"_s });
    row("missing notes is fine", replaceFirst(c, R"("notes":)" + notes + ",", ""), {});
    // wrong_type
    row("coupon as string", replaceFirst(c, R"("coupons":[1])", R"("coupons":["1"])"), { u"coupons[0] wrong_type"_s });
    row("coupons not an array", replaceFirst(c, R"("coupons":[1])", R"("coupons":1)"), { u"coupons wrong_type"_s });
    row("pnr as number", replaceFirst(c, R"("pnr":"MX3K9P")", R"("pnr":123456)"), { u"pnr wrong_type"_s });
    row("amount as number", replaceFirst(c, R"({"amount":"200.00")", R"({"amount":200.00)"),
        { u"pricing.changeFee.amount wrong_type"_s });
    row("null notes", replaceFirst(c, notes, "null"), { u"notes wrong_type"_s });
    row("null optional mrzLine", replaceFirst(c, R"("name":"张三"})", R"("mrzLine":null,"name":"张三"})"),
        { u"payer.mrzLine wrong_type"_s });
    row("segment as string", replaceFirst(c, newSegment, R"("newSegment":"CA1501")"), { u"newSegment wrong_type"_s });
    row("boolean pay type", replaceFirst(c, R"(["ALIPAY","WECHAT_PAY"])", R"([true])"),
        { u"payTypes[0] wrong_type"_s });
    row("fractional coupon", replaceFirst(c, R"("coupons":[1])", R"("coupons":[1.5])"), { u"coupons[0] wrong_type"_s });
    row("exponent coupon", replaceFirst(c, R"("coupons":[1])", R"("coupons":[1e0])"), { u"coupons[0] wrong_type"_s });
    // out_of_range
    row("huge coupon", replaceFirst(c, R"("coupons":[1])", R"("coupons":[99999999999])"),
        { u"coupons[0] out_of_range"_s });
    row("beyond int64 coupon", replaceFirst(c, R"("coupons":[1])", R"("coupons":[-99999999999999999999])"),
        { u"coupons[0] out_of_range"_s });
    row("amount beyond int64", replaceFirst(c, R"("amount":"200.00")", R"("amount":"999999999999999999999.00")"),
        { u"pricing.changeFee.amount out_of_range"_s });
    // too_long / too_many_items
    row("passenger name 65", replaceFirst(c, "ZHANG/SAN MR", QByteArray(65, 'A')), { u"passengerName too_long"_s });
    row("payer name 65", replaceFirst(c, "张三", QString(65, QChar(0x5F20)).toUtf8()), { u"payer.name too_long"_s });
    row("notes 501", replaceFirst(c, notes, '"' + QByteArray(501, 'n') + '"'), { u"notes too_long"_s });
    row("ticket number 33", replaceFirst(c, "176-2342567890", QByteArray(33, '1')), { u"ticketNumber too_long"_s });
    row("17 coupons", replaceFirst(c, R"("coupons":[1])", R"("coupons":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1])"),
        { u"coupons too_many_items"_s });
    // duplicate_field
    row("duplicate pnr", replaceFirst(c, R"("pnr":"MX3K9P")", R"("pnr":"MX3K9P","pnr":"MX3K9Q")"),
        { u"pnr duplicate_field"_s });
    row("duplicate nested", replaceFirst(c, R"("name":"张三"})", R"("name":"张三","name":"李四"})"),
        { u"payer.name duplicate_field"_s });
    // invalid_value
    row("unknown product", replaceFirst(c, "DATE_CHANGE", "REFUND"), { u"productType invalid_value"_s });
    row("lower-case product", replaceFirst(c, "DATE_CHANGE", "date_change"), { u"productType invalid_value"_s });
    row("unknown cabin",
        replaceFirst(c, R"("cabin":"Y","departureLocal":"2026-12-01)", R"("cabin":"Q","departureLocal":"2026-12-01)"),
        { u"newSegment.cabin invalid_value"_s });
    row("unknown currency", replaceFirst(c, R"("currency":"CNY")", R"("currency":"XXX")"),
        { u"pricing.changeFee.currency invalid_value"_s });
    row("unknown document type", replaceFirst(c, "CN_RESIDENT_ID", "ID_CARD"),
        { u"payer.documentType invalid_value"_s });
    row("unknown pay type", replaceFirst(c, "WECHAT_PAY", "PAYPAL"), { u"payTypes[1] invalid_value"_s });
    // invalid_format
    row("amount one decimal", replaceFirst(c, R"("amount":"200.00")", R"("amount":"200.0")"),
        { u"pricing.changeFee.amount invalid_format"_s });
    row("amount with plus", replaceFirst(c, R"("amount":"200.00")", R"("amount":"+200.00")"),
        { u"pricing.changeFee.amount invalid_format"_s });
    row("amount with separator", replaceFirst(c, R"("amount":"200.00")", R"("amount":"1,200.00")"),
        { u"pricing.changeFee.amount invalid_format"_s });
    row("amount with exponent", replaceFirst(c, R"("amount":"200.00")", R"("amount":"2e2")"),
        { u"pricing.changeFee.amount invalid_format"_s });
    row("quotedAt with offset", replaceFirst(c, "2026-11-20T10:15:00Z", "2026-11-20T18:15:00+08:00"),
        { u"quotedAt invalid_format"_s });
    row("quotedAt with fraction", replaceFirst(c, "2026-11-20T10:15:00Z", "2026-11-20T10:15:00.000Z"),
        { u"quotedAt invalid_format"_s });
    row("quotedAt 31 November", replaceFirst(c, "2026-11-20T10:15:00Z", "2026-11-31T10:15:00Z"),
        { u"quotedAt invalid_format"_s });
    row("departure with zone", replaceFirst(c, R"("2026-12-01T08:30")", R"("2026-12-01T08:30Z")"),
        { u"newSegment.departureLocal invalid_format"_s });
    // several at once, in the order of the format
    row("several",
        replaceFirst(replaceFirst(replaceFirst(c, R"({"coupons")", R"({"extra":1,"coupons")"), R"("pnr":"MX3K9P")",
                         R"("pnr":123456)"),
            R"("currency":"CNY")", R"("currency":"XXX")"),
        { u"pnr wrong_type"_s, u"pricing.changeFee.currency invalid_value"_s, u"extra unknown_field"_s });
}

void TestOrderCodec::rejections()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, issues);
    QVERIFY2(!json.isEmpty(), "the replacement did not apply to the canonical sample");
    const auto decoded = OrderCodec::decodeRequest(json);
    QVERIFY2(decoded.has_value(), decoded ? "" : qPrintable(decoded.error().toError().message));
    QCOMPARE(describe(decoded->issues), issues);
    for (const ValidationIssue &i : decoded->issues.issues())
        QVERIFY(!i.message.isEmpty());
}

void TestOrderCodec::rootMustBeAnObject()
{
    for (const QByteArray &json : { "[]"_ba, "\"order\""_ba, "null"_ba, "42"_ba }) {
        const auto decoded = OrderCodec::decodeRequest(json);
        QVERIFY(decoded.has_value());
        QCOMPARE(describe(decoded->issues), QStringList { u" wrong_type"_s });
    }
}

void TestOrderCodec::syntaxErrorIsNotAShapeError()
{
    const auto decoded = OrderCodec::decodeRequest(R"({"pnr": "MX3K9P",})");
    QVERIFY(!decoded.has_value());
    QCOMPARE(decoded.error().offset, 17); // the "}" where a member name must follow the ","
    QCOMPARE(decoded.error().toError().code, u"invalid_json"_s);
}

void TestOrderCodec::limitsCountCodePoints()
{
    // 500 Chinese characters are 1,500 UTF-8 bytes and still 500 characters.
    QByteArray json = replaceFirst(kCanonical, R"("Rebooked after the cancellation of CA1501 on 25 November.")",
        '"' + QString(500, QChar(0x7968)).toUtf8() + '"');
    auto decoded = OrderCodec::decodeRequest(json);
    QVERIFY(decoded.has_value());
    QCOMPARE(describe(decoded->issues), QStringList());
    // 64 emoji outside the BMP (128 UTF-16 units) are 64 characters.
    QString emoji;
    for (int i = 0; i < 64; ++i)
        emoji += QString::fromUcs4(U"\U0001F600", 1);
    json = replaceFirst(kCanonical, "ZHANG/SAN MR", emoji.toUtf8());
    decoded = OrderCodec::decodeRequest(json);
    QVERIFY(decoded.has_value());
    QCOMPARE(describe(decoded->issues), QStringList());
}

void TestOrderCodec::viewMasksTheNumber()
{
    const auto request = OrderCodec::decodeRequest(kCanonical);
    QVERIFY(request.has_value());
    const OrderView view = OrderView::fromRequest(u"ord_0001"_s, request->value, kNow);
    const QByteArray json = OrderCodec::encodeView(view);
    QVERIFY2(json.contains(R"("documentNumberMasked":"110105********002X")"), json.constData());
    QVERIFY(!json.contains("11010519491231002X"));
    QVERIFY(!json.contains("19491231"));
    QVERIFY(!json.contains(R"("documentNumber")"));
    QVERIFY(json.contains(R"("state":"SUBMITTED")"));
    QVERIFY(json.contains(R"("createdAt":"2026-11-20T12:00:00Z")"));
    QVERIFY(!json.contains("confirmBy"));

    OrderRequest passport = sampleRequest();
    const QByteArray ppJson = OrderCodec::encodeView(OrderView::fromRequest(u"ord_0002"_s, passport, kNow));
    QVERIFY(ppJson.contains(R"("documentNumberMasked":"*****02C3")"));
    QVERIFY(!ppJson.contains("L898902C3"));
    QVERIFY(!ppJson.contains("mrzLine"));
}

void TestOrderCodec::viewRoundTrip()
{
    OrderView view = OrderView::fromRequest(u"ord_01J9ZX-7"_s, sampleRequest(), kNow);
    view.state = OrderState::AwaitingPayerConfirmation;
    view.updatedAt = kNow.addSecs(5);
    view.confirmBy = kNow.addSecs(15 * 60);
    const QByteArray json = OrderCodec::encodeView(view);
    QVERIFY(json.contains(R"("confirmBy":"2026-11-20T12:15:00Z")"));
    const auto decoded = OrderCodec::decodeView(json);
    QVERIFY(decoded.has_value());
    QCOMPARE(describe(decoded->issues), QStringList());
    QVERIFY(decoded->value == view);
    QCOMPARE(OrderCodec::encodeView(decoded->value), json);
}

void TestOrderCodec::viewRejections_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("issues");
    const auto request = OrderCodec::decodeRequest(kCanonical);
    const QByteArray v = OrderCodec::encodeView(OrderView::fromRequest(u"ord_1"_s, request->value, kNow));
    QTest::newRow("raw number in the masked field") << replaceFirst(v, "110105********002X", "11010519491231002X")
                                                    << QStringList { u"payer.documentNumberMasked not_masked"_s };
    QTest::newRow("birth date showing") << replaceFirst(v, "110105********002X", "1101051949****002X")
                                        << QStringList { u"payer.documentNumberMasked not_masked"_s };
    QTest::newRow("raw number field") << replaceFirst(
        v, R"("accountId")", R"("documentNumber":"11010519491231002X","accountId")")
                                      << QStringList { u"payer.documentNumber unknown_field"_s };
    QTest::newRow("unknown state") << replaceFirst(v, "SUBMITTED", "DONE") << QStringList { u"state invalid_value"_s };
    QTest::newRow("bad id") << replaceFirst(v, R"("id":"ord_1")", R"("id":"ord 1")")
                            << QStringList { u"id invalid_format"_s };
    QTest::newRow("missing createdAt") << replaceFirst(v, R"("createdAt":"2026-11-20T12:00:00Z",)", "")
                                       << QStringList { u"createdAt missing_field"_s };
    QTest::newRow("request is not a view")
        << kCanonical
        << QStringList { u"id missing_field"_s, u"state missing_field"_s, u"createdAt missing_field"_s,
               u"updatedAt missing_field"_s, u"payer.documentNumberMasked missing_field"_s,
               u"payer.documentNumber unknown_field"_s };
}

void TestOrderCodec::viewRejections()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, issues);
    QVERIFY(!json.isEmpty());
    const auto decoded = OrderCodec::decodeView(json);
    QVERIFY(decoded.has_value());
    QCOMPARE(describe(decoded->issues), issues);
    // A refused masked value is not echoed in the message either.
    for (const ValidationIssue &i : decoded->issues.issues())
        QVERIFY(!i.message.contains(u"11010519491231002X"_s));
}

void TestOrderCodec::instants_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("canonical") << u"2026-11-20T10:15:00Z"_s << true;
    QTest::newRow("leap day") << u"2028-02-29T00:00:00Z"_s << true;
    QTest::newRow("not a leap day") << u"2027-02-29T00:00:00Z"_s << false;
    QTest::newRow("hour 24") << u"2026-11-20T24:00:00Z"_s << false;
    QTest::newRow("lower-case z") << u"2026-11-20T10:15:00z"_s << false;
    QTest::newRow("space separator") << u"2026-11-20 10:15:00Z"_s << false;
    QTest::newRow("no seconds") << u"2026-11-20T10:15Z"_s << false;
    QTest::newRow("offset") << u"2026-11-20T10:15:00+00:00"_s << false;
    QTest::newRow("full-width digits") << u"２026-11-20T10:15:00Z"_s << false;
}

void TestOrderCodec::instants()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const QDateTime t = OrderCodec::parseInstant(text);
    QCOMPARE(t.isValid(), valid);
    if (valid)
        QCOMPARE(OrderCodec::formatInstant(t), text);
}

QTEST_GUILESS_MAIN(TestOrderCodec)
#include "test_OrderCodec.moc"
