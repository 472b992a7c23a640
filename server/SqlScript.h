#pragma once
// SqlScript: splits a migration file into single statements, since QtSql runs one statement per exec.

#include <QString>
#include <QStringList>

namespace deskpay {

class SqlScript
{
public:
    // Splits at semicolons that end a statement: not inside '…' strings, "…" identifiers,
    // -- or /* */ comments, PostgreSQL $tag$…$tag$ bodies, or a SQLite CREATE TRIGGER's
    // BEGIN … END block. Comments and empty statements are dropped; each statement is trimmed
    // and keeps no trailing semicolon.
    [[nodiscard]] static QStringList split(const QString &script);
};

} // namespace deskpay
