// JsonReader and JsonValue: strict RFC 8259 parsing with the place of each error, and the
// canonical (RFC 8785-style) writer the codecs rely on for byte-identical output.

#include "services/protocol/JsonReader.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

class TestJsonReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void accepts_data();
    void accepts();
    void refuses_data();
    void refuses();
    void lineAndColumn();
    void limits();
    void keepsDuplicatesAndLiterals();
    void canonicalWriter_data();
    void canonicalWriter();
};

void TestJsonReader::accepts_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("canonical");
    QTest::newRow("empty object") << " { } "_ba
                                  << "{}"_ba;
    QTest::newRow("sorted on output") << R"({"b":1,"a":[true,false,null]})"_ba
                                      << R"({"a":[true,false,null],"b":1})"_ba;
    QTest::newRow("whitespace everywhere") << "\r\n\t[ 1 , -0.5e+3 , \"x\" ]\n"_ba
                                           << R"([1,-0.5e+3,"x"])"_ba;
    QTest::newRow("escapes decoded and re-escaped minimally") << R"(["\u0041\/\b\f\n\r\t\"\\\u00e9\u001f"])"_ba
                                                              << "[\"A/\\b\\f\\n\\r\\t\\\"\\\\\xC3\xA9\\u001f\"]"_ba;
    QTest::newRow("surrogate pair escape") << R"(["\ud83d\ude00"])"_ba
                                           << "[\"\xF0\x9F\x98\x80\"]"_ba;
    QTest::newRow("raw UTF-8") << "[\"\xE5\xBC\xA0\xE4\xB8\x89\"]"_ba
                               << "[\"\xE5\xBC\xA0\xE4\xB8\x89\"]"_ba;
    QTest::newRow("U+2028 stays literal") << "[\"\xE2\x80\xA8\"]"_ba
                                          << "[\"\xE2\x80\xA8\"]"_ba;
    QTest::newRow("scalar root") << "0"_ba
                                 << "0"_ba;
    // UTF-16 order: "Z" (0x5A) < "a" (0x61) < "é" (0xE9) < "€" (0x20AC) < "😀" (0xD83D …) < "ｆ" (0xFF46)
    QTest::newRow("keys in UTF-16 code unit order")
        << "{\"\xEF\xBD\x86\":6,\"\xF0\x9F\x98\x80\":5,\"\xE2\x82\xAC\":4,\"\xC3\xA9\":3,\"a\":2,\"Z\":1}"_ba
        << "{\"Z\":1,\"a\":2,\"\xC3\xA9\":3,\"\xE2\x82\xAC\":4,\"\xF0\x9F\x98\x80\":5,\"\xEF\xBD\x86\":6}"_ba;
}

void TestJsonReader::accepts()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, canonical);
    const auto v = JsonReader::parse(json);
    QVERIFY2(v.has_value(), v ? "" : qPrintable(v.error().toError().message));
    QCOMPARE(v->toCanonicalJson(), canonical);
    // Canonical output parses back to itself.
    const auto again = JsonReader::parse(canonical);
    QVERIFY(again.has_value());
    QCOMPARE(again->toCanonicalJson(), canonical);
}

void TestJsonReader::refuses_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("offset");
    QTest::newRow("empty") << ""_ba << 0;
    QTest::newRow("only whitespace") << "  \n"_ba << 3;
    QTest::newRow("missing value") << R"({"a":})"_ba << 5;
    QTest::newRow("trailing comma in object") << R"({"a":1,})"_ba << 7;
    QTest::newRow("trailing comma in array") << "[1,]"_ba << 3;
    QTest::newRow("unquoted key") << "{a:1}"_ba << 1;
    QTest::newRow("single quotes") << "['a']"_ba << 1;
    QTest::newRow("unterminated string") << R"(["abc)"_ba << 5;
    QTest::newRow("unterminated array") << "[1,2"_ba << 4;
    QTest::newRow("leading zero") << "[01]"_ba << 2;
    QTest::newRow("plus sign") << "[+1]"_ba << 1;
    QTest::newRow("bare decimal point") << "[1.]"_ba << 3;
    QTest::newRow("NaN") << "[NaN]"_ba << 1;
    QTest::newRow("Infinity") << "[-Infinity]"_ba << 2;
    QTest::newRow("comment") << "[1 /* x */]"_ba << 3;
    QTest::newRow("two values") << "{} {}"_ba << 3;
    QTest::newRow("raw newline in string") << "[\"a\nb\"]"_ba << 3;
    QTest::newRow("unknown escape") << R"(["\x41"])"_ba << 2;
    QTest::newRow("short unicode escape") << R"(["\u12"])"_ba << 2;
    QTest::newRow("lone high surrogate") << R"(["\ud83d"])"_ba << 2;
    QTest::newRow("lone low surrogate") << R"(["\ude00"])"_ba << 2;
    QTest::newRow("invalid UTF-8 byte") << "[\"\xFF\"]"_ba << 2;
    QTest::newRow("overlong UTF-8") << "[\"\xC0\xAF\"]"_ba << 2;
    QTest::newRow("UTF-8 surrogate") << "[\"\xED\xA0\x80\"]"_ba << 2;
    QTest::newRow("truncated UTF-8") << "[\"\xE5\xBC\"]"_ba << 2;
    QTest::newRow("byte order mark") << "\xEF\xBB\xBF{}"_ba << 0;
    QTest::newRow("misspelt true") << "[tru]"_ba << 1;
}

