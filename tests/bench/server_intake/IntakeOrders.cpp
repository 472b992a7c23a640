#include "IntakeOrders.h"

#include "server/AgentStore.h"
#include "server/DeskKeyStore.h"
#include "server/ServerInstance.h"
#include "server/SessionStore.h"
#include "services/protocol/HttpMessage.h"
#include "services/protocol/HttpSignature.h"
#include "services/protocol/SignatureProfile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace deskpay::bench {

namespace {

// A valid order of demo payer1 (张伟), departing a week after `now` (as tests/server/OrderTestKit.h).
QJsonObject sampleOrder(const QDateTime &now, const QString &notes)
{
    const QString departure = now.addDays(7).toString(u"yyyy-MM-dd"_s) + u"T08:30"_s;
    const QString original = now.addDays(3).toString(u"yyyy-MM-dd"_s) + u"T08:30"_s;
    const auto segment = [](const QString &when) {
        return QJsonObject { { u"flightNumber"_s, u"CA1501"_s }, { u"origin"_s, u"PEK"_s },
            { u"destination"_s, u"SHA"_s }, { u"departureLocal"_s, when }, { u"bookingClass"_s, u"Y"_s },
            { u"cabin"_s, u"Y"_s } };
    };
    const auto money = [](const char *amount) {
        return QJsonObject { { u"amount"_s, QString::fromLatin1(amount) }, { u"currency"_s, u"CNY"_s } };
    };
    return QJsonObject {
        { u"productType"_s, u"DATE_CHANGE"_s },
        { u"ticketNumber"_s, u"176-2342567890"_s },
        { u"pnr"_s, u"MX3K9P"_s },
        { u"passengerName"_s, u"ZHANG/SAN MR"_s },
        { u"coupons"_s, QJsonArray { 1 } },
        { u"originalSegment"_s, segment(original) },
        { u"newSegment"_s, segment(departure) },
        { u"pricing"_s,
            QJsonObject { { u"fareDifference"_s, money("300.00") }, { u"taxDifference"_s, money("0.00") },
                { u"changeFee"_s, money("200.00") } } },
        { u"quotedAt"_s, now.addSecs(-600).toString(Qt::ISODate) },
        { u"payer"_s,
            QJsonObject { { u"accountId"_s, u"payer1"_s }, { u"name"_s, u"张伟"_s },
                { u"documentType"_s, u"CN_RESIDENT_ID"_s }, { u"documentNumber"_s, u"11010519491231002X"_s } } },
        { u"payTypes"_s, QJsonArray { u"ALIPAY"_s, u"WECHAT_PAY"_s } },
        { u"notes"_s, notes },
    };
}

template<typename T> Result<void> ok(const Result<T> &result)
{
    if (!result)
        return std::unexpected(result.error());
    return {};
}

} // namespace

QByteArray SignedRequest::wire(const QByteArray &authority) const
{
    QByteArray out;
    out.reserve(body.size() + 1024);
    out += method + ' ' + path.toLatin1() + " HTTP/1.1\r\nHost: "_ba + authority + "\r\n"_ba;
    for (const auto &[name, value] : headers)
        out += name + ": "_ba + value + "\r\n"_ba;
    if (!body.isEmpty() || method == "POST"_ba)
        out += "Content-Length: "_ba + QByteArray::number(body.size()) + "\r\n"_ba;
    out += "Connection: keep-alive\r\n\r\n"_ba;
    out += body;
    return out;
}

HttpRequest SignedRequest::toHttpRequest(const QUrl &base) const
{
    QUrl url = base;
    url.setPath(path);
    QList<HttpRequest::Header> all { { "Host"_ba, url.authority(QUrl::FullyEncoded).toLatin1() } };
    all += headers;
    all.append({ "Content-Length"_ba, QByteArray::number(body.size()) });
    const auto verb = method == "POST"_ba ? HttpRequest::Method::Post : HttpRequest::Method::Get;
    return HttpRequest(verb, url, all, body);
}

Result<BenchAgent> makeAgent(const ServerInstance &server)
{
    const auto agent = server.agents().findByUsername(u"agent1"_s);
    const auto supervisor = server.agents().findByUsername(u"super1"_s);
    if (auto okAgent = ok(agent); !okAgent)
        return std::unexpected(okAgent.error());
    if (auto okSuper = ok(supervisor); !okSuper)
        return std::unexpected(okSuper.error());
    if (!agent->has_value() || !supervisor->has_value())
        return fail(u"no_demo_agents"_s, u"agent1 or super1 missing: the server was not started with demo seeding"_s);
    auto session = server.sessions().create((*agent)->id);
    if (!session)
        return std::unexpected(session.error());
    auto key = Ed25519Key::generate();
    if (!key)
        return std::unexpected(key.error());
    auto publicPem = key->toPublicKeyPem();
    if (!publicPem)
        return std::unexpected(publicPem.error());
    auto publicKey = Ed25519Key::fromPublicKeyPem(*publicPem);
    if (!publicKey)
        return std::unexpected(publicKey.error());
    auto registered = server.deskKeys().registerKey((*agent)->id, *publicKey);
    if (!registered)
        return std::unexpected(registered.error());
    if (auto approved = server.deskKeys().approve(registered->keyId, (*supervisor)->id); !approved)
        return std::unexpected(approved.error());
    return BenchAgent { (*agent)->id, (*agent)->username, session->token, std::move(*key), registered->keyId };
}

Result<QList<SignedRequest>> signOrders(
    const BenchAgent &agent, const QUrl &base, const Clock &clock, int count, const QString &tag)
{
    QUrl target = base;
    target.setPath(u"/v1/orders"_s);
    const QByteArray bearer = "Bearer "_ba + agent.token.toLatin1();
    const QDateTime now = clock.now();
    QList<SignedRequest> out;
    out.reserve(count);
    for (int i = 0; i < count; ++i) {
        SignedRequest request;
        request.method = "POST"_ba;
        request.path = u"/v1/orders"_s;
        request.idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
        request.body = QJsonDocument(sampleOrder(now, u"bench %1 order %2"_s.arg(tag).arg(i)))
                           .toJson(QJsonDocument::Compact);
        auto message = HttpMessage::fromUrl(request.method, target);
        if (!message)
            return std::unexpected(message.error());
        message->setHeader("content-type", "application/json"_ba);
        message->setHeader("idempotency-key", request.idempotencyKey.toLatin1());
        message->setBody(request.body);
        const auto signature
            = HttpSignature::signRequest(*message, SignatureProfile::deskpay(), agent.key, agent.keyId, clock);
        if (!signature)
            return std::unexpected(signature.error());
        request.headers = {
            { "Authorization"_ba, bearer },
            { "Content-Type"_ba, "application/json"_ba },
            { "Idempotency-Key"_ba, request.idempotencyKey.toLatin1() },
            { "Content-Digest"_ba, message->header("content-digest").value_or(QByteArray()) },
            { "Signature-Input"_ba, signature->signatureInput },
            { "Signature"_ba, signature->signature },
        };
        out.append(std::move(request));
    }
    return out;
}

QList<SignedRequest> healthRequests(int count)
{
    QList<SignedRequest> out;
    out.reserve(count);
    for (int i = 0; i < count; ++i)
        out.append(SignedRequest { "GET"_ba, u"/v1/health"_s, {}, {}, {} });
    return out;
}

} // namespace deskpay::bench
