// The provider sandbox as deskpay-server meets it: signed calls to both gateway styles over
// real TLS, the cashier pages, and notifications delivered, verified and resent.

#include "SandboxTestSupport.h"
#include "payments/AlipaySignature.h"
#include "payments/FormCodec.h"
#include "payments/WechatPaySignature.h"
#include "paysandbox/ProviderSandbox.h"
#include "paysandbox/SandboxFormat.h"
#include "paysandbox/SandboxKeySet.h"
#include "tests/server/ResultTesting.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace deskpay;
using namespace deskpay::test;

namespace {

RsaKey readKey(const QString &path, bool isPrivate)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray pem = file.readAll();
    return (isPrivate ? RsaKey::fromPrivateKeyPem(pem) : RsaKey::fromPublicKeyPem(pem)).value_or(RsaKey());
}

QString tokenOf(const QByteArray &page)
{
    static const QRegularExpression token(u"name=\"token\" value=\"([^\"]+)\""_s);
    return token.match(QString::fromUtf8(page)).captured(1);
}

} // namespace

class TestProviderSandbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void keySetIsComplete();
    void alipayQueryOfUnknownTrade();
    void alipayRefusesBadSignatures_data();
    void alipayRefusesBadSignatures();
    void alipayCashierRefusesTamperedOrderString_data();
    void alipayCashierRefusesTamperedOrderString();
    void alipayPayNotifiesUntilAcknowledged();
    void alipayFailureAndClose();
    void alipayForgedDecisionIsRefused();
    void wechatPrepayQueryClose();
    void wechatRefusesBadSignatures_data();
    void wechatRefusesBadSignatures();
    void wechatPayCallbackDecryptsToTheTransaction();
    void wechatFailureSendsNoCallback();
    void notificationsCanBeSwitchedOff();

private:
    // Alipay-style merchant side
    Reply alipayCall(const QString &method, const QJsonObject &biz, const RsaKey &signer, bool tamper = false);
    QJsonObject alipayVerified(const Reply &reply, const QString &method);
    QByteArray orderString(const QString &outTradeNo, const QString &amount, const QString &subject,
        const QString &returnUrl = u"https://merchant.example/pay/result.html?order=1"_s);
    Reply alipayOpenCashier(const QString &outTradeNo, const QString &amount = u"12.50"_s);
    Reply decide(const QString &style, const QString &trade, const QString &token, const QString &decision);

    // WeChat-style merchant side
    Reply wechatCall(const QByteArray &verb, const QByteArray &pathAndQuery, const QByteArray &body,
        const QString &serial = {}, bool tamper = false, qint64 skewSecs = 0);
    bool wechatSigned(const Reply &reply);
    QString wechatPrepay(const QString &outTradeNo, qint64 total);
    QUrl wechatCashierUrl(const QString &prepayId, bool tamper = false);

    QUrl url(const QString &pathAndQuery) const { return QUrl(m_sandbox->baseUrl() + pathAndQuery, QUrl::StrictMode); }

    QTemporaryDir m_dir;
    ManualClock m_clock;
    TestPki m_pki;
    QString m_keyDir;
    SandboxKeys m_keys;
    RsaKey m_alipayMerchantKey;
    RsaKey m_alipayPlatformKey;
    RsaKey m_wechatMerchantKey;
    RsaKey m_wechatPlatformKey;
    std::unique_ptr<HttpsClient> m_client;
    std::unique_ptr<NotifyReceiver> m_receiver;
    std::unique_ptr<ProviderSandbox> m_sandbox;
};

void TestProviderSandbox::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_pki = TestPki::create(m_dir.path(), m_clock);
    QVERIFY(!m_pki.key.isNull());
    m_keyDir = m_dir.filePath(u"keys"_s);
    VERIFY_OK(ProviderSandbox::writeKeySet(m_keyDir, u"https://127.0.0.1:8443"_s, m_pki.caFile, m_pki.caFile));
    auto keys = ProviderSandbox::loadKeySet(m_keyDir);
    VERIFY_OK(keys);
    m_keys = *keys;
    const QDir dir(m_keyDir);
    m_alipayMerchantKey = readKey(dir.filePath(u"alipay-merchant.key.pem"_s), true);
    m_alipayPlatformKey = readKey(dir.filePath(u"alipay-platform.pub.pem"_s), false);
    m_wechatMerchantKey = readKey(dir.filePath(u"wechat-merchant.key.pem"_s), true);
    m_wechatPlatformKey = readKey(dir.filePath(u"wechat-platform.pub.pem"_s), false);
    QVERIFY(m_alipayMerchantKey.hasPrivateKey() && m_wechatMerchantKey.hasPrivateKey());
    QVERIFY(!m_alipayPlatformKey.isNull() && !m_wechatPlatformKey.isNull());
    m_client = std::make_unique<HttpsClient>(m_pki.caFile);
    m_receiver = std::make_unique<NotifyReceiver>(m_pki);
    QVERIFY(m_receiver->port() != 0);
}

