#include "models/IdentityChecks.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace deskpay {

// The translation context of every message below (lupdate reads the macro's argument).
class IdentityChecksText
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::IdentityChecks)
};

namespace {

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

bool allAsciiDigits(QStringView s)
{
    for (QChar c : s)
        if (!isAsciiDigit(c))
            return false;
    return true;
}

// A date of YYYYMMDD digits; invalid when the calendar has no such day.
QDate dateFromDigits(QStringView yyyymmdd)
{
    if (yyyymmdd.size() != 8 || !allAsciiDigits(yyyymmdd))
        return {};
    return QDate(yyyymmdd.first(4).toInt(), yyyymmdd.sliced(4, 2).toInt(), yyyymmdd.sliced(6, 2).toInt());
}

// The earliest birth date we accept: nobody alive holds a card with an 18xx date.
const QDate kEarliestBirthDate(1900, 1, 1);

} // namespace

namespace gb11643 {

std::optional<QChar> checkCharacter(QStringView first17)
{
    static constexpr int kWeights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    static constexpr char16_t kCheck[] = u"10X98765432";
    if (first17.size() != 17 || !allAsciiDigits(first17))
        return std::nullopt;
    int sum = 0;
    for (int i = 0; i < 17; ++i)
        sum += (first17[i].unicode() - u'0') * kWeights[i];
    return QChar(kCheck[sum % 11]);
}

QDate birthDate(QStringView number18)
{
    if (number18.size() != Length)
        return {};
    return dateFromDigits(number18.sliced(6, 8));
}

Result<void> check(QStringView number, QDate today)
{
    if (number.size() == LegacyLength && allAsciiDigits(number))
        return fail(u"id_legacy_15"_s,
            IdentityChecksText::tr(
                "This is a 15-digit identity number of the old format; convert it to the 18-character "
                "form first."));
    if (number.size() != Length)
        return fail(u"id_length"_s, IdentityChecksText::tr("A resident identity number has 18 characters."));
    const QStringView first17 = number.first(17);
    const QChar last = number[17];
    if (!allAsciiDigits(first17) || !(isAsciiDigit(last) || last == u'X'))
        return fail(u"id_characters"_s,
            IdentityChecksText::tr("A resident identity number has 17 digits followed by a digit or X."));
    const QDate born = birthDate(number);
    if (!born.isValid() || born < kEarliestBirthDate)
        return fail(u"id_birth_date"_s,
            IdentityChecksText::tr("The birth date in the identity number (digits 7 to 14) is not a real date."));
    if (today.isValid() && born > today)
        return fail(u"id_birth_date_future"_s,
            IdentityChecksText::tr("The birth date in the identity number lies in the future."));
    if (checkCharacter(first17) != last)
        return fail(u"id_check_character"_s,
            IdentityChecksText::tr(
                "The last character of the identity number does not match the others; check for a typing "
                "mistake."));
    return {};
}

Result<QString> convertLegacy15(QStringView number15)
{
    if (number15.size() != LegacyLength || !allAsciiDigits(number15))
        return fail(u"id_length"_s, IdentityChecksText::tr("A legacy resident identity number has exactly 15 digits."));
    // Legacy numbers were issued with a two-digit year of the 1900s.
    QString first17 = number15.first(6) + u"19"_s + number15.sliced(6);
    if (!dateFromDigits(QStringView(first17).sliced(6, 8)).isValid())
        return fail(
            u"id_birth_date"_s, IdentityChecksText::tr("The birth date in the identity number is not a real date."));
    const std::optional<QChar> check = checkCharacter(first17);
    first17.append(*check);
    return first17;
}

} // namespace gb11643

namespace icao9303 {

namespace {

// A YYMMDD date is plausible when some century makes it a real day (29 February needs a
// leap year; 00 is 2000, a leap year, or 1900, not one — either will do here).
bool isPlausibleYymmdd(QStringView yymmdd)
{
    if (yymmdd.size() != 6 || !allAsciiDigits(yymmdd))
        return false;
    const int yy = yymmdd.first(2).toInt();
    const int mm = yymmdd.sliced(2, 2).toInt();
    const int dd = yymmdd.sliced(4, 2).toInt();
    return QDate(1900 + yy, mm, dd).isValid() || QDate(2000 + yy, mm, dd).isValid();
}

bool isMrzCharacter(QChar c)
{
    return characterValue(c) >= 0;
}

QStringView trimFillers(QStringView s)
{
    while (!s.isEmpty() && s.back() == u'<')
        s.chop(1);
    return s;
}

} // namespace

int characterValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'A' && u <= u'Z')
        return u - u'A' + 10;
    if (u == u'<')
        return 0;
    return -1;
}

