// POST /v1/orders end to end over real TLS: the happy path to PAYMENT_PENDING through the payer
// API, and every refusal with its own code. Built twice: SQLite and (DESKPAY_TEST_POSTGRES) the
// PostgreSQL of `./dev test`.

#include "OrderTestKit.h"
#include "server/AuditLog.h"
#include "server/ConfirmationDeadlines.h"
#include "server/ContactOutbox.h"
#include "server/EventLog.h"
#include "server/Housekeeping.h"
#include "server/OrderStore.h"
#include "server/ServerSecrets.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;
using namespace deskpay::test;

class TestOrderPipeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void happyPathToPaymentPending();
    void evidenceIsKept();
    void refusals_data();
    void refusals();
    void replayedNonceIsRefused();
    void keyStates_data();
    void keyStates();
    void keyOfAnotherAgentIsRefused();
    void validationListsEveryProblem();
    void realNameMismatchRejects();
    void realNameIsNormalised();
    void unknownPayer();
    void idempotentRetryAndConflict();
    void payerSeesOnlyOwnRequests();
    void declineEndsTheOrder();
    void confirmationExpires();
    void rolesAndScopes();
    void cancel();
    void listFiltersAndCursor();
    void oversizedBodyIsRefused();
    void restartKeepsDeadlinesAndEvents();
    void concurrentRetriesMakeOneOrder();
    void concurrentReplaysMakeOneOrder();
    void expiredNoncesAndKeysAreForgotten();

private:
    [[nodiscard]] QJsonObject order() const { return sampleOrder(m_clock.now()); }
    [[nodiscard]] QString submitOk(const DeskAgent &agent, const QJsonObject &body);

    ManualClock m_clock { QDateTime(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC) };
    OrderTestKit m_kit;
    std::optional<DeskAgent> m_agent1;
    std::optional<DeskAgent> m_agent2;
    QString m_super;
    QString m_payer1;
    QString m_payer2;
};

void TestOrderPipeline::initTestCase()
{
    const QString error = m_kit.start(m_clock);
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
    m_agent1 = m_kit.agent(u"agent1"_s);
    m_agent2 = m_kit.agent(u"agent2"_s);
    QVERIFY(m_agent1 && m_agent2);
    m_super = m_kit.agentToken(u"super1"_s);
    m_payer1 = m_kit.payerToken(u"payer1"_s);
    m_payer2 = m_kit.payerToken(u"payer2"_s);
    QVERIFY(!m_super.isEmpty() && !m_payer1.isEmpty() && !m_payer2.isEmpty());
}

void TestOrderPipeline::cleanupTestCase()
{
    m_kit.stop();
}

QString TestOrderPipeline::submitOk(const DeskAgent &agent, const QJsonObject &body)
{
    const ApiResult result = m_kit.submit(agent, compact(body));
    if (result.status != 201)
        qWarning("submit: %d %s", result.status, result.body.constData());
    return result.status == 201 ? result.json().value(u"id"_s).toString() : QString();
}

