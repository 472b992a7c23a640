#pragma once
// IdentityChecks: the check-digit arithmetic of identity documents — GB 11643-1999 (Chinese
// resident identity numbers) and ICAO Doc 9303 (machine-readable zones of passports).

#include "models/Error.h"
#include "models/Validation.h"

#include <QDate>
#include <QString>
#include <QStringView>

#include <optional>

namespace deskpay {

// GB 11643-1999: 18 characters = 6-digit region, 8-digit birth date (YYYYMMDD), 3-digit
// sequence, 1 check character (MOD 11-2, '0'-'9' or 'X').
namespace gb11643 {

inline constexpr qsizetype Length = 18;
inline constexpr qsizetype LegacyLength = 15;

// The check character for 17 leading digits, or std::nullopt when `first17` is not exactly
// 17 ASCII digits.
[[nodiscard]] std::optional<QChar> checkCharacter(QStringView first17);

// The birth date encoded in an 18-character number (digits 7-14), invalid QDate when the
// characters do not form a real calendar date.
[[nodiscard]] QDate birthDate(QStringView number18);

// Checks an already normalised number (no spaces, half-width, upper-case X). Birth dates
// after `today` or before 1900-01-01 are refused. Stable codes: id_legacy_15,
// id_length, id_characters, id_birth_date, id_birth_date_future, id_check_character.
[[nodiscard]] Result<void> check(QStringView number, QDate today);

// Converts a 15-digit legacy number (YYMMDD birth date of the 1900s, no check character)
// into its 18-character form: "19" inserted before the year and the check character
// appended. Only done on request, never silently while validating.
[[nodiscard]] Result<QString> convertLegacy15(QStringView number15);

} // namespace gb11643

// ICAO Doc 9303 Part 3 §4.9: check digits over MRZ fields ('0'-'9' = 0-9, 'A'-'Z' = 10-35,
// '<' = 0; weights 7, 3, 1 repeating; the check digit is the sum modulo 10).
namespace icao9303 {

inline constexpr qsizetype Td3LineLength = 44;

// The value of one MRZ character, or -1 for a character the MRZ alphabet does not have.
[[nodiscard]] int characterValue(QChar c);

// The check digit of an MRZ field, or std::nullopt when it has characters outside the MRZ
// alphabet.
[[nodiscard]] std::optional<int> checkDigit(QStringView field);

// True when `check` is the right check digit of `field` (an all-filler field may carry '<').
[[nodiscard]] bool verify(QStringView field, QChar check);

// Line 2 of a TD3 (passport) MRZ, split into its fields (fillers kept except where noted).
struct Td3Line2
{
    QString documentNumber; // positions 1-9, trailing '<' removed
    QString nationality; // positions 11-13
    QString birthDate; // positions 14-19, YYMMDD
    QChar sex; // position 21: 'M', 'F' or '<'
    QString expiryDate; // positions 22-27, YYMMDD
    QString optionalData; // positions 29-42 (personal number), trailing '<' removed
};

// Splits a 44-character TD3 line 2 and checks every check digit (document number, birth
// date, expiry date, optional data, composite) and the shape of each field. Reports all
// problems at once; field paths are empty (the caller knows which input held the line).
// Codes: mrz_length, mrz_characters, mrz_document_number_check, mrz_birth_date,
// mrz_birth_date_check, mrz_expiry_date, mrz_expiry_date_check, mrz_optional_data_check,
// mrz_composite_check, mrz_sex.
[[nodiscard]] ValidationReport validateTd3Line2(QStringView line);

// The fields of a TD3 line 2 of the right length and alphabet, without verifying check digits.
[[nodiscard]] std::optional<Td3Line2> splitTd3Line2(QStringView line);

} // namespace icao9303

} // namespace deskpay
