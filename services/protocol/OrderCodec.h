#pragma once
// OrderCodec: the strict wire JSON of an order request (POST /v1/orders) and of an order view
// (what the server answers), canonical on the way out and specific about every problem on
// the way in. Domain validation (OrderRequest::validate) is a separate, later step.

#include "models/OrderRequest.h"
#include "models/Validation.h"
#include "services/protocol/JsonReader.h"
#include "services/protocol/JsonValue.h"
#include "services/protocol/OrderView.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QDateTime>

#include <expected>

namespace deskpay {

// The outcome of decoding well-formed JSON: the value as far as it could be read (fields
// that could not be read keep their defaults) and one issue per problem, with its field path.
template<typename T> struct Decoded
{
    T value;
    ValidationReport issues;

    [[nodiscard]] bool isValid() const { return issues.isValid(); }
};

// Wire rules (docs/protocol.md has the full field list):
// - UTF-8 JSON (RFC 8259), one object; members in any order; whitespace is free on input.
// - Every field the format does not define is refused (unknown_field); so is a field given
//   twice (duplicate_field), null anywhere (wrong_type), and any required field that is absent
//   (missing_field). Optional fields (payer.mrzLine, notes, confirmBy) are left out when empty.
// - Strings have limits in Unicode code points (too_long); arrays in items (too_many_items).
// - Money is {"amount":"1234.50","currency":"CNY"}: the amount a string in exactly the
//   currency's decimals (JPY "1200", KWD "0.125"), never a JSON number.
// - Instants are UTC "2026-11-20T10:15:00Z" (whole seconds); departures airport-local
//   "2026-12-01T08:30" (the zone is the origin airport's).
// - Enumerations are upper-case names: productType, cabin ("F","J","W","Y"), documentType,
//   payTypes, state; currencies ISO 4217 codes (invalid_value otherwise).
// - Output is canonical (JsonValue::toCanonicalJson): sorted keys, no whitespace, so
//   encode(decode(encode(x))) == encode(x) byte for byte.
class OrderCodec
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::OrderCodec)

public:
    // Limits of the wire format (code points), beyond which a string is too_long.
    static constexpr qsizetype MaxNameLength = 64; // passengerName, payer.name, payer.accountId
    static constexpr qsizetype MaxNotesLength = 500; // notes
    static constexpr qsizetype MaxCodeLength = 32; // enum names, amounts, dates, numbers
    static constexpr qsizetype MaxMrzLength = 64; // payer.mrzLine (44 once spaces are gone)
    static constexpr qsizetype MaxCoupons = 16; // coupons (the domain allows 1-4)
    static constexpr qsizetype MaxPayTypes = 8; // payTypes

    // The order request.
    [[nodiscard]] static QByteArray encodeRequest(const OrderRequest &request);
    [[nodiscard]] static JsonValue requestToJson(const OrderRequest &request);
    // Fails only when the bytes are not JSON (or too large); shape problems are in issues.
    [[nodiscard]] static std::expected<Decoded<OrderRequest>, JsonSyntaxError> decodeRequest(QByteArrayView json);
    // `path` prefixes every issue's field (for an order embedded in a larger document).
    [[nodiscard]] static Decoded<OrderRequest> requestFromJson(const JsonValue &value, const QString &path = {});

    // The order view: the request's fields (payer masked) plus id, state and timestamps.
    [[nodiscard]] static QByteArray encodeView(const OrderView &view);
    [[nodiscard]] static JsonValue viewToJson(const OrderView &view);
    [[nodiscard]] static std::expected<Decoded<OrderView>, JsonSyntaxError> decodeView(QByteArrayView json);
    [[nodiscard]] static Decoded<OrderView> viewFromJson(const JsonValue &value, const QString &path = {});

    // "2026-11-20T10:15:00Z" (UTC, whole seconds; milliseconds are dropped).
    [[nodiscard]] static QString formatInstant(const QDateTime &utc);
    // The inverse; an invalid QDateTime for anything but that exact form.
    [[nodiscard]] static QDateTime parseInstant(QStringView text);
};

} // namespace deskpay