void TestOrderPipeline::happyPathToPaymentPending()
{
    const ApiResult created = m_kit.submit(*m_agent1, compact(order()));
    QCOMPARE(created.status, 201);
    const QJsonObject view = created.json();
    const QString id = view.value(u"id"_s).toString();
    QVERIFY(id.startsWith(u"o_"_s));
    QCOMPARE(view.value(u"state"_s).toString(), u"AWAITING_PAYER_CONFIRMATION"_s);
    QCOMPARE(view.value(u"confirmBy"_s).toString(), u"2026-11-20T12:15:00Z"_s);
    // The answer never carries the document number, only its masked form.
    QVERIFY(!created.body.contains("11010519491231002X"));
    QCOMPARE(view.value(u"payer"_s).toObject().value(u"documentNumberMasked"_s).toString(), u"110105********002X"_s);

    // The confirmation request went to payer1's registered contact through the sandbox channel.
    const auto messages = m_kit.server().contacts().forOrder(id);
    VERIFY_OK(messages);
    QCOMPARE(messages->size(), 1);
    QCOMPARE(messages->first().channel, u"sandbox"_s);
    QCOMPARE(messages->first().contactAddress, u"+8613800138001"_s);
    QCOMPARE(messages->first().state, u"sent"_s); // the sandbox delivers by storing
    QVERIFY(!messages->first().body.toCanonicalJson().contains("11010519491231002X"));

    // The payer sees it with the full order data, and confirms.
    const ApiResult requests = m_kit.get(m_payer1, u"/v1/payer/requests"_s);
    QCOMPARE(requests.status, 200);
    bool listed = false;
    for (const QJsonValue &item : requests.json().value(u"requests"_s).toArray())
        listed |= item.toObject().value(u"order"_s).toObject().value(u"id"_s).toString() == id;
    QVERIFY(listed);
    const ApiResult confirmed = m_kit.payerPost(m_payer1, u"/v1/payer/requests/%1/confirm"_s.arg(id));
    QCOMPARE(confirmed.status, 200);
    QCOMPARE(confirmed.json().value(u"order"_s).toObject().value(u"state"_s).toString(), u"PAYMENT_PENDING"_s);
    const QJsonObject payment = confirmed.json().value(u"payment"_s).toObject();
    QCOMPARE(payment.value(u"templateVersion"_s).toInt(), 1);
    QCOMPARE(payment.value(u"payerAccountId"_s).toString(), u"payer1"_s);
    QCOMPARE(payment.value(u"total"_s).toObject().value(u"amount"_s).toString(), u"500.00"_s);

    // The agent's detail view has the whole history, in order.
    const ApiResult detail = m_kit.get(m_agent1->token, u"/v1/orders/"_s + id);
    QCOMPARE(detail.status, 200);
    QStringList states;
    for (const QJsonValue &event : detail.json().value(u"history"_s).toArray())
        states.append(event.toObject().value(u"to"_s).toString());
    QCOMPARE(states, (QStringList { u"SUBMITTED"_s, u"AWAITING_PAYER_CONFIRMATION"_s, u"PAYMENT_PENDING"_s }));
    QCOMPARE(detail.json().value(u"templateVersion"_s).toInt(), 1);

    // Confirming twice is not a second transition.
    QCOMPARE(m_kit.payerPost(m_payer1, u"/v1/payer/requests/%1/confirm"_s.arg(id)).errorCode(),
        u"illegal_transition"_s);
}

void TestOrderPipeline::evidenceIsKept()
{
    const QByteArray body = compact(order());
    const ApiResult created = m_kit.submit(*m_agent1, body);
    QCOMPARE(created.status, 201);
    const QString id = created.json().value(u"id"_s).toString();
    const auto record = m_kit.server().orders().find(id);
    VERIFY_OK(record);
    QVERIFY(record->has_value());
    const OrderEvidence &evidence = (*record)->evidence;
    QCOMPARE(evidence.keyId, m_agent1->keyId);
    QVERIFY(evidence.signatureInput.startsWith("deskpay=("));
    QVERIFY(evidence.signatureBase.contains("\"@method\": POST"));
    QCOMPARE(evidence.signature.size(), 64);
    // The signed bytes are kept sealed (they hold the document number) and open to exactly the body.
    QVERIFY(!evidence.sealedRequestBody.contains("11010519491231002X"));
    const auto opened = m_kit.server().secrets().open(evidence.sealedRequestBody, id.toUtf8());
    VERIFY_OK(opened);
    QCOMPARE(*opened, body);
    // … and it verifies again with the agent's public key.
    const auto publicKey = Ed25519Key::fromPublicKeyPem(m_agent1->key.toPublicKeyPem().value()).value();
    QVERIFY(publicKey.verify(evidence.signatureBase, evidence.signature).has_value());
}

