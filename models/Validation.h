#pragma once
// ValidationIssue / ValidationReport: every problem of an input at once, each with a field
// path, a stable code and a translated message — so a form can mark each field and a batch
// report can list each row.

#include <QList>
#include <QString>

namespace deskpay {

struct ValidationIssue
{
    QString field;   // dotted path into the order JSON, e.g. "newSegment.departureLocal"
    QString code;    // stable snake_case code, e.g. "pnr_format"
    QString message; // translated sentence a person can act on

    friend bool operator==(const ValidationIssue &, const ValidationIssue &) = default;
};

class ValidationReport
{
public:
    void add(QString field, QString code, QString message)
    {
        m_issues.append(ValidationIssue{std::move(field), std::move(code), std::move(message)});
    }
    // Adds every issue of another report, with `prefix.` in front of its field paths.
    void merge(const ValidationReport &other, const QString &prefix = {})
    {
        for (const ValidationIssue &i : other.m_issues)
            m_issues.append(ValidationIssue{prefix.isEmpty() ? i.field
                                                             : (i.field.isEmpty() ? prefix : prefix + u'.' + i.field),
                                            i.code, i.message});
    }
    [[nodiscard]] bool isValid() const { return m_issues.isEmpty(); }
    [[nodiscard]] const QList<ValidationIssue> &issues() const & { return m_issues; }
    // On a temporary report (`validate(...).issues()`) hand out a copy, not a dangling reference.
    [[nodiscard]] QList<ValidationIssue> issues() && { return std::move(m_issues); }
    [[nodiscard]] bool hasCode(const QString &code) const
    {
        for (const ValidationIssue &i : m_issues)
            if (i.code == code)
                return true;
        return false;
    }
    [[nodiscard]] QList<ValidationIssue> issuesFor(const QString &field) const
    {
        QList<ValidationIssue> out;
        for (const ValidationIssue &i : m_issues)
            if (i.field == field)
                out.append(i);
        return out;
    }

private:
    QList<ValidationIssue> m_issues;
};

} // namespace deskpay
