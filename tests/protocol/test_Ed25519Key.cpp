// Ed25519Key: PEM/raw round trips against RFC 9421's test key, sign/verify, and every rejection.

#include "Rfc9421Vector.h"
#include "services/protocol/Ed25519Key.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

namespace {

// Throw-away keys of other types, made with `openssl genpkey` for these tests only.
const QByteArray kX25519Private = "-----BEGIN PRIVATE KEY-----\n"
                                  "MC4CAQAwBQYDK2VuBCIEIHiShOloRauuBj5pGqiv0qf3pzFUoNJQ9mhkasEs83JK\n"
                                  "-----END PRIVATE KEY-----\n"_ba;
const QByteArray kX25519Public = "-----BEGIN PUBLIC KEY-----\n"
                                 "MCowBQYDK2VuAyEAn0wmT4uu+ZaL7tOwR6stCF4LRbA0mUxgXqnUsvkmHW0=\n"
                                 "-----END PUBLIC KEY-----\n"_ba;
const QByteArray kP256Private = "-----BEGIN PRIVATE KEY-----\n"
                                "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgN/LPfKIfj2geweM+\n"
                                "o1oOcHRTImw7rsjlfzHI3smy1KahRANCAARq8gQAv0zw9ZZ9uUmG6uK4rDoRrGPy\n"
                                "3F4pb/ZdzuP5YMPYblOCNtuaUKq4V06QHjeLtIsyjMdUED+JDNoqDhwu\n"
                                "-----END PRIVATE KEY-----\n"_ba;
const QByteArray kP256Public = "-----BEGIN PUBLIC KEY-----\n"
                               "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEavIEAL9M8PWWfblJhuriuKw6Eaxj\n"
                               "8txeKW/2Xc7j+WDD2G5TgjbbmlCquFdOkB43i7SLMozHVBA/iQzaKg4cLg==\n"
                               "-----END PUBLIC KEY-----\n"_ba;
const QByteArray kEncryptedEd25519 = "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                                     "MIGbMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAj4ghdDhT0zKwICCAAw\n"
                                     "DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEBbxVEe0ZcfchfzXsMpeVW4EQCqP\n"
                                     "zZLkskhmqr+9LJtuLC/2STYUoYqYCV+yZbb0tEnKU9jfuxTNZQJKkwLpr09r2iK/\n"
                                     "E1ExTrOqnse11X2gsJo=\n"
                                     "-----END ENCRYPTED PRIVATE KEY-----\n"_ba;
const QByteArray kRsaTraditional = "-----BEGIN RSA PRIVATE KEY-----\n"
                                   "MIIBOgIBAAJBANJ8XaJc9+kKXjMiiPSlI7qLxvITTF5XrnTbMq9twiXqa3hFx5IX\n"
                                   "HykSlijaaosiehH6bjXuSfvye7e1SQmWzVECAwEAAQJAfeidDjm0pndoQAhhio6a\n"
                                   "X8WrPTVkEm860XYpzJzIbWrGAFwqxsb7LcDNSUfQaNkeJ5SUjQcv98iaeTi99l40\n"
                                   "bQIhAO/CMTpt0S9NlRCeFIq3JYllPMxiq1Kx9MSfSQtEORRvAiEA4L6JIe5AS5MV\n"
                                   "pZq5sPADCF/gZByYsX0k7UbiFsrAmj8CH0ReG6uNpRjYBqm2aiUkFJAZTjz55eCu\n"
                                   "3h0zTqDn018CIQC24TTTwHzfQovd2z75RQUivmno7QAvhacT0ZdOdqQtnwIhAIyd\n"
                                   "zHfsnhWMcVTF+/oAWmJa0IecBzR126TSI3s0/tNi\n"
                                   "-----END RSA PRIVATE KEY-----\n"_ba;

// SHA-256 of the vector key's SPKI DER, from `openssl pkey -pubin -outform DER | openssl dgst -sha256`.
const QString kVectorFingerprint = u"NFcWBst6DXG-N35nHdzMrioWntdzNZghQSkjHNMMSjw"_s;

} // namespace

