#include "models/ChangeOrder.h"

#include "models/AirportTable.h"
#include "models/Clock.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

// A desk clock a few minutes ahead of the server's must not make a fresh quote "future".
constexpr qint64 kQuoteClockSkewSecs = 300;
constexpr qsizetype kMaxPassengerName = 64;

struct ProductRow
{
    ProductType type;
    const char16_t *name;
};

constexpr ProductRow kProducts[] = {
    { ProductType::DateChange, u"DATE_CHANGE" },
    { ProductType::Upgrade, u"UPGRADE" },
    { ProductType::DateChangeUpgrade, u"DATE_CHANGE_UPGRADE" },
};

bool isKnown(ProductType type)
{
    return type == ProductType::DateChange || type == ProductType::Upgrade || type == ProductType::DateChangeUpgrade;
}

bool changesDate(ProductType type)
{
    return type == ProductType::DateChange || type == ProductType::DateChangeUpgrade;
}

bool upgrades(ProductType type)
{
    return type == ProductType::Upgrade || type == ProductType::DateChangeUpgrade;
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

bool isNameCharacter(QChar c)
{
    if (c.isLetter() || c.isMark())
        return true;
    return c == u' ' || c == u'/' || c == u'-' || c == u'.' || c == u'\'' || c == u',' || c == QChar(0x00B7);
}

} // namespace

QString productTypeName(ProductType type)
{
    for (const ProductRow &row : kProducts) {
        if (row.type == type)
            return QString::fromUtf16(row.name);
    }
    return {};
}

Result<ProductType> productTypeFromName(QStringView name)
{
    for (const ProductRow &row : kProducts) {
        if (name == QStringView(row.name))
            return row.type;
    }
    return fail(u"product_type_unknown"_s,
        QCoreApplication::translate("deskpay::ChangeOrder",
            "Unknown product \"%1\"; use DATE_CHANGE, UPGRADE or "
            "DATE_CHANGE_UPGRADE.")
            .arg(name.left(32).toString()),
        u"productType"_s);
}

QString productTypeDisplayName(ProductType type)
{
    switch (type) {
    case ProductType::DateChange:
        return QCoreApplication::translate("deskpay::ChangeOrder", "Date change");
    case ProductType::Upgrade:
        return QCoreApplication::translate("deskpay::ChangeOrder", "Upgrade");
    case ProductType::DateChangeUpgrade:
        return QCoreApplication::translate("deskpay::ChangeOrder", "Date change and upgrade");
    }
    return {};
}

Result<Money> ChangePricing::total() const
{
    Result<Money> out = fareDifference.add(taxDifference); // GCC 12's std::expected has no and_then
    if (out)
        out = out->add(changeFee);
    if (!out)
        out.error().field = u"pricing.total"_s;
    return out;
}

Result<QString> ChangeOrder::normaliseTicketNumber(QStringView text)
{
    if (text.isEmpty()) {
        return fail(u"required"_s, QCoreApplication::translate("deskpay::ChangeOrder", "Enter the ticket number."),
            u"ticketNumber"_s);
    }
    // 13 digits: 3-digit airline code + 10-digit serial, optionally written "176-2342567890".
    QString digits;
    if (text.size() == 14 && text[3] == u'-')
        digits = text.left(3).toString() + text.mid(4).toString();
    else if (text.size() == 13)
        digits = text.toString();
    if (digits.size() != 13 || !std::all_of(digits.cbegin(), digits.cend(), isAsciiDigit)) {
        return fail(u"ticket_number_format"_s,
            QCoreApplication::translate("deskpay::ChangeOrder",
                "\"%1\" is not a ticket number; write 13 digits, like "
                "176-2342567890.")
                .arg(text.left(20).toString()),
            u"ticketNumber"_s);
    }
    return digits;
}

void ChangeOrder::normalise()
{
    if (const Result<QString> t = normaliseTicketNumber(ticketNumber))
        ticketNumber = *t;
    if (const Result<QString> f = FlightSegment::normaliseFlightNumber(originalSegment.flightNumber))
        originalSegment.flightNumber = *f;
    if (const Result<QString> f = FlightSegment::normaliseFlightNumber(newSegment.flightNumber))
        newSegment.flightNumber = *f;
}

Result<QDateTime> ChangeOrder::expiry(const AirportTable &airports, const ChangeOrderPolicy &policy) const
{
    if (!quotedAt.isValid()) {
        return fail(u"required"_s,
            QCoreApplication::translate("deskpay::ChangeOrder", "The time of the price quote is missing."),
            u"quotedAt"_s);
    }
    Result<QDateTime> departure = newSegment.departureUtc(airports);
    if (!departure) {
        departure.error().field = u"newSegment."_s + departure.error().field;
        return std::unexpected(departure.error());
    }
    const QDateTime quoteEnd = quotedAt.toUTC().addSecs(policy.priceGuarantee.count());
    const QDateTime cutOff = departure->addSecs(-policy.departureCutOff.count());
    return qMin(quoteEnd, cutOff);
}

