// SignatureVerifier: the B.2.6 vector verifies; every tampering, time and profile violation fails with its own code.

#include "Rfc9421Vector.h"
#include "services/protocol/HttpSignature.h"
#include "services/protocol/SignatureVerifier.h"
#include "services/protocol/StructuredFields.h"

#include <QHash>
#include <QTest>

#include <functional>

using namespace Qt::StringLiterals;
using namespace deskpay;

namespace {

constexpr qint64 kNow = 1'750'000'000;
const QByteArray kOrderBody
    = R"({"productType":"DATE_CHANGE","ticketNumber":"1762342567890","pnr":"ABC123","payerAccount":"P-1001"})"_ba;

using Mutation = std::function<void(HttpMessage &)>;

// The same request with another method or target: headers and body carried over.
HttpMessage retarget(const HttpMessage &from, const QByteArray &method, const QByteArray &scheme,
    const QByteArray &authority, const QByteArray &target)
{
    HttpMessage to = HttpMessage::fromRequestTarget(method, scheme, authority, target).value();
    for (const auto &[name, value] : from.headers())
        to.addHeader(name, value);
    to.setBody(from.body());
    return to;
}

// Rewrites the "deskpay" member of Signature-Input structurally, so only the intended part changes.
Mutation editInput(const std::function<void(SfInnerList &)> &edit, const QString &label = u"deskpay"_s)
{
    return [edit, label](HttpMessage &m) {
        SfDictionary dict = StructuredFields::parseDictionary(m.header("signature-input").value()).value();
        SfInnerList list = std::get<SfInnerList>(*dict.find(label));
        edit(list);
        dict.set(label, SfMember(list));
        m.setHeader("signature-input", StructuredFields::serializeDictionary(dict).value());
    };
}

Mutation editSignatureBytes(const std::function<void(QByteArray &)> &edit)
{
    return [edit](HttpMessage &m) {
        SfDictionary dict = StructuredFields::parseDictionary(m.header("signature").value()).value();
        QByteArray bytes = std::get<SfItem>(*dict.find(u"deskpay"_s)).value.toByteSequence();
        edit(bytes);
        dict.set(u"deskpay"_s, SfMember(SfItem { SfBareItem::byteSequence(bytes), {} }));
        m.setHeader("signature", StructuredFields::serializeDictionary(dict).value());
    };
}

Mutation setParam(const QString &name, const SfBareItem &value)
{
    return editInput([name, value](SfInnerList &l) { l.parameters.set(name, value); });
}

Mutation removeParam(const QString &name)
{
    return editInput([name](SfInnerList &l) { l.parameters.remove(name); });
}

Mutation shiftParam(const QString &name, qint64 delta)
{
    return editInput([name, delta](SfInnerList &l) {
        l.parameters.set(name, SfBareItem::integer(l.parameters.find(name)->toInteger() + delta));
    });
}

const QHash<QString, Mutation> &mutations()
{
    static const QHash<QString, Mutation> table {
        { u"none"_s, [](HttpMessage &) {} },
        // covered derived components
        { u"method"_s, [](HttpMessage &m) { m = retarget(m, "PUT", m.scheme(), m.authority(), m.requestTarget()); } },
        { u"path"_s, [](HttpMessage &m) { m = retarget(m, m.method(), m.scheme(), m.authority(), "/v1/orderz"); } },
        { u"query added"_s,
            [](HttpMessage &m) { m = retarget(m, m.method(), m.scheme(), m.authority(), m.path() + "?dryRun=1"); } },
        { u"authority"_s,
            [](HttpMessage &m) { m = retarget(m, m.method(), m.scheme(), "evil.example:8443", m.requestTarget()); } },
        { u"port"_s,
            [](HttpMessage &m) { m = retarget(m, m.method(), m.scheme(), "pay.example:9443", m.requestTarget()); } },
        { u"scheme"_s, [](HttpMessage &m) { m = retarget(m, m.method(), "http", m.authority(), m.requestTarget()); } },
        // covered header fields
        { u"content-type"_s, [](HttpMessage &m) { m.setHeader("content-type", "text/plain"); } },
        { u"idempotency-key"_s, [](HttpMessage &m) { m.setHeader("idempotency-key", "another-key"); } },
        { u"content-digest replaced"_s,
            [](HttpMessage &m) {
                m.setBody(kOrderBody + ' ');
                m.setHeader("content-digest", ContentDigest::create(m.body()).value());
            } },
        { u"content-type duplicated"_s, [](HttpMessage &m) { m.addHeader("Content-Type", "text/plain"); } },
        { u"content-type removed"_s, [](HttpMessage &m) { m.removeHeader("content-type"); } },
        { u"content-digest removed"_s, [](HttpMessage &m) { m.removeHeader("content-digest"); } },
        // the body, caught by Content-Digest
        { u"body"_s, [](HttpMessage &m) { m.setBody(QByteArray(kOrderBody).replace("P-1001", "P-6666")); } },
        { u"body emptied"_s, [](HttpMessage &m) { m.setBody({}); } },
        // signature parameters
        { u"created"_s, shiftParam(u"created"_s, +1) }, // -1 would widen the window past 300 s
        { u"expires"_s, shiftParam(u"expires"_s, -1) },
        { u"nonce"_s, setParam(u"nonce"_s, SfBareItem::string(u"AAAAAAAAAAAAAAAAAAAAAA"_s)) },
        { u"keyid to another registered key"_s, setParam(u"keyid"_s, SfBareItem::string(u"desk-8"_s)) },
        { u"keyid unknown"_s, setParam(u"keyid"_s, SfBareItem::string(u"desk-999"_s)) },
        { u"keyid revoked"_s, setParam(u"keyid"_s, SfBareItem::string(u"revoked"_s)) },
        { u"alg added"_s, setParam(u"alg"_s, SfBareItem::string(u"ed25519"_s)) },
        { u"alg other"_s, setParam(u"alg"_s, SfBareItem::string(u"rsa-pss-sha512"_s)) },
        { u"tag added"_s, setParam(u"tag"_s, SfBareItem::string(u"x"_s)) },
        { u"unknown param added"_s, setParam(u"foo"_s, SfBareItem::integer(1)) },
        { u"created removed"_s, removeParam(u"created"_s) },
        { u"expires removed"_s, removeParam(u"expires"_s) },
        { u"nonce removed"_s, removeParam(u"nonce"_s) },
        { u"keyid removed"_s, removeParam(u"keyid"_s) },
        { u"created as string"_s, setParam(u"created"_s, SfBareItem::string(u"1750000000"_s)) },
        { u"created negative"_s, setParam(u"created"_s, SfBareItem::integer(-1)) },
        { u"keyid as token"_s, setParam(u"keyid"_s, SfBareItem::token(u"desk-7"_s)) },
        { u"nonce empty"_s, setParam(u"nonce"_s, SfBareItem::string(QString())) },
        { u"expires before created"_s, shiftParam(u"expires"_s, -301) },
        // covered components list
        { u"component dropped"_s, editInput([](SfInnerList &l) { l.items.removeAt(3); }) },
        { u"component reordered"_s, editInput([](SfInnerList &l) { l.items.swapItemsAt(0, 1); }) },
        { u"component added"_s, editInput([](SfInnerList &l) {
             l.items.append(SfItem { SfBareItem::string(u"@path"_s), {} });
         }) },
        { u"component duplicated"_s, editInput([](SfInnerList &l) { l.items.append(l.items.first()); }) },
        { u"component not a string"_s, editInput([](SfInnerList &l) {
             l.items.append(SfItem { SfBareItem::token(u"date"_s), {} });
         }) },
        { u"component uncovered header"_s, editInput([](SfInnerList &l) {
             l.items.append(SfItem { SfBareItem::string(u"x-absent"_s), {} });
         }) },
        { u"component parameter"_s, editInput([](SfInnerList &l) { l.items[2].parameters.set(u"sf"_s, {}); }) },
        // the Signature field
        { u"signature bit flipped"_s, editSignatureBytes([](QByteArray &b) { b[10] = char(b.at(10) ^ 0x01); }) },
        { u"signature truncated"_s, editSignatureBytes([](QByteArray &b) { b.chop(1); }) },
        { u"signature zeroed"_s, editSignatureBytes([](QByteArray &b) { b.fill('\0'); }) },
        { u"signature not bytes"_s, [](HttpMessage &m) { m.setHeader("signature", "deskpay=\"abc\""); } },
        { u"signature garbage"_s, [](HttpMessage &m) { m.setHeader("signature", "deskpay=:abc"); } },
        { u"signature removed"_s, [](HttpMessage &m) { m.removeHeader("signature"); } },
        { u"signature other label"_s,
            [](HttpMessage &m) { m.setHeader("signature", m.header("signature")->replace("deskpay=", "sig1=")); } },
        // the Signature-Input field
        { u"input removed"_s, [](HttpMessage &m) { m.removeHeader("signature-input"); } },
        { u"input garbage"_s, [](HttpMessage &m) { m.setHeader("signature-input", "deskpay=(\"@method\""); } },
        { u"input not a list"_s, [](HttpMessage &m) { m.setHeader("signature-input", "deskpay=\"@method\""); } },
        { u"input other label"_s,
            [](HttpMessage &m) {
                m.setHeader("signature-input", m.header("signature-input")->replace("deskpay=", "sig1="));
            } },
        { u"both relabelled"_s,
            [](HttpMessage &m) {
                m.setHeader("signature-input", m.header("signature-input")->replace("deskpay=", "sig1="));
                m.setHeader("signature", m.header("signature")->replace("deskpay=", "sig1="));
            } },
        { u"second signature added"_s,
            [](HttpMessage &m) {
                m.addHeader("signature-input", "other=(\"@method\");created=1");
                m.addHeader("signature", "other=:AAAA:");
            } },
    };
    return table;
}

} // namespace