void TestProviderSandbox::init()
{
    ProviderSandbox::Options options;
    options.tlsCertificateFile = m_pki.certificateFile;
    options.tlsKeyFile = m_pki.keyFile;
    options.keys = m_keys;
    options.notifyCaFile = m_pki.caFile;
    options.resendSchedule
        = { std::chrono::milliseconds(20), std::chrono::milliseconds(20), std::chrono::milliseconds(20) };
    m_sandbox = std::make_unique<ProviderSandbox>(options, m_clock);
    VERIFY_OK(m_sandbox->start());
    m_receiver->clear();
    m_receiver->setAnswers({ { 200, "success"_ba } });
}

void TestProviderSandbox::cleanup()
{
    m_sandbox.reset();
}

// ---- helpers ----------------------------------------------------------------------------

Reply TestProviderSandbox::alipayCall(const QString &method, const QJsonObject &biz, const RsaKey &signer, bool tamper)
{
    FormParams params { { u"app_id"_s, m_keys.alipayAppId }, { u"method"_s, method }, { u"format"_s, u"JSON"_s },
        { u"charset"_s, u"utf-8"_s }, { u"sign_type"_s, u"RSA2"_s },
        { u"timestamp"_s, SandboxFormat::beijingTime(m_clock.now()) }, { u"version"_s, u"1.0"_s },
        { u"biz_content"_s, QString::fromUtf8(QJsonDocument(biz).toJson(QJsonDocument::Compact)) } };
    const auto signature = AlipaySignature::sign(params, AlipaySignature::requestExclusions(), signer);
    if (!signature)
        return {};
    params.append({ u"sign"_s, *signature });
    if (tamper)
        params[7].second = QString(params[7].second).replace(u"P"_s, u"Q"_s);
    return m_client->send("POST"_ba, url(u"/alipay/gateway.do"_s), FormCodec::encode(params),
        "application/x-www-form-urlencoded; charset=utf-8"_ba);
}

QJsonObject TestProviderSandbox::alipayVerified(const Reply &reply, const QString &method)
{
    const QString key = QString(method).replace(u'.', u'_') + u"_response"_s;
    const auto split = AlipaySignature::splitResponse(reply.body, key);
    if (!split)
        return {};
    const auto signature = QByteArray::fromBase64Encoding(split->sign.toLatin1());
    if (!signature || !m_alipayPlatformKey.verify(split->content, signature.decoded))
        return {};
    return QJsonDocument::fromJson(split->content).object();
}

QByteArray TestProviderSandbox::orderString(
    const QString &outTradeNo, const QString &amount, const QString &subject, const QString &returnUrl)
{
    const QJsonObject biz { { u"out_trade_no"_s, outTradeNo }, { u"product_code"_s, u"QUICK_MSECURITY_PAY"_s },
        { u"subject"_s, subject }, { u"timeout_express"_s, u"15m"_s }, { u"total_amount"_s, amount } };
    const FormParams params { { u"app_id"_s, m_keys.alipayAppId },
        { u"biz_content"_s, QString::fromUtf8(QJsonDocument(biz).toJson(QJsonDocument::Compact)) },
        { u"charset"_s, u"utf-8"_s }, { u"format"_s, u"JSON"_s }, { u"method"_s, u"alipay.trade.app.pay"_s },
        { u"notify_url"_s, m_receiver->url(u"/v1/providers/alipay/notify"_s) }, { u"return_url"_s, returnUrl },
        { u"sign_type"_s, u"RSA2"_s }, { u"timestamp"_s, SandboxFormat::beijingTime(m_clock.now()) },
        { u"version"_s, u"1.0"_s } };
    const auto signature = AlipaySignature::sign(params, AlipaySignature::requestExclusions(), m_alipayMerchantKey);
    return signature ? AlipaySignature::orderString(params, *signature) : QByteArray();
}

Reply TestProviderSandbox::alipayOpenCashier(const QString &outTradeNo, const QString &amount)
{
    const QByteArray query = orderString(outTradeNo, amount, u"Ticket change CA1234"_s);
    return m_client->send("GET"_ba, QUrl::fromEncoded(m_sandbox->baseUrl().toUtf8() + "/alipay/cashier?" + query));
}

