// StructuredFields: RFC 8941 parse → serialise round trips, typed values, and strict rejections.

#include "Rfc9421Vector.h"
#include "services/protocol/StructuredFields.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

class TestStructuredFields : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dictionaryRoundTrip_data();
    void dictionaryRoundTrip();
    void listRoundTrip_data();
    void listRoundTrip();
    void itemRoundTrip_data();
    void itemRoundTrip();
    void parsedValues();
    void signatureInputIsBuiltExactly();
    void dictionaryRejects_data();
    void dictionaryRejects();
    void itemRejects_data();
    void itemRejects();
    void serialiseRejects_data();
    void serialiseRejects();
};

void TestStructuredFields::dictionaryRoundTrip_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("canonical");

    const auto same = [](const char *name, const QByteArray &v) { QTest::newRow(name) << v << v; };
    same("integers", "a=1, b=-2, c=999999999999999"_ba);
    same("decimal", "d=1.5, e=-0.125"_ba);
    same("string with escapes", R"(s="a \"quoted\" \\ word")"_ba);
    same("token", "t=application/json, u=*foo:bar"_ba);
    same("byte sequence", "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:"_ba);
    same("booleans", "a, b=?0, c;x=1"_ba);
    same("empty inner list", "e=()"_ba);
    same("rfc 9421 signature input",
        R"(sig1=("@method" "@target-uri" "content-digest");created=1618884473;keyid="test-key-ed25519";nonce="abc")"_ba);
    same("parameters on inner list items", R"(a=("x";sf "y";key="k");p=?0)"_ba);
    QTest::newRow("no space after comma") << "a=1,b=2"_ba
                                          << "a=1, b=2"_ba;
    QTest::newRow("tabs around comma") << "a=1 \t,\t b=2"_ba
                                       << "a=1, b=2"_ba;
    QTest::newRow("leading and trailing spaces") << "  a=1  "_ba
                                                 << "a=1"_ba;
    QTest::newRow("spaces inside inner list") << R"(a=(  "x"   "y"  ))"_ba
                                              << R"(a=("x" "y"))"_ba;
    QTest::newRow("space after semicolon") << "a=1; x=2"_ba
                                           << "a=1;x=2"_ba;
    QTest::newRow("decimal trailing zeros") << "d=1.500"_ba
                                            << "d=1.5"_ba;
    QTest::newRow("explicit true") << "a=?1;x=?1"_ba
                                   << "a;x"_ba;
    QTest::newRow("duplicate key keeps position, last value") << "a=1, b=2, a=3"_ba
                                                              << "a=3, b=2"_ba;
    QTest::newRow("empty") << QByteArray() << QByteArray();
}

void TestStructuredFields::dictionaryRoundTrip()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, canonical);
    auto parsed = StructuredFields::parseDictionary(input);
    QVERIFY2(parsed, test::why(parsed).constData());
    auto serialised = StructuredFields::serializeDictionary(*parsed);
    QVERIFY2(serialised, test::why(serialised).constData());
    QCOMPARE(*serialised, canonical);
    // Serialising is a fixed point: the canonical form parses to the same value.
    QCOMPARE(StructuredFields::parseDictionary(*serialised).value(), *parsed);
}

void TestStructuredFields::listRoundTrip_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("canonical");

    QTest::newRow("tokens") << "sugar, tea, rum"_ba
                            << "sugar, tea, rum"_ba;
    QTest::newRow("inner lists") << R"(("foo" "bar");lvl=5, ("baz"), ())"_ba
                                 << R"(("foo" "bar");lvl=5, ("baz"), ())"_ba;
    QTest::newRow("mixed") << "1,\"two\" , :AAE=:;p"_ba
                           << "1, \"two\", :AAE=:;p"_ba;
    QTest::newRow("empty") << QByteArray() << QByteArray();
}

void TestStructuredFields::listRoundTrip()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, canonical);
    auto parsed = StructuredFields::parseList(input);
    QVERIFY2(parsed, test::why(parsed).constData());
    QCOMPARE(StructuredFields::serializeList(*parsed).value(), canonical);
}