class TestSignatureVerifier : public QObject
{
    Q_OBJECT

public:
    TestSignatureVerifier()
        : m_clock(QDateTime::fromSecsSinceEpoch(kNow, Qt::UTC))
        , m_deskKey(Ed25519Key::generate().value())
        , m_otherKey(Ed25519Key::generate().value())
    {
    }

private Q_SLOTS:
    void initTestCase();
    void init();
    void vectorVerifies();
    void vectorTampering_data();
    void vectorTampering();
    void untouchedOrderVerifies();
    void tampering_data();
    void tampering();
    void timeWindow_data();
    void timeWindow();
    void profileEnforcement_data();
    void profileEnforcement();
    void profileTag();
    void withoutKeyStore();

private:
    HttpMessage order() const;
    HttpMessage signedOrder() const;
    SignatureVerifier verifier(const SignatureProfile &profile = SignatureProfile::deskpay()) const;

    test::Rfc9421Vector m_vector;
    ManualClock m_clock;
    Ed25519Key m_deskKey;
    Ed25519Key m_otherKey;
};

void TestSignatureVerifier::initTestCase()
{
    const QString error = test::Rfc9421Vector::load(&m_vector);
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
}

void TestSignatureVerifier::init()
{
    m_clock.set(QDateTime::fromSecsSinceEpoch(kNow, Qt::UTC));
}