Reply TestProviderSandbox::decide(
    const QString &style, const QString &trade, const QString &token, const QString &decision)
{
    const FormParams form { { u"trade"_s, trade }, { u"token"_s, token }, { u"decision"_s, decision } };
    return m_client->send("POST"_ba, url(u"/%1/cashier/decide"_s.arg(style)), FormCodec::encode(form),
        "application/x-www-form-urlencoded"_ba);
}

Reply TestProviderSandbox::wechatCall(const QByteArray &verb, const QByteArray &pathAndQuery, const QByteArray &body,
    const QString &serial, bool tamper, qint64 skewSecs)
{
    const auto authorization
        = WechatPaySignature::authorize(m_keys.wechatMchId, serial.isEmpty() ? m_keys.wechatMerchantSerial : serial,
            m_wechatMerchantKey, verb, pathAndQuery, QString::number(m_clock.nowSecs() + skewSecs), body);
    if (!authorization)
        return {};
    const QByteArray sent = tamper ? QByteArray(body).replace("1250", "1") : body;
    return m_client->send(verb, QUrl::fromEncoded(m_sandbox->baseUrl().toUtf8() + pathAndQuery), sent,
        sent.isEmpty() ? QByteArray() : "application/json"_ba, { { "Authorization"_ba, *authorization } });
}

bool TestProviderSandbox::wechatSigned(const Reply &reply)
{
    WechatSignedHeaders headers;
    headers.timestamp = QString::fromLatin1(reply.header("Wechatpay-Timestamp"_ba));
    headers.nonce = QString::fromLatin1(reply.header("Wechatpay-Nonce"_ba));
    headers.signature = QString::fromLatin1(reply.header("Wechatpay-Signature"_ba));
    headers.serial = QString::fromLatin1(reply.header("Wechatpay-Serial"_ba));
    return headers.serial == m_keys.wechatPlatformSerial
        && WechatPaySignature::verifyResponse(m_wechatPlatformKey, headers, reply.body).has_value();
}

QString TestProviderSandbox::wechatPrepay(const QString &outTradeNo, qint64 total)
{
    const QJsonObject order { { u"appid"_s, m_keys.wechatAppId }, { u"mchid"_s, m_keys.wechatMchId },
        { u"description"_s, u"Ticket change CA1234"_s }, { u"out_trade_no"_s, outTradeNo },
        { u"time_expire"_s, SandboxFormat::rfc3339Beijing(m_clock.now().addSecs(900)) },
        { u"notify_url"_s, m_receiver->url(u"/v1/providers/wechat/notify"_s) },
        { u"amount"_s, QJsonObject { { u"total"_s, total }, { u"currency"_s, u"CNY"_s } } } };
    const Reply reply = wechatCall(
        "POST"_ba, "/wechat/v3/pay/transactions/app"_ba, QJsonDocument(order).toJson(QJsonDocument::Compact));
    if (reply.status != 200 || !wechatSigned(reply))
        return {};
    return QJsonDocument::fromJson(reply.body).object().value(u"prepay_id"_s).toString();
}

QUrl TestProviderSandbox::wechatCashierUrl(const QString &prepayId, bool tamper)
{
    const QString timestamp = QString::number(m_clock.nowSecs());
    const QString nonce = WechatPaySignature::newNonce();
    const QByteArray signature
        = m_wechatMerchantKey.sign(WechatPaySignature::appPayMessage(m_keys.wechatAppId, timestamp, nonce, prepayId))
              .value_or(QByteArray());
    const FormParams params { { u"appid"_s, m_keys.wechatAppId }, { u"partnerid"_s, m_keys.wechatMchId },
        { u"prepayid"_s, prepayId }, { u"package"_s, u"Sign=WXPay"_s },
        { u"noncestr"_s, tamper ? nonce.toLower() : nonce }, { u"timestamp"_s, timestamp },
        { u"sign"_s, QString::fromLatin1(signature.toBase64()) },
        { u"return_url"_s, u"https://merchant.example/pay/result.html"_s } };
    return QUrl::fromEncoded(m_sandbox->baseUrl().toUtf8() + "/wechat/cashier?" + FormCodec::encode(params));
}

// ---- tests -------------------------------------------------------------------------------

