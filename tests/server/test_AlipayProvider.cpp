// The Alipay-style provider as the payment server uses it: the signed app-pay order (ext), trade
// query and close against a fake gateway over real TLS, and notification verification.

#include "FakeGateway.h"
#include "ResultTesting.h"
#include "models/Currency.h"
#include "payments/AlipaySignature.h"
#include "payments/FormCodec.h"
#include "server/AlipayProvider.h"
#include "services/protocol/JsonReader.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;
using deskpay::test::FakeGateway;

namespace {

const QString AppId = u"2021000000000001"_s;
const QString PaymentId = u"PABCDEFGHIJKLMNOPQRSTUVWXYZ234567"_s;
const QString NotifyUrl = u"https://pay.example.test/v1/providers/alipay/notify"_s;

QString member(const JsonValue &object, QStringView key)
{
    const JsonValue *value = object.member(key);
    return value ? value->text() : QString();
}

} // namespace

class TestAlipayProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void startBuildsSignedOrder();
    void startRoundsTimeoutUpAndOmitsEmptyReturnUrl();
    void startRefusesOtherCurrencyAndExpired();

    void notification_data();
    void notification();
    void notificationRefusesWrongContentType();
    void acknowledgeAndRefuse();

    void query_data();
    void query();
    void queryRequestIsSignedWithMerchantKey();
    void close_data();
    void close();
    void unreachableGatewayIsUnavailable();
    void untrustedGatewayIsUnavailable();
    void wrongHostNameIsUnavailable();
    void silentGatewayTimesOut();

private:
    [[nodiscard]] AlipayProvider provider(const QUrl &gateway, QList<QSslCertificate> cas,
        std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) const;
    // A notification as the gateway would send it, signed with `key`.
    [[nodiscard]] QByteArray signedNotification(FormParams params, const RsaKey &key) const;
    // The gateway's answer to `method`: `content` signed with `key`.
    [[nodiscard]] static QByteArray signedAnswer(const QString &method, const QByteArray &content, const RsaKey &key);

    RsaKey m_merchant;
    RsaKey m_platform;
    RsaKey m_stranger;
    test::GatewayTls m_tls;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<FakeGateway> m_gateway;
};

void TestAlipayProvider::initTestCase()
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
    m_tls = test::makeGatewayTls();
    QVERIFY2(m_tls.error.isEmpty(), qPrintable(m_tls.error));
}

void TestAlipayProvider::init()
{
    m_clock = std::make_unique<ManualClock>(QDateTime(QDate(2026, 11, 22), QTime(4, 0), Qt::UTC));
    m_gateway = std::make_unique<FakeGateway>();
    QVERIFY(m_gateway->listen(m_tls));
}

AlipayProvider TestAlipayProvider::provider(
    const QUrl &gateway, QList<QSslCertificate> cas, std::chrono::milliseconds timeout) const
{
    AlipayConfig config;
    config.gatewayUrl = gateway;
    config.cashierUrl = QUrl(u"https://cashier.example.test/alipay/cashier"_s);
    config.appId = AppId;
    config.merchantKey = m_merchant;
    auto platformPublic = m_platform.toPublicKeyPem();
    config.platformKey = platformPublic ? RsaKey::fromPublicKeyPem(*platformPublic).value_or(RsaKey()) : RsaKey();
    return AlipayProvider(config, GatewayClient(std::move(cas), timeout), *m_clock);
}

QByteArray TestAlipayProvider::signedNotification(FormParams params, const RsaKey &key) const
{
    auto sign = AlipaySignature::sign(params, AlipaySignature::notificationExclusions(), key);
    if (!sign)
        return {};
    params.append({ u"sign"_s, *sign });
    return FormCodec::encode(params);
}

QByteArray TestAlipayProvider::signedAnswer(const QString &method, const QByteArray &content, const RsaKey &key)
{
    const auto signature = key.sign(content);
    const QByteArray sign = signature ? signature->toBase64() : QByteArray();
    return "{\"" + QString(method).replace(u'.', u'_').toUtf8() + "_response\":" + content + ",\"sign\":\"" + sign
        + "\"}";
}

