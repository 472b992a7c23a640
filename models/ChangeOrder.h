#pragma once
// ChangeOrder: the custom product an agent sells — a date change, an upgrade or both — with
// its pricing, its business rules and the time its quote expires.

#include "models/Error.h"
#include "models/FlightSegment.h"
#include "models/Money.h"
#include "models/Validation.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringView>

#include <chrono>

namespace deskpay {

class AirportTable;
class Clock;

enum class ProductType : quint8 {
    DateChange, // "DATE_CHANGE": another date or flight, same route and cabin
    Upgrade, // "UPGRADE": same flight and date, strictly higher cabin
    DateChangeUpgrade, // "DATE_CHANGE_UPGRADE": both
};

// The stable wire name ("DATE_CHANGE").
[[nodiscard]] QString productTypeName(ProductType type);
// From the wire name (exact, upper case); "product_type_unknown" otherwise.
[[nodiscard]] Result<ProductType> productTypeFromName(QStringView name);
// The translated name for people.
[[nodiscard]] QString productTypeDisplayName(ProductType type);

// The price lines of a change. All three are required and must share one currency.
struct ChangePricing
{
    Money fareDifference; // new fare − old fare; must not be negative (a cheaper fare is 0)
    Money taxDifference; // may be negative (a tax that is no longer due)
    Money changeFee; // must not be negative

    // fareDifference + taxDifference + changeFee. Errors: "currency_mismatch",
    // "money_overflow" (field "pricing.total").
    [[nodiscard]] Result<Money> total() const;

    friend bool operator==(const ChangePricing &, const ChangePricing &) = default;
};

// The business parameters of a change that are not part of the order data.
struct ChangeOrderPolicy
{
    // How long a quoted price holds.
    std::chrono::seconds priceGuarantee = std::chrono::hours(24);
    // How long before the new departure the order must be paid.
    std::chrono::seconds departureCutOff = std::chrono::hours(2);
};

// A plain value: codecs and forms fill the public fields, validate() says what is wrong.
struct ChangeOrder
{
    ProductType productType = ProductType::DateChange;
    QString ticketNumber; // 13 digits; "176-2342567890" is accepted, normalise() stores "1762342567890"
    QString pnr; // ^[A-Z0-9]{6}$
    QString passengerName; // as on the ticket, "ZHANG/SAN MR"; 1–64 characters, no control characters
    QList<int> coupons; // coupon numbers 1–4 the change applies to; at least one, no duplicates
    FlightSegment originalSegment;
    FlightSegment newSegment;
    ChangePricing pricing;
    QDateTime quotedAt; // UTC instant the price was quoted

    // "176-2342567890" or "1762342567890" -> "1762342567890". Errors: "required",
    // "ticket_number_format".
    [[nodiscard]] static Result<QString> normaliseTicketNumber(QStringView text);

    // Rewrites ticketNumber and both flight numbers to their canonical forms where they are
    // valid (invalid values are left for validate() to report).
    void normalise();

    // The earliest of (quotedAt + priceGuarantee) and (new departure in UTC − departureCutOff).
    // Errors: "required" (field "quotedAt"), or departureUtc()'s errors with field
    // "newSegment.departureLocal" / "newSegment.origin".
    [[nodiscard]] Result<QDateTime> expiry(const AirportTable &airports, const ChangeOrderPolicy &policy = {}) const;

    // Every problem at once, each with a field path, a stable code and a translated message
    // (context "deskpay::ChangeOrder"):
    //   "productType"                 product_type_unknown (an out-of-range enum value)
    //   "ticketNumber"                required, ticket_number_format
    //   "pnr"                         required, pnr_format
    //   "passengerName"               required, passenger_name_too_long, passenger_name_format
    //   "coupons" / "coupons[i]"      required, coupon_range, coupon_duplicate
    //   "originalSegment.<field>",
    //   "newSegment.<field>"          FlightSegment::validate() codes
    //   "newSegment.departureLocal"   departure_in_past, departure_within_cut_off,
    //                                 date_or_flight_unchanged (date change keeps date and flight),
    //                                 upgrade_changes_flight (upgrade changes date or flight)
    //   "newSegment.flightNumber"     upgrade_changes_flight
    //   "newSegment.origin",
    //   "newSegment.destination"      route_changed
    //   "newSegment.cabin"            cabin_not_higher (upgrade), cabin_changed (date change only)
    //   "pricing.fareDifference",
    //   "pricing.taxDifference",
    //   "pricing.changeFee"           required, currency_mismatch (vs fareDifference), amount_negative
    //   "pricing.total"               money_overflow, total_not_positive
    //   "quotedAt"                    required, quoted_in_future (more than 5 min ahead of now),
    //                                 quote_expired (quotedAt + priceGuarantee <= now)
    // "Now" comes from `clock`; `policy` gives the price guarantee and departure cut-off.
    [[nodiscard]] ValidationReport validate(
        const Clock &clock, const AirportTable &airports, const ChangeOrderPolicy &policy = {}) const;

    friend bool operator==(const ChangeOrder &, const ChangeOrder &) = default;
};

} // namespace deskpay
