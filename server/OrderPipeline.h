#pragma once
// OrderPipeline: POST /v1/orders — token, Content-Digest, RFC 9421 signature, nonce, Idempotency-Key,
// validation, real-name check, then the order (DESIGN.md §2 step 3, in that order).

#include "models/AirportTable.h"
#include "models/ChangeOrder.h"
#include "models/Clock.h"
#include "server/HttpRequest.h"
#include "services/protocol/SignatureProfile.h"
#include "services/protocol/SignatureVerifier.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHttpServerResponse>

namespace deskpay {

class AuditLog;
class Database;
class Authenticator;
class DeskKeyStore;
class HttpRouter;
class IdempotencyStore;
class NonceStore;
class OrderService;
class PayerAccountStore;
struct Agent;
struct Error;

class OrderPipeline
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::OrderPipeline)

public:
    struct Dependencies
    {
        const Database &database;
        const Clock &clock;
        const Authenticator &authenticator;
        const DeskKeyStore &deskKeys;
        const NonceStore &nonces;
        const IdempotencyStore &idempotency;
        const AuditLog &audit;
        const PayerAccountStore &payers;
        const AirportTable &airports;
        const OrderService &orders;
    };

    // Order bodies are larger than login bodies but still small: 256 KiB by default.
    static constexpr qsizetype DefaultMaxBodyBytes = 256 * 1024;

    OrderPipeline(Dependencies dependencies, qsizetype maxBodyBytes = DefaultMaxBodyBytes,
        SignatureProfile profile = SignatureProfile::deskpay(), ChangeOrderPolicy policy = {});

    void registerOn(HttpRouter &router) const;

    [[nodiscard]] QHttpServerResponse create(const HttpRequest &request) const;

    // What verifySigned() found.
    struct SignedRequest
    {
        VerifiedSignature signature;
        QByteArray signatureInput; // the Signature-Input field as received
        QDateTime nonceKeepUntil; // how long the nonce must be remembered
    };
    enum class NonceWrite : quint8 {
        Now, // remember the nonce at once (its own statement)
        Later, // only check it: the caller remembers it inside the transaction that acts on the request
    };

    // Steps 2–3 for any signed agent request (orders, cancellations): the body against its
    // Content-Digest, the RFC 9421 signature with an approved desk key of `agent`, and a nonce
    // not seen before. `keyId` receives the key id as soon as it is known (for the audit).
    [[nodiscard]] Result<SignedRequest> verifySigned(
        const HttpRequest &request, const Agent &agent, QString *keyId, NonceWrite nonceWrite = NonceWrite::Now) const;

private:
    // An error answer, with its audit record (every refusal before an order exists is audited).
    [[nodiscard]] QHttpServerResponse refuse(
        const HttpRequest &request, const QString &actor, const Error &error, const QString &subject = {}) const;

    Dependencies m_deps;
    qsizetype m_maxBodyBytes;
    SignatureProfile m_profile;
    ChangeOrderPolicy m_policy;
};

} // namespace deskpay
