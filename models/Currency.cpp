#include "models/Currency.h"

#include <QCoreApplication>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

struct CurrencyRow
{
    char16_t code[4];
    int minorUnits;
};

// ISO 4217 minor units (the standard's "E" column), sorted by code for binary search. Only
// currencies an airline desk plausibly collects in; add a row when a market needs one.
constexpr std::array kCurrencies {
    CurrencyRow { u"AED", 2 },
    CurrencyRow { u"AUD", 2 },
    CurrencyRow { u"BHD", 3 },
    CurrencyRow { u"CAD", 2 },
    CurrencyRow { u"CHF", 2 },
    CurrencyRow { u"CLP", 0 },
    CurrencyRow { u"CNY", 2 },
    CurrencyRow { u"CZK", 2 },
    CurrencyRow { u"DKK", 2 },
    CurrencyRow { u"EUR", 2 },
    CurrencyRow { u"GBP", 2 },
    CurrencyRow { u"HKD", 2 },
    CurrencyRow { u"HUF", 2 },
    CurrencyRow { u"IDR", 2 },
    CurrencyRow { u"INR", 2 },
    CurrencyRow { u"IQD", 3 },
    CurrencyRow { u"ISK", 0 },
    CurrencyRow { u"JOD", 3 },
    CurrencyRow { u"JPY", 0 },
    CurrencyRow { u"KRW", 0 },
    CurrencyRow { u"KWD", 3 },
    CurrencyRow { u"LYD", 3 },
    CurrencyRow { u"MOP", 2 },
    CurrencyRow { u"MYR", 2 },
    CurrencyRow { u"NOK", 2 },
    CurrencyRow { u"NZD", 2 },
    CurrencyRow { u"OMR", 3 },
    CurrencyRow { u"PHP", 2 },
    CurrencyRow { u"PLN", 2 },
    CurrencyRow { u"QAR", 2 },
    CurrencyRow { u"RUB", 2 },
    CurrencyRow { u"SAR", 2 },
    CurrencyRow { u"SEK", 2 },
    CurrencyRow { u"SGD", 2 },
    CurrencyRow { u"THB", 2 },
    CurrencyRow { u"TND", 3 },
    CurrencyRow { u"TRY", 2 },
    CurrencyRow { u"TWD", 2 },
    CurrencyRow { u"USD", 2 },
    CurrencyRow { u"VND", 0 },
    CurrencyRow { u"XAF", 0 },
    CurrencyRow { u"XOF", 0 },
    CurrencyRow { u"ZAR", 2 },
};

constexpr bool tableIsSorted()
{
    for (std::size_t i = 1; i < kCurrencies.size(); ++i) {
        const std::u16string_view prev(kCurrencies[i - 1].code);
        const std::u16string_view cur(kCurrencies[i].code);
        if (!(prev < cur))
            return false;
    }
    return true;
}
static_assert(tableIsSorted(), "kCurrencies must stay sorted by code");

} // namespace

Result<Currency> Currency::fromCode(QStringView code)
{
    const std::u16string_view key(code.utf16(), std::size_t(code.size()));
    const auto it = std::lower_bound(kCurrencies.begin(), kCurrencies.end(), key,
        [](const CurrencyRow &row, std::u16string_view k) { return std::u16string_view(row.code) < k; });
    if (it == kCurrencies.end() || std::u16string_view(it->code) != key) {
        return fail(u"unknown_currency"_s,
            QCoreApplication::translate("deskpay::Currency", "Unknown currency code \"%1\".")
                .arg(code.left(8).toString()));
    }
    return Currency(QString::fromUtf16(it->code), it->minorUnits);
}

QList<Currency> Currency::all()
{
    QList<Currency> out;
    out.reserve(qsizetype(kCurrencies.size()));
    for (const CurrencyRow &row : kCurrencies)
        out.append(Currency(QString::fromUtf16(row.code), row.minorUnits));
    return out;
}

qint64 Currency::minorPerMajor() const
{
    qint64 factor = 1;
    for (int i = 0; i < m_minorUnits; ++i)
        factor *= 10;
    return factor;
}

} // namespace deskpay