HttpMessage TestSignatureVerifier::order() const
{
    HttpMessage m = HttpMessage::fromUrl("POST"_ba, QUrl(u"https://pay.example:8443/v1/orders"_s)).value();
    m.addHeader("Content-Type", "application/json");
    m.addHeader("Idempotency-Key", "0b6f9a52-8d0e-4a8e-9d0c-7f0d3b1c2a41");
    m.setBody(kOrderBody);
    return m;
}

HttpMessage TestSignatureVerifier::signedOrder() const
{
    HttpMessage m = order();
    auto signed_ = HttpSignature::signRequest(m, SignatureProfile::deskpay(), m_deskKey, u"desk-7"_s, m_clock);
    Q_ASSERT(signed_);
    return m;
}

SignatureVerifier TestSignatureVerifier::verifier(const SignatureProfile &profile) const
{
    const Ed25519Key desk = Ed25519Key::fromRawPublicKey(m_deskKey.rawPublicKey().value()).value();
    const Ed25519Key other = Ed25519Key::fromRawPublicKey(m_otherKey.rawPublicKey().value()).value();
    PublicKeyLookup lookup = [desk, other](const QString &keyid) -> Result<Ed25519Key> {
        if (keyid == u"desk-7")
            return desk;
        if (keyid == u"desk-8")
            return other;
        if (keyid == u"revoked")
            return fail(u"key_revoked"_s, u"The desk key was revoked."_s, u"keyid"_s);
        return fail(u"signature_unknown_key"_s, u"No desk key %1."_s.arg(keyid), u"keyid"_s);
    };
    return SignatureVerifier(m_clock, lookup, profile);
}

