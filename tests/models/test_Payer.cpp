// Payer: the account id format and that validation reports every problem with its path from
// the order's root ("payer.…").

#include "models/Payer.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

class TestPayer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void accountId_data();
    void accountId();
    void validateReportsEveryFieldWithPath();
    void validIdentityAndAccount();
    void accountIdIsTrimmed();
};

static const QDate kToday(2026, 6, 1);

void TestPayer::accountId_data()
{
    QTest::addColumn<QString>("accountId");
    QTest::addColumn<bool>("valid");
    QTest::newRow("user name") << u"zhang.san"_s << true;
    QTest::newRow("e-mail") << u"zhang.san+pay@example.com"_s << true;
    QTest::newRow("E.164 phone") << u"+8613800138000"_s << true;
    QTest::newRow("3 characters") << u"abc"_s << true;
    QTest::newRow("64 characters") << QString(64, u'a') << true;
    QTest::newRow("2 characters") << u"ab"_s << false;
    QTest::newRow("65 characters") << QString(65, u'a') << false;
    QTest::newRow("starts with a dot") << u".zhang"_s << false;
    QTest::newRow("starts with @") << u"@zhang"_s << false;
    QTest::newRow("space inside") << u"zhang san"_s << false;
    QTest::newRow("slash") << u"zhang/san"_s << false;
    QTest::newRow("non-ASCII letter") << u"zhängsan"_s << false;
    QTest::newRow("full-width digit") << u"abc\uFF11"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestPayer::accountId()
{
    QFETCH(QString, accountId);
    QFETCH(bool, valid);
    QCOMPARE(Payer::isValidAccountId(accountId), valid);
    const Payer payer(accountId, RealNameId(u"张三"_s, DocumentType::CnResidentId, u"11010519491231002X"_s));
    QCOMPARE(payer.validate(kToday).isValid(), valid);
}

void TestPayer::validateReportsEveryFieldWithPath()
{
    const Payer payer(u"a b"_s,
        RealNameId(u"Zhang 3"_s, DocumentType::Passport, u"E1"_s, u"L898902C36UTO7408122F1204159ZE184226B<<<<<11"_s));
    QStringList got;
    const ValidationReport report = payer.validate(kToday);
    for (const ValidationIssue &i : report.issues())
        got.append(i.field + u' ' + i.code);
    const QStringList expected { u"payer.accountId account_id_format"_s, u"payer.name name_characters"_s,
        u"payer.documentNumber passport_number_format"_s, u"payer.mrzLine mrz_composite_check"_s,
        u"payer.mrzLine mrz_document_number_mismatch"_s };
    QCOMPARE(got, expected);

    const ValidationReport empty = Payer().validate(kToday);
    QCOMPARE(empty.issuesFor(u"payer.accountId"_s).size(), 1);
    QCOMPARE(empty.issuesFor(u"payer.accountId"_s).first().code, u"required"_s);
    QCOMPARE(empty.issuesFor(u"payer.name"_s).first().code, u"required"_s);
    QCOMPARE(empty.issuesFor(u"payer.documentNumber"_s).first().code, u"required"_s);
}

void TestPayer::validIdentityAndAccount()
{
    const Payer payer(
        u"payer.zhang@example.com"_s, RealNameId(u"张三"_s, DocumentType::CnResidentId, u"11010519491231002x"_s));
    QVERIFY(payer.validate(kToday).isValid());
    QCOMPARE(payer.identity().maskedNumber(), u"110105********002X"_s);
}

void TestPayer::accountIdIsTrimmed()
{
    const Payer payer(u"  payer01 "_s, RealNameId());
    QCOMPARE(payer.accountId(), u"payer01"_s);
}

QTEST_GUILESS_MAIN(TestPayer)
#include "test_Payer.moc"
