// PayerAccountStore and PayerSessionStore on a real database: the document number is stored
// only as a keyed digest and a mask, the real-name check's normalisation rules, lock-out and
// payer sessions. Built twice: SQLite and (DESKPAY_TEST_POSTGRES) the PostgreSQL of `./dev test`.

#include "ResultTesting.h"
#include "TestDatabase.h"
#include "models/Clock.h"
#include "server/Database.h"
#include "server/DemoAgents.h"
#include "server/DemoPayers.h"
#include "server/MigrationRunner.h"
#include "server/PasswordHasher.h"
#include "server/PayerAccountStore.h"
#include "server/PayerSessionStore.h"
#include "server/ServerSecrets.h"

#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;
using deskpay::test::TestDatabase;

namespace {

QByteArray masterKey()
{
    return QByteArray(32, '\x5a');
}

const QString ZhangNumber = u"11010519491231002X"_s;

} // namespace

class TestPayerAccountStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void addAndFind();
    void numberIsNeverStored();
    void duplicateAccountIsRefused();
    void invalidAccountsAreRefused_data();
    void invalidAccountsAreRefused();
    void contactsAreNormalised_data();
    void contactsAreNormalised();
    void realNameCheck_data();
    void realNameCheck();
    void digestIsKeyed();
    void lockOutAfterFiveFailures();
    void successClearsFailures();
    void demoPayersAreValidAndIdempotent();
    void sessionsResolveExpireAndRevoke();
    void agentTokensAreNotPayerTokens();

private:
    PayerAccount addZhang();

    TestDatabase m_testDatabase;
    std::unique_ptr<Database> m_database;
    ManualClock m_clock { QDateTime(QDate(2026, 11, 21), QTime(8, 0), Qt::UTC) };
    ServerSecrets m_secrets = ServerSecrets::fromKey(masterKey());
    std::unique_ptr<PayerAccountStore> m_payers;
};

void TestPayerAccountStore::init()
{
    const QString error = m_testDatabase.create();
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
    auto database = Database::open(m_testDatabase.url(), u"payers"_s);
    VERIFY_OK(database);
    m_database = std::move(*database);
    const auto migrations = MigrationRunner::builtIn(m_database->backend());
    VERIFY_OK(migrations);
    VERIFY_OK(MigrationRunner(*migrations, m_clock).migrate(*m_database));
    m_payers = std::make_unique<PayerAccountStore>(*m_database, m_clock, m_secrets);
}

void TestPayerAccountStore::cleanup()
{
    m_payers.reset();
    m_database.reset();
}

PayerAccount TestPayerAccountStore::addZhang()
{
    const auto added
        = m_payers->add(Payer(u"zhang.wei"_s, RealNameId(u"张伟"_s, DocumentType::CnResidentId, ZhangNumber)), u"sms"_s,
            u"+86 138 0013 8000"_s, u"scrypt$x"_s);
    if (!added)
        qWarning("%s", qPrintable(added.error().message));
    return added.value_or(PayerAccount {});
}

void TestPayerAccountStore::addAndFind()
{
    const PayerAccount added = addZhang();
    QVERIFY(added.id > 0);
    QCOMPARE(added.accountId, u"zhang.wei"_s);
    QCOMPARE(added.realName, RealNameId::normaliseName(u"张伟"));
    QCOMPARE(added.displayName, u"张伟"_s);
    QCOMPARE(added.documentType, DocumentType::CnResidentId);
    QCOMPARE(added.documentMasked, u"110105********002X"_s);
    QCOMPARE(added.documentDigest, m_secrets.identityDigest(DocumentType::CnResidentId, ZhangNumber));
    QCOMPARE(added.contactKind, u"sms"_s);
    QCOMPARE(added.contactAddress, u"+8613800138000"_s);
    QCOMPARE(added.createdAt, m_clock.now());
    QVERIFY(!added.isDisabled());
    QVERIFY(!added.isLockedAt(m_clock.now()));

    const auto byId = m_payers->findById(added.id);
    VERIFY_OK(byId);
    QVERIFY(byId->has_value());
    QCOMPARE((*byId)->accountId, u"zhang.wei"_s);
    // Account ids are exact: another case is another account.
    const auto otherCase = m_payers->findByAccountId(u"Zhang.Wei"_s);
    VERIFY_OK(otherCase);
    QVERIFY(!otherCase->has_value());

    VERIFY_OK(m_payers->add(Payer(u"anna"_s, RealNameId(u"Anna Eriksson"_s, DocumentType::Passport, u"L898902C3"_s)),
        u"email"_s, u"Anna@Example.ORG"_s, u"scrypt$y"_s));
    const auto all = m_payers->list();
    VERIFY_OK(all);
    QCOMPARE(all->size(), 2);
    QCOMPARE(all->at(0).accountId, u"anna"_s);
    QCOMPARE(all->at(0).contactAddress, u"Anna@example.org"_s);
    QCOMPARE(all->at(0).documentMasked, u"*****02C3"_s);
    QCOMPARE(all->at(1).accountId, u"zhang.wei"_s);
}