void TestOrderPipeline::refusals_data()
{
    QTest::addColumn<QString>("tamper");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("no token") << u"no-token"_s << 401 << u"unauthenticated"_s;
    QTest::newRow("tampered body") << u"body"_s << 400 << u"digest_mismatch"_s;
    QTest::newRow("wrong digest header") << u"digest"_s << 400 << u"digest_mismatch"_s;
    QTest::newRow("no digest") << u"no-digest"_s << 400 << u"digest_missing"_s;
    QTest::newRow("bad signature") << u"signature"_s << 401 << u"signature_invalid"_s;
    QTest::newRow("no signature") << u"no-signature"_s << 401 << u"signature_input_missing"_s;
    QTest::newRow("expired created") << u"expired"_s << 401 << u"signature_expired"_s;
    QTest::newRow("created in the future") << u"future"_s << 401 << u"signature_created_in_future"_s;
    QTest::newRow("other idempotency key than signed") << u"idempotency"_s << 401 << u"signature_invalid"_s;
    QTest::newRow("no idempotency key") << u"no-idempotency"_s << 401 << u"component_missing"_s;
}

void TestOrderPipeline::refusals()
{
    QFETCH(QString, tamper);
    QFETCH(int, status);
    QFETCH(QString, code);
    QByteArray body = compact(order());
    const QUrl target = m_kit.url(u"/v1/orders"_s);
    if (tamper == u"expired"_s)
        m_clock.advanceSecs(-400);
    if (tamper == u"future"_s)
        m_clock.advanceSecs(120);
    auto headers = m_kit.signedHeaders(*m_agent1, "POST"_ba, target, body, OrderTestKit::newKey());
    if (tamper == u"expired"_s)
        m_clock.advanceSecs(400);
    if (tamper == u"future"_s)
        m_clock.advanceSecs(-120);
    const auto replace = [&headers](const QByteArray &name, const QByteArray &value) {
        for (auto &header : headers) {
            if (header.first == name)
                header.second = value;
        }
    };
    const auto remove = [&headers](const QByteArray &name) {
        headers.removeIf([&name](const auto &header) { return header.first == name; });
    };
    if (tamper == u"no-token"_s)
        remove("Authorization"_ba);
    if (tamper == u"body"_s)
        body.replace("300.00", "3.00");
    if (tamper == u"digest"_s)
        replace("Content-Digest"_ba, "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:"_ba);
    if (tamper == u"no-digest"_s)
        remove("Content-Digest"_ba);
    if (tamper == u"signature"_s) {
        QByteArray signature;
        for (const auto &header : headers)
            if (header.first == "Signature")
                signature = header.second;
        const qsizetype at = signature.indexOf(":") + 5;
        signature[at] = signature.at(at) == 'A' ? 'B' : 'A';
        replace("Signature"_ba, signature);
    }
    if (tamper == u"no-signature"_s) {
        remove("Signature"_ba);
        remove("Signature-Input"_ba);
    }
    if (tamper == u"idempotency"_s)
        replace("Idempotency-Key"_ba, "another-key-12345"_ba);
    if (tamper == u"no-idempotency"_s)
        remove("Idempotency-Key"_ba);

    const auto before = m_kit.server().orders().list(OrderQuery {});
    VERIFY_OK(before);
    const ApiResult result = m_kit.client().request("POST"_ba, target, body, headers);
    QCOMPARE(result.status, status);
    QCOMPARE(result.errorCode(), code);
    // … with an audit record of the refusal.
    const auto audit = m_kit.server().audit().recent(1);
    VERIFY_OK(audit);
    QCOMPARE(audit->size(), 1);
    QCOMPARE(audit->first().action, u"order.create"_s);
    QCOMPARE(audit->first().outcome, code);
    // Nothing was created.
    const auto after = m_kit.server().orders().list(OrderQuery {});
    VERIFY_OK(after);
    QCOMPARE(after->size(), before->size());
}

void TestOrderPipeline::replayedNonceIsRefused()
{
    const QByteArray body = compact(order());
    const QUrl target = m_kit.url(u"/v1/orders"_s);
    const auto headers = m_kit.signedHeaders(*m_agent1, "POST"_ba, target, body, OrderTestKit::newKey());
    QCOMPARE(m_kit.client().request("POST"_ba, target, body, headers).status, 201);
    const ApiResult replayed = m_kit.client().request("POST"_ba, target, body, headers);
    QCOMPARE(replayed.status, 401);
    QCOMPARE(replayed.errorCode(), u"nonce_replayed"_s);
}

void TestOrderPipeline::keyStates_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("code");
    QTest::newRow("pending") << int(DeskKeyState::Pending) << u"key_not_approved"_s;
    QTest::newRow("revoked") << int(DeskKeyState::Revoked) << u"key_revoked"_s;
}