std::optional<int> checkDigit(QStringView field)
{
    static constexpr int kWeights[3] = { 7, 3, 1 };
    int sum = 0;
    for (qsizetype i = 0; i < field.size(); ++i) {
        const int v = characterValue(field[i]);
        if (v < 0)
            return std::nullopt;
        sum += v * kWeights[i % 3];
    }
    return sum % 10;
}

bool verify(QStringView field, QChar check)
{
    const std::optional<int> digit = checkDigit(field);
    if (!digit)
        return false;
    // Doc 9303 lets an optional-data field of fillers carry a filler as its check digit.
    if (check == u'<')
        return trimFillers(field).isEmpty();
    return isAsciiDigit(check) && check.unicode() - u'0' == *digit;
}

std::optional<Td3Line2> splitTd3Line2(QStringView line)
{
    if (line.size() != Td3LineLength)
        return std::nullopt;
    for (QChar c : line)
        if (!isMrzCharacter(c))
            return std::nullopt;
    Td3Line2 out;
    out.documentNumber = trimFillers(line.sliced(0, 9)).toString();
    out.nationality = line.sliced(10, 3).toString();
    out.birthDate = line.sliced(13, 6).toString();
    out.sex = line[20];
    out.expiryDate = line.sliced(21, 6).toString();
    out.optionalData = trimFillers(line.sliced(28, 14)).toString();
    return out;
}

ValidationReport validateTd3Line2(QStringView line)
{
    ValidationReport report;
    if (line.size() != Td3LineLength) {
        report.add(QString(), u"mrz_length"_s,
            IdentityChecksText::tr("Line 2 of a passport's machine-readable zone has 44 characters."));
        return report;
    }
    for (QChar c : line) {
        if (!isMrzCharacter(c)) {
            report.add(QString(), u"mrz_characters"_s,
                IdentityChecksText::tr("A machine-readable zone holds only A-Z, 0-9 and '<'."));
            return report;
        }
    }
    if (!verify(line.sliced(0, 9), line[9]))
        report.add(QString(), u"mrz_document_number_check"_s,
            IdentityChecksText::tr("The check digit of the passport number in the machine-readable zone is wrong."));
    if (!isPlausibleYymmdd(line.sliced(13, 6)))
        report.add(QString(), u"mrz_birth_date"_s,
            IdentityChecksText::tr("The birth date in the machine-readable zone is not a real date."));
    if (!verify(line.sliced(13, 6), line[19]))
        report.add(QString(), u"mrz_birth_date_check"_s,
            IdentityChecksText::tr("The check digit of the birth date in the machine-readable zone is wrong."));
    const QChar sex = line[20];
    if (sex != u'M' && sex != u'F' && sex != u'<' && sex != u'X')
        report.add(QString(), u"mrz_sex"_s,
            IdentityChecksText::tr("The sex in the machine-readable zone must be M, F, X or '<'."));
    if (!isPlausibleYymmdd(line.sliced(21, 6)))
        report.add(QString(), u"mrz_expiry_date"_s,
            IdentityChecksText::tr("The expiry date in the machine-readable zone is not a real date."));
    if (!verify(line.sliced(21, 6), line[27]))
        report.add(QString(), u"mrz_expiry_date_check"_s,
            IdentityChecksText::tr("The check digit of the expiry date in the machine-readable zone is wrong."));
    if (!verify(line.sliced(28, 14), line[42]))
        report.add(QString(), u"mrz_optional_data_check"_s,
            IdentityChecksText::tr("The check digit of the personal number in the machine-readable zone is wrong."));
    // The composite covers positions 1-10, 14-20 and 22-43 (Doc 9303 Part 4 §4.2.2.2).
    const QString composite = line.sliced(0, 10) + line.sliced(13, 7) + line.sliced(21, 22);
    if (!verify(composite, line[43]) || line[43] == u'<')
        report.add(QString(), u"mrz_composite_check"_s,
            IdentityChecksText::tr("The composite check digit of the machine-readable zone is wrong."));
    return report;
}

} // namespace icao9303

} // namespace deskpay