void TestStructuredFields::itemRoundTrip_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("canonical");

    QTest::newRow("string") << "\"hello\""_ba
                            << "\"hello\""_ba;
    QTest::newRow("empty string") << "\"\""_ba
                                  << "\"\""_ba;
    QTest::newRow("negative zero") << "-0"_ba
                                   << "0"_ba;
    QTest::newRow("decimal max") << "123456789012.123"_ba
                                 << "123456789012.123"_ba;
    QTest::newRow("boolean with params") << "?0;a=1;b"_ba
                                         << "?0;a=1;b"_ba;
    QTest::newRow("unpadded bytes") << ":AAE:"_ba
                                    << ":AAE=:"_ba;
    QTest::newRow("empty bytes") << "::"_ba
                                 << "::"_ba;
}

void TestStructuredFields::itemRoundTrip()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, canonical);
    auto parsed = StructuredFields::parseItem(input);
    QVERIFY2(parsed, test::why(parsed).constData());
    QCOMPARE(StructuredFields::serializeItem(*parsed).value(), canonical);
}

void TestStructuredFields::parsedValues()
{
    auto dict = StructuredFields::parseDictionary(
        R"(sig=("@method" "content-type");created=1618884473;keyid="k\"1", b=:AAEC:, t=foo, d=2.25, f=?0)"_ba);
    QVERIFY2(dict, test::why(dict).constData());
    QCOMPARE(dict->size(), 5);

    const auto *sig = std::get_if<SfInnerList>(dict->find(u"sig"_s));
    QVERIFY(sig);
    QCOMPARE(sig->items.size(), 2);
    QVERIFY(sig->items.at(0).value.isString());
    QCOMPARE(sig->items.at(0).value.toString(), u"@method"_s);
    QCOMPARE(sig->parameters.find(u"created"_s)->toInteger(), 1618884473);
    QCOMPARE(sig->parameters.find(u"keyid"_s)->toString(), u"k\"1"_s);
    QCOMPARE(sig->parameters.entries().at(0).first, u"created"_s); // order kept

    const auto *bytes = std::get_if<SfItem>(dict->find(u"b"_s));
    QVERIFY(bytes && bytes->value.isByteSequence());
    QCOMPARE(bytes->value.toByteSequence(), "\x00\x01\x02"_ba);
    const auto *token = std::get_if<SfItem>(dict->find(u"t"_s));
    QVERIFY(token && token->value.isToken());
    QCOMPARE(token->value.toString(), u"foo"_s);
    const auto *decimal = std::get_if<SfItem>(dict->find(u"d"_s));
    QVERIFY(decimal && decimal->value.isDecimal());
    QCOMPARE(decimal->value.toDecimal(), 2.25);
    const auto *boolean = std::get_if<SfItem>(dict->find(u"f"_s));
    QVERIFY(boolean && boolean->value.isBoolean() && !boolean->value.toBoolean());
    QVERIFY(!dict->find(u"missing"_s));
}

void TestStructuredFields::signatureInputIsBuiltExactly()
{
    test::Rfc9421Vector vector;
    const QString error = test::Rfc9421Vector::load(&vector);
    if (!error.isEmpty())
        QFAIL(qPrintable(error));

    SfInnerList list;
    for (const QString &c :
        { u"date"_s, u"@method"_s, u"@path"_s, u"@authority"_s, u"content-type"_s, u"content-length"_s })
        list.items.append(SfItem { SfBareItem::string(c), {} });
    list.parameters.set(u"created"_s, SfBareItem::integer(1618884473));
    list.parameters.set(u"keyid"_s, SfBareItem::string(u"test-key-ed25519"_s));
    SfDictionary dict;
    dict.set(u"sig-b26"_s, SfMember(list));
    QCOMPARE(StructuredFields::serializeDictionary(dict).value(), vector.signatureInput);
}

