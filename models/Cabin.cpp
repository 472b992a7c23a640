#include "models/Cabin.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace deskpay {

QString cabinCode(Cabin cabin)
{
    switch (cabin) {
    case Cabin::Economy:
        return u"Y"_s;
    case Cabin::PremiumEconomy:
        return u"W"_s;
    case Cabin::Business:
        return u"J"_s;
    case Cabin::First:
        return u"F"_s;
    }
    return {}; // not reached: the switch covers every cabin
}

Result<Cabin> cabinFromCode(QStringView code)
{
    for (Cabin cabin : allCabins()) {
        if (code == cabinCode(cabin))
            return cabin;
    }
    return fail(u"cabin_unknown"_s,
        QCoreApplication::translate("deskpay::Cabin", "Unknown cabin \"%1\"; use F, J, W or Y.")
            .arg(code.left(8).toString()));
}

QString cabinDisplayName(Cabin cabin)
{
    switch (cabin) {
    case Cabin::Economy:
        return QCoreApplication::translate("deskpay::Cabin", "Economy");
    case Cabin::PremiumEconomy:
        return QCoreApplication::translate("deskpay::Cabin", "Premium economy");
    case Cabin::Business:
        return QCoreApplication::translate("deskpay::Cabin", "Business");
    case Cabin::First:
        return QCoreApplication::translate("deskpay::Cabin", "First");
    }
    return {}; // not reached: the switch covers every cabin
}

QList<Cabin> allCabins()
{
    return { Cabin::Economy, Cabin::PremiumEconomy, Cabin::Business, Cabin::First };
}

} // namespace deskpay
