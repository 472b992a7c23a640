// The signed example request of docs/protocol.md: recomputed here from its fixed inputs (the RFC
// 8032 §7.1 TEST 1 key, a fixed created time and nonce, docs/examples/signed-order.json), so
// the published headers and signature base are exactly what the implementation produces.
// DESKPAY_WRITE_EXAMPLE=1 rewrites the files instead of comparing (after a deliberate change).

#include "services/protocol/ContentDigest.h"
#include "services/protocol/Ed25519Key.h"
#include "services/protocol/HttpMessage.h"
#include "services/protocol/HttpSignature.h"
#include "services/protocol/SignatureProfile.h"

#include <QFile>
#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace deskpay {

class TestSignedExample : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exampleMatchesTheImplementation();
};

namespace {

QString examplePath(const QString &name)
{
    return qEnvironmentVariable("DESKPAY_SOURCE_DIR") + u"/docs/examples/"_s + name;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

void TestSignedExample::exampleMatchesTheImplementation()
{
    // RFC 8032 §7.1 TEST 1: a published key, so anyone can recompute the signature.
    const auto key = Ed25519Key::fromRawPrivateKey(
        QByteArray::fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    QVERIFY(key);
    const auto keyId = key->fingerprint();
    QVERIFY(keyId);
    const QByteArray body = readFile(examplePath(u"signed-order.json"_s));
    QVERIFY2(!body.isEmpty(), "docs/examples/signed-order.json is missing");

    auto message = HttpMessage::fromUrl("POST"_ba, QUrl(u"https://deskpay.example/v1/orders"_s));
    QVERIFY(message);
    message->setHeader("content-type", "application/json"_ba);
    message->setHeader("idempotency-key", "7f3c2a9e-5d41-4b8e-9c06-1e2f3a4b5c6d"_ba);
    const auto digest = ContentDigest::create(body);
    QVERIFY(digest);
    message->setHeader("content-digest", *digest);
    message->setBody(body);

    const SignatureProfile profile = SignatureProfile::deskpay();
    SignatureParams params;
    params.created = 1795169700; // 2026-11-20T10:15:00Z
    params.expires = *params.created + profile.maxWindowSecs;
    params.keyid = *keyId;
    params.nonce = u"ZXhhbXBsZS1ub25jZS0wMQ"_s;
    const auto signature = HttpSignature::sign(*message, profile.label, profile.coveredComponents, params, *key);
    QVERIFY(signature);

    const QByteArray request = "POST /v1/orders HTTP/1.1\r\n"
                               "Host: deskpay.example\r\n"
                               "Authorization: Bearer <the agent's session token>\r\n"
                               "Content-Type: application/json\r\n"
                               "Idempotency-Key: 7f3c2a9e-5d41-4b8e-9c06-1e2f3a4b5c6d\r\n"
                               "Content-Digest: "_ba
        + *digest + "\r\nSignature-Input: "_ba + signature->signatureInput + "\r\nSignature: "_ba
        + signature->signature + "\r\nContent-Length: "_ba + QByteArray::number(body.size()) + "\r\n\r\n"_ba + body;
    const QByteArray publicKey = key->toPublicKeyPem().value();

    const QList<std::pair<QString, QByteArray>> files {
        { u"signed-order.http"_s, request },
        { u"signed-order.signature-base.txt"_s, signature->signatureBase },
        { u"signed-order.public-key.pem"_s, publicKey },
    };
    for (const auto &[name, expected] : files) {
        if (qEnvironmentVariableIntValue("DESKPAY_WRITE_EXAMPLE") == 1) {
            QFile out(examplePath(name));
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(expected);
            continue;
        }
        QCOMPARE(readFile(examplePath(name)), expected);
    }
}

} // namespace deskpay

QTEST_GUILESS_MAIN(deskpay::TestSignedExample)
#include "test_SignedExample.moc"
