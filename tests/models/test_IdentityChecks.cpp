// Check-digit arithmetic of GB 11643-1999 and ICAO Doc 9303, against the public vectors in
// tests/vectors/identity.txt and edge cases around them.

#include "models/IdentityChecks.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

class TestIdentityChecks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void vectorsFileStillSaysWhatWeTest();
    void gbCheckCharacter_data();
    void gbCheckCharacter();
    void gbCheck_data();
    void gbCheck();
    void gbConvertLegacy_data();
    void gbConvertLegacy();
    void icaoCheckDigit_data();
    void icaoCheckDigit();
    void td3Line2_data();
    void td3Line2();
    void td3Split();
};

static const QDate kToday(2026, 6, 1);

void TestIdentityChecks::vectorsFileStillSaysWhatWeTest()
{
    // The tables below copy the shared vectors; fail loudly if the file changes under them.
    QFile file(qEnvironmentVariable("DESKPAY_SOURCE_DIR") + u"/tests/vectors/identity.txt"_s);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    const QByteArray text = file.readAll();
    for (const QByteArray &needle : { "11010519491231002X"_ba, "110105194912310021"_ba, "L898902C3 -> check digit 6"_ba,
             "740812 -> 2"_ba, "120415 -> 9"_ba, "19490231"_ba })
        QVERIFY2(text.contains(needle), needle.constData());
}

void TestIdentityChecks::gbCheckCharacter_data()
{
    QTest::addColumn<QString>("first17");
    QTest::addColumn<QString>("expected"); // empty: no check character (bad input)
    QTest::newRow("standard example") << u"11010519491231002"_s << u"X"_s;
    QTest::newRow("digit result") << u"44030419900101123"_s << u"3"_s;
    QTest::newRow("result 0") << u"32010620000229002"_s << u"7"_s;
    QTest::newRow("16 digits") << u"1101051949123100"_s << QString();
    QTest::newRow("18 digits") << u"110105194912310020"_s << QString();
    QTest::newRow("letter") << u"1101051949123100A"_s << QString();
    QTest::newRow("full-width digit not normalised") << u"1101051949123100\uFF12"_s << QString();
}

void TestIdentityChecks::gbCheckCharacter()
{
    QFETCH(QString, first17);
    QFETCH(QString, expected);
    const std::optional<QChar> c = gb11643::checkCharacter(first17);
    if (expected.isEmpty())
        QVERIFY(!c.has_value());
    else
        QCOMPARE(c.value_or(QChar()), expected.at(0));
}

void TestIdentityChecks::gbCheck_data()
{
    QTest::addColumn<QString>("number");
    QTest::addColumn<QString>("code"); // empty: valid
    QTest::newRow("vector valid") << u"11010519491231002X"_s << QString();
    QTest::newRow("vector invalid check") << u"110105194912310021"_s << u"id_check_character"_s;
    QTest::newRow("digit check") << u"440304199001011233"_s << QString();
    QTest::newRow("29 Feb leap year 2000") << u"320106200002290027"_s << QString();
    QTest::newRow("29 Feb 1900 is not a date") << u"320106190002290020"_s << u"id_birth_date"_s;
    QTest::newRow("31 Feb 1949") << u"110105194902310026"_s << u"id_birth_date"_s;
    QTest::newRow("month 13") << u"110105194913310020"_s << u"id_birth_date"_s;
    QTest::newRow("1900-01-01 earliest") << u"11010519000101001X"_s << QString();
    QTest::newRow("1899 too early") << u"110105189912310015"_s << u"id_birth_date"_s;
    QTest::newRow("born in 2099") << u"110105209912310029"_s << u"id_birth_date_future"_s;
    QTest::newRow("15-digit legacy") << u"110105491231002"_s << u"id_legacy_15"_s;
    QTest::newRow("17 characters") << u"11010519491231002"_s << u"id_length"_s;
    QTest::newRow("19 characters") << u"11010519491231002X0"_s << u"id_length"_s;
    QTest::newRow("empty") << QString() << u"id_length"_s;
    QTest::newRow("X in the middle") << u"1101051949123100X2"_s << u"id_characters"_s;
    QTest::newRow("lowercase x unnormalised") << u"11010519491231002x"_s << u"id_characters"_s;
    QTest::newRow("15 with a letter is no legacy number") << u"11010549123100X"_s << u"id_length"_s;
}

void TestIdentityChecks::gbCheck()
{
    QFETCH(QString, number);
    QFETCH(QString, code);
    const Result<void> r = gb11643::check(number, kToday);
    if (code.isEmpty()) {
        QVERIFY2(r.has_value(), r ? "" : qPrintable(r.error().code));
    } else {
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, code);
        QVERIFY(!r.error().message.isEmpty());
    }
}

void TestIdentityChecks::gbConvertLegacy_data()
{
    QTest::addColumn<QString>("legacy");
    QTest::addColumn<QString>("converted"); // empty: refused
    QTest::newRow("standard example") << u"110105491231002"_s << u"11010519491231002X"_s;
    QTest::newRow("digit check") << u"440304900101123"_s << u"440304199001011233"_s;
    QTest::newRow("impossible date") << u"110105490231002"_s << QString();
    QTest::newRow("14 digits") << u"11010549123100"_s << QString();
    QTest::newRow("18 digits") << u"11010519491231002X"_s << QString();
}

