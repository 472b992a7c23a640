#pragma once
// ErrorBody: the JSON body of every error answer —
// {"error":{"code":"…","message":"…","field":"…","issues":[{"field":"…","code":"…","message":"…"}]}}.

#include "models/Error.h"
#include "models/Validation.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QList>

namespace deskpay {

// An error answer as a client reads it.
struct ApiError
{
    Error error; // code from ErrorCodes, message, optional field
    QList<ValidationIssue> issues; // for validation_failed: one per problem

    friend bool operator==(const ApiError &, const ApiError &) = default;
};

class ErrorBody
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::ErrorBody)

public:
    // Canonical JSON; "field" and "issues" are left out when empty.
    [[nodiscard]] static QByteArray encode(const Error &error, const ValidationReport &issues = {});
    // Fails with "invalid_error_body" when the bytes are not such an object (unknown fields
    // included), so a client never mistakes a proxy's HTML page for a DeskPay error.
    [[nodiscard]] static Result<ApiError> decode(QByteArrayView json);
};

} // namespace deskpay
