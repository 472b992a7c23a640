#pragma once
// JsonResponse: the server's JSON answers; every error in the shared ErrorBody envelope.

#include "models/Error.h"
#include "models/Validation.h"

#include <QHttpServerResponse>
#include <QJsonObject>

namespace deskpay {

// Every route builds its answers here, so clients parse one error shape everywhere — the one
// services/protocol/ErrorBody reads: {"error":{"code":"not_found","message":"…","field":"…",
// "issues":[…]}}. `code` is the stable, documented part (docs/protocol.md); `message` is for
// people; `field` and `issues` appear only for input errors.
class JsonResponse
{
public:
    using Status = QHttpServerResponse::StatusCode;

    [[nodiscard]] static QHttpServerResponse ok(const QJsonObject &body, Status status = Status::Ok);
    // Already-encoded JSON (canonical JsonValue output, a stored idempotent answer).
    [[nodiscard]] static QHttpServerResponse raw(const QByteArray &json, Status status = Status::Ok);

    [[nodiscard]] static QHttpServerResponse error(Status status, const QString &code, const QString &message);
    // `issues` lists every problem of a validation_failed answer, one per field.
    [[nodiscard]] static QHttpServerResponse error(
        Status status, const Error &error, const ValidationReport &issues = {});
};

} // namespace deskpay