void TestOrderPipeline::keyStates()
{
    QFETCH(int, state);
    QFETCH(QString, code);
    const auto agent = m_kit.agent(u"agent1"_s, DeskKeyState(state));
    QVERIFY(agent);
    const ApiResult result = m_kit.submit(*agent, compact(order()));
    QCOMPARE(result.status, 403);
    QCOMPARE(result.errorCode(), code);

    // An unknown key: a key nobody registered.
    DeskAgent stranger = *agent;
    stranger.key = Ed25519Key::generate().value();
    stranger.keyId = stranger.key.fingerprint().value();
    const ApiResult unknown = m_kit.submit(stranger, compact(order()));
    QCOMPARE(unknown.status, 401);
    QCOMPARE(unknown.errorCode(), u"signature_unknown_key"_s);
}

void TestOrderPipeline::keyOfAnotherAgentIsRefused()
{
    DeskAgent borrowed = *m_agent2;
    borrowed.token = m_agent1->token; // agent1's session, agent2's key
    const ApiResult result = m_kit.submit(borrowed, compact(order()));
    QCOMPARE(result.status, 403);
    QCOMPARE(result.errorCode(), u"key_owner_mismatch"_s);
}

void TestOrderPipeline::validationListsEveryProblem()
{
    QJsonObject body = order();
    body.insert(u"pnr"_s, u"bad"_s);
    body.insert(u"discount"_s, 5);
    QJsonObject payer = body.value(u"payer"_s).toObject();
    payer.insert(u"documentNumber"_s, u"110105194912310021"_s); // wrong check digit
    body.insert(u"payer"_s, payer);
    const ApiResult result = m_kit.submit(*m_agent1, compact(body));
    QCOMPARE(result.status, 422);
    QCOMPARE(result.errorCode(), u"validation_failed"_s);
    QStringList fields;
    for (const QJsonValue &issue : result.issues())
        fields.append(issue.toObject().value(u"field"_s).toString());
    // Shape problems come first (an unknown field stops before the domain rules).
    QVERIFY2(fields.contains(u"discount"_s), qPrintable(fields.join(u", "_s)));

    body.remove(u"discount"_s);
    const ApiResult domain = m_kit.submit(*m_agent1, compact(body));
    QCOMPARE(domain.status, 422);
    fields.clear();
    for (const QJsonValue &issue : domain.issues())
        fields.append(issue.toObject().value(u"field"_s).toString());
    QVERIFY2(fields.contains(u"pnr"_s) && fields.contains(u"payer.documentNumber"_s), qPrintable(fields.join(u", "_s)));
    QVERIFY(!domain.body.contains("110105194912310021"));
}

void TestOrderPipeline::realNameMismatchRejects()
{
    QJsonObject body = order();
    QJsonObject payer = body.value(u"payer"_s).toObject();
    payer.insert(u"name"_s, u"李娜"_s);
    body.insert(u"payer"_s, payer);
    const ApiResult result = m_kit.submit(*m_agent1, compact(body));
    QCOMPARE(result.status, 422);
    QCOMPARE(result.errorCode(), u"REAL_NAME_MISMATCH"_s);
    // The order exists as REJECTED, with no payment order and no message to the payer.
    OrderQuery query;
    query.states = { OrderState::Rejected };
    const auto rejected = m_kit.server().orders().list(query);
    VERIFY_OK(rejected);
    QVERIFY(!rejected->isEmpty());
    const OrderRecord &record = rejected->first();
    QCOMPARE(record.rejectCode, u"REAL_NAME_MISMATCH"_s);
    QVERIFY(record.paymentJson.isEmpty());
    const auto messages = m_kit.server().contacts().forOrder(record.id());
    VERIFY_OK(messages);
    QVERIFY(messages->isEmpty());
}

void TestOrderPipeline::realNameIsNormalised()
{
    // Full-width digits, a lower-case x and spaces are the same identity.
    QJsonObject body = order();
    QJsonObject payer = body.value(u"payer"_s).toObject();
    payer.insert(u"name"_s, u" 张 伟 "_s);
    payer.insert(u"documentNumber"_s, u"１１０１０５１９４９１２３１００２x"_s);
    body.insert(u"payer"_s, payer);
    const ApiResult result = m_kit.submit(*m_agent1, compact(body));
    QVERIFY2(result.status == 201, result.body.constData());
}

