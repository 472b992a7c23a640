// RealNameId: validation per document type, the masked form, the normalised comparison the
// server's real-name check uses, and that debug output never carries the raw number.

#include "models/RealNameId.h"

#include <QDebug>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

Q_DECLARE_METATYPE(deskpay::DocumentType)

class TestRealNameId : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void documentTypeNames();
    void normaliseNumber_data();
    void normaliseNumber();
    void validate_data();
    void validate();
    void mask_data();
    void mask();
    void matches_data();
    void matches();
    void debugStreamShowsOnlyMaskedNumber();
    void latestDateIsAheadOfEveryZone();
};

static const QDate kToday(2026, 6, 1);
static const QString kMrz = u"L898902C36UTO7408122F1204159ZE184226B<<<<<10"_s;

void TestRealNameId::documentTypeNames()
{
    for (DocumentType t : { DocumentType::CnResidentId, DocumentType::Passport, DocumentType::Other })
        QCOMPARE(documentTypeFromName(documentTypeName(t)), std::optional<DocumentType>(t));
    QCOMPARE(documentTypeName(DocumentType::CnResidentId), u"CN_RESIDENT_ID"_s);
    QVERIFY(!documentTypeFromName(u"passport").has_value());
    QVERIFY(!documentTypeFromName(u"").has_value());
}

void TestRealNameId::normaliseNumber_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("already canonical") << u"11010519491231002X"_s << u"11010519491231002X"_s;
    QTest::newRow("lowercase x") << u"11010519491231002x"_s << u"11010519491231002X"_s;
    QTest::newRow("full-width digits and X")
        << u"\uFF11\uFF11\uFF10\uFF11\uFF10\uFF15\uFF11\uFF19\uFF14\uFF19\uFF11\uFF12\uFF13\uFF11\uFF10\uFF10\uFF12\uFF58"_s
        << u"11010519491231002X"_s;
    QTest::newRow("spaces and ideographic space") << u" 110105 19491231\u3000002X "_s << u"11010519491231002X"_s;
    QTest::newRow("tab and newline") << u"110105\t19491231\n002X"_s << u"11010519491231002X"_s;
    QTest::newRow("passport lower case") << u"e1234 5678"_s << u"E12345678"_s;
    QTest::newRow("hyphen kept") << u"c-123"_s << u"C-123"_s;
}

void TestRealNameId::normaliseNumber()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(RealNameId::normaliseNumber(input), expected);
    QCOMPARE(RealNameId(u"张三"_s, DocumentType::CnResidentId, input).revealNumber(), expected);
}

