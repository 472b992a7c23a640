// PaymentService against a scripted provider (the provider classes and the gateway sandbox have
// their own tests): the pay call's rules, settling by notification and by active query, the
// business checks, idempotency, out-of-order reports, the payment timeout, cancel.

#include "OrderTestKit.h"
#include "server/AuditLog.h"
#include "server/EventLog.h"
#include "server/OrderService.h"
#include "server/OrderStore.h"
#include "server/PayerAccountStore.h"
#include "server/PaymentService.h"
#include "server/PaymentStore.h"
#include "services/protocol/JsonReader.h"

#include <QMutex>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;
using namespace deskpay::test;

namespace {

// A provider whose answers the test sets. Notifications are JSON bodies of ProviderReport
// fields, "signed" by the header X-Fake-Signature: ok.
class ScriptedProvider final : public PaymentProvider
{
public:
    ScriptedProvider(PayType type, QString style)
        : m_type(type)
        , m_style(std::move(style))
    {
    }

    PayType payType() const override { return m_type; }
    QString style() const override { return m_style; }
    QString partnerId() const override { return u"partner-1"_s; }
    QString appId() const override { return QString(); }

    Result<StartedPayment> start(const PaymentStart &payment) const override
    {
        QMutexLocker lock(&m_mutex);
        started.append(payment);
        if (!startError.code.isEmpty())
            return std::unexpected(startError);
        JsonValue ext = JsonValue::object();
        ext.insert(u"paymentId"_s, JsonValue::string(payment.paymentId));
        ext.insert(u"payType"_s, JsonValue::string(payTypeName(m_type)));
        return StartedPayment { ext, QString() };
    }
    Result<ProviderReport> query(const QString &paymentId) const override
    {
        QMutexLocker lock(&m_mutex);
        queried.append(paymentId);
        if (!queryError.code.isEmpty())
            return std::unexpected(queryError);
        ProviderReport report = queryReport;
        report.paymentId = paymentId;
        return report;
    }
    Result<void> close(const QString &paymentId) const override
    {
        QMutexLocker lock(&m_mutex);
        closed.append(paymentId);
        if (!closeError.code.isEmpty())
            return std::unexpected(closeError);
        return {};
    }
    Result<ProviderReport> verifyNotification(const HttpRequest &request) const override
    {
        if (request.value("x-fake-signature"_ba) != "ok"_ba)
            return fail(u"notification_signature_invalid"_s, u"bad signature"_s);
        const auto json = JsonReader::parse(request.body());
        if (!json || !json->isObject())
            return fail(u"notification_malformed"_s, u"not JSON"_s);
        auto text = [&](QStringView key) {
            const JsonValue *value = json->member(key);
            return value ? value->text() : QString();
        };
        ProviderReport report;
        report.notifyId = text(u"notifyId");
        report.paymentId = text(u"paymentId");
        report.partnerId = text(u"partnerId");
        report.amountMinor = text(u"amount").isEmpty() ? -1 : text(u"amount").toLongLong();
        report.currency = text(u"currency");
        report.providerState = text(u"state");
        report.outcome = report.providerState == u"TRADE_SUCCESS"_s ? ProviderOutcome::Paid
            : report.providerState == u"TRADE_CLOSED"_s             ? ProviderOutcome::Closed
                                                                    : ProviderOutcome::Pending;
        return report;
    }
    QHttpServerResponse acknowledge() const override { return QHttpServerResponse("success"_ba); }
    QHttpServerResponse refuse(const QString &) const override { return QHttpServerResponse("failure"_ba); }

    mutable QList<PaymentStart> started;
    mutable QStringList queried;
    mutable QStringList closed;
    Error startError;
    Error queryError;
    Error closeError;
    ProviderReport queryReport;

private:
    PayType m_type;
    QString m_style;
    mutable QMutex m_mutex;
};

QByteArray notification(const QString &notifyId, const QString &paymentId, const QString &state,
    const QString &amount = u"50000"_s, const QString &partner = u"partner-1"_s, const QString &currency = u"CNY"_s)
{
    JsonValue body = JsonValue::object();
    body.insert(u"notifyId"_s, JsonValue::string(notifyId));
    body.insert(u"paymentId"_s, JsonValue::string(paymentId));
    body.insert(u"partnerId"_s, JsonValue::string(partner));
    body.insert(u"amount"_s, JsonValue::string(amount));
    body.insert(u"currency"_s, JsonValue::string(currency));
    body.insert(u"state"_s, JsonValue::string(state));
    return body.toCanonicalJson();
}

HttpRequest notifyRequest(const QByteArray &body, const QByteArray &signature = "ok"_ba)
{
    return HttpRequest(HttpRequest::Method::Post, QUrl(u"https://127.0.0.1/v1/providers/alipay/notify"_s),
        { { "X-Fake-Signature"_ba, signature } }, body);
}

} // namespace

