// OrderFileValidator: decoding and domain problems listed together, each once, and the line
// format of `deskpay-cli validate`.

#include "models/AirportTable.h"
#include "models/Clock.h"
#include "services/protocol/OrderFileValidator.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

namespace {

QByteArray sample(const QString &name = u"valid-date-change.json"_s)
{
    QFile f(qEnvironmentVariable("DESKPAY_SOURCE_DIR") + u"/tests/data/orders/"_s + name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList describe(const QList<ValidationIssue> &issues)
{
    QStringList out;
    for (const ValidationIssue &i : issues)
        out.append(i.field + u' ' + i.code);
    return out;
}

} // namespace

class TestOrderFileValidator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void combined_data();
    void combined();
    void fileErrors();
    void formatIssue_data();
    void formatIssue();

private:
    AirportTable m_airports;
    ManualClock m_clock { QDateTime(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC) };
};

void TestOrderFileValidator::initTestCase()
{
    Result<AirportTable> t = AirportTable::loadBundled();
    if (!t)
        QFAIL(qPrintable(t.error().message));
    m_airports = *t;
    if (sample().isEmpty())
        QFAIL("tests/data/orders/valid-date-change.json not found (DESKPAY_SOURCE_DIR)");
}

void TestOrderFileValidator::combined_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<QStringList>("issues");
    QTest::newRow("valid") << QByteArray() << QByteArray() << QStringList();
    QTest::newRow("domain only") << R"("pnr": "MX3K9P")"_ba
                                 << R"("pnr": "MX3K9")"_ba << QStringList { u"pnr pnr_format"_s };
    QTest::newRow("missing field hides its domain issue") << R"("pnr": "MX3K9P",)"_ba
                                                          << ""_ba << QStringList { u"pnr missing_field"_s };
    QTest::newRow("inner failure hides the outer domain issue")
        << R"("amount": "200.00")"_ba
        << R"("amount": 200)"_ba << QStringList { u"pricing.changeFee.amount wrong_type"_s };
    QTest::newRow("unknown document type hides the number checks")
        << R"("CN_RESIDENT_ID")"_ba
        << R"("ID_CARD")"_ba << QStringList { u"payer.documentType invalid_value"_s };
    // Run on the upgrade sample: read as the default DATE_CHANGE it would break "a date change
    // keeps the cabin and changes the date or flight".
    QTest::newRow("unknown product type hides cross-segment rules")
        << R"("UPGRADE")"_ba
        << R"("REFUND")"_ba << QStringList { u"productType invalid_value"_s };
    QTest::newRow("both kinds") << R"("pnr": "MX3K9P")"_ba
                                << R"("pnr": "MX3K9", "seat": "12A")"_ba
                                << QStringList { u"seat unknown_field"_s, u"pnr pnr_format"_s };
}

void TestOrderFileValidator::combined()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(QStringList, issues);
    QByteArray json = sample(QString::fromLatin1(QTest::currentDataTag()).startsWith(u"unknown product"_s)
            ? u"valid-upgrade-passport.json"_s
            : u"valid-date-change.json"_s);
    if (!from.isEmpty()) {
        QVERIFY(json.contains(from));
        json.replace(from, to);
    }
    const OrderFileValidator validator(m_clock, m_airports);
    const Result<QList<ValidationIssue>> r = validator.validateJson(json);
    QVERIFY(r.has_value());
    QCOMPARE(describe(*r), issues);
}

void TestOrderFileValidator::fileErrors()
{
    const OrderFileValidator validator(m_clock, m_airports);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QCOMPARE(validator.validateFile(tmp.filePath(u"none.json"_s)).error().code, u"file_unreadable"_s);
    QCOMPARE(validator.validateFile(tmp.path()).error().code, u"file_unreadable"_s);

    QFile big(tmp.filePath(u"big.json"_s));
    QVERIFY(big.open(QIODevice::WriteOnly));
    big.write(QByteArray(OrderFileValidator::MaxFileBytes + 1, ' '));
    big.close();
    QCOMPARE(validator.validateFile(big.fileName()).error().code, u"too_large"_s);

    QFile bad(tmp.filePath(u"bad.json"_s));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("{\"pnr\": }");
    bad.close();
    const Result<QList<ValidationIssue>> r = validator.validateFile(bad.fileName());
    QCOMPARE(r.error().code, u"invalid_json"_s);
    QVERIFY(r.error().message.startsWith(bad.fileName() + u": "_s));
}

void TestOrderFileValidator::formatIssue_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("line");
    QTest::newRow("plain") << u"payer.name"_s << u"Enter it."_s << u"payer.name required Enter it."_s;
    QTest::newRow("root") << QString() << u"Expected an object."_s << u"$ required Expected an object."_s;
    QTest::newRow("blank in a key") << u"my field"_s << u"x"_s << u"my\\u0020field required x"_s;
    QTest::newRow("newline in a key") << u"a\nb"_s << u"x"_s << u"a\\u000ab required x"_s;
    QTest::newRow("newline in a message") << u"pnr"_s << u"one\ntwo"_s << u"pnr required one two"_s;
}

void TestOrderFileValidator::formatIssue()
{
    QFETCH(QString, field);
    QFETCH(QString, message);
    QFETCH(QString, line);
    QCOMPARE(OrderFileValidator::formatIssue(ValidationIssue { field, u"required"_s, message }), line);
}

QTEST_GUILESS_MAIN(TestOrderFileValidator)
#include "test_OrderFileValidator.moc"