void TestAlipayProvider::startBuildsSignedOrder()
{
    const AlipayProvider alipay = provider(m_gateway->url(u"/gateway.do"_s), { m_tls.ca });
    PaymentStart payment;
    payment.paymentId = PaymentId;
    payment.orderId = u"order-1"_s;
    payment.amount = Money(1250, *Currency::fromCode(u"CNY"));
    payment.subject = u"改签 MU5101"_s;
    payment.expiresAt = m_clock->now().addSecs(15 * 60);
    payment.notifyUrl = NotifyUrl;
    payment.returnUrl = u"https://pay.example.test/pay/result.html?order=order-1"_s;
    auto started = alipay.start(payment);
    VERIFY_OK(started);
    QVERIFY(started->providerRef.isEmpty());
    QCOMPARE(m_gateway->received.size(), 0); // no network call at start

    const JsonValue &ext = started->ext;
    QCOMPARE(member(ext, u"payType"), u"ALIPAY"_s);
    QCOMPARE(member(ext, u"paymentId"), PaymentId);
    QCOMPARE(member(ext, u"partnerId"), AppId);
    QCOMPARE(member(ext, u"timestamp"), u"2026-11-22 12:00:00"_s); // Beijing time
    QCOMPARE(member(ext, u"signType"), u"RSA2"_s);
    QCOMPARE(member(ext, u"method"), u"alipay.trade.app.pay"_s);
    QCOMPARE(member(ext, u"charset"), u"utf-8"_s);
    QCOMPARE(member(ext, u"format"), u"JSON"_s);
    QCOMPARE(member(ext, u"version"), u"1.0"_s);
    QCOMPARE(member(ext, u"notifyUrl"), NotifyUrl);
    QCOMPARE(member(ext, u"returnUrl"), payment.returnUrl);
    QCOMPARE(member(ext, u"cashierUrl"), u"https://cashier.example.test/alipay/cashier"_s);
    QCOMPARE(member(ext, u"bizContent"),
        u"{\"out_trade_no\":\"%1\",\"product_code\":\"QUICK_MSECURITY_PAY\",\"subject\":\"改签 MU5101\","
        "\"timeout_express\":\"15m\",\"total_amount\":\"12.50\"}"_s.arg(PaymentId));

    // The page's string form, rebuilt from ext as docs/payments.md says, verifies with the
    // merchant public key: what the cashier will check.
    FormParams params {
        { u"app_id"_s, member(ext, u"partnerId") },
        { u"biz_content"_s, member(ext, u"bizContent") },
        { u"charset"_s, member(ext, u"charset") },
        { u"format"_s, member(ext, u"format") },
        { u"method"_s, member(ext, u"method") },
        { u"notify_url"_s, member(ext, u"notifyUrl") },
        { u"return_url"_s, member(ext, u"returnUrl") },
        { u"sign_type"_s, member(ext, u"signType") },
        { u"timestamp"_s, member(ext, u"timestamp") },
        { u"version"_s, member(ext, u"version") },
    };
    auto parsed = FormCodec::parse(AlipaySignature::orderString(params, member(ext, u"signature")));
    VERIFY_OK(parsed);
    auto merchantPublic = RsaKey::fromPublicKeyPem(*m_merchant.toPublicKeyPem());
    VERIFY_OK(merchantPublic);
    VERIFY_OK(AlipaySignature::verify(*parsed, AlipaySignature::requestExclusions(), *merchantPublic));
    // …and not with another key, nor once a parameter changed.
    QVERIFY(!AlipaySignature::verify(*parsed, AlipaySignature::requestExclusions(), m_stranger));
    FormParams tampered = *parsed;
    for (auto &[name, value] : tampered) {
        if (name == u"biz_content"_s)
            value.replace(u"12.50"_s, u"0.01"_s);
    }
    QVERIFY(!AlipaySignature::verify(tampered, AlipaySignature::requestExclusions(), *merchantPublic));
}

