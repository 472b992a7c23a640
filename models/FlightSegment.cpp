#include "models/FlightSegment.h"

#include "models/AirportTable.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

bool isUpper(QChar c)
{
    return c >= u'A' && c <= u'Z';
}

bool isDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

bool isAirportCode(QStringView code)
{
    return code.size() == 3 && isUpper(code[0]) && isUpper(code[1]) && isUpper(code[2]);
}

// Two-digit or four-digit ASCII number at `at`, or -1.
int number(QStringView s, qsizetype at, qsizetype digits)
{
    int value = 0;
    for (qsizetype i = at; i < at + digits; ++i) {
        if (!isDigit(s[i]))
            return -1;
        value = value * 10 + (s[i].unicode() - u'0');
    }
    return value;
}

} // namespace

Result<QString> FlightSegment::normaliseFlightNumber(QStringView text)
{
    if (text.isEmpty()) {
        return fail(u"required"_s, QCoreApplication::translate("deskpay::FlightSegment", "Enter the flight number."),
            u"flightNumber"_s);
    }
    const auto formatError = [&] {
        return fail(u"flight_number_format"_s,
            QCoreApplication::translate("deskpay::FlightSegment",
                "\"%1\" is not a flight number; write the airline code and 1–4 "
                "digits, like CA981.")
                .arg(text.left(16).toString()),
            u"flightNumber"_s);
    };
    // ^([A-Z][A-Z0-9]|[0-9][A-Z])\d{1,4}[A-Z]?$ with ASCII digits only. Both airline
    // alternatives are two characters, so the airline is always the first two.
    if (text.size() < 3 || text.size() > 7)
        return formatError();
    const QChar a = text[0];
    const QChar b = text[1];
    if (!((isUpper(a) && (isUpper(b) || isDigit(b))) || (isDigit(a) && isUpper(b))))
        return formatError();
    qsizetype end = text.size();
    const bool hasSuffix = isUpper(text[end - 1]);
    if (hasSuffix)
        --end;
    const qsizetype digits = end - 2;
    if (digits < 1 || digits > 4)
        return formatError();
    const int value = number(text, 2, digits);
    if (value < 0)
        return formatError();
    if (value == 0) // flight 0 does not exist; "CA0000" is a typing slip
        return formatError();
    QString canonical = text.left(2).toString() + QString::number(value);
    if (hasSuffix)
        canonical += text.back();
    return canonical;
}

QString FlightSegment::canonicalFlightNumber() const
{
    return normaliseFlightNumber(flightNumber).value_or(QString());
}

bool FlightSegment::sameFlightNumber(QStringView a, QStringView b)
{
    const Result<QString> na = normaliseFlightNumber(a);
    const Result<QString> nb = normaliseFlightNumber(b);
    return na && nb && *na == *nb;
}

QString FlightSegment::departureLocalString() const
{
    if (!departureDate.isValid() || !departureTime.isValid())
        return {};
    return departureDate.toString(Qt::ISODate) + u'T'
        + departureTime.toString(departureTime.second() != 0 ? u"HH:mm:ss" : u"HH:mm");
}

Result<void> FlightSegment::setDepartureLocal(QStringView text)
{
    // Strictly "yyyy-MM-ddTHH:mm[:ss]": no offset, no zone, no fractions — the zone is the
    // origin airport's, and an offset here would contradict it.
    const auto formatError = [&] {
        return fail(u"departure_format"_s,
            QCoreApplication::translate(
                "deskpay::FlightSegment", "\"%1\" is not a local date and time like 2025-10-01T08:30.")
                .arg(text.left(32).toString()),
            u"departureLocal"_s);
    };
    if (text.size() != 16 && text.size() != 19)
        return formatError();
    if (text[4] != u'-' || text[7] != u'-' || text[10] != u'T' || text[13] != u':')
        return formatError();
    if (text.size() == 19 && text[16] != u':')
        return formatError();
    const int year = number(text, 0, 4);
    const int month = number(text, 5, 2);
    const int day = number(text, 8, 2);
    const int hour = number(text, 11, 2);
    const int minute = number(text, 14, 2);
    const int second = text.size() == 19 ? number(text, 17, 2) : 0;
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0)
        return formatError();
    const QDate date(year, month, day);
    const QTime time(hour, minute, second);
    if (!date.isValid() || !time.isValid())
        return formatError();
    departureDate = date;
    departureTime = time;
    return {};
}

