// ServerHealth::fromJson: what the client accepts from GET /v1/health and what it refuses.

#include "services/ServerHealth.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace deskpay {

class TestServerHealth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void refuses_data();
    void refuses();
};

void TestServerHealth::parses_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("schema");
    QTest::newRow("ok") << R"({"status":"ok","version":"0.1.0","database":"sqlite","schemaVersion":1})"_ba << u"ok"_s
                        << true << qint64(1);
    QTest::newRow("degraded")
        << R"({"status":"degraded","version":"0.2","database":"postgresql","schemaVersion":12})"_ba << u"degraded"_s
        << false << qint64(12);
    QTest::newRow("extra fields tolerated")
        << R"({"status":"ok","version":"1","database":"sqlite","schemaVersion":0,"uptime":5})"_ba << u"ok"_s << true
        << qint64(0);
}

void TestServerHealth::parses()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, status);
    QFETCH(bool, ok);
    QFETCH(qint64, schema);
    const auto health = ServerHealth::fromJson(body);
    QVERIFY2(health, qPrintable(health ? QString() : health.error().message));
    QCOMPARE(health->status, status);
    QCOMPARE(health->isOk(), ok);
    QCOMPARE(health->schemaVersion, schema);
}

void TestServerHealth::refuses_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    QTest::newRow("not json") << "<html>502 Bad Gateway</html>"_ba << QString();
    QTest::newRow("array") << "[]"_ba << QString();
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("no status") << R"({"version":"1","database":"sqlite","schemaVersion":1})"_ba << u"status"_s;
    QTest::newRow("status number") << R"({"status":1,"version":"1","database":"sqlite","schemaVersion":1})"_ba
                                   << u"status"_s;
    QTest::newRow("no version") << R"({"status":"ok","database":"sqlite","schemaVersion":1})"_ba << u"version"_s;
    QTest::newRow("no database") << R"({"status":"ok","version":"1","schemaVersion":1})"_ba << u"database"_s;
    QTest::newRow("schema as text") << R"({"status":"ok","version":"1","database":"sqlite","schemaVersion":"1"})"_ba
                                    << u"schemaVersion"_s;
    QTest::newRow("schema fraction") << R"({"status":"ok","version":"1","database":"sqlite","schemaVersion":1.5})"_ba
                                     << u"schemaVersion"_s;
    QTest::newRow("schema negative") << R"({"status":"ok","version":"1","database":"sqlite","schemaVersion":-1})"_ba
                                     << u"schemaVersion"_s;
}

void TestServerHealth::refuses()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    const auto health = ServerHealth::fromJson(body);
    QVERIFY(!health);
    QCOMPARE(health.error().code, u"bad_health_response"_s);
    QCOMPARE(health.error().field, field);
    QVERIFY(!health.error().message.isEmpty());
}

} // namespace deskpay

QTEST_GUILESS_MAIN(deskpay::TestServerHealth)
#include "test_ServerHealth.moc"
