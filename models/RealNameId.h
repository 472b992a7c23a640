#pragma once
// RealNameId: a payer's real-name identity (name, document type, document number) that shows
// only its masked number to views and logs.

#include "models/Validation.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QString>
#include <QStringView>

#include <optional>

class QDebug;

namespace deskpay {

enum class DocumentType {
    CnResidentId, // GB 11643 resident identity card, 18 characters with a MOD 11-2 check
    Passport, // ICAO 9303 passport; an MRZ line 2 may be given to verify its check digits
    Other, // any other document (travel permits, residence permits …), format only
};

// Wire names: "CN_RESIDENT_ID", "PASSPORT", "OTHER".
[[nodiscard]] QString documentTypeName(DocumentType type);
[[nodiscard]] std::optional<DocumentType> documentTypeFromName(QStringView name);

// The identity number is kept away from accidental output: there is no toString(), no
// implicit conversion, and QDebug shows only the masked number. Code that truly needs the raw
// number (the wire codec, the server's real-name check) calls revealNumber(), which is easy to
// find in review.
class RealNameId
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::RealNameId)

public:
    static constexpr qsizetype MaxNameLength = 64;
    static constexpr qsizetype MaxNumberLength = 32;

    RealNameId() = default;
    // The name is trimmed and its whitespace collapsed; the number is normalised with
    // normaliseNumber() (full-width digits, spaces, lower-case x are all accepted). An empty
    // mrzLine means none was given.
    RealNameId(const QString &name, DocumentType type, const QString &documentNumber, const QString &mrzLine = {});

    [[nodiscard]] const QString &name() const { return m_name; }
    [[nodiscard]] DocumentType documentType() const { return m_type; }
    // The form every view and log shows: 110105********002X, *****02C3.
    [[nodiscard]] QString maskedNumber() const { return mask(m_type, m_number); }
    [[nodiscard]] bool hasMrzLine() const { return !m_mrzLine.isEmpty(); }

    // The raw (normalised) number and MRZ line — only for the wire codec and the server's
    // comparison; never for a view, a log or a file.
    [[nodiscard]] const QString &revealNumber() const { return m_number; }
    [[nodiscard]] const QString &revealMrzLine() const { return m_mrzLine; }

    // Every problem at once, with field paths relative to the identity: "name",
    // "documentNumber", "mrzLine". `today` is the latest calendar date a birth date may have
    // (see latestDate()).
    [[nodiscard]] ValidationReport validate(QDate today) const;

    // True when both name the same person by the rules of the server's real-name check:
    // same document type, same normalised number, same normalised name.
    [[nodiscard]] bool matches(const RealNameId &other) const;

    [[nodiscard]] QString comparisonName() const { return normaliseName(m_name); }

    // Comparison key of a name: NFKC (full-width → half-width), middle-dot variants unified,
    // whitespace removed from names in Chinese characters and collapsed in others, case folded
    // (Latin names compare case-insensitively).
    [[nodiscard]] static QString normaliseName(QStringView name);
    // Canonical form of a document number: NFKC, all whitespace removed, ASCII letters
    // upper-cased (so a trailing x becomes X).
    [[nodiscard]] static QString normaliseNumber(QStringView number);
    // Display form of a name: NFKC, trimmed, runs of whitespace collapsed to one space.
    [[nodiscard]] static QString cleanName(QStringView name);
    // The masked form of a (normalised) number: a resident ID never shows digits 7-14, a
    // passport only its last 4 (≥ 8 characters) or 3 characters, others only their last 3.
    [[nodiscard]] static QString mask(DocumentType type, QStringView number);
    // The latest calendar date anywhere on Earth (UTC+14) at `now`: a birth date after it lies
    // in the future for everybody, whatever the payer's time zone.
    [[nodiscard]] static QDate latestDate(const QDateTime &now);

    // Exact equality of the stored (normalised) values; matches() is the lenient comparison.
    friend bool operator==(const RealNameId &, const RealNameId &) = default;

private:
    QString m_name;
    DocumentType m_type = DocumentType::CnResidentId;
    QString m_number;
    QString m_mrzLine;
};

// Shows the document type and masked number only.
QDebug operator<<(QDebug debug, const RealNameId &id);

} // namespace deskpay
