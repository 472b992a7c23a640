// Currency: the ISO 4217 table and its refusals.

#include "models/Currency.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

class TestCurrency : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void knownCodes_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("minorUnits");
        QTest::addColumn<qint64>("minorPerMajor");

        QTest::newRow("CNY") << u"CNY"_s << 2 << qint64(100);
        QTest::newRow("USD") << u"USD"_s << 2 << qint64(100);
        QTest::newRow("EUR") << u"EUR"_s << 2 << qint64(100);
        QTest::newRow("HKD") << u"HKD"_s << 2 << qint64(100);
        QTest::newRow("GBP") << u"GBP"_s << 2 << qint64(100);
        QTest::newRow("SGD") << u"SGD"_s << 2 << qint64(100);
        QTest::newRow("THB") << u"THB"_s << 2 << qint64(100);
        QTest::newRow("JPY has no decimals") << u"JPY"_s << 0 << qint64(1);
        QTest::newRow("KRW has no decimals") << u"KRW"_s << 0 << qint64(1);
        QTest::newRow("KWD has three") << u"KWD"_s << 3 << qint64(1000);
        QTest::newRow("BHD has three") << u"BHD"_s << 3 << qint64(1000);
        QTest::newRow("first in table") << u"AED"_s << 2 << qint64(100);
        QTest::newRow("last in table") << u"ZAR"_s << 2 << qint64(100);
    }
    void knownCodes()
    {
        QFETCH(QString, code);
        QFETCH(int, minorUnits);
        QFETCH(qint64, minorPerMajor);

        const Result<Currency> c = Currency::fromCode(code);
        QVERIFY2(c.has_value(), qPrintable(c ? QString() : c.error().message));
        QVERIFY(c->isValid());
        QCOMPARE(c->code(), code);
        QCOMPARE(c->minorUnits(), minorUnits);
        QCOMPARE(c->minorPerMajor(), minorPerMajor);
        QCOMPARE(*c, *Currency::fromCode(code));
    }

    void unknownCodes_data()
    {
        QTest::addColumn<QString>("code");
        QTest::newRow("empty") << QString();
        QTest::newRow("lower case") << u"cny"_s;
        QTest::newRow("mixed case") << u"Usd"_s;
        QTest::newRow("too short") << u"US"_s;
        QTest::newRow("too long") << u"USDD"_s;
        QTest::newRow("leading space") << u" USD"_s;
        QTest::newRow("not in ISO 4217") << u"ABC"_s;
        QTest::newRow("testing code") << u"XTS"_s;
        QTest::newRow("before first") << u"AAA"_s;
        QTest::newRow("after last") << u"ZZZ"_s;
        QTest::newRow("symbol") << u"¥"_s;
    }
    void unknownCodes()
    {
        QFETCH(QString, code);
        const Result<Currency> c = Currency::fromCode(code);
        QVERIFY(!c.has_value());
        QCOMPARE(c.error().code, u"unknown_currency"_s);
        QVERIFY(!c.error().message.isEmpty());
    }

    void defaultIsInvalid()
    {
        const Currency c;
        QVERIFY(!c.isValid());
        QVERIFY(c.code().isEmpty());
        QCOMPARE(c.minorUnits(), -1);
        QVERIFY(!(c == *Currency::fromCode(u"CNY")));
    }

    void allIsSortedAndResolvable()
    {
        const QList<Currency> all = Currency::all();
        QVERIFY(all.size() >= 6);
        for (qsizetype i = 0; i < all.size(); ++i) {
            if (i > 0)
                QVERIFY2(all[i - 1].code() < all[i].code(), qPrintable(all[i].code()));
            const Result<Currency> again = Currency::fromCode(all[i].code());
            QVERIFY(again.has_value());
            QCOMPARE(again->minorUnits(), all[i].minorUnits());
            QVERIFY(all[i].minorUnits() >= 0 && all[i].minorUnits() <= 3);
        }
    }
};

QTEST_GUILESS_MAIN(TestCurrency)
#include "test_Currency.moc"