void TestAlipayProvider::startRoundsTimeoutUpAndOmitsEmptyReturnUrl()
{
    const AlipayProvider alipay = provider(m_gateway->url(u"/gateway.do"_s), { m_tls.ca });
    PaymentStart payment;
    payment.paymentId = PaymentId;
    payment.amount = Money(1, *Currency::fromCode(u"CNY"));
    payment.subject = u"x"_s;
    payment.expiresAt = m_clock->now().addSecs(14 * 60 + 1);
    payment.notifyUrl = NotifyUrl;
    auto started = alipay.start(payment);
    VERIFY_OK(started);
    QVERIFY(member(started->ext, u"bizContent").contains(u"\"timeout_express\":\"15m\""_s));
    QVERIFY(member(started->ext, u"bizContent").contains(u"\"total_amount\":\"0.01\""_s));
    QVERIFY(!started->ext.member(u"returnUrl"));
    // Without return_url among the signed parameters.
    FormParams params {
        { u"app_id"_s, AppId },
        { u"biz_content"_s, member(started->ext, u"bizContent") },
        { u"charset"_s, u"utf-8"_s },
        { u"format"_s, u"JSON"_s },
        { u"method"_s, u"alipay.trade.app.pay"_s },
        { u"notify_url"_s, NotifyUrl },
        { u"sign_type"_s, u"RSA2"_s },
        { u"timestamp"_s, member(started->ext, u"timestamp") },
        { u"version"_s, u"1.0"_s },
        { u"sign"_s, member(started->ext, u"signature") },
    };
    VERIFY_OK(AlipaySignature::verify(params, AlipaySignature::requestExclusions(), m_merchant));
}

void TestAlipayProvider::startRefusesOtherCurrencyAndExpired()
{
    const AlipayProvider alipay = provider(m_gateway->url(u"/gateway.do"_s), { m_tls.ca });
    PaymentStart payment;
    payment.paymentId = PaymentId;
    payment.amount = Money(1250, *Currency::fromCode(u"USD"));
    payment.subject = u"x"_s;
    payment.expiresAt = m_clock->now().addSecs(600);
    payment.notifyUrl = NotifyUrl;
    auto usd = alipay.start(payment);
    QVERIFY(!usd);
    QCOMPARE(usd.error().code, u"currency_not_supported"_s);
    payment.amount = Money(1250, *Currency::fromCode(u"CNY"));
    payment.expiresAt = m_clock->now().addSecs(-1);
    auto expired = alipay.start(payment);
    QVERIFY(!expired);
    QCOMPARE(expired.error().code, u"payment_expired"_s);
}

void TestAlipayProvider::notification_data()
{
    QTest::addColumn<QString>("change"); // which field to alter, "name=value" or a keyword
    QTest::addColumn<QString>("signer"); // platform | stranger | none
    QTest::addColumn<QString>("afterSigning"); // "name=value" changed after signing
    QTest::addColumn<QString>("expectedError"); // empty: accepted
    QTest::addColumn<qlonglong>("expectedAmount");
    QTest::addColumn<int>("expectedOutcome");

    const int paid = int(ProviderOutcome::Paid);
    QTest::newRow("genuine") << QString() << u"platform"_s << QString() << QString() << 1250LL << paid;
    QTest::newRow("closed") << u"trade_status=TRADE_CLOSED"_s << u"platform"_s << QString() << QString() << 1250LL
                            << int(ProviderOutcome::Closed);
    QTest::newRow("finished is paid") << u"trade_status=TRADE_FINISHED"_s << u"platform"_s << QString() << QString()
                                      << 1250LL << paid;
    QTest::newRow("one decimal") << u"total_amount=12.5"_s << u"platform"_s << QString() << QString() << 1250LL << paid;
    QTest::newRow("whole yuan") << u"total_amount=12"_s << u"platform"_s << QString() << QString() << 1200LL << paid;
    QTest::newRow("sign_type is not signed")
        << QString() << u"platform"_s << u"sign_type=RSA2"_s << QString() << 1250LL << paid;
    QTest::newRow("signed by another key")
        << QString() << u"stranger"_s << QString() << u"notification_signature_invalid"_s << 0LL << 0;
    QTest::newRow("unsigned") << QString() << u"none"_s << QString() << u"notification_signature_invalid"_s << 0LL << 0;
    QTest::newRow("amount changed after signing")
        << QString() << u"platform"_s << u"total_amount=0.01"_s << u"notification_signature_invalid"_s << 0LL << 0;
    QTest::newRow("payment changed after signing")
        << QString() << u"platform"_s << u"out_trade_no=POTHER"_s << u"notification_signature_invalid"_s << 0LL << 0;
    QTest::newRow("amount with letters") << u"total_amount=12.5x"_s << u"platform"_s << QString()
                                         << u"notification_malformed"_s << 0LL << 0;
    QTest::newRow("three decimals") << u"total_amount=12.505"_s << u"platform"_s << QString()
                                    << u"notification_malformed"_s << 0LL << 0;
    QTest::newRow("negative amount") << u"total_amount=-12.50"_s << u"platform"_s << QString()
                                     << u"notification_malformed"_s << 0LL << 0;
    QTest::newRow("unknown status") << u"trade_status=TRADE_MAYBE"_s << u"platform"_s << QString()
                                    << u"notification_malformed"_s << 0LL << 0;
    QTest::newRow("no notify_id") << u"notify_id="_s << u"platform"_s << QString() << u"notification_malformed"_s << 0LL
                                  << 0;
    QTest::newRow("other notify_type") << u"notify_type=refund_sync"_s << u"platform"_s << QString()
                                       << u"notification_malformed"_s << 0LL << 0;
    QTest::newRow("malformed form") << u"raw:notify_id=1&notify_id=2"_s << u"platform"_s << QString()
                                    << u"notification_malformed"_s << 0LL << 0;
    QTest::newRow("bad escape") << u"raw:a=%zz"_s << u"platform"_s << QString() << u"notification_malformed"_s << 0LL
                                << 0;
}

