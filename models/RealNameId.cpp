#include "models/RealNameId.h"

#include "models/IdentityChecks.h"

#include <QCoreApplication>
#include <QDebug>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

bool isAsciiAlnum(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'A' && c <= u'Z');
}

// Middle dots people type between the parts of a transliterated name (U+00B7 is the one the
// identity card prints; the others come from Japanese and Chinese input methods).
bool isMiddleDot(char32_t c)
{
    switch (c) {
    case 0x00B7: // MIDDLE DOT
    case 0x2022: // BULLET
    case 0x2027: // HYPHENATION POINT
    case 0x30FB: // KATAKANA MIDDLE DOT (NFKC of the half-width U+FF65)
    case 0x2219: // BULLET OPERATOR
        return true;
    default:
        return false;
    }
}

// By code point: rare characters of Chinese names lie outside the BMP (CJK Extension B …).
bool isNameCharacter(char32_t c)
{
    return QChar::isLetter(c) || QChar::isMark(c) || c == U' ' || isMiddleDot(c) || c == U'.' || c == U'-' || c == U'\''
        || c == U'\u2019';
}

bool hasHan(QStringView s)
{
    for (char32_t c : s.toUcs4())
        if (QChar::script(c) == QChar::Script_Han)
            return true;
    return false;
}

// Characters as people count them: a name in rare CJK characters (outside the BMP, two
// UTF-16 units each) has as many characters as it shows.
qsizetype codePoints(QStringView s)
{
    qsizetype n = 0;
    for (QChar c : s)
        n += c.isLowSurrogate() ? 0 : 1;
    return n;
}

QString maskKeepingLast(QStringView number, qsizetype keep)
{
    const qsizetype hidden = number.size() - keep;
    return QString(hidden, u'*') + number.sliced(hidden);
}

} // namespace

