// `deskpay-server admin add-agent / list-agents` through the real binary (password on stdin),
// a login with the account it made, and `--demo` seeding through the real binary.

#include "ApiTestClient.h"
#include "ResultTesting.h"
#include "models/Clock.h"
#include "server/Database.h"
#include "server/PayerAccountStore.h"
#include "server/ServerInstance.h"
#include "server/ServerSecrets.h"
#include "services/protocol/Ed25519Key.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace deskpay;
using deskpay::test::ApiTestClient;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run admin(const QStringList &arguments, const QByteArray &stdinData = {})
{
    QProcess process;
    process.setProgram(QString::fromLocal8Bit(DESKPAY_SERVER_BINARY));
    process.setArguments(QStringList { u"admin"_s } + arguments);
    process.start();
    Run run;
    if (!process.waitForStarted(10000))
        return run;
    process.write(stdinData);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace

class TestAdminCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void addListAndLogIn();
    void errors_data();
    void errors();
    void demoSeedsThroughTheBinary();
    void deskKeysThroughTheBinary();
    void payersThroughTheBinary();
    void payerErrors_data();
    void payerErrors();
    void templatesThroughTheBinary();
};

void TestAdminCommands::addListAndLogIn()
{
    QTemporaryDir dir;
    const Run added = admin({ u"add-agent"_s, u"--data-dir"_s, dir.path(), u"--username"_s, u"Alice"_s, u"--role"_s,
                                u"supervisor"_s, u"--desk"_s, u"DESK-09"_s, u"--display-name"_s, u"Alice Zhang"_s },
        "s3cret-passw0rd\n"_ba);
    QVERIFY2(added.exitCode == 0, qPrintable(added.err));
    QCOMPARE(added.out, u"added supervisor alice (desk DESK-09)\n"_s);
    QVERIFY(added.err.isEmpty());
    const Run second = admin({ u"add-agent"_s, u"--data-dir"_s, dir.path(), u"--username"_s, u"bob"_s, u"--role"_s,
                                 u"agent"_s, u"--desk"_s, u"DESK-02"_s },
        "bobs-password"_ba); // no newline at the end is fine too
    QVERIFY2(second.exitCode == 0, qPrintable(second.err));

    const Run listed = admin({ u"list-agents"_s, u"--data-dir"_s, dir.path() });
    QCOMPARE(listed.exitCode, 0);
    const QStringList lines = listed.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(0), u"username\trole\tdesk\tstatus\tdisplay name"_s);
    QCOMPARE(lines.at(1), u"alice\tsupervisor\tDESK-09\tactive\tAlice Zhang"_s);
    QCOMPARE(lines.at(2), u"bob\tagent\tDESK-02\tactive\tbob"_s);

    // The password is nowhere in the database file in plain.
    QFile file(dir.filePath(u"deskpay.sqlite"_s));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("s3cret-passw0rd"));
    file.close();

    // The account works for a login on a server using that folder.
    const SystemClock clock;
    ServerOptions options;
    options.dataDir = dir.path();
    options.listen = ListenAddress::parse(u"127.0.0.1:0"_s).value();
    auto instance = ServerInstance::start(options, clock);
    VERIFY_OK(instance);
    ApiTestClient client((*instance)->caCertificatePath());
    const auto login = client.postJson(
        QUrl((*instance)->url() + u"/v1/sessions"_s), R"({"username":"alice","password":"s3cret-passw0rd"})"_ba);
    QCOMPARE(login.status, 201);
    QCOMPARE(login.json().value(u"role"_s).toString(), u"supervisor"_s);
    QCOMPARE(login.json().value(u"displayName"_s).toString(), u"Alice Zhang"_s);
}