void TestRealNameId::validate_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<DocumentType>("type");
    QTest::addColumn<QString>("number");
    QTest::addColumn<QString>("mrz");
    QTest::addColumn<QStringList>("issues"); // "field code", in order

    const DocumentType cn = DocumentType::CnResidentId;
    const DocumentType pp = DocumentType::Passport;
    const DocumentType other = DocumentType::Other;
    QTest::newRow("cn valid") << u"张三"_s << cn << u"11010519491231002X"_s << QString() << QStringList();
    QTest::newRow("cn lowercase x") << u"张三"_s << cn << u"11010519491231002x"_s << QString() << QStringList();
    QTest::newRow("cn full-width and spaces")
        << u"张三"_s << cn << u"１１０１０５ １９４９１２３１ ００２Ｘ"_s << QString() << QStringList();
    QTest::newRow("cn wrong check") << u"张三"_s << cn << u"110105194912310021"_s << QString()
                                    << QStringList { u"documentNumber id_check_character"_s };
    QTest::newRow("cn 31 February") << u"张三"_s << cn << u"110105194902310026"_s << QString()
                                    << QStringList { u"documentNumber id_birth_date"_s };
    QTest::newRow("cn future birth") << u"张三"_s << cn << u"110105209912310029"_s << QString()
                                     << QStringList { u"documentNumber id_birth_date_future"_s };
    QTest::newRow("cn legacy 15") << u"张三"_s << cn << u"110105491231002"_s << QString()
                                  << QStringList { u"documentNumber id_legacy_15"_s };
    QTest::newRow("minority name with middle dot")
        << u"阿依古丽·买买提"_s << cn << u"11010519491231002X"_s << QString() << QStringList();
    QTest::newRow("latin name") << u"Mary-Jane O'Neil"_s << pp << u"E12345678"_s << QString() << QStringList();
    QTest::newRow("everything missing") << QString() << cn << QString() << QString()
                                        << QStringList { u"name required"_s, u"documentNumber required"_s };
    QTest::newRow("blank name") << u"   "_s << cn << u"11010519491231002X"_s << QString()
                                << QStringList { u"name required"_s };
    QTest::newRow("name with digits") << u"Zhang 3"_s << cn << u"11010519491231002X"_s << QString()
                                      << QStringList { u"name name_characters"_s };
    QTest::newRow("name of punctuation only")
        << u"--"_s << cn << u"11010519491231002X"_s << QString() << QStringList { u"name name_characters"_s };
    QTest::newRow("name 64 letters") << QString(64, u'A') << cn << u"11010519491231002X"_s << QString()
                                     << QStringList();
    // U+20BB7 (a CJK Extension B character of real surnames) is two UTF-16 units, one character.
    const QString rare = QString::fromUcs4(U"\U00020BB7", 1);
    QTest::newRow("name in rare characters")
        << rare + u"大文"_s << cn << u"11010519491231002X"_s << QString() << QStringList();
    QTest::newRow("64 rare characters") << rare.repeated(64) << cn << u"11010519491231002X"_s << QString()
                                        << QStringList();
    QTest::newRow("65 rare characters") << rare.repeated(65) << cn << u"11010519491231002X"_s << QString()
                                        << QStringList { u"name too_long"_s };
    QTest::newRow("control character in name")
        << u"Anna\u0007"_s << cn << u"11010519491231002X"_s << QString() << QStringList { u"name name_characters"_s };
    QTest::newRow("name 65 letters") << QString(65, u'A') << cn << u"11010519491231002X"_s << QString()
                                     << QStringList { u"name too_long"_s };
    QTest::newRow("number 33 characters")
        << u"Li Si"_s << other << QString(33, u'1') << QString() << QStringList { u"documentNumber too_long"_s };
    QTest::newRow("passport with MRZ") << u"Anna Eriksson"_s << pp << u"L898902C3"_s << kMrz << QStringList();
    QTest::newRow("passport MRZ lower case and spaces")
        << u"Anna Eriksson"_s << pp << u"l898902c3"_s << u" "_s + kMrz.toLower() << QStringList();
    QTest::newRow("passport MRZ of another passport") << u"Anna Eriksson"_s << pp << u"L898902C4"_s << kMrz
                                                      << QStringList { u"mrzLine mrz_document_number_mismatch"_s };
    QTest::newRow("passport MRZ bad composite") << u"Anna Eriksson"_s << pp << u"L898902C3"_s << kMrz.chopped(1) + u'7'
                                                << QStringList { u"mrzLine mrz_composite_check"_s };
    QTest::newRow("passport MRZ too short")
        << u"Anna Eriksson"_s << pp << u"L898902C3"_s << kMrz.chopped(3) << QStringList { u"mrzLine mrz_length"_s };
    QTest::newRow("passport too short") << u"Anna"_s << pp << u"E123"_s << QString()
                                        << QStringList { u"documentNumber passport_number_format"_s };
    QTest::newRow("passport 10 characters") << u"Anna"_s << pp << u"E123456789"_s << QString()
                                            << QStringList { u"documentNumber passport_number_format"_s };
    QTest::newRow("passport punctuation")
        << u"Anna"_s << pp << u"E1234-567"_s << QString() << QStringList { u"documentNumber passport_number_format"_s };
    QTest::newRow("MRZ on a resident ID")
        << u"张三"_s << cn << u"11010519491231002X"_s << kMrz << QStringList { u"mrzLine mrz_not_passport"_s };
    QTest::newRow("other valid") << u"陈大文"_s << other << u"H1234567-01"_s << QString() << QStringList();
    QTest::newRow("other too short") << u"陈大文"_s << other << u"H12"_s << QString()
                                     << QStringList { u"documentNumber document_number_format"_s };
    QTest::newRow("other with slash") << u"陈大文"_s << other << u"H123/4567"_s << QString()
                                      << QStringList { u"documentNumber document_number_format"_s };
}