class TestPaymentService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void payOpensAPaymentAtTheProvider();
    void payRefusesWhatCannotBePaid();
    void payAgainClosesTheOpenPayment();
    void notificationPaysTheOrderOnce();
    void notificationMismatchesAreRefused();
    void lateReportsDoNotChangeAFinalOrder();
    void lostNotificationIsRecoveredByTheQuery();
    void paymentTimeoutClosesAndFails();
    void supervisorCancelClosesThePayment();
    void payCallEnvelopeOverHttps();

private:
    // An order of payer1 confirmed into PAYMENT_PENDING; its id.
    QString pendingOrder();
    PayerAccount payer(const QString &accountId);
    PaymentRecord onlyPayment(const QString &orderId);
    OrderState state(const QString &orderId);

    ManualClock m_clock { QDateTime(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC) };
    OrderTestKit m_kit;
    std::unique_ptr<ScriptedProvider> m_alipay;
    std::unique_ptr<PaymentStore> m_store;
    std::unique_ptr<PaymentService> m_service;
};

void TestPaymentService::init()
{
    m_clock.set(QDateTime(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC));
    const QString started = m_kit.start(m_clock);
    QVERIFY2(started.isEmpty(), qPrintable(started));
    ServerInstance &server = m_kit.server();
    m_alipay = std::make_unique<ScriptedProvider>(PayType::Alipay, u"alipay"_s);
    m_store = std::make_unique<PaymentStore>(server.database(), m_clock);
    PaymentServiceOptions options;
    options.publicUrl = server.url();
    options.querySchedule = { std::chrono::seconds(30), std::chrono::seconds(60) };
    m_service = std::make_unique<PaymentService>(server.database(), m_clock, server.orders(), server.orderService(),
        *m_store, QList<const PaymentProvider *> { m_alipay.get() }, server.audit(), options);
}

void TestPaymentService::cleanup()
{
    m_service.reset();
    m_store.reset();
    m_kit.stop();
}

QString TestPaymentService::pendingOrder()
{
    auto agent = m_kit.agent(u"agent1"_s);
    if (!agent)
        return {};
    const ApiResult created = m_kit.submit(*agent, compact(sampleOrder(m_clock.now())));
    const QString id = created.json().value(u"id"_s).toString();
    const QString payerToken = m_kit.payerToken(u"payer1"_s);
    const ApiResult confirmed = m_kit.payerPost(payerToken, u"/v1/payer/requests/%1/confirm"_s.arg(id));
    return confirmed.status == 200 ? id : QString();
}

PayerAccount TestPaymentService::payer(const QString &accountId)
{
    return m_kit.server().payers().findByAccountId(accountId).value().value();
}

PaymentRecord TestPaymentService::onlyPayment(const QString &orderId)
{
    const auto payments = m_store->forOrder(orderId).value();
    return payments.isEmpty() ? PaymentRecord() : payments.constLast();
}

OrderState TestPaymentService::state(const QString &orderId)
{
    const auto found = m_kit.server().orders().find(orderId).value();
    return found ? found->state() : OrderState::Submitted;
}

