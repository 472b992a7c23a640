#pragma once
// EventNotifier: tells this instance's event streams that new events have committed — locally, and on PostgreSQL
// from every other server instance through LISTEN/NOTIFY.

#include "models/Error.h"

#include <QObject>
#include <QSqlDriver>
#include <QString>
#include <QTimer>

#include <atomic>
#include <chrono>

namespace deskpay {

class Database;

// Lives on the main (HTTP) thread. Wakes are coalesced: several announcements before the event
// loop runs give one eventsAvailable(); a stream reads everything after its cursor anyway.
class EventNotifier : public QObject
{
    Q_OBJECT

public:
    explicit EventNotifier(QObject *parent = nullptr);
    ~EventNotifier() override;

    // Thread-safe: the order pipeline calls it from worker threads after COMMIT.
    void announce();

    // PostgreSQL: LISTEN on EventLog::NotifyChannel over a connection of its own, opened here on
    // the calling (main) thread from the database's settings, so events committed by OTHER
    // server instances wake this instance's streams too. The connection is checked every
    // `checkInterval` and reopened when it was lost (with one wake, for what was missed).
    // SQLite: nothing to do (one server per database file).
    [[nodiscard]] Result<void> listen(
        const Database &database, std::chrono::milliseconds checkInterval = std::chrono::seconds(30));
    [[nodiscard]] bool isListening() const { return !m_connectionName.isEmpty(); }
    // The PostgreSQL backend process of the listening connection (0 when none), for diagnostics.
    [[nodiscard]] qint64 listenerBackendPid() const { return m_backendPid; }

Q_SIGNALS:
    void eventsAvailable();

private:
    [[nodiscard]] Result<void> subscribe();
    void unsubscribe();
    void check();
    void onNotification(const QString &name, QSqlDriver::NotificationSource source, const QVariant &payload);

    std::atomic<bool> m_wakePending { false };
    QString m_baseConnection; // the Database's connection name, cloned for listening
    QString m_connectionName;
    qint64 m_backendPid = 0;
    QTimer m_checkTimer;
};

} // namespace deskpay
