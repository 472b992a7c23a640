#pragma once
// OrderFileValidator: checks one order written as JSON (a file or bytes) the way the server
// will — strict decoding, then the domain rules — and lists every problem once.

#include "models/ChangeOrder.h"
#include "models/Error.h"
#include "models/Validation.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QList>
#include <QString>

namespace deskpay {

class AirportTable;
class Clock;

class OrderFileValidator
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::OrderFileValidator)

public:
    static constexpr qsizetype MaxFileBytes = 1024 * 1024;

    // `clock` and `airports` must outlive the validator.
    OrderFileValidator(const Clock &clock, const AirportTable &airports, ChangeOrderPolicy policy = {});

    // An error (file_unreadable, too_large, invalid_json) when the file cannot be read or is
    // not JSON; otherwise every problem, empty when the order is valid. A UTF-8 byte order
    // mark at the start of a file is skipped (editors on Windows write one).
    [[nodiscard]] Result<QList<ValidationIssue>> validateFile(const QString &path) const;
    // The same for bytes already in memory (no byte order mark allowed).
    [[nodiscard]] Result<QList<ValidationIssue>> validateJson(QByteArrayView json) const;

    // Decoding problems first, then the domain problems of fields that decoded: a domain issue
    // is dropped when its field path is, contains or lies inside a path that failed decoding
    // ("pricing.changeFee.amount" wrong_type hides "pricing.changeFee" required), or when it
    // comes from a rule that reads a field that failed (an unknown payer.documentType hides the
    // checks of payer.documentNumber; an unknown productType hides the cross-segment rules).
    // Nothing of the domain is reported when the root itself is not an object.
    [[nodiscard]] static QList<ValidationIssue> combine(
        const ValidationReport &decoding, const ValidationReport &domain);

    // One line "<field> <code> <message>": the root's empty field is written "$", blanks and
    // control characters in a field path (keys come from the input) as \uXXXX, line breaks in
    // the message as spaces.
    [[nodiscard]] static QString formatIssue(const ValidationIssue &issue);

private:
    const Clock &m_clock;
    const AirportTable &m_airports;
    ChangeOrderPolicy m_policy;
};

} // namespace deskpay