void TestSignatureVerifier::vectorVerifies()
{
    const auto message = m_vector.message();
    QVERIFY(message);
    m_clock.set(QDateTime::fromSecsSinceEpoch(1618884473 + 5, Qt::UTC));
    SignatureProfile profile;
    profile.label = u"sig-b26"_s;
    const Ed25519Key key = Ed25519Key::fromPublicKeyPem(m_vector.publicKeyPem).value();
    SignatureVerifier v(
        m_clock,
        [key](const QString &id) -> Result<Ed25519Key> {
            if (id == u"test-key-ed25519")
                return key;
            return fail(u"signature_unknown_key"_s, id);
        },
        profile);

    HttpMessage withHeaders = *message;
    withHeaders.addHeader("Signature-Input", m_vector.signatureInput);
    withHeaders.addHeader("Signature", m_vector.signature);
    auto result = v.verify(withHeaders);
    QVERIFY2(result, test::why(result).constData());
    QCOMPARE(result->signatureBase, m_vector.signatureBase);
    QCOMPARE(result->keyid, u"test-key-ed25519"_s);
    QCOMPARE(result->created, std::optional<qint64>(1618884473));
    QVERIFY(!result->expires);
    QCOMPARE(result->coveredComponents,
        QStringList({ u"date"_s, u"@method"_s, u"@path"_s, u"@authority"_s, u"content-type"_s, u"content-length"_s }));
    QVERIFY(!result->contentDigest); // content-digest is not covered by B.2.6

    // Without expires, the age limit applies: created + 300 s window + 30 s skew.
    m_clock.set(QDateTime::fromSecsSinceEpoch(1618884473 + 331, Qt::UTC));
    QCOMPARE(v.verify(withHeaders).error().code, u"signature_expired"_s);
    // The DeskPay profile refuses it: it covers none of the required components and lacks params.
    QCOMPARE(SignatureVerifier(m_clock, {}, SignatureProfile::deskpay()).verify(withHeaders).error().code,
        u"signature_label_missing"_s);
}