void TestPaymentService::payOpensAPaymentAtTheProvider()
{
    const QString id = pendingOrder();
    QVERIFY(!id.isEmpty());
    const auto ext = m_service->pay(payer(u"payer1"_s), id, PayType::Alipay, QString());
    VERIFY_OK(ext);
    QVERIFY(ext->isObject());

    QCOMPARE(m_alipay->started.size(), 1);
    const PaymentStart &start = m_alipay->started.constFirst();
    QCOMPARE(ext->member(u"paymentId")->text(), start.paymentId);
    QCOMPARE(start.orderId, id);
    // 300.00 + 0.00 + 200.00 CNY, the template's 30 minutes from confirmation.
    QCOMPARE(start.amount.minorUnits(), 50000);
    QCOMPARE(start.amount.currency().code(), u"CNY"_s);
    QCOMPARE(start.expiresAt, m_clock.now().addSecs(30 * 60));
    QCOMPARE(start.notifyUrl, m_kit.server().url() + u"/v1/providers/alipay/notify"_s);
    QCOMPARE(start.returnUrl, m_kit.server().url() + u"/pay/result.html?order="_s + id);
    QVERIFY2(start.subject.startsWith(u"Flight date change "_s), qPrintable(start.subject));

    const PaymentRecord payment = onlyPayment(id);
    QCOMPARE(payment.id, start.paymentId);
    QCOMPARE(payment.state, PaymentState::Open);
    QCOMPARE(payment.amountMinor, 50000);
    QCOMPARE(payment.partnerId, u"partner-1"_s);
    QCOMPARE(payment.nextQueryAt, m_clock.now().addSecs(30));
    QCOMPARE(payment.id.size(), 32);
    // Nothing moves on the pay call itself.
    QCOMPARE(state(id), OrderState::PaymentPending);
}

void TestPaymentService::payRefusesWhatCannotBePaid()
{
    const QString id = pendingOrder();
    QVERIFY(!id.isEmpty());
    auto code = [&](const PayerAccount &who, const QString &order, PayType type, const QString &back = {}) {
        const auto ext = m_service->pay(who, order, type, back);
        return ext ? QString() : ext.error().code;
    };
    // Another payer's order does not exist for them; nor does an unknown one.
    QCOMPARE(code(payer(u"payer2"_s), id, PayType::Alipay), u"order_not_found"_s);
    QCOMPARE(code(payer(u"payer1"_s), u"no-such-order"_s, PayType::Alipay), u"order_not_found"_s);
    // No WeChat-style provider is configured here.
    QCOMPARE(code(payer(u"payer1"_s), id, PayType::WechatPay), u"provider_unavailable"_s);
    // The cashier may only send the payer back to our own pages.
    QCOMPARE(code(payer(u"payer1"_s), id, PayType::Alipay, u"https://evil.example/pay/"_s), u"validation_failed"_s);
    // A provider that does not answer: the payment stays open for the reconciler.
    m_alipay->startError = Error { u"provider_unavailable"_s, u"gateway down"_s, {} };
    QCOMPARE(code(payer(u"payer1"_s), id, PayType::Alipay), u"provider_unavailable"_s);
    QCOMPARE(onlyPayment(id).state, PaymentState::Open);
    QCOMPARE(onlyPayment(id).lastError, u"gateway down"_s);
    m_alipay->startError = Error();
    // Past the payment deadline.
    m_clock.advanceSecs(31 * 60);
    QCOMPARE(code(payer(u"payer1"_s), id, PayType::Alipay), u"payment_expired"_s);

    // An order still waiting for its confirmation is not payable.
    auto agent = m_kit.agent(u"agent1"_s);
    QVERIFY(agent);
    const ApiResult waiting = m_kit.submit(*agent, compact(sampleOrder(m_clock.now())));
    QCOMPARE(
        code(payer(u"payer1"_s), waiting.json().value(u"id"_s).toString(), PayType::Alipay), u"order_not_payable"_s);
}

void TestPaymentService::payAgainClosesTheOpenPayment()
{
    const QString id = pendingOrder();
    QVERIFY(!id.isEmpty());
    VERIFY_OK(m_service->pay(payer(u"payer1"_s), id, PayType::Alipay, QString()));
    const QString first = onlyPayment(id).id;
    VERIFY_OK(m_service->pay(payer(u"payer1"_s), id, PayType::Alipay, QString()));
    QCOMPARE(m_alipay->closed, QStringList { first });
    const auto payments = m_store->forOrder(id).value();
    QCOMPARE(payments.size(), 2);
    QCOMPARE(m_store->find(first).value()->state, PaymentState::Closed);
    QCOMPARE(m_store->openForOrder(id).value()->id, m_alipay->started.constLast().paymentId);

    // When the provider will not close it, no second payment is opened.
    m_alipay->closeError = Error { u"provider_refused"_s, u"ACQ.TRADE_STATUS_ERROR"_s, {} };
    const auto third = m_service->pay(payer(u"payer1"_s), id, PayType::Alipay, QString());
    QVERIFY(!third);
    QCOMPARE(m_store->forOrder(id).value().size(), 2);
}

