#include "IntakeStages.h"

#include "models/AirportTable.h"
#include "server/AgentStore.h"
#include "server/AuditLog.h"
#include "server/Authenticator.h"
#include "server/Database.h"
#include "server/DeskKeyStore.h"
#include "server/HttpRouter.h"
#include "server/IdempotencyStore.h"
#include "server/NonceStore.h"
#include "server/OrderService.h"
#include "server/PayerAccountStore.h"
#include "server/Server.h"
#include "server/ServerInstance.h"
#include "services/protocol/ContentDigest.h"
#include "services/protocol/HttpMessage.h"
#include "services/protocol/OrderCodec.h"
#include "services/protocol/SignatureProfile.h"
#include "services/protocol/SignatureVerifier.h"

#include <QElapsedTimer>
#include <QUuid>

#include <functional>

using namespace Qt::StringLiterals;

namespace deskpay::bench {

namespace {

// Runs op(i) for every i and returns µs per call.
double perOrder(int count, const std::function<Result<void>(int)> &op, QString *failure)
{
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < count; ++i) {
        if (auto done = op(i); !done) {
            if (failure && failure->isEmpty())
                *failure = u"%1: %2"_s.arg(done.error().code, done.error().message);
            return 0;
        }
    }
    return double(timer.nsecsElapsed()) / 1000.0 / count;
}

template<typename T> Result<void> okOr(const Result<T> &result)
{
    if (!result)
        return std::unexpected(result.error());
    return {};
}

QString newKey()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

Result<QList<StageFigure>> measureStages(
    ServerInstance &server, const Clock &clock, const BenchAgent &agent, const QUrl &base, int count)
{
    const Database &database = server.database();
    const bool sqlite = database.backend() == DatabaseBackend::Sqlite;
    QList<StageFigure> figures;
    QString failure;

    QElapsedTimer signTimer;
    signTimer.start();
    auto signedOrders = signOrders(agent, base, clock, count, u"stages"_s);
    if (!signedOrders)
        return std::unexpected(signedOrders.error());
    figures.append({ u"client_sign"_s, double(signTimer.nsecsElapsed()) / 1000.0 / count,
        u"the desktop's cost: JSON, Content-Digest, Ed25519 signature (not the server's)"_s });
    const QList<SignedRequest> &orders = *signedOrders;
    QList<HttpRequest> requests;
    requests.reserve(count);
    for (const SignedRequest &order : orders)
        requests.append(order.toHttpRequest(base));
    const QByteArray host = base.authority(QUrl::FullyEncoded).toLatin1();

    // 1. Content-Digest + RFC 9421 signature, with the key handed over from memory.
    auto publicPem = agent.key.toPublicKeyPem();
    if (!publicPem)
        return std::unexpected(publicPem.error());
    auto publicKey = Ed25519Key::fromPublicKeyPem(*publicPem);
    if (!publicKey)
        return std::unexpected(publicKey.error());
    const SignatureVerifier verifier(
        clock, [&](const QString &) -> Result<Ed25519Key> { return *publicKey; }, SignatureProfile::deskpay());
    QList<VerifiedSignature> verified(count);
    figures.append({ u"verify_signature"_s, perOrder(count, [&](int i) -> Result<void> {
        const HttpRequest &request = requests.at(i);
        auto message = HttpMessage::fromRequestTarget("POST"_ba, "https"_ba, host, "/v1/orders"_ba);
        if (!message)
            return std::unexpected(message.error());
        for (const auto &[name, value] : request.headers())
            message->addHeader(name, value);
        message->setBody(request.body());
        if (auto digest = ContentDigest::check(message->header("content-digest"), request.body()); !digest)
            return std::unexpected(digest.error());
        auto result = verifier.verify(*message);
        if (!result)
            return std::unexpected(result.error());
        verified[i] = std::move(*result);
        return {};
    }, &failure), u"HttpMessage + Content-Digest + Ed25519 verify, key from memory (CPU only)"_s });

    // 2. JSON decode + shape + domain validation.
    Result<AirportTable> airports = AirportTable::loadBundled();
    if (!airports)
        return std::unexpected(airports.error());
    QList<OrderRequest> decodedOrders(count);
    figures.append({ u"decode_validate"_s, perOrder(count, [&](int i) -> Result<void> {
        auto decoded = OrderCodec::decodeRequest(orders.at(i).body);
        if (!decoded)
            return fail(u"invalid_json"_s, decoded.error().reason);
        if (decoded->isValid()) {
            decoded->value.order.normalise();
            decoded->issues = decoded->value.validate(clock, *airports, {});
        }
        if (!decoded->isValid())
            return fail(u"validation_failed"_s, u"the sample order does not validate"_s);
        decodedOrders[i] = std::move(decoded->value);
        return {};
    }, &failure), u"OrderCodec::decodeRequest + normalise + OrderRequest::validate (CPU only)"_s });

    // 3. The reads the pipeline makes for every order.
    auto agentRow = server.agents().findById(agent.agentId);
    if (!agentRow || !agentRow->has_value())
        return fail(u"no_agent"_s, u"the bench agent is gone"_s);
    auto payerRow = server.payers().findByAccountId(u"payer1"_s);
    if (!payerRow || !payerRow->has_value())
        return fail(u"no_payer"_s, u"demo payer1 is missing"_s);
    const Agent agentValue = **agentRow;
    const PayerAccount payer = **payerRow;
    const IdempotencyStore idempotency(database, clock);
    const NonceStore nonces(database, clock);
    figures.append({ u"db_reads"_s, perOrder(count, [&](int i) -> Result<void> {
        if (auto caller = server.authenticator().authenticate(requests.at(i)); !caller)
            return std::unexpected(caller.error());
        if (auto key = server.deskKeys().find(agent.keyId); !key)
            return std::unexpected(key.error());
        if (auto key = server.deskKeys().lookupForSignature(agent.keyId); !key)
            return std::unexpected(key.error());
        if (auto earlier = idempotency.find(agent.agentId, orders.at(i).idempotencyKey); !earlier)
            return std::unexpected(earlier.error());
        auto found = server.payers().findByAccountId(u"payer1"_s);
        if (!found)
            return std::unexpected(found.error());
        return okOr(server.payers().checkRealName(payer, decodedOrders.at(i).payer.identity()));
    }, &failure), u"session, desk key (twice), idempotency, payer lookups + real-name digest"_s });

    // 4.–6. The writes, each measured as its own commit. (The pipeline now writes the nonce and
    // the audit record of an accepted order inside the order's transaction: one flush per order.)
    const auto writes = [&](const QString &suffix, const QString &how) {
        QStringList keys;
        for (int i = 0; i < count; ++i)
            keys.append(newKey());
        const QDateTime keepUntil = clock.now().addSecs(600);
        figures.append({ u"db_nonce_insert"_s + suffix, perOrder(count, [&](int) -> Result<void> {
            return nonces.remember(agent.keyId, newKey(), keepUntil);
        }, &failure), u"NonceStore::remember, autocommit"_s + how });
        figures.append({ u"db_order_transaction"_s + suffix, perOrder(count, [&](int i) -> Result<void> {
            NewOrder order;
            order.request = decodedOrders.at(i);
            order.agent = &agentValue;
            order.payer = &payer;
            order.evidence.keyId = verified.at(i).keyid;
            order.evidence.signatureInput = orders.at(i).headers.at(4).second;
            order.evidence.signatureBase = verified.at(i).signatureBase;
            order.evidence.signature = verified.at(i).signature;
            order.rawBody = orders.at(i).body;
            order.realNameMatches = true;
            const QByteArray hash = IdempotencyStore::requestHash("POST"_ba, "/v1/orders"_ba, order.rawBody);
            auto created = server.orderService().create(order, [&](const OrderRecord &record) -> Result<void> {
                const QByteArray answer = OrderCodec::encodeView(record.view);
                auto stored = idempotency.store(
                    IdempotencyRecord { agent.agentId, keys.at(i), hash, 201, answer, record.id(), {}, {} });
                if (!stored)
                    return std::unexpected(stored.error());
                return {};
            });
            return okOr(created);
        }, &failure), u"OrderService::create (order, 2 events, contact message, sealed body) + idempotent answer"_s + how });
        figures.append({ u"db_audit_insert"_s + suffix, perOrder(count, [&](int i) -> Result<void> {
            return server.audit().record(AuditEntry { u"agent"_s, agent.username, u"order.create"_s, u"ok"_s,
                orders.at(i).idempotencyKey, u"127.0.0.1"_s, agent.keyId });
        }, &failure), u"AuditLog::record, autocommit"_s + how });
    };
    writes(QString(), u" (each its own durable commit)"_s);

    // The same writes without waiting for the flush (this connection only): what durability costs.
    if (sqlite) {
        if (auto set = database.exec(u"PRAGMA synchronous=NORMAL"_s); !set)
            return std::unexpected(set.error());
        writes(u"_sync_normal"_s, u" with PRAGMA synchronous=NORMAL (WAL): not durable on power loss"_s);
        if (auto set = database.exec(u"PRAGMA synchronous=FULL"_s); !set)
            return std::unexpected(set.error());
    } else {
        if (auto set = database.exec(u"SET synchronous_commit TO off"_s); !set)
            return std::unexpected(set.error());
        writes(u"_async_commit"_s, u" with synchronous_commit=off: not durable on crash"_s);
        if (auto set = database.exec(u"SET synchronous_commit TO on"_s); !set)
            return std::unexpected(set.error());
    }

    // Group commit, durable: 50 nonces per transaction.
    {
        constexpr int Batch = 50;
        const QDateTime keepUntil = clock.now().addSecs(600);
        const int batches = std::max(1, count / Batch);
        figures.append({ u"db_nonce_insert_grouped50"_s, perOrder(batches, [&](int) -> Result<void> {
            if (auto begun = database.beginWriteTransaction(); !begun)
                return begun;
            for (int j = 0; j < Batch; ++j) {
                if (auto done = nonces.remember(agent.keyId, newKey(), keepUntil); !done) {
                    database.rollback();
                    return done;
                }
            }
            return database.commit();
        }, &failure) / Batch, u"NonceStore::remember, 50 per durable transaction (group commit)"_s });
    }

    // 7. The whole handler, single-threaded, without HTTP and TLS.
    auto fresh = signOrders(agent, base, clock, count, u"pipeline"_s);
    if (!fresh)
        return std::unexpected(fresh.error());
    QList<HttpRequest> pipelineRequests;
    for (const SignedRequest &order : *fresh)
        pipelineRequests.append(order.toHttpRequest(base));
    figures.append({ u"pipeline_total"_s, perOrder(count, [&](int i) -> Result<void> {
        const QHttpServerResponse answer = server.server().router().dispatch(pipelineRequests.at(i));
        if (int(answer.statusCode()) != 201)
            return fail(u"pipeline_refused"_s,
                u"%1 %2"_s.arg(int(answer.statusCode())).arg(QString::fromUtf8(answer.data().left(300))));
        return {};
    }, &failure), u"HttpRouter::dispatch of a signed POST /v1/orders on one thread (no HTTP, no TLS)"_s });

    if (!failure.isEmpty())
        return fail(u"stage_failed"_s, failure);
    return figures;
}

} // namespace deskpay::bench
