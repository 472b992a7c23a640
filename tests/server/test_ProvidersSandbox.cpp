// The server's providers against the provider sandbox (paysandbox/), both over real TLS: the
// payments.ini the sandbox writes loads, each style's ext opens the sandbox cashier, the payer's
// decision comes back as a notification the provider verifies, and query/close agree with it.

#include "FakeGateway.h"
#include "ResultTesting.h"
#include "models/Currency.h"
#include "payments/AlipaySignature.h"
#include "payments/FormCodec.h"
#include "paysandbox/ProviderSandbox.h"
#include "server/PaymentProviders.h"
#include "server/PaymentsConfig.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;
using deskpay::test::FakeGateway;

namespace {

QString member(const JsonValue &object, QStringView key)
{
    const JsonValue *value = object.member(key);
    return value ? value->text() : QString();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

struct PageReply
{
    int status = 0;
    QByteArray body;
};

} // namespace

class TestProvidersSandbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void configFromSandboxKeySet();
    void alipayPaidEndToEnd();
    void alipayUnknownTrade();
    void wechatPaidEndToEnd();
    void wechatQueryAndClose();

private:
    [[nodiscard]] PaymentStart payment(const QString &id, const QString &style) const;
    PageReply send(const QByteArray &verb, const QUrl &url, const QByteArray &body = {});
    // Opens the cashier with the string form of docs/payments.md and decides.
    void payAtCashier(const QUrl &cashier, const QString &paymentId, const QString &decision);

    QTemporaryDir m_dir;
    SystemClock m_clock;
    test::GatewayTls m_tls;
    std::unique_ptr<ProviderSandbox> m_sandbox;
    std::unique_ptr<PaymentProviders> m_providers;
    std::unique_ptr<FakeGateway> m_receiver; // the server's notify endpoint
    QList<Result<ProviderReport>> m_notifications;
    QNetworkAccessManager m_browser;
    QSslConfiguration m_browserSsl;
};

void TestProvidersSandbox::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_tls = test::makeGatewayTls();
    QVERIFY2(m_tls.error.isEmpty(), qPrintable(m_tls.error));
    const QDir dir(m_dir.path());
    const QString caFile = dir.filePath(u"ca.pem"_s);
    const QString certificateFile = dir.filePath(u"tls.pem"_s);
    const QString keyFile = dir.filePath(u"tls.key"_s);
    QVERIFY(writeFile(caFile, m_tls.ca.toPem()));
    QVERIFY(writeFile(certificateFile, m_tls.certificate.toPem()));
    QVERIFY(writeFile(keyFile, m_tls.key.toPem()));

    // The key set names the sandbox's URL, so its port is chosen first.
    const QUrl probe = test::unreachableUrl();
    const QString sandboxUrl = u"https://127.0.0.1:%1"_s.arg(probe.port());
    const QString keyDir = dir.filePath(u"keys"_s);
    VERIFY_OK(ProviderSandbox::writeKeySet(keyDir, sandboxUrl, caFile, caFile));
    auto keys = ProviderSandbox::loadKeySet(keyDir);
    VERIFY_OK(keys);

    ProviderSandbox::Options options;
    options.port = quint16(probe.port());
    options.tlsCertificateFile = certificateFile;
    options.tlsKeyFile = keyFile;
    options.keys = *keys;
    options.notifyCaFile = caFile;
    options.resendSchedule = { std::chrono::milliseconds(50), std::chrono::milliseconds(50) };
    m_sandbox = std::make_unique<ProviderSandbox>(options, m_clock);
    VERIFY_OK(m_sandbox->start());

    auto config = PaymentsConfig::load(QDir(keyDir).filePath(u"payments.ini"_s));
    VERIFY_OK(config);
    m_providers = std::make_unique<PaymentProviders>(*config, m_clock);
    QVERIFY(m_providers->forPayType(PayType::Alipay));
    QVERIFY(m_providers->forPayType(PayType::WechatPay));

    // What the server's notify route does with a provider, minus the business checks.
    m_receiver = std::make_unique<FakeGateway>();
    QVERIFY(m_receiver->listen(m_tls));
    m_receiver->handler = [this](const HttpRequest &request) {
        const QString style = request.url().path().section(u'/', 3, 3);
        const PaymentProvider *provider = m_providers->forStyle(style);
        if (!provider)
            return FakeGateway::Reply { 404, {}, {}, {} };
        auto report = provider->verifyNotification(request);
        m_notifications.append(report);
        const QHttpServerResponse response
            = report ? provider->acknowledge() : provider->refuse(report.error().message);
        return FakeGateway::Reply { int(response.statusCode()), {}, response.data(), response.mimeType() };
    };

    m_browser.setProxy(QNetworkProxy::NoProxy);
    m_browserSsl = QSslConfiguration::defaultConfiguration();
    m_browserSsl.setCaCertificates({ m_tls.ca });
}

