#pragma once
// IntakeOrders: the bench's agent (session + approved desk key, made straight through the stores) and
// its orders for demo payer1, signed exactly as the desktop signs them.

#include "models/Clock.h"
#include "models/Error.h"
#include "server/HttpRequest.h"
#include "services/protocol/Ed25519Key.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

#include <utility>

namespace deskpay {

class ServerInstance;

namespace bench {

struct BenchAgent
{
    qint64 agentId = 0;
    QString username;
    QString token;
    Ed25519Key key;
    QString keyId;
};

// One request ready to go: what the server will see, and the bytes a client puts on the wire.
struct SignedRequest
{
    QByteArray method;
    QString path;
    QList<HttpRequest::Header> headers; // without Host and Content-Length (the wire form adds them)
    QByteArray body;
    QString idempotencyKey;

    // HTTP/1.1 with Host `authority` and keep-alive.
    [[nodiscard]] QByteArray wire(const QByteArray &authority) const;
    // As the server's HttpRequest would carry it, with the Host header.
    [[nodiscard]] HttpRequest toHttpRequest(const QUrl &base) const;
};

// agent1 with a fresh session and an approved Ed25519 desk key (approved by super1).
[[nodiscard]] Result<BenchAgent> makeAgent(const ServerInstance &server);

// `count` distinct orders (each its own notes, Idempotency-Key and nonce), signed now by `agent`
// for POST <base>/v1/orders.
[[nodiscard]] Result<QList<SignedRequest>> signOrders(
    const BenchAgent &agent, const QUrl &base, const Clock &clock, int count, const QString &tag);

// `count` plain GET /v1/health requests.
[[nodiscard]] QList<SignedRequest> healthRequests(int count);

} // namespace bench
} // namespace deskpay
