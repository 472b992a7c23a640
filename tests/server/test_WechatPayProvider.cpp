// The WeChat-Pay-v3-style provider as the payment server uses it: prepay and the signed APP pay
// parameters, transaction query and close against a fake gateway over real TLS, and callback
// verification (headers, freshness, serial, signature, AES-256-GCM resource).

#include "FakeGateway.h"
#include "ResultTesting.h"
#include "models/Currency.h"
#include "payments/WechatPaySignature.h"
#include "server/WechatPayProvider.h"
#include "services/protocol/JsonReader.h"

#include <QTest>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;
using namespace deskpay;
using deskpay::test::FakeGateway;

namespace {

const QString AppId = u"wx0000000000000001"_s;
const QString MchId = u"1900000001"_s;
const QString MerchantSerial = u"5157F09EFDC096DE15EBE81A47057A7232F1B8E1"_s;
const QString PlatformSerial = u"PLATFORM0000000000000000000000000000001"_s;
const QString PaymentId = u"PABCDEFGHIJKLMNOPQRSTUVWXYZ234567"_s;
const QString NotifyUrl = u"https://pay.example.test/v1/providers/wechat/notify"_s;
const QByteArray ApiV3Key = "0123456789abcdef0123456789ABCDEF"_ba;

QString member(const JsonValue &object, QStringView key)
{
    const JsonValue *value = object.member(key);
    return value ? value->text() : QString();
}

QByteArray transactionJson(const QString &state, const QString &paymentId = PaymentId, const QString &total = u"1250"_s)
{
    return u"{\"amount\":{\"currency\":\"CNY\",\"payer_total\":%4,\"total\":%4},\"appid\":\"%1\",\"mchid\":\"%2\","
           "\"out_trade_no\":\"%3\",\"success_time\":\"2026-11-22T12:01:00+08:00\","
           "\"trade_state\":\"%5\",\"transaction_id\":\"4200000001202611220000000001\"}"_s
               .arg(AppId, MchId, paymentId, total, state)
               .toUtf8();
}

} // namespace

class TestWechatPayProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void startPrepaysAndSignsAppParameters();
    void startRefusals_data();
    void startRefusals();
    void startRefusesOtherCurrency();

    void query_data();
    void query();
    void close_data();
    void close();
    void unreachableGatewayIsUnavailable();
    void queriesFromWorkerThreads();

    void notification_data();
    void notification();
    void acknowledgeAndRefuse();

private:
    [[nodiscard]] WechatPayProvider provider(const QUrl &base) const;
    // A gateway answer signed by `key` under `serial` at the clock's time (plus `skew` seconds).
    [[nodiscard]] FakeGateway::Reply signedReply(
        int status, const QByteArray &body, const RsaKey &key, const QString &serial, qint64 skew = 0) const;
    [[nodiscard]] PaymentStart payment() const;

    RsaKey m_merchant;
    RsaKey m_merchantPublic;
    RsaKey m_platform;
    RsaKey m_stranger;
    test::GatewayTls m_tls;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<FakeGateway> m_gateway;
};

void TestWechatPayProvider::initTestCase()
{
    auto merchant = RsaKey::generate();
    auto platform = RsaKey::generate();
    auto stranger = RsaKey::generate();
    VERIFY_OK(merchant);
    VERIFY_OK(platform);
    VERIFY_OK(stranger);
    m_merchant = *merchant;
    m_platform = *platform;
    m_stranger = *stranger;
    auto merchantPublic = RsaKey::fromPublicKeyPem(*m_merchant.toPublicKeyPem());
    VERIFY_OK(merchantPublic);
    m_merchantPublic = *merchantPublic;
    m_tls = test::makeGatewayTls();
    QVERIFY2(m_tls.error.isEmpty(), qPrintable(m_tls.error));
}

void TestWechatPayProvider::init()
{
    m_clock = std::make_unique<ManualClock>(QDateTime(QDate(2026, 11, 22), QTime(4, 0), Qt::UTC));
    m_gateway = std::make_unique<FakeGateway>();
    QVERIFY(m_gateway->listen(m_tls));
}