ValidationReport ChangeOrder::validate(
    const Clock &clock, const AirportTable &airports, const ChangeOrderPolicy &policy) const
{
    ValidationReport report;
    const QDateTime now = clock.now();

    if (!isKnown(productType)) {
        report.add(u"productType"_s, u"product_type_unknown"_s,
            QCoreApplication::translate("deskpay::ChangeOrder", "Choose the product: date change, upgrade or both."));
    }

    if (const Result<QString> t = normaliseTicketNumber(ticketNumber); !t)
        report.add(u"ticketNumber"_s, t.error().code, t.error().message);

    if (pnr.isEmpty()) {
        report.add(u"pnr"_s, u"required"_s,
            QCoreApplication::translate("deskpay::ChangeOrder", "Enter the booking reference (PNR)."));
    } else if (pnr.size() != 6 || !std::all_of(pnr.cbegin(), pnr.cend(), [](QChar c) {
                   return isAsciiDigit(c) || (c >= u'A' && c <= u'Z');
               })) {
        report.add(u"pnr"_s, u"pnr_format"_s,
            QCoreApplication::translate("deskpay::ChangeOrder",
                "The booking reference is 6 capital letters or digits, like "
                "MX3K9P."));
    }

    const QString name = passengerName.trimmed();
    if (name.isEmpty()) {
        report.add(u"passengerName"_s, u"required"_s,
            QCoreApplication::translate("deskpay::ChangeOrder", "Enter the passenger's name."));
    } else if (name.size() > kMaxPassengerName) {
        report.add(u"passengerName"_s, u"passenger_name_too_long"_s,
            QCoreApplication::translate("deskpay::ChangeOrder", "The passenger's name has at most %1 characters.")
                .arg(kMaxPassengerName));
    } else if (!std::all_of(name.cbegin(), name.cend(), isNameCharacter)
        || !std::any_of(name.cbegin(), name.cend(), [](QChar c) { return c.isLetter(); })) {
        report.add(u"passengerName"_s, u"passenger_name_format"_s,
            QCoreApplication::translate("deskpay::ChangeOrder",
                "Write the passenger's name as on the ticket, like ZHANG/SAN; "
                "letters, spaces and / - . ' only."));
    }

    if (coupons.isEmpty()) {
        report.add(u"coupons"_s, u"required"_s,
            QCoreApplication::translate("deskpay::ChangeOrder", "Choose the coupons the change applies to."));
    }
    for (qsizetype i = 0; i < coupons.size(); ++i) {
        const QString field = u"coupons[%1]"_s.arg(i);
        if (coupons[i] < 1 || coupons[i] > 4) {
            report.add(field, u"coupon_range"_s,
                QCoreApplication::translate("deskpay::ChangeOrder", "Coupon numbers are 1 to 4, not %1.")
                    .arg(coupons[i]));
        } else if (coupons.indexOf(coupons[i]) < i) {
            report.add(field, u"coupon_duplicate"_s,
                QCoreApplication::translate("deskpay::ChangeOrder", "Coupon %1 is listed twice.").arg(coupons[i]));
        }
    }

    const ValidationReport originalReport = originalSegment.validate(airports);
    const ValidationReport newReport = newSegment.validate(airports);
    report.merge(originalReport, u"originalSegment"_s);
    report.merge(newReport, u"newSegment"_s);

    // Rules across segments, each only where the fields it compares are themselves valid, so
    // one mistake is reported once.
    const auto fieldOk = [](const ValidationReport &r, const QString &field) { return r.issuesFor(field).isEmpty(); };
    if (fieldOk(newReport, u"origin"_s) && fieldOk(newReport, u"departureLocal"_s)) {
        if (const Result<QDateTime> departure = newSegment.departureUtc(airports)) {
            if (*departure <= now) {
                report.add(u"newSegment.departureLocal"_s, u"departure_in_past"_s,
                    QCoreApplication::translate("deskpay::ChangeOrder", "The new flight must depart in the future."));
            } else if (departure->addSecs(-policy.departureCutOff.count()) <= now) {
                // Computed outside the translate() call: Qt 6.4's lupdate loops forever on a
                // functional cast with an operator inside a %n argument.
                const int cutOffMinutes = static_cast<int>(policy.departureCutOff.count() / 60);
                report.add(u"newSegment.departureLocal"_s, u"departure_within_cut_off"_s,
                    QCoreApplication::translate("deskpay::ChangeOrder",
                        "The new flight departs too soon: changes close %n minute(s) "
                        "before departure.",
                        nullptr, cutOffMinutes));
            }
        }
    }

    if (isKnown(productType)) {
        const bool datesOk = fieldOk(originalReport, u"departureLocal"_s) && fieldOk(newReport, u"departureLocal"_s);
        const bool flightsOk = fieldOk(originalReport, u"flightNumber"_s) && fieldOk(newReport, u"flightNumber"_s);
        const bool dateChanged = datesOk && originalSegment.departureDate != newSegment.departureDate;
        const bool flightChanged
            = flightsOk && !FlightSegment::sameFlightNumber(originalSegment.flightNumber, newSegment.flightNumber);
        if (changesDate(productType)) {
            if (datesOk && flightsOk && !dateChanged && !flightChanged) {
                report.add(u"newSegment.departureLocal"_s, u"date_or_flight_unchanged"_s,
                    QCoreApplication::translate(
                        "deskpay::ChangeOrder", "A date change needs another date or another flight."));
            }
        } else {
            if (flightChanged) {
                report.add(u"newSegment.flightNumber"_s, u"upgrade_changes_flight"_s,
                    QCoreApplication::translate("deskpay::ChangeOrder",
                        "An upgrade keeps the flight; sell a date change and upgrade to change it."));
            }
            if (dateChanged) {
                report.add(u"newSegment.departureLocal"_s, u"upgrade_changes_flight"_s,
                    QCoreApplication::translate("deskpay::ChangeOrder",
                        "An upgrade keeps the date; sell a date change and upgrade to change it."));
            }
        }

        // Neither product changes the route: that is a reissue, not a change order.
        if (fieldOk(originalReport, u"origin"_s) && fieldOk(newReport, u"origin"_s)
            && originalSegment.origin != newSegment.origin) {
            report.add(u"newSegment.origin"_s, u"route_changed"_s,
                QCoreApplication::translate(
                    "deskpay::ChangeOrder", "The new flight must leave from the same airport as the original one."));
        }
        if (fieldOk(originalReport, u"destination"_s) && fieldOk(newReport, u"destination"_s)
            && originalSegment.destination != newSegment.destination) {
            report.add(u"newSegment.destination"_s, u"route_changed"_s,
                QCoreApplication::translate(
                    "deskpay::ChangeOrder", "The new flight must arrive at the same airport as the original one."));
        }

        if (fieldOk(originalReport, u"cabin"_s) && fieldOk(newReport, u"cabin"_s)) {
            if (upgrades(productType) && !(newSegment.cabin > originalSegment.cabin)) {
                report.add(u"newSegment.cabin"_s, u"cabin_not_higher"_s,
                    QCoreApplication::translate("deskpay::ChangeOrder", "An upgrade must go to a higher cabin than %1.")
                        .arg(cabinDisplayName(originalSegment.cabin)));
            } else if (!upgrades(productType) && newSegment.cabin != originalSegment.cabin) {
                report.add(u"newSegment.cabin"_s, u"cabin_changed"_s,
                    QCoreApplication::translate("deskpay::ChangeOrder",
                        "A date change keeps the cabin; sell a date change and upgrade for a higher one."));
            }
        }
    }

    // Pricing: every line present, one currency, then the total.
    struct Line
    {
        QString field;
        const Money *amount;
        bool mayBeNegative;
    };
    const Line lines[] = {
        { u"pricing.fareDifference"_s, &pricing.fareDifference, false },
        { u"pricing.taxDifference"_s, &pricing.taxDifference, true },
        { u"pricing.changeFee"_s, &pricing.changeFee, false },
    };
    Currency currency;
    bool linesOk = true;
    for (const Line &line : lines) {
        if (!line.amount->isValid()) {
            report.add(line.field, u"required"_s,
                QCoreApplication::translate("deskpay::ChangeOrder", "Enter the amount and its currency."));
            linesOk = false;
            continue;
        }
        if (!currency.isValid())
            currency = line.amount->currency();
        if (!(line.amount->currency() == currency)) {
            report.add(line.field, u"currency_mismatch"_s,
                QCoreApplication::translate("deskpay::ChangeOrder", "Every amount must be in %1, not %2.")
                    .arg(currency.code(), line.amount->currencyCode()));
            linesOk = false;
        }
        if (!line.mayBeNegative && line.amount->isNegative()) {
            report.add(line.field, u"amount_negative"_s,
                QCoreApplication::translate("deskpay::ChangeOrder", "This amount cannot be negative."));
            linesOk = false;
        }
    }
    if (linesOk) {
        const Result<Money> total = pricing.total();
        if (!total)
            report.add(u"pricing.total"_s, total.error().code, total.error().message);
        else if (!total->isPositive())
            report.add(u"pricing.total"_s, u"total_not_positive"_s,
                QCoreApplication::translate("deskpay::ChangeOrder", "The total to pay must be more than zero."));
    }

    if (!quotedAt.isValid()) {
        report.add(u"quotedAt"_s, u"required"_s,
            QCoreApplication::translate("deskpay::ChangeOrder", "The time of the price quote is missing."));
    } else if (quotedAt > now.addSecs(kQuoteClockSkewSecs)) {
        report.add(u"quotedAt"_s, u"quoted_in_future"_s,
            QCoreApplication::translate("deskpay::ChangeOrder", "The price quote is dated in the future."));
    } else if (quotedAt.addSecs(policy.priceGuarantee.count()) <= now) {
        report.add(u"quotedAt"_s, u"quote_expired"_s,
            QCoreApplication::translate(
                "deskpay::ChangeOrder", "The price quote has expired; quote the change again."));
    }

    return report;
}

} // namespace deskpay