void TestProvidersSandbox::cleanupTestCase()
{
    m_sandbox.reset();
}

PaymentStart TestProvidersSandbox::payment(const QString &id, const QString &style) const
{
    PaymentStart start;
    start.paymentId = id;
    start.orderId = u"order-"_s + id;
    start.amount = Money(1250, *Currency::fromCode(u"CNY"));
    start.subject = u"Ticket change MU5101"_s;
    start.expiresAt = m_clock.now().addSecs(15 * 60);
    start.notifyUrl = m_receiver->url(u"/v1/providers/%1/notify"_s.arg(style)).toString();
    start.returnUrl = u"https://127.0.0.1/pay/result.html?order=%1"_s.arg(id);
    return start;
}

PageReply TestProvidersSandbox::send(const QByteArray &verb, const QUrl &url, const QByteArray &body)
{
    QNetworkRequest request(url);
    request.setSslConfiguration(m_browserSsl);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded"_ba);
    QNetworkReply *reply = m_browser.sendCustomRequest(request, verb, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(20000);
    PageReply result { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll() };
    reply->deleteLater();
    return result;
}

void TestProvidersSandbox::payAtCashier(const QUrl &cashier, const QString &paymentId, const QString &decision)
{
    const PageReply page = send("GET"_ba, cashier);
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("12.50"));
    static const QRegularExpression tokenPattern(u"name=\"token\" value=\"([^\"]+)\""_s);
    const QString token = tokenPattern.match(QString::fromUtf8(page.body)).captured(1);
    QVERIFY(!token.isEmpty());
    const FormParams form { { u"trade"_s, paymentId }, { u"token"_s, token }, { u"decision"_s, decision } };
    QUrl decide = cashier.adjusted(QUrl::RemoveQuery);
    decide.setPath(decide.path() + u"/decide"_s);
    const PageReply decided = send("POST"_ba, decide, FormCodec::encode(form));
    QCOMPARE(decided.status, 303);
}

void TestProvidersSandbox::configFromSandboxKeySet()
{
    // The same keys on both sides: what the server signs, the sandbox accepts, and back.
    const PaymentProvider *alipay = m_providers->forStyle(u"alipay");
    const PaymentProvider *wechat = m_providers->forStyle(u"wechat");
    QCOMPARE(alipay->partnerId(), QString::fromLatin1(SandboxKeySet::kAlipayAppId));
    QCOMPARE(wechat->partnerId(), QString::fromLatin1(SandboxKeySet::kWechatMchId));
    QCOMPARE(wechat->appId(), QString::fromLatin1(SandboxKeySet::kWechatAppId));
}

void TestProvidersSandbox::alipayPaidEndToEnd()
{
    const PaymentProvider *alipay = m_providers->forPayType(PayType::Alipay);
    const QString id = u"PALIPAYPAID00000000000000000001"_s;
    auto started = alipay->start(payment(id, u"alipay"_s));
    VERIFY_OK(started);
    const JsonValue &ext = started->ext;
    // The string form of docs/payments.md, built from ext as the payer page does.
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
    const QByteArray orderString = AlipaySignature::orderString(params, member(ext, u"signature"));
    const QUrl cashier = QUrl::fromEncoded(member(ext, u"cashierUrl").toUtf8() + '?' + orderString);

    m_notifications.clear();
    payAtCashier(cashier, id, u"pay"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_notifications.size(), 1, 10000);
    const Result<ProviderReport> &report = m_notifications.constFirst();
    VERIFY_OK(report);
    QCOMPARE(report->paymentId, id);
    QCOMPARE(report->outcome, ProviderOutcome::Paid);
    QCOMPARE(report->amountMinor, 1250);
    QCOMPARE(report->currency, u"CNY"_s);
    QCOMPARE(report->partnerId, alipay->partnerId());
    QVERIFY(!report->notifyId.isEmpty());
    QTRY_COMPARE(m_sandbox->pendingNotifications(), 0); // "success" was understood

    auto queried = alipay->query(id);
    VERIFY_OK(queried);
    QCOMPARE(queried->outcome, ProviderOutcome::Paid);
    QCOMPARE(queried->amountMinor, 1250);
    QCOMPARE(queried->providerRef, report->providerRef);
}