void TestAdminCommands::errors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QStringList add { u"add-agent"_s, u"--data-dir"_s, u"@DIR@"_s };
    const QStringList full = add + QStringList { u"--role"_s, u"agent"_s, u"--desk"_s, u"D1"_s };
    QTest::newRow("no command") << QStringList {} << QByteArray() << 2 << u"Which admin command?"_s;
    QTest::newRow("unknown command") << QStringList { u"drop-all"_s } << QByteArray() << 2
                                     << u"Unknown admin command"_s;
    QTest::newRow("missing username") << full << "password-1\n"_ba << 2 << u"--username is required"_s;
    QTest::newRow("bad role") << (add
        + QStringList { u"--username"_s, u"x"_s, u"--role"_s, u"boss"_s, u"--desk"_s, u"D1"_s })
                              << "password-1\n"_ba << 2 << u"--role must be agent or supervisor"_s;
    QTest::newRow("bad username") << (full + QStringList { u"--username"_s, u"a b"_s }) << "password-1\n"_ba << 2
                                  << u"A user name has"_s;
    QTest::newRow("password on the command line is not an option")
        << (full + QStringList { u"--username"_s, u"x"_s, u"--password"_s, u"p"_s }) << "password-1\n"_ba << 2
        << u"Unknown option 'password'"_s;
    QTest::newRow("no password") << (full + QStringList { u"--username"_s, u"x"_s }) << QByteArray() << 1
                                 << u"Give the password on standard input"_s;
    QTest::newRow("short password") << (full + QStringList { u"--username"_s, u"x"_s }) << "short\n"_ba << 1
                                    << u"at least 8 characters"_s;
    QTest::newRow("taken name") << (full + QStringList { u"--username"_s, u"Existing"_s }) << "password-1\n"_ba << 1
                                << u"There is already an agent named existing"_s;
    QTest::newRow("no database") << QStringList { u"list-agents"_s } << QByteArray() << 2
                                 << u"Give --data-dir or --database"_s;
    QTest::newRow("missing folder") << QStringList { u"list-agents"_s, u"--data-dir"_s, u"@DIR@/nope"_s }
                                    << QByteArray() << 1 << u"does not exist"_s;
    QTest::newRow("bad database URL") << QStringList { u"list-agents"_s, u"--database"_s, u"mysql://x"_s }
                                      << QByteArray() << 1 << u"--database:"_s;
}

void TestAdminCommands::errors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, input);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QVERIFY(admin({ u"add-agent"_s, u"--data-dir"_s, dir.path(), u"--username"_s, u"existing"_s, u"--role"_s,
                      u"agent"_s, u"--desk"_s, u"D1"_s },
                "password-0\n"_ba)
                .exitCode
        == 0);
    for (QString &argument : arguments)
        argument.replace(u"@DIR@"_s, dir.path());
    const Run run = admin(arguments, input);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY(run.err.startsWith(u"deskpay-server admin: "_s));
    QVERIFY(run.out.isEmpty());
    // Nothing half-written: the database holds exactly the one agent it had.
    const Run listed = admin({ u"list-agents"_s, u"--data-dir"_s, dir.path() });
    QCOMPARE(listed.out.split(u'\n', Qt::SkipEmptyParts).size(), 2);
}

void TestAdminCommands::demoSeedsThroughTheBinary()
{
    QTemporaryDir dir;
    for (int start = 0; start < 2; ++start) { // the second start must not add anything
        QProcess server;
        server.setProgram(QString::fromLocal8Bit(DESKPAY_SERVER_BINARY));
        server.setArguments({ u"--data-dir"_s, dir.path(), u"--listen"_s, u"127.0.0.1:0"_s, u"--demo"_s,
            u"--log-level"_s, u"error"_s });
        server.start();
        QVERIFY(server.waitForStarted(10000));
        QByteArray out;
        static const QRegularExpression ready(u"^listening on https://\\S+\\nca /.+\\n$"_s);
        while (!ready.match(QString::fromUtf8(out)).hasMatch() && server.state() == QProcess::Running)
            if (server.waitForReadyRead(20000))
                out += server.readAllStandardOutput();
            else
                break;
        QVERIFY2(ready.match(QString::fromUtf8(out)).hasMatch(), out.constData()); // exactly the two lines
        ::kill(pid_t(server.processId()), SIGTERM);
        QVERIFY(server.waitForFinished(20000));
        QCOMPARE(server.exitCode(), 0);
    }
    const Run listed = admin({ u"list-agents"_s, u"--data-dir"_s, dir.path() });
    QCOMPARE(listed.exitCode, 0);
    QCOMPARE(listed.out,
        u"username\trole\tdesk\tstatus\tdisplay name\n"
        "agent1\tagent\tDESK-01\tactive\tDemo Agent 1\n"
        "agent2\tagent\tDESK-02\tactive\tDemo Agent 2\n"
        "super1\tsupervisor\tDESK-01\tactive\tDemo Supervisor\n"_s);
}