void TestRealNameId::validate()
{
    QFETCH(QString, name);
    QFETCH(DocumentType, type);
    QFETCH(QString, number);
    QFETCH(QString, mrz);
    QFETCH(QStringList, issues);
    const RealNameId id(name, type, number, mrz);
    QStringList got;
    const ValidationReport report = id.validate(kToday);
    for (const ValidationIssue &i : report.issues()) {
        got.append(i.field + u' ' + i.code);
        QVERIFY(!i.message.isEmpty());
        // A message may explain a number, never repeat it.
        if (!id.revealNumber().isEmpty())
            QVERIFY(!i.message.contains(id.revealNumber()));
    }
    QCOMPARE(got, issues);
}

void TestRealNameId::mask_data()
{
    QTest::addColumn<DocumentType>("type");
    QTest::addColumn<QString>("number");
    QTest::addColumn<QString>("masked");
    QTest::newRow("cn vector") << DocumentType::CnResidentId << u"11010519491231002X"_s << u"110105********002X"_s;
    QTest::newRow("cn lowercase x input")
        << DocumentType::CnResidentId << u"11010519491231002x"_s << u"110105********002X"_s;
    QTest::newRow("cn legacy 15 hides all but 3")
        << DocumentType::CnResidentId << u"110105491231002"_s << u"************002"_s;
    QTest::newRow("cn short junk") << DocumentType::CnResidentId << u"12345"_s << u"*****"_s;
    QTest::newRow("passport 9") << DocumentType::Passport << u"L898902C3"_s << u"*****02C3"_s;
    QTest::newRow("passport 8") << DocumentType::Passport << u"G1234567"_s << u"****4567"_s;
    QTest::newRow("passport 7") << DocumentType::Passport << u"A123456"_s << u"****456"_s;
    QTest::newRow("passport 4") << DocumentType::Passport << u"A123"_s << u"****"_s;
    QTest::newRow("other 11") << DocumentType::Other << u"H1234567-01"_s << u"********-01"_s;
    QTest::newRow("other 5") << DocumentType::Other << u"H1234"_s << u"*****"_s;
    QTest::newRow("empty") << DocumentType::Passport << QString() << QString();
}

void TestRealNameId::mask()
{
    QFETCH(DocumentType, type);
    QFETCH(QString, number);
    QFETCH(QString, masked);
    const RealNameId id(u"Name"_s, type, number);
    QCOMPARE(id.maskedNumber(), masked);
    // Whatever the type, the birth date digits of a resident ID never show.
    if (number.size() == 18)
        QVERIFY(!id.maskedNumber().contains(number.mid(6, 8)));
}

