#include "models/Money.h"

#include <QCoreApplication>

#include <limits>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr qint64 kMaxMinor = std::numeric_limits<qint64>::max();
constexpr QChar kNoBreakSpace(0x00A0);

std::unexpected<Error> overflowError()
{
    return fail(u"money_overflow"_s, QCoreApplication::translate("deskpay::Money", "The amount is too large."));
}

std::unexpected<Error> mismatchError(const Currency &a, const Currency &b)
{
    return fail(u"currency_mismatch"_s,
        QCoreApplication::translate("deskpay::Money", "Amounts in %1 and %2 cannot be combined.")
            .arg(a.isValid() ? a.code() : QCoreApplication::translate("deskpay::Money", "no currency"),
                b.isValid() ? b.code() : QCoreApplication::translate("deskpay::Money", "no currency")));
}

// Space-like group separators (fr_FR uses U+202F, others U+00A0) are typed as plain spaces.
bool isSpaceLike(QChar c)
{
    return c == u' ' || c == QChar(0x00A0) || c == QChar(0x202F) || c == QChar(0x2009);
}

// The value 0–9 of a digit in ASCII or in the locale's digits, or -1.
int digitValue(QChar c, QChar localeZero)
{
    if (c >= u'0' && c <= u'9')
        return c.unicode() - u'0';
    if (localeZero != u'0' && c.unicode() >= localeZero.unicode() && c.unicode() <= localeZero.unicode() + 9)
        return c.unicode() - localeZero.unicode();
    return -1;
}

QChar singleZeroDigit(const QLocale &locale)
{
    const QString zero = locale.zeroDigit();
    // Locales whose digits lie outside the BMP: accept ASCII digits only.
    return zero.size() == 1 ? zero.front() : QChar(u'0');
}

// `typed` with every space-like separator mapped to ' ' and digits to ASCII, so what a person
// typed can be compared with what the locale would write.
QString canonicalGrouping(QStringView typed, QChar zero)
{
    QString out;
    out.reserve(typed.size());
    for (QChar c : typed) {
        const int d = digitValue(c, zero);
        if (d >= 0)
            out.append(QChar(u'0' + d));
        else if (isSpaceLike(c))
            out.append(u' ');
        else
            out.append(c);
    }
    return out;
}

// The symbol Auto display uses, or an empty string when the ISO code is to be used.
QString ownSymbol(const QLocale &locale, const Currency &currency)
{
    if (locale.language() == QLocale::C || locale.currencySymbol(QLocale::CurrencyIsoCode) != currency.code())
        return {};
    return locale.currencySymbol(QLocale::CurrencySymbol);
}

bool takePrefix(QStringView &s, QStringView token, Qt::CaseSensitivity cs = Qt::CaseSensitive)
{
    if (token.isEmpty() || !s.startsWith(token, cs))
        return false;
    s = s.mid(token.size()).trimmed();
    return true;
}

bool takeSuffix(QStringView &s, QStringView token, Qt::CaseSensitivity cs = Qt::CaseSensitive)
{
    if (token.isEmpty() || !s.endsWith(token, cs))
        return false;
    s = s.chopped(token.size()).trimmed();
    return true;
}

// Removes a leading sign; returns +1/-1 for a sign taken, 0 for none.
int takeSign(QStringView &s, const QLocale &locale)
{
    // The locale's own negative sign first: ar_KW writes "؜-" (ALM + hyphen).
    if (takePrefix(s, locale.negativeSign()) || takePrefix(s, u"-") || takePrefix(s, u"\u2212"))
        return -1;
    if (takePrefix(s, locale.positiveSign()) || takePrefix(s, u"+"))
        return +1;
    return 0;
}

} // namespace

Money::Money(qint64 minorUnits, Currency currency)
    : m_minor(minorUnits == std::numeric_limits<qint64>::min() ? -kMaxMinor : minorUnits)
    , m_currency(std::move(currency))
{
    Q_ASSERT(minorUnits != std::numeric_limits<qint64>::min());
}

Result<Money> Money::fromMajor(qint64 major, const Currency &currency)
{
    if (!currency.isValid())
        return fail(u"unknown_currency"_s, QCoreApplication::translate("deskpay::Money", "No currency given."));
    qint64 minor = 0;
    if (__builtin_mul_overflow(major, currency.minorPerMajor(), &minor) || minor == std::numeric_limits<qint64>::min())
        return overflowError();
    return Money(minor, currency);
}

