#pragma once
// Cabin: the travel class of a segment, ordered F > J > W > Y so "higher cabin" is a comparison.

#include "models/Error.h"

#include <QList>
#include <QString>
#include <QStringView>

namespace deskpay {

// The enumerator values give the order: Cabin::First > Cabin::Business, etc. Compare with
// the built-in relational operators of the enum.
enum class Cabin : quint8 {
    Economy = 1, // Y
    PremiumEconomy = 2, // W
    Business = 3, // J
    First = 4, // F
};

// The one-letter wire code: "F", "J", "W", "Y".
[[nodiscard]] QString cabinCode(Cabin cabin);
// From the one-letter code (upper case only); "cabin_unknown" otherwise.
[[nodiscard]] Result<Cabin> cabinFromCode(QStringView code);
// The translated name for people ("Business").
[[nodiscard]] QString cabinDisplayName(Cabin cabin);
// All cabins, lowest first.
[[nodiscard]] QList<Cabin> allCabins();

} // namespace deskpay