void TestProviderSandbox::keySetIsComplete()
{
    const QDir dir(m_keyDir);
    for (const QString &name : { u"alipay-merchant.key.pem"_s, u"alipay-platform.key.pem"_s,
             u"wechat-merchant.key.pem"_s, u"wechat-platform.key.pem"_s, u"wechat-apiv3.key"_s })
        QCOMPARE(int(QFileInfo(dir.filePath(name)).permissions()) & 0x7077, 0x6000); // owner rw only (0600)
    QCOMPARE(m_keys.alipayAppId, u"2021000000000001"_s);
    QCOMPARE(m_keys.wechatAppId, u"wx0000000000000001"_s);
    QCOMPARE(m_keys.wechatMchId, u"1900000001"_s);
    QCOMPARE(m_keys.wechatApiV3Key.size(), 32);
    QCOMPARE(m_keys.wechatMerchantSerial, m_wechatMerchantKey.serial().value());

    QFile payments(dir.filePath(u"payments.ini"_s));
    QVERIFY(payments.open(QIODevice::ReadOnly));
    const QString ini = QString::fromUtf8(payments.readAll());
    for (const QString &line : QStringList { u"gateway_url = https://127.0.0.1:8443/alipay/gateway.do"_s,
             u"cashier_url = https://127.0.0.1:8443/alipay/cashier"_s, u"base_url = https://127.0.0.1:8443/wechat"_s,
             u"cashier_url = https://127.0.0.1:8443/wechat/cashier"_s, u"app_id = 2021000000000001"_s,
             u"mch_id = 1900000001"_s, u"merchant_serial = "_s + m_keys.wechatMerchantSerial,
             u"platform_public_keys = "_s + m_keys.wechatPlatformSerial + u':'
                 + dir.absoluteFilePath(u"wechat-platform.pub.pem"_s),
             u"merchant_private_key = "_s + dir.absoluteFilePath(u"alipay-merchant.key.pem"_s),
             u"ca_file = "_s + QFileInfo(m_pki.caFile).absoluteFilePath() })
        QVERIFY2(ini.contains(line), qPrintable(line));
    // A second init into the same folder would orphan the server's configured keys.
    QCOMPARE(ProviderSandbox::writeKeySet(m_keyDir, u"https://127.0.0.1:8443"_s).error().code, u"keyset_exists"_s);
}

void TestProviderSandbox::alipayQueryOfUnknownTrade()
{
    const Reply reply
        = alipayCall(u"alipay.trade.query"_s, { { u"out_trade_no"_s, u"PNOSUCHTRADE"_s } }, m_alipayMerchantKey);
    QCOMPARE(reply.status, 200);
    const QJsonObject answer = alipayVerified(reply, u"alipay.trade.query"_s);
    QCOMPARE(answer.value(u"code"_s).toString(), u"40004"_s);
    QCOMPARE(answer.value(u"sub_code"_s).toString(), u"ACQ.TRADE_NOT_EXIST"_s);
}

void TestProviderSandbox::alipayRefusesBadSignatures_data()
{
    QTest::addColumn<bool>("tamper");
    QTest::addColumn<bool>("wrongKey");
    QTest::newRow("biz_content changed after signing") << true << false;
    QTest::newRow("signed by another key") << false << true;
}

void TestProviderSandbox::alipayRefusesBadSignatures()
{
    QFETCH(bool, tamper);
    QFETCH(bool, wrongKey);
    QCOMPARE(alipayOpenCashier(u"PSIGNATURE0001"_s).status, 200);
    const RsaKey other = RsaKey::generate().value();
    for (const QString &method : { u"alipay.trade.query"_s, u"alipay.trade.close"_s }) {
        const Reply reply = alipayCall(
            method, { { u"out_trade_no"_s, u"PSIGNATURE0001"_s } }, wrongKey ? other : m_alipayMerchantKey, tamper);
        const QJsonObject answer = alipayVerified(reply, method);
        QCOMPARE(answer.value(u"code"_s).toString(), u"40002"_s);
        QCOMPARE(answer.value(u"sub_code"_s).toString(), u"isv.invalid-signature"_s);
    }
    QCOMPARE(m_sandbox->tradeState(u"PSIGNATURE0001"_s), u"WAIT_BUYER_PAY"_s);
}

void TestProviderSandbox::alipayCashierRefusesTamperedOrderString_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::newRow("amount") << "%2212.50%22"_ba
                            << "%220.01%22"_ba;
    QTest::newRow("notify_url") << "127.0.0.1"_ba
                                << "localhost"_ba;
    QTest::newRow("signature") << "&sign="_ba << QByteArray();
}