void TestOrderPipeline::unknownPayer()
{
    QJsonObject body = order();
    QJsonObject payer = body.value(u"payer"_s).toObject();
    payer.insert(u"accountId"_s, u"nobody-here"_s);
    body.insert(u"payer"_s, payer);
    const ApiResult result = m_kit.submit(*m_agent1, compact(body));
    QCOMPARE(result.status, 422);
    QCOMPARE(result.errorCode(), u"payer_unknown"_s);
}

void TestOrderPipeline::idempotentRetryAndConflict()
{
    const QByteArray body = compact(order());
    const QString key = OrderTestKit::newKey();
    const ApiResult first = m_kit.submit(*m_agent1, body, key);
    QCOMPARE(first.status, 201);
    // A retry is signed afresh (new nonce) and gets the first answer, byte for byte.
    const ApiResult retry = m_kit.submit(*m_agent1, body, key);
    QCOMPARE(retry.status, 201);
    QCOMPARE(retry.body, first.body);
    QCOMPARE(retry.header("Idempotent-Replayed"), "true"_ba);
    // The same key with another body is a conflict and changes nothing.
    QJsonObject other = order();
    other.insert(u"pnr"_s, u"QQ7R2Z"_s);
    const ApiResult conflict = m_kit.submit(*m_agent1, compact(other), key);
    QCOMPARE(conflict.status, 409);
    QCOMPARE(conflict.errorCode(), u"idempotency_conflict"_s);
    // Another agent may use the same key for its own order.
    QCOMPARE(m_kit.submit(*m_agent2, body, key).status, 201);
    // A validation failure is an answer too.
    QJsonObject invalid = order();
    invalid.insert(u"pnr"_s, u"bad"_s);
    const QString invalidKey = OrderTestKit::newKey();
    QCOMPARE(m_kit.submit(*m_agent1, compact(invalid), invalidKey).status, 422);
    const ApiResult invalidAgain = m_kit.submit(*m_agent1, compact(invalid), invalidKey);
    QCOMPARE(invalidAgain.status, 422);
    QCOMPARE(invalidAgain.header("Idempotent-Replayed"), "true"_ba);
    // A malformed key is refused.
    QCOMPARE(m_kit.submit(*m_agent1, body, u"short"_s).errorCode(), u"idempotency_key_invalid"_s);
}

void TestOrderPipeline::payerSeesOnlyOwnRequests()
{
    const QString id = submitOk(*m_agent1, order());
    QVERIFY(!id.isEmpty());
    const ApiResult list = m_kit.get(m_payer2, u"/v1/payer/requests"_s);
    QCOMPARE(list.status, 200);
    QVERIFY(!list.body.contains(id.toUtf8()));
    for (const QString &action : { u"confirm"_s, u"decline"_s }) {
        const ApiResult touched = m_kit.payerPost(m_payer2, u"/v1/payer/requests/%1/%2"_s.arg(id, action));
        QCOMPARE(touched.status, 404);
        QCOMPARE(touched.errorCode(), u"order_not_found"_s);
    }
    // An agent token is not a payer token, and the other way round.
    QCOMPARE(m_kit.get(m_agent1->token, u"/v1/payer/requests"_s).status, 401);
    QCOMPARE(m_kit.get(m_payer1, u"/v1/orders"_s).status, 401);
}

void TestOrderPipeline::declineEndsTheOrder()
{
    const QString id = submitOk(*m_agent1, order());
    QVERIFY(!id.isEmpty());
    const ApiResult declined = m_kit.payerPost(m_payer1, u"/v1/payer/requests/%1/decline"_s.arg(id));
    QCOMPARE(declined.status, 200);
    QCOMPARE(declined.json().value(u"order"_s).toObject().value(u"state"_s).toString(), u"PAYER_DECLINED"_s);
    QCOMPARE(m_kit.payerPost(m_payer1, u"/v1/payer/requests/%1/confirm"_s.arg(id)).errorCode(),
        u"illegal_transition"_s);
}