void TestPaymentService::notificationPaysTheOrderOnce()
{
    const QString id = pendingOrder();
    QVERIFY(!id.isEmpty());
    VERIFY_OK(m_service->pay(payer(u"payer1"_s), id, PayType::Alipay, QString()));
    const QString paymentId = onlyPayment(id).id;

    const QHttpServerResponse answer
        = m_service->notify(u"alipay"_s, notifyRequest(notification(u"N1"_s, paymentId, u"TRADE_SUCCESS"_s)));
    QCOMPARE(answer.data(), "success"_ba);
    QCOMPARE(state(id), OrderState::Paid);
    QCOMPARE(onlyPayment(id).state, PaymentState::Paid);
    QCOMPARE(onlyPayment(id).providerState, u"TRADE_SUCCESS"_s);

    const auto history = m_kit.server().events().forOrder(id).value();
    QCOMPARE(history.constLast().to, OrderState::Paid);
    QCOMPARE(history.constLast().actorKind, u"provider"_s);
    QCOMPARE(history.constLast().actor, u"alipay"_s);
    const qsizetype events = history.size();

    // The same notification again (gateways resend): acknowledged, not applied twice.
    const QHttpServerResponse again
        = m_service->notify(u"alipay"_s, notifyRequest(notification(u"N1"_s, paymentId, u"TRADE_SUCCESS"_s)));
    QCOMPARE(again.data(), "success"_ba);
    QCOMPARE(m_kit.server().events().forOrder(id).value().size(), events);
}

void TestPaymentService::notificationMismatchesAreRefused()
{
    const QString id = pendingOrder();
    QVERIFY(!id.isEmpty());
    VERIFY_OK(m_service->pay(payer(u"payer1"_s), id, PayType::Alipay, QString()));
    const QString paymentId = onlyPayment(id).id;

    const QList<std::pair<const char *, QByteArray>> forged {
        { "wrong amount", notification(u"F1"_s, paymentId, u"TRADE_SUCCESS"_s, u"1"_s) },
        { "wrong partner", notification(u"F2"_s, paymentId, u"TRADE_SUCCESS"_s, u"50000"_s, u"partner-2"_s) },
        { "wrong currency",
            notification(u"F3"_s, paymentId, u"TRADE_SUCCESS"_s, u"50000"_s, u"partner-1"_s, u"USD"_s) },
        { "unknown payment", notification(u"F4"_s, u"PXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"_s, u"TRADE_SUCCESS"_s) },
        { "no amount", notification(u"F5"_s, paymentId, u"TRADE_SUCCESS"_s, QString()) },
    };
    for (const auto &[what, body] : forged) {
        const QHttpServerResponse answer = m_service->notify(u"alipay"_s, notifyRequest(body));
        QVERIFY2(answer.data() == "failure"_ba, what);
        QVERIFY2(state(id) == OrderState::PaymentPending, what);
    }
    // A bad signature is refused before anything in the body counts.
    const QHttpServerResponse unsigned_ = m_service->notify(
        u"alipay"_s, notifyRequest(notification(u"F6"_s, paymentId, u"TRADE_SUCCESS"_s), "forged"_ba));
    QCOMPARE(unsigned_.data(), "failure"_ba);
    QCOMPARE(state(id), OrderState::PaymentPending);
    // An unknown provider style is not a notification endpoint.
    QCOMPARE(
        m_service->notify(u"paypal"_s, notifyRequest("{}"_ba)).statusCode(), QHttpServerResponse::StatusCode::NotFound);

    // Every refusal is in the audit log; the genuine notification still works afterwards.
    const auto audit = m_kit.server().audit().recent(50).value();
    qsizetype refused = 0;
    for (const AuditEntry &entry : audit)
        if (entry.action == u"payment.notify"_s && entry.outcome != u"ok"_s)
            ++refused;
    QCOMPARE(refused, 6);
    QCOMPARE(m_service->notify(u"alipay"_s, notifyRequest(notification(u"G1"_s, paymentId, u"TRADE_SUCCESS"_s))).data(),
        "success"_ba);
    QCOMPARE(state(id), OrderState::Paid);
}

