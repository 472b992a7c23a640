// OrderTemplate (parsing, every refusal with its field, canonical JSON) and TemplateStore on a
// real database: the migration's version 1, adding versions that never change, concurrent
// writers. Built twice: SQLite and (DESKPAY_TEST_POSTGRES) the PostgreSQL of `./dev test`.

#include "ResultTesting.h"
#include "TestDatabase.h"
#include "models/Clock.h"
#include "server/Database.h"
#include "server/MigrationRunner.h"
#include "server/OrderTemplate.h"
#include "server/TemplateStore.h"

#include <QSqlQuery>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace deskpay;
using deskpay::test::TestDatabase;

namespace {

// Version 1 of DATE_CHANGE exactly as 0004_orders.sql seeds it (canonical JSON).
const QByteArray SeedDateChange
    = R"({"amountLines":[{"label":"Fare difference","source":"fareDifference"},{"label":"Tax difference","source":"taxDifference"},{"label":"Change fee","source":"changeFee"}],"description":"Date change for {passengerName}, ticket {ticketNumber} (PNR {pnr}): {origin}-{destination} departing {newDeparture}","payTypes":["ALIPAY","WECHAT_PAY"],"paymentTimeoutMinutes":30,"subject":"Flight date change {ticketNumber}"})"_ba;

OrderTemplate sample(const QString &subject = u"Change {pnr}"_s)
{
    OrderTemplate t;
    t.subject = subject;
    t.description = u"For {passengerName} on {newDeparture}"_s;
    t.amountLines = { { u"Fee"_s, AmountSource::ChangeFee }, { u"Fare"_s, AmountSource::FareDifference },
        { u"Tax"_s, AmountSource::TaxDifference } };
    t.payTypes = { PayType::WechatPay };
    t.paymentTimeoutMinutes = 15;
    return t;
}

} // namespace

class TestTemplateStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void seedIsReadAndCanonical();
    void canonicalOutputSortsAndCompacts();
    void invalidDefinitions_data();
    void invalidDefinitions();
    void everyProblemIsListed();
    void migrationSeededVersionOne();
    void addMakesTheNextVersion();
    void invalidTemplateIsNotStored();
    void unknownVersion();
    void concurrentWritersGetConsecutiveVersions();

private:
    TestDatabase m_testDatabase;
    std::unique_ptr<Database> m_database;
    ManualClock m_clock { QDateTime(QDate(2026, 11, 21), QTime(8, 0), Qt::UTC) };
    std::unique_ptr<TemplateStore> m_templates;
};

void TestTemplateStore::init()
{
    const QString error = m_testDatabase.create();
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
    auto database = Database::open(m_testDatabase.url(), u"templates"_s);
    VERIFY_OK(database);
    m_database = std::move(*database);
    const auto migrations = MigrationRunner::builtIn(m_database->backend());
    VERIFY_OK(migrations);
    VERIFY_OK(MigrationRunner(*migrations, m_clock).migrate(*m_database));
    m_templates = std::make_unique<TemplateStore>(*m_database, m_clock);
}

void TestTemplateStore::cleanup()
{
    m_templates.reset();
    m_database.reset();
}

void TestTemplateStore::seedIsReadAndCanonical()
{
    const auto parsed = OrderTemplate::parse(SeedDateChange);
    VERIFY_OK(parsed);
    QCOMPARE(parsed->subject, u"Flight date change {ticketNumber}"_s);
    QCOMPARE(parsed->amountLines.size(), 3);
    QCOMPARE(parsed->amountLines.at(2), (TemplateAmountLine { u"Change fee"_s, AmountSource::ChangeFee }));
    QCOMPARE(parsed->payTypes, (QList<PayType> { PayType::Alipay, PayType::WechatPay }));
    QCOMPARE(parsed->paymentTimeoutMinutes, 30);
    QCOMPARE(parsed->toCanonicalJson(), SeedDateChange);
}

void TestTemplateStore::canonicalOutputSortsAndCompacts()
{
    const QByteArray loose = R"({ "subject": "S {pnr}", "paymentTimeoutMinutes": 1440,
        "payTypes": ["WECHAT_PAY"], "description": "D",
        "amountLines": [ {"source": "taxDifference", "label": "T"}, {"source": "changeFee", "label": "C"},
                         {"source": "fareDifference", "label": "F"} ] })"_ba;
    const auto parsed = OrderTemplate::parse(loose);
    VERIFY_OK(parsed);
    QCOMPARE(parsed->toCanonicalJson(),
        R"({"amountLines":[{"label":"T","source":"taxDifference"},{"label":"C","source":"changeFee"},{"label":"F","source":"fareDifference"}],"description":"D","payTypes":["WECHAT_PAY"],"paymentTimeoutMinutes":1440,"subject":"S {pnr}"})"_ba);
    QCOMPARE(OrderTemplate::parse(parsed->toCanonicalJson()).value(), *parsed);
}