void TestPayerAccountStore::numberIsNeverStored()
{
    addZhang();
    QSqlQuery query(m_database->connection());
    QVERIFY(query.exec(u"SELECT * FROM payer_accounts"_s));
    QVERIFY(query.next());
    for (int i = 0; i < query.record().count(); ++i) {
        const QByteArray raw = query.value(i).toByteArray();
        QVERIFY2(
            !raw.contains("19491231") && !raw.contains("11010519491231002"), qPrintable(query.record().fieldName(i)));
    }
}

void TestPayerAccountStore::duplicateAccountIsRefused()
{
    addZhang();
    const auto again
        = m_payers->add(Payer(u"zhang.wei"_s, RealNameId(u"王芳"_s, DocumentType::Passport, u"E12345678"_s)),
            u"email"_s, u"w@example.com"_s, u"h"_s);
    QVERIFY(!again);
    QCOMPARE(again.error().code, u"payer_exists"_s);
    QCOMPARE(again.error().field, u"payer.accountId"_s);
}

void TestPayerAccountStore::invalidAccountsAreRefused_data()
{
    QTest::addColumn<QString>("accountId");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("number");
    QTest::addColumn<QString>("contactKind");
    QTest::addColumn<QString>("contact");
    QTest::addColumn<QString>("field");
    QTest::newRow("account id too short")
        << u"ab"_s << u"张伟"_s << ZhangNumber << u"sms"_s << u"+8613800138000"_s << u"payer.accountId"_s;
    QTest::newRow("no name") << u"payer9"_s << u" "_s << ZhangNumber << u"sms"_s << u"+8613800138000"_s
                             << u"payer.name"_s;
    QTest::newRow("bad check digit") << u"payer9"_s << u"张伟"_s << u"110105194912310021"_s << u"sms"_s
                                     << u"+8613800138000"_s << u"payer.documentNumber"_s;
    QTest::newRow("contact kind") << u"payer9"_s << u"张伟"_s << ZhangNumber << u"fax"_s << u"+8613800138000"_s
                                  << u"contact.kind"_s;
    QTest::newRow("phone without +") << u"payer9"_s << u"张伟"_s << ZhangNumber << u"sms"_s << u"13800138000"_s
                                     << u"contact.address"_s;
    QTest::newRow("phone with letters") << u"payer9"_s << u"张伟"_s << ZhangNumber << u"sms"_s << u"+86 CALL ME"_s
                                        << u"contact.address"_s;
    QTest::newRow("email without domain")
        << u"payer9"_s << u"张伟"_s << ZhangNumber << u"email"_s << u"zhang@"_s << u"contact.address"_s;
    QTest::newRow("email with space") << u"payer9"_s << u"张伟"_s << ZhangNumber << u"email"_s
                                      << u"zhang wei@example.com"_s << u"contact.address"_s;
    QTest::newRow("empty contact") << u"payer9"_s << u"张伟"_s << ZhangNumber << u"email"_s << u""_s
                                   << u"contact.address"_s;
}

void TestPayerAccountStore::invalidAccountsAreRefused()
{
    QFETCH(QString, accountId);
    QFETCH(QString, name);
    QFETCH(QString, number);
    QFETCH(QString, contactKind);
    QFETCH(QString, contact);
    QFETCH(QString, field);
    const Payer payer(accountId, RealNameId(name, DocumentType::CnResidentId, number));
    const auto added = m_payers->add(payer, contactKind, contact, u"scrypt$x"_s);
    QVERIFY(!added);
    QCOMPARE(added.error().code, u"validation_failed"_s);
    QCOMPARE(added.error().field, field);
    QVERIFY(!added.error().message.isEmpty());
    QVERIFY(!PayerAccountStore::validate(payer, contactKind, contact, QDate(2026, 11, 21)).issuesFor(field).isEmpty());
    const auto all = m_payers->list();
    VERIFY_OK(all);
    QVERIFY(all->isEmpty());
}

void TestPayerAccountStore::contactsAreNormalised_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("stored");
    QTest::newRow("spaces and dashes") << u"sms"_s << u"+86 138-0013-8000"_s << u"+8613800138000"_s;
    QTest::newRow("full-width digits") << u"sms"_s << u"+８６１３８００１３８０００"_s << u"+8613800138000"_s;
    QTest::newRow("short international") << u"sms"_s << u"+4420794600"_s << u"+4420794600"_s;
    QTest::newRow("email domain case") << u"email"_s << u"  Li.Na@Mail.Example.COM "_s << u"Li.Na@mail.example.com"_s;
    QTest::newRow("not a phone") << u"sms"_s << u"+0123456789"_s << QString();
    QTest::newRow("too long a phone") << u"sms"_s << u"+1234567890123456"_s << QString();
    QTest::newRow("two @") << u"email"_s << u"a@b@example.com"_s << QString();
    QTest::newRow("no dot in domain") << u"email"_s << u"a@localhost"_s << QString();
    QTest::newRow("unknown kind") << u"pager"_s << u"+8613800138000"_s << QString();
}

