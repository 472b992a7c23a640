#include "server/Database.h"

#include "server/ServerLogging.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr int SqliteBusyTimeoutMs = 5000;

QString driverName(DatabaseBackend backend)
{
    return backend == DatabaseBackend::Sqlite ? u"QSQLITE"_s : u"QPSQL"_s;
}

} // namespace

Database::Database(DatabaseUrl url, QString connectionName)
    : m_url(std::move(url))
    , m_connectionName(std::move(connectionName))
    , m_ownerThread(QThread::currentThread())
{
}

Database::~Database()
{
    const QStringList clones = [this] {
        QMutexLocker lock(&m_clonesMutex);
        m_statements.clear(); // statements go before their connections
        return m_clones;
    }();
    // Not QSqlDatabase::database(clone): that refuses a connection of another thread; removing
    // it deletes its driver, which closes it (the threads that used it have finished).
    for (const QString &clone : clones)
        QSqlDatabase::removeDatabase(clone);
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result<std::unique_ptr<Database>> Database::open(const DatabaseUrl &url, const QString &connectionName)
{
    if (QSqlDatabase::contains(connectionName))
        return fail(
            u"database_connection_exists"_s, tr("A database connection named %1 is already open.").arg(connectionName));
    if (!QSqlDatabase::isDriverAvailable(driverName(url.backend)))
        return fail(u"database_driver_missing"_s,
            tr("The Qt SQL driver %1 is not installed (Debian: libqt6sql6-%2).")
                .arg(driverName(url.backend), url.backend == DatabaseBackend::Sqlite ? u"sqlite"_s : u"psql"_s));

    // From here the destructor removes the connection again on every failure path (after `db`,
    // declared later, has let go of it).
    std::unique_ptr<Database> database(new Database(url, connectionName));
    QSqlDatabase db = QSqlDatabase::addDatabase(driverName(url.backend), connectionName);
    if (url.backend == DatabaseBackend::Sqlite) {
        const QString folder = QFileInfo(url.path).absolutePath();
        if (!QDir().mkpath(folder))
            return fail(u"database_unavailable"_s, tr("Cannot create the folder %1.").arg(folder));
        db.setDatabaseName(url.path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(SqliteBusyTimeoutMs));
    } else {
        db.setHostName(url.host);
        db.setPort(url.port);
        db.setUserName(url.user);
        db.setPassword(url.password);
        db.setDatabaseName(url.databaseName);
        QStringList options { u"connect_timeout=%1"_s.arg(url.connectTimeoutSecs),
            u"application_name=deskpay-server"_s };
        if (!url.sslMode.isEmpty())
            options.append(u"sslmode="_s + url.sslMode);
        db.setConnectOptions(options.join(u';'));
    }
    if (!db.open())
        return fail(u"database_unavailable"_s,
            tr("Cannot open the database %1: %2").arg(url.toDisplayString(), db.lastError().text()));
    if (auto configured = database->configure(); !configured)
        return std::unexpected(configured.error());
    qCInfo(lcServerDb, "opened %ls as %ls", qUtf16Printable(url.toDisplayString()), qUtf16Printable(connectionName));
    return database;
}

Result<void> Database::configure() const
{
    if (m_url.backend == DatabaseBackend::Sqlite) {
        // WAL lets readers proceed while one writer commits; the mode is stored in the file.
        QSqlQuery query(connection());
        if (!query.exec(u"PRAGMA journal_mode=WAL"_s) || !query.next()
            || query.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0)
            return fail(u"database_unavailable"_s,
                tr("Cannot switch %1 to WAL mode: %2").arg(m_url.path, query.lastError().text()));
        query.finish();
        if (auto fk = exec(u"PRAGMA foreign_keys=ON"_s); !fk)
            return fk;
        if (!query.exec(u"PRAGMA foreign_keys"_s) || !query.next() || query.value(0).toInt() != 1)
            return fail(u"database_unavailable"_s, tr("This SQLite build cannot enforce foreign keys."));
        return {};
    }
    if (auto utc = exec(u"SET TIME ZONE 'UTC'"_s); !utc)
        return utc;
    if (!m_url.schema.isEmpty()) {
        // The URL parser admits only plain identifiers, so quoting is enough here.
        if (auto path = exec(u"SET search_path TO \"%1\""_s.arg(m_url.schema)); !path)
            return path;
    }
    return {};
}

void Database::close() const
{
    m_closed = true;
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    db.close();
}

QSqlDatabase Database::connection() const
{
    if (m_closed)
        return {};
    if (QThread::currentThread() == m_ownerThread)
        return QSqlDatabase::database(m_connectionName, false);
    return threadConnection();
}

QSqlDatabase Database::threadConnection() const
{
    // A number per thread rather than the thread id: ids are reused once a thread ends.
    static std::atomic<quint64> nextThreadNumber { 1 };
    thread_local const quint64 threadNumber = nextThreadNumber++;
    const QString name = u"%1@%2"_s.arg(m_connectionName).arg(threadNumber);
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name, false);

    QSqlDatabase db = QSqlDatabase::cloneDatabase(m_connectionName, name);
    {
        QMutexLocker lock(&m_clonesMutex);
        m_clones.append(name);
    }
    if (!db.open()) {
        qCWarning(lcServerDb, "cannot open a worker connection to %ls: %ls", qUtf16Printable(m_url.toDisplayString()),
            qUtf16Printable(db.lastError().text()));
        return db;
    }
    if (auto configured = configure(); !configured)
        qCWarning(lcServerDb, "%ls", qUtf16Printable(configured.error().message));
    return db;
}

PreparedQuery Database::cached(const QString &sql) const
{
    // Past this many statements on one connection the cache starts afresh (a safety net; the
    // cached texts are constants).
    constexpr qsizetype MaxStatementsPerConnection = 128;
    const QSqlDatabase db = connection();
    const auto fresh = [&] {
        auto slot = std::make_shared<PreparedQuery::Slot>(PreparedQuery::Slot { QSqlQuery(db), false });
        slot->query.prepare(sql);
        return slot;
    };
    if (!db.isOpen())
        return PreparedQuery(fresh());
    QHash<QString, std::shared_ptr<PreparedQuery::Slot>> *statements = nullptr;
    {
        QMutexLocker lock(&m_clonesMutex);
        statements = &m_statements[db.connectionName()];
    }
    // Only the connection's own thread gets here with this hash.
    if (const auto found = statements->constFind(sql); found != statements->cend()) {
        if (!(*found)->inUse)
            return PreparedQuery(*found);
        return PreparedQuery(fresh()); // nested use of the same text
    }
    if (statements->size() >= MaxStatementsPerConnection)
        statements->clear();
    auto slot = fresh();
    if (!slot->query.lastError().isValid())
        statements->insert(sql, slot);
    return PreparedQuery(std::move(slot));
}

Result<void> Database::exec(const QString &sql) const
{
    QSqlQuery query(connection());
    if (!query.exec(sql))
        return fail(u"database_error"_s,
            tr("The database refused “%1”: %2").arg(sql.simplified().left(120), query.lastError().text()));
    return {};
}

Result<void> Database::beginWriteTransaction() const
{
    return exec(m_url.backend == DatabaseBackend::Sqlite ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s);
}

Result<void> Database::commit() const
{
    return exec(u"COMMIT"_s);
}

void Database::rollback() const
{
    if (auto rolledBack = exec(u"ROLLBACK"_s); !rolledBack)
        qCWarning(lcServerDb, "%ls", qUtf16Printable(rolledBack.error().message));
}

} // namespace deskpay