void TestSignatureVerifier::vectorTampering_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("authority");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("value"); // empty: remove the header
    QTest::addColumn<QString>("code");

    QTest::newRow("method") << "PUT"_ba
                            << "example.com"_ba
                            << "/foo?param=Value&Pet=dog"_ba << QByteArray() << QByteArray() << u"signature_invalid"_s;
    QTest::newRow("path") << "POST"_ba
                          << "example.com"_ba
                          << "/bar?param=Value&Pet=dog"_ba << QByteArray() << QByteArray() << u"signature_invalid"_s;
    QTest::newRow("query is not covered") << "POST"_ba
                                          << "example.com"_ba
                                          << "/foo?param=Other"_ba << QByteArray() << QByteArray() << QString();
    QTest::newRow("authority") << "POST"_ba
                               << "example.org"_ba
                               << "/foo?param=Value&Pet=dog"_ba << QByteArray() << QByteArray()
                               << u"signature_invalid"_s;
    QTest::newRow("date") << "POST"_ba
                          << "example.com"_ba
                          << "/foo?param=Value&Pet=dog"_ba
                          << "date"_ba
                          << "Tue, 20 Apr 2021 02:07:56 GMT"_ba << u"signature_invalid"_s;
    QTest::newRow("content-type") << "POST"_ba
                                  << "example.com"_ba
                                  << "/foo?param=Value&Pet=dog"_ba
                                  << "content-type"_ba
                                  << "application/json; charset=utf-8"_ba << u"signature_invalid"_s;
    QTest::newRow("content-length removed") << "POST"_ba
                                            << "example.com"_ba
                                            << "/foo?param=Value&Pet=dog"_ba
                                            << "content-length"_ba << QByteArray() << u"component_missing"_s;
    QTest::newRow("uncovered header") << "POST"_ba
                                      << "example.com"_ba
                                      << "/foo?param=Value&Pet=dog"_ba
                                      << "x-extra"_ba
                                      << "1"_ba << QString();
}

void TestSignatureVerifier::vectorTampering()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, authority);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, value);
    QFETCH(QString, code);

    HttpMessage message = retarget(*m_vector.message(), method, "https", authority, target);
    if (!header.isEmpty()) {
        if (value.isEmpty())
            message.removeHeader(header);
        else
            message.setHeader(header, value);
    }
    message.addHeader("Signature-Input", m_vector.signatureInput);
    message.addHeader("Signature", m_vector.signature);
    m_clock.set(QDateTime::fromSecsSinceEpoch(1618884473, Qt::UTC));
    SignatureProfile profile;
    profile.label = u"sig-b26"_s;
    const Ed25519Key key = Ed25519Key::fromPublicKeyPem(m_vector.publicKeyPem).value();
    const SignatureVerifier v(
        m_clock, [key](const QString &) -> Result<Ed25519Key> { return key; }, profile);
    const auto result = v.verify(message);
    if (code.isEmpty()) {
        QVERIFY2(result, test::why(result).constData());
    } else {
        QVERIFY2(!result, "tampered vector still verifies");
        QCOMPARE(result.error().code, code);
    }
}

void TestSignatureVerifier::untouchedOrderVerifies()
{
    const HttpMessage message = signedOrder();
    auto result = verifier().verify(message);
    QVERIFY2(result, test::why(result).constData());
    QCOMPARE(result->label, u"deskpay"_s);
    QCOMPARE(result->keyid, u"desk-7"_s);
    QCOMPARE(result->nonce.size(), 22);
    QCOMPARE(result->created, std::optional<qint64>(kNow));
    QCOMPARE(result->expires, std::optional<qint64>(kNow + 300));
    QCOMPARE(result->contentDigest, std::optional<DigestAlgorithm>(DigestAlgorithm::Sha256));
    QCOMPARE(result->coveredComponents, SignatureProfile::deskpay().coveredComponents);
    QCOMPARE(result->signature.size(), 64);
    QVERIFY(
        result->signatureBase.startsWith("\"@method\": POST\n\"@target-uri\": https://pay.example:8443/v1/orders\n"));
    QVERIFY(result->signatureBase.endsWith(message.header("signature-input")->sliced(8)));

    // Two signatures of the same request differ only by nonce; each verifies and reports its own.
    const HttpMessage again = signedOrder();
    auto second = verifier().verify(again);
    QVERIFY(second);
    QVERIFY(second->nonce != result->nonce);
}