WechatPayProvider TestWechatPayProvider::provider(const QUrl &base) const
{
    WechatConfig config;
    config.baseUrl = base;
    config.cashierUrl = QUrl(u"https://cashier.example.test/wechat/cashier"_s);
    config.appId = AppId;
    config.mchId = MchId;
    config.merchantKey = m_merchant;
    config.merchantSerial = MerchantSerial;
    auto platformPublic = RsaKey::fromPublicKeyPem(*m_platform.toPublicKeyPem());
    config.platformKeys.append({ PlatformSerial, platformPublic.value_or(RsaKey()) });
    config.apiV3Key = ApiV3Key;
    return WechatPayProvider(config, GatewayClient({ m_tls.ca }, std::chrono::milliseconds(5000)), *m_clock);
}

FakeGateway::Reply TestWechatPayProvider::signedReply(
    int status, const QByteArray &body, const RsaKey &key, const QString &serial, qint64 skew) const
{
    FakeGateway::Reply reply;
    reply.status = status;
    reply.body = body;
    auto headers = WechatPaySignature::signResponse(key, serial, QString::number(m_clock->nowSecs() + skew), body);
    if (headers) {
        reply.headers = {
            { "Wechatpay-Timestamp"_ba, headers->timestamp.toLatin1() },
            { "Wechatpay-Nonce"_ba, headers->nonce.toLatin1() },
            { "Wechatpay-Signature"_ba, headers->signature.toLatin1() },
            { "Wechatpay-Serial"_ba, headers->serial.toLatin1() },
        };
    }
    return reply;
}

PaymentStart TestWechatPayProvider::payment() const
{
    PaymentStart start;
    start.paymentId = PaymentId;
    start.orderId = u"order-1"_s;
    start.amount = Money(1250, *Currency::fromCode(u"CNY"));
    start.subject = u"改签 MU5101"_s;
    start.expiresAt = m_clock->now().addSecs(15 * 60);
    start.notifyUrl = NotifyUrl;
    start.returnUrl = u"https://pay.example.test/pay/result.html?order=order-1"_s;
    return start;
}

void TestWechatPayProvider::startPrepaysAndSignsAppParameters()
{
    m_gateway->handler = [&](const HttpRequest &) {
        return signedReply(
            200, "{\"prepay_id\":\"wx22120000000000000000000000000001\"}"_ba, m_platform, PlatformSerial);
    };
    const WechatPayProvider wechat = provider(m_gateway->url());
    auto started = wechat.start(payment());
    VERIFY_OK(started);
    QCOMPARE(started->providerRef, u"wx22120000000000000000000000000001"_s);

    // The prepay request: path, body and a merchant signature the gateway can check.
    QCOMPARE(m_gateway->received.size(), 1);
    const HttpRequest &request = m_gateway->received.constFirst();
    QCOMPARE(request.method(), HttpRequest::Method::Post);
    QCOMPARE(request.url().path(), u"/v3/pay/transactions/app"_s);
    QVERIFY(request.value("Content-Type"_ba).startsWith("application/json"));
    auto authorization = WechatPaySignature::parseAuthorization(request.value("Authorization"_ba));
    VERIFY_OK(authorization);
    QCOMPARE(authorization->mchId, MchId);
    QCOMPARE(authorization->serial, MerchantSerial);
    QCOMPARE(authorization->timestamp, QString::number(m_clock->nowSecs()));
    const QByteArray message = WechatPaySignature::requestMessage("POST", "/v3/pay/transactions/app",
        authorization->timestamp.toUtf8(), authorization->nonce.toUtf8(), request.body());
    VERIFY_OK(m_merchantPublic.verify(message, QByteArray::fromBase64(authorization->signature.toLatin1())));
    auto body = JsonReader::parse(request.body());
    QVERIFY(body);
    QCOMPARE(member(*body, u"appid"), AppId);
    QCOMPARE(member(*body, u"mchid"), MchId);
    QCOMPARE(member(*body, u"description"), u"改签 MU5101"_s);
    QCOMPARE(member(*body, u"out_trade_no"), PaymentId);
    QCOMPARE(member(*body, u"notify_url"), NotifyUrl);
    QCOMPARE(member(*body, u"time_expire"), u"2026-11-22T12:15:00+08:00"_s);
    QVERIFY(body->member(u"amount"));
    QCOMPARE(member(*body->member(u"amount"), u"total"), u"1250"_s);
    QCOMPARE(member(*body->member(u"amount"), u"currency"), u"CNY"_s);

    // The ext of docs/payments.md, its signature by the merchant key over the APP message.
    const JsonValue &ext = started->ext;
    QCOMPARE(member(ext, u"payType"), u"WECHAT_PAY"_s);
    QCOMPARE(member(ext, u"paymentId"), PaymentId);
    QCOMPARE(member(ext, u"partnerId"), MchId);
    QCOMPARE(member(ext, u"appId"), AppId);
    QCOMPARE(member(ext, u"prepayId"), u"wx22120000000000000000000000000001"_s);
    QCOMPARE(member(ext, u"package"), u"Sign=WXPay"_s);
    QCOMPARE(member(ext, u"timestamp"), QString::number(m_clock->nowSecs()));
    QCOMPARE(member(ext, u"cashierUrl"), u"https://cashier.example.test/wechat/cashier"_s);
    QCOMPARE(member(ext, u"returnUrl"), payment().returnUrl);
    QVERIFY(!member(ext, u"nonceStr").isEmpty());
    const QByteArray appMessage = WechatPaySignature::appPayMessage(
        AppId, member(ext, u"timestamp"), member(ext, u"nonceStr"), member(ext, u"prepayId"));
    const QByteArray signature = QByteArray::fromBase64(member(ext, u"signature").toLatin1());
    VERIFY_OK(m_merchantPublic.verify(appMessage, signature));
    QVERIFY(!m_stranger.verify(appMessage, signature));
    QVERIFY(!m_merchantPublic.verify(QByteArray(appMessage + "x"), signature));
}