void TestAlipayProvider::notification()
{
    QFETCH(QString, change);
    QFETCH(QString, signer);
    QFETCH(QString, afterSigning);
    QFETCH(QString, expectedError);
    QFETCH(qlonglong, expectedAmount);
    QFETCH(int, expectedOutcome);

    FormParams params {
        { u"notify_id"_s, u"2026112200222120000000001"_s },
        { u"notify_time"_s, u"2026-11-22 12:01:00"_s },
        { u"notify_type"_s, u"trade_status_sync"_s },
        { u"app_id"_s, AppId },
        { u"charset"_s, u"utf-8"_s },
        { u"version"_s, u"1.0"_s },
        { u"sign_type"_s, u"RSA2"_s },
        { u"trade_no"_s, u"2026112222001400001"_s },
        { u"out_trade_no"_s, PaymentId },
        { u"total_amount"_s, u"12.50"_s },
        { u"trade_status"_s, u"TRADE_SUCCESS"_s },
        { u"gmt_payment"_s, u"2026-11-22 12:00:59"_s },
    };
    const auto apply = [](FormParams &target, const QString &assignment) {
        const QString name = assignment.section(u'=', 0, 0);
        const QString value = assignment.section(u'=', 1);
        for (auto &[key, current] : target) {
            if (key == name) {
                current = value;
                return;
            }
        }
        target.append({ name, value });
    };
    QByteArray body;
    if (change.startsWith(u"raw:"_s)) {
        body = change.mid(4).toUtf8();
    } else {
        if (!change.isEmpty())
            apply(params, change);
        if (signer == u"none"_s) {
            body = FormCodec::encode(params);
        } else {
            auto sign = AlipaySignature::sign(
                params, AlipaySignature::notificationExclusions(), signer == u"platform"_s ? m_platform : m_stranger);
            VERIFY_OK(sign);
            if (!afterSigning.isEmpty())
                apply(params, afterSigning);
            params.append({ u"sign"_s, *sign });
            body = FormCodec::encode(params);
        }
    }
    const HttpRequest request(HttpRequest::Method::Post, QUrl(NotifyUrl),
        { { "Content-Type"_ba, "application/x-www-form-urlencoded; charset=utf-8"_ba } }, body);
    const AlipayProvider alipay = provider(m_gateway->url(u"/gateway.do"_s), { m_tls.ca });
    auto report = alipay.verifyNotification(request);
    if (!expectedError.isEmpty()) {
        QVERIFY2(!report, "a notification that should be refused was accepted");
        QCOMPARE(report.error().code, expectedError);
        return;
    }
    VERIFY_OK(report);
    QCOMPARE(report->notifyId, u"2026112200222120000000001"_s);
    QCOMPARE(report->paymentId, PaymentId);
    QCOMPARE(report->providerRef, u"2026112222001400001"_s);
    QCOMPARE(report->partnerId, AppId);
    QCOMPARE(report->amountMinor, expectedAmount);
    QCOMPARE(report->currency, u"CNY"_s);
    QCOMPARE(int(report->outcome), expectedOutcome);
}

