#pragma once
// TestDatabase: a fresh, empty database for one test — a SQLite file in a temporary folder, or
// (built with DESKPAY_TEST_POSTGRES) a schema of its own in the PostgreSQL that `./dev test`
// starts (DESKPAY_TEST_PG), dropped again at the end.

#include "server/Database.h"
#include "server/DatabaseUrl.h"

#include <QRandomGenerator>
#include <QTemporaryDir>

#include <memory>

namespace deskpay::test {

class TestDatabase
{
public:
    TestDatabase() = default;
    ~TestDatabase() { drop(); }
    TestDatabase(const TestDatabase &) = delete;
    TestDatabase &operator=(const TestDatabase &) = delete;

    static constexpr bool isPostgres()
    {
#ifdef DESKPAY_TEST_POSTGRES
        return true;
#else
        return false;
#endif
    }

    // An error message, or empty when url() is ready.
    QString create()
    {
        drop();
        using namespace Qt::StringLiterals;
        if (!isPostgres()) {
            m_dir = std::make_unique<QTemporaryDir>();
            if (!m_dir->isValid())
                return u"no temporary folder"_s;
            m_url = DatabaseUrl::sqliteFile(m_dir->filePath(u"test.sqlite"_s));
            return {};
        }
        const QString base = qEnvironmentVariable("DESKPAY_TEST_PG");
        if (base.isEmpty())
            return u"DESKPAY_TEST_PG is not set: run through ./dev test (it starts PostgreSQL and sets it)"_s;
        const auto baseUrl = DatabaseUrl::parse(base);
        if (!baseUrl)
            return baseUrl.error().message;
        m_schema = u"deskpay_t%1"_s.arg(QRandomGenerator::global()->generate64(), 0, 16);
        auto admin = Database::open(*baseUrl, u"test-admin-"_s + m_schema);
        if (!admin)
            return admin.error().message;
        m_admin = std::move(*admin);
        if (auto made = m_admin->exec(u"CREATE SCHEMA "_s + m_schema); !made)
            return made.error().message;
        const auto url = DatabaseUrl::parse(base + (base.contains(u'?') ? u'&' : u'?') + u"schema="_s + m_schema);
        if (!url)
            return url.error().message;
        m_url = *url;
        return {};
    }

    [[nodiscard]] const DatabaseUrl &url() const
    {
        return m_url;
    }

private:
    void drop()
    {
        if (m_admin && !m_schema.isEmpty()) {
            using namespace Qt::StringLiterals;
            (void)m_admin->exec(u"DROP SCHEMA "_s + m_schema + u" CASCADE"_s);
        }
        m_admin.reset();
        m_schema.clear();
        m_dir.reset();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_admin;
    QString m_schema;
    DatabaseUrl m_url;
};

} // namespace deskpay::test