void TestWechatPayProvider::startRefusals_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expectedError");

    QTest::newRow("unknown serial") << u"serial"_s << u"provider_answer_invalid"_s;
    QTest::newRow("signed by another key") << u"stranger"_s << u"provider_answer_invalid"_s;
    QTest::newRow("unsigned") << u"unsigned"_s << u"provider_answer_invalid"_s;
    QTest::newRow("body changed after signing") << u"changed"_s << u"provider_answer_invalid"_s;
    QTest::newRow("stale answer") << u"stale"_s << u"provider_answer_invalid"_s;
    QTest::newRow("no prepay_id") << u"empty"_s << u"provider_answer_invalid"_s;
    QTest::newRow("refused") << u"refused"_s << u"provider_refused"_s;
    QTest::newRow("gateway error") << u"5xx"_s << u"provider_unavailable"_s;
}

void TestWechatPayProvider::startRefusals()
{
    QFETCH(QString, kind);
    QFETCH(QString, expectedError);
    const QByteArray good = "{\"prepay_id\":\"wx1\"}"_ba;
    m_gateway->handler = [&](const HttpRequest &) {
        if (kind == u"serial"_s)
            return signedReply(200, good, m_platform, u"UNKNOWNSERIAL"_s);
        if (kind == u"stranger"_s)
            return signedReply(200, good, m_stranger, PlatformSerial);
        if (kind == u"unsigned"_s)
            return FakeGateway::Reply { 200, {}, good, "application/json"_ba };
        if (kind == u"changed"_s) {
            FakeGateway::Reply reply = signedReply(200, good, m_platform, PlatformSerial);
            reply.body = "{\"prepay_id\":\"wx2\"}"_ba;
            return reply;
        }
        if (kind == u"stale"_s)
            return signedReply(200, good, m_platform, PlatformSerial, -301);
        if (kind == u"empty"_s)
            return signedReply(200, "{}"_ba, m_platform, PlatformSerial);
        if (kind == u"refused"_s)
            return signedReply(400, "{\"code\":\"PARAM_ERROR\",\"message\":\"bad\"}"_ba, m_platform, PlatformSerial);
        return signedReply(500, "{\"code\":\"SYSTEM_ERROR\"}"_ba, m_platform, PlatformSerial);
    };
    const WechatPayProvider wechat = provider(m_gateway->url());
    auto started = wechat.start(payment());
    QCOMPARE(m_gateway->received.size(), 1);
    QVERIFY2(!started, "an answer that should be refused was accepted");
    QCOMPARE(started.error().code, expectedError);
}

void TestWechatPayProvider::startRefusesOtherCurrency()
{
    const WechatPayProvider wechat = provider(m_gateway->url());
    PaymentStart usd = payment();
    usd.amount = Money(1250, *Currency::fromCode(u"USD"));
    auto started = wechat.start(usd);
    QVERIFY(!started);
    QCOMPARE(started.error().code, u"currency_not_supported"_s);
    QCOMPARE(m_gateway->received.size(), 0);
}

