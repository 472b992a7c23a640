#pragma once
// JsonResponse: the server's JSON answers — every error as {"code","message"} with a stable code.

#include "models/Error.h"

#include <QHttpServerResponse>
#include <QJsonObject>

namespace deskpay {

// Every route builds its answers here, so clients parse one error shape everywhere:
// {"code": "not_found", "message": "…", "field": "…"}. `code` is the stable, documented part
// (docs/protocol.md); `message` is for people; `field` appears only for input errors.
class JsonResponse
{
public:
    using Status = QHttpServerResponse::StatusCode;

    [[nodiscard]] static QHttpServerResponse ok(const QJsonObject &body, Status status = Status::Ok);

    // `extra` adds members beside code and message (for example a list of validation problems).
    [[nodiscard]] static QHttpServerResponse error(
        Status status, const QString &code, const QString &message, const QJsonObject &extra = {});
    [[nodiscard]] static QHttpServerResponse error(Status status, const Error &error, const QJsonObject &extra = {});

    [[nodiscard]] static QJsonObject errorBody(const Error &error);
};

} // namespace deskpay
