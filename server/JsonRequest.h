#pragma once
// JsonRequest: the strict front door of a JSON route — content type, size, syntax — and errors answered by their
// catalogue status.

#include "models/Error.h"
#include "models/Validation.h"
#include "services/protocol/JsonValue.h"

#include <QCoreApplication>
#include "server/HttpRequest.h"
#include <QHttpServerResponse>

namespace deskpay {

class JsonRequest
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::JsonRequest)

public:
    // Login and small commands; order bodies have their own, larger limit.
    static constexpr qsizetype DefaultMaxBodyBytes = 64 * 1024;

    // The body as JSON, or too_large (413, checked on Content-Length first, then the body),
    // unsupported_media_type (415, anything but application/json with an optional
    // charset=utf-8) or invalid_json (400, naming line and column).
    [[nodiscard]] static Result<JsonValue> parse(
        const HttpRequest &request, qsizetype maxBodyBytes = DefaultMaxBodyBytes);

    // An error answered with the status the ErrorCodes catalogue gives its code. Internal codes
    // (database_error, crypto_failed, anything not in the catalogue) are logged and answered
    // as 503 database_unavailable or 500 internal_error, without their details.
    [[nodiscard]] static QHttpServerResponse errorResponse(const Error &error, const ValidationReport &issues = {});

    // 422 validation_failed listing every problem of a request body.
    [[nodiscard]] static QHttpServerResponse invalidBody(const ValidationReport &issues);
};

} // namespace deskpay
