#include "server/OrderPipeline.h"

#include "server/AgentStore.h"
#include "server/AuditLog.h"
#include "server/Authenticator.h"
#include "server/DeskKeyStore.h"
#include "server/HttpRouter.h"
#include "server/IdempotencyStore.h"
#include "server/JsonRequest.h"
#include "server/JsonResponse.h"
#include "server/NonceStore.h"
#include "server/OrderService.h"
#include "server/PayerAccountStore.h"
#include "server/ServerLogging.h"
#include "server/SqlSupport.h"
#include "services/protocol/ContentDigest.h"
#include "services/protocol/ErrorCodes.h"
#include "services/protocol/HttpMessage.h"
#include "services/protocol/OrderCodec.h"
#include "services/protocol/SignatureVerifier.h"

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr auto Action = "order.create";

QByteArray requestTarget(const QUrl &url)
{
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/"_ba;
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    return target;
}

QHttpServerResponse replay(const IdempotencyRecord &record)
{
    QHttpServerResponse response = JsonResponse::raw(record.responseBody, QHttpServerResponse::StatusCode(record.status));
    response.setHeader("Idempotent-Replayed"_ba, "true"_ba);
    if (!record.orderId.isEmpty())
        response.setHeader("Location"_ba, "/v1/orders/"_ba + record.orderId.toLatin1());
    return response;
}

} // namespace

OrderPipeline::OrderPipeline(
    Dependencies dependencies, qsizetype maxBodyBytes, SignatureProfile profile, ChangeOrderPolicy policy)
    : m_deps(dependencies)
    , m_maxBodyBytes(maxBodyBytes)
    , m_profile(std::move(profile))
    , m_policy(policy)
{
}

void OrderPipeline::registerOn(HttpRouter &router) const
{
    router.add(HttpRouter::Method::Post, u"/v1/orders"_s,
        [this](const HttpRequest &request, const RouteMatch &) { return create(request); });
}

QHttpServerResponse OrderPipeline::refuse(
    const HttpRequest &request, const QString &actor, const Error &error, const QString &subject) const
{
    m_deps.audit.recordOrWarn(AuditEntry { actor.isEmpty() ? u"anonymous"_s : u"agent"_s, actor,
        QString::fromLatin1(Action), error.code, subject, request.remoteAddress().toString(), error.field });
    qCInfo(lcServerHttp, "order refused for %ls: %ls", qUtf16Printable(actor.isEmpty() ? u"?"_s : actor),
        qUtf16Printable(error.code));
    return JsonRequest::errorResponse(error);
}

Result<OrderPipeline::SignedRequest> OrderPipeline::verifySigned(
    const HttpRequest &request, const Agent &agent, QString *keyId, NonceWrite nonceWrite) const
{
    auto message = HttpMessage::fromRequestTarget(HttpRouter::methodName(request.method()), "https"_ba,
        request.value("Host"_ba), requestTarget(request.url()));
    if (!message)
        return fail(ErrorCodes::RequestInvalid.toString(), message.error().message, message.error().code);
    for (const auto &[name, value] : request.headers())
        message->addHeader(name, value);
    message->setBody(request.body());
    if (auto digest = ContentDigest::check(message->header("content-digest"), request.body()); !digest)
        return std::unexpected(digest.error());

    const SignatureVerifier verifier(
        m_deps.clock,
        [&](const QString &id) -> Result<Ed25519Key> {
            if (keyId)
                *keyId = id;
            const auto key = m_deps.deskKeys.find(id);
            if (!key)
                return std::unexpected(key.error());
            // A key of another agent does not sign for this one, even when approved.
            if (key->has_value() && (*key)->agentId != agent.id)
                return std::unexpected(ErrorCodes::error(ErrorCodes::KeyOwnerMismatch));
            return DeskKeyStore::signingKey(*key); // one read of the key, not two
        },
        m_profile);
    auto verified = verifier.verify(*message);
    if (!verified)
        return std::unexpected(verified.error());
    SignedRequest signedRequest { std::move(*verified), message->header("signature-input").value_or(QByteArray()), {} };

    // The nonce is remembered for as long as such a signature could still be accepted.
    const VerifiedSignature &signature = signedRequest.signature;
    const qint64 validUntil = signature.expires.value_or(signature.created.value_or(0) + m_profile.maxWindowSecs);
    signedRequest.nonceKeepUntil = QDateTime::fromSecsSinceEpoch(validUntil + m_profile.allowedSkewSecs, Qt::UTC);
    if (nonceWrite == NonceWrite::Now) {
        if (auto fresh = m_deps.nonces.remember(signature.keyid, signature.nonce, signedRequest.nonceKeepUntil); !fresh)
            return std::unexpected(fresh.error());
        return signedRequest;
    }
    const auto known = m_deps.nonces.isKnown(signature.keyid, signature.nonce);
    if (!known)
        return std::unexpected(known.error());
    if (*known)
        return std::unexpected(ErrorCodes::error(ErrorCodes::NonceReplayed));
    return signedRequest;
}

