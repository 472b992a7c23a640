// The whole payment path without a browser: a server with its --demo provider sandbox, the pay
// call over HTTPS, the sandbox cashier driven as a payer's browser would (the link built from
// ext, the decision form posted), and what reaches the order — by notification, or, when the
// notification is lost or never sent (WeChat-style failures), by the reconciler's active query.

#include "OrderTestKit.h"
#include "payments/FormCodec.h"
#include "paysandbox/ProviderSandbox.h"
#include "server/EventLog.h"
#include "server/OrderStore.h"
#include "server/PaymentReconciler.h"
#include "server/PaymentStore.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;
using namespace deskpay::test;

class TestPaymentsSandbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void notificationPaysTheOrder();
    void lostNotificationIsFoundByTheQuery();
    void wechatFailureIsFoundByTheQuery();

private:
    // A confirmed order of payer1; its id.
    QString pendingOrder();
    // POST /v1/payer/orders/{id}/pay → ext (empty on failure).
    QJsonObject pay(const QString &orderId, const QString &payType);
    // Opens the cashier link the payer pages would build from ext and posts the decision.
    bool decideAtCashier(const QJsonObject &ext, const QString &decision);
    // One reconciler pass, on its own thread (the sandbox answers on this one).
    void reconcileOnce();
    OrderState state(const QString &orderId);
    OrderEvent lastEvent(const QString &orderId);

    ManualClock m_clock { QDateTime::currentDateTimeUtc() };
    OrderTestKit m_kit;
    QString m_payerToken;
};

void TestPaymentsSandbox::init()
{
    m_clock.set(QDateTime::currentDateTimeUtc());
    const QString started = m_kit.start(m_clock);
    QVERIFY2(started.isEmpty(), qPrintable(started));
    QVERIFY(m_kit.server().demoSandbox());
    m_payerToken = m_kit.payerToken(u"payer1"_s);
    QVERIFY(!m_payerToken.isEmpty());
}

void TestPaymentsSandbox::cleanup()
{
    m_kit.stop();
}

QString TestPaymentsSandbox::pendingOrder()
{
    auto agent = m_kit.agent(u"agent1"_s);
    if (!agent)
        return {};
    const QString id = m_kit.submit(*agent, compact(sampleOrder(m_clock.now()))).json().value(u"id"_s).toString();
    const ApiResult confirmed = m_kit.payerPost(m_payerToken, u"/v1/payer/requests/%1/confirm"_s.arg(id));
    return confirmed.status == 200 ? id : QString();
}

QJsonObject TestPaymentsSandbox::pay(const QString &orderId, const QString &payType)
{
    const ApiResult result = m_kit.client().request("POST"_ba, m_kit.url(u"/v1/payer/orders/%1/pay"_s.arg(orderId)),
        compact(QJsonObject { { u"payType"_s, payType } }),
        { { "Authorization"_ba, "Bearer "_ba + m_payerToken.toLatin1() },
            { "Content-Type"_ba, "application/json"_ba } });
    if (result.json().value(u"code"_s).toInt(-1) != 0)
        qWarning("pay: %s", result.body.constData());
    return result.json().value(u"data"_s).toObject().value(u"ext"_s).toObject();
}

bool TestPaymentsSandbox::decideAtCashier(const QJsonObject &ext, const QString &decision)
{
    const auto text = [&](const char *key) { return ext.value(QLatin1StringView(key)).toString(); };
    FormParams link;
    if (text("payType") == u"WECHAT_PAY"_s) {
        link = { { u"appid"_s, text("appId") }, { u"partnerid"_s, text("partnerId") },
            { u"prepayid"_s, text("prepayId") }, { u"package"_s, text("package") }, { u"noncestr"_s, text("nonceStr") },
            { u"timestamp"_s, text("timestamp") }, { u"sign"_s, text("signature") } };
    } else {
        link = { { u"app_id"_s, text("partnerId") }, { u"biz_content"_s, text("bizContent") },
            { u"charset"_s, text("charset") }, { u"format"_s, text("format") }, { u"method"_s, text("method") },
            { u"notify_url"_s, text("notifyUrl") }, { u"sign_type"_s, text("signType") },
            { u"timestamp"_s, text("timestamp") }, { u"version"_s, text("version") },
            { u"sign"_s, text("signature") } };
        if (!text("returnUrl").isEmpty())
            link.append({ u"return_url"_s, text("returnUrl") });
    }
    const QUrl cashier(text("cashierUrl") + u"?"_s + QString::fromLatin1(FormCodec::encode(link)));
    const ApiResult page = m_kit.client().request("GET"_ba, cashier, {}, {});
    if (page.status != 200) {
        qWarning("cashier: %d %s", page.status, page.body.constData());
        return false;
    }
    const QString html = QString::fromUtf8(page.body);
    const auto field = [&](const QString &name) {
        const QRegularExpression pattern(u"name=\"%1\" value=\"([^\"]*)\""_s.arg(name));
        return pattern.match(html).captured(1);
    };
    const QRegularExpression action(u"<form[^>]*action=\"([^\"]+)\""_s);
    const QString decidePath = action.match(html).captured(1);
    if (decidePath.isEmpty() || field(u"token"_s).isEmpty())
        return false;
    const QByteArray form = FormCodec::encode(
        { { u"trade"_s, field(u"trade"_s) }, { u"token"_s, field(u"token"_s) }, { u"decision"_s, decision } });
    const ApiResult decided = m_kit.client().request("POST"_ba, cashier.resolved(QUrl(decidePath)), form,
        { { "Content-Type"_ba, "application/x-www-form-urlencoded"_ba } });
    // 303 to the return page (followed, or not: either way the decision is made).
    return decided.status == 200 || decided.status == 303;
}

