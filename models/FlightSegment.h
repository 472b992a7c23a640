#pragma once
// FlightSegment: one flight of a ticket — designator, airports, airport-local departure,
// booking class and cabin — with its validation and the conversion of departure to UTC.

#include "models/Cabin.h"
#include "models/Error.h"
#include "models/Validation.h"

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QTime>

namespace deskpay {

class AirportTable;

// A plain value: codecs and forms fill the public fields, validate() says what is wrong.
struct FlightSegment
{
    QString flightNumber; // "CA981" or "CA0981"; see canonicalFlightNumber()
    QString origin; // IATA airport code, upper case
    QString destination; // IATA airport code, upper case
    QDate departureDate; // airport-local wall-clock date at the origin
    QTime departureTime; // airport-local wall-clock time at the origin
    QString bookingClass; // one letter A–Z (RBD)
    Cabin cabin = Cabin::Economy;

    // Canonical designator: airline + number without leading zeros + optional suffix,
    // "CA0981" -> "CA981", "3U08" -> "3U8". Must match
    // ^([A-Z][A-Z0-9]|[0-9][A-Z])\d{1,4}[A-Z]?$ exactly (upper case, no spaces); a number
    // of all zeros is refused. Errors: "required", "flight_number_format".
    [[nodiscard]] static Result<QString> normaliseFlightNumber(QStringView text);
    // canonical form of flightNumber, or an empty string when it is not valid.
    [[nodiscard]] QString canonicalFlightNumber() const;
    // True when both designators are valid and name the same flight (CA0981 == CA981).
    [[nodiscard]] static bool sameFlightNumber(QStringView a, QStringView b);

    // Departure as the wire writes it: "2025-10-01T08:30" (":ss" only when seconds are set);
    // empty when the date or time is missing.
    [[nodiscard]] QString departureLocalString() const;
    // Sets departureDate/Time from "yyyy-MM-ddTHH:mm[:ss]" with no offset or zone (the zone is
    // the origin airport's). Error "departure_format" (fields unchanged) otherwise.
    [[nodiscard]] Result<void> setDepartureLocal(QStringView isoLocal);

    // The departure instant in UTC, using the origin airport's IANA zone. Errors:
    // "required" (no date/time), "airport_unknown", "departure_nonexistent" (the local time
    // falls in a DST gap). A local time that occurs twice (DST fall-back) resolves to the
    // earlier instant. Error.field is "departureLocal" or "origin".
    [[nodiscard]] Result<QDateTime> departureUtc(const AirportTable &airports) const;

    // Every problem at once, field paths relative to the segment: "flightNumber", "origin",
    // "destination", "departureLocal", "bookingClass", "cabin". Codes: "required",
    // "flight_number_format", "airport_format", "airport_unknown", "same_airport" (on
    // "destination"), "departure_nonexistent", "booking_class_format", "cabin_unknown" (an
    // out-of-range enum value).
    [[nodiscard]] ValidationReport validate(const AirportTable &airports) const;

    friend bool operator==(const FlightSegment &, const FlightSegment &) = default;
};

} // namespace deskpay