void TestJsonReader::refuses()
{
    QFETCH(QByteArray, json);
    QFETCH(int, offset);
    const auto v = JsonReader::parse(json);
    QVERIFY(!v.has_value());
    QCOMPARE(v.error().offset, offset);
    QVERIFY(!v.error().reason.isEmpty());
    const Error e = v.error().toError();
    QCOMPARE(e.code, u"invalid_json"_s);
    QVERIFY2(e.message.contains(u"byte %1"_s.arg(offset)), qPrintable(e.message));
}

void TestJsonReader::lineAndColumn()
{
    const auto v = JsonReader::parse("{\n  \"a\": 1,\n  \"b\": tru\n}"_ba);
    QVERIFY(!v.has_value());
    QCOMPARE(v.error().line, 3);
    QCOMPARE(v.error().column, 8);
    QVERIFY(v.error().toError().message.contains(u"line 3, column 8"_s));
}

void TestJsonReader::limits()
{
    JsonReader::Limits limits;
    limits.maxDepth = 3;
    QVERIFY(JsonReader::parse("[[[1]]]"_ba, limits).has_value());
    const auto deep = JsonReader::parse("[[[[1]]]]"_ba, limits);
    QVERIFY(!deep.has_value());
    QVERIFY(deep.error().tooLarge);
    // The default depth stops a stack-exhausting input quickly.
    const auto bomb = JsonReader::parse(QByteArray(100000, '['));
    QVERIFY(!bomb.has_value());
    QCOMPARE(bomb.error().offset, 32);

    limits.maxBytes = 8;
    QVERIFY(JsonReader::parse("[1,2,3]"_ba, limits).has_value());
    const auto big = JsonReader::parse("[1,2,3,4]"_ba, limits);
    QVERIFY(!big.has_value());
    QCOMPARE(big.error().toError().code, u"too_large"_s);
}

void TestJsonReader::keepsDuplicatesAndLiterals()
{
    const auto v = JsonReader::parse(R"({"a":1,"a":2.50,"b":-0})"_ba);
    QVERIFY(v.has_value());
    QCOMPARE(v->keys(), (QStringList { u"a"_s, u"a"_s, u"b"_s }));
    QCOMPARE(v->member(u"a")->text(), u"1"_s);
    QCOMPARE(v->children()[1].text(), u"2.50"_s);
    QCOMPARE(v->member(u"b")->text(), u"-0"_s);
    QCOMPARE(v->member(u"b")->offset(), 20);
}

void TestJsonReader::canonicalWriter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("plain") << u"abc"_s << "\"abc\""_ba;
    QTest::newRow("quote and backslash") << u"a\"b\\c"_s << R"("a\"b\\c")"_ba;
    QTest::newRow("slash is not escaped") << u"a/b"_s << R"("a/b")"_ba;
    QTest::newRow("control characters") << u"\u0000\u0007\u001f\u007f"_s << "\"\\u0000\\u0007\\u001f\x7F\""_ba;
    QTest::newRow("non-ASCII as UTF-8") << u"票€"_s << "\"\xE7\xA5\xA8\xE2\x82\xAC\""_ba;
}

void TestJsonReader::canonicalWriter()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, json);
    QCOMPARE(JsonValue::string(text).toCanonicalJson(), json);
    const auto back = JsonReader::parse(json);
    QVERIFY(back.has_value());
    QCOMPARE(back->text(), text);
}

QTEST_GUILESS_MAIN(TestJsonReader)
#include "test_JsonReader.moc"