void TestPaymentService::lateReportsDoNotChangeAFinalOrder()
{
    const QString id = pendingOrder();
    QVERIFY(!id.isEmpty());
    VERIFY_OK(m_service->pay(payer(u"payer1"_s), id, PayType::Alipay, QString()));
    const QString paymentId = onlyPayment(id).id;
    QCOMPARE(m_service->notify(u"alipay"_s, notifyRequest(notification(u"A"_s, paymentId, u"TRADE_SUCCESS"_s))).data(),
        "success"_ba);
    // Out of order: a close notification for the same trade arrives after the success.
    QCOMPARE(m_service->notify(u"alipay"_s, notifyRequest(notification(u"B"_s, paymentId, u"TRADE_CLOSED"_s))).data(),
        "success"_ba);
    QCOMPARE(state(id), OrderState::Paid);
    QCOMPARE(onlyPayment(id).state, PaymentState::Paid);
}

void TestPaymentService::lostNotificationIsRecoveredByTheQuery()
{
    const QString id = pendingOrder();
    QVERIFY(!id.isEmpty());
    VERIFY_OK(m_service->pay(payer(u"payer1"_s), id, PayType::Alipay, QString()));
    const QString paymentId = onlyPayment(id).id;

    // Not due yet: nothing is asked.
    QCOMPARE(m_service->reconcile().value(), 0);
    QVERIFY(m_alipay->queried.isEmpty());
    // Due, the provider still waits for the payer: asked again later, on the schedule.
    m_alipay->queryReport
        = ProviderReport { {}, {}, {}, u"partner-1"_s, {}, -1, {}, ProviderOutcome::Pending, u"WAIT_BUYER_PAY"_s };
    m_clock.advanceSecs(30);
    QCOMPARE(m_service->reconcile().value(), 0);
    QCOMPARE(m_alipay->queried, QStringList { paymentId });
    QCOMPARE(onlyPayment(id).queryAttempts, 1);
    QCOMPARE(onlyPayment(id).nextQueryAt, m_clock.now().addSecs(60));
    // An unreachable gateway is just another try later.
    m_alipay->queryError = Error { u"provider_unavailable"_s, u"timeout"_s, {} };
    m_clock.advanceSecs(60);
    QCOMPARE(m_service->reconcile().value(), 0);
    QCOMPARE(onlyPayment(id).lastError, u"timeout"_s);
    // The notification was lost, but the query finds the payment.
    m_alipay->queryError = Error();
    m_alipay->queryReport = ProviderReport { {}, {}, u"2026112022001"_s, u"partner-1"_s, {}, 50000, u"CNY"_s,
        ProviderOutcome::Paid, u"TRADE_SUCCESS"_s };
    m_clock.advanceSecs(60);
    QCOMPARE(m_service->reconcile().value(), 1);
    QCOMPARE(state(id), OrderState::Paid);
    QCOMPARE(onlyPayment(id).providerRef, u"2026112022001"_s);
    QVERIFY(!onlyPayment(id).nextQueryAt.isValid());
}

void TestPaymentService::paymentTimeoutClosesAndFails()
{
    // With an open payment: queried, closed at the provider, then failed.
    const QString id = pendingOrder();
    QVERIFY(!id.isEmpty());
    VERIFY_OK(m_service->pay(payer(u"payer1"_s), id, PayType::Alipay, QString()));
    const QString paymentId = onlyPayment(id).id;
    // Without one (the payer confirmed but never pressed pay): failed.
    const QString idle = pendingOrder();
    QVERIFY(!idle.isEmpty());

    m_alipay->queryReport = ProviderReport { {}, {}, {}, u"partner-1"_s, {}, -1, {}, ProviderOutcome::NotFound,
        u"ACQ.TRADE_NOT_EXIST"_s };
    // A close the provider refuses keeps the order pending (the payer may be paying right now).
    m_alipay->closeError = Error { u"provider_unavailable"_s, u"timeout"_s, {} };
    m_clock.advanceSecs(30 * 60);
    QCOMPARE(m_service->reconcile().value(), 1); // only the idle order
    QCOMPARE(state(idle), OrderState::PaymentFailed);
    QCOMPARE(state(id), OrderState::PaymentPending);

    m_alipay->closeError = Error();
    m_clock.advanceSecs(60);
    QCOMPARE(m_service->reconcile().value(), 1);
    QCOMPARE(state(id), OrderState::PaymentFailed);
    QCOMPARE(m_alipay->closed.constLast(), paymentId);
    QCOMPARE(onlyPayment(id).state, PaymentState::Closed);
    const auto history = m_kit.server().events().forOrder(id).value();
    QCOMPARE(history.constLast().reason, u"PAYMENT_TIMEOUT"_s);
    QCOMPARE(history.constLast().actorKind, u"system"_s);
    // Nothing is left to look at.
    QCOMPARE(m_service->reconcile().value(), 0);
    QVERIFY(m_store->due(10).value().isEmpty());
}