void TestSignatureVerifier::tampering_data()
{
    QTest::addColumn<QString>("mutation");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field"); // checked when not empty

    const auto row = [](const QString &mutation, const QString &code, const QString &field = {}) {
        QTest::newRow(qPrintable(mutation)) << mutation << code << field;
    };
    row(u"none"_s, QString());
    row(u"method"_s, u"signature_invalid"_s);
    row(u"path"_s, u"signature_invalid"_s);
    row(u"query added"_s, u"signature_invalid"_s);
    row(u"authority"_s, u"signature_invalid"_s);
    row(u"port"_s, u"signature_invalid"_s);
    row(u"scheme"_s, u"signature_invalid"_s);
    row(u"content-type"_s, u"signature_invalid"_s);
    row(u"idempotency-key"_s, u"signature_invalid"_s);
    row(u"content-digest replaced"_s, u"signature_invalid"_s);
    row(u"content-type duplicated"_s, u"signature_invalid"_s);
    row(u"content-type removed"_s, u"component_missing"_s, u"content-type"_s);
    row(u"content-digest removed"_s, u"component_missing"_s, u"content-digest"_s);
    row(u"body"_s, u"digest_mismatch"_s);
    row(u"body emptied"_s, u"digest_mismatch"_s);
    row(u"created"_s, u"signature_invalid"_s);
    row(u"expires"_s, u"signature_invalid"_s);
    row(u"nonce"_s, u"signature_invalid"_s);
    row(u"keyid to another registered key"_s, u"signature_invalid"_s);
    row(u"keyid unknown"_s, u"signature_unknown_key"_s, u"keyid"_s);
    row(u"keyid revoked"_s, u"key_revoked"_s);
    row(u"alg added"_s, u"signature_invalid"_s);
    row(u"alg other"_s, u"signature_alg_unsupported"_s, u"alg"_s);
    row(u"tag added"_s, u"signature_invalid"_s);
    row(u"unknown param added"_s, u"signature_invalid"_s);
    row(u"created removed"_s, u"signature_missing_param"_s, u"created"_s);
    row(u"expires removed"_s, u"signature_missing_param"_s, u"expires"_s);
    row(u"nonce removed"_s, u"signature_missing_param"_s, u"nonce"_s);
    row(u"keyid removed"_s, u"signature_missing_param"_s, u"keyid"_s);
    row(u"created as string"_s, u"signature_param_invalid"_s, u"created"_s);
    row(u"created negative"_s, u"signature_param_invalid"_s, u"created"_s);
    row(u"keyid as token"_s, u"signature_param_invalid"_s, u"keyid"_s);
    row(u"nonce empty"_s, u"signature_param_invalid"_s, u"nonce"_s);
    row(u"expires before created"_s, u"signature_param_invalid"_s, u"expires"_s);
    row(u"component dropped"_s, u"signature_missing_component"_s, u"content-type"_s);
    row(u"component reordered"_s, u"signature_invalid"_s);
    row(u"component added"_s, u"signature_invalid"_s);
    row(u"component duplicated"_s, u"signature_component_invalid"_s, u"@method"_s);
    row(u"component not a string"_s, u"signature_component_invalid"_s);
    row(u"component uncovered header"_s, u"component_missing"_s, u"x-absent"_s);
    row(u"component parameter"_s, u"signature_component_unsupported"_s, u"content-digest"_s);
    row(u"signature bit flipped"_s, u"signature_invalid"_s);
    row(u"signature truncated"_s, u"signature_invalid"_s);
    row(u"signature zeroed"_s, u"signature_invalid"_s);
    row(u"signature not bytes"_s, u"signature_header_malformed"_s);
    row(u"signature garbage"_s, u"signature_header_malformed"_s);
    row(u"signature removed"_s, u"signature_header_missing"_s);
    row(u"signature other label"_s, u"signature_label_missing"_s, u"signature"_s);
    row(u"input removed"_s, u"signature_input_missing"_s);
    row(u"input garbage"_s, u"signature_input_malformed"_s);
    row(u"input not a list"_s, u"signature_input_malformed"_s);
    row(u"input other label"_s, u"signature_label_missing"_s, u"signature-input"_s);
    row(u"both relabelled"_s, u"signature_label_missing"_s, u"signature-input"_s);
    row(u"second signature added"_s, QString());
}