void TestAdminCommands::deskKeysThroughTheBinary()
{
    QTemporaryDir dir;
    const QStringList where { u"--data-dir"_s, dir.path() };
    for (const auto &[name, role] : { std::pair { u"boss"_s, u"supervisor"_s }, std::pair { u"ann"_s, u"agent"_s } }) {
        const Run added = admin(QStringList { u"add-agent"_s } + where
                + QStringList { u"--username"_s, name, u"--role"_s, role, u"--desk"_s, u"DESK-01"_s },
            "long-enough-password\n"_ba);
        QVERIFY2(added.exitCode == 0, qPrintable(added.err));
    }
    const auto writeKey = [&dir](const QString &fileName) {
        const Ed25519Key key = Ed25519Key::generate().value();
        QFile file(dir.filePath(fileName));
        if (!file.open(QIODevice::WriteOnly))
            return QString();
        file.write(key.toPublicKeyPem().value());
        return key.fingerprint().value();
    };
    const QString first = writeKey(u"first.pem"_s);
    const QString second = writeKey(u"second.pem"_s);
    QVERIFY(!first.isEmpty() && !second.isEmpty());

    Run run = admin(QStringList { u"add-key"_s } + where
        + QStringList { u"--username"_s, u"ann"_s, u"--public-key-file"_s, dir.filePath(u"first.pem"_s) });
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.out, first + u"\tpending\n"_s);
    run = admin(QStringList { u"add-key"_s } + where
        + QStringList { u"--username"_s, u"ann"_s, u"--public-key-file"_s, dir.filePath(u"second.pem"_s),
            u"--approve"_s, u"--by"_s, u"boss"_s });
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.out, second + u"\tapproved\n"_s);

    // The same key twice, an agent approving, approval without --by: refused.
    run = admin(QStringList { u"add-key"_s } + where
        + QStringList { u"--username"_s, u"ann"_s, u"--public-key-file"_s, dir.filePath(u"first.pem"_s) });
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.contains(u"already registered"_s));
    run = admin(QStringList { u"approve-key"_s } + where + QStringList { u"--by"_s, u"ann"_s, u"--"_s, first });
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.contains(u"not a supervisor"_s));
    run = admin(QStringList { u"approve-key"_s } + where + QStringList { u"--"_s, first });
    QCOMPARE(run.exitCode, 2);

    run = admin(QStringList { u"approve-key"_s } + where + QStringList { u"--by"_s, u"boss"_s, u"--"_s, first });
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.out, first + u"\tapproved\n"_s);
    run = admin(QStringList { u"revoke-key"_s } + where + QStringList { u"--"_s, second });
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.out, second + u"\trevoked\n"_s);
    run = admin(QStringList { u"approve-key"_s } + where + QStringList { u"--by"_s, u"boss"_s, u"--"_s, second });
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.contains(u"revoked"_s));

    const Run listed = admin(QStringList { u"list-keys"_s } + where);
    QCOMPARE(listed.exitCode, 0);
    const QStringList lines = listed.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(0), u"key id\tusername\tstate\tcreated"_s);
    QStringList states;
    for (qsizetype i = 1; i < lines.size(); ++i)
        states.append(lines.at(i).section(u'\t', 0, 2));
    states.sort();
    QStringList expected { first + u"\tann\tapproved"_s, second + u"\tann\trevoked"_s };
    expected.sort();
    QCOMPARE(states, expected);
    const Run none = admin(QStringList { u"list-keys"_s } + where + QStringList { u"--username"_s, u"boss"_s });
    QCOMPARE(none.exitCode, 0);
    QCOMPARE(none.out.count(u'\n'), 1);
}