void TestWechatPayProvider::query_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("platformSigns");
    QTest::addColumn<QString>("expectedError");
    QTest::addColumn<int>("expectedOutcome");

    QTest::newRow("paid") << 200 << transactionJson(u"SUCCESS"_s) << true << QString() << int(ProviderOutcome::Paid);
    QTest::newRow("not paid") << 200 << transactionJson(u"NOTPAY"_s) << true << QString()
                              << int(ProviderOutcome::Pending);
    QTest::newRow("failed") << 200 << transactionJson(u"PAYERROR"_s) << true << QString()
                            << int(ProviderOutcome::Failed);
    QTest::newRow("closed") << 200 << transactionJson(u"CLOSED"_s) << true << QString() << int(ProviderOutcome::Closed);
    QTest::newRow("not found") << 404 << "{\"code\":\"ORDER_NOT_EXIST\",\"message\":\"none\"}"_ba << true << QString()
                               << int(ProviderOutcome::NotFound);
    QTest::newRow("bad signature") << 200 << transactionJson(u"SUCCESS"_s) << false << u"provider_answer_invalid"_s
                                   << 0;
    QTest::newRow("another trade") << 200 << transactionJson(u"SUCCESS"_s, u"POTHER"_s) << true
                                   << u"provider_answer_invalid"_s << 0;
    QTest::newRow("fractional total") << 200 << transactionJson(u"SUCCESS"_s, PaymentId, u"12.5"_s) << true
                                      << u"provider_answer_invalid"_s << 0;
    QTest::newRow("unknown state") << 200 << transactionJson(u"MAYBE"_s) << true << u"provider_answer_invalid"_s << 0;
    QTest::newRow("refused") << 403 << "{\"code\":\"NO_AUTH\"}"_ba << true << u"provider_refused"_s << 0;
}

void TestWechatPayProvider::query()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, platformSigns);
    QFETCH(QString, expectedError);
    QFETCH(int, expectedOutcome);
    m_gateway->handler = [&](const HttpRequest &) {
        return signedReply(status, body, platformSigns ? m_platform : m_stranger, PlatformSerial);
    };
    const WechatPayProvider wechat = provider(m_gateway->url());
    auto report = wechat.query(PaymentId);

    QCOMPARE(m_gateway->received.size(), 1);
    const HttpRequest &request = m_gateway->received.constFirst();
    QCOMPARE(request.method(), HttpRequest::Method::Get);
    const QByteArray pathAndQuery
        = "/v3/pay/transactions/out-trade-no/" + PaymentId.toUtf8() + "?mchid=" + MchId.toUtf8();
    QCOMPARE(request.url().toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority), pathAndQuery);
    auto authorization = WechatPaySignature::parseAuthorization(request.value("Authorization"_ba));
    VERIFY_OK(authorization);
    VERIFY_OK(m_merchantPublic.verify(WechatPaySignature::requestMessage("GET", pathAndQuery,
                                          authorization->timestamp.toUtf8(), authorization->nonce.toUtf8(), {}),
        QByteArray::fromBase64(authorization->signature.toLatin1())));

    if (!expectedError.isEmpty()) {
        QVERIFY2(!report, "an answer that should be refused was accepted");
        QCOMPARE(report.error().code, expectedError);
        return;
    }
    VERIFY_OK(report);
    QCOMPARE(int(report->outcome), expectedOutcome);
    QCOMPARE(report->paymentId, PaymentId);
    if (report->outcome != ProviderOutcome::NotFound) {
        QCOMPARE(report->amountMinor, 1250);
        QCOMPARE(report->currency, u"CNY"_s);
        QCOMPARE(report->partnerId, MchId);
        QCOMPARE(report->appId, AppId);
        QCOMPARE(report->providerRef, u"4200000001202611220000000001"_s);
    }
}

void TestWechatPayProvider::close_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("platformSigns");
    QTest::addColumn<QString>("expectedError");

    QTest::newRow("closed") << 204 << QByteArray() << true << QString();
    QTest::newRow("never seen") << 404 << "{\"code\":\"ORDER_NOT_EXIST\"}"_ba << true << QString();
    QTest::newRow("already paid") << 400 << "{\"code\":\"ORDER_PAID\"}"_ba << true << u"provider_refused"_s;
    QTest::newRow("bad signature") << 204 << QByteArray() << false << u"provider_answer_invalid"_s;
}