void TestSignatureVerifier::tampering()
{
    QFETCH(QString, mutation);
    QFETCH(QString, code);
    QFETCH(QString, field);
    QVERIFY2(mutations().contains(mutation), qPrintable(mutation));

    HttpMessage message = signedOrder();
    mutations().value(mutation)(message);
    const auto result = verifier().verify(message);
    if (code.isEmpty()) {
        QVERIFY2(result, test::why(result).constData());
        return;
    }
    QVERIFY2(!result, "tampered request still verifies");
    QCOMPARE(result.error().code, code);
    QVERIFY(!result.error().message.isEmpty());
    if (!field.isEmpty())
        QCOMPARE(result.error().field, field);
}

void TestSignatureVerifier::timeWindow_data()
{
    QTest::addColumn<qint64>("created"); // relative to the verifier's now
    QTest::addColumn<qint64>("expires");
    QTest::addColumn<QString>("code");

    QTest::newRow("fresh") << qint64(0) << qint64(300) << QString();
    QTest::newRow("short window") << qint64(0) << qint64(1) << QString();
    QTest::newRow("zero window") << qint64(0) << qint64(0) << QString();
    QTest::newRow("nearly expired") << qint64(-299) << qint64(1) << QString();
    QTest::newRow("expired within skew") << qint64(-320) << qint64(-20) << QString();
    QTest::newRow("expired at skew edge") << qint64(-330) << qint64(-30) << QString();
    QTest::newRow("expired past skew") << qint64(-331) << qint64(-31) << u"signature_expired"_s;
    QTest::newRow("expired long ago") << qint64(-86400) << qint64(-86100) << u"signature_expired"_s;
    QTest::newRow("created in future within skew") << qint64(30) << qint64(330) << QString();
    QTest::newRow("created in future past skew") << qint64(31) << qint64(331) << u"signature_created_in_future"_s;
    QTest::newRow("created far in future") << qint64(3600) << qint64(3900) << u"signature_created_in_future"_s;
    QTest::newRow("window 301 s") << qint64(0) << qint64(301) << u"signature_window_too_long"_s;
    QTest::newRow("window of a day") << qint64(0) << qint64(86400) << u"signature_window_too_long"_s;
    QTest::newRow("expires before created") << qint64(0) << qint64(-1) << u"signature_param_invalid"_s;
}

void TestSignatureVerifier::timeWindow()
{
    QFETCH(qint64, created);
    QFETCH(qint64, expires);
    QFETCH(QString, code);

    HttpMessage message = order();
    message.setHeader("content-digest", ContentDigest::create(message.body()).value());
    SignatureParams params;
    params.created = kNow + created;
    params.expires = kNow + expires;
    params.keyid = u"desk-7"_s;
    params.nonce = HttpSignature::generateNonce().value();
    const SignatureProfile profile = SignatureProfile::deskpay();
    auto headers = HttpSignature::sign(message, profile.label, profile.coveredComponents, params, m_deskKey);
    QVERIFY2(headers, test::why(headers).constData());
    message.setHeader("signature-input", headers->signatureInput);
    message.setHeader("signature", headers->signature);

    const auto result = verifier().verify(message);
    if (code.isEmpty()) {
        QVERIFY2(result, test::why(result).constData());
    } else {
        QVERIFY2(!result, "accepted outside its time window");
        QCOMPARE(result.error().code, code);
    }
}