class TestEd25519Key : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void vectorKeyRoundTrips();
    void vectorSignatureIsReproduced();
    void rawKeys();
    void generatedKeySignsAndVerifies();
    void verifyRejects_data();
    void verifyRejects();
    void publicKeyCannotSignOrExportPrivate();
    void copiesShareTheKey();
    void badPrivatePem_data();
    void badPrivatePem();
    void badPublicPem_data();
    void badPublicPem();
    void badRawKeys();

private:
    test::Rfc9421Vector m_vector;
};

void TestEd25519Key::initTestCase()
{
    const QString error = test::Rfc9421Vector::load(&m_vector);
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
}

void TestEd25519Key::vectorKeyRoundTrips()
{
    auto key = Ed25519Key::fromPrivateKeyPem(m_vector.privateKeyPem);
    QVERIFY2(key, test::why(key).constData());
    QVERIFY(key->hasPrivateKey());

    auto privatePem = key->toPrivateKeyPem();
    QVERIFY(privatePem);
    QCOMPARE(*privatePem, m_vector.privateKeyPem);
    auto publicPem = key->toPublicKeyPem();
    QVERIFY(publicPem);
    QCOMPARE(*publicPem, m_vector.publicKeyPem);

    auto publicKey = Ed25519Key::fromPublicKeyPem(m_vector.publicKeyPem);
    QVERIFY2(publicKey, test::why(publicKey).constData());
    QVERIFY(!publicKey->hasPrivateKey());
    QCOMPARE(publicKey->toPublicKeyPem().value(), m_vector.publicKeyPem);

    QCOMPARE(key->fingerprint().value(), kVectorFingerprint);
    QCOMPARE(publicKey->fingerprint().value(), kVectorFingerprint);

    auto der = publicKey->toPublicKeyDer();
    QVERIFY(der);
    auto fromDer = Ed25519Key::fromPublicKeyDer(*der);
    QVERIFY(fromDer);
    QCOMPARE(fromDer->rawPublicKey().value(), publicKey->rawPublicKey().value());
}

void TestEd25519Key::vectorSignatureIsReproduced()
{
    auto key = Ed25519Key::fromPrivateKeyPem(m_vector.privateKeyPem);
    QVERIFY(key);
    // The Signature field is `sig-b26=:<base64>:`.
    const QByteArray expected = QByteArray::fromBase64(m_vector.signature.sliced(9).chopped(1));
    QCOMPARE(expected.size(), Ed25519Key::kSignatureSize);

    auto signature = key->sign(m_vector.signatureBase);
    QVERIFY2(signature, test::why(signature).constData());
    QCOMPARE(signature->toBase64(), expected.toBase64()); // Ed25519 is deterministic

    auto publicKey = Ed25519Key::fromPublicKeyPem(m_vector.publicKeyPem);
    QVERIFY(publicKey);
    auto ok = publicKey->verify(m_vector.signatureBase, expected);
    QVERIFY2(ok, test::why(ok).constData());
}

void TestEd25519Key::rawKeys()
{
    // The SPKI DER of an Ed25519 key is a 12-byte header followed by the raw key.
    const QByteArray spki = QByteArray::fromBase64("MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs="_ba);
    const QByteArray raw = spki.sliced(12);
    auto key = Ed25519Key::fromPublicKeyPem(m_vector.publicKeyPem);
    QVERIFY(key);
    QCOMPARE(key->rawPublicKey().value(), raw);
    auto fromRaw = Ed25519Key::fromRawPublicKey(raw);
    QVERIFY(fromRaw);
    QCOMPARE(fromRaw->toPublicKeyPem().value(), m_vector.publicKeyPem);

    // The PKCS#8 DER ends with the 32-byte seed.
    const QByteArray pkcs8
        = QByteArray::fromBase64("MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF"_ba);
    auto fromSeed = Ed25519Key::fromRawPrivateKey(pkcs8.last(32));
    QVERIFY(fromSeed);
    QVERIFY(fromSeed->hasPrivateKey());
    QCOMPARE(fromSeed->rawPublicKey().value(), raw);
    QCOMPARE(fromSeed->toPrivateKeyPem().value(), m_vector.privateKeyPem);
}