void TestTemplateStore::invalidDefinitions_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message"); // a part of the message
    const auto with = [](const QByteArray &from, const QByteArray &to) {
        QByteArray json = SeedDateChange;
        json.replace(from, to);
        return json;
    };
    QTest::newRow("not JSON") << "{"_ba << u"invalid_json"_s << QString() << QString();
    QTest::newRow("not an object") << "[]"_ba << u"template_invalid"_s << QString() << u"object"_s;
    QTest::newRow("unknown placeholder") << with("{pnr}", "{bookingRef}") << u"template_invalid"_s << u"description"_s
                                         << u"{bookingRef}"_s;
    QTest::newRow("placeholder in wrong case") << with("change {ticketNumber}", "change {TicketNumber}")
                                               << u"template_invalid"_s << u"subject"_s << u"{TicketNumber}"_s;
    QTest::newRow("stray brace") << with("Flight date change", "Flight } change") << u"template_invalid"_s
                                 << u"subject"_s << u"brace"_s;
    QTest::newRow("unknown field") << with("\"subject\"", "\"colour\":\"red\",\"subject\"") << u"template_invalid"_s
                                   << u"colour"_s << u"colour"_s;
    QTest::newRow("missing subject") << with(",\"subject\":\"Flight date change {ticketNumber}\"", "")
                                     << u"template_invalid"_s << u"subject"_s << u"subject"_s;
    QTest::newRow("empty subject") << with("Flight date change {ticketNumber}", " ") << u"template_invalid"_s
                                   << u"subject"_s << u"empty"_s;
    QTest::newRow("line break in subject")
        << with("Flight date change", "Flight\\ndate change") << u"template_invalid"_s << u"subject"_s << u"control"_s;
    QTest::newRow("no pay types") << with("[\"ALIPAY\",\"WECHAT_PAY\"]", "[]") << u"template_invalid"_s << u"payTypes"_s
                                  << u"at least one"_s;
    QTest::newRow("duplicate pay type") << with("[\"ALIPAY\",\"WECHAT_PAY\"]", "[\"ALIPAY\",\"ALIPAY\"]")
                                        << u"template_invalid"_s << u"payTypes[1]"_s << u"twice"_s;
    QTest::newRow("unknown pay type") << with("\"WECHAT_PAY\"", "\"PAYPAL\"") << u"template_invalid"_s
                                      << u"payTypes[1]"_s << u"PAYPAL"_s;
    QTest::newRow("timeout zero") << with(":30", ":0") << u"template_invalid"_s << u"paymentTimeoutMinutes"_s
                                  << QString();
    QTest::newRow("timeout too long") << with(":30", ":1441") << u"template_invalid"_s << u"paymentTimeoutMinutes"_s
                                      << QString();
    QTest::newRow("timeout a string") << with(":30", ":\"30\"") << u"template_invalid"_s << u"paymentTimeoutMinutes"_s
                                      << QString();
    QTest::newRow("unknown source") << with("\"changeFee\"", "\"serviceFee\"") << u"template_invalid"_s
                                    << u"amountLines[2].source"_s << u"serviceFee"_s;
    QTest::newRow("source twice") << with("\"changeFee\"", "\"taxDifference\"") << u"template_invalid"_s
                                  << u"amountLines[2].source"_s << u"exactly once"_s;
    QTest::newRow("empty label") << with("\"Change fee\"", "\"\"") << u"template_invalid"_s << u"amountLines[2].label"_s
                                 << QString();
    QTest::newRow("unknown field in a line") << with("\"label\":\"Change fee\"", "\"label\":\"Change fee\",\"x\":1")
                                             << u"template_invalid"_s << u"amountLines[2].x"_s << QString();
}

void TestTemplateStore::invalidDefinitions()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, code);
    QFETCH(QString, field);
    QFETCH(QString, message);
    const auto parsed = OrderTemplate::parse(json);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().code, code);
    if (code == u"template_invalid"_s) {
        QCOMPARE(parsed.error().field, field);
        QVERIFY2(parsed.error().message.contains(message), qPrintable(parsed.error().message));
    }
}

void TestTemplateStore::everyProblemIsListed()
{
    const auto parsed = OrderTemplate::parse(
        R"({"subject":"{x}","description":"ok","amountLines":[],"payTypes":["ALIPAY"],"paymentTimeoutMinutes":0})"_ba);
    QVERIFY(!parsed);
    for (const QString &part :
        { u"subject"_s, u"fareDifference"_s, u"taxDifference"_s, u"changeFee"_s, u"paymentTimeoutMinutes"_s })
        QVERIFY2(parsed.error().message.contains(part), qPrintable(parsed.error().message));
}

