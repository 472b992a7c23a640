#include "server/EventNotifier.h"

#include "server/Database.h"
#include "server/EventLog.h"
#include "server/ServerLogging.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace deskpay {

EventNotifier::EventNotifier(QObject *parent)
    : QObject(parent)
{
    connect(&m_checkTimer, &QTimer::timeout, this, &EventNotifier::check);
}

EventNotifier::~EventNotifier()
{
    unsubscribe();
}

void EventNotifier::announce()
{
    if (m_wakePending.exchange(true))
        return;
    QMetaObject::invokeMethod(
        this,
        [this] {
            // Cleared before emitting: an announcement made while the streams read gets a wake of its own.
            m_wakePending = false;
            Q_EMIT eventsAvailable();
        },
        Qt::QueuedConnection);
}

Result<void> EventNotifier::listen(const Database &database, std::chrono::milliseconds checkInterval)
{
    if (database.backend() != DatabaseBackend::PostgreSql)
        return {};
    unsubscribe();
    m_baseConnection = database.connectionName();
    if (auto subscribed = subscribe(); !subscribed)
        return subscribed;
    m_checkTimer.start(checkInterval);
    return {};
}

Result<void> EventNotifier::subscribe()
{
    const QString name = u"%1-events-%2"_s.arg(m_baseConnection, QUuid::createUuid().toString(QUuid::WithoutBraces));
    {
        QSqlDatabase db = QSqlDatabase::cloneDatabase(m_baseConnection, name);
        if (!db.open()) {
            const QString reason = db.lastError().text();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return fail(u"database_unavailable"_s, tr("Cannot open a connection to listen for events: %1").arg(reason));
        }
        if (!db.driver()->subscribeToNotification(EventLog::NotifyChannel.toString())) {
            const QString reason = db.driver()->lastError().text();
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return fail(u"database_error"_s, tr("Cannot listen for events: %1").arg(reason));
        }
        connect(db.driver(), &QSqlDriver::notification, this, &EventNotifier::onNotification);
        QSqlQuery pid(db);
        m_backendPid = pid.exec(u"SELECT pg_backend_pid()"_s) && pid.next() ? pid.value(0).toLongLong() : 0;
    }
    m_connectionName = name;
    qCInfo(lcServerDb, "listening for events on channel %ls (backend %lld)",
        qUtf16Printable(EventLog::NotifyChannel.toString()), m_backendPid);
    return {};
}

void EventNotifier::unsubscribe()
{
    m_checkTimer.stop();
    if (m_connectionName.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen()) {
            db.driver()->disconnect(this);
            db.driver()->unsubscribeFromNotification(EventLog::NotifyChannel.toString());
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
    m_backendPid = 0;
}

void EventNotifier::check()
{
    if (!m_connectionName.isEmpty()) {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        QSqlQuery query(db);
        if (db.isOpen() && query.exec(u"SELECT 1"_s))
            return;
    }
    qCWarning(lcServerDb, "the event listening connection was lost; reopening it");
    const auto interval = m_checkTimer.intervalAsDuration();
    unsubscribe();
    if (auto subscribed = subscribe(); !subscribed)
        qCWarning(lcServerDb, "%ls", qUtf16Printable(subscribed.error().message));
    else
        announce(); // whatever was committed while nobody listened
    m_checkTimer.start(interval); // keep trying while the database is away
}

void EventNotifier::onNotification(const QString &name, QSqlDriver::NotificationSource, const QVariant &)
{
    if (name == EventLog::NotifyChannel)
        announce();
}

} // namespace deskpay
