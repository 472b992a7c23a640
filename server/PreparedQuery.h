#pragma once
// PreparedQuery: a prepared statement borrowed from its connection's cache for one use, reset when the handle goes.

#include <QSqlQuery>

#include <memory>

namespace deskpay {

// Database::cached() hands these out. Preparing is the dear part of a short statement: SQLite
// parses and plans the text, Qt's PostgreSQL driver sends PREPARE and DEALLOCATE around every
// EXECUTE. A cached statement is prepared once per connection; each use binds new values and
// executes it again. The destructor calls finish(), which resets the statement (an SQLite
// statement left mid-result would otherwise keep its read snapshot open) and gives it back.
class PreparedQuery
{
public:
    struct Slot
    {
        QSqlQuery query;
        bool inUse = false;
    };

    explicit PreparedQuery(std::shared_ptr<Slot> slot)
        : m_slot(std::move(slot))
    {
        m_slot->inUse = true;
    }
    ~PreparedQuery()
    {
        if (m_slot) {
            m_slot->query.finish();
            m_slot->inUse = false;
        }
    }
    PreparedQuery(PreparedQuery &&) noexcept = default;
    PreparedQuery &operator=(PreparedQuery &&) = delete;
    PreparedQuery(const PreparedQuery &) = delete;
    PreparedQuery &operator=(const PreparedQuery &) = delete;

    QSqlQuery *operator->() { return &m_slot->query; }
    QSqlQuery &operator*() { return m_slot->query; }

private:
    std::shared_ptr<Slot> m_slot;
};

} // namespace deskpay