void TestWechatPayProvider::close()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, platformSigns);
    QFETCH(QString, expectedError);
    m_gateway->handler = [&](const HttpRequest &) {
        return signedReply(status, body, platformSigns ? m_platform : m_stranger, PlatformSerial);
    };
    const WechatPayProvider wechat = provider(m_gateway->url());
    auto closed = wechat.close(PaymentId);
    QCOMPARE(m_gateway->received.size(), 1);
    const HttpRequest &request = m_gateway->received.constFirst();
    QCOMPARE(request.method(), HttpRequest::Method::Post);
    QCOMPARE(request.url().path(), u"/v3/pay/transactions/out-trade-no/%1/close"_s.arg(PaymentId));
    QCOMPARE(request.body(), "{\"mchid\":\"1900000001\"}"_ba);
    if (expectedError.isEmpty()) {
        VERIFY_OK(closed);
    } else {
        QVERIFY(!closed);
        QCOMPARE(closed.error().code, expectedError);
    }
}

void TestWechatPayProvider::unreachableGatewayIsUnavailable()
{
    QUrl base = test::unreachableUrl();
    base.setPath({});
    const WechatPayProvider wechat = provider(base);
    auto started = wechat.start(payment());
    QVERIFY(!started);
    QCOMPARE(started.error().code, u"provider_unavailable"_s);
    auto report = wechat.query(PaymentId);
    QVERIFY(!report);
    QCOMPARE(report.error().code, u"provider_unavailable"_s);
}

void TestWechatPayProvider::queriesFromWorkerThreads()
{
    // How the server calls it: several HTTP worker threads at once, one provider object, while
    // this thread's event loop serves the gateway.
    m_gateway->handler = [&](const HttpRequest &request) {
        const QString id = request.url().path().section(u'/', -1);
        return signedReply(200, transactionJson(u"SUCCESS"_s, id), m_platform, PlatformSerial);
    };
    const WechatPayProvider wechat = provider(m_gateway->url());
    QThreadPool pool;
    pool.setMaxThreadCount(4);
    QList<QFuture<Result<ProviderReport>>> futures;
    for (int i = 0; i < 8; ++i) {
        const QString id = u"P%1"_s.arg(i);
        futures.append(QtConcurrent::run(&pool, [&wechat, id] { return wechat.query(id); }));
    }
    for (auto &future : futures)
        QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), 20000);
    for (int i = 0; i < futures.size(); ++i) {
        const Result<ProviderReport> report = futures[i].result();
        VERIFY_OK(report);
        QCOMPARE(report->paymentId, u"P%1"_s.arg(i));
        QCOMPARE(report->outcome, ProviderOutcome::Paid);
    }
    QCOMPARE(m_gateway->received.size(), 8);
}

void TestWechatPayProvider::notification_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expectedError");

    QTest::newRow("genuine") << u"genuine"_s << QString();
    QTest::newRow("just within 5 minutes") << u"skew299"_s << QString();
    QTest::newRow("stale") << u"stale"_s << u"notification_stale"_s;
    QTest::newRow("from the future") << u"future"_s << u"notification_stale"_s;
    QTest::newRow("unknown serial") << u"serial"_s << u"notification_unknown_serial"_s;
    QTest::newRow("signed by another key") << u"stranger"_s << u"notification_signature_invalid"_s;
    QTest::newRow("body changed after signing") << u"changed"_s << u"notification_signature_invalid"_s;
    QTest::newRow("no signature header") << u"no-signature"_s << u"notification_signature_invalid"_s;
    QTest::newRow("no timestamp header") << u"no-timestamp"_s << u"notification_signature_invalid"_s;
    QTest::newRow("no nonce header") << u"no-nonce"_s << u"notification_signature_invalid"_s;
    QTest::newRow("no serial header") << u"no-serial"_s << u"notification_signature_invalid"_s;
    QTest::newRow("tampered ciphertext") << u"tampered"_s << u"notification_tampered"_s;
    QTest::newRow("other associated data") << u"aad"_s << u"notification_tampered"_s;
    QTest::newRow("not JSON") << u"not-json"_s << u"notification_malformed"_s;
    QTest::newRow("no resource") << u"no-resource"_s << u"notification_malformed"_s;
    QTest::newRow("resource not a transaction") << u"bad-transaction"_s << u"notification_malformed"_s;
    QTest::newRow("wrong content type") << u"content-type"_s << u"notification_malformed"_s;
}