void TestProvidersSandbox::alipayUnknownTrade()
{
    const PaymentProvider *alipay = m_providers->forPayType(PayType::Alipay);
    const QString id = u"PALIPAYNEVERSEEN0000000000000001"_s;
    auto started = alipay->start(payment(id, u"alipay"_s));
    VERIFY_OK(started);
    auto queried = alipay->query(id); // the payer never opened the cashier
    VERIFY_OK(queried);
    QCOMPARE(queried->outcome, ProviderOutcome::NotFound);
    VERIFY_OK(alipay->close(id));
}

void TestProvidersSandbox::wechatPaidEndToEnd()
{
    const PaymentProvider *wechat = m_providers->forPayType(PayType::WechatPay);
    const QString id = u"PWECHATPAID00000000000000000001"_s;
    auto started = wechat->start(payment(id, u"wechat"_s));
    VERIFY_OK(started);
    const JsonValue &ext = started->ext;
    QCOMPARE(member(ext, u"prepayId"), started->providerRef);
    const FormParams params {
        { u"appid"_s, member(ext, u"appId") },
        { u"partnerid"_s, member(ext, u"partnerId") },
        { u"prepayid"_s, member(ext, u"prepayId") },
        { u"package"_s, member(ext, u"package") },
        { u"noncestr"_s, member(ext, u"nonceStr") },
        { u"timestamp"_s, member(ext, u"timestamp") },
        { u"sign"_s, member(ext, u"signature") },
        { u"return_url"_s, member(ext, u"returnUrl") },
    };
    const QUrl cashier = QUrl::fromEncoded(member(ext, u"cashierUrl").toUtf8() + '?' + FormCodec::encode(params));

    auto before = wechat->query(id);
    VERIFY_OK(before);
    QCOMPARE(before->outcome, ProviderOutcome::Pending);

    m_notifications.clear();
    payAtCashier(cashier, id, u"pay"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_notifications.size(), 1, 10000);
    const Result<ProviderReport> &report = m_notifications.constFirst();
    VERIFY_OK(report);
    QCOMPARE(report->paymentId, id);
    QCOMPARE(report->outcome, ProviderOutcome::Paid);
    QCOMPARE(report->amountMinor, 1250);
    QCOMPARE(report->currency, u"CNY"_s);
    QCOMPARE(report->partnerId, wechat->partnerId());
    QCOMPARE(report->appId, wechat->appId());
    QVERIFY(!report->notifyId.isEmpty());
    QTRY_COMPARE(m_sandbox->pendingNotifications(), 0); // 204 was understood

    auto queried = wechat->query(id);
    VERIFY_OK(queried);
    QCOMPARE(queried->outcome, ProviderOutcome::Paid);
    QCOMPARE(queried->providerRef, report->providerRef);
}

void TestProvidersSandbox::wechatQueryAndClose()
{
    const PaymentProvider *wechat = m_providers->forPayType(PayType::WechatPay);
    auto unknown = wechat->query(u"PWECHATNEVERSEEN000000000000001"_s);
    VERIFY_OK(unknown);
    QCOMPARE(unknown->outcome, ProviderOutcome::NotFound);

    const QString id = u"PWECHATCLOSED000000000000000001"_s;
    VERIFY_OK(wechat->start(payment(id, u"wechat"_s)));
    VERIFY_OK(wechat->close(id));
    auto closed = wechat->query(id);
    VERIFY_OK(closed);
    QCOMPARE(closed->outcome, ProviderOutcome::Closed);
    VERIFY_OK(wechat->close(id)); // closing again succeeds
    VERIFY_OK(wechat->close(u"PWECHATNEVERSEEN000000000000001"_s));
}

QTEST_GUILESS_MAIN(TestProvidersSandbox)
#include "test_ProvidersSandbox.moc"