void TestProviderSandbox::alipayCashierRefusesTamperedOrderString()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QByteArray query = orderString(u"PTAMPERED0001"_s, u"12.50"_s, u"Ticket"_s);
    QVERIFY(query.contains(from));
    if (to.isEmpty()) {
        // Flip the signature's first character.
        const qsizetype at = query.indexOf(from) + from.size();
        query[at] = query.at(at) == 'A' ? 'B' : 'A';
    } else {
        query.replace(from, to);
    }
    const Reply reply
        = m_client->send("GET"_ba, QUrl::fromEncoded(m_sandbox->baseUrl().toUtf8() + "/alipay/cashier?" + query));
    QCOMPARE(reply.status, 400);
    QVERIFY(tokenOf(reply.body).isEmpty());
    QVERIFY(!m_sandbox->alipayTrade(u"PTAMPERED0001"_s));

    // The untouched string opens the cashier, and what the merchant wrote is shown escaped.
    const QByteArray genuine = orderString(u"PTAMPERED0001"_s, u"12.50"_s, u"<b>Tea & \"cake\"</b>"_s);
    const Reply page
        = m_client->send("GET"_ba, QUrl::fromEncoded(m_sandbox->baseUrl().toUtf8() + "/alipay/cashier?" + genuine));
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("&lt;b&gt;Tea &amp; &quot;cake&quot;&lt;/b&gt;"));
    QVERIFY(!page.body.contains("<b>Tea"));
    QVERIFY(page.body.contains("12.50"));
    QVERIFY(page.header("Content-Security-Policy"_ba).contains("default-src 'none'"));
    QCOMPARE(m_sandbox->tradeState(u"PTAMPERED0001"_s), u"WAIT_BUYER_PAY"_s);
}

void TestProviderSandbox::alipayPayNotifiesUntilAcknowledged()
{
    m_receiver->setAnswers({ { 200, "failure"_ba }, { 500, "oops"_ba }, { 200, "success"_ba } });
    const Reply page = alipayOpenCashier(u"PPAID000000001"_s);
    QCOMPARE(page.status, 200);
    const Reply decided = decide(u"alipay"_s, u"PPAID000000001"_s, tokenOf(page.body), u"pay"_s);
    QCOMPARE(decided.status, 303);
    QCOMPARE(decided.header("Location"_ba), "https://merchant.example/pay/result.html?order=1"_ba);

    QTRY_COMPARE(m_receiver->received().size(), 3);
    QTRY_COMPARE(m_sandbox->pendingNotifications(), 0);
    QString notifyId;
    for (const NotifyReceiver::Received &received : m_receiver->received()) {
        QCOMPARE(received.path, u"/v1/providers/alipay/notify"_s);
        const FormParams params = FormCodec::parse(received.body).value();
        VERIFY_OK(AlipaySignature::verify(params, AlipaySignature::notificationExclusions(), m_alipayPlatformKey));
        QCOMPARE(FormCodec::value(params, u"trade_status"), u"TRADE_SUCCESS"_s);
        QCOMPARE(FormCodec::value(params, u"out_trade_no"), u"PPAID000000001"_s);
        QCOMPARE(FormCodec::value(params, u"total_amount"), u"12.50"_s);
        QCOMPARE(FormCodec::value(params, u"app_id"), m_keys.alipayAppId);
        QCOMPARE(FormCodec::value(params, u"notify_type"), u"trade_status_sync"_s);
        QVERIFY(!FormCodec::value(params, u"gmt_payment").isEmpty());
        // A resend is the same notification.
        if (notifyId.isEmpty())
            notifyId = FormCodec::value(params, u"notify_id");
        QCOMPARE(FormCodec::value(params, u"notify_id"), notifyId);
    }
    const QList<SandboxDelivery> deliveries = m_sandbox->deliveries();
    QCOMPARE(deliveries.size(), 3);
    QCOMPARE(deliveries.at(0).acknowledged, false);
    QCOMPARE(deliveries.at(1).httpStatus, 500);
    QCOMPARE(deliveries.at(2).acknowledged, true);
    QCOMPARE(deliveries.at(2).attempt, 3);

    const QJsonObject query = alipayVerified(
        alipayCall(u"alipay.trade.query"_s, { { u"out_trade_no"_s, u"PPAID000000001"_s } }, m_alipayMerchantKey),
        u"alipay.trade.query"_s);
    QCOMPARE(query.value(u"code"_s).toString(), u"10000"_s);
    QCOMPARE(query.value(u"trade_status"_s).toString(), u"TRADE_SUCCESS"_s);
    QCOMPARE(query.value(u"total_amount"_s).toString(), u"12.50"_s);
    const QJsonObject close = alipayVerified(
        alipayCall(u"alipay.trade.close"_s, { { u"out_trade_no"_s, u"PPAID000000001"_s } }, m_alipayMerchantKey),
        u"alipay.trade.close"_s);
    QCOMPARE(close.value(u"sub_code"_s).toString(), u"ACQ.TRADE_STATUS_ERROR"_s);
}