Result<QDateTime> FlightSegment::departureUtc(const AirportTable &airports) const
{
    if (!departureDate.isValid() || !departureTime.isValid()) {
        return fail(u"required"_s,
            QCoreApplication::translate("deskpay::FlightSegment", "Enter the local departure date and time."),
            u"departureLocal"_s);
    }
    const QTimeZone zone = airports.timeZone(origin);
    if (!zone.isValid()) {
        return fail(u"airport_unknown"_s,
            QCoreApplication::translate("deskpay::FlightSegment", "Unknown airport \"%1\".").arg(origin.left(8)),
            u"origin"_s);
    }

    // Resolve the wall-clock time ourselves instead of trusting QDateTime(date, time, zone):
    // a time inside a DST gap must be an error, not silently moved, and a time that occurs
    // twice must resolve the same way on every Qt version (the earlier instant).
    const qint64 wallMs = QDateTime(departureDate, departureTime, Qt::UTC).toMSecsSinceEpoch();
    constexpr qint64 dayMs = 24 * 3600 * 1000;
    const int offsets[2] = {
        zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(wallMs - dayMs, Qt::UTC)),
        zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(wallMs + dayMs, Qt::UTC)),
    };
    qint64 best = 0;
    bool found = false;
    for (int offset : offsets) {
        const qint64 candidate = wallMs - qint64(offset) * 1000;
        if (zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(candidate, Qt::UTC)) != offset)
            continue;
        if (!found || candidate < best)
            best = candidate;
        found = true;
    }
    if (!found) {
        return fail(u"departure_nonexistent"_s,
            QCoreApplication::translate("deskpay::FlightSegment",
                "%1 does not exist in %2 (the clocks skip it for daylight saving "
                "time).")
                .arg(departureLocalString(), QString::fromLatin1(zone.id())),
            u"departureLocal"_s);
    }
    return QDateTime::fromMSecsSinceEpoch(best, Qt::UTC);
}

ValidationReport FlightSegment::validate(const AirportTable &airports) const
{
    ValidationReport report;

    if (const Result<QString> flight = normaliseFlightNumber(flightNumber); !flight)
        report.add(u"flightNumber"_s, flight.error().code, flight.error().message);

    const auto checkAirport = [&](const QString &field, const QString &code) {
        if (code.isEmpty()) {
            report.add(
                field, u"required"_s, QCoreApplication::translate("deskpay::FlightSegment", "Enter the airport code."));
            return false;
        }
        if (!isAirportCode(code)) {
            report.add(field, u"airport_format"_s,
                QCoreApplication::translate("deskpay::FlightSegment",
                    "\"%1\" is not an airport code; write three capital letters, "
                    "like PEK.")
                    .arg(code.left(8)));
            return false;
        }
        if (!airports.contains(code)) {
            report.add(field, u"airport_unknown"_s,
                QCoreApplication::translate("deskpay::FlightSegment", "Unknown airport \"%1\".").arg(code));
            return false;
        }
        return true;
    };
    const bool originOk = checkAirport(u"origin"_s, origin);
    const bool destinationOk = checkAirport(u"destination"_s, destination);
    if (originOk && destinationOk && origin == destination) {
        report.add(u"destination"_s, u"same_airport"_s,
            QCoreApplication::translate("deskpay::FlightSegment", "The destination must differ from the origin."));
    }

    if (!departureDate.isValid() || !departureTime.isValid()) {
        report.add(u"departureLocal"_s, u"required"_s,
            QCoreApplication::translate("deskpay::FlightSegment", "Enter the local departure date and time."));
    } else if (originOk) {
        if (const Result<QDateTime> utc = departureUtc(airports); !utc)
            report.add(utc.error().field, utc.error().code, utc.error().message);
    }

    if (bookingClass.isEmpty()) {
        report.add(u"bookingClass"_s, u"required"_s,
            QCoreApplication::translate("deskpay::FlightSegment", "Enter the booking class."));
    } else if (bookingClass.size() != 1 || !isUpper(bookingClass.front())) {
        report.add(u"bookingClass"_s, u"booking_class_format"_s,
            QCoreApplication::translate("deskpay::FlightSegment", "The booking class is one capital letter A–Z."));
    }

    if (cabin < Cabin::Economy || cabin > Cabin::First) {
        report.add(u"cabin"_s, u"cabin_unknown"_s,
            QCoreApplication::translate("deskpay::FlightSegment", "Choose a cabin: F, J, W or Y."));
    }
    return report;
}

} // namespace deskpay