Result<Money> Money::parse(QStringView text, QStringView currencyCode, const QLocale &locale)
{
    const Result<Currency> currency = Currency::fromCode(currencyCode);
    if (!currency)
        return std::unexpected(currency.error());
    return parse(text, *currency, locale);
}

Result<Money> Money::parse(QStringView text, const Currency &currency, const QLocale &locale)
{
    if (!currency.isValid())
        return fail(u"unknown_currency"_s, QCoreApplication::translate("deskpay::Money", "No currency given."));

    QStringView s = text.trimmed();
    if (s.isEmpty())
        return fail(u"money_empty"_s, QCoreApplication::translate("deskpay::Money", "Enter an amount."));

    const auto formatError = [&] {
        return fail(u"money_format"_s,
            QCoreApplication::translate("deskpay::Money", "\"%1\" is not an amount in %2.")
                .arg(text.left(40).toString(), currency.code()));
    };

    // Accounting negatives, as en_US and zh_CN format them: "(¥12.00)".
    int sign = 0;
    if (s.size() >= 2 && s.startsWith(u'(') && s.endsWith(u')')) {
        sign = -1;
        s = s.mid(1, s.size() - 2).trimmed();
    }
    if (sign == 0)
        sign = takeSign(s, locale);
    const QString symbol = ownSymbol(locale, currency);
    const bool tookCurrency = takePrefix(s, currency.code(), Qt::CaseInsensitive) || takePrefix(s, symbol)
        || takeSuffix(s, currency.code(), Qt::CaseInsensitive) || takeSuffix(s, symbol);
    if (tookCurrency && sign == 0)
        sign = takeSign(s, locale); // "$-12", "CNY -5"
    if (sign == 0)
        sign = +1;
    if (s.isEmpty())
        return formatError();

    const QChar zero = singleZeroDigit(locale);
    const QString decimalPoint = locale.decimalPoint();
    const QString groupSeparator = locale.groupSeparator();
    const bool spaceGroups = groupSeparator.size() == 1 && isSpaceLike(groupSeparator.front());

    const qsizetype dot = s.indexOf(decimalPoint);
    const QStringView integerPart = dot < 0 ? s : s.left(dot);
    const QStringView fractionPart = dot < 0 ? QStringView() : s.mid(dot + decimalPoint.size());
    if (integerPart.isEmpty() || (dot >= 0 && fractionPart.isEmpty()))
        return formatError();

    quint64 major = 0;
    bool hasSeparators = false;
    bool overflow = false;
    for (qsizetype i = 0; i < integerPart.size();) {
        const int d = digitValue(integerPart[i], zero);
        if (d >= 0) {
            overflow = overflow || __builtin_mul_overflow(major, 10u, &major)
                || __builtin_add_overflow(major, quint64(d), &major);
            ++i;
        } else if (!groupSeparator.isEmpty() && integerPart.mid(i).startsWith(groupSeparator)) {
            hasSeparators = true;
            i += groupSeparator.size();
        } else if (spaceGroups && isSpaceLike(integerPart[i])) {
            hasSeparators = true;
            ++i;
        } else {
            return formatError();
        }
    }

    quint64 fraction = 0;
    for (QChar c : fractionPart) {
        const int d = digitValue(c, zero);
        if (d < 0)
            return formatError();
        fraction = fraction * 10 + quint64(d);
        if (fraction > quint64(kMaxMinor)) // only reachable with absurd fraction lengths
            overflow = true;
    }
    if (fractionPart.size() > currency.minorUnits()) {
        if (currency.minorUnits() == 0)
            return fail(u"money_precision"_s,
                QCoreApplication::translate("deskpay::Money", "Amounts in %1 have no decimals.").arg(currency.code()));
        return fail(u"money_precision"_s,
            QCoreApplication::translate(
                "deskpay::Money", "Amounts in %1 have at most %n decimal(s).", nullptr, currency.minorUnits())
                .arg(currency.code()));
    }
    if (overflow)
        return overflowError();

    // Separators are optional, but where they are written they must be the locale's grouping:
    // "1,234.50" is fine in en, "1,2345" and "12.345,6" typed into en are mistakes, not numbers.
    if (hasSeparators) {
        const QString expected = canonicalGrouping(locale.toString(qulonglong(major)), zero);
        if (canonicalGrouping(integerPart, zero) != expected)
            return formatError();
    }

    for (qsizetype i = fractionPart.size(); i < currency.minorUnits(); ++i)
        fraction *= 10;
    quint64 magnitude = 0;
    if (__builtin_mul_overflow(major, quint64(currency.minorPerMajor()), &magnitude)
        || __builtin_add_overflow(magnitude, fraction, &magnitude) || magnitude > quint64(kMaxMinor)) {
        return overflowError();
    }
    return Money(sign * qint64(magnitude), currency);
}