void TestAlipayProvider::notificationRefusesWrongContentType()
{
    FormParams params {
        { u"notify_id"_s, u"n1"_s },
        { u"app_id"_s, AppId },
        { u"out_trade_no"_s, PaymentId },
        { u"total_amount"_s, u"12.50"_s },
        { u"trade_status"_s, u"TRADE_SUCCESS"_s },
    };
    const QByteArray body = signedNotification(params, m_platform);
    QVERIFY(!body.isEmpty());
    const AlipayProvider alipay = provider(m_gateway->url(u"/gateway.do"_s), { m_tls.ca });
    const HttpRequest good(HttpRequest::Method::Post, QUrl(NotifyUrl),
        { { "content-type"_ba, "application/x-www-form-urlencoded"_ba } }, body);
    VERIFY_OK(alipay.verifyNotification(good));
    for (const QByteArray &type : { "application/json"_ba, "text/plain"_ba, QByteArray() }) {
        const HttpRequest request(HttpRequest::Method::Post, QUrl(NotifyUrl), { { "Content-Type"_ba, type } }, body);
        auto report = alipay.verifyNotification(request);
        QVERIFY2(!report, type.constData());
        QCOMPARE(report.error().code, u"notification_malformed"_s);
    }
}

void TestAlipayProvider::acknowledgeAndRefuse()
{
    const AlipayProvider alipay = provider(m_gateway->url(u"/gateway.do"_s), { m_tls.ca });
    const QHttpServerResponse ack = alipay.acknowledge();
    QCOMPARE(ack.statusCode(), QHttpServerResponse::StatusCode::Ok);
    QCOMPARE(ack.data(), "success"_ba);
    QCOMPARE(ack.mimeType(), "text/plain"_ba);
    const QHttpServerResponse refused = alipay.refuse(u"bad signature"_s);
    QCOMPARE(refused.statusCode(), QHttpServerResponse::StatusCode::Ok);
    QCOMPARE(refused.data(), "failure"_ba);
}

void TestAlipayProvider::query_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("platformSigns");
    QTest::addColumn<QString>("expectedError");
    QTest::addColumn<int>("expectedOutcome");
    QTest::addColumn<qlonglong>("expectedAmount");

    const QByteArray success = "{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"" + PaymentId.toUtf8()
        + "\",\"trade_no\":\"2026112222001400001\",\"trade_status\":\"TRADE_SUCCESS\",\"total_amount\":\"12.50\"}";
    QTest::newRow("paid") << 200 << success << true << QString() << int(ProviderOutcome::Paid) << 1250LL;
    QByteArray waiting = success;
    waiting.replace("TRADE_SUCCESS", "WAIT_BUYER_PAY");
    QTest::newRow("waiting") << 200 << waiting << true << QString() << int(ProviderOutcome::Pending) << 1250LL;
    QByteArray closed = success;
    closed.replace("TRADE_SUCCESS", "TRADE_CLOSED");
    QTest::newRow("closed") << 200 << closed << true << QString() << int(ProviderOutcome::Closed) << 1250LL;
    QTest::newRow("not found")
        << 200
        << "{\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"ACQ.TRADE_NOT_EXIST\","
           "\"sub_msg\":\"no such trade\"}"_ba
        << true << QString() << int(ProviderOutcome::NotFound) << -1LL;
    QTest::newRow("refused") << 200
                             << "{\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"ACQ.SYSTEM_ERROR\"}"_ba
                             << true << u"provider_refused"_s << 0 << 0LL;
    QTest::newRow("signed by another key") << 200 << success << false << u"provider_answer_invalid"_s << 0 << 0LL;
    QByteArray other = success;
    other.replace(PaymentId.toUtf8(), "POTHERPAYMENT");
    QTest::newRow("another trade") << 200 << other << true << u"provider_answer_invalid"_s << 0 << 0LL;
    QByteArray badAmount = success;
    badAmount.replace("12.50", "12.5x");
    QTest::newRow("bad amount") << 200 << badAmount << true << u"provider_answer_invalid"_s << 0 << 0LL;
    QTest::newRow("gateway error") << 502 << success << true << u"provider_unavailable"_s << 0 << 0LL;
    QTest::newRow("not found status") << 404 << success << true << u"provider_answer_invalid"_s << 0 << 0LL;
}

