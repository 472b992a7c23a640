#pragma once
// Currency: an ISO 4217 currency this system knows, with its number of minor units (decimals).

#include "models/Error.h"

#include <QList>
#include <QString>
#include <QStringView>

namespace deskpay {

class Currency
{
public:
    // An invalid currency (no code); what a default-constructed Money carries.
    Currency() = default;

    // The currency for an upper-case ISO 4217 code ("CNY"); "unknown_currency" otherwise.
    // Lower case is refused on purpose: the code is part of the wire format.
    [[nodiscard]] static Result<Currency> fromCode(QStringView code);
    // Every currency the table knows, sorted by code.
    [[nodiscard]] static QList<Currency> all();

    [[nodiscard]] bool isValid() const { return m_minorUnits >= 0; }
    [[nodiscard]] QString code() const { return m_code; } // "CNY"; empty when invalid
    [[nodiscard]] int minorUnits() const { return m_minorUnits; } // JPY 0, CNY 2, KWD 3; -1 when invalid
    // 10^minorUnits: how many minor units make one major unit (1 for JPY, 1000 for KWD).
    [[nodiscard]] qint64 minorPerMajor() const;

    friend bool operator==(const Currency &a, const Currency &b) { return a.m_code == b.m_code; }

private:
    Currency(QString code, int minorUnits)
        : m_code(std::move(code))
        , m_minorUnits(minorUnits)
    {
    }

    QString m_code;
    int m_minorUnits = -1;
};

} // namespace deskpay