QString Money::toDecimalString() const
{
    const quint64 magnitude = m_minor < 0 ? quint64(-m_minor) : quint64(m_minor);
    const int decimals = qMax(0, m_currency.minorUnits());
    const quint64 factor = quint64(m_currency.isValid() ? m_currency.minorPerMajor() : 1);
    QString out = QString::number(magnitude / factor);
    if (decimals > 0)
        out += u'.' + QString::number(magnitude % factor).rightJustified(decimals, u'0');
    return m_minor < 0 ? u'-' + out : out;
}

QString Money::format(const QLocale &locale, CurrencyDisplay display) const
{
    const quint64 magnitude = m_minor < 0 ? quint64(-m_minor) : quint64(m_minor);
    const int decimals = qMax(0, m_currency.minorUnits());
    const quint64 factor = quint64(m_currency.isValid() ? m_currency.minorPerMajor() : 1);

    // Digit by digit through the locale: QLocale::toCurrencyString(double) would round
    // amounts beyond 2^53 minor units.
    QString number = locale.toString(qulonglong(magnitude / factor));
    if (decimals > 0) {
        const QString fraction = QString::number(magnitude % factor).rightJustified(decimals, u'0');
        const QChar zero = singleZeroDigit(locale);
        number += locale.decimalPoint();
        for (QChar c : fraction)
            number += QChar(zero.unicode() + (c.unicode() - u'0'));
    }

    if (display == CurrencyDisplay::None || !m_currency.isValid())
        return m_minor < 0 ? locale.negativeSign() + number : number;

    QString symbol = display == CurrencyDisplay::Auto ? ownSymbol(locale, m_currency) : QString();
    const bool isCode = symbol.isEmpty();
    if (isCode)
        symbol = m_currency.code();

    // Let the locale place symbol and sign ("$1", "(¥1)", "1 €", "-1 €"), then put our
    // number where its "1" is.
    const QString pattern = locale.toCurrencyString(m_minor < 0 ? -1.0 : 1.0, symbol, 0);
    const QString one = locale.toString(1);
    const qsizetype at = pattern.indexOf(one);
    if (at < 0) // never seen in CLDR data; fall back to something unambiguous
        return (m_minor < 0 ? locale.negativeSign() : QString()) + m_currency.code() + kNoBreakSpace + number;
    QString before = pattern.left(at);
    QString after = pattern.mid(at + one.size());
    // "CNY1,234.50" reads badly; a code always stands apart from the digits.
    if (isCode && before.endsWith(symbol))
        before += kNoBreakSpace;
    if (isCode && after.startsWith(symbol))
        after.prepend(kNoBreakSpace);
    return before + number + after;
}

Result<Money> Money::add(const Money &other) const
{
    if (!m_currency.isValid() || !(m_currency == other.m_currency))
        return mismatchError(m_currency, other.m_currency);
    qint64 out = 0;
    if (__builtin_add_overflow(m_minor, other.m_minor, &out) || out == std::numeric_limits<qint64>::min())
        return overflowError();
    return Money(out, m_currency);
}

Result<Money> Money::subtract(const Money &other) const
{
    return add(other.negated());
}

Result<Money> Money::multiply(qint64 factor) const
{
    if (!m_currency.isValid())
        return fail(u"unknown_currency"_s, QCoreApplication::translate("deskpay::Money", "No currency given."));
    qint64 out = 0;
    if (__builtin_mul_overflow(m_minor, factor, &out) || out == std::numeric_limits<qint64>::min())
        return overflowError();
    return Money(out, m_currency);
}

Result<Money> Money::sum(const QList<Money> &amounts, const Currency &currency)
{
    if (!currency.isValid())
        return fail(u"unknown_currency"_s, QCoreApplication::translate("deskpay::Money", "No currency given."));
    Money total(0, currency);
    for (const Money &m : amounts) {
        Result<Money> next = total.add(m);
        if (!next)
            return next;
        total = *next;
    }
    return total;
}

} // namespace deskpay
