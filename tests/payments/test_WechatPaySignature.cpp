// WechatPaySignature: signed messages, the Authorization header (written and strictly parsed),
// answer/callback signatures (cross-checked with the openssl tool) and AES-256-GCM resources
// against published known-answer vectors.

#include "payments/WechatPaySignature.h"
#include "tests/server/ResultTesting.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

class TestWechatPaySignature : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    RsaKey m_key;
    QString m_serial;

    bool writeFile(const QString &name, const QByteArray &bytes)
    {
        QFile file(m_dir.filePath(name));
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
    }

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

    static QByteArray apiKey() { return "0123456789abcdefghijklmnopqrstuv"_ba; }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (QStandardPaths::findExecutable(u"openssl"_s).isEmpty())
            QFAIL("the openssl command-line tool is required for the cross-checks");
        auto key = RsaKey::generate();
        VERIFY_OK(key);
        m_key = *key;
        m_serial = *m_key.serial();
        QVERIFY(writeFile(u"pub.pem"_s, *m_key.toPublicKeyPem()));
    }

    void messages()
    {
        QCOMPARE(WechatPaySignature::requestMessage(
                     "GET", "/v3/pay/transactions/out-trade-no/P1?mchid=1900", "1795000000", "NONCE", ""),
            "GET\n/v3/pay/transactions/out-trade-no/P1?mchid=1900\n1795000000\nNONCE\n\n"_ba);
        QCOMPARE(WechatPaySignature::requestMessage("POST", "/v3/pay/transactions/app", "1", "N", "{\"a\":1}"),
            "POST\n/v3/pay/transactions/app\n1\nN\n{\"a\":1}\n"_ba);
        QCOMPARE(WechatPaySignature::responseMessage("1795000000", "NONCE", "{}"), "1795000000\nNONCE\n{}\n"_ba);
        QCOMPARE(WechatPaySignature::appPayMessage(u"wxapp"_s, u"1795000000"_s, u"NONCE"_s, u"wx2026"_s),
            "wxapp\n1795000000\nNONCE\nwx2026\n"_ba);
    }

    void nonces()
    {
        static const QRegularExpression shape(u"^[A-Z0-9]{32}$"_s);
        const QString a = WechatPaySignature::newNonce();
        const QString b = WechatPaySignature::newNonce();
        QVERIFY2(shape.match(a).hasMatch(), qPrintable(a));
        QVERIFY2(shape.match(b).hasMatch(), qPrintable(b));
        QVERIFY(a != b);
    }

    void authorizeAndParse()
    {
        const QByteArray body = "{\"appid\":\"wxapp\",\"out_trade_no\":\"P1\"}";
        auto header = WechatPaySignature::authorize(
            u"1900000001"_s, m_serial, m_key, "POST", "/v3/pay/transactions/app", u"1795000000"_s, body);
        VERIFY_OK(header);
        QVERIFY(header->startsWith("WECHATPAY2-SHA256-RSA2048 mchid=\"1900000001\",nonce_str=\""));
        auto parsed = WechatPaySignature::parseAuthorization(*header);
        VERIFY_OK(parsed);
        QCOMPARE(parsed->mchId, u"1900000001"_s);
        QCOMPARE(parsed->timestamp, u"1795000000"_s);
        QCOMPARE(parsed->serial, m_serial);
        QCOMPARE(parsed->nonce.size(), 32);
        const QByteArray message = WechatPaySignature::requestMessage(
            "POST", "/v3/pay/transactions/app", "1795000000", parsed->nonce.toLatin1(), body);
        const QByteArray signature = QByteArray::fromBase64(parsed->signature.toLatin1());
        VERIFY_OK(m_key.verify(message, signature));
        QCOMPARE(opensslVerify(message, signature), 0);
        QVERIFY(opensslVerify(message + "x", signature) != 0);
    }

    void authorizeRefusesUnsafeFields_data()
    {
        QTest::addColumn<QString>("mchId");
        QTest::addColumn<QString>("serial");
        QTest::addColumn<QString>("timestamp");
        QTest::newRow("quote in mchid") << u"19\"00"_s << u"ABC"_s << u"1"_s;
        QTest::newRow("empty serial") << u"1900"_s << u""_s << u"1"_s;
        QTest::newRow("comma-space serial") << u"1900"_s << u"A B"_s << u"1"_s;
        QTest::newRow("timestamp not decimal") << u"1900"_s << u"ABC"_s << u"1.5"_s;
    }

    void authorizeRefusesUnsafeFields()
    {
        QFETCH(QString, mchId);
        QFETCH(QString, serial);
        QFETCH(QString, timestamp);
        const auto header = WechatPaySignature::authorize(mchId, serial, m_key, "GET", "/", timestamp, "");
        QVERIFY(!header);
        QCOMPARE(header.error().code, u"authorization_malformed"_s);
    }

    void parseAuthorization_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("valid");
        const QByteArray s = "WECHATPAY2-SHA256-RSA2048 ";
        const QByteArray m = "mchid=\"1900\"", n = "nonce_str=\"N1\"", g = "signature=\"c2ln+/==\"",
                         t = "timestamp=\"1795000000\"", r = "serial_no=\"5157F0\"";
        QTest::newRow("canonical") << QByteArray(s + m + ',' + n + ',' + g + ',' + t + ',' + r) << true;
        QTest::newRow("other order") << QByteArray(s + r + ',' + t + ',' + g + ',' + n + ',' + m) << true;
        QTest::newRow("spaces after commas") << QByteArray(s + m + ", " + n + ", " + g + ", " + t + ", " + r) << true;
        QTest::newRow("surrounding whitespace")
            << QByteArray(" " + s + m + ',' + n + ',' + g + ',' + t + ',' + r + " ") << true;
        QTest::newRow("no scheme") << QByteArray(m + ',' + n + ',' + g + ',' + t + ',' + r) << false;
        QTest::newRow("other scheme") << QByteArray("Bearer " + m + ',' + n + ',' + g + ',' + t + ',' + r) << false;
        QTest::newRow("lower-case scheme")
            << QByteArray("wechatpay2-sha256-rsa2048 " + m + ',' + n + ',' + g + ',' + t + ',' + r) << false;
        QTest::newRow("scheme glued") << QByteArray("WECHATPAY2-SHA256-RSA2048" + m + ',' + n + ',' + g + ',' + t + ','
            + r) << false;
        QTest::newRow("scheme only") << "WECHATPAY2-SHA256-RSA2048"_ba << false;
        QTest::newRow("scheme and space only") << s << false;
        QTest::newRow("missing serial") << QByteArray(s + m + ',' + n + ',' + g + ',' + t) << false;
        QTest::newRow("missing signature") << QByteArray(s + m + ',' + n + ',' + t + ',' + r) << false;
        QTest::newRow("duplicate mchid") << QByteArray(s + m + ',' + m + ',' + n + ',' + g + ',' + t + ',' + r)
                                         << false;
        QTest::newRow("duplicate with other value")
            << QByteArray(s + m + ',' + n + ',' + g + ',' + t + ',' + r + ",mchid=\"1901\"") << false;
        QTest::newRow("unknown parameter")
            << QByteArray(s + m + ',' + n + ',' + g + ',' + t + ',' + r + ",realm=\"x\"") << false;
        QTest::newRow("unquoted value") << QByteArray(s + "mchid=1900," + n + ',' + g + ',' + t + ',' + r) << false;
        QTest::newRow("unterminated quote")
            << QByteArray(s + m + ',' + n + ',' + g + ',' + t + ",serial_no=\"5157F0") << false;
        QTest::newRow("empty value") << QByteArray(s + "mchid=\"\"," + n + ',' + g + ',' + t + ',' + r) << false;
        QTest::newRow("trailing comma") << QByteArray(s + m + ',' + n + ',' + g + ',' + t + ',' + r + ',') << false;
        QTest::newRow("double comma") << QByteArray(s + m + ",," + n + ',' + g + ',' + t + ',' + r) << false;
        QTest::newRow("semicolons") << QByteArray(s + m + ';' + n + ';' + g + ';' + t + ';' + r) << false;
        QTest::newRow("space around equals")
            << QByteArray(s + "mchid = \"1900\"," + n + ',' + g + ',' + t + ',' + r) << false;
        QTest::newRow("upper-case name") << QByteArray(s + "MCHID=\"1900\"," + n + ',' + g + ',' + t + ',' + r)
                                         << false;
        QTest::newRow("timestamp not decimal")
            << QByteArray(s + m + ',' + n + ',' + g + ",timestamp=\"17x\"," + r) << false;
        QTest::newRow("space inside value")
            << QByteArray(s + "mchid=\"19 00\"," + n + ',' + g + ',' + t + ',' + r) << false;
        QTest::newRow("escaped quote in value")
            << QByteArray(s + "mchid=\"19\\\"00\"," + n + ',' + g + ',' + t + ',' + r) << false;
        QTest::newRow("empty") << QByteArray() << false;
    }

    void parseAuthorization()
    {
        QFETCH(QByteArray, value);
        QFETCH(bool, valid);
        const auto parsed = WechatPaySignature::parseAuthorization(value);
        if (!valid) {
            QVERIFY2(!parsed, value.constData());
            QCOMPARE(parsed.error().code, u"authorization_malformed"_s);
            return;
        }
        VERIFY_OK(parsed);
        QCOMPARE(parsed->mchId, u"1900"_s);
        QCOMPARE(parsed->nonce, u"N1"_s);
        QCOMPARE(parsed->signature, u"c2ln+/=="_s);
        QCOMPARE(parsed->timestamp, u"1795000000"_s);
        QCOMPARE(parsed->serial, u"5157F0"_s);
    }

    void signedResponses()
    {
        const QByteArray body = "{\"prepay_id\":\"wx2026\"}";
        auto headers = WechatPaySignature::signResponse(m_key, m_serial, u"1795000000"_s, body);
        VERIFY_OK(headers);
        QCOMPARE(headers->timestamp, u"1795000000"_s);
        QCOMPARE(headers->serial, m_serial);
        QCOMPARE(headers->nonce.size(), 32);
        VERIFY_OK(WechatPaySignature::verifyResponse(m_key, *headers, body));
        const QByteArray message = WechatPaySignature::responseMessage("1795000000", headers->nonce.toLatin1(), body);
        QCOMPARE(opensslVerify(message, QByteArray::fromBase64(headers->signature.toLatin1())), 0);

        QCOMPARE(WechatPaySignature::verifyResponse(m_key, *headers, QByteArray(body + " ")).error().code,
            u"signature_invalid"_s);
        WechatSignedHeaders changed = *headers;
        changed.timestamp = u"1795000001"_s;
        QCOMPARE(WechatPaySignature::verifyResponse(m_key, changed, body).error().code, u"signature_invalid"_s);
        changed = *headers;
        changed.nonce[0] = changed.nonce[0] == u'A' ? u'B' : u'A';
        QCOMPARE(WechatPaySignature::verifyResponse(m_key, changed, body).error().code, u"signature_invalid"_s);
        changed = *headers;
        changed.signature = u"%%%"_s;
        QCOMPARE(WechatPaySignature::verifyResponse(m_key, changed, body).error().code, u"signature_invalid"_s);
        changed.signature.clear();
        QCOMPARE(WechatPaySignature::verifyResponse(m_key, changed, body).error().code, u"signature_missing"_s);
        auto other = RsaKey::generate();
        VERIFY_OK(other);
        QCOMPARE(WechatPaySignature::verifyResponse(*other, *headers, body).error().code, u"signature_invalid"_s);
    }

    void appPaySignatureVerifiesWithOpenssl()
    {
        const QByteArray message
            = WechatPaySignature::appPayMessage(u"wxapp"_s, u"1795000000"_s, u"NONCE"_s, u"wx2026"_s);
        auto signature = m_key.sign(message);
        VERIFY_OK(signature);
        QCOMPARE(opensslVerify("wxapp\n1795000000\nNONCE\nwx2026\n", *signature), 0);
    }

    void gcmKnownAnswers_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("iv");
        QTest::addColumn<QByteArray>("aad");
        QTest::addColumn<QByteArray>("plain");
        QTest::addColumn<QByteArray>("sealed"); // ciphertext ‖ tag
        // D. McGrew, J. Viega, "The Galois/Counter Mode of Operation (GCM)", revised 2005
        // (gcm-spec.pdf, http://csrc.nist.gov/groups/ST/toolkit/BCM/documents/proposedmodes/gcm/gcm-spec.pdf),
        // Appendix B, Test Case 13 (256-bit zero key, empty text) and Test Case 16 (with AAD).
        QTest::newRow("McGrew-Viega test case 13")
            << QByteArray::fromHex("0000000000000000000000000000000000000000000000000000000000000000")
            << QByteArray::fromHex("000000000000000000000000") << QByteArray() << QByteArray()
            << QByteArray::fromHex("530f8afbc74536b9a963b4f1c4cb738b");
        QTest::newRow("McGrew-Viega test case 16")
            << QByteArray::fromHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")
            << QByteArray::fromHex("cafebabefacedbaddecaf888")
            << QByteArray::fromHex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
            << QByteArray::fromHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                                   "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39")
            << QByteArray::fromHex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                                   "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
                                   "76fc6ece0f4e1768cddf8853bb2d551b");
        // NIST CAVP GCMVS, gcmEncryptExtIV256.rsp (Keylen 256, IVlen 96, PTlen 128, AADlen 160),
        // https://csrc.nist.gov/Projects/Cryptographic-Algorithm-Validation-Program/CAVP-TESTING-BLOCK-CIPHER-MODES
        QTest::newRow("NIST CAVP 256/96/128/160")
            << QByteArray::fromHex("83688deb4af8007f9b713b47cfa6c73e35ea7a3aa4ecdb414dded03bf7a0fd3a")
            << QByteArray::fromHex("0b459724904e010a46901cf3")
            << QByteArray::fromHex("794a14ccd178c8ebfd1379dc704c5e208f9d8424")
            << QByteArray::fromHex("33d893a2114ce06fc15d55e454cf90c3")
            << QByteArray::fromHex("cc66bee423e3fcd4c0865715e95866960fb291bd3dba94a1dfd8b286cfb97ac5");
    }

    void gcmKnownAnswers()
    {
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, iv);
        QFETCH(QByteArray, aad);
        QFETCH(QByteArray, plain);
        QFETCH(QByteArray, sealed);
        auto out = WechatPaySignature::sealAes256Gcm(key, iv, aad, plain);
        VERIFY_OK(out);
        QCOMPARE(out->toHex(), sealed.toHex());
        auto back = WechatPaySignature::openAes256Gcm(key, iv, aad, sealed);
        VERIFY_OK(back);
        QCOMPARE(back->toHex(), plain.toHex());

        // Every bit of ciphertext, tag and AAD is covered by the tag.
        for (qsizetype i = 0; i < sealed.size(); ++i) {
            QByteArray tampered = sealed;
            tampered[i] = char(tampered[i] ^ 0x80);
            const auto result = WechatPaySignature::openAes256Gcm(key, iv, aad, tampered);
            QVERIFY2(!result, qPrintable(u"byte %1 changed"_s.arg(i)));
            QCOMPARE(result.error().code, u"resource_tampered"_s);
        }
        for (qsizetype i = 0; i < aad.size(); ++i) {
            QByteArray tampered = aad;
            tampered[i] = char(tampered[i] ^ 0x01);
            QCOMPARE(WechatPaySignature::openAes256Gcm(key, iv, tampered, sealed).error().code, u"resource_tampered"_s);
        }
        QCOMPARE(WechatPaySignature::openAes256Gcm(key, iv, QByteArray(aad + "x"), sealed).error().code,
            u"resource_tampered"_s);
        QByteArray otherIv = iv;
        otherIv[11] = char(otherIv[11] ^ 0x01);
        QCOMPARE(WechatPaySignature::openAes256Gcm(key, otherIv, aad, sealed).error().code, u"resource_tampered"_s);
        QByteArray otherKey = key;
        otherKey[0] = char(otherKey[0] ^ 0x01);
        QCOMPARE(WechatPaySignature::openAes256Gcm(otherKey, iv, aad, sealed).error().code, u"resource_tampered"_s);
        // One byte short: a shorter tag (or, with an empty text, no whole tag at all).
        QCOMPARE(WechatPaySignature::openAes256Gcm(key, iv, aad, sealed.first(sealed.size() - 1)).error().code,
            plain.isEmpty() ? u"resource_invalid"_s : u"resource_tampered"_s);
    }

    void resourceUsesNonceBytesAsIv()
    {
        const QString nonce = u"fdasflkja484"_s;
        const QByteArray plain = "{\"out_trade_no\":\"P1\",\"trade_state\":\"SUCCESS\"}";
        auto resource = WechatPaySignature::encrypt(apiKey(), plain, u"transaction"_s, nonce);
        VERIFY_OK(resource);
        QCOMPARE(resource->algorithm, u"AEAD_AES_256_GCM"_s);
        QCOMPARE(resource->nonce, nonce);
        QCOMPARE(resource->associatedData, u"transaction"_s);
        auto sealed = WechatPaySignature::sealAes256Gcm(apiKey(), nonce.toLatin1(), "transaction", plain);
        VERIFY_OK(sealed);
        QCOMPARE(resource->ciphertext, QString::fromLatin1(sealed->toBase64()));
        QCOMPARE(QByteArray::fromBase64(resource->ciphertext.toLatin1()).size(), plain.size() + 16);
        auto back = WechatPaySignature::decrypt(apiKey(), *resource);
        VERIFY_OK(back);
        QCOMPARE(*back, plain);
    }

    void decryptRefuses_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("code");
        QTest::newRow("ciphertext byte") << u"ciphertext"_s << u"resource_tampered"_s;
        QTest::newRow("tag byte") << u"tag"_s << u"resource_tampered"_s;
        QTest::newRow("associated data") << u"aad"_s << u"resource_tampered"_s;
        QTest::newRow("nonce character") << u"nonce"_s << u"resource_tampered"_s;
        QTest::newRow("other key") << u"key"_s << u"resource_tampered"_s;
        QTest::newRow("algorithm") << u"algorithm"_s << u"resource_invalid"_s;
        QTest::newRow("short nonce") << u"short-nonce"_s << u"resource_invalid"_s;
        QTest::newRow("non-ascii nonce") << u"unicode-nonce"_s << u"resource_invalid"_s;
        QTest::newRow("not base64") << u"base64"_s << u"resource_invalid"_s;
        QTest::newRow("shorter than the tag") << u"short"_s << u"resource_invalid"_s;
        QTest::newRow("31-byte key") << u"key-size"_s << u"api_key_invalid"_s;
    }

    void decryptRefuses()
    {
        QFETCH(QString, change);
        QFETCH(QString, code);
        auto resource = WechatPaySignature::encrypt(
            apiKey(), "{\"trade_state\":\"SUCCESS\"}", u"transaction"_s, u"0123456789ab"_s);
        VERIFY_OK(resource);
        QByteArray key = apiKey();
        QByteArray raw = QByteArray::fromBase64(resource->ciphertext.toLatin1());
        if (change == u"ciphertext")
            raw[0] = char(raw[0] ^ 0x01);
        else if (change == u"tag")
            raw[raw.size() - 1] = char(raw[raw.size() - 1] ^ 0x01);
        else if (change == u"aad")
            resource->associatedData = u"transactioN"_s;
        else if (change == u"nonce")
            resource->nonce = u"0123456789aB"_s;
        else if (change == u"key")
            key[5] = 'X';
        else if (change == u"algorithm")
            resource->algorithm = u"AEAD_AES_128_GCM"_s;
        else if (change == u"short-nonce")
            resource->nonce = u"0123456789a"_s;
        else if (change == u"unicode-nonce")
            resource->nonce = u"0123456789é"_s;
        else if (change == u"short")
            raw = raw.first(15);
        else if (change == u"key-size")
            key.chop(1);
        resource->ciphertext = change == u"base64" ? u"not base64!"_s : QString::fromLatin1(raw.toBase64());
        const auto result = WechatPaySignature::decrypt(key, *resource);
        QVERIFY(!result);
        QCOMPARE(result.error().code, code);
    }

    void encryptRefuses()
    {
        QCOMPARE(
            WechatPaySignature::encrypt("short", "x", u"a"_s, u"0123456789ab"_s).error().code, u"api_key_invalid"_s);
        QCOMPARE(WechatPaySignature::encrypt(apiKey(), "x", u"a"_s, u"0123"_s).error().code, u"resource_invalid"_s);
        QCOMPARE(WechatPaySignature::sealAes256Gcm(apiKey(), QByteArray(16, 'a'), "", "x").error().code,
            u"resource_invalid"_s);
    }
};

QTEST_GUILESS_MAIN(TestWechatPaySignature)
#include "test_WechatPaySignature.moc"
