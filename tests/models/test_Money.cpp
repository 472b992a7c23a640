// Money: exact parsing, locale formatting (en and zh_CN), checked arithmetic and ordering.

#include "models/Money.h"

#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using namespace deskpay;

namespace {

constexpr qint64 kMax = std::numeric_limits<qint64>::max();

Currency currency(const QString &code)
{
    return *Currency::fromCode(code);
}

Money money(qint64 minor, const QString &code)
{
    return Money(minor, currency(code));
}

} // namespace

class TestMoney : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("locale");
        QTest::addColumn<qint64>("minor");
        QTest::addColumn<QString>("error");

        // Wire form (C locale).
        QTest::newRow("c integer") << u"1234"_s << u"CNY"_s << u"C"_s << qint64(123400) << QString();
        QTest::newRow("c one decimal") << u"1234.5"_s << u"CNY"_s << u"C"_s << qint64(123450) << QString();
        QTest::newRow("c two decimals") << u"1234.56"_s << u"CNY"_s << u"C"_s << qint64(123456) << QString();
        QTest::newRow("c zero") << u"0"_s << u"CNY"_s << u"C"_s << qint64(0) << QString();
        QTest::newRow("c cents only") << u"0.05"_s << u"USD"_s << u"C"_s << qint64(5) << QString();
        QTest::newRow("c negative") << u"-0.05"_s << u"USD"_s << u"C"_s << qint64(-5) << QString();
        QTest::newRow("c explicit plus") << u"+3"_s << u"USD"_s << u"C"_s << qint64(300) << QString();
        QTest::newRow("c unicode minus") << u"\u22127.10"_s << u"EUR"_s << u"C"_s << qint64(-710) << QString();
        QTest::newRow("c surrounding space") << u"  12.00 "_s << u"HKD"_s << u"C"_s << qint64(1200) << QString();
        QTest::newRow("c leading zeros") << u"007.50"_s << u"USD"_s << u"C"_s << qint64(750) << QString();
        QTest::newRow("c JPY integer") << u"1200"_s << u"JPY"_s << u"C"_s << qint64(1200) << QString();
        QTest::newRow("c KWD three decimals") << u"0.125"_s << u"KWD"_s << u"C"_s << qint64(125) << QString();
        QTest::newRow("c KWD one decimal") << u"2.5"_s << u"KWD"_s << u"C"_s << qint64(2500) << QString();
        QTest::newRow("c code prefix") << u"CNY 12.30"_s << u"CNY"_s << u"C"_s << qint64(1230) << QString();
        QTest::newRow("c code suffix") << u"12.30 CNY"_s << u"CNY"_s << u"C"_s << qint64(1230) << QString();
        QTest::newRow("c code lower case") << u"cny 12.30"_s << u"CNY"_s << u"C"_s << qint64(1230) << QString();
        QTest::newRow("c sign before code") << u"-CNY 5"_s << u"CNY"_s << u"C"_s << qint64(-500) << QString();
        QTest::newRow("c sign after code") << u"CNY -5"_s << u"CNY"_s << u"C"_s << qint64(-500) << QString();
        QTest::newRow("c max") << u"92233720368547758.07"_s << u"CNY"_s << u"C"_s << kMax << QString();
        QTest::newRow("c -max") << u"-92233720368547758.07"_s << u"CNY"_s << u"C"_s << -kMax << QString();
        QTest::newRow("c JPY max") << u"9223372036854775807"_s << u"JPY"_s << u"C"_s << kMax << QString();

        // People's input in en and zh_CN.
        QTest::newRow("en grouped") << u"1,234.50"_s << u"CNY"_s << u"en_US"_s << qint64(123450) << QString();
        QTest::newRow("en ungrouped") << u"1234.50"_s << u"CNY"_s << u"en_US"_s << qint64(123450) << QString();
        QTest::newRow("en millions") << u"1,234,567.8"_s << u"USD"_s << u"en_US"_s << qint64(123456780) << QString();
        QTest::newRow("en own symbol") << u"$1,234.50"_s << u"USD"_s << u"en_US"_s << qint64(123450) << QString();
        QTest::newRow("en accounting negative")
            << u"($1,234.50)"_s << u"USD"_s << u"en_US"_s << qint64(-123450) << QString();
        QTest::newRow("en foreign code") << u"CNY\u00a01,234.50"_s << u"CNY"_s << u"en_US"_s << qint64(123450)
                                         << QString();
        QTest::newRow("zh grouped") << u"1,234.50"_s << u"CNY"_s << u"zh_CN"_s << qint64(123450) << QString();
        QTest::newRow("zh own symbol") << u"¥1,234.50"_s << u"CNY"_s << u"zh_CN"_s << qint64(123450) << QString();
        QTest::newRow("zh JPY grouped") << u"12,000"_s << u"JPY"_s << u"zh_CN"_s << qint64(12000) << QString();
        QTest::newRow("de grouped") << u"1.234,50"_s << u"EUR"_s << u"de_DE"_s << qint64(123450) << QString();
        QTest::newRow("de suffix symbol") << u"1.234,50 €"_s << u"EUR"_s << u"de_DE"_s << qint64(123450) << QString();
        QTest::newRow("fr typed space group") << u"1 234,50"_s << u"EUR"_s << u"fr_FR"_s << qint64(123450) << QString();
        QTest::newRow("ar_KW native digits") << u"\u0661\u066c\u0662\u0663\u0664\u066b\u0665\u0660\u0660"_s << u"KWD"_s
                                             << u"ar_KW"_s << qint64(1234500) << QString();

        // Refusals.
        QTest::newRow("empty") << QString() << u"CNY"_s << u"C"_s << qint64(0) << u"money_empty"_s;
        QTest::newRow("blank") << u"   "_s << u"CNY"_s << u"C"_s << qint64(0) << u"money_empty"_s;
        QTest::newRow("letters") << u"twelve"_s << u"CNY"_s << u"C"_s << qint64(0) << u"money_format"_s;
        QTest::newRow("trailing junk") << u"12.50x"_s << u"CNY"_s << u"C"_s << qint64(0) << u"money_format"_s;
        QTest::newRow("two points") << u"1.2.3"_s << u"CNY"_s << u"C"_s << qint64(0) << u"money_format"_s;
        QTest::newRow("point without fraction") << u"12."_s << u"CNY"_s << u"C"_s << qint64(0) << u"money_format"_s;
        QTest::newRow("fraction without integer") << u".5"_s << u"CNY"_s << u"C"_s << qint64(0) << u"money_format"_s;
        QTest::newRow("sign only") << u"-"_s << u"CNY"_s << u"C"_s << qint64(0) << u"money_format"_s;
        QTest::newRow("two signs") << u"--5"_s << u"CNY"_s << u"C"_s << qint64(0) << u"money_format"_s;
        QTest::newRow("code only") << u"CNY"_s << u"CNY"_s << u"C"_s << qint64(0) << u"money_format"_s;
        QTest::newRow("other currency's code") << u"USD 5"_s << u"CNY"_s << u"C"_s << qint64(0) << u"money_format"_s;
        QTest::newRow("exponent") << u"1e3"_s << u"CNY"_s << u"C"_s << qint64(0) << u"money_format"_s;
        QTest::newRow("c refuses grouping") << u"1,234.50"_s << u"CNY"_s << u"C"_s << qint64(0) << u"money_format"_s;
        QTest::newRow("en misplaced group") << u"1,2345"_s << u"CNY"_s << u"en_US"_s << qint64(0) << u"money_format"_s;
        QTest::newRow("en german input") << u"1.234,50"_s << u"EUR"_s << u"en_US"_s << qint64(0) << u"money_format"_s;
        QTest::newRow("de english input") << u"1234.50"_s << u"EUR"_s << u"de_DE"_s << qint64(0) << u"money_format"_s;
        QTest::newRow("en group in fraction")
            << u"1.234,5"_s << u"USD"_s << u"en_US"_s << qint64(0) << u"money_format"_s;
        QTest::newRow("en leading group") << u",123"_s << u"USD"_s << u"en_US"_s << qint64(0) << u"money_format"_s;
        QTest::newRow("en foreign symbol") << u"$5"_s << u"CNY"_s << u"en_US"_s << qint64(0) << u"money_format"_s;
        QTest::newRow("CNY three decimals") << u"1.005"_s << u"CNY"_s << u"C"_s << qint64(0) << u"money_precision"_s;
        QTest::newRow("CNY trailing zero too many")
            << u"1.500"_s << u"CNY"_s << u"C"_s << qint64(0) << u"money_precision"_s;
        QTest::newRow("JPY any decimal") << u"100.0"_s << u"JPY"_s << u"C"_s << qint64(0) << u"money_precision"_s;
        QTest::newRow("KWD four decimals") << u"0.1234"_s << u"KWD"_s << u"C"_s << qint64(0) << u"money_precision"_s;
        QTest::newRow("max + 1 minor") << u"92233720368547758.08"_s << u"CNY"_s << u"C"_s << qint64(0)
                                       << u"money_overflow"_s;
        QTest::newRow("-max - 1 minor") << u"-92233720368547758.08"_s << u"CNY"_s << u"C"_s << qint64(0)
                                        << u"money_overflow"_s;
        QTest::newRow("JPY 2^63") << u"9223372036854775808"_s << u"JPY"_s << u"C"_s << qint64(0) << u"money_overflow"_s;
        QTest::newRow("beyond 64 bits") << u"99999999999999999999999"_s << u"CNY"_s << u"C"_s << qint64(0)
                                        << u"money_overflow"_s;
        QTest::newRow("KWD major overflow")
            << u"9223372036854776"_s << u"KWD"_s << u"C"_s << qint64(0) << u"money_overflow"_s;
    }
    void parse()
    {
        QFETCH(QString, text);
        QFETCH(QString, code);
        QFETCH(QString, locale);
        QFETCH(qint64, minor);
        QFETCH(QString, error);

        const Result<Money> m = Money::parse(text, code, QLocale(locale));
        if (error.isEmpty()) {
            QVERIFY2(m.has_value(), qPrintable(m ? QString() : m.error().code + u": "_s + m.error().message));
            QCOMPARE(m->minorUnits(), minor);
            QCOMPARE(m->currencyCode(), code);
        } else {
            QVERIFY2(!m.has_value(), qPrintable(m ? m->toDecimalString() : QString()));
            QCOMPARE(m.error().code, error);
            QVERIFY(!m.error().message.isEmpty());
        }
    }

    void parseUnknownCurrency()
    {
        const Result<Money> m = Money::parse(u"12.00", u"XYZ");
        QVERIFY(!m);
        QCOMPARE(m.error().code, u"unknown_currency"_s);
    }

    void toDecimalString_data()
    {
        QTest::addColumn<Money>("amount");
        QTest::addColumn<QString>("expected");
        QTest::newRow("CNY") << money(123450, u"CNY"_s) << u"1234.50"_s;
        QTest::newRow("CNY cents") << money(5, u"CNY"_s) << u"0.05"_s;
        QTest::newRow("CNY negative cents") << money(-5, u"CNY"_s) << u"-0.05"_s;
        QTest::newRow("CNY zero") << money(0, u"CNY"_s) << u"0.00"_s;
        QTest::newRow("JPY") << money(1200, u"JPY"_s) << u"1200"_s;
        QTest::newRow("KWD") << money(125, u"KWD"_s) << u"0.125"_s;
        QTest::newRow("KWD negative") << money(-1000, u"KWD"_s) << u"-1.000"_s;
        QTest::newRow("max") << money(kMax, u"USD"_s) << u"92233720368547758.07"_s;
        QTest::newRow("-max") << money(-kMax, u"USD"_s) << u"-92233720368547758.07"_s;
    }
    void toDecimalString()
    {
        QFETCH(Money, amount);
        QFETCH(QString, expected);
        QCOMPARE(amount.toDecimalString(), expected);
        // The wire form reads back to the same amount.
        const Result<Money> back = Money::parse(expected, amount.currency());
        QVERIFY(back.has_value());
        QCOMPARE(*back, amount);
    }

    void format_data()
    {
        QTest::addColumn<Money>("amount");
        QTest::addColumn<QString>("locale");
        QTest::addColumn<int>("display");
        QTest::addColumn<QString>("expected");

        const int Auto = int(Money::CurrencyDisplay::Auto);
        const int Code = int(Money::CurrencyDisplay::Code);
        const int None = int(Money::CurrencyDisplay::None);

        QTest::newRow("en USD own symbol") << money(123450, u"USD"_s) << u"en_US"_s << Auto << u"$1,234.50"_s;
        QTest::newRow("en USD negative") << money(-123450, u"USD"_s) << u"en_US"_s << Auto << u"($1,234.50)"_s;
        QTest::newRow("en CNY by code") << money(123450, u"CNY"_s) << u"en_US"_s << Auto << u"CNY\u00a01,234.50"_s;
        QTest::newRow("en CNY negative") << money(-5, u"CNY"_s) << u"en_US"_s << Auto << u"(CNY\u00a00.05)"_s;
        QTest::newRow("en JPY no decimals")
            << money(1234567, u"JPY"_s) << u"en_US"_s << Auto << u"JPY\u00a01,234,567"_s;
        QTest::newRow("en KWD three decimals")
            << money(1234500, u"KWD"_s) << u"en_US"_s << Auto << u"KWD\u00a01,234.500"_s;
        QTest::newRow("en USD forced code") << money(100, u"USD"_s) << u"en_US"_s << Code << u"USD\u00a01.00"_s;
        QTest::newRow("en number only") << money(-123450, u"CNY"_s) << u"en_US"_s << None << u"-1,234.50"_s;
        QTest::newRow("en max exact") << money(kMax, u"USD"_s) << u"en_US"_s << Auto << u"$92,233,720,368,547,758.07"_s;
        QTest::newRow("zh CNY own symbol") << money(123450, u"CNY"_s) << u"zh_CN"_s << Auto << u"¥1,234.50"_s;
        QTest::newRow("zh CNY negative") << money(-123450, u"CNY"_s) << u"zh_CN"_s << Auto << u"(¥1,234.50)"_s;
        QTest::newRow("zh CNY zero") << money(0, u"CNY"_s) << u"zh_CN"_s << Auto << u"¥0.00"_s;
        QTest::newRow("zh USD by code") << money(99, u"USD"_s) << u"zh_CN"_s << Auto << u"USD\u00a00.99"_s;
        QTest::newRow("zh HKD by code") << money(1000000, u"HKD"_s) << u"zh_CN"_s << Auto << u"HKD\u00a010,000.00"_s;
        QTest::newRow("zh JPY by code") << money(500, u"JPY"_s) << u"zh_CN"_s << Auto << u"JPY\u00a0500"_s;
        QTest::newRow("zh CNY forced code") << money(123450, u"CNY"_s) << u"zh_CN"_s << Code << u"CNY\u00a01,234.50"_s;
        QTest::newRow("de EUR suffix") << money(123450, u"EUR"_s) << u"de_DE"_s << Auto << u"1.234,50\u00a0€"_s;
        QTest::newRow("de USD suffix code")
            << money(-123450, u"USD"_s) << u"de_DE"_s << Auto << u"-1.234,50\u00a0USD"_s;
        QTest::newRow("ja JPY own symbol") << money(1235, u"JPY"_s) << u"ja_JP"_s << Auto << u"￥1,235"_s;
        QTest::newRow("C locale code") << money(123450, u"CNY"_s) << u"C"_s << Auto << u"1234.50\u00a0CNY"_s;
    }
    void format()
    {
        QFETCH(Money, amount);
        QFETCH(QString, locale);
        QFETCH(int, display);
        QFETCH(QString, expected);

        const QLocale l(locale);
        const QString text = amount.format(l, Money::CurrencyDisplay(display));
        QCOMPARE(text, expected);
        // What we show, we read back unchanged.
        const Result<Money> back = Money::parse(text, amount.currency(), l);
        QVERIFY2(back.has_value(), qPrintable(back ? QString() : back.error().message));
        QCOMPARE(*back, amount);
    }

    void arithmetic_data()
    {
        QTest::addColumn<Money>("a");
        QTest::addColumn<Money>("b");
        QTest::addColumn<QString>("op");
        QTest::addColumn<qint64>("result");
        QTest::addColumn<QString>("error");

        QTest::newRow("add") << money(150, u"CNY"_s) << money(250, u"CNY"_s) << u"+"_s << qint64(400) << QString();
        QTest::newRow("add negative") << money(150, u"CNY"_s) << money(-250, u"CNY"_s) << u"+"_s << qint64(-100)
                                      << QString();
        QTest::newRow("subtract") << money(150, u"CNY"_s) << money(250, u"CNY"_s) << u"-"_s << qint64(-100)
                                  << QString();
        QTest::newRow("add to max") << money(kMax - 1, u"USD"_s) << money(1, u"USD"_s) << u"+"_s << kMax << QString();
        QTest::newRow("add past max") << money(kMax, u"USD"_s) << money(1, u"USD"_s) << u"+"_s << qint64(0)
                                      << u"money_overflow"_s;
        QTest::newRow("add past -max") << money(-kMax, u"USD"_s) << money(-1, u"USD"_s) << u"+"_s << qint64(0)
                                       << u"money_overflow"_s;
        QTest::newRow("subtract to -max")
            << money(-kMax + 1, u"USD"_s) << money(1, u"USD"_s) << u"-"_s << -kMax << QString();
        QTest::newRow("subtract past -max")
            << money(-kMax, u"USD"_s) << money(1, u"USD"_s) << u"-"_s << qint64(0) << u"money_overflow"_s;
        QTest::newRow("subtract -max from 0")
            << money(0, u"USD"_s) << money(-kMax, u"USD"_s) << u"-"_s << kMax << QString();
        QTest::newRow("subtract -max from 1")
            << money(1, u"USD"_s) << money(-kMax, u"USD"_s) << u"-"_s << qint64(0) << u"money_overflow"_s;
        QTest::newRow("mixed currencies")
            << money(1, u"CNY"_s) << money(1, u"USD"_s) << u"+"_s << qint64(0) << u"currency_mismatch"_s;
        QTest::newRow("same digits other decimals")
            << money(100, u"JPY"_s) << money(100, u"CNY"_s) << u"-"_s << qint64(0) << u"currency_mismatch"_s;
        QTest::newRow("invalid left") << Money() << money(1, u"USD"_s) << u"+"_s << qint64(0) << u"currency_mismatch"_s;
        QTest::newRow("invalid both") << Money() << Money() << u"+"_s << qint64(0) << u"currency_mismatch"_s;
    }
    void arithmetic()
    {
        QFETCH(Money, a);
        QFETCH(Money, b);
        QFETCH(QString, op);
        QFETCH(qint64, result);
        QFETCH(QString, error);

        const Result<Money> r = op == u"+" ? a.add(b) : a.subtract(b);
        if (error.isEmpty()) {
            QVERIFY2(r.has_value(), qPrintable(r ? QString() : r.error().message));
            QCOMPARE(r->minorUnits(), result);
            QCOMPARE(r->currency(), a.currency());
        } else {
            QVERIFY(!r.has_value());
            QCOMPARE(r.error().code, error);
        }
    }

    void multiply_data()
    {
        QTest::addColumn<Money>("a");
        QTest::addColumn<qint64>("factor");
        QTest::addColumn<qint64>("result");
        QTest::addColumn<bool>("overflow");
        QTest::newRow("times 3") << money(250, u"CNY"_s) << qint64(3) << qint64(750) << false;
        QTest::newRow("times -1") << money(kMax, u"CNY"_s) << qint64(-1) << -kMax << false;
        QTest::newRow("times 0") << money(kMax, u"CNY"_s) << qint64(0) << qint64(0) << false;
        QTest::newRow("overflow") << money(kMax / 2 + 1, u"CNY"_s) << qint64(2) << qint64(0) << true;
        QTest::newRow("overflow negative") << money(kMax / 3 + 1, u"CNY"_s) << qint64(-3) << qint64(0) << true;
    }
    void multiply()
    {
        QFETCH(Money, a);
        QFETCH(qint64, factor);
        QFETCH(qint64, result);
        QFETCH(bool, overflow);
        const Result<Money> r = a.multiply(factor);
        QCOMPARE(r.has_value(), !overflow);
        if (overflow)
            QCOMPARE(r.error().code, u"money_overflow"_s);
        else
            QCOMPARE(r->minorUnits(), result);
    }

    void sum_data()
    {
        QTest::addColumn<QList<Money>>("amounts");
        QTest::addColumn<QString>("code");
        QTest::addColumn<qint64>("result");
        QTest::addColumn<QString>("error");
        QTest::newRow("empty is zero") << QList<Money> {} << u"CNY"_s << qint64(0) << QString();
        QTest::newRow("three lines") << QList<Money> { money(30000, u"CNY"_s), money(-1500, u"CNY"_s),
            money(20000, u"CNY"_s) } << u"CNY"_s
                                     << qint64(48500) << QString();
        QTest::newRow("overflow in the middle recovers not")
            << QList<Money> { money(kMax, u"CNY"_s), money(1, u"CNY"_s), money(-10, u"CNY"_s) } << u"CNY"_s << qint64(0)
            << u"money_overflow"_s;
        QTest::newRow("one line in another currency") << QList<Money> { money(100, u"CNY"_s), money(100, u"HKD"_s) }
                                                      << u"CNY"_s << qint64(0) << u"currency_mismatch"_s;
        QTest::newRow("all lines in another currency")
            << QList<Money> { money(100, u"HKD"_s) } << u"CNY"_s << qint64(0) << u"currency_mismatch"_s;
    }
    void sum()
    {
        QFETCH(QList<Money>, amounts);
        QFETCH(QString, code);
        QFETCH(qint64, result);
        QFETCH(QString, error);
        const Result<Money> r = Money::sum(amounts, currency(code));
        if (error.isEmpty()) {
            QVERIFY(r.has_value());
            QCOMPARE(*r, money(result, code));
        } else {
            QVERIFY(!r.has_value());
            QCOMPARE(r.error().code, error);
        }
    }

    void fromMajor_data()
    {
        QTest::addColumn<qint64>("major");
        QTest::addColumn<QString>("code");
        QTest::addColumn<qint64>("minor");
        QTest::addColumn<bool>("ok");
        QTest::newRow("JPY") << qint64(12) << u"JPY"_s << qint64(12) << true;
        QTest::newRow("CNY") << qint64(12) << u"CNY"_s << qint64(1200) << true;
        QTest::newRow("KWD") << qint64(12) << u"KWD"_s << qint64(12000) << true;
        QTest::newRow("KWD overflow") << kMax / 100 << u"KWD"_s << qint64(0) << false;
    }
    void fromMajor()
    {
        QFETCH(qint64, major);
        QFETCH(QString, code);
        QFETCH(qint64, minor);
        QFETCH(bool, ok);
        const Result<Money> m = Money::fromMajor(major, currency(code));
        QCOMPARE(m.has_value(), ok);
        if (ok)
            QCOMPARE(m->minorUnits(), minor);
        else
            QCOMPARE(m.error().code, u"money_overflow"_s);
    }

    void comparison_data()
    {
        QTest::addColumn<Money>("a");
        QTest::addColumn<Money>("b");
        QTest::addColumn<int>("order"); // -1, 0, 1, or 2 for unordered
        QTest::newRow("less") << money(100, u"CNY"_s) << money(101, u"CNY"_s) << -1;
        QTest::newRow("equal") << money(100, u"CNY"_s) << money(100, u"CNY"_s) << 0;
        QTest::newRow("greater") << money(-1, u"CNY"_s) << money(-2, u"CNY"_s) << 1;
        QTest::newRow("other currency") << money(100, u"CNY"_s) << money(100, u"USD"_s) << 2;
        QTest::newRow("JPY 100 vs CNY 1.00") << money(100, u"JPY"_s) << money(100, u"CNY"_s) << 2;
    }
    void comparison()
    {
        QFETCH(Money, a);
        QFETCH(Money, b);
        QFETCH(int, order);
        QCOMPARE(a == b, order == 0);
        QCOMPARE(a != b, order != 0);
        QCOMPARE(a < b, order == -1);
        QCOMPARE(a > b, order == 1);
        QCOMPARE(a <= b, order == -1 || order == 0);
        QCOMPARE(a >= b, order == 1 || order == 0);
    }

    void predicates()
    {
        QVERIFY(!Money().isValid());
        QVERIFY(money(0, u"CNY"_s).isZero());
        QVERIFY(money(-1, u"CNY"_s).isNegative());
        QVERIFY(money(1, u"CNY"_s).isPositive());
        QCOMPARE(money(-kMax, u"CNY"_s).negated(), money(kMax, u"CNY"_s));
    }
};

QTEST_GUILESS_MAIN(TestMoney)
#include "test_Money.moc"
