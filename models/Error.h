#pragma once
// Error: a stable machine-readable code plus a sentence a person can act on.

#include <QString>

#include <expected>
#include <utility>

namespace deskpay {

struct Error
{
    QString code;    // stable, snake_case, part of the protocol (e.g. "digest_mismatch")
    QString message; // for people; translated where it reaches a user
    QString field;   // optional field path ("newSegment.departure") for validation errors

    friend bool operator==(const Error &, const Error &) = default;
};

// Result<T>: what every fallible function returns. No exceptions cross Qt code.
template<typename T>
using Result = std::expected<T, Error>;

// Shorthand for the failing branch: `return fail(u"bad_pem"_s, tr("…"));`
[[nodiscard]] inline std::unexpected<Error> fail(QString code, QString message, QString field = {})
{
    return std::unexpected<Error>(Error{std::move(code), std::move(message), std::move(field)});
}

} // namespace deskpay