void TestAlipayProvider::query()
{
    QFETCH(int, status);
    QFETCH(QByteArray, content);
    QFETCH(bool, platformSigns);
    QFETCH(QString, expectedError);
    QFETCH(int, expectedOutcome);
    QFETCH(qlonglong, expectedAmount);

    const RsaKey signer = platformSigns ? m_platform : m_stranger;
    m_gateway->handler = [&](const HttpRequest &) {
        return FakeGateway::Reply { status, {}, signedAnswer(u"alipay.trade.query"_s, content, signer),
            "application/json;charset=utf-8"_ba };
    };
    const AlipayProvider alipay = provider(m_gateway->url(u"/gateway.do"_s), { m_tls.ca });
    auto report = alipay.query(PaymentId);
    QCOMPARE(m_gateway->received.size(), 1);
    if (!expectedError.isEmpty()) {
        QVERIFY2(!report, "an answer that should be refused was accepted");
        QCOMPARE(report.error().code, expectedError);
        return;
    }
    VERIFY_OK(report);
    QCOMPARE(int(report->outcome), expectedOutcome);
    QCOMPARE(report->paymentId, PaymentId);
    QCOMPARE(report->amountMinor, expectedAmount);
    if (report->outcome != ProviderOutcome::NotFound)
        QCOMPARE(report->providerRef, u"2026112222001400001"_s);
}

void TestAlipayProvider::queryRequestIsSignedWithMerchantKey()
{
    m_gateway->handler = [&](const HttpRequest &) {
        return FakeGateway::Reply { 200, {},
            signedAnswer(
                u"alipay.trade.query"_s, "{\"code\":\"40004\",\"sub_code\":\"ACQ.TRADE_NOT_EXIST\"}"_ba, m_platform),
            "application/json"_ba };
    };
    const AlipayProvider alipay = provider(m_gateway->url(u"/gateway.do"_s), { m_tls.ca });
    VERIFY_OK(alipay.query(PaymentId));
    QCOMPARE(m_gateway->received.size(), 1);
    const HttpRequest &request = m_gateway->received.constFirst();
    QCOMPARE(request.method(), HttpRequest::Method::Post);
    QCOMPARE(request.url().path(), u"/gateway.do"_s);
    QVERIFY(request.value("Content-Type"_ba).startsWith("application/x-www-form-urlencoded"));
    auto params = FormCodec::parse(request.body());
    VERIFY_OK(params);
    auto merchantPublic = RsaKey::fromPublicKeyPem(*m_merchant.toPublicKeyPem());
    VERIFY_OK(AlipaySignature::verify(*params, AlipaySignature::requestExclusions(), *merchantPublic));
    QCOMPARE(FormCodec::value(*params, u"method"), u"alipay.trade.query"_s);
    QCOMPARE(FormCodec::value(*params, u"app_id"), AppId);
    QCOMPARE(FormCodec::value(*params, u"sign_type"), u"RSA2"_s);
    QCOMPARE(FormCodec::value(*params, u"timestamp"), u"2026-11-22 12:00:00"_s);
    QCOMPARE(FormCodec::value(*params, u"biz_content"), u"{\"out_trade_no\":\"%1\"}"_s.arg(PaymentId));
}

