#pragma once
// OrderTestKit: what the order tests share — a demo-seeded server on a ManualClock, logged-in
// agents with approved desk keys, payers, and order requests signed the way the desktop signs them.

#include "ApiTestClient.h"
#include "ResultTesting.h"
#include "TestDatabase.h"
#include "models/Clock.h"
#include "server/AgentStore.h"
#include "server/DemoAgents.h"
#include "server/DeskKeyStore.h"
#include "server/PasswordHasher.h"
#include "server/ServerInstance.h"
#include "services/protocol/Ed25519Key.h"
#include "services/protocol/HttpMessage.h"
#include "services/protocol/HttpSignature.h"
#include "services/protocol/SignatureProfile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUuid>

namespace deskpay::test {

using namespace Qt::StringLiterals;

inline const ScryptParameters CheapScrypt { quint64(1) << 10, 8, 1 };

// An agent as the desktop is after login: a session token and an approved desk key.
struct DeskAgent
{
    QString username;
    QString token;
    Ed25519Key key;
    QString keyId;
};

// A valid order of demo payer1 (张伟), departing a week after `now`.
inline QJsonObject sampleOrder(const QDateTime &now)
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
    };
}

inline QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

class OrderTestKit
{
public:
    // An error message, or empty when the server runs.
    QString start(ManualClock &clock, const QString &dataDir = {})
    {
        m_clock = &clock;
        if (dataDir.isEmpty()) {
            const QString error = m_database.create();
            if (!error.isEmpty())
                return error;
            m_options.database = m_database.url();
        }
        m_options.dataDir = dataDir.isEmpty() ? m_dir.path() : dataDir;
        m_options.listen = ListenAddress::parse(u"127.0.0.1:0"_s).value();
        m_options.passwordHashing = CheapScrypt;
        m_options.demo = true;
        return restart();
    }

    // Stops the server (if it runs) and starts it again on the same data and database.
    QString restart()
    {
        m_client.reset();
        m_instance.reset();
        auto instance = ServerInstance::start(m_options, *m_clock);
        if (!instance)
            return instance.error().message;
        m_instance = std::move(*instance);
        m_client = std::make_unique<ApiTestClient>(m_instance->caCertificatePath());
        return {};
    }

    void stop()
    {
        m_client.reset();
        m_instance.reset();
    }

    [[nodiscard]] ServerInstance &server() { return *m_instance; }
    [[nodiscard]] ApiTestClient &client() { return *m_client; }
    [[nodiscard]] ServerOptions &options() { return m_options; }
    [[nodiscard]] QUrl url(const QString &path) const { return QUrl(m_instance->url() + path); }

    [[nodiscard]] QString agentToken(const QString &username)
    {
        const ApiResult result = m_client->postJson(url(u"/v1/sessions"_s),
            compact(QJsonObject { { u"username"_s, username }, { u"password"_s, QString(DemoAgents::Password) } }));
        return result.status == 201 ? result.json().value(u"token"_s).toString() : QString();
    }

    [[nodiscard]] QString payerToken(const QString &accountId)
    {
        const ApiResult result = m_client->postJson(url(u"/v1/payer/sessions"_s),
            compact(QJsonObject { { u"accountId"_s, accountId }, { u"password"_s, QString(DemoAgents::Password) } }));
        return result.status == 201 ? result.json().value(u"token"_s).toString() : QString();
    }

    // A desk key of `username` in the given state, registered straight in the store.
    [[nodiscard]] std::optional<DeskAgent> agent(const QString &username, DeskKeyState state = DeskKeyState::Approved)
    {
        DeskAgent agent { username, agentToken(username), Ed25519Key::generate().value(), QString() };
        auto found = m_instance->agents().findByUsername(username);
        auto supervisor = m_instance->agents().findByUsername(u"super1"_s);
        if (agent.token.isEmpty() || !found || !found->has_value() || !supervisor || !supervisor->has_value())
            return std::nullopt;
        const auto publicKey = Ed25519Key::fromPublicKeyPem(agent.key.toPublicKeyPem().value()).value();
        const auto registered = m_instance->deskKeys().registerKey((*found)->id, publicKey);
        if (!registered)
            return std::nullopt;
        agent.keyId = registered->keyId;
        if (state != DeskKeyState::Pending && !m_instance->deskKeys().approve(agent.keyId, (*supervisor)->id))
            return std::nullopt;
        if (state == DeskKeyState::Revoked && !m_instance->deskKeys().revoke(agent.keyId, (*supervisor)->id))
            return std::nullopt;
        return agent;
    }

    // The headers the desktop sends with a signed request (RFC 9421 profile of DESIGN.md §2).
    [[nodiscard]] ApiTestClient::Headers signedHeaders(const DeskAgent &agent, const QByteArray &method,
        const QUrl &target, const QByteArray &body, const QString &idempotencyKey)
    {
        auto message = HttpMessage::fromUrl(method, target).value();
        message.setHeader("content-type", "application/json"_ba);
        message.setHeader("idempotency-key", idempotencyKey.toLatin1());
        message.setBody(body);
        const auto signature
            = HttpSignature::signRequest(message, SignatureProfile::deskpay(), agent.key, agent.keyId, *m_clock).value();
        return {
            { "Authorization"_ba, "Bearer "_ba + agent.token.toLatin1() },
            { "Content-Type"_ba, "application/json"_ba },
            { "Idempotency-Key"_ba, idempotencyKey.toLatin1() },
            { "Content-Digest"_ba, message.header("content-digest").value_or(QByteArray()) },
            { "Signature-Input"_ba, signature.signatureInput },
            { "Signature"_ba, signature.signature },
        };
    }

    ApiResult submit(const DeskAgent &agent, const QByteArray &body, const QString &idempotencyKey = newKey())
    {
        const QUrl target = url(u"/v1/orders"_s);
        return m_client->request("POST"_ba, target, body, signedHeaders(agent, "POST"_ba, target, body, idempotencyKey));
    }

    ApiResult get(const QString &token, const QString &path)
    {
        return m_client->request("GET"_ba, url(path), {}, ApiTestClient::bearer(token));
    }

    ApiResult payerPost(const QString &token, const QString &path)
    {
        return m_client->request("POST"_ba, url(path), {}, ApiTestClient::bearer(token));
    }

    [[nodiscard]] static QString newKey() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }

private:
    TestDatabase m_database;
    QTemporaryDir m_dir;
    ManualClock *m_clock = nullptr;
    ServerOptions m_options;
    std::unique_ptr<ServerInstance> m_instance;
    std::unique_ptr<ApiTestClient> m_client;
};

} // namespace deskpay::test
