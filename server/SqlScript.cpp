#include "server/SqlScript.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

// Whether a trigger's BEGIN … END block is still open in `code` (the statement so far with
// strings and comments blanked out). CASE … END nests inside it.
bool triggerBodyOpen(const QString &code)
{
    static const QRegularExpression word(u"\\b(BEGIN|CASE|END)\\b"_s, QRegularExpression::CaseInsensitiveOption);
    int depth = 0;
    bool begun = false;
    for (const QRegularExpressionMatch &match : word.globalMatch(code)) {
        const QString keyword = match.captured(1).toUpper();
        if (keyword == u"END"_s) {
            --depth;
        } else {
            begun = begun || keyword == u"BEGIN"_s;
            ++depth;
        }
    }
    return !begun || depth > 0;
}

bool startsTrigger(const QString &statement)
{
    static const QRegularExpression trigger(
        u"^\\s*CREATE\\s+(TEMP\\s+|TEMPORARY\\s+)?TRIGGER\\b"_s, QRegularExpression::CaseInsensitiveOption);
    return trigger.match(statement).hasMatch();
}

} // namespace

QStringList SqlScript::split(const QString &script)
{
    QStringList statements;
    QString current;
    QString code; // `current` with quoted text blanked, for keyword scans
    const qsizetype n = script.size();
    qsizetype i = 0;

    auto finish = [&] {
        const QString statement = current.trimmed();
        if (!statement.isEmpty())
            statements.append(statement);
        current.clear();
        code.clear();
    };

    while (i < n) {
        const QChar c = script.at(i);
        const QChar next = i + 1 < n ? script.at(i + 1) : QChar();

        if (c == u'-' && next == u'-') { // line comment: dropped
            while (i < n && script.at(i) != u'\n')
                ++i;
            continue;
        }
        if (c == u'/' && next == u'*') { // block comment: dropped, keeps a separating space
            const qsizetype close = script.indexOf(u"*/"_s, i + 2);
            i = close < 0 ? n : close + 2;
            current.append(u' ');
            code.append(u' ');
            continue;
        }
        if (c == u'\'' || c == u'"') { // string or quoted identifier; doubled quotes stay inside
            qsizetype j = i + 1;
            while (j < n) {
                if (script.at(j) == c) {
                    if (j + 1 < n && script.at(j + 1) == c) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            const qsizetype end = qMin(j + 1, n);
            current.append(QStringView(script).mid(i, end - i));
            code.append(u' ');
            i = end;
            continue;
        }
        if (c == u'$' && (i == 0 || !isWordChar(script.at(i - 1)))) { // $tag$ … $tag$
            static const QRegularExpression tag(u"\\G\\$([A-Za-z_][A-Za-z0-9_]*)?\\$"_s);
            const QRegularExpressionMatch match = tag.match(script, i);
            if (match.hasMatch()) {
                const QString delimiter = match.captured(0);
                const qsizetype close = script.indexOf(delimiter, i + delimiter.size());
                const qsizetype end = close < 0 ? n : close + delimiter.size();
                current.append(QStringView(script).mid(i, end - i));
                code.append(u' ');
                i = end;
                continue;
            }
        }
        if (c == u';') {
            // Inside a trigger body the statements of the body end with ';' too; only the one
            // after its END closes the CREATE TRIGGER.
            if (startsTrigger(code) && triggerBodyOpen(code)) {
                current.append(c);
                code.append(c);
                ++i;
                continue;
            }
            finish();
            ++i;
            continue;
        }
        current.append(c);
        code.append(c);
        ++i;
    }
    finish();
    return statements;
}

} // namespace deskpay