void TestSignatureVerifier::profileEnforcement_data()
{
    QTest::addColumn<QStringList>("components");
    QTest::addColumn<QStringList>("params");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");

    const QStringList all = SignatureProfile::deskpay().coveredComponents;
    const QStringList allParams { u"created"_s, u"expires"_s, u"nonce"_s, u"keyid"_s };
    QTest::newRow("complete") << all << allParams << QString() << QString();
    QTest::newRow("extra component") << all + QStringList { u"@path"_s } << allParams << QString() << QString();
    QTest::newRow("other order") << QStringList { all.at(4), all.at(3), all.at(2), all.at(1), all.at(0) } << allParams
                                 << QString() << QString();
    for (const QString &component : all) {
        QStringList fewer = all;
        fewer.removeOne(component);
        QTest::addRow("without %s", qPrintable(component))
            << fewer << allParams << u"signature_missing_component"_s << component;
    }
    QTest::newRow("@request-target instead of @target-uri") << QStringList {
        u"@method"_s, u"@request-target"_s, u"content-digest"_s, u"content-type"_s, u"idempotency-key"_s
    } << allParams << u"signature_missing_component"_s << u"@target-uri"_s;
    for (const QString &param : allParams) {
        QStringList fewer = allParams;
        fewer.removeOne(param);
        QTest::addRow("without %s", qPrintable(param)) << all << fewer << u"signature_missing_param"_s << param;
    }
}

void TestSignatureVerifier::profileEnforcement()
{
    QFETCH(QStringList, components);
    QFETCH(QStringList, params);
    QFETCH(QString, code);
    QFETCH(QString, field);

    HttpMessage message = order();
    message.setHeader("content-digest", ContentDigest::create(message.body()).value());
    SignatureParams p;
    if (params.contains(u"created"_s))
        p.created = kNow;
    if (params.contains(u"expires"_s))
        p.expires = kNow + 300;
    if (params.contains(u"nonce"_s))
        p.nonce = u"n-1"_s;
    if (params.contains(u"keyid"_s))
        p.keyid = u"desk-7"_s;
    auto headers = HttpSignature::sign(message, u"deskpay"_s, components, p, m_deskKey);
    QVERIFY2(headers, test::why(headers).constData());
    message.setHeader("signature-input", headers->signatureInput);
    message.setHeader("signature", headers->signature);

    const auto result = verifier().verify(message);
    if (code.isEmpty()) {
        QVERIFY2(result, test::why(result).constData());
        return;
    }
    QVERIFY2(!result, "a signature weaker than the profile was accepted");
    QCOMPARE(result.error().code, code);
    QCOMPARE(result.error().field, field);
}

void TestSignatureVerifier::profileTag()
{
    SignatureProfile tagged = SignatureProfile::deskpay();
    tagged.tag = u"deskpay-order"_s;
    tagged.emitAlgorithm = true;
    HttpMessage message = order();
    QVERIFY(HttpSignature::signRequest(message, tagged, m_deskKey, u"desk-7"_s, m_clock));
    auto result = verifier(tagged).verify(message);
    QVERIFY2(result, test::why(result).constData());
    QCOMPARE(result->tag, u"deskpay-order"_s);
    QCOMPARE(result->alg, u"ed25519"_s);
    // The default profile does not demand a tag, and accepts alg "ed25519".
    QVERIFY(verifier().verify(message));

    HttpMessage untagged = signedOrder();
    QCOMPARE(verifier(tagged).verify(untagged).error().code, u"signature_tag_mismatch"_s);
}

void TestSignatureVerifier::withoutKeyStore()
{
    const SignatureVerifier v(m_clock, {}, SignatureProfile::deskpay());
    QCOMPARE(v.verify(signedOrder()).error().code, u"signature_unknown_key"_s);
}

QTEST_GUILESS_MAIN(TestSignatureVerifier)
#include "test_SignatureVerifier.moc"