void TestProviderSandbox::alipayFailureAndClose()
{
    const Reply page = alipayOpenCashier(u"PFAILED0000001"_s, u"3"_s);
    QCOMPARE(decide(u"alipay"_s, u"PFAILED0000001"_s, tokenOf(page.body), u"fail"_s).status, 303);
    QTRY_COMPARE(m_receiver->received().size(), 1);
    const FormParams params = FormCodec::parse(m_receiver->received().constFirst().body).value();
    VERIFY_OK(AlipaySignature::verify(params, AlipaySignature::notificationExclusions(), m_alipayPlatformKey));
    QCOMPARE(FormCodec::value(params, u"trade_status"), u"TRADE_CLOSED"_s);
    QCOMPARE(FormCodec::value(params, u"total_amount"), u"3.00"_s);
    QVERIFY(FormCodec::value(params, u"gmt_payment").isNull());
    // Deciding again is refused: the trade is final.
    QCOMPARE(decide(u"alipay"_s, u"PFAILED0000001"_s, tokenOf(page.body), u"pay"_s).status, 409);

    // An open trade closed by the merchant.
    QCOMPARE(alipayOpenCashier(u"PCLOSED0000001"_s).status, 200);
    const QJsonObject closed = alipayVerified(
        alipayCall(u"alipay.trade.close"_s, { { u"out_trade_no"_s, u"PCLOSED0000001"_s } }, m_alipayMerchantKey),
        u"alipay.trade.close"_s);
    QCOMPARE(closed.value(u"code"_s).toString(), u"10000"_s);
    const QJsonObject query = alipayVerified(
        alipayCall(u"alipay.trade.query"_s, { { u"out_trade_no"_s, u"PCLOSED0000001"_s } }, m_alipayMerchantKey),
        u"alipay.trade.query"_s);
    QCOMPARE(query.value(u"trade_status"_s).toString(), u"TRADE_CLOSED"_s);

    // An unpaid trade closes by itself once its timeout_express (15m) has passed.
    QCOMPARE(alipayOpenCashier(u"PEXPIRED000001"_s).status, 200);
    m_clock.advanceSecs(16 * 60);
    const QJsonObject expired = alipayVerified(
        alipayCall(u"alipay.trade.query"_s, { { u"out_trade_no"_s, u"PEXPIRED000001"_s } }, m_alipayMerchantKey),
        u"alipay.trade.query"_s);
    QCOMPARE(expired.value(u"trade_status"_s).toString(), u"TRADE_CLOSED"_s);
}

void TestProviderSandbox::alipayForgedDecisionIsRefused()
{
    const Reply page = alipayOpenCashier(u"PFORGED0000001"_s);
    QCOMPARE(page.status, 200);
    QCOMPARE(decide(u"alipay"_s, u"PFORGED0000001"_s, u"guessed"_s, u"pay"_s).status, 403);
    QCOMPARE(decide(u"alipay"_s, u"PFORGED0000001"_s, {}, u"pay"_s).status, 403);
    QCOMPARE(m_sandbox->tradeState(u"PFORGED0000001"_s), u"WAIT_BUYER_PAY"_s);
    QCOMPARE(m_sandbox->pendingNotifications(), 0);
    QVERIFY(m_sandbox->deliveries().isEmpty());
}

void TestProviderSandbox::wechatPrepayQueryClose()
{
    const QString prepayId = wechatPrepay(u"PWECHATCLOSE01"_s, 1250);
    QVERIFY(prepayId.startsWith(u"wx"_s));
    const QByteArray queryPath = "/wechat/v3/pay/transactions/out-trade-no/PWECHATCLOSE01?mchid=1900000001"_ba;
    Reply query = wechatCall("GET"_ba, queryPath, {});
    QCOMPARE(query.status, 200);
    QVERIFY(wechatSigned(query));
    QJsonObject transaction = QJsonDocument::fromJson(query.body).object();
    QCOMPARE(transaction.value(u"trade_state"_s).toString(), u"NOTPAY"_s);
    QCOMPARE(transaction.value(u"amount"_s).toObject().value(u"total"_s).toInteger(), 1250);
    QCOMPARE(transaction.value(u"mchid"_s).toString(), m_keys.wechatMchId);
    QCOMPARE(transaction.value(u"appid"_s).toString(), m_keys.wechatAppId);

    const Reply close = wechatCall(
        "POST"_ba, "/wechat/v3/pay/transactions/out-trade-no/PWECHATCLOSE01/close"_ba, R"({"mchid":"1900000001"})"_ba);
    QCOMPARE(close.status, 204);
    QVERIFY(wechatSigned(close));
    query = wechatCall("GET"_ba, queryPath, {});
    QCOMPARE(QJsonDocument::fromJson(query.body).object().value(u"trade_state"_s).toString(), u"CLOSED"_s);

    const Reply missing
        = wechatCall("GET"_ba, "/wechat/v3/pay/transactions/out-trade-no/PNOSUCHTRADE?mchid=1900000001"_ba, {});
    QCOMPARE(missing.status, 404);
    QVERIFY(wechatSigned(missing));
    QCOMPARE(QJsonDocument::fromJson(missing.body).object().value(u"code"_s).toString(), u"ORDER_NOT_EXIST"_s);
}

