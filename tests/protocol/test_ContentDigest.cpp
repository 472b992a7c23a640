// ContentDigest: RFC 9530 vectors for {"hello": "world"}, and each way a header can fail the body.

#include "Rfc9421Vector.h"
#include "services/protocol/ContentDigest.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

namespace {

const QByteArray kBody = R"({"hello": "world"})"_ba;
const QByteArray kSha256 = "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:"_ba;
const QByteArray kSha512
    = "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:"_ba;

} // namespace

class TestContentDigest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void createMatchesVectors();
    void createSeveral();
    void check_data();
    void check();

private:
    test::Rfc9421Vector m_vector;
};

void TestContentDigest::initTestCase()
{
    const QString error = test::Rfc9421Vector::load(&m_vector);
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
    // The literals below are the file's own values; keep them in step.
    QCOMPARE(m_vector.body, kBody);
    QCOMPARE(m_vector.sha256Digest, kSha256);
    QCOMPARE(m_vector.sha512Digest, kSha512);
}

void TestContentDigest::createMatchesVectors()
{
    QCOMPARE(ContentDigest::create(m_vector.body).value(), m_vector.sha256Digest);
    QCOMPARE(ContentDigest::create(m_vector.body, DigestAlgorithm::Sha256).value(), m_vector.sha256Digest);
    QCOMPARE(ContentDigest::create(m_vector.body, DigestAlgorithm::Sha512).value(), m_vector.sha512Digest);
    // The request of RFC 9421 B.2 carries the sha-512 one.
    QByteArray header;
    for (const auto &[name, value] : m_vector.headers) {
        if (name.toLower() == "content-digest")
            header = value;
    }
    QCOMPARE(header, m_vector.sha512Digest);
}

void TestContentDigest::createSeveral()
{
    const auto value = ContentDigest::create(kBody, { DigestAlgorithm::Sha256, DigestAlgorithm::Sha512 });
    QVERIFY(value);
    QCOMPARE(*value, kSha256 + ", " + kSha512);
    QCOMPARE(ContentDigest::check(*value, kBody).value(), DigestAlgorithm::Sha512);
    // An empty body has a digest too (RFC 9530 §2).
    QCOMPARE(ContentDigest::create(QByteArray()).value(), "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:"_ba);
}

void TestContentDigest::check_data()
{
    QTest::addColumn<bool>("present");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code"); // empty: accepted
    QTest::addColumn<int>("algorithm"); // when accepted

    const int sha256 = int(DigestAlgorithm::Sha256);
    const int sha512 = int(DigestAlgorithm::Sha512);
    const QByteArray md5 = "md5=:+YOYjVpn0ntIAGXyZYNFqQ==:"_ba;
    QTest::newRow("sha-256") << true << kSha256 << kBody << QString() << sha256;
    QTest::newRow("sha-512") << true << kSha512 << kBody << QString() << sha512;
    QTest::newRow("both") << true << kSha512 + ", " + kSha256 << kBody << QString() << sha512;
    QTest::newRow("unknown algorithm beside sha-256") << true << md5 + ", " + kSha256 << kBody << QString() << sha256;
    QTest::newRow("parameters are ignored") << true << kSha256 + ";note=1" << kBody << QString() << sha256;
    QTest::newRow("surrounding spaces") << true << "  " + kSha256 + " " << kBody << QString() << sha256;

    QTest::newRow("absent") << false << QByteArray() << kBody << u"digest_missing"_s << 0;
    QTest::newRow("empty") << true << QByteArray() << kBody << u"digest_missing"_s << 0;
    QTest::newRow("blank") << true << "   "_ba << kBody << u"digest_missing"_s << 0;
    QTest::newRow("only md5") << true << md5 << kBody << u"digest_unsupported_algorithm"_s << 0;
    QTest::newRow("only sha (sha-1)") << true << "sha=:AAAAAAAAAAAAAAAAAAAAAAAAAAA=:"_ba << kBody
                                      << u"digest_unsupported_algorithm"_s << 0;
    QTest::newRow("uppercase algorithm") << true << "SHA-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:"_ba << kBody
                                         << u"digest_malformed"_s << 0;
    QTest::newRow("legacy Digest syntax")
        << true << "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE="_ba << kBody << u"digest_malformed"_s << 0;
    QTest::newRow("value is a token") << true << "sha-256=abc"_ba << kBody << u"digest_malformed"_s << 0;
    QTest::newRow("value is a string") << true << "sha-256=\"X48E\""_ba << kBody << u"digest_malformed"_s << 0;
    QTest::newRow("value is an inner list") << true << "sha-256=(:AAAA:)"_ba << kBody << u"digest_malformed"_s << 0;
    QTest::newRow("bare key") << true << "sha-256"_ba << kBody << u"digest_malformed"_s << 0;
    QTest::newRow("truncated digest") << true << "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDU:"_ba << kBody
                                      << u"digest_malformed"_s << 0;
    QTest::newRow("sha-512 length under sha-256")
        << true << "sha-256" + kSha512.sliced(7) << kBody << u"digest_malformed"_s << 0;
    QTest::newRow("not base64") << true << "sha-256=:X48E9q$$:"_ba << kBody << u"digest_malformed"_s << 0;

    QTest::newRow("body changed") << true << kSha256 << R"({"hello": "World"})"_ba << u"digest_mismatch"_s << 0;
    QTest::newRow("body extended") << true << kSha512 << kBody + '\n' << u"digest_mismatch"_s << 0;
    QTest::newRow("body empty") << true << kSha256 << QByteArray() << u"digest_mismatch"_s << 0;
    QTest::newRow("one right, one wrong") << true << kSha256 + ", sha-512=:" + QByteArray(64, '\0').toBase64() + ":"
                                          << kBody << u"digest_mismatch"_s << 0;
}

void TestContentDigest::check()
{
    QFETCH(bool, present);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(int, algorithm);

    const auto result = ContentDigest::check(present ? std::optional<QByteArray>(header) : std::nullopt, body);
    if (code.isEmpty()) {
        QVERIFY2(result, test::why(result).constData());
        QCOMPARE(int(*result), algorithm);
    } else {
        QVERIFY2(!result, "accepted a digest that should fail");
        QCOMPARE(result.error().code, code);
        QVERIFY(!result.error().message.isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestContentDigest)
#include "test_ContentDigest.moc"
