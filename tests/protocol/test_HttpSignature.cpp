// HttpSignature: RFC 9421 B.2.6 reproduced byte for byte, component values, and signing with the DeskPay profile.

#include "Rfc9421Vector.h"
#include "services/protocol/ContentDigest.h"
#include "services/protocol/HttpSignature.h"
#include "services/protocol/SignatureBase.h"

#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

class TestHttpSignature : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void vectorBaseAndSignatureAreReproduced();
    void componentValues_data();
    void componentValues();
    void clientAndServerAgree_data();
    void clientAndServerAgree();
    void headerFieldsAreCombined();
    void componentErrors_data();
    void componentErrors();
    void messageErrors_data();
    void messageErrors();
    void signRequestFollowsTheProfile();
    void signRequestKeepsAnExistingDigest();
    void signRejectsBadLabelsAndParams();

private:
    test::Rfc9421Vector m_vector;
};

void TestHttpSignature::initTestCase()
{
    const QString error = test::Rfc9421Vector::load(&m_vector);
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
}

void TestHttpSignature::vectorBaseAndSignatureAreReproduced()
{
    const auto message = m_vector.message();
    QVERIFY(message);
    auto key = Ed25519Key::fromPrivateKeyPem(m_vector.privateKeyPem);
    QVERIFY(key);

    SignatureParams params;
    params.created = 1618884473;
    params.keyid = u"test-key-ed25519"_s;
    const QStringList components { u"date"_s, u"@method"_s, u"@path"_s, u"@authority"_s, u"content-type"_s,
        u"content-length"_s };
    auto headers = HttpSignature::sign(*message, u"sig-b26"_s, components, params, *key);
    QVERIFY2(headers, test::why(headers).constData());
    QCOMPARE(headers->signatureBase, m_vector.signatureBase);
    QCOMPARE(headers->signatureInput, m_vector.signatureInput);
    QCOMPARE(headers->signature, m_vector.signature);
    QCOMPARE(headers->label, u"sig-b26"_s);
    QCOMPARE(headers->signatureBytes.size(), 64);
}

void TestHttpSignature::componentValues_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QString>("component");
    QTest::addColumn<QByteArray>("value");

    const QUrl full(u"https://Example.COM:443/foo/bar?param=Value&Pet=dog#frag"_s);
    QTest::newRow("@method") << full << u"@method"_s << "POST"_ba;
    QTest::newRow("@target-uri") << full << u"@target-uri"_s << "https://example.com/foo/bar?param=Value&Pet=dog"_ba;
    QTest::newRow("@authority default port dropped") << full << u"@authority"_s << "example.com"_ba;
    QTest::newRow("@scheme") << full << u"@scheme"_s << "https"_ba;
    QTest::newRow("@request-target") << full << u"@request-target"_s << "/foo/bar?param=Value&Pet=dog"_ba;
    QTest::newRow("@path") << full << u"@path"_s << "/foo/bar"_ba;
    QTest::newRow("@query") << full << u"@query"_s << "?param=Value&Pet=dog"_ba;

    const QUrl bare(u"http://www.example.com:8080"_s);
    QTest::newRow("@authority other port kept") << bare << u"@authority"_s << "www.example.com:8080"_ba;
    QTest::newRow("@target-uri empty path") << bare << u"@target-uri"_s << "http://www.example.com:8080/"_ba;
    QTest::newRow("@path empty") << bare << u"@path"_s << "/"_ba;
    QTest::newRow("@query absent") << bare << u"@query"_s << "?"_ba;
    QTest::newRow("@request-target no query") << bare << u"@request-target"_s << "/"_ba;
    QTest::newRow("http default port") << QUrl(u"http://a.example:80/x"_s) << u"@authority"_s << "a.example"_ba;

    const QUrl encoded(u"https://example.com/a%20b/%C3%A9?q=%2F&r=a+b"_s);
    QTest::newRow("@path stays encoded") << encoded << u"@path"_s << "/a%20b/%C3%A9"_ba;
    QTest::newRow("@query stays encoded") << encoded << u"@query"_s << "?q=%2F&r=a+b"_ba;
    QTest::newRow("empty query") << QUrl(u"https://example.com/x?"_s) << u"@query"_s << "?"_ba;
    QTest::newRow("ipv6 authority") << QUrl(u"https://[::1]:8443/v1"_s) << u"@authority"_s << "[::1]:8443"_ba;
}