void TestAdminCommands::payersThroughTheBinary()
{
    QTemporaryDir dir;
    const QStringList where { u"--data-dir"_s, dir.path() };
    // Full-width digits and a lower-case x are accepted and normalised.
    const Run added = admin(QStringList { u"add-payer"_s } + where
            + QStringList { u"--account-id"_s, u"zhang.wei"_s, u"--name"_s, u"张伟"_s, u"--document-type"_s,
                u"CN_RESIDENT_ID"_s, u"--contact-kind"_s, u"sms"_s, u"--contact"_s, u"+86 138 0013 8000"_s },
        u"１１０１０５１９４９１２３１００２x\npayer-password\n"_s.toUtf8());
    QVERIFY2(added.exitCode == 0, qPrintable(added.err));
    QCOMPARE(added.out, u"added payer zhang.wei (CN_RESIDENT_ID 110105********002X, sms +8613800138000)\n"_s);
    QVERIFY(added.err.isEmpty());
    const Run passport = admin(QStringList { u"add-payer"_s } + where
            + QStringList { u"--account-id"_s, u"anna"_s, u"--name"_s, u"Anna Maria Eriksson"_s, u"--document-type"_s,
                u"PASSPORT"_s, u"--contact-kind"_s, u"email"_s, u"--contact"_s, u"anna@example.org"_s },
        "L898902C3\nanother-password"_ba);
    QVERIFY2(passport.exitCode == 0, qPrintable(passport.err));

    // The key was made in the data folder, and the number is nowhere in the database.
    QVERIFY(QFileInfo::exists(dir.filePath(u"secrets/master.key"_s)));
    QFile file(dir.filePath(u"deskpay.sqlite"_s));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(!bytes.contains("19491231") && !bytes.contains("L898902C3") && !bytes.contains("payer-password"));
    file.close();

    const Run listed = admin(QStringList { u"list-payers"_s } + where);
    QCOMPARE(listed.exitCode, 0);
    const QStringList lines = listed.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(0), u"account id\tname\tdocument type\tdocument\tcontact kind\tcontact\tstatus"_s);
    // The name as registered (the store also keeps the normalised form the real-name check uses).
    QCOMPARE(lines.at(1), u"anna\tAnna Maria Eriksson\tPASSPORT\t*****02C3\temail\tanna@example.org\tactive"_s);
    QCOMPARE(lines.at(2), u"zhang.wei\t张伟\tCN_RESIDENT_ID\t110105********002X\tsms\t+8613800138000\tactive"_s);
    QVERIFY(!listed.out.contains(u"19491231"_s));

    // A server using the folder's key recognises the identity the admin registered.
    auto database = Database::open(DatabaseUrl::sqliteFile(dir.filePath(u"deskpay.sqlite"_s)), u"check"_s);
    VERIFY_OK(database);
    const auto secrets = ServerSecrets::loadOrCreate(dir.path());
    VERIFY_OK(secrets);
    const SystemClock clock;
    const PayerAccountStore payers(**database, clock, *secrets);
    const auto zhang = payers.findByAccountId(u"zhang.wei"_s);
    VERIFY_OK(zhang);
    QVERIFY(zhang->has_value());
    QCOMPARE(payers.checkRealName(**zhang, RealNameId(u"张伟"_s, DocumentType::CnResidentId, u"11010519491231002X"_s))
                 .value(),
        PayerAccountStore::RealNameCheck::Match);
}

