// FormCodec: strict parsing of form bodies (escapes, UTF-8, duplicates) and deterministic encoding.

#include "payments/FormCodec.h"
#include "tests/server/ResultTesting.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

namespace {

// name, value, name, value, … — compact to write in _data() rows.
FormParams pairs(const QStringList &flat)
{
    FormParams out;
    for (qsizetype i = 0; i + 1 < flat.size(); i += 2)
        out.append({ flat[i], flat[i + 1] });
    return out;
}

} // namespace

class TestFormCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseValid_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("empty body") << QByteArray() << QStringList {};
        QTest::newRow("one") << "a=1"_ba << QStringList { u"a"_s, u"1"_s };
        QTest::newRow("document order") << "b=2&a=1"_ba << QStringList { u"b"_s, u"2"_s, u"a"_s, u"1"_s };
        QTest::newRow("plus and escape") << "a=1&b=x+y%21"_ba << QStringList { u"a"_s, u"1"_s, u"b"_s, u"x y!"_s };
        QTest::newRow("escaped plus") << "a=%2B"_ba << QStringList { u"a"_s, u"+"_s };
        QTest::newRow("empty value") << "a=&b=1"_ba << QStringList { u"a"_s, u""_s, u"b"_s, u"1"_s };
        QTest::newRow("equals in value") << "sign=abc=="_ba << QStringList { u"sign"_s, u"abc=="_s };
        QTest::newRow("lower-case hex") << "e=%c3%a9"_ba << QStringList { u"e"_s, u"é"_s };
        QTest::newRow("upper-case hex") << "e=%C3%A9"_ba << QStringList { u"e"_s, u"é"_s };
        QTest::newRow("chinese name and value") << "%E4%B8%AD=%E6%96%87"_ba << QStringList { u"中"_s, u"文"_s };
        QTest::newRow("raw utf-8") << "subject=\xE6\x9C\xBA\xE7\xA5\xA8"_ba << QStringList { u"subject"_s, u"机票"_s };
        QTest::newRow("four-byte utf-8") << "x=%F0%9F%98%80"_ba << QStringList { u"x"_s, u"😀"_s };
        QTest::newRow("escaped ampersand and equals") << "q=a%26b%3Dc"_ba << QStringList { u"q"_s, u"a&b=c"_s };
        QTest::newRow("nul byte") << "z=%00"_ba << QStringList { u"z"_s, QString(QChar(0)) };
        QTest::newRow("json value") << "biz_content=%7B%22out_trade_no%22%3A%22P1%22%7D"_ba
                                    << QStringList { u"biz_content"_s, u"{\"out_trade_no\":\"P1\"}"_s };
    }

    void parseValid()
    {
        QFETCH(QByteArray, body);
        QFETCH(QStringList, expected);
        const auto params = FormCodec::parse(body);
        VERIFY_OK(params);
        QCOMPARE(*params, pairs(expected));
    }

    void parseInvalid_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field"); // the parameter named in the error ("" when there is none)
        QTest::newRow("lone percent") << "a=%"_ba << u"a"_s;
        QTest::newRow("one hex digit") << "a=%4"_ba << u"a"_s;
        QTest::newRow("one hex digit then more") << "a=%4&b=1"_ba << u"a"_s;
        QTest::newRow("non-hex escape") << "a=%G1"_ba << u"a"_s;
        QTest::newRow("non-hex second digit") << "a=%1z"_ba << u"a"_s;
        QTest::newRow("escape in name") << "%zz=1"_ba << u""_s;
        QTest::newRow("invalid utf-8 continuation") << "a=%C3%28"_ba << u"a"_s;
        QTest::newRow("truncated utf-8") << "a=%E6%96"_ba << u"a"_s;
        QTest::newRow("overlong nul") << "a=%C0%80"_ba << u"a"_s;
        QTest::newRow("overlong slash") << "a=%E0%80%AF"_ba << u"a"_s;
        QTest::newRow("surrogate") << "a=%ED%A0%80"_ba << u"a"_s;
        QTest::newRow("above U+10FFFF") << "a=%F4%90%80%80"_ba << u"a"_s;
        QTest::newRow("byte FF") << "a=%FF"_ba << u"a"_s;
        QTest::newRow("raw invalid byte") << "a=\xff"_ba << u"a"_s;
        QTest::newRow("invalid utf-8 in name") << "%C3=1"_ba << u""_s;
        QTest::newRow("no equals") << "a"_ba << u"a"_s;
        QTest::newRow("no equals second") << "a=1&b"_ba << u"b"_s;
        QTest::newRow("empty name") << "=1"_ba << u""_s;
        QTest::newRow("just equals") << "="_ba << u""_s;
        QTest::newRow("duplicate") << "a=1&a=2"_ba << u"a"_s;
        QTest::newRow("duplicate after decoding") << "a=1&%61=2"_ba << u"a"_s;
        QTest::newRow("duplicate with empty value") << "a=&a=1"_ba << u"a"_s;
        QTest::newRow("trailing ampersand") << "a=1&"_ba << u""_s;
        QTest::newRow("leading ampersand") << "&a=1"_ba << u""_s;
        QTest::newRow("double ampersand") << "a=1&&b=2"_ba << u""_s;
        QTest::newRow("lone ampersand") << "&"_ba << u""_s;
    }

    void parseInvalid()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        const auto params = FormCodec::parse(body);
        QVERIFY(!params);
        QCOMPARE(params.error().code, u"form_invalid"_s);
        QVERIFY(!params.error().message.isEmpty());
        QCOMPARE(params.error().field, field);
        if (!field.isEmpty())
            QVERIFY2(params.error().message.contains(field), qPrintable(params.error().message));
    }

    void encode_data()
    {
        QTest::addColumn<QStringList>("params");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("none") << QStringList {} << QByteArray();
        QTest::newRow("given order kept") << QStringList { u"b"_s, u"2"_s, u"a"_s, u"1"_s } << "b=2&a=1"_ba;
        QTest::newRow("space is %20") << QStringList { u"s"_s, u"x y"_s } << "s=x%20y"_ba;
        QTest::newRow("unreserved") << QStringList { u"u"_s, u"AZaz09-._*"_s } << "u=AZaz09-._*"_ba;
        QTest::newRow("tilde encoded") << QStringList { u"t"_s, u"~"_s } << "t=%7E"_ba;
        QTest::newRow("reserved") << QStringList { u"r"_s, u"+=&/?:%\""_s } << "r=%2B%3D%26%2F%3F%3A%25%22"_ba;
        QTest::newRow("base64 signature") << QStringList { u"sign"_s, u"ab+/cd=="_s } << "sign=ab%2B%2Fcd%3D%3D"_ba;
        QTest::newRow("utf-8 upper-case hex") << QStringList { u"中"_s, u"é"_s } << "%E4%B8%AD=%C3%A9"_ba;
        QTest::newRow("empty value") << QStringList { u"e"_s, u""_s } << "e="_ba;
        QTest::newRow("package") << QStringList { u"package"_s, u"Sign=WXPay"_s } << "package=Sign%3DWXPay"_ba;
    }

    void encode()
    {
        QFETCH(QStringList, params);
        QFETCH(QByteArray, expected);
        QCOMPARE(FormCodec::encode(pairs(params)), expected);
        // What we write, we read back unchanged.
        if (!params.isEmpty()) {
            const auto back = FormCodec::parse(expected);
            VERIFY_OK(back);
            QCOMPARE(*back, pairs(params));
        }
    }

    void valueLookup()
    {
        const auto params = FormCodec::parse("a=1&b=&c=3");
        VERIFY_OK(params);
        QCOMPARE(FormCodec::value(*params, u"a"), u"1"_s);
        QCOMPARE(FormCodec::value(*params, u"c"), u"3"_s);
        QVERIFY(FormCodec::value(*params, u"missing").isNull());
        // Present but empty is not the same as absent.
        QVERIFY(!FormCodec::value(*params, u"b").isNull());
        QVERIFY(FormCodec::value(*params, u"b").isEmpty());
        // The first of a hand-built repeat.
        const FormParams repeated = { { u"k"_s, u"first"_s }, { u"k"_s, u"second"_s } };
        QCOMPARE(FormCodec::value(repeated, u"k"), u"first"_s);
    }
};

QTEST_GUILESS_MAIN(TestFormCodec)
#include "test_FormCodec.moc"