void TestHttpSignature::componentValues()
{
    QFETCH(QUrl, url);
    QFETCH(QString, component);
    QFETCH(QByteArray, value);
    auto message = HttpMessage::fromUrl("POST"_ba, url);
    QVERIFY2(message, test::why(message).constData());
    auto actual = SignatureBase::componentValue(*message, SfItem { SfBareItem::string(component), {} });
    QVERIFY2(actual, test::why(actual).constData());
    QCOMPARE(*actual, value);
}

void TestHttpSignature::clientAndServerAgree_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QByteArray>("scheme");
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<QByteArray>("target");

    QTest::newRow("order") << QUrl(u"https://127.0.0.1:8443/v1/orders"_s) << "https"_ba
                           << "127.0.0.1:8443"_ba
                           << "/v1/orders"_ba;
    QTest::newRow("query") << QUrl(u"https://pay.example/v1/events?after=42"_s) << "HTTPS"_ba
                           << "PAY.example:443"_ba
                           << "/v1/events?after=42"_ba;
    QTest::newRow("encoded") << QUrl(u"https://pay.example/v1/orders/a%2Fb?x=%20"_s) << "https"_ba
                             << "pay.example"_ba
                             << "/v1/orders/a%2Fb?x=%20"_ba;
}

void TestHttpSignature::clientAndServerAgree()
{
    QFETCH(QUrl, url);
    QFETCH(QByteArray, scheme);
    QFETCH(QByteArray, host);
    QFETCH(QByteArray, target);
    auto client = HttpMessage::fromUrl("POST"_ba, url);
    auto server = HttpMessage::fromRequestTarget("POST"_ba, scheme, host, target);
    QVERIFY2(client, test::why(client).constData());
    QVERIFY2(server, test::why(server).constData());
    QCOMPARE(server->targetUri(), client->targetUri());
    QCOMPARE(server->authority(), client->authority());
    QCOMPARE(server->requestTarget(), client->requestTarget());
}

void TestHttpSignature::headerFieldsAreCombined()
{
    auto message = HttpMessage::fromUrl("GET"_ba, QUrl(u"https://example.com/"_s));
    QVERIFY(message);
    message->addHeader("Cache-Control", "  max-age=60 ");
    message->addHeader("cache-control", "must-revalidate");
    message->addHeader("X-Empty-Header", "");
    QCOMPARE(message->headerLines("CACHE-CONTROL").size(), 2);
    auto value = SignatureBase::componentValue(*message, SfItem { SfBareItem::string(u"cache-control"_s), {} });
    QVERIFY(value);
    QCOMPARE(*value, "max-age=60, must-revalidate"_ba); // RFC 9421 §2.1

    SfInnerList list;
    list.items = { SfItem { SfBareItem::string(u"cache-control"_s), {} },
        SfItem { SfBareItem::string(u"x-empty-header"_s), {} } };
    list.parameters.set(u"created"_s, SfBareItem::integer(1));
    auto base = SignatureBase::build(*message, list);
    QVERIFY2(base, test::why(base).constData());
    QCOMPARE(*base,
        "\"cache-control\": max-age=60, must-revalidate\n"
        "\"x-empty-header\": \n"
        "\"@signature-params\": (\"cache-control\" \"x-empty-header\");created=1"_ba);

    message->setHeader("CACHE-control", "no-store");
    QCOMPARE(message->header("cache-control").value(), "no-store"_ba);
    message->removeHeader("Cache-Control");
    QVERIFY(!message->hasHeader("cache-control"));
}

void TestHttpSignature::componentErrors_data()
{
    QTest::addColumn<QStringList>("components");
    QTest::addColumn<QString>("parameter"); // a component parameter to add to the first one
    QTest::addColumn<QString>("code");

    QTest::newRow("unknown derived") << QStringList { u"@status"_s } << QString()
                                     << u"signature_component_unsupported"_s;
    QTest::newRow("query-param") << QStringList { u"@query-param"_s } << QString()
                                 << u"signature_component_unsupported"_s;
    QTest::newRow("component parameter sf")
        << QStringList { u"content-type"_s } << u"sf"_s << u"signature_component_unsupported"_s;
    QTest::newRow("component parameter req")
        << QStringList { u"@method"_s } << u"req"_s << u"signature_component_unsupported"_s;
    QTest::newRow("missing header") << QStringList { u"idempotency-key"_s } << QString() << u"component_missing"_s;
    QTest::newRow("uppercase header") << QStringList { u"Content-Type"_s } << QString()
                                      << u"signature_component_invalid"_s;
    QTest::newRow("duplicate") << QStringList { u"@method"_s, u"@method"_s } << QString()
                               << u"signature_component_invalid"_s;
    QTest::newRow("signature-params") << QStringList { u"@signature-params"_s } << QString()
                                      << u"signature_component_invalid"_s;
    QTest::newRow("line break in value") << QStringList { u"x-bad"_s } << QString() << u"component_value_invalid"_s;
}