void TestStructuredFields::dictionaryRejects_data()
{
    QTest::addColumn<QByteArray>("input");

    QTest::newRow("trailing comma") << "a=1,"_ba;
    QTest::newRow("trailing comma and space") << "a=1, "_ba;
    QTest::newRow("leading comma") << ",a=1"_ba;
    QTest::newRow("missing comma") << "a=1 b=2"_ba;
    QTest::newRow("uppercase key") << "A=1"_ba;
    QTest::newRow("key starting with digit") << "1a=1"_ba;
    QTest::newRow("space before equals") << "a =1"_ba;
    QTest::newRow("unterminated string") << "a=\"abc"_ba;
    QTest::newRow("bad escape") << R"(a="a\nb")"_ba;
    QTest::newRow("control character in string") << "a=\"a\tb\""_ba;
    QTest::newRow("non-ascii in string") << "a=\"caf\xc3\xa9\""_ba;
    QTest::newRow("non-ascii bare") << "a=\xc3\xa9"_ba;
    QTest::newRow("bytes not base64") << "a=:ab$c:"_ba;
    QTest::newRow("bytes unterminated") << "a=:AAEC"_ba;
    QTest::newRow("bytes padding in the middle") << "a=:AA=A:"_ba;
    QTest::newRow("bytes bad length") << "a=:AAECA===:"_ba;
    QTest::newRow("16-digit integer") << "a=1234567890123456"_ba;
    QTest::newRow("4 fractional digits") << "a=1.2345"_ba;
    QTest::newRow("13 integer digits in decimal") << "a=1234567890123.1"_ba;
    QTest::newRow("decimal ending in dot") << "a=1."_ba;
    QTest::newRow("lone minus") << "a=-"_ba;
    QTest::newRow("boolean 2") << "a=?2"_ba;
    QTest::newRow("inner list unterminated") << R"(a=("x" "y")"_ba;
    QTest::newRow("inner list with comma") << R"(a=("x","y"))"_ba;
    QTest::newRow("inner list items not separated") << R"(a=("x""y"))"_ba;
    QTest::newRow("nested inner list") << R"(a=(("x")))"_ba;
    QTest::newRow("parameter without key") << "a=1;"_ba;
    QTest::newRow("parameter uppercase key") << "a=1;K=2"_ba;
    QTest::newRow("garbage after member") << "a=1)"_ba;
    QTest::newRow("only a semicolon") << ";"_ba;
}

void TestStructuredFields::dictionaryRejects()
{
    QFETCH(QByteArray, input);
    auto parsed = StructuredFields::parseDictionary(input);
    QVERIFY2(!parsed, "parsed although malformed");
    QCOMPARE(parsed.error().code, u"sf_malformed"_s);
    QVERIFY(parsed.error().message.contains(u"offset"_s));
}

void TestStructuredFields::itemRejects_data()
{
    QTest::addColumn<QByteArray>("input");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("two items") << "1 2"_ba;
    QTest::newRow("list") << "1, 2"_ba;
    QTest::newRow("inner list is not an item") << "(1)"_ba;
    QTest::newRow("tab before item") << "\t1"_ba;
}

void TestStructuredFields::itemRejects()
{
    QFETCH(QByteArray, input);
    auto parsed = StructuredFields::parseItem(input);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().code, u"sf_malformed"_s);
}

void TestStructuredFields::serialiseRejects_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<SfBareItem>("value");

    QTest::newRow("string with newline") << u"a"_s << SfBareItem::string(u"line\nbreak"_s);
    QTest::newRow("string with non-ascii") << u"a"_s << SfBareItem::string(u"caf\u00e9"_s);
    QTest::newRow("token starting with digit") << u"a"_s << SfBareItem::token(u"1abc"_s);
    QTest::newRow("token with space") << u"a"_s << SfBareItem::token(u"a b"_s);
    QTest::newRow("empty token") << u"a"_s << SfBareItem::token(QString());
    QTest::newRow("integer too large") << u"a"_s << SfBareItem::integer(1'000'000'000'000'000);
    QTest::newRow("integer too small") << u"a"_s << SfBareItem::integer(-1'000'000'000'000'000);
    QTest::newRow("decimal too large") << u"a"_s << SfBareItem::decimal(1e12);
    QTest::newRow("decimal nan") << u"a"_s << SfBareItem::decimal(std::numeric_limits<double>::quiet_NaN());
    QTest::newRow("uppercase key") << u"Key"_s << SfBareItem::integer(1);
    QTest::newRow("empty key") << QString() << SfBareItem::integer(1);
}

void TestStructuredFields::serialiseRejects()
{
    QFETCH(QString, key);
    QFETCH(SfBareItem, value);
    SfDictionary dict;
    dict.set(key, SfMember(SfItem { value, {} }));
    auto out = StructuredFields::serializeDictionary(dict);
    QVERIFY2(!out, out ? out->constData() : "");
    QCOMPARE(out.error().code, u"sf_invalid_value"_s);

    SfParameters params;
    params.set(key.isEmpty() || key == u"Key" ? key : u"p"_s, value);
    QCOMPARE(StructuredFields::serializeParameters(params).error().code, u"sf_invalid_value"_s);
}

QTEST_GUILESS_MAIN(TestStructuredFields)
#include "test_StructuredFields.moc"