void TestPaymentService::supervisorCancelClosesThePayment()
{
    const QString id = pendingOrder();
    QVERIFY(!id.isEmpty());
    VERIFY_OK(m_service->pay(payer(u"payer1"_s), id, PayType::Alipay, QString()));
    const auto order = m_kit.server().orders().find(id).value().value();
    VERIFY_OK(m_service->closeForCancel(order));
    QCOMPARE(m_alipay->closed, QStringList { onlyPayment(id).id });
    QCOMPARE(onlyPayment(id).state, PaymentState::Closed);
    // A notification for the closed payment changes nothing.
    QCOMPARE(m_service->notify(u"alipay"_s, notifyRequest(notification(u"C"_s, onlyPayment(id).id, u"TRADE_SUCCESS"_s)))
                 .data(),
        "success"_ba);
    QCOMPARE(state(id), OrderState::PaymentPending);
}

void TestPaymentService::payCallEnvelopeOverHttps()
{
    // The server's own PaymentService, with the providers of its --demo sandbox.
    const QString id = pendingOrder();
    QVERIFY(!id.isEmpty());
    const QString token = m_kit.payerToken(u"payer1"_s);
    auto pay = [&](const QString &orderId, const QByteArray &body, const QString &bearer) {
        return m_kit.client().request("POST"_ba, m_kit.url(u"/v1/payer/orders/%1/pay"_s.arg(orderId)), body,
            { { "Authorization"_ba, "Bearer "_ba + bearer.toLatin1() }, { "Content-Type"_ba, "application/json"_ba } });
    };
    struct Case
    {
        const char *what;
        ApiResult result;
        int code;
        QString error;
    };
    const ApiResult paid = pay(id, R"({"payType":"WECHAT_PAY"})"_ba, token);
    QCOMPARE(paid.status, 200);
    QCOMPARE(paid.json().value(u"code"_s).toInt(-1), 0);
    const QJsonObject ext = paid.json().value(u"data"_s).toObject().value(u"ext"_s).toObject();
    QCOMPARE(ext.value(u"payType"_s).toString(), u"WECHAT_PAY"_s);
    QVERIFY(ext.value(u"prepayId"_s).toString().startsWith(u"wx"_s));
    QVERIFY(ext.value(u"cashierUrl"_s).toString().startsWith(u"https://"_s));
    for (const char *field : { "paymentId", "partnerId", "timestamp", "signature", "nonceStr", "appId" })
        QVERIFY2(!ext.value(QLatin1StringView(field)).toString().isEmpty(), field);

    const QList<Case> cases {
        { "foreign return address", pay(id, R"({"payType":"ALIPAY","returnUrl":"https://evil.example/"})"_ba, token),
            4000, u"validation_failed"_s },
        { "not logged in", pay(id, R"({"payType":"ALIPAY"})"_ba, u"nope"_s), 4001, u"unauthenticated"_s },
        { "unknown order", pay(u"nope"_s, R"({"payType":"ALIPAY"})"_ba, token), 4004, u"order_not_found"_s },
        { "unknown pay type", pay(id, R"({"payType":"CASH"})"_ba, token), 4000, u"validation_failed"_s },
        { "unknown field", pay(id, R"({"payType":"ALIPAY","amount":1})"_ba, token), 4000, u"validation_failed"_s },
        { "not JSON", pay(id, "payType=ALIPAY"_ba, token), 4000, u"invalid_json"_s },
    };
    for (const Case &c : cases) {
        QVERIFY2(c.result.status == 200, c.what);
        const QJsonObject envelope = c.result.json();
        QVERIFY2(envelope.value(u"code"_s).toInt() == c.code, c.what);
        QVERIFY2(envelope.value(u"error"_s).toString() == c.error, c.what);
        QVERIFY2(!envelope.value(u"message"_s).toString().isEmpty(), c.what);
        QVERIFY2(!envelope.contains(u"data"_s), c.what);
    }
}

QTEST_GUILESS_MAIN(TestPaymentService)
#include "test_PaymentService.moc"