void TestHttpSignature::componentErrors()
{
    QFETCH(QStringList, components);
    QFETCH(QString, parameter);
    QFETCH(QString, code);
    auto message = HttpMessage::fromUrl("POST"_ba, QUrl(u"https://example.com/v1/orders"_s));
    QVERIFY(message);
    message->addHeader("content-type", "application/json");
    message->addHeader("x-bad", "a\r\nb");
    SfInnerList list;
    for (const QString &c : std::as_const(components))
        list.items.append(SfItem { SfBareItem::string(c), {} });
    if (!parameter.isEmpty())
        list.items.first().parameters.set(parameter, SfBareItem::boolean(true));
    auto base = SignatureBase::build(*message, list);
    QVERIFY2(!base, "built a base that should fail");
    QCOMPARE(base.error().code, code);

    // Signing refuses the same lists (component parameters cannot be expressed there).
    if (parameter.isEmpty()) {
        auto key = Ed25519Key::generate().value();
        auto signed_ = HttpSignature::sign(*message, u"sig1"_s, components, SignatureParams {}, key);
        QVERIFY(!signed_);
        QCOMPARE(signed_.error().code, code);
    }
}

void TestHttpSignature::messageErrors_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("scheme");
    QTest::addColumn<QByteArray>("authority");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QString>("code");

    QTest::newRow("empty method") << QByteArray() << "https"_ba
                                  << "a.example"_ba
                                  << "/"_ba << u"method_invalid"_s;
    QTest::newRow("method with space") << "PO ST"_ba
                                       << "https"_ba
                                       << "a.example"_ba
                                       << "/"_ba << u"method_invalid"_s;
    QTest::newRow("ftp scheme") << "GET"_ba
                                << "ftp"_ba
                                << "a.example"_ba
                                << "/"_ba << u"target_uri_invalid"_s;
    QTest::newRow("empty authority") << "GET"_ba
                                     << "https"_ba << QByteArray() << "/"_ba << u"authority_invalid"_s;
    QTest::newRow("userinfo") << "GET"_ba
                              << "https"_ba
                              << "u@a.example"_ba
                              << "/"_ba << u"authority_invalid"_s;
    QTest::newRow("bad port") << "GET"_ba
                              << "https"_ba
                              << "a.example:44x"_ba
                              << "/"_ba << u"authority_invalid"_s;
    QTest::newRow("absolute form target") << "GET"_ba
                                          << "https"_ba
                                          << "a.example"_ba
                                          << "https://a.example/"_ba << u"request_target_invalid"_s;
    QTest::newRow("space in target") << "GET"_ba
                                     << "https"_ba
                                     << "a.example"_ba
                                     << "/a b"_ba << u"request_target_invalid"_s;
    QTest::newRow("fragment in target") << "GET"_ba
                                        << "https"_ba
                                        << "a.example"_ba
                                        << "/a#b"_ba << u"request_target_invalid"_s;
}

void TestHttpSignature::messageErrors()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, scheme);
    QFETCH(QByteArray, authority);
    QFETCH(QByteArray, target);
    QFETCH(QString, code);
    auto message = HttpMessage::fromRequestTarget(method, scheme, authority, target);
    QVERIFY(!message);
    QCOMPARE(message.error().code, code);
}