void TestRealNameId::matches_data()
{
    QTest::addColumn<QString>("nameA");
    QTest::addColumn<QString>("numberA");
    QTest::addColumn<QString>("nameB");
    QTest::addColumn<QString>("numberB");
    QTest::addColumn<bool>("same");
    const QString id = u"11010519491231002X"_s;
    QTest::newRow("identical") << u"张三"_s << id << u"张三"_s << id << true;
    QTest::newRow("trailing x case") << u"张三"_s << id << u"张三"_s << u"11010519491231002x"_s << true;
    QTest::newRow("full-width number") << u"张三"_s << id << u"张三"_s << u"１１０１０５１９４９１２３１００２Ｘ"_s
                                       << true;
    QTest::newRow("spaces in number") << u"张三"_s << id << u"张三"_s << u"110105 19491231 002X"_s << true;
    QTest::newRow("space inside Chinese name") << u"张三"_s << id << u"张 三"_s << id << true;
    QTest::newRow("ideographic space in name") << u"张三"_s << id << u"张\u3000三"_s << id << true;
    QTest::newRow("middle dot variants") << u"阿依古丽·买买提"_s << id << u"阿依古丽\uFF65买买提"_s << id << true;
    QTest::newRow("latin case") << u"Anna Eriksson"_s << id << u"ANNA ERIKSSON"_s << id << true;
    QTest::newRow("rare character, spaces")
        << QString::fromUcs4(U"\U00020BB7\u5927", 2) << id << QString::fromUcs4(U"\U00020BB7 \u5927", 3) << id << true;
    QTest::newRow("latin spaces collapsed") << u"Anna Eriksson"_s << id << u"  anna   eriksson "_s << id << true;
    QTest::newRow("full-width latin") << u"Anna"_s << id << u"\uFF21\uFF4E\uFF4E\uFF41"_s << id << true;
    QTest::newRow("latin words not joined") << u"Anna Eriksson"_s << id << u"AnnaEriksson"_s << id << false;
    QTest::newRow("other person") << u"张三"_s << id << u"李四"_s << id << false;
    QTest::newRow("other number") << u"张三"_s << id << u"张三"_s << u"440304199001011233"_s << false;
}

void TestRealNameId::matches()
{
    QFETCH(QString, nameA);
    QFETCH(QString, numberA);
    QFETCH(QString, nameB);
    QFETCH(QString, numberB);
    QFETCH(bool, same);
    const RealNameId a(nameA, DocumentType::CnResidentId, numberA);
    const RealNameId b(nameB, DocumentType::CnResidentId, numberB);
    QCOMPARE(a.matches(b), same);
    QCOMPARE(b.matches(a), same);
    // The document type is part of the identity.
    QVERIFY(!a.matches(RealNameId(nameA, DocumentType::Other, numberA)));
}

void TestRealNameId::debugStreamShowsOnlyMaskedNumber()
{
    const RealNameId id(u"张三"_s, DocumentType::CnResidentId, u"11010519491231002X"_s);
    QString out;
    QDebug(&out) << id;
    QVERIFY2(out.contains(u"110105********002X"_s), qPrintable(out));
    QVERIFY2(!out.contains(u"19491231"_s), qPrintable(out));
    QVERIFY(out.contains(u"CN_RESIDENT_ID"_s));

    const RealNameId pp(u"Anna"_s, DocumentType::Passport, u"L898902C3"_s, kMrz);
    out.clear();
    QDebug(&out) << pp;
    QVERIFY2(!out.contains(u"L898902C3"_s) && !out.contains(u"L898902"_s), qPrintable(out));
}

void TestRealNameId::latestDateIsAheadOfEveryZone()
{
    // 2026-06-01 10:30 UTC is already 2 June in Kiribati (UTC+14).
    QCOMPARE(RealNameId::latestDate(QDateTime(QDate(2026, 6, 1), QTime(10, 30), Qt::UTC)), QDate(2026, 6, 2));
    QCOMPARE(RealNameId::latestDate(QDateTime(QDate(2026, 6, 1), QTime(9, 59), Qt::UTC)), QDate(2026, 6, 1));
    // Someone born today in Beijing is not "born in the future" for a server clock on UTC.
    const RealNameId baby(u"张小宝"_s, DocumentType::CnResidentId, u"110105202606020013"_s);
    const QDate latest = RealNameId::latestDate(QDateTime(QDate(2026, 6, 1), QTime(17, 0), Qt::UTC));
    QVERIFY(baby.validate(latest).isValid());
    QVERIFY(baby.validate(QDate(2026, 6, 1)).hasCode(u"id_birth_date_future"_s));
}

QTEST_GUILESS_MAIN(TestRealNameId)
#include "test_RealNameId.moc"