void TestAdminCommands::payerErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QStringList base { u"add-payer"_s, u"--data-dir"_s, u"@DIR@"_s, u"--name"_s, u"王芳"_s };
    const QStringList full = base
        + QStringList { u"--document-type"_s, u"CN_RESIDENT_ID"_s, u"--contact-kind"_s, u"email"_s, u"--contact"_s,
              u"wang.fang@example.com"_s };
    const QByteArray good = "440304198506123412\nwang-password\n"_ba;
    QTest::newRow("missing account id") << full << good << 2 << u"--account-id is required"_s;
    QTest::newRow("number on the command line is not an option")
        << (full + QStringList { u"--account-id"_s, u"wang"_s, u"--document-number"_s, u"440304198506123412"_s })
        << good << 2 << u"Unknown option 'document-number'"_s;
    QTest::newRow("bad document type") << (base
        + QStringList { u"--account-id"_s, u"wang"_s, u"--document-type"_s, u"ID_CARD"_s, u"--contact-kind"_s,
            u"email"_s, u"--contact"_s, u"w@example.com"_s })
                                       << good << 2 << u"--document-type must be"_s;
    QTest::newRow("bad contact") << (base
        + QStringList { u"--account-id"_s, u"wang"_s, u"--document-type"_s, u"CN_RESIDENT_ID"_s, u"--contact-kind"_s,
            u"sms"_s, u"--contact"_s, u"12345"_s })
                                 << good << 2 << u"contact.address"_s;
    QTest::newRow("bad account id") << (full + QStringList { u"--account-id"_s, u"w"_s }) << good << 2
                                    << u"payer.accountId"_s;
    QTest::newRow("no number") << (full + QStringList { u"--account-id"_s, u"wang"_s }) << QByteArray() << 1
                               << u"Give the document number on standard input"_s;
    QTest::newRow("bad check character") << (full + QStringList { u"--account-id"_s, u"wang"_s })
                                         << "440304198506123413\nwang-password\n"_ba << 1 << u"payer.documentNumber"_s;
    QTest::newRow("no password") << (full + QStringList { u"--account-id"_s, u"wang"_s }) << "440304198506123412\n"_ba
                                 << 1 << u"Give the password on standard input"_s;
    QTest::newRow("taken account id") << (full + QStringList { u"--account-id"_s, u"existing"_s }) << good << 1
                                      << u"There is already a payer account existing"_s;
    QTest::newRow("secrets file readable by others")
        << (full + QStringList { u"--account-id"_s, u"wang"_s, u"--identity-key-file"_s, u"@DIR@/open.key"_s }) << good
        << 1 << u"chmod 600"_s;
    QTest::newRow("secrets file missing")
        << (full + QStringList { u"--account-id"_s, u"wang"_s, u"--secrets-file"_s, u"@DIR@/none.key"_s }) << good << 1
        << u"does not exist"_s;
}

