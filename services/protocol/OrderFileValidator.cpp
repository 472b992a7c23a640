#include "services/protocol/OrderFileValidator.h"

#include "models/AirportTable.h"
#include "models/Clock.h"
#include "services/protocol/OrderCodec.h"

#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

// True when one path is the other or lies inside it ("a.b" and "a.b.c", "coupons" and "coupons[1]").
bool related(const QString &a, const QString &b)
{
    const auto inside = [](const QString &inner, const QString &outer) {
        return inner.size() > outer.size() && inner.startsWith(outer)
            && (inner[outer.size()] == u'.' || inner[outer.size()] == u'[');
    };
    return a == b || inside(a, b) || inside(b, a);
}

// Domain rules that read a field other than the one they report on: when that field failed to
// decode, the rule ran on a default value and its verdict means nothing.
struct Dependency
{
    QStringView decodedField; // failed to decode …
    QStringView reportedField; // … so issues on this field (or inside it) …
    QList<QStringView> codes; // … with these codes (all when empty) are dropped
};

bool hiddenByDependency(const ValidationIssue &domain, const QString &failedField)
{
    static const Dependency kDependencies[] = {
        // The number is checked by the rules of the document type.
        { u"payer.documentType", u"payer.documentNumber", {} },
        { u"payer.documentType", u"payer.mrzLine", {} },
        // ChangeOrder's rules across segments depend on the product type.
        { u"productType", u"newSegment",
            { u"date_or_flight_unchanged", u"upgrade_changes_flight", u"cabin_not_higher", u"cabin_changed" } },
    };
    for (const Dependency &d : kDependencies) {
        if (failedField != d.decodedField || !related(domain.field, d.reportedField.toString()))
            continue;
        if (d.codes.isEmpty() || d.codes.contains(QStringView(domain.code)))
            return true;
    }
    return false;
}

} // namespace

OrderFileValidator::OrderFileValidator(const Clock &clock, const AirportTable &airports, ChangeOrderPolicy policy)
    : m_clock(clock)
    , m_airports(airports)
    , m_policy(policy)
{
}

Result<QList<ValidationIssue>> OrderFileValidator::validateFile(const QString &path) const
{
    const QFileInfo info(path);
    if (info.isDir())
        return fail(u"file_unreadable"_s, tr("%1 is a folder, not a file.").arg(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(u"file_unreadable"_s, tr("Cannot read %1: %2").arg(path, file.errorString()));
    // Read one byte past the limit so an oversized file is recognised without reading it all.
    QByteArray bytes = file.read(MaxFileBytes + 1);
    if (bytes.size() > MaxFileBytes)
        return fail(
            u"too_large"_s, tr("%1 is larger than %2 bytes; one order is far smaller.").arg(path).arg(MaxFileBytes));
    if (file.error() != QFileDevice::NoError)
        return fail(u"file_unreadable"_s, tr("Cannot read %1: %2").arg(path, file.errorString()));
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    Result<QList<ValidationIssue>> result = validateJson(bytes);
    if (!result) // name the file: a script may check many
        result.error().message = path + u": "_s + result.error().message;
    return result;
}

Result<QList<ValidationIssue>> OrderFileValidator::validateJson(QByteArrayView json) const
{
    const std::expected<Decoded<OrderRequest>, JsonSyntaxError> decoded = OrderCodec::decodeRequest(json);
    if (!decoded)
        return std::unexpected(decoded.error().toError());
    for (const ValidationIssue &i : decoded->issues.issues())
        if (i.field.isEmpty()) // the root is not an object: nothing to validate
            return decoded->issues.issues();
    return combine(decoded->issues, decoded->value.validate(m_clock, m_airports, m_policy));
}

QList<ValidationIssue> OrderFileValidator::combine(const ValidationReport &decoding, const ValidationReport &domain)
{
    QList<ValidationIssue> out = decoding.issues();
    for (const ValidationIssue &d : domain.issues()) {
        bool hidden = false;
        for (const ValidationIssue &c : decoding.issues())
            hidden = hidden || related(d.field, c.field) || hiddenByDependency(d, c.field);
        if (!hidden)
            out.append(d);
    }
    return out;
}

QString OrderFileValidator::formatIssue(const ValidationIssue &issue)
{
    QString field;
    if (issue.field.isEmpty())
        field = u"$"_s;
    for (QChar c : issue.field) {
        if (c.isSpace() || c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            field += u"\\u"_s + QString::number(c.unicode(), 16).rightJustified(4, u'0');
        else
            field += c;
    }
    QString message = issue.message;
    for (QChar &c : message)
        if (c == u'\n' || c == u'\r' || c == u'\t')
            c = u' ';
    return field + u' ' + issue.code + u' ' + message;
}

} // namespace deskpay
