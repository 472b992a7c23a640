#pragma once
// Money: an exact amount as int64 minor units of one ISO 4217 currency; parsing, formatting
// and arithmetic that refuse overflow and mixed currencies instead of rounding or wrapping.

#include "models/Currency.h"
#include "models/Error.h"

#include <QList>
#include <QLocale>
#include <QString>

#include <compare>

namespace deskpay {

class Money
{
public:
    // How format() names the currency.
    enum class CurrencyDisplay {
        Auto, // the locale's own symbol for the locale's own currency ("¥" in zh_CN for CNY,
              // "$" in en_US for USD), the ISO code for every other currency ("CNY 1,234.50")
        Code, // always the ISO code ("CNY 1,234.50", "USD 12.00")
        None, // the number only ("1,234.50"), e.g. for an edit field beside a currency box
    };

    // Zero of no currency; isValid() is false. Codecs fill it with a real value.
    Money() = default;
    // minorUnits must be in [-INT64_MAX, INT64_MAX]: INT64_MIN is never produced, so
    // negation is always safe (it is clamped to -INT64_MAX if passed in).
    Money(qint64 minorUnits, Currency currency);

    // Parses a decimal amount written for `locale`: "1234.5", "1,234.50", "-0.05", "+3".
    // Group separators are optional but, when present, must sit where the locale puts them.
    // The currency's ISO code or (for the locale's own currency) its symbol may surround the
    // number, so parse(format(x)) == x. Errors: "money_empty", "money_format",
    // "money_precision" (more fraction digits than the currency has), "money_overflow".
    [[nodiscard]] static Result<Money> parse(
        QStringView text, const Currency &currency, const QLocale &locale = QLocale::c());
    // Same with the currency given by its ISO code; adds "unknown_currency".
    [[nodiscard]] static Result<Money> parse(
        QStringView text, QStringView currencyCode, const QLocale &locale = QLocale::c());
    // Whole major units * 10^minorUnits, checked: fromMajor(12, JPY) = ¥12, fromMajor(12, KWD) = 12.000.
    [[nodiscard]] static Result<Money> fromMajor(qint64 major, const Currency &currency);

    [[nodiscard]] bool isValid() const { return m_currency.isValid(); }
    [[nodiscard]] qint64 minorUnits() const { return m_minor; }
    [[nodiscard]] const Currency &currency() const { return m_currency; }
    [[nodiscard]] QString currencyCode() const { return m_currency.code(); }
    [[nodiscard]] bool isZero() const { return m_minor == 0; }
    [[nodiscard]] bool isNegative() const { return m_minor < 0; }
    [[nodiscard]] bool isPositive() const { return m_minor > 0; }

    // The exact amount in the C locale for wire formats and storage: "1234.50", "-0.05",
    // "1200" (JPY), "0.125" (KWD). Always exactly minorUnits() fraction digits.
    [[nodiscard]] QString toDecimalString() const;
    // For people: digits, separators and sign placement through `locale`.
    // en_US: "$1,234.50" (USD), "CNY 1,234.50"; zh_CN: "¥1,234.50" (CNY), "USD 1,234.50".
    [[nodiscard]] QString format(const QLocale &locale, CurrencyDisplay display = CurrencyDisplay::Auto) const;

    // Checked arithmetic: "currency_mismatch" for different currencies (or an invalid one),
    // "money_overflow" when the result leaves [-INT64_MAX, INT64_MAX].
    [[nodiscard]] Result<Money> add(const Money &other) const;
    [[nodiscard]] Result<Money> subtract(const Money &other) const;
    [[nodiscard]] Result<Money> multiply(qint64 factor) const;
    [[nodiscard]] Money negated() const { return Money(-m_minor, m_currency); }
    // The sum of `amounts`, all of which must be in `currency`; an empty list sums to zero.
    [[nodiscard]] static Result<Money> sum(const QList<Money> &amounts, const Currency &currency);

    // Equal means same currency and same amount.
    friend bool operator==(const Money &a, const Money &b) = default;
    // Amounts of different currencies are unordered (every <, >, <=, >= is false).
    friend std::partial_ordering operator<=>(const Money &a, const Money &b)
    {
        if (!(a.m_currency == b.m_currency))
            return std::partial_ordering::unordered;
        return a.m_minor <=> b.m_minor;
    }

private:
    qint64 m_minor = 0;
    Currency m_currency;
};

} // namespace deskpay