void TestOrderPipeline::confirmationExpires()
{
    const QString id = submitOk(*m_agent1, order());
    const QString late = submitOk(*m_agent1, order());
    QVERIFY(!id.isEmpty() && !late.isEmpty());
    m_clock.advanceSecs(15 * 60 + 1);
    // The payer answering after the deadline is too late, even before the sweeper ran.
    const ApiResult tooLate = m_kit.payerPost(m_payer1, u"/v1/payer/requests/%1/confirm"_s.arg(late));
    QCOMPARE(tooLate.status, 409);
    QCOMPARE(tooLate.errorCode(), u"CONFIRMATION_EXPIRED"_s);
    QVERIFY(m_kit.server().deadlines().sweep() >= 1);
    for (const QString &order : { id, late }) {
        const auto record = m_kit.server().orders().find(order);
        VERIFY_OK(record);
        QCOMPARE((*record)->state(), OrderState::ConfirmationExpired);
        QVERIFY(!(*record)->view.confirmBy.isValid());
    }
    const auto history = m_kit.server().events().forOrder(id);
    VERIFY_OK(history);
    QCOMPARE(history->last().to, OrderState::ConfirmationExpired);
    QCOMPARE(history->last().actorKind, u"system"_s);
}

void TestOrderPipeline::rolesAndScopes()
{
    const QString id = submitOk(*m_agent1, order());
    QVERIFY(!id.isEmpty());
    // Another desk's agent does not see it; the supervisor does.
    QCOMPARE(m_kit.get(m_agent2->token, u"/v1/orders/"_s + id).status, 404);
    QCOMPARE(m_kit.get(m_super, u"/v1/orders/"_s + id).status, 200);
    const ApiResult otherDesk = m_kit.get(m_agent2->token, u"/v1/orders?desk=DESK-01"_s);
    QCOMPARE(otherDesk.status, 403);
    QCOMPARE(otherDesk.errorCode(), u"forbidden"_s);
    const ApiResult mine = m_kit.get(m_agent2->token, u"/v1/orders"_s);
    QCOMPARE(mine.status, 200);
    QVERIFY(!mine.body.contains(id.toUtf8()));
}

void TestOrderPipeline::cancel()
{
    const QString id = submitOk(*m_agent1, order());
    QVERIFY(!id.isEmpty());
    const auto cancelWith = [this](const DeskAgent &agent, const QString &orderId) {
        const QUrl target = m_kit.url(u"/v1/orders/%1/cancel"_s.arg(orderId));
        const QByteArray body = R"({"reason":"passenger changed plans"})";
        return m_kit.client().request(
            "POST"_ba, target, body, m_kit.signedHeaders(agent, "POST"_ba, target, body, OrderTestKit::newKey()));
    };
    QCOMPARE(cancelWith(*m_agent2, id).status, 404); // another desk
    const ApiResult unsigned_ = m_kit.client().request(
        "POST"_ba, m_kit.url(u"/v1/orders/%1/cancel"_s.arg(id)), {}, ApiTestClient::bearer(m_agent1->token));
    QCOMPARE(unsigned_.status, 400);
    const ApiResult cancelled = cancelWith(*m_agent1, id);
    QCOMPARE(cancelled.status, 200);
    QCOMPARE(cancelled.json().value(u"state"_s).toString(), u"CANCELLED"_s);
    QCOMPARE(cancelWith(*m_agent1, id).errorCode(), u"illegal_transition"_s);
}