void TestIdentityChecks::gbConvertLegacy()
{
    QFETCH(QString, legacy);
    QFETCH(QString, converted);
    const Result<QString> r = gb11643::convertLegacy15(legacy);
    if (converted.isEmpty()) {
        QVERIFY(!r.has_value());
        return;
    }
    QVERIFY(r.has_value());
    QCOMPARE(*r, converted);
    QVERIFY(gb11643::check(*r, kToday).has_value());
}

void TestIdentityChecks::icaoCheckDigit_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("digit"); // -1: not computable
    QTest::newRow("specimen passport number") << u"L898902C3"_s << 6;
    QTest::newRow("specimen birth date") << u"740812"_s << 2;
    QTest::newRow("specimen expiry date") << u"120415"_s << 9;
    QTest::newRow("specimen optional data") << u"ZE184226B<<<<<"_s << 1;
    QTest::newRow("fillers only") << u"<<<<<<<<<"_s << 0;
    QTest::newRow("empty") << QString() << 0;
    QTest::newRow("lower case is not MRZ") << u"l898902c3"_s << -1;
    QTest::newRow("space is not MRZ") << u"L898 02C3"_s << -1;
}

void TestIdentityChecks::icaoCheckDigit()
{
    QFETCH(QString, field);
    QFETCH(int, digit);
    const std::optional<int> d = icao9303::checkDigit(field);
    QCOMPARE(d.value_or(-1), digit);
    if (digit >= 0) {
        QVERIFY(icao9303::verify(field, QChar(u'0' + digit)));
        QVERIFY(!icao9303::verify(field, QChar(u'0' + (digit + 1) % 10)));
    }
}

void TestIdentityChecks::td3Line2_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QStringList>("codes"); // every code reported, in order
    const QString specimen = u"L898902C36UTO7408122F1204159ZE184226B<<<<<10"_s;
    auto with = [&](qsizetype pos, QChar c) {
        QString s = specimen;
        s[pos] = c;
        return s;
    };
    QTest::newRow("ICAO specimen") << specimen << QStringList();
    QTest::newRow("generated, empty optional data")
        << u"E123456782CHN9001011M3001019<<<<<<<<<<<<<<<2"_s << QStringList();
    QTest::newRow("8-character number") << u"G1234567<8CHN8512316F2806158<<<<<<<<<<<<<<<8"_s << QStringList();
    QTest::newRow("number check wrong") << with(9, u'7')
                                        << QStringList { u"mrz_document_number_check"_s, u"mrz_composite_check"_s };
    QTest::newRow("number altered") << with(0, u'M')
                                    << QStringList { u"mrz_document_number_check"_s, u"mrz_composite_check"_s };
    QTest::newRow("birth date check wrong")
        << with(19, u'3') << QStringList { u"mrz_birth_date_check"_s, u"mrz_composite_check"_s };
    QTest::newRow("expiry check wrong") << with(27, u'0')
                                        << QStringList { u"mrz_expiry_date_check"_s, u"mrz_composite_check"_s };
    QTest::newRow("optional data check wrong")
        << with(42, u'2') << QStringList { u"mrz_optional_data_check"_s, u"mrz_composite_check"_s };
    QTest::newRow("composite wrong") << with(43, u'1') << QStringList { u"mrz_composite_check"_s };
    QTest::newRow("composite filler") << with(43, u'<') << QStringList { u"mrz_composite_check"_s };
    QTest::newRow("bad sex (not covered by the composite)") << with(20, u'Q') << QStringList { u"mrz_sex"_s };
    // 740231: 31 February — the check digit is recomputed so only the date is wrong.
    QTest::newRow("impossible birth date")
        << u"L898902C36UTO7402315F1204159ZE184226B<<<<<16"_s << QStringList { u"mrz_birth_date"_s };
    QTest::newRow("too short") << specimen.chopped(1) << QStringList { u"mrz_length"_s };
    QTest::newRow("too long") << specimen + u'<' << QStringList { u"mrz_length"_s };
    QTest::newRow("lower case") << specimen.toLower() << QStringList { u"mrz_characters"_s };
}

void TestIdentityChecks::td3Line2()
{
    QFETCH(QString, line);
    QFETCH(QStringList, codes);
    QStringList got;
    const ValidationReport report = icao9303::validateTd3Line2(line);
    for (const ValidationIssue &i : report.issues()) {
        got.append(i.code);
        QVERIFY(!i.message.isEmpty());
    }
    QCOMPARE(got, codes);
}

void TestIdentityChecks::td3Split()
{
    const std::optional<icao9303::Td3Line2> f
        = icao9303::splitTd3Line2(u"L898902C36UTO7408122F1204159ZE184226B<<<<<10"_s);
    QVERIFY(f.has_value());
    QCOMPARE(f->documentNumber, u"L898902C3"_s);
    QCOMPARE(f->nationality, u"UTO"_s);
    QCOMPARE(f->birthDate, u"740812"_s);
    QCOMPARE(f->sex, QChar(u'F'));
    QCOMPARE(f->expiryDate, u"120415"_s);
    QCOMPARE(f->optionalData, u"ZE184226B"_s);
    const std::optional<icao9303::Td3Line2> g
        = icao9303::splitTd3Line2(u"G1234567<8CHN8512316F2806158<<<<<<<<<<<<<<<8"_s);
    QVERIFY(g.has_value());
    QCOMPARE(g->documentNumber, u"G1234567"_s);
    QCOMPARE(g->optionalData, QString());
    QVERIFY(!icao9303::splitTd3Line2(u"L898902C3"_s).has_value());
}

QTEST_GUILESS_MAIN(TestIdentityChecks)
#include "test_IdentityChecks.moc"