QString documentTypeName(DocumentType type)
{
    switch (type) {
    case DocumentType::CnResidentId:
        return u"CN_RESIDENT_ID"_s;
    case DocumentType::Passport:
        return u"PASSPORT"_s;
    case DocumentType::Other:
        return u"OTHER"_s;
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<DocumentType> documentTypeFromName(QStringView name)
{
    for (DocumentType t : { DocumentType::CnResidentId, DocumentType::Passport, DocumentType::Other })
        if (name == documentTypeName(t))
            return t;
    return std::nullopt;
}

RealNameId::RealNameId(const QString &name, DocumentType type, const QString &documentNumber, const QString &mrzLine)
    : m_name(cleanName(name))
    , m_type(type)
    , m_number(normaliseNumber(documentNumber))
    , m_mrzLine(normaliseNumber(mrzLine))
{
}

QString RealNameId::cleanName(QStringView name)
{
    return name.toString().normalized(QString::NormalizationForm_KC).simplified();
}

QString RealNameId::normaliseName(QStringView name)
{
    QString s = cleanName(name);
    for (QChar &c : s)
        if (isMiddleDot(c.unicode()))
            c = QChar(0x00B7);
    if (hasHan(s))
        s.remove(u' ');
    return s.toCaseFolded();
}

QString RealNameId::normaliseNumber(QStringView number)
{
    const QString nfkc = number.toString().normalized(QString::NormalizationForm_KC);
    QString out;
    out.reserve(nfkc.size());
    for (QChar c : nfkc) {
        if (c.isSpace())
            continue;
        out.append(c >= u'a' && c <= u'z' ? QChar(c.unicode() - u'a' + u'A') : c);
    }
    return out;
}

QString RealNameId::mask(DocumentType type, QStringView number)
{
    if (number.isEmpty())
        return {};
    switch (type) {
    case DocumentType::CnResidentId:
        if (number.size() == gb11643::Length)
            return number.first(6) + QString(8, u'*') + number.sliced(14);
        break; // an ill-formed number gets the generic mask below
    case DocumentType::Passport:
        if (number.size() >= 8)
            return maskKeepingLast(number, 4);
        if (number.size() >= 5)
            return maskKeepingLast(number, 3);
        return QString(number.size(), u'*');
    case DocumentType::Other:
        break;
    }
    return number.size() >= 6 ? maskKeepingLast(number, 3) : QString(number.size(), u'*');
}

QDate RealNameId::latestDate(const QDateTime &now)
{
    return now.toOffsetFromUtc(14 * 3600).date();
}

bool RealNameId::matches(const RealNameId &other) const
{
    return m_type == other.m_type && normaliseNumber(m_number) == normaliseNumber(other.m_number)
        && normaliseName(m_name) == normaliseName(other.m_name);
}

ValidationReport RealNameId::validate(QDate today) const
{
    ValidationReport report;
    const QString nameField = u"name"_s;
    const QString numberField = u"documentNumber"_s;
    const QString mrzField = u"mrzLine"_s;

    if (m_name.isEmpty()) {
        report.add(nameField, u"required"_s, tr("Enter the payer's name as printed on the identity document."));
    } else if (codePoints(m_name) > MaxNameLength) {
        report.add(nameField, u"too_long"_s, tr("The name is longer than 64 characters."));
    } else {
        bool hasLetter = false;
        bool clean = true;
        for (char32_t c : m_name.toUcs4()) {
            hasLetter = hasLetter || QChar::isLetter(c);
            clean = clean && isNameCharacter(c);
        }
        if (!clean || !hasLetter)
            report.add(nameField, u"name_characters"_s,
                tr("A name holds letters, spaces, middle dots, hyphens, apostrophes and full stops only."));
    }

    if (m_number.isEmpty()) {
        report.add(numberField, u"required"_s, tr("Enter the document number."));
    } else if (m_number.size() > MaxNumberLength) {
        report.add(numberField, u"too_long"_s, tr("The document number is longer than 32 characters."));
    } else {
        switch (m_type) {
        case DocumentType::CnResidentId:
            if (Result<void> r = gb11643::check(m_number, today); !r)
                report.add(numberField, r.error().code, r.error().message);
            break;
        case DocumentType::Passport: {
            bool ok = m_number.size() >= 5 && m_number.size() <= 9;
            for (QChar c : m_number)
                ok = ok && isAsciiAlnum(c);
            if (!ok)
                report.add(numberField, u"passport_number_format"_s,
                    tr("A passport number has 5 to 9 letters A-Z and digits."));
            break;
        }
        case DocumentType::Other: {
            bool ok = m_number.size() >= 4;
            for (QChar c : m_number)
                ok = ok && (isAsciiAlnum(c) || c == u'-');
            if (!ok)
                report.add(numberField, u"document_number_format"_s,
                    tr("A document number has 4 to 32 letters A-Z, digits and hyphens."));
            break;
        }
        }
    }

    if (!m_mrzLine.isEmpty()) {
        if (m_type != DocumentType::Passport) {
            report.add(
                mrzField, u"mrz_not_passport"_s, tr("A machine-readable zone line can only be given for a passport."));
        } else {
            const ValidationReport mrz = icao9303::validateTd3Line2(m_mrzLine);
            report.merge(mrz, mrzField);
            const std::optional<icao9303::Td3Line2> fields = icao9303::splitTd3Line2(m_mrzLine);
            if (fields && !m_number.isEmpty() && fields->documentNumber != m_number)
                report.add(mrzField, u"mrz_document_number_mismatch"_s,
                    tr("The passport number in the machine-readable zone differs from the document number."));
        }
    }
    return report;
}

QDebug operator<<(QDebug debug, const RealNameId &id)
{
    const QDebugStateSaver saver(debug);
    debug.nospace().noquote() << "RealNameId(" << documentTypeName(id.documentType()) << ' ' << id.maskedNumber()
                              << ')';
    return debug;
}

} // namespace deskpay