void TestEd25519Key::generatedKeySignsAndVerifies()
{
    auto key = Ed25519Key::generate();
    QVERIFY(key);
    auto other = Ed25519Key::generate();
    QVERIFY(other);
    QVERIFY(key->rawPublicKey().value() != other->rawPublicKey().value());

    auto pem = key->toPrivateKeyPem();
    QVERIFY(pem);
    QVERIFY(pem->startsWith("-----BEGIN PRIVATE KEY-----\n"));
    auto reloaded = Ed25519Key::fromPrivateKeyPem(*pem);
    QVERIFY(reloaded);
    QCOMPARE(reloaded->rawPublicKey().value(), key->rawPublicKey().value());
    QCOMPARE(reloaded->fingerprint().value().size(), 43);

    const QByteArray message = "order 42"_ba;
    auto signature = key->sign(message);
    QVERIFY(signature);
    QCOMPARE(signature->size(), 64);
    QCOMPARE(reloaded->sign(message).value(), *signature);
    auto publicOnly = Ed25519Key::fromPublicKeyPem(key->toPublicKeyPem().value());
    QVERIFY(publicOnly);
    QVERIFY(publicOnly->verify(message, *signature));
    QCOMPARE(other->verify(message, *signature).error().code, u"signature_invalid"_s);
}

void TestEd25519Key::verifyRejects_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<int>("flipByte"); // -1: leave the signature alone
    QTest::addColumn<int>("signatureLength");

    QTest::newRow("changed message") << "order 43"_ba << -1 << 64;
    QTest::newRow("empty message") << QByteArray() << -1 << 64;
    QTest::newRow("first byte flipped") << "order 42"_ba << 0 << 64;
    QTest::newRow("last byte flipped") << "order 42"_ba << 63 << 64;
    QTest::newRow("truncated") << "order 42"_ba << -1 << 63;
    QTest::newRow("empty signature") << "order 42"_ba << -1 << 0;
}

void TestEd25519Key::verifyRejects()
{
    QFETCH(QByteArray, message);
    QFETCH(int, flipByte);
    QFETCH(int, signatureLength);
    auto key = Ed25519Key::generate();
    QVERIFY(key);
    QByteArray signature = key->sign("order 42"_ba).value();
    if (flipByte >= 0)
        signature[flipByte] = static_cast<char>(signature.at(flipByte) ^ 0x01);
    signature.truncate(signatureLength);
    auto result = key->verify(message, signature);
    QVERIFY(!result);
    QCOMPARE(result.error().code, u"signature_invalid"_s);
}

void TestEd25519Key::publicKeyCannotSignOrExportPrivate()
{
    auto key = Ed25519Key::fromPublicKeyPem(m_vector.publicKeyPem);
    QVERIFY(key);
    QCOMPARE(key->sign("x"_ba).error().code, u"key_not_private"_s);
    QCOMPARE(key->toPrivateKeyPem().error().code, u"key_not_private"_s);
}

void TestEd25519Key::copiesShareTheKey()
{
    auto key = Ed25519Key::fromPrivateKeyPem(m_vector.privateKeyPem);
    QVERIFY(key);
    Ed25519Key copy = *key;
    Ed25519Key assigned = Ed25519Key::generate().value();
    assigned = copy;
    const QByteArray expected = key->sign(m_vector.signatureBase).value();
    QCOMPARE(copy.sign(m_vector.signatureBase).value(), expected);
    QCOMPARE(assigned.sign(m_vector.signatureBase).value(), expected);
    Ed25519Key moved = std::move(copy);
    QCOMPARE(moved.sign(m_vector.signatureBase).value(), expected);
}