void TestWechatPayProvider::notification()
{
    QFETCH(QString, kind);
    QFETCH(QString, expectedError);

    const QByteArray plain = kind == u"bad-transaction"_s ? "[1,2]"_ba : transactionJson(u"SUCCESS"_s);
    auto resource = WechatPaySignature::encrypt(ApiV3Key, plain, u"transaction"_s, u"abcdefghijkl"_s);
    VERIFY_OK(resource);
    if (kind == u"tampered"_s) {
        QByteArray bytes = QByteArray::fromBase64(resource->ciphertext.toLatin1());
        bytes[10] = char(bytes.at(10) ^ 0x01);
        resource->ciphertext = QString::fromLatin1(bytes.toBase64());
    }
    if (kind == u"aad"_s)
        resource->associatedData = u"certificate"_s;
    QByteArray body = u"{\"id\":\"EV-2026112200000001\",\"create_time\":\"2026-11-22T12:01:00+08:00\","
                      "\"event_type\":\"TRANSACTION.SUCCESS\",\"resource_type\":\"encrypt-resource\","
                      "\"summary\":\"ok\",\"resource\":{\"original_type\":\"transaction\",\"algorithm\":\"%1\","
                      "\"ciphertext\":\"%2\",\"associated_data\":\"%3\",\"nonce\":\"%4\"}}"_s
                          .arg(resource->algorithm, resource->ciphertext, resource->associatedData, resource->nonce)
                          .toUtf8();
    if (kind == u"not-json"_s)
        body = "id=1&resource=2"_ba;
    if (kind == u"no-resource"_s)
        body = "{\"id\":\"EV-1\",\"event_type\":\"TRANSACTION.SUCCESS\"}"_ba;

    const qint64 skew = kind == u"skew299"_s ? -299 : kind == u"stale"_s ? -301 : kind == u"future"_s ? 301 : 0;
    const RsaKey &signer = kind == u"stranger"_s ? m_stranger : m_platform;
    const QString serial = kind == u"serial"_s ? u"UNKNOWNSERIAL"_s : PlatformSerial;
    auto headers = WechatPaySignature::signResponse(signer, serial, QString::number(m_clock->nowSecs() + skew), body);
    VERIFY_OK(headers);
    if (kind == u"changed"_s)
        body.replace("TRANSACTION.SUCCESS", "TRANSACTION.FAILURE");

    QList<HttpRequest::Header> requestHeaders { { "Content-Type"_ba,
        kind == u"content-type"_s ? "text/plain"_ba : "application/json"_ba } };
    if (kind != u"no-timestamp"_s)
        requestHeaders.append({ "Wechatpay-Timestamp"_ba, headers->timestamp.toLatin1() });
    if (kind != u"no-nonce"_s)
        requestHeaders.append({ "Wechatpay-Nonce"_ba, headers->nonce.toLatin1() });
    if (kind != u"no-signature"_s)
        requestHeaders.append({ "Wechatpay-Signature"_ba, headers->signature.toLatin1() });
    if (kind != u"no-serial"_s)
        requestHeaders.append({ "wechatpay-serial"_ba, headers->serial.toLatin1() });
    const HttpRequest request(HttpRequest::Method::Post, QUrl(NotifyUrl), requestHeaders, body);

    const WechatPayProvider wechat = provider(m_gateway->url());
    auto report = wechat.verifyNotification(request);
    if (!expectedError.isEmpty()) {
        QVERIFY2(!report, "a notification that should be refused was accepted");
        QCOMPARE(report.error().code, expectedError);
        return;
    }
    VERIFY_OK(report);
    QCOMPARE(report->notifyId, u"EV-2026112200000001"_s);
    QCOMPARE(report->paymentId, PaymentId);
    QCOMPARE(report->providerRef, u"4200000001202611220000000001"_s);
    QCOMPARE(report->partnerId, MchId);
    QCOMPARE(report->appId, AppId);
    QCOMPARE(report->amountMinor, 1250);
    QCOMPARE(report->currency, u"CNY"_s);
    QCOMPARE(report->outcome, ProviderOutcome::Paid);
    QCOMPARE(report->providerState, u"SUCCESS"_s);
}

void TestWechatPayProvider::acknowledgeAndRefuse()
{
    const WechatPayProvider wechat = provider(m_gateway->url());
    QCOMPARE(wechat.acknowledge().statusCode(), QHttpServerResponse::StatusCode::NoContent);
    const QHttpServerResponse refused = wechat.refuse(u"signature invalid"_s);
    QCOMPARE(refused.statusCode(), QHttpServerResponse::StatusCode::BadRequest);
    QCOMPARE(refused.mimeType(), "application/json"_ba);
    QCOMPARE(refused.data(), "{\"code\":\"FAIL\",\"message\":\"signature invalid\"}"_ba);
}

QTEST_GUILESS_MAIN(TestWechatPayProvider)
#include "test_WechatPayProvider.moc"
