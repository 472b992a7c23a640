// RsaKey against the openssl command-line tool: keys it writes load here, signatures made
// here verify there and the other way round, and serials match a SHA-1 of its DER.

#include "payments/RsaKey.h"
#include "tests/server/ResultTesting.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;
using namespace deskpay;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestRsaKey : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    RsaKey m_key; // generated here
    QByteArray m_privatePem;
    QByteArray m_publicPem;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    void write(const QString &name, const QByteArray &bytes)
    {
        QFile file(path(name));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(file.write(bytes), bytes.size());
    }

    QByteArray read(const QString &name)
    {
        QFile file(path(name));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return file.readAll();
    }

    static Run openssl(const QStringList &arguments)
    {
        QProcess process;
        process.start(u"openssl"_s, arguments);
        Run run;
        if (!process.waitForStarted(10000) || !process.waitForFinished(60000))
            return run;
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    }

    // Runs openssl and fails the test if it does not succeed.
    QByteArray opensslOk(const QStringList &arguments)
    {
        const Run run = openssl(arguments);
        if (run.exitCode != 0)
            qWarning("openssl %s failed: %s", qPrintable(arguments.join(u' ')), run.err.constData());
        return run.exitCode == 0 ? run.out
                                 : QByteArray("\x01"
                                              "failed");
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
        auto privatePem = m_key.toPrivateKeyPem();
        VERIFY_OK(privatePem);
        m_privatePem = *privatePem;
        auto publicPem = m_key.toPublicKeyPem();
        VERIFY_OK(publicPem);
        m_publicPem = *publicPem;
        write(u"key.pem"_s, m_privatePem);
        write(u"pub.pem"_s, m_publicPem);
    }

    void generatedKey()
    {
        QVERIFY(!m_key.isNull());
        QVERIFY(m_key.hasPrivateKey());
        QCOMPARE(m_key.bits(), 2048);
        QVERIFY(m_privatePem.startsWith("-----BEGIN PRIVATE KEY-----\n"));
        QVERIFY(m_publicPem.startsWith("-----BEGIN PUBLIC KEY-----\n"));
    }

    void generateRefusesSmallKeys()
    {
        const auto key = RsaKey::generate(1024);
        QVERIFY(!key);
        QCOMPARE(key.error().code, u"key_too_small"_s);
    }

    void nullKey()
    {
        const RsaKey key;
        QVERIFY(key.isNull());
        QVERIFY(!key.hasPrivateKey());
        QCOMPARE(key.bits(), 0);
        QCOMPARE(key.sign("x").error().code, u"key_missing"_s);
        QCOMPARE(key.verify("x", QByteArray(256, 'a')).error().code, u"key_missing"_s);
        QCOMPARE(key.serial().error().code, u"key_missing"_s);
        QCOMPARE(key.toPublicKeyPem().error().code, u"key_missing"_s);
        QCOMPARE(key.toPrivateKeyPem().error().code, u"key_missing"_s);
    }

    void signVerifyRoundTrip()
    {
        const QByteArray message = "app_id=2021&biz_content={\"a\":1}&method=alipay.trade.query";
        auto signature = m_key.sign(message);
        VERIFY_OK(signature);
        QCOMPARE(signature->size(), 256);
        // PKCS#1 v1.5 is deterministic: the same message gives the same signature.
        QCOMPARE(*m_key.sign(message), *signature);
        VERIFY_OK(m_key.verify(message, *signature));

        QByteArray otherMessage = message;
        otherMessage[0] = 'b';
        QCOMPARE(m_key.verify(otherMessage, *signature).error().code, u"signature_invalid"_s);
        QByteArray flipped = *signature;
        flipped[100] = char(flipped[100] ^ 0x01);
        QCOMPARE(m_key.verify(message, flipped).error().code, u"signature_invalid"_s);
        QCOMPARE(m_key.verify(message, signature->first(255)).error().code, u"signature_invalid"_s);
        QCOMPARE(m_key.verify(message, QByteArray(256, '\xff')).error().code, u"signature_invalid"_s);
        QCOMPARE(m_key.verify(message, {}).error().code, u"signature_invalid"_s);

        auto other = RsaKey::generate();
        VERIFY_OK(other);
        QCOMPARE(other->verify(message, *signature).error().code, u"signature_invalid"_s);
    }

    void publicKeyCannotSign()
    {
        auto publicKey = RsaKey::fromPublicKeyPem(m_publicPem);
        VERIFY_OK(publicKey);
        QVERIFY(!publicKey->hasPrivateKey());
        QCOMPARE(publicKey->bits(), 2048);
        QCOMPARE(publicKey->sign("x").error().code, u"key_not_private"_s);
        QCOMPARE(publicKey->toPrivateKeyPem().error().code, u"key_not_private"_s);
        auto signature = m_key.sign("hello");
        VERIFY_OK(signature);
        VERIFY_OK(publicKey->verify("hello", *signature));
        QCOMPARE(*publicKey->serial(), *m_key.serial());
        QCOMPARE(*publicKey->toPublicKeyPem(), m_publicPem);
    }

    void privatePemRoundTrip()
    {
        auto loaded = RsaKey::fromPrivateKeyPem(m_privatePem);
        VERIFY_OK(loaded);
        QVERIFY(loaded->hasPrivateKey());
        QCOMPARE(*loaded->toPrivateKeyPem(), m_privatePem);
        QCOMPARE(*loaded->serial(), *m_key.serial());
        // Whitespace around the block is fine.
        VERIFY_OK(RsaKey::fromPrivateKeyPem(QByteArray("\n\n" + m_privatePem + "\n  \n")));
    }

    void pkcs1PrivateKeyFromOpenssl()
    {
        const QByteArray pkcs1 = opensslOk({ u"pkey"_s, u"-in"_s, path(u"key.pem"_s), u"-traditional"_s });
        QVERIFY2(pkcs1.startsWith("-----BEGIN RSA PRIVATE KEY-----"), pkcs1.left(40).constData());
        auto loaded = RsaKey::fromPrivateKeyPem(pkcs1);
        VERIFY_OK(loaded);
        QVERIFY(loaded->hasPrivateKey());
        QCOMPARE(*loaded->serial(), *m_key.serial());
        auto signature = loaded->sign("pkcs1");
        VERIFY_OK(signature);
        VERIFY_OK(m_key.verify("pkcs1", *signature));
        // Written back as PKCS#8.
        QVERIFY(loaded->toPrivateKeyPem()->startsWith("-----BEGIN PRIVATE KEY-----"));
    }

    void pkcs1PublicKeyFromOpenssl()
    {
        const QByteArray pkcs1
            = opensslOk({ u"rsa"_s, u"-pubin"_s, u"-in"_s, path(u"pub.pem"_s), u"-RSAPublicKey_out"_s });
        QVERIFY2(pkcs1.startsWith("-----BEGIN RSA PUBLIC KEY-----"), pkcs1.left(40).constData());
        auto loaded = RsaKey::fromPublicKeyPem(pkcs1);
        VERIFY_OK(loaded);
        QCOMPARE(*loaded->serial(), *m_key.serial());
    }

    void certificatePublicKey()
    {
        const QByteArray certificate = opensslOk({ u"req"_s, u"-x509"_s, u"-new"_s, u"-key"_s, path(u"key.pem"_s),
            u"-subj"_s, u"/CN=deskpay test platform"_s, u"-days"_s, u"1"_s });
        QVERIFY2(certificate.startsWith("-----BEGIN CERTIFICATE-----"), certificate.left(40).constData());
        auto loaded = RsaKey::fromPublicKeyPem(certificate);
        VERIFY_OK(loaded);
        QVERIFY(!loaded->hasPrivateKey());
        QCOMPARE(*loaded->serial(), *m_key.serial());
        auto signature = m_key.sign("certified");
        VERIFY_OK(signature);
        VERIFY_OK(loaded->verify("certified", *signature));
    }

    void serialIsSha1OfOpensslDer()
    {
        const QByteArray der
            = opensslOk({ u"pkey"_s, u"-pubin"_s, u"-in"_s, path(u"pub.pem"_s), u"-outform"_s, u"DER"_s });
        QVERIFY(der.size() > 256);
        const QString expected
            = QString::fromLatin1(QCryptographicHash::hash(der, QCryptographicHash::Sha1).toHex().toUpper());
        auto serial = m_key.serial();
        VERIFY_OK(serial);
        QCOMPARE(serial->size(), 40);
        QCOMPARE(*serial, expected);
        QCOMPARE(*m_key.toPublicKeyDer(), der);
    }

    void ourSignatureVerifiesWithOpenssl_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("ascii") << "GET\n/v3/pay/transactions/out-trade-no/P1?mchid=1900\n1795000000\nNONCE\n\n"_ba;
        QTest::newRow("utf8") << u"subject=机票改签&total_amount=12.50"_s.toUtf8();
        QTest::newRow("binary") << QByteArray("\x00\x01\xff\xfe", 4);
        QTest::newRow("large") << QByteArray(100000, 'x');
    }

    void ourSignatureVerifiesWithOpenssl()
    {
        QFETCH(QByteArray, message);
        auto signature = m_key.sign(message);
        VERIFY_OK(signature);
        write(u"msg.bin"_s, message);
        write(u"sig.bin"_s, *signature);
        const Run ok = openssl({ u"dgst"_s, u"-sha256"_s, u"-verify"_s, path(u"pub.pem"_s), u"-signature"_s,
            path(u"sig.bin"_s), path(u"msg.bin"_s) });
        QVERIFY2(ok.exitCode == 0, ok.err.constData());
        QVERIFY(ok.out.contains("Verified OK"));

        write(u"msg.bin"_s, message + "!");
        const Run tampered = openssl({ u"dgst"_s, u"-sha256"_s, u"-verify"_s, path(u"pub.pem"_s), u"-signature"_s,
            path(u"sig.bin"_s), path(u"msg.bin"_s) });
        QVERIFY(tampered.exitCode != 0);
    }

    void opensslSignatureVerifiesHere_data() { ourSignatureVerifiesWithOpenssl_data(); }

    void opensslSignatureVerifiesHere()
    {
        QFETCH(QByteArray, message);
        write(u"msg.bin"_s, message);
        opensslOk({ u"dgst"_s, u"-sha256"_s, u"-sign"_s, path(u"key.pem"_s), u"-out"_s, path(u"sig.bin"_s),
            path(u"msg.bin"_s) });
        const QByteArray signature = read(u"sig.bin"_s);
        QCOMPARE(signature.size(), 256);
        VERIFY_OK(m_key.verify(message, signature));
        // Both sides implement the same deterministic scheme: byte-identical signatures.
        QCOMPARE(*m_key.sign(message), signature);
        QCOMPARE(m_key.verify(QByteArray(message + "!"), signature).error().code, u"signature_invalid"_s);
    }

    void keysOpensslRefuses_data()
    {
        QTest::addColumn<QStringList>("genpkey");
        QTest::addColumn<QString>("code");
        QTest::newRow("rsa-1024") << QStringList { u"-algorithm"_s, u"RSA"_s, u"-pkeyopt"_s, u"rsa_keygen_bits:1024"_s }
                                  << u"key_too_small"_s;
        QTest::newRow("ed25519") << QStringList { u"-algorithm"_s, u"ED25519"_s } << u"wrong_key_type"_s;
        QTest::newRow("ec-p256") << QStringList { u"-algorithm"_s, u"EC"_s, u"-pkeyopt"_s,
            u"ec_paramgen_curve:P-256"_s }
                                 << u"wrong_key_type"_s;
        QTest::newRow("rsa-pss") << QStringList { u"-algorithm"_s, u"RSA-PSS"_s, u"-pkeyopt"_s,
            u"rsa_keygen_bits:2048"_s }
                                 << u"wrong_key_type"_s;
    }

    void keysOpensslRefuses()
    {
        QFETCH(QStringList, genpkey);
        QFETCH(QString, code);
        const QByteArray privatePem = opensslOk(QStringList { u"genpkey"_s } + genpkey);
        QVERIFY2(privatePem.startsWith("-----BEGIN PRIVATE KEY-----"), privatePem.left(40).constData());
        const auto fromPrivate = RsaKey::fromPrivateKeyPem(privatePem);
        QVERIFY(!fromPrivate);
        QCOMPARE(fromPrivate.error().code, code);

        write(u"other.pem"_s, privatePem);
        const QByteArray publicPem = opensslOk({ u"pkey"_s, u"-in"_s, path(u"other.pem"_s), u"-pubout"_s });
        QVERIFY(publicPem.startsWith("-----BEGIN PUBLIC KEY-----"));
        const auto fromPublic = RsaKey::fromPublicKeyPem(publicPem);
        QVERIFY(!fromPublic);
        QCOMPARE(fromPublic.error().code, code);
    }

    void encryptedPrivateKey()
    {
        const QByteArray encrypted
            = opensslOk({ u"pkey"_s, u"-in"_s, path(u"key.pem"_s), u"-aes256"_s, u"-passout"_s, u"pass:test-only"_s });
        QVERIFY(encrypted.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        QCOMPARE(RsaKey::fromPrivateKeyPem(encrypted).error().code, u"key_encrypted"_s);
    }

    void badPem_data()
    {
        QTest::addColumn<QByteArray>("pem");
        QTest::addColumn<bool>("asPrivate");
        QTest::newRow("empty private") << QByteArray() << true;
        QTest::newRow("empty public") << QByteArray() << false;
        QTest::newRow("garbage") << "not a key"_ba << true;
        QTest::newRow("public as private") << m_publicPem << true;
        QTest::newRow("private as public") << m_privatePem << false;
        QTest::newRow("two blocks") << QByteArray(m_publicPem + m_publicPem) << false;
        QTest::newRow("trailing text") << QByteArray(m_privatePem + "junk") << true;
        QTest::newRow("truncated") << m_privatePem.left(m_privatePem.size() / 2) << true;
        QByteArray corrupt = m_publicPem;
        corrupt[40] = '!';
        QTest::newRow("corrupt base64") << corrupt << false;
        QTest::newRow("wrong label") << QByteArray(m_publicPem).replace("PUBLIC KEY", "PRIVATE KEY") << true;
        QTest::newRow("huge") << QByteArray(100000, 'A').prepend("-----BEGIN PUBLIC KEY-----\n") << false;
    }

    void badPem()
    {
        QFETCH(QByteArray, pem);
        QFETCH(bool, asPrivate);
        const auto key = asPrivate ? RsaKey::fromPrivateKeyPem(pem) : RsaKey::fromPublicKeyPem(pem);
        QVERIFY(!key);
        QCOMPARE(key.error().code, u"bad_pem"_s);
        // The message never repeats key material.
        QVERIFY(!key.error().message.contains(u"MII"_s));
    }

    // Handlers run on worker threads and share one configured key.
    void signAndVerifyFromSeveralThreads()
    {
        std::atomic<int> failures = 0;
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([this, t, &failures] {
                const RsaKey key = m_key; // copies share the OpenSSL key
                for (int i = 0; i < 20; ++i) {
                    const QByteArray message = QByteArray::number(t) + ':' + QByteArray::number(i);
                    const auto signature = key.sign(message);
                    if (!signature || !m_key.verify(message, *signature) || m_key.verify("other", *signature))
                        ++failures;
                }
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(failures.load(), 0);
    }

    void copiesShareTheKey()
    {
        const RsaKey copy = m_key;
        QVERIFY(copy.hasPrivateKey());
        auto signature = copy.sign("copy");
        VERIFY_OK(signature);
        VERIFY_OK(m_key.verify("copy", *signature));
    }
};

QTEST_GUILESS_MAIN(TestRsaKey)
#include "test_RsaKey.moc"
