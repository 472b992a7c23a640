#include "server/DatabaseUrl.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

std::unexpected<Error> badUrl(const QString &message)
{
    return fail(u"bad_database_url"_s, message, u"database"_s);
}

} // namespace

DatabaseUrl DatabaseUrl::sqliteFile(const QString &path)
{
    DatabaseUrl url;
    url.backend = DatabaseBackend::Sqlite;
    url.path = QFileInfo(path).absoluteFilePath();
    return url;
}

Result<DatabaseUrl> DatabaseUrl::parse(const QString &text)
{
    if (text.startsWith(u"sqlite:"_s)) {
        QString path = text.mid(7);
        if (path.startsWith(u"///"_s))
            path = path.mid(2);
        else if (path.startsWith(u"//"_s))
            return badUrl(tr("Write a SQLite URL as sqlite:PATH or sqlite:///absolute/path."));
        if (path.isEmpty())
            return badUrl(tr("The SQLite URL names no file."));
        return sqliteFile(path);
    }

    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"postgresql"_s && url.scheme() != u"postgres"_s))
        return badUrl(tr("“%1” is neither sqlite:PATH nor postgresql://USER@HOST:PORT/DATABASE.")
                          .arg(QUrl(text).toDisplayString(QUrl::RemovePassword).left(200)));
    DatabaseUrl result;
    result.backend = DatabaseBackend::PostgreSql;
    result.host = url.host();
    result.port = url.port(5432);
    if (result.port <= 0)
        return badUrl(tr("The PostgreSQL port is out of range."));
    result.user = url.userName();
    result.password = url.password();
    result.databaseName = url.path().mid(1);
    if (result.databaseName.isEmpty() || result.databaseName.contains(u'/'))
        return badUrl(tr("The PostgreSQL URL names no database (postgresql://USER@HOST:PORT/DATABASE)."));

    static const QRegularExpression identifier(u"^[a-z_][a-z0-9_]{0,62}$"_s);
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == u"schema"_s) {
            if (!identifier.match(value).hasMatch())
                return badUrl(tr("The schema name must be a lower-case SQL identifier."));
            result.schema = value;
        } else if (key == u"sslmode"_s) {
            static const QStringList modes { u"disable"_s, u"allow"_s, u"prefer"_s, u"require"_s, u"verify-ca"_s,
                u"verify-full"_s };
            if (!modes.contains(value))
                return badUrl(tr("Unknown sslmode “%1”.").arg(value.left(40)));
            result.sslMode = value;
        } else if (key == u"connect_timeout"_s) {
            bool ok = false;
            result.connectTimeoutSecs = value.toInt(&ok);
            if (!ok || result.connectTimeoutSecs < 1 || result.connectTimeoutSecs > 3600)
                return badUrl(tr("connect_timeout must be 1–3600 seconds."));
        } else if (key == u"host"_s) {
            // A socket folder, as libpq allows: postgresql:///db?host=/var/run/postgresql
            result.host = value;
        } else {
            return badUrl(tr("Unknown database URL parameter “%1”.").arg(key.left(40)));
        }
    }
    return result;
}

QString DatabaseUrl::toDisplayString() const
{
    if (backend == DatabaseBackend::Sqlite)
        return u"sqlite:"_s + path;
    QUrl url;
    url.setScheme(u"postgresql"_s);
    url.setUserName(user);
    url.setHost(host.startsWith(u'/') ? QString() : host);
    url.setPort(port);
    url.setPath(u'/' + databaseName);
    QUrlQuery query;
    if (!schema.isEmpty())
        query.addQueryItem(u"schema"_s, schema);
    if (host.startsWith(u'/'))
        query.addQueryItem(u"host"_s, host);
    url.setQuery(query);
    return url.toString();
}

QString DatabaseUrl::backendName(DatabaseBackend backend)
{
    return backend == DatabaseBackend::Sqlite ? u"sqlite"_s : u"postgresql"_s;
}

} // namespace deskpay