void TestPaymentsSandbox::reconcileOnce()
{
    PaymentReconciler &reconciler = m_kit.server().reconciler();
    QTRY_VERIFY(!reconciler.isRunning());
    QSignalSpy done(&reconciler, &PaymentReconciler::passCompleted);
    reconciler.runNow();
    QVERIFY(done.wait(30000));
}

OrderState TestPaymentsSandbox::state(const QString &orderId)
{
    const auto found = m_kit.server().orders().find(orderId).value();
    return found ? found->state() : OrderState::Submitted;
}

OrderEvent TestPaymentsSandbox::lastEvent(const QString &orderId)
{
    return m_kit.server().events().forOrder(orderId).value().constLast();
}

void TestPaymentsSandbox::notificationPaysTheOrder()
{
    const QString id = pendingOrder();
    QVERIFY(!id.isEmpty());
    const QJsonObject ext = pay(id, u"ALIPAY"_s);
    QVERIFY(!ext.isEmpty());
    QVERIFY(decideAtCashier(ext, u"pay"_s));
    QTRY_COMPARE_WITH_TIMEOUT(state(id), OrderState::Paid, 10000);
    QCOMPARE(lastEvent(id).actor, u"alipay"_s);
    QCOMPARE(lastEvent(id).reason, u"TRADE_SUCCESS"_s);
    // The sandbox got "success" and has nothing to resend.
    ProviderSandbox *sandbox = m_kit.server().demoSandbox();
    QTRY_COMPARE(sandbox->pendingNotifications(), 0);
    QVERIFY(std::any_of(sandbox->deliveries().cbegin(), sandbox->deliveries().cend(),
        [](const SandboxDelivery &delivery) { return delivery.acknowledged; }));
}

void TestPaymentsSandbox::lostNotificationIsFoundByTheQuery()
{
    ProviderSandbox *sandbox = m_kit.server().demoSandbox();
    sandbox->setDeliverNotifications(false);
    const QString id = pendingOrder();
    QVERIFY(!id.isEmpty());
    const QJsonObject ext = pay(id, u"WECHAT_PAY"_s);
    QVERIFY(!ext.isEmpty());
    QVERIFY(decideAtCashier(ext, u"pay"_s));
    QCOMPARE(sandbox->tradeState(ext.value(u"paymentId"_s).toString()), u"SUCCESS"_s);

    // No notification comes; before its first query is due, nothing moves.
    reconcileOnce();
    QCOMPARE(state(id), OrderState::PaymentPending);
    // The query schedule's first step (30 s) later, the query finds the payment.
    m_clock.advanceSecs(31);
    reconcileOnce();
    QCOMPARE(state(id), OrderState::Paid);
    QCOMPARE(lastEvent(id).actor, u"wechat"_s);
    QCOMPARE(lastEvent(id).reason, u"SUCCESS"_s);
    const auto payment = m_kit.server().payments().find(ext.value(u"paymentId"_s).toString()).value();
    QVERIFY(payment);
    QCOMPARE(payment->state, PaymentState::Paid);
    QVERIFY(!payment->providerRef.isEmpty());
}

void TestPaymentsSandbox::wechatFailureIsFoundByTheQuery()
{
    const QString id = pendingOrder();
    QVERIFY(!id.isEmpty());
    const QJsonObject ext = pay(id, u"WECHAT_PAY"_s);
    QVERIFY(!ext.isEmpty());
    QVERIFY(decideAtCashier(ext, u"fail"_s));
    QCOMPARE(m_kit.server().demoSandbox()->tradeState(ext.value(u"paymentId"_s).toString()), u"PAYERROR"_s);
    // WeChat-style gateways do not notify failures: the active query finds it.
    m_clock.advanceSecs(31);
    reconcileOnce();
    QCOMPARE(state(id), OrderState::PaymentFailed);
    QCOMPARE(lastEvent(id).reason, u"PAYERROR"_s);
    QCOMPARE(lastEvent(id).actorKind, u"provider"_s);
}

QTEST_GUILESS_MAIN(TestPaymentsSandbox)
#include "test_PaymentsSandbox.moc"