void TestAdminCommands::payerErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, input);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const Run existing = admin(
        { u"add-payer"_s, u"--data-dir"_s, dir.path(), u"--account-id"_s, u"existing"_s, u"--name"_s, u"Li Na"_s,
            u"--document-type"_s, u"OTHER"_s, u"--contact-kind"_s, u"email"_s, u"--contact"_s, u"li@example.com"_s },
        "C12345678\npassword-0\n"_ba);
    QVERIFY2(existing.exitCode == 0, qPrintable(existing.err));
    QFile open(dir.filePath(u"open.key"_s));
    QVERIFY(open.open(QIODevice::WriteOnly));
    open.write(QByteArray(32, 'k'));
    open.close();
    QVERIFY(QFile::setPermissions(
        open.fileName(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
    for (QString &argument : arguments)
        argument.replace(u"@DIR@"_s, dir.path());
    const Run run = admin(arguments, input);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY(run.err.startsWith(u"deskpay-server admin: "_s));
    QVERIFY(run.out.isEmpty());
    QVERIFY(!run.err.contains(u"440304198506"_s)); // the number is never echoed
    // Nothing half-written: exactly the one payer it had.
    const Run listed = admin({ u"list-payers"_s, u"--data-dir"_s, dir.path() });
    QCOMPARE(listed.out.split(u'\n', Qt::SkipEmptyParts).size(), 2);
}

void TestAdminCommands::templatesThroughTheBinary()
{
    QTemporaryDir dir;
    const QStringList where { u"--data-dir"_s, dir.path() };
    Run run = admin(QStringList { u"list-templates"_s } + where);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out,
        u"product type\tversion\tcreated\tby\n"
        "DATE_CHANGE\t1\t1970-01-01T00:00:00Z\tmigration\n"
        "UPGRADE\t1\t1970-01-01T00:00:00Z\tmigration\n"
        "DATE_CHANGE_UPGRADE\t1\t1970-01-01T00:00:00Z\tmigration\n"_s);

    const QByteArray definition = R"({
        "subject": "Upgrade {ticketNumber}", "description": "{passengerName}: {origin}-{destination} {newDeparture}",
        "amountLines": [{"label": "Fare", "source": "fareDifference"}, {"label": "Tax", "source": "taxDifference"},
                        {"label": "Upgrade fee", "source": "changeFee"}],
        "payTypes": ["WECHAT_PAY"], "paymentTimeoutMinutes": 20 })"_ba;
    QFile file(dir.filePath(u"upgrade.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(definition);
    file.close();
    run = admin(QStringList { u"set-template"_s } + where
        + QStringList { u"--product-type"_s, u"UPGRADE"_s, u"--file"_s, file.fileName(), u"--by"_s, u"ops"_s });
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.out, u"UPGRADE\t2\n"_s);

    run = admin(QStringList { u"list-templates"_s } + where);
    QCOMPARE(run.out.split(u'\n', Qt::SkipEmptyParts).size(), 5);
    QVERIFY(run.out.contains(u"\nUPGRADE\t2\t"_s));
    QVERIFY(run.out.contains(u"\tops\n"_s));
    run = admin(
        QStringList { u"list-templates"_s } + where + QStringList { u"--show"_s, u"--product-type"_s, u"UPGRADE"_s });
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out,
        uR"({"amountLines":[{"label":"Fare","source":"fareDifference"},{"label":"Tax","source":"taxDifference"},{"label":"Upgrade fee","source":"changeFee"}],"description":"{passengerName}: {origin}-{destination} {newDeparture}","payTypes":["WECHAT_PAY"],"paymentTimeoutMinutes":20,"subject":"Upgrade {ticketNumber}"})"_s
            + u'\n');
    run = admin(QStringList { u"list-templates"_s } + where
        + QStringList { u"--show"_s, u"--product-type"_s, u"UPGRADE"_s, u"--version"_s, u"1"_s });
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains(u"\"subject\":\"Cabin upgrade {ticketNumber}\""_s));

    // Refusals leave the versions as they were.
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QByteArray(definition).replace("{ticketNumber}", "{seat}"));
    file.close();
    run = admin(QStringList { u"set-template"_s } + where
        + QStringList { u"--product-type"_s, u"UPGRADE"_s, u"--file"_s, file.fileName() });
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(u"{seat}"_s), qPrintable(run.err));
    run = admin(QStringList { u"set-template"_s } + where
        + QStringList { u"--product-type"_s, u"UPGRADE"_s, u"--file"_s, dir.filePath(u"missing.json"_s) });
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.contains(u"Cannot read"_s));
    run = admin(QStringList { u"set-template"_s } + where
        + QStringList { u"--product-type"_s, u"REFUND"_s, u"--file"_s, file.fileName() });
    QCOMPARE(run.exitCode, 2);
    run = admin(QStringList { u"list-templates"_s } + where + QStringList { u"--show"_s });
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains(u"--show needs --product-type"_s));
    run = admin(QStringList { u"list-templates"_s } + where
        + QStringList { u"--show"_s, u"--product-type"_s, u"UPGRADE"_s, u"--version"_s, u"9"_s });
    QCOMPARE(run.exitCode, 1);
    run = admin(QStringList { u"list-templates"_s } + where);
    QCOMPARE(run.out.split(u'\n', Qt::SkipEmptyParts).size(), 5);
}

QTEST_GUILESS_MAIN(TestAdminCommands)
#include "test_AdminCommands.moc"