void TestAlipayProvider::close_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("platformSigns");
    QTest::addColumn<QString>("expectedError");

    QTest::newRow("closed") << "{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"P1\"}"_ba << true
                            << QString();
    QTest::newRow("never seen") << "{\"code\":\"40004\",\"sub_code\":\"ACQ.TRADE_NOT_EXIST\"}"_ba << true << QString();
    QTest::newRow("refused") << "{\"code\":\"40004\",\"sub_code\":\"ACQ.TRADE_STATUS_ERROR\"}"_ba << true
                             << u"provider_refused"_s;
    QTest::newRow("bad signature") << "{\"code\":\"10000\"}"_ba << false << u"provider_answer_invalid"_s;
}

void TestAlipayProvider::close()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, platformSigns);
    QFETCH(QString, expectedError);
    const RsaKey signer = platformSigns ? m_platform : m_stranger;
    QString method;
    m_gateway->handler = [&](const HttpRequest &request) {
        method = FormCodec::value(FormCodec::parse(request.body()).value_or(FormParams()), u"method");
        return FakeGateway::Reply { 200, {}, signedAnswer(u"alipay.trade.close"_s, content, signer),
            "application/json"_ba };
    };
    const AlipayProvider alipay = provider(m_gateway->url(u"/gateway.do"_s), { m_tls.ca });
    auto closed = alipay.close(PaymentId);
    QCOMPARE(method, u"alipay.trade.close"_s);
    if (expectedError.isEmpty()) {
        VERIFY_OK(closed);
    } else {
        QVERIFY(!closed);
        QCOMPARE(closed.error().code, expectedError);
    }
}

void TestAlipayProvider::unreachableGatewayIsUnavailable()
{
    const AlipayProvider alipay = provider(test::unreachableUrl(), { m_tls.ca });
    auto report = alipay.query(PaymentId);
    QVERIFY(!report);
    QCOMPARE(report.error().code, u"provider_unavailable"_s);
    auto closed = alipay.close(PaymentId);
    QVERIFY(!closed);
    QCOMPARE(closed.error().code, u"provider_unavailable"_s);
}

void TestAlipayProvider::untrustedGatewayIsUnavailable()
{
    m_gateway->handler = [&](const HttpRequest &) {
        return FakeGateway::Reply { 200, {},
            signedAnswer(u"alipay.trade.query"_s, "{\"code\":\"10000\"}"_ba, m_platform), "application/json"_ba };
    };
    // Without the gateway's CA among the trusted ones the TLS handshake fails.
    const AlipayProvider alipay = provider(m_gateway->url(u"/gateway.do"_s), {});
    auto report = alipay.query(PaymentId);
    QVERIFY(!report);
    QCOMPARE(report.error().code, u"provider_unavailable"_s);
    QCOMPARE(m_gateway->received.size(), 0);
}

void TestAlipayProvider::wrongHostNameIsUnavailable()
{
    // A certificate from the trusted CA, but for another name than the one dialled.
    const test::GatewayTls otherName = test::makeGatewayTls({ u"gateway.example.test"_s });
    QVERIFY2(otherName.error.isEmpty(), qPrintable(otherName.error));
    FakeGateway gateway;
    QVERIFY(gateway.listen(otherName));
    gateway.handler = [&](const HttpRequest &) {
        return FakeGateway::Reply { 200, {},
            signedAnswer(u"alipay.trade.query"_s, "{\"code\":\"10000\"}"_ba, m_platform), "application/json"_ba };
    };
    const AlipayProvider alipay = provider(gateway.url(u"/gateway.do"_s), { otherName.ca });
    auto report = alipay.query(PaymentId);
    QVERIFY(!report);
    QCOMPARE(report.error().code, u"provider_unavailable"_s);
    QCOMPARE(gateway.received.size(), 0);
}

void TestAlipayProvider::silentGatewayTimesOut()
{
    test::SilentServer silent;
    QVERIFY(silent.listen());
    const AlipayProvider alipay = provider(silent.url(), { m_tls.ca }, std::chrono::milliseconds(300));
    QElapsedTimer timer;
    timer.start();
    auto report = alipay.query(PaymentId);
    QVERIFY(!report);
    QCOMPARE(report.error().code, u"provider_unavailable"_s);
    QVERIFY2(timer.elapsed() < 5000, "the timeout was not applied");
}

QTEST_GUILESS_MAIN(TestAlipayProvider)
#include "test_AlipayProvider.moc"