void TestProviderSandbox::wechatRefusesBadSignatures_data()
{
    QTest::addColumn<bool>("tamper");
    QTest::addColumn<bool>("unknownSerial");
    QTest::addColumn<qint64>("skewSecs");
    QTest::newRow("body changed after signing") << true << false << qint64(0);
    QTest::newRow("unknown serial") << false << true << qint64(0);
    QTest::newRow("stale timestamp") << false << false << qint64(-600);
}

void TestProviderSandbox::wechatRefusesBadSignatures()
{
    QFETCH(bool, tamper);
    QFETCH(bool, unknownSerial);
    QFETCH(qint64, skewSecs);
    const QJsonObject order { { u"appid"_s, m_keys.wechatAppId }, { u"mchid"_s, m_keys.wechatMchId },
        { u"description"_s, u"Ticket"_s }, { u"out_trade_no"_s, u"PWECHATSIGN001"_s },
        { u"notify_url"_s, m_receiver->url(u"/notify"_s) },
        { u"amount"_s, QJsonObject { { u"total"_s, 1250 }, { u"currency"_s, u"CNY"_s } } } };
    const Reply reply = wechatCall("POST"_ba, "/wechat/v3/pay/transactions/app"_ba,
        QJsonDocument(order).toJson(QJsonDocument::Compact), unknownSerial ? u"0123456789ABCDEF"_s : QString(), tamper,
        skewSecs);
    QCOMPARE(reply.status, 401);
    QVERIFY(wechatSigned(reply));
    QCOMPARE(QJsonDocument::fromJson(reply.body).object().value(u"code"_s).toString(), u"SIGN_ERROR"_s);
    QVERIFY(!m_sandbox->wechatTrade(u"PWECHATSIGN001"_s));
}

void TestProviderSandbox::wechatPayCallbackDecryptsToTheTransaction()
{
    m_receiver->setAnswers({ { 500, "busy"_ba }, { 204, {} } });
    const QString prepayId = wechatPrepay(u"PWECHATPAID001"_s, 1250);
    QVERIFY(!prepayId.isEmpty());
    QCOMPARE(m_client->send("GET"_ba, wechatCashierUrl(prepayId, true)).status, 400);
    const Reply page = m_client->send("GET"_ba, wechatCashierUrl(prepayId));
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("12.50"));
    const Reply decided = decide(u"wechat"_s, u"PWECHATPAID001"_s, tokenOf(page.body), u"pay"_s);
    QCOMPARE(decided.status, 303);
    QCOMPARE(decided.header("Location"_ba), "https://merchant.example/pay/result.html"_ba);

    QTRY_COMPARE(m_receiver->received().size(), 2);
    QTRY_COMPARE(m_sandbox->pendingNotifications(), 0);
    const Reply query
        = wechatCall("GET"_ba, "/wechat/v3/pay/transactions/out-trade-no/PWECHATPAID001?mchid=1900000001"_ba, {});
    QCOMPARE(QJsonDocument::fromJson(query.body).object().value(u"trade_state"_s).toString(), u"SUCCESS"_s);
    for (const NotifyReceiver::Received &received : m_receiver->received()) {
        WechatSignedHeaders headers;
        headers.timestamp = QString::fromLatin1(received.header("Wechatpay-Timestamp"_ba));
        headers.nonce = QString::fromLatin1(received.header("Wechatpay-Nonce"_ba));
        headers.signature = QString::fromLatin1(received.header("Wechatpay-Signature"_ba));
        headers.serial = QString::fromLatin1(received.header("Wechatpay-Serial"_ba));
        QCOMPARE(headers.serial, m_keys.wechatPlatformSerial);
        VERIFY_OK(WechatPaySignature::verifyResponse(m_wechatPlatformKey, headers, received.body));
        const QJsonObject callback = QJsonDocument::fromJson(received.body).object();
        QCOMPARE(callback.value(u"event_type"_s).toString(), u"TRANSACTION.SUCCESS"_s);
        QCOMPARE(callback.value(u"resource_type"_s).toString(), u"encrypt-resource"_s);
        const QJsonObject resource = callback.value(u"resource"_s).toObject();
        QCOMPARE(resource.value(u"original_type"_s).toString(), u"transaction"_s);
        WechatResource encrypted;
        encrypted.algorithm = resource.value(u"algorithm"_s).toString();
        encrypted.ciphertext = resource.value(u"ciphertext"_s).toString();
        encrypted.associatedData = resource.value(u"associated_data"_s).toString();
        encrypted.nonce = resource.value(u"nonce"_s).toString();
        QCOMPARE(encrypted.associatedData, u"transaction"_s);
        QCOMPARE(encrypted.nonce.size(), 12);
        const auto plain = WechatPaySignature::decrypt(m_keys.wechatApiV3Key, encrypted);
        VERIFY_OK(plain);
        QCOMPARE(*plain, query.body);
    }
    const QJsonObject transaction = QJsonDocument::fromJson(query.body).object();
    QCOMPARE(transaction.value(u"amount"_s).toObject().value(u"payer_total"_s).toInteger(), 1250);
    QVERIFY(!transaction.value(u"transaction_id"_s).toString().isEmpty());
    QVERIFY(!transaction.value(u"success_time"_s).toString().isEmpty());

    const Reply closePaid = wechatCall(
        "POST"_ba, "/wechat/v3/pay/transactions/out-trade-no/PWECHATPAID001/close"_ba, R"({"mchid":"1900000001"})"_ba);
    QCOMPARE(closePaid.status, 403);
    QCOMPARE(QJsonDocument::fromJson(closePaid.body).object().value(u"code"_s).toString(), u"ORDERPAID"_s);
}