void TestPayerAccountStore::contactsAreNormalised()
{
    QFETCH(QString, kind);
    QFETCH(QString, address);
    QFETCH(QString, stored);
    QCOMPARE(PayerAccountStore::normaliseContact(kind, address), stored);
}

void TestPayerAccountStore::realNameCheck_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("number");
    QTest::addColumn<bool>("match");
    const int resident = int(DocumentType::CnResidentId);
    QTest::newRow("exact") << u"张伟"_s << resident << ZhangNumber << true;
    QTest::newRow("full-width digits and X")
        << u"张伟"_s << resident << u"１１０１０５１９４９１２３１００２Ｘ"_s << true;
    QTest::newRow("lower-case trailing x") << u"张伟"_s << resident << u"11010519491231002x"_s << true;
    QTest::newRow("spaces in the number") << u"张伟"_s << resident << u"110105 19491231 002X"_s << true;
    QTest::newRow("extra spaces in the name") << u"  张 伟 "_s << resident << ZhangNumber << true;
    QTest::newRow("full-width space in the name") << u"张\u3000伟"_s << resident << ZhangNumber << true;
    QTest::newRow("different name") << u"张伟伟"_s << resident << ZhangNumber << false;
    QTest::newRow("different type") << u"张伟"_s << int(DocumentType::Other) << ZhangNumber << false;
    QTest::newRow("different number") << u"张伟"_s << resident << u"440304198506123412"_s << false;
    QTest::newRow("number one digit off") << u"张伟"_s << resident << u"11010519491231003X"_s << false;
}

void TestPayerAccountStore::realNameCheck()
{
    QFETCH(QString, name);
    QFETCH(int, type);
    QFETCH(QString, number);
    QFETCH(bool, match);
    const PayerAccount account = addZhang();
    const auto checked = m_payers->checkRealName(account, RealNameId(name, DocumentType(type), number));
    VERIFY_OK(checked);
    QCOMPARE(*checked == PayerAccountStore::RealNameCheck::Match, match);
}

void TestPayerAccountStore::digestIsKeyed()
{
    // A latin name compares case-insensitively with its spaces collapsed; a server with
    // another master key cannot match the stored digest.
    const auto anna
        = m_payers->add(Payer(u"anna"_s, RealNameId(u"Anna Maria Eriksson"_s, DocumentType::Passport, u"L898902C3"_s)),
            u"email"_s, u"anna@example.org"_s, u"h"_s);
    VERIFY_OK(anna);
    const RealNameId requested(u"ANNA  MARIA eriksson"_s, DocumentType::Passport, u"l898902c3"_s);
    QCOMPARE(m_payers->checkRealName(*anna, requested).value(), PayerAccountStore::RealNameCheck::Match);
    const ServerSecrets otherKey = ServerSecrets::fromKey(QByteArray(32, '\x01'));
    const PayerAccountStore otherServer(*m_database, m_clock, otherKey);
    QCOMPARE(otherServer.checkRealName(*anna, requested).value(), PayerAccountStore::RealNameCheck::Mismatch);
}

void TestPayerAccountStore::lockOutAfterFiveFailures()
{
    const PayerAccount account = addZhang();
    const LockoutPolicy policy;
    for (int i = 1; i < policy.maxFailures; ++i) {
        const auto after = m_payers->recordFailedLogin(account.id, policy);
        VERIFY_OK(after);
        QCOMPARE(after->failedLogins, i);
        QVERIFY(!after->isLockedAt(m_clock.now()));
        m_clock.advanceSecs(10);
    }
    const auto locked = m_payers->recordFailedLogin(account.id, policy);
    VERIFY_OK(locked);
    QVERIFY(locked->isLockedAt(m_clock.now()));
    QCOMPARE(locked->lockedUntil, m_clock.now().addSecs(15 * 60));
    m_clock.advanceSecs(15 * 60);
    const auto later = m_payers->findById(account.id);
    VERIFY_OK(later);
    QVERIFY(!(*later)->isLockedAt(m_clock.now()));
}

