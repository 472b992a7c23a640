// AlipaySignature: the signed content's exact bytes, RSA2 sign/verify (cross-checked with the
// openssl tool), the raw-slice split of gateway answers and the order string.

#include "payments/AlipaySignature.h"
#include "tests/server/ResultTesting.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

namespace {

FormParams pairs(const QStringList &flat)
{
    FormParams out;
    for (qsizetype i = 0; i + 1 < flat.size(); i += 2)
        out.append({ flat[i], flat[i + 1] });
    return out;
}

} // namespace

class TestAlipaySignature : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    RsaKey m_key;

    bool writeFile(const QString &name, const QByteArray &bytes)
    {
        QFile file(m_dir.filePath(name));
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
    }

    // The openssl tool's verdict on `signature` over `message` with m_key's public half.
    int opensslVerify(const QByteArray &message, const QByteArray &signature)
    {
        if (!writeFile(u"msg.bin"_s, message) || !writeFile(u"sig.bin"_s, signature))
            return -2;
        QProcess process;
        process.start(u"openssl"_s,
            { u"dgst"_s, u"-sha256"_s, u"-verify"_s, m_dir.filePath(u"pub.pem"_s), u"-signature"_s,
                m_dir.filePath(u"sig.bin"_s), m_dir.filePath(u"msg.bin"_s) });
        if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit)
            return -1;
        return process.exitCode();
    }

    static FormParams notification()
    {
        return pairs({ u"notify_type"_s, u"trade_status_sync"_s, u"trade_status"_s, u"TRADE_SUCCESS"_s, u"app_id"_s,
            u"2021000000000001"_s, u"out_trade_no"_s, u"P42"_s, u"total_amount"_s, u"12.50"_s, u"gmt_payment"_s,
            u"2026-11-22 12:00:00"_s, u"sign_type"_s, u"RSA2"_s, u"subject"_s, u"机票 改签&退款=1"_s });
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (QStandardPaths::findExecutable(u"openssl"_s).isEmpty())
            QFAIL("the openssl command-line tool is required for the cross-checks");
        auto key = RsaKey::generate();
        VERIFY_OK(key);
        m_key = *key;
        QVERIFY(writeFile(u"pub.pem"_s, *m_key.toPublicKeyPem()));
    }

    void signingContent_data()
    {
        QTest::addColumn<QStringList>("params");
        QTest::addColumn<QStringList>("exclude");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("sorted") << QStringList { u"b"_s, u"2"_s, u"a"_s, u"1"_s, u"c"_s, u"3"_s } << QStringList {}
                                << "a=1&b=2&c=3"_ba;
        QTest::newRow("empty values dropped")
            << QStringList { u"b"_s, u""_s, u"a"_s, u"1"_s, u"c"_s, u"3"_s } << QStringList {} << "a=1&c=3"_ba;
        QTest::newRow("request exclusions")
            << QStringList { u"sign"_s, u"xyz"_s, u"sign_type"_s, u"RSA2"_s, u"app_id"_s, u"1"_s }
            << AlipaySignature::requestExclusions() << "app_id=1&sign_type=RSA2"_ba;
        QTest::newRow("notification exclusions")
            << QStringList { u"sign"_s, u"xyz"_s, u"sign_type"_s, u"RSA2"_s, u"app_id"_s, u"1"_s }
            << AlipaySignature::notificationExclusions() << "app_id=1"_ba;
        QTest::newRow("raw values, not encoded") << QStringList { u"biz_content"_s, u"{\"subject\":\"a b&c=d\"}"_s,
            u"a"_s, u"+%20"_s } << QStringList {} << "a=+%20&biz_content={\"subject\":\"a b&c=d\"}"_ba;
        QTest::newRow("upper case before lower case")
            << QStringList { u"b"_s, u"1"_s, u"B"_s, u"2"_s, u"_"_s, u"3"_s } << QStringList {} << "B=2&_=3&b=1"_ba;
        QTest::newRow("prefix first") << QStringList { u"ab"_s, u"1"_s, u"a"_s, u"2"_s } << QStringList {}
                                      << "a=2&ab=1"_ba;
        QTest::newRow("utf-8 values") << QStringList { u"subject"_s, u"机票"_s } << QStringList {}
                                      << "subject=\xE6\x9C\xBA\xE7\xA5\xA8"_ba;
        // U+FF5E is EF BD 9E in UTF-8, U+1F600 is F0 9F 98 80; in UTF-16 the order is the
        // other way round (D83D DE00 < FF5E).
        QTest::newRow("utf-8 byte order, not utf-16") << QStringList { u"😀"_s, u"1"_s, u"～"_s, u"2"_s, u"z"_s, u"3"_s }
                                                      << QStringList {} << "z=3&\xEF\xBD\x9E=2&\xF0\x9F\x98\x80=1"_ba;
        QTest::newRow("nothing left") << QStringList { u"sign"_s, u"x"_s, u"e"_s, u""_s }
                                      << AlipaySignature::requestExclusions() << QByteArray();
    }

    void signingContent()
    {
        QFETCH(QStringList, params);
        QFETCH(QStringList, exclude);
        QFETCH(QByteArray, expected);
        QCOMPARE(AlipaySignature::signingContent(pairs(params), exclude), expected);
    }

    void signAndVerify()
    {
        FormParams params = notification();
        auto signature = AlipaySignature::sign(params, AlipaySignature::notificationExclusions(), m_key);
        VERIFY_OK(signature);
        params.append({ u"sign"_s, *signature });
        VERIFY_OK(AlipaySignature::verify(params, AlipaySignature::notificationExclusions(), m_key));

        // sign_type is outside the signature for notifications; an added empty parameter too.
        FormParams changed = params;
        changed[6].second = u"RSA"_s;
        changed.append({ u"extra"_s, u""_s });
        VERIFY_OK(AlipaySignature::verify(changed, AlipaySignature::notificationExclusions(), m_key));
        // …but not for requests.
        QCOMPARE(AlipaySignature::verify(params, AlipaySignature::requestExclusions(), m_key).error().code,
            u"signature_invalid"_s);

        // Through the wire form and back.
        const auto parsed = FormCodec::parse(FormCodec::encode(params));
        VERIFY_OK(parsed);
        VERIFY_OK(AlipaySignature::verify(*parsed, AlipaySignature::notificationExclusions(), m_key));
    }

    void verifyRefuses_data()
    {
        QTest::addColumn<int>("index"); // the parameter to change (-1: none)
        QTest::addColumn<QString>("newValue");
        QTest::addColumn<QString>("sign"); // "" → keep the good one; "-" → remove
        QTest::addColumn<QString>("code");
        QTest::newRow("amount changed") << 4 << u"1250.00"_s << u""_s << u"signature_invalid"_s;
        QTest::newRow("status changed") << 1 << u"TRADE_CLOSED"_s << u""_s << u"signature_invalid"_s;
        QTest::newRow("utf-8 subject changed") << 7 << u"机票 改签&退款=2"_s << u""_s << u"signature_invalid"_s;
        QTest::newRow("no sign") << -1 << u""_s << u"-"_s << u"signature_missing"_s;
        QTest::newRow("empty sign") << -1 << u""_s << u"<empty>"_s << u"signature_missing"_s;
        QTest::newRow("not base64") << -1 << u""_s << u"!!!!"_s << u"signature_invalid"_s;
        QTest::newRow("short") << -1 << u""_s << u"AAAA"_s << u"signature_invalid"_s;
        QTest::newRow("non-latin1") << -1 << u""_s << u"签名"_s << u"signature_invalid"_s;
    }

    void verifyRefuses()
    {
        QFETCH(int, index);
        QFETCH(QString, newValue);
        QFETCH(QString, sign);
        QFETCH(QString, code);
        FormParams params = notification();
        auto signature = AlipaySignature::sign(params, AlipaySignature::notificationExclusions(), m_key);
        VERIFY_OK(signature);
        if (index >= 0)
            params[index].second = newValue;
        if (sign.isEmpty())
            params.append({ u"sign"_s, *signature });
        else if (sign == u"<empty>")
            params.append({ u"sign"_s, u""_s });
        else if (sign != u"-")
            params.append({ u"sign"_s, sign });
        const auto result = AlipaySignature::verify(params, AlipaySignature::notificationExclusions(), m_key);
        QVERIFY(!result);
        QCOMPARE(result.error().code, code);
    }

    void signatureVerifiesWithOpenssl()
    {
        const FormParams params = notification();
        auto signature = AlipaySignature::sign(params, AlipaySignature::notificationExclusions(), m_key);
        VERIFY_OK(signature);
        const QByteArray decoded = QByteArray::fromBase64(signature->toLatin1());
        // The exact bytes an independent implementation has to sign.
        const QByteArray content
            = u"app_id=2021000000000001&gmt_payment=2026-11-22 12:00:00&notify_type=trade_status_sync"
              u"&out_trade_no=P42&subject=机票 改签&退款=1&total_amount=12.50&trade_status=TRADE_SUCCESS"_s.toUtf8();
        QCOMPARE(AlipaySignature::signingContent(params, AlipaySignature::notificationExclusions()), content);
        QCOMPARE(opensslVerify(content, decoded), 0);
        QVERIFY(opensslVerify(content + "&x=1", decoded) != 0);
    }

    void splitResponse_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("sign");
        QTest::newRow("compact")
            << "{\"alipay_trade_query_response\":{\"code\":\"10000\",\"msg\":\"Success\"},\"sign\":\"c2ln\"}"_ba
            << "{\"code\":\"10000\",\"msg\":\"Success\"}"_ba << u"c2ln"_s;
        QTest::newRow("sign first") << "{\"sign\":\"c2ln\",\"alipay_trade_query_response\":{\"code\":\"10000\"}}"_ba
                                    << "{\"code\":\"10000\"}"_ba << u"c2ln"_s;
        QTest::newRow("whitespace kept inside, dropped outside")
            << "\n { \"alipay_trade_query_response\" :\t{ \"code\" : \"10000\",\n  \"total_amount\": \"12.50\" }\r\n ,"
               " \"sign\" : \"c2ln\" } \n"_ba
            << "{ \"code\" : \"10000\",\n  \"total_amount\": \"12.50\" }"_ba << u"c2ln"_s;
        QTest::newRow("escaped quotes and braces in strings")
            << "{\"alipay_trade_query_response\":{\"msg\":\"a \\\"}\\\" b\",\"sub\":\"\\\\\",\"x\":\"{[\",\"sign\":\"inner\"},\"sign\":\"outer\"}"_ba
            << "{\"msg\":\"a \\\"}\\\" b\",\"sub\":\"\\\\\",\"x\":\"{[\",\"sign\":\"inner\"}"_ba << u"outer"_s;
        QTest::newRow("nested objects and arrays")
            << "{\"alipay_trade_query_response\":{\"a\":{\"b\":{\"c\":[1,{\"d\":[]},\"]\"]}},\"n\":-1.5e3,\"t\":true,\"z\":null},\"sign\":\"s\"}"_ba
            << "{\"a\":{\"b\":{\"c\":[1,{\"d\":[]},\"]\"]}},\"n\":-1.5e3,\"t\":true,\"z\":null}"_ba << u"s"_s;
        QTest::newRow("escaped unicode kept as written")
            << "{\"alipay_trade_query_response\":{\"subject\":\"\\u673a\\u7968 机票\"},\"sign\":\"s\"}"_ba
            << "{\"subject\":\"\\u673a\\u7968 机票\"}"_ba << u"s"_s;
        QTest::newRow("other members around")
            << "{\"x\":{\"alipay_trade_query_response\":{\"fake\":1}},\"alipay_trade_query_response\":{\"real\":2},\"alipay_cert_sn\":\"1\",\"sign\":\"s\"}"_ba
            << "{\"real\":2}"_ba << u"s"_s;
        QTest::newRow("empty object") << "{\"alipay_trade_query_response\":{},\"sign\":\"s\"}"_ba
                                      << "{}"_ba << u"s"_s;
    }

    void splitResponse()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, content);
        QFETCH(QString, sign);
        const auto split = AlipaySignature::splitResponse(body, u"alipay_trade_query_response");
        VERIFY_OK(split);
        QCOMPARE(split->content, content);
        QCOMPARE(split->sign, sign);
    }

    void splitResponseRefuses_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not json") << "alipay_trade_query_response=1"_ba;
        QTest::newRow("truncated") << "{\"alipay_trade_query_response\":{\"code\":\"10000\"},\"sign\":\"s\""_ba;
        QTest::newRow("array") << "[{\"alipay_trade_query_response\":{},\"sign\":\"s\"}]"_ba;
        QTest::newRow("member missing") << "{\"alipay_trade_close_response\":{},\"sign\":\"s\"}"_ba;
        QTest::newRow("only nested") << "{\"x\":{\"alipay_trade_query_response\":{}},\"sign\":\"s\"}"_ba;
        QTest::newRow("sign missing") << "{\"alipay_trade_query_response\":{}}"_ba;
        QTest::newRow("sign only nested") << "{\"alipay_trade_query_response\":{\"sign\":\"s\"}}"_ba;
        QTest::newRow("sign not a string") << "{\"alipay_trade_query_response\":{},\"sign\":1}"_ba;
        QTest::newRow("sign empty") << "{\"alipay_trade_query_response\":{},\"sign\":\"\"}"_ba;
        QTest::newRow("response a string") << "{\"alipay_trade_query_response\":\"{}\",\"sign\":\"s\"}"_ba;
        QTest::newRow("response twice")
            << "{\"alipay_trade_query_response\":{\"a\":1},\"alipay_trade_query_response\":{\"a\":2},\"sign\":\"s\"}"_ba;
        QTest::newRow("sign twice") << "{\"alipay_trade_query_response\":{},\"sign\":\"s\",\"sign\":\"t\"}"_ba;
        QTest::newRow("trailing garbage") << "{\"alipay_trade_query_response\":{},\"sign\":\"s\"} x"_ba;
    }

    void splitResponseRefuses()
    {
        QFETCH(QByteArray, body);
        const auto split = AlipaySignature::splitResponse(body, u"alipay_trade_query_response");
        QVERIFY(!split);
        QCOMPARE(split.error().code, u"response_malformed"_s);
    }

    void signedResponseRoundTrip()
    {
        // A gateway signs the value's bytes as it wrote them, spacing included.
        const QByteArray value = "{ \"code\": \"10000\", \"msg\": \"Success\",\n \"trade_status\": \"TRADE_SUCCESS\" }";
        auto signature = m_key.sign(value);
        VERIFY_OK(signature);
        const QByteArray body
            = "{\"sign\":\"" + signature->toBase64() + "\",\n\"alipay_trade_query_response\": " + value + "}";
        const auto split = AlipaySignature::splitResponse(body, u"alipay_trade_query_response");
        VERIFY_OK(split);
        VERIFY_OK(m_key.verify(split->content, QByteArray::fromBase64(split->sign.toLatin1())));
        // Re-serialised text would not verify.
        QVERIFY(!m_key.verify("{\"code\":\"10000\",\"msg\":\"Success\",\"trade_status\":\"TRADE_SUCCESS\"}",
            QByteArray::fromBase64(split->sign.toLatin1())));
    }

    void orderString()
    {
        const FormParams params = pairs({ u"timestamp"_s, u"2026-11-22 12:00:00"_s, u"app_id"_s, u"2021"_s,
            u"biz_content"_s, u"{\"subject\":\"机票\"}"_s, u"sign_type"_s, u"RSA2"_s });
        const QByteArray expected = "app_id=2021&biz_content=%7B%22subject%22%3A%22%E6%9C%BA%E7%A5%A8%22%7D"
                                    "&sign_type=RSA2&timestamp=2026-11-22%2012%3A00%3A00&sign=ab%2B%2Fc%3D%3D"_ba;
        QCOMPARE(AlipaySignature::orderString(params, u"ab+/c=="_s), expected);

        // The cashier's side: parse, verify.
        auto signature = AlipaySignature::sign(params, AlipaySignature::requestExclusions(), m_key);
        VERIFY_OK(signature);
        const auto parsed = FormCodec::parse(AlipaySignature::orderString(params, *signature));
        VERIFY_OK(parsed);
        QCOMPARE(parsed->last().first, u"sign"_s);
        VERIFY_OK(AlipaySignature::verify(*parsed, AlipaySignature::requestExclusions(), m_key));
    }
};

QTEST_GUILESS_MAIN(TestAlipaySignature)
#include "test_AlipaySignature.moc"