void TestOrderPipeline::listFiltersAndCursor()
{
    QJsonObject body = order();
    body.insert(u"pnr"_s, u"ZZ9LST"_s);
    for (int i = 0; i < 5; ++i)
        QVERIFY(!submitOk(*m_agent1, body).isEmpty());
    QStringList seen;
    QString path = u"/v1/orders?q=zz9lst&limit=2"_s;
    for (int page = 0; page < 5 && !path.isEmpty(); ++page) {
        const ApiResult result = m_kit.get(m_agent1->token, path);
        QCOMPARE(result.status, 200);
        for (const QJsonValue &view : result.json().value(u"orders"_s).toArray())
            seen.append(view.toObject().value(u"id"_s).toString());
        const QString cursor = result.json().value(u"nextCursor"_s).toString();
        path = cursor.isEmpty() ? QString() : u"/v1/orders?q=zz9lst&limit=2&cursor="_s + cursor;
    }
    QCOMPARE(seen.size(), 5);
    QCOMPARE(QSet<QString>(seen.cbegin(), seen.cend()).size(), 5);

    const ApiResult byState = m_kit.get(m_super, u"/v1/orders?state=AWAITING_PAYER_CONFIRMATION&desk=DESK-01"_s);
    QCOMPARE(byState.status, 200);
    for (const QJsonValue &view : byState.json().value(u"orders"_s).toArray())
        QCOMPARE(view.toObject().value(u"state"_s).toString(), u"AWAITING_PAYER_CONFIRMATION"_s);
    QCOMPARE(m_kit.get(m_super, u"/v1/orders?state=NOPE"_s).errorCode(), u"invalid_parameter"_s);
    QCOMPARE(m_kit.get(m_super, u"/v1/orders?cursor=xyz"_s).errorCode(), u"invalid_parameter"_s);
    QCOMPARE(m_kit.get(m_super, u"/v1/orders?limit=0"_s).errorCode(), u"invalid_parameter"_s);
    QCOMPARE(m_kit.get(m_super, u"/v1/orders?colour=red"_s).errorCode(), u"invalid_parameter"_s);
    QCOMPARE(m_kit.get(m_super, u"/v1/orders?from=yesterday"_s).errorCode(), u"invalid_parameter"_s);
}

void TestOrderPipeline::oversizedBodyIsRefused()
{
    QJsonObject body = order();
    body.insert(u"notes"_s, QString(300 * 1024, u'x'));
    const ApiResult result = m_kit.submit(*m_agent1, compact(body));
    QCOMPARE(result.status, 413);
    QCOMPARE(result.errorCode(), u"too_large"_s);
}

void TestOrderPipeline::restartKeepsDeadlinesAndEvents()
{
    const QString due = submitOk(*m_agent1, order());
    QVERIFY(!due.isEmpty());
    m_clock.advanceSecs(10 * 60);
    const QString later = submitOk(*m_agent1, order());
    QVERIFY(!later.isEmpty());
    const auto lastSeq = m_kit.server().events().lastSeq();
    VERIFY_OK(lastSeq);

    // Down for six minutes: the first deadline passes while nobody runs.
    m_kit.stop();
    m_clock.advanceSecs(6 * 60);
    const QString error = m_kit.restart();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // Starting sweeps what fell due meanwhile …
    const auto first = m_kit.server().orders().find(due);
    VERIFY_OK(first);
    QCOMPARE((*first)->state(), OrderState::ConfirmationExpired);
    // … and keeps waiting for the one that is not due yet, until it is.
    const auto second = m_kit.server().orders().find(later);
    VERIFY_OK(second);
    QCOMPARE((*second)->state(), OrderState::AwaitingPayerConfirmation);
    const auto next = m_kit.server().orders().nextConfirmationDeadline();
    VERIFY_OK(next);
    QCOMPARE(*next, (*second)->view.confirmBy);
    m_clock.advanceSecs(10 * 60);
    QVERIFY(m_kit.server().deadlines().sweep() >= 1);
    const auto expired = m_kit.server().orders().find(later);
    VERIFY_OK(expired);
    QCOMPARE((*expired)->state(), OrderState::ConfirmationExpired);

    // The event log carried on from where it was: nothing lost, new events after the old ones.
    EventScope everything;
    const auto events = m_kit.server().events().readAfter(*lastSeq, everything, 1000);
    VERIFY_OK(events);
    QList<OrderEvent> ours;
    for (const OrderEvent &event : *events) {
        QVERIFY(event.seq > *lastSeq);
        if (event.orderId == due || event.orderId == later)
            ours.append(event);
    }
    QCOMPARE(ours.size(), 2);
    QCOMPARE(ours.at(0).orderId, due);
    QCOMPARE(ours.at(1).orderId, later);
    QVERIFY(ours.at(1).seq > ours.at(0).seq);
    // Sessions and keys survived too.
    QCOMPARE(m_kit.get(m_agent1->token, u"/v1/orders/"_s + due).status, 200);
}