void TestHttpSignature::signRequestFollowsTheProfile()
{
    auto message = HttpMessage::fromUrl("POST"_ba, QUrl(u"https://127.0.0.1:8443/v1/orders"_s));
    QVERIFY(message);
    message->setBody(R"({"ticket":"1762342567890"})"_ba);
    message->addHeader("Content-Type", "application/json");
    message->addHeader("Idempotency-Key", "6f1c2d3e-0000-4000-8000-000000000001");
    auto key = Ed25519Key::generate().value();
    ManualClock clock(QDateTime::fromSecsSinceEpoch(1'750'000'000, Qt::UTC));
    const SignatureProfile profile = SignatureProfile::deskpay();

    auto first = HttpSignature::signRequest(*message, profile, key, u"desk-7"_s, clock);
    QVERIFY2(first, test::why(first).constData());
    QCOMPARE(message->header("content-digest").value(), ContentDigest::create(message->body()).value());
    QCOMPARE(message->header("signature-input").value(), first->signatureInput);
    QCOMPARE(message->header("signature").value(), first->signature);

    static const QRegularExpression inputShape(
        uR"(^deskpay=\("@method" "@target-uri" "content-digest" "content-type" "idempotency-key"\))"
        uR"(;created=1750000000;expires=1750000300;keyid="desk-7";nonce="[A-Za-z0-9_-]{22}"$)"_s);
    QVERIFY2(
        inputShape.match(QString::fromLatin1(first->signatureInput)).hasMatch(), first->signatureInput.constData());
    QVERIFY(first->signature.startsWith("deskpay=:"));
    QVERIFY(first->signatureBase.startsWith("\"@method\": POST\n\"@target-uri\": https://127.0.0.1:8443/v1/orders\n"
                                            "\"content-digest\": sha-256=:"));
    QVERIFY(first->signatureBase.contains("\n\"idempotency-key\": 6f1c2d3e-0000-4000-8000-000000000001\n"));
    QVERIFY(key.verify(first->signatureBase, first->signatureBytes));

    // Signing again replaces the fields and never reuses a nonce.
    auto second = HttpSignature::signRequest(*message, profile, key, u"desk-7"_s, clock);
    QVERIFY(second);
    QVERIFY(second->signatureInput != first->signatureInput);
    QCOMPARE(message->headerLines("signature-input").size(), 1);
    QCOMPARE(message->headerLines("signature").size(), 1);

    SignatureProfile withAlg = profile;
    withAlg.emitAlgorithm = true;
    withAlg.tag = u"deskpay-order"_s;
    auto third = HttpSignature::signRequest(*message, withAlg, key, u"desk-7"_s, clock);
    QVERIFY(third);
    QVERIFY(third->signatureInput.endsWith(";alg=\"ed25519\";tag=\"deskpay-order\""));
}

void TestHttpSignature::signRequestKeepsAnExistingDigest()
{
    auto message = HttpMessage::fromUrl("POST"_ba, QUrl(u"https://example.com/v1/orders"_s));
    QVERIFY(message);
    message->setBody(m_vector.body);
    message->addHeader("content-digest", m_vector.sha512Digest);
    message->addHeader("content-type", "application/json");
    message->addHeader("idempotency-key", "k1");
    ManualClock clock;
    auto signed_ = HttpSignature::signRequest(
        *message, SignatureProfile::deskpay(), Ed25519Key::generate().value(), u"k"_s, clock);
    QVERIFY2(signed_, test::why(signed_).constData());
    QCOMPARE(message->header("content-digest").value(), m_vector.sha512Digest);

    // A message lacking a covered header cannot be signed with the profile.
    message->removeHeader("idempotency-key");
    auto missing = HttpSignature::signRequest(
        *message, SignatureProfile::deskpay(), Ed25519Key::generate().value(), u"k"_s, clock);
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, u"component_missing"_s);
    QCOMPARE(missing.error().field, u"idempotency-key"_s);
}

void TestHttpSignature::signRejectsBadLabelsAndParams()
{
    const auto message = m_vector.message();
    QVERIFY(message);
    auto key = Ed25519Key::fromPrivateKeyPem(m_vector.privateKeyPem).value();
    for (const QString &label : { u"Sig"_s, QString(), u"1sig"_s, u"sig 1"_s }) {
        auto result = HttpSignature::sign(*message, label, { u"@method"_s }, SignatureParams {}, key);
        QVERIFY(!result);
        QCOMPARE(result.error().code, u"signature_label_invalid"_s);
    }
    SignatureParams params;
    params.keyid = u"cl\u00e9"_s;
    auto result = HttpSignature::sign(*message, u"sig"_s, { u"@method"_s }, params, key);
    QVERIFY(!result);
    QCOMPARE(result.error().code, u"signature_param_invalid"_s);
    QCOMPARE(result.error().field, u"keyid"_s);

    auto publicKey = Ed25519Key::fromPublicKeyPem(m_vector.publicKeyPem).value();
    auto unsignable = HttpSignature::sign(*message, u"sig"_s, { u"@method"_s }, SignatureParams {}, publicKey);
    QVERIFY(!unsignable);
    QCOMPARE(unsignable.error().code, u"key_not_private"_s);
}

QTEST_GUILESS_MAIN(TestHttpSignature)
#include "test_HttpSignature.moc"