void TestTemplateStore::migrationSeededVersionOne()
{
    const auto all = m_templates->list();
    VERIFY_OK(all);
    QCOMPARE(all->size(), 3);
    QCOMPARE(all->at(0).productType, ProductType::DateChange);
    QCOMPARE(all->at(1).productType, ProductType::Upgrade);
    QCOMPARE(all->at(2).productType, ProductType::DateChangeUpgrade);
    for (const StoredTemplate &stored : *all) {
        QCOMPARE(stored.version, 1);
        QCOMPARE(stored.createdBy, u"migration"_s);
    }
    const auto latest = m_templates->latest(ProductType::DateChange);
    VERIFY_OK(latest);
    QCOMPARE(latest->definition.toCanonicalJson(), SeedDateChange);
    QCOMPARE(m_templates->latest(ProductType::Upgrade).value().definition.subject, u"Cabin upgrade {ticketNumber}"_s);
}

void TestTemplateStore::addMakesTheNextVersion()
{
    const auto added = m_templates->add(ProductType::Upgrade, sample(), u"super1"_s);
    VERIFY_OK(added);
    QCOMPARE(added->version, 2);
    QCOMPARE(added->productType, ProductType::Upgrade);
    QCOMPARE(added->createdBy, u"super1"_s);
    QCOMPARE(added->createdAt, m_clock.now());
    QCOMPARE(added->definition, sample());
    m_clock.advanceSecs(60);
    const auto third = m_templates->add(ProductType::Upgrade, sample(u"Third {ticketNumber}"_s), u"admin"_s);
    VERIFY_OK(third);
    QCOMPARE(third->version, 3);

    QCOMPARE(m_templates->latest(ProductType::Upgrade).value().version, 3);
    QCOMPARE(m_templates->latest(ProductType::Upgrade).value().definition.subject, u"Third {ticketNumber}"_s);
    // Earlier versions stay exactly as they were: orders record the version they used.
    QCOMPARE(m_templates->get(ProductType::Upgrade, 2).value().definition, sample());
    QCOMPARE(m_templates->get(ProductType::Upgrade, 1).value().definition.subject, u"Cabin upgrade {ticketNumber}"_s);
    // Other product types are untouched.
    QCOMPARE(m_templates->latest(ProductType::DateChange).value().version, 1);
    QCOMPARE(m_templates->list().value().size(), 5);

    // The stored text is the canonical JSON.
    QSqlQuery query(m_database->connection());
    QVERIFY(query.exec(u"SELECT definition FROM order_templates WHERE product_type = 'UPGRADE' AND version = 2"_s));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString().toUtf8(), sample().toCanonicalJson());
}

void TestTemplateStore::invalidTemplateIsNotStored()
{
    OrderTemplate bad = sample(u"Change {seat}"_s);
    bad.payTypes.clear();
    const auto added = m_templates->add(ProductType::DateChange, bad, u"admin"_s);
    QVERIFY(!added);
    QCOMPARE(added.error().code, u"template_invalid"_s);
    QCOMPARE(added.error().field, u"subject"_s);
    QVERIFY(added.error().message.contains(u"payTypes"_s));
    QCOMPARE(m_templates->latest(ProductType::DateChange).value().version, 1);
    const auto nobody = m_templates->add(ProductType::DateChange, sample(), u" "_s);
    QVERIFY(!nobody);
    QCOMPARE(m_templates->list().value().size(), 3);
}

void TestTemplateStore::unknownVersion()
{
    const auto missing = m_templates->get(ProductType::DateChange, 7);
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, u"template_not_found"_s);
    QVERIFY(m_database->exec(u"DELETE FROM order_templates WHERE product_type = 'UPGRADE'"_s).has_value());
    const auto none = m_templates->latest(ProductType::Upgrade);
    QVERIFY(!none);
    QCOMPARE(none.error().code, u"template_not_found"_s);
    // The first version after none is 1.
    QCOMPARE(m_templates->add(ProductType::Upgrade, sample(), u"admin"_s).value().version, 1);
}

void TestTemplateStore::concurrentWritersGetConsecutiveVersions()
{
    constexpr int PerThread = 5;
    QList<int> versions;
    QMutex mutex;
    QStringList errors;
    const auto writer = [&] {
        for (int i = 0; i < PerThread; ++i) {
            const auto added = m_templates->add(ProductType::DateChange, sample(), u"admin"_s);
            const QMutexLocker lock(&mutex);
            if (added)
                versions.append(added->version);
            else
                errors.append(added.error().message);
        }
    };
    std::unique_ptr<QThread> a(QThread::create(writer));
    std::unique_ptr<QThread> b(QThread::create(writer));
    a->start();
    b->start();
    QVERIFY(a->wait(60000));
    QVERIFY(b->wait(60000));
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u"; "_s)));
    std::sort(versions.begin(), versions.end());
    QList<int> expected;
    for (int v = 2; v < 2 + 2 * PerThread; ++v)
        expected.append(v);
    QCOMPARE(versions, expected);
}

QTEST_GUILESS_MAIN(TestTemplateStore)
#include "test_TemplateStore.moc"