void TestOrderPipeline::concurrentRetriesMakeOneOrder()
{
    // A double click and four impatient retries, all in flight at once on parallel connections
    // (and so on parallel server workers), each signed afresh.
    const QByteArray body = compact(order());
    const QString key = OrderTestKit::newKey();
    const QUrl target = m_kit.url(u"/v1/orders"_s);
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 6; ++i)
        replies.append(m_kit.client().start(
            "POST"_ba, target, body, m_kit.signedHeaders(*m_agent1, "POST"_ba, target, body, key)));
    QSet<QString> ids;
    for (QNetworkReply *reply : replies) {
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20000);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject json = QJsonDocument::fromJson(reply->readAll()).object();
        // Either the one answer, or "still being processed" for a request that raced the first.
        if (status == 201)
            ids.insert(json.value(u"id"_s).toString());
        else
            QCOMPARE(json.value(u"error"_s).toObject().value(u"code"_s).toString(), u"idempotency_in_progress"_s);
        reply->deleteLater();
    }
    QCOMPARE(ids.size(), 1);
    OrderQuery query;
    query.text = *ids.cbegin();
    const auto stored = m_kit.server().orders().list(query);
    VERIFY_OK(stored);
    QCOMPARE(stored->size(), 1);
}

void TestOrderPipeline::concurrentReplaysMakeOneOrder()
{
    // The very same signed bytes six times at once: one order, five replays refused — the
    // nonce is final only inside the order's transaction, so racing copies cannot both pass.
    const QByteArray body = compact(order());
    const QUrl target = m_kit.url(u"/v1/orders"_s);
    const auto headers = m_kit.signedHeaders(*m_agent1, "POST"_ba, target, body, OrderTestKit::newKey());
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 6; ++i)
        replies.append(m_kit.client().start("POST"_ba, target, body, headers));
    int created = 0;
    int replayed = 0;
    for (QNetworkReply *reply : replies) {
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20000);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject json = QJsonDocument::fromJson(reply->readAll()).object();
        if (status == 201)
            ++created;
        else if (json.value(u"error"_s).toObject().value(u"code"_s).toString() == u"nonce_replayed"_s)
            ++replayed;
        reply->deleteLater();
    }
    QCOMPARE(created, 1);
    QCOMPARE(replayed, 5);
}

void TestOrderPipeline::expiredNoncesAndKeysAreForgotten()
{
    const QByteArray body = compact(order());
    const QString key = OrderTestKit::newKey();
    QCOMPARE(m_kit.submit(*m_agent1, body, key).status, 201);
    // Nothing has run out yet.
    m_kit.server().housekeeping().purge();
    QCOMPARE(m_kit.submit(*m_agent1, body, key).header("Idempotent-Replayed"), "true"_ba);
    // A day later both the nonces and the key are gone: the key starts a new order.
    m_clock.advanceSecs(24 * 60 * 60 + 1);
    QVERIFY(m_kit.server().housekeeping().purge() >= 2);
    m_agent1->token = m_kit.agentToken(u"agent1"_s); // the session ended meanwhile
    QJsonObject fresh = order(); // quoted now, departing a week from now
    const ApiResult again = m_kit.submit(*m_agent1, compact(fresh), key);
    QCOMPARE(again.status, 201);
    QVERIFY(again.header("Idempotent-Replayed").isEmpty());

    // A key that expired but was not purged yet is taken over by its next use as well.
    const QString stale = OrderTestKit::newKey();
    QCOMPARE(m_kit.submit(*m_agent1, compact(order()), stale).status, 201);
    m_clock.advanceSecs(24 * 60 * 60 + 1);
    m_agent1->token = m_kit.agentToken(u"agent1"_s);
    const ApiResult reused = m_kit.submit(*m_agent1, compact(order()), stale);
    QCOMPARE(reused.status, 201);
    QVERIFY(reused.header("Idempotent-Replayed").isEmpty());
}

QTEST_GUILESS_MAIN(TestOrderPipeline)
#include "test_OrderPipeline.moc"