void TestEd25519Key::badPrivatePem_data()
{
    QTest::addColumn<QByteArray>("pem");
    QTest::addColumn<QString>("code");

    const QByteArray good = "-----BEGIN PRIVATE KEY-----\n"
                            "MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n"
                            "-----END PRIVATE KEY-----\n"_ba;
    QTest::newRow("empty") << QByteArray() << u"bad_pem"_s;
    QTest::newRow("not pem") << "hello world"_ba << u"bad_pem"_s;
    QTest::newRow("junk before block") << "junk\n"_ba + good << u"bad_pem"_s;
    QTest::newRow("junk after block") << good + "junk\n"_ba << u"bad_pem"_s;
    QTest::newRow("two blocks") << good + good << u"bad_pem"_s;
    QTest::newRow("no end line") << good.first(92) << u"bad_pem"_s;
    QTest::newRow("corrupt base64") << QByteArray(good).replace("MC4CAQAw", "MC4C!!Aw") << u"bad_pem"_s;
    QTest::newRow("truncated der") << QByteArray(good).replace("qfSnF\n", "qfS\n") << u"bad_pem"_s;
    QTest::newRow("public key") << m_vector.publicKeyPem << u"bad_pem"_s;
    QTest::newRow("certificate label") << QByteArray(good).replace("PRIVATE KEY", "CERTIFICATE") << u"bad_pem"_s;
    QTest::newRow("encrypted pkcs8") << kEncryptedEd25519 << u"key_encrypted"_s;
    QTest::newRow("legacy encrypted headers") << QByteArray(good).replace(
        "KEY-----\nMC4", "KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMC4")
                                              << u"key_encrypted"_s;
    QTest::newRow("x25519") << kX25519Private << u"wrong_key_type"_s;
    QTest::newRow("p-256") << kP256Private << u"wrong_key_type"_s;
    QTest::newRow("rsa traditional") << kRsaTraditional << u"wrong_key_type"_s;
}

void TestEd25519Key::badPrivatePem()
{
    QFETCH(QByteArray, pem);
    QFETCH(QString, code);
    auto key = Ed25519Key::fromPrivateKeyPem(pem);
    QVERIFY(!key);
    QCOMPARE(key.error().code, code);
    QVERIFY(!key.error().message.isEmpty());
}

void TestEd25519Key::badPublicPem_data()
{
    QTest::addColumn<QByteArray>("pem");
    QTest::addColumn<QString>("code");

    QTest::newRow("empty") << QByteArray() << u"bad_pem"_s;
    QTest::newRow("private key") << m_vector.privateKeyPem << u"bad_pem"_s;
    QTest::newRow("truncated der") << QByteArray(m_vector.publicKeyPem).replace("D0bs=", "D0") << u"bad_pem"_s;
    QTest::newRow("x25519") << kX25519Public << u"wrong_key_type"_s;
    QTest::newRow("p-256") << kP256Public << u"wrong_key_type"_s;
}

void TestEd25519Key::badPublicPem()
{
    QFETCH(QByteArray, pem);
    QFETCH(QString, code);
    auto key = Ed25519Key::fromPublicKeyPem(pem);
    QVERIFY(!key);
    QCOMPARE(key.error().code, code);
}

void TestEd25519Key::badRawKeys()
{
    QCOMPARE(Ed25519Key::fromRawPublicKey(QByteArray(31, 'a')).error().code, u"bad_key_length"_s);
    QCOMPARE(Ed25519Key::fromRawPublicKey(QByteArray(33, 'a')).error().code, u"bad_key_length"_s);
    QCOMPARE(Ed25519Key::fromRawPrivateKey(QByteArray()).error().code, u"bad_key_length"_s);
    QCOMPARE(Ed25519Key::fromPublicKeyDer("\x30\x00"_ba).error().code, u"bad_pem"_s);
}

QTEST_GUILESS_MAIN(TestEd25519Key)
#include "test_Ed25519Key.moc"