void TestProviderSandbox::wechatFailureSendsNoCallback()
{
    const QString prepayId = wechatPrepay(u"PWECHATFAIL001"_s, 99);
    const Reply page = m_client->send("GET"_ba, wechatCashierUrl(prepayId));
    QCOMPARE(page.status, 200);
    QCOMPARE(decide(u"wechat"_s, u"PWECHATFAIL001"_s, tokenOf(page.body), u"fail"_s).status, 303);
    QCOMPARE(m_sandbox->pendingNotifications(), 0);
    QVERIFY(m_sandbox->deliveries().isEmpty());
    const Reply query
        = wechatCall("GET"_ba, "/wechat/v3/pay/transactions/out-trade-no/PWECHATFAIL001?mchid=1900000001"_ba, {});
    QVERIFY(wechatSigned(query));
    QCOMPARE(QJsonDocument::fromJson(query.body).object().value(u"trade_state"_s).toString(), u"PAYERROR"_s);
}

void TestProviderSandbox::notificationsCanBeSwitchedOff()
{
    const Reply control = m_client->send(
        "POST"_ba, url(u"/sandbox/control"_s), R"({"deliverNotifications":false})"_ba, "application/json"_ba);
    QCOMPARE(control.status, 200);
    QCOMPARE(QJsonDocument::fromJson(control.body).object().value(u"deliverNotifications"_s).toBool(true), false);
    QVERIFY(!m_sandbox->deliverNotifications());

    const Reply page = alipayOpenCashier(u"PLOSTNOTIFY001"_s);
    QCOMPARE(decide(u"alipay"_s, u"PLOSTNOTIFY001"_s, tokenOf(page.body), u"pay"_s).status, 303);
    QCOMPARE(m_sandbox->pendingNotifications(), 0);
    QCOMPARE(m_sandbox->deliveries().size(), 1);
    QVERIFY(m_sandbox->deliveries().constFirst().suppressed);
    QVERIFY(m_receiver->received().isEmpty());
    // The merchant finds the payment by querying.
    const QJsonObject query = alipayVerified(
        alipayCall(u"alipay.trade.query"_s, { { u"out_trade_no"_s, u"PLOSTNOTIFY001"_s } }, m_alipayMerchantKey),
        u"alipay.trade.query"_s);
    QCOMPARE(query.value(u"trade_status"_s).toString(), u"TRADE_SUCCESS"_s);

    m_sandbox->setDeliverNotifications(true);
    const Reply second = alipayOpenCashier(u"PLOSTNOTIFY002"_s);
    QCOMPARE(decide(u"alipay"_s, u"PLOSTNOTIFY002"_s, tokenOf(second.body), u"pay"_s).status, 303);
    QTRY_COMPARE(m_receiver->received().size(), 1);
}

QTEST_GUILESS_MAIN(TestProviderSandbox)
#include "test_ProviderSandbox.moc"