QHttpServerResponse OrderPipeline::create(const HttpRequest &request) const
{
    // 413 before anything else: the size is known without trusting anything in the request.
    bool lengthOk = false;
    const qint64 declared = request.value("Content-Length"_ba).trimmed().toLongLong(&lengthOk);
    if ((lengthOk && declared > m_maxBodyBytes) || request.body().size() > m_maxBodyBytes)
        return refuse(request, QString(),
            Error { ErrorCodes::TooLarge.toString(), tr("The order body is larger than %1 bytes.").arg(m_maxBodyBytes),
                {} });

    // 1. Who is calling.
    const auto caller = m_deps.authenticator.authenticate(request);
    if (!caller)
        return refuse(request, QString(), caller.error());
    if (auto allowed = Authenticator::requireRole(*caller, AgentRole::Agent); !allowed)
        return refuse(request, caller->agent.username, allowed.error());
    const Agent &agent = caller->agent;

    // 2.–3. Content-Digest, signature, nonce. The nonce is only checked here; it is written by
    // whichever transaction answers the request below, so an order costs one commit, not three.
    QString signingKeyId;
    const auto signedRequest = verifySigned(request, agent, &signingKeyId, NonceWrite::Later);
    if (!signedRequest)
        return refuse(request, agent.username, signedRequest.error(), signingKeyId);
    const VerifiedSignature *verified = &signedRequest->signature;
    // Inside a write transaction: the nonce becomes final, or the request turns out to be a
    // replay that raced this one.
    const auto rememberNonce = [&]() -> Result<void> {
        return m_deps.nonces.remember(verified->keyid, verified->nonce, signedRequest->nonceKeepUntil);
    };
    const auto rememberNonceNow = [&]() -> std::optional<QHttpServerResponse> {
        if (auto fresh = rememberNonce(); !fresh)
            return refuse(request, agent.username, fresh.error(), verified->keyid);
        return std::nullopt;
    };

    // 4. Idempotency-Key: the first answer again, or a conflict.
    const QString idempotencyKey = QString::fromLatin1(request.value("Idempotency-Key"_ba).trimmed());
    if (idempotencyKey.isEmpty() || !IdempotencyStore::isValidKey(idempotencyKey)) {
        if (auto replayed = rememberNonceNow())
            return std::move(*replayed);
        return refuse(request, agent.username,
            ErrorCodes::error(idempotencyKey.isEmpty() ? ErrorCodes::IdempotencyKeyMissing : ErrorCodes::IdempotencyKeyInvalid,
                u"Idempotency-Key"_s));
    }
    const QByteArray requestHash = IdempotencyStore::requestHash("POST"_ba, requestTarget(request.url()), request.body());
    const auto answered = [&]() -> std::optional<QHttpServerResponse> {
        const auto earlier = m_deps.idempotency.find(agent.id, idempotencyKey);
        if (!earlier)
            return JsonRequest::errorResponse(earlier.error());
        if (!earlier->has_value())
            return std::nullopt;
        if ((*earlier)->requestHash != requestHash)
            return refuse(request, agent.username, ErrorCodes::error(ErrorCodes::IdempotencyConflict, u"Idempotency-Key"_s),
                (*earlier)->orderId);
        return replay(**earlier);
    };
    if (auto earlier = answered()) {
        if (auto replayed = rememberNonceNow())
            return std::move(*replayed);
        return std::move(*earlier);
    }

    // An answer that creates no order is still the answer to this key; the nonce is kept in
    // the same transaction.
    bool nonceReplayed = false;
    const auto remember = [&](QHttpServerResponse response) -> QHttpServerResponse {
        IdempotencyRecord record { agent.id, idempotencyKey, requestHash, int(response.statusCode()), response.data(),
            QString(), {}, {} };
        auto stored = sql::inWriteTransaction<bool>(m_deps.database, [&]() -> Result<bool> {
            if (auto fresh = rememberNonce(); !fresh) {
                nonceReplayed = true;
                return std::unexpected(fresh.error());
            }
            return m_deps.idempotency.store(record);
        });
        if (!stored) {
            if (nonceReplayed)
                return refuse(request, agent.username, stored.error(), verified->keyid);
            qCWarning(lcServerDb, "idempotent answer not kept: %ls", qUtf16Printable(stored.error().message));
        } else if (!*stored) {
            if (auto earlier = answered())
                return std::move(*earlier);
        }
        return response;
    };

    // 5. The order itself: syntax, shape, then the domain rules shared with the desktop.
    const auto json = JsonRequest::parse(request, m_maxBodyBytes);
    if (!json)
        return remember(refuse(request, agent.username, json.error()));
    Decoded<OrderRequest> decoded = OrderCodec::requestFromJson(*json);
    if (decoded.isValid()) {
        decoded.value.order.normalise();
        decoded.issues = decoded.value.validate(m_deps.clock, m_deps.airports, m_policy);
    }
    if (!decoded.isValid()) {
        m_deps.audit.recordOrWarn(AuditEntry { u"agent"_s, agent.username, QString::fromLatin1(Action),
            ErrorCodes::ValidationFailed.toString(), QString(), request.remoteAddress().toString(),
            u"%1 problems"_s.arg(decoded.issues.issues().size()) });
        return remember(JsonRequest::invalidBody(decoded.issues));
    }
    const OrderRequest &order = decoded.value;

    // 6. The payer account and its registered real-name identity.
    const auto payer = m_deps.payers.findByAccountId(order.payer.accountId());
    if (!payer)
        return JsonRequest::errorResponse(payer.error());
    if (!payer->has_value() || (*payer)->disabledAt.isValid())
        return remember(refuse(request, agent.username, ErrorCodes::error(ErrorCodes::PayerUnknown, u"payer.accountId"_s)));
    const auto realName = m_deps.payers.checkRealName(**payer, order.payer.identity());
    if (!realName)
        return JsonRequest::errorResponse(realName.error());

    // 7. One transaction: the order, its events, the payer's confirmation request, this answer.
    NewOrder newOrder;
    newOrder.request = order;
    newOrder.agent = &agent;
    newOrder.payer = &**payer;
    newOrder.evidence.keyId = verified->keyid;
    newOrder.evidence.signatureInput = signedRequest->signatureInput;
    newOrder.evidence.signatureBase = verified->signatureBase;
    newOrder.evidence.signature = verified->signature;
    newOrder.rawBody = request.body();
    newOrder.realNameMatches = *realName == PayerAccountStore::RealNameCheck::Match;

    QHttpServerResponse answer(QHttpServerResponse::StatusCode::InternalServerError);
    bool raced = false;
    const auto created = m_deps.orders.create(newOrder, [&](const OrderRecord &record) -> Result<void> {
        if (auto fresh = rememberNonce(); !fresh) {
            nonceReplayed = true;
            return std::unexpected(fresh.error());
        }
        answer = newOrder.realNameMatches
            ? JsonResponse::raw(OrderCodec::encodeView(record.view), QHttpServerResponse::StatusCode::Created)
            : JsonRequest::errorResponse(ErrorCodes::error(ErrorCodes::RealNameMismatch, u"payer"_s));
        IdempotencyRecord idempotent { agent.id, idempotencyKey, requestHash, int(answer.statusCode()), answer.data(),
            record.id(), {}, {} };
        const auto stored = m_deps.idempotency.store(idempotent);
        if (!stored)
            return std::unexpected(stored.error());
        if (!*stored) {
            raced = true; // the same key committed by another worker a moment ago
            return std::unexpected(ErrorCodes::error(ErrorCodes::IdempotencyInProgress));
        }
        return m_deps.audit.record(AuditEntry { u"agent"_s, agent.username, QString::fromLatin1(Action),
            newOrder.realNameMatches ? u"ok"_s : ErrorCodes::RealNameMismatch.toString(), record.id(),
            request.remoteAddress().toString(), verified->keyid });
    });
    if (!created) {
        if (nonceReplayed)
            return refuse(request, agent.username, created.error(), verified->keyid);
        if (raced) {
            if (auto earlier = answered())
                return std::move(*earlier);
        }
        return JsonRequest::errorResponse(created.error());
    }
    answer.setHeader("Location"_ba, "/v1/orders/"_ba + created->id().toLatin1());
    return answer;
}

} // namespace deskpay
