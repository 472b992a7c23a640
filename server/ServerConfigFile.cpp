#include "server/ServerConfigFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

// Where each key is written, as QSettings names it ("key" or "section/key").
QHash<QString, int> keyLines(const QByteArray &text)
{
    QHash<QString, int> lines;
    QString section;
    int number = 0;
    for (const QByteArray &raw : text.split('\n')) {
        ++number;
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || line.startsWith(u';') || line.startsWith(u'#'))
            continue;
        if (line.startsWith(u'[')) {
            section = line.mid(1, line.indexOf(u']') - 1).trimmed();
            if (section.compare(u"General"_s, Qt::CaseInsensitive) == 0)
                section.clear();
            continue;
        }
        const qsizetype equals = line.indexOf(u'=');
        if (equals <= 0)
            continue;
        const QString key = line.left(equals).trimmed();
        const QString full = section.isEmpty() ? key : section + u'/' + key;
        if (!lines.contains(full))
            lines.insert(full, number);
    }
    return lines;
}

bool looksSecret(const QString &key)
{
    const QString lower = key.toLower();
    if (lower.endsWith(u"-file"_s))
        return false;
    return lower.contains(u"secret"_s) || lower.contains(u"password"_s) || lower.contains(u"token"_s)
        || lower.contains(u"passphrase"_s);
}

} // namespace

Result<ServerConfigFile> ServerConfigFile::read(const QString &path, const QStringList &knownKeys)
{
    ServerConfigFile config;
    const QFileInfo info(path);
    config.m_path = QDir::cleanPath(info.absoluteFilePath());
    QFile file(config.m_path);
    if (!info.isFile() || !file.open(QIODevice::ReadOnly))
        return fail(u"bad_config"_s, tr("--config: cannot read the config file %1.").arg(config.m_path), u"config"_s);
    const QByteArray text = file.readAll();
    file.close();
    const QHash<QString, int> lines = keyLines(text);

    QSettings settings(config.m_path, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError)
        return fail(u"bad_config"_s, tr("%1: this is not an INI file.").arg(config.m_path), u"config"_s);

    const auto where = [&](const QString &key) {
        const int line = lines.value(key, 0);
        return line > 0 ? u"%1:%2"_s.arg(config.m_path).arg(line) : config.m_path;
    };
    // Keys sorted by line so the first problem reported is the first one in the file.
    QStringList keys = settings.allKeys();
    std::sort(keys.begin(), keys.end(),
        [&](const QString &a, const QString &b) { return lines.value(a, 0) < lines.value(b, 0); });
    for (const QString &key : keys) {
        if (looksSecret(key))
            return fail(u"bad_config"_s,
                tr("%1: “%2” looks like a secret, and secrets do not go into the config file: give the webhook "
                   "secret with webhook-secret-file, the database password with PGPASSWORD or ~/.pgpass.")
                    .arg(where(key), key.left(60)),
                key);
        if (!knownKeys.contains(key))
            return fail(u"bad_config"_s,
                tr("%1: unknown key “%2” (known keys: %3).").arg(where(key), key.left(60), knownKeys.join(u", "_s)),
                key);
        const QVariant value = settings.value(key);
        // QSettings reads "a,b" as a list; none of the settings is one.
        const QString joined
            = value.typeId() == QMetaType::QStringList ? value.toStringList().join(u',') : value.toString();
        config.m_values.insert(key, joined);
        config.m_lines.insert(key, lines.value(key, 0));
    }
    if (config.m_values.contains(u"database"_s)) {
        const QUrl url(config.m_values.value(u"database"_s));
        if (!url.password().isEmpty())
            return fail(u"bad_config"_s,
                tr("%1: the database URL holds a password; secrets do not go into the config file: use "
                   "PGPASSWORD or ~/.pgpass.")
                    .arg(where(u"database"_s)),
                u"database"_s);
    }
    return config;
}

QString ServerConfigFile::location(const QString &key) const
{
    const int line = m_lines.value(key, 0);
    return line > 0 ? u"%1:%2: %3"_s.arg(m_path).arg(line).arg(key) : u"%1: %2"_s.arg(m_path, key);
}

QString ServerConfigFile::resolvePath(const QString &path) const
{
    if (path.isEmpty() || QDir::isAbsolutePath(path))
        return path;
    return QDir::cleanPath(QFileInfo(m_path).absoluteDir().absoluteFilePath(path));
}

} // namespace deskpay
