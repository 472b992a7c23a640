// deskpay-cli validate, run as a separate process on sample files: output lines
// "<field> <code> <message>" and exit codes 0 (valid), 1 (invalid), 2 (unreadable/not JSON/usage).

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QStringList out; // stdout lines
    QString err;
};

QString samples()
{
    return qEnvironmentVariable("DESKPAY_SOURCE_DIR") + u"/tests/data/orders/"_s;
}

// The instant the sample files were written for: their quotes are fresh and flights ahead.
const QString kNow = u"--now=2026-11-20T12:00:00Z"_s;

} // namespace

class TestCliValidate : public QObject
{
    Q_OBJECT

private:
    Run run(const QStringList &arguments);
    QString m_cli;

private Q_SLOTS:
    void initTestCase();
    void validFiles_data();
    void validFiles();
    void invalidFileListsEveryProblem();
    void malformedFile();
    void missingFile();
    void byteOrderMarkIsSkipped();
    void rootNotAnObject();
    void usageErrors_data();
    void usageErrors();
    void versionAndHelp();
};

Run TestCliValidate::run(const QStringList &arguments)
{
    QProcess p;
    p.start(m_cli, arguments);
    Run r;
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit)
        return r;
    r.exitCode = p.exitCode();
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    r.out = out.split(u'\n', Qt::SkipEmptyParts);
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

void TestCliValidate::initTestCase()
{
    m_cli = qEnvironmentVariable("DESKPAY_BINARY_DIR") + u"/bin/deskpay-cli"_s;
    if (!QFile::exists(m_cli))
        QFAIL(qPrintable(u"deskpay-cli not built at "_s + m_cli));
    if (!QFile::exists(samples() + u"valid-date-change.json"_s))
        QFAIL(qPrintable(u"sample orders not found in "_s + samples()));
}

void TestCliValidate::validFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("date change, resident ID with lower-case x") << u"valid-date-change.json"_s;
    QTest::newRow("upgrade, passport with MRZ, JPY") << u"valid-upgrade-passport.json"_s;
}

void TestCliValidate::validFiles()
{
    QFETCH(QString, file);
    const Run r = run({ u"validate"_s, kNow, samples() + file });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringList());
}

void TestCliValidate::invalidFileListsEveryProblem()
{
    const Run r = run({ u"validate"_s, kNow, samples() + u"invalid-several.json"_s });
    QCOMPARE(r.exitCode, 1);
    QStringList fieldsAndCodes;
    for (const QString &line : r.out) {
        const QStringList parts = line.split(u' ');
        QVERIFY2(parts.size() >= 3, qPrintable(line)); // field, code and a message
        fieldsAndCodes.append(parts[0] + u' ' + parts[1]);
    }
    // Decoding problems first, then the domain's; "pricing.changeFee" is reported once.
    const QStringList expected {
        u"pricing.changeFee.amount wrong_type"_s,
        u"payTypes[1] invalid_value"_s,
        u"discount unknown_field"_s,
        u"ticketNumber ticket_number_format"_s,
        u"pnr pnr_format"_s,
        u"coupons[1] coupon_range"_s,
        u"payer.documentNumber id_check_character"_s,
    };
    QCOMPARE(fieldsAndCodes, expected);
    // The document number never appears in the output.
    QVERIFY(!r.out.join(u'\n').contains(u"110105194912310021"_s));
}

void TestCliValidate::malformedFile()
{
    const Run r = run({ u"validate"_s, kNow, samples() + u"malformed.json"_s });
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.out, QStringList());
    QVERIFY2(r.err.contains(u"malformed.json"_s) && r.err.contains(u"line 4, column 19"_s), qPrintable(r.err));
}

void TestCliValidate::missingFile()
{
    const Run r = run({ u"validate"_s, kNow, samples() + u"no-such-order.json"_s });
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.out, QStringList());
    QVERIFY2(r.err.contains(u"no-such-order.json"_s), qPrintable(r.err));

    const Run dir = run({ u"validate"_s, kNow, samples() });
    QCOMPARE(dir.exitCode, 2);
}

void TestCliValidate::byteOrderMarkIsSkipped()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QFile in(samples() + u"valid-date-change.json"_s);
    QVERIFY(in.open(QIODevice::ReadOnly));
    QFile out(tmp.filePath(u"bom.json"_s));
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write("\xEF\xBB\xBF" + in.readAll());
    out.close();
    const Run r = run({ u"validate"_s, kNow, out.fileName() });
    QCOMPARE(r.exitCode, 0);
}

void TestCliValidate::rootNotAnObject()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QFile f(tmp.filePath(u"array.json"_s));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("[]\n");
    f.close();
    const Run r = run({ u"validate"_s, kNow, f.fileName() });
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.out.size(), 1);
    QVERIFY2(r.out.first().startsWith(u"$ wrong_type "_s), qPrintable(r.out.first()));
}

void TestCliValidate::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("no command") << QStringList();
    QTest::newRow("unknown command") << QStringList { u"frobnicate"_s };
    QTest::newRow("validate without file") << QStringList { u"validate"_s };
    QTest::newRow("two files") << QStringList { u"validate"_s, u"a.json"_s, u"b.json"_s };
    QTest::newRow("unknown option") << QStringList { u"validate"_s, u"--strict"_s,
        samples() + u"valid-date-change.json"_s };
    QTest::newRow("bad --now") << QStringList { u"validate"_s, u"--now=yesterday"_s,
        samples() + u"valid-date-change.json"_s };
}

void TestCliValidate::usageErrors()
{
    QFETCH(QStringList, arguments);
    const Run r = run(arguments);
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.out, QStringList());
    QVERIFY(!r.err.isEmpty());
}

void TestCliValidate::versionAndHelp()
{
    const Run v = run({ u"--version"_s });
    QCOMPARE(v.exitCode, 0);
    QCOMPARE(v.out.size(), 1);
    QVERIFY(v.out.first().startsWith(u"deskpay-cli "_s));

    const Run h = run({ u"--help"_s });
    QCOMPARE(h.exitCode, 0);
    QVERIFY(h.out.join(u'\n').contains(u"validate"_s));

    const Run vh = run({ u"validate"_s, u"--help"_s });
    QCOMPARE(vh.exitCode, 0);
    QVERIFY(vh.out.join(u'\n').contains(u"--now"_s));
}

QTEST_GUILESS_MAIN(TestCliValidate)
#include "test_CliValidate.moc"