void TestPayerAccountStore::successClearsFailures()
{
    const PayerAccount account = addZhang();
    VERIFY_OK(m_payers->recordFailedLogin(account.id, LockoutPolicy {}));
    VERIFY_OK(m_payers->recordFailedLogin(account.id, LockoutPolicy {}));
    VERIFY_OK(m_payers->recordSuccessfulLogin(account.id));
    const auto after = m_payers->findById(account.id);
    VERIFY_OK(after);
    QCOMPARE((*after)->failedLogins, 0);
    QVERIFY(!(*after)->firstFailureAt.isValid());
    VERIFY_OK(m_payers->setPasswordHash(account.id, u"scrypt$new"_s));
    QCOMPARE(m_payers->findById(account.id).value()->passwordHash, u"scrypt$new"_s);
}

void TestPayerAccountStore::demoPayersAreValidAndIdempotent()
{
    const PasswordHasher hasher(ScryptParameters { quint64(1) << 10, 8, 1 });
    const auto first = DemoPayers::seed(*m_database, *m_payers, hasher);
    VERIFY_OK(first);
    QCOMPARE(*first, (QStringList { u"payer1"_s, u"payer2"_s, u"payer3"_s }));
    const auto second = DemoPayers::seed(*m_database, *m_payers, hasher);
    VERIFY_OK(second);
    QVERIFY(second->isEmpty());
    for (const DemoPayers::Demo &demo : DemoPayers::accounts()) {
        const auto found = m_payers->findByAccountId(demo.payer.accountId());
        VERIFY_OK(found);
        QVERIFY(found->has_value());
        QCOMPARE(
            m_payers->checkRealName(**found, demo.payer.identity()).value(), PayerAccountStore::RealNameCheck::Match);
        QCOMPARE(hasher
                     .verify(QByteArrayView(DemoAgents::Password.data(), DemoAgents::Password.size()),
                         (*found)->passwordHash)
                     .value(),
            true);
    }
    QCOMPARE(m_payers->findByAccountId(u"payer3"_s).value()->documentType, DocumentType::Passport);
}

void TestPayerAccountStore::sessionsResolveExpireAndRevoke()
{
    const PayerAccount account = addZhang();
    const PayerSessionStore sessions(*m_database, m_clock);
    QCOMPARE(sessions.policy().idleTimeout, std::chrono::seconds(30 * 60));
    const auto issued = sessions.create(account.id);
    VERIFY_OK(issued);
    QCOMPARE(issued->token.size(), SessionStore::TokenLength);
    QCOMPARE(issued->session.expiresAt(sessions.policy()), m_clock.now().addSecs(30 * 60));

    // Only the hash is stored.
    QSqlQuery query(m_database->connection());
    QVERIFY(query.exec(u"SELECT token_hash FROM payer_sessions"_s));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), SessionStore::tokenHash(issued->token));
    query.finish();

    m_clock.advanceSecs(20 * 60);
    const auto resolved = sessions.resolve(issued->token);
    VERIFY_OK(resolved);
    QCOMPARE(resolved->payerId, account.id);
    m_clock.advanceSecs(20 * 60); // 20 min after the last use: still alive
    VERIFY_OK(sessions.resolve(issued->token));
    m_clock.advanceSecs(31 * 60); // idle too long
    const auto idle = sessions.resolve(issued->token);
    QVERIFY(!idle);
    QCOMPARE(idle.error().code, u"session_expired"_s);

    const auto second = sessions.create(account.id);
    VERIFY_OK(second);
    VERIFY_OK(sessions.revoke(second->token));
    const auto revoked = sessions.resolve(second->token);
    QVERIFY(!revoked);
    QCOMPARE(revoked.error().code, u"unauthenticated"_s);

    const auto third = sessions.create(account.id);
    VERIFY_OK(third);
    // The third session and the first (idle-expired, never revoked) are ended.
    QCOMPARE(sessions.revokeAll(account.id).value(), 2);
    m_clock.advanceSecs(2 * 24 * 3600);
    QVERIFY(sessions.purge().value() >= 2);
}

void TestPayerAccountStore::agentTokensAreNotPayerTokens()
{
    addZhang();
    const AgentStore agents(*m_database, m_clock);
    const auto agent = agents.create(NewAgent { u"agent7"_s, {}, AgentRole::Agent, u"DESK-01"_s, u"h"_s });
    VERIFY_OK(agent);
    const SessionStore agentSessions(*m_database, m_clock);
    const auto agentToken = agentSessions.create(agent->id);
    VERIFY_OK(agentToken);
    const PayerSessionStore sessions(*m_database, m_clock);
    const auto resolved = sessions.resolve(agentToken->token);
    QVERIFY(!resolved);
    QCOMPARE(resolved.error().code, u"unauthenticated"_s);
    for (const QString &bad : { QString(), u"short"_s, QString(43, u'!') }) {
        const auto refused = sessions.resolve(bad);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, u"unauthenticated"_s);
    }
}

QTEST_GUILESS_MAIN(TestPayerAccountStore)
#include "test_PayerAccountStore.moc"
