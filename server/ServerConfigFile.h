#pragma once
// ServerConfigFile: deskpay-server's INI config file (--config), keys named like the long options.

#include "models/Error.h"

#include <QCoreApplication>
#include <QHash>
#include <QString>
#include <QStringList>

namespace deskpay {

// Read with QSettings (IniFormat); a plain scan of the text adds the line of each key so errors
// can point at it. Keys live at the top of the file or under [General]; any other section's keys
// are unknown. Secrets never go in here: a key that looks like one (…secret, …password, …token)
// or a database URL with a password is refused, pointing at the file-or-environment alternative.
class ServerConfigFile
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::ServerConfigFile)

public:
    // Errors (code bad_config) name the file, and the line and key where there is one.
    [[nodiscard]] static Result<ServerConfigFile> read(const QString &path, const QStringList &knownKeys);

    [[nodiscard]] const QString &path() const { return m_path; } // absolute
    [[nodiscard]] bool contains(const QString &key) const { return m_values.contains(key); }
    [[nodiscard]] QString value(const QString &key) const { return m_values.value(key); }
    [[nodiscard]] int line(const QString &key) const { return m_lines.value(key, 0); }
    [[nodiscard]] QStringList keys() const { return m_values.keys(); }

    // "FILE:LINE: key", how messages refer to a setting from this file.
    [[nodiscard]] QString location(const QString &key) const;

    // A relative path in the file is relative to the file's folder, not to wherever the
    // server happens to be started from.
    [[nodiscard]] QString resolvePath(const QString &path) const;

private:
    QString m_path;
    QHash<QString, QString> m_values;
    QHash<QString, int> m_lines;
};

} // namespace deskpay
