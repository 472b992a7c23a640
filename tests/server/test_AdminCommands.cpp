// `deskpay-server admin add-agent / list-agents` through the real binary (password on stdin),
// a login with the account it made, and `--demo` seeding through the real binary.

#include "ApiTestClient.h"
#include "ResultTesting.h"
#include "models/Clock.h"
#include "server/ServerInstance.h"
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

QTEST_GUILESS_MAIN(TestAdminCommands)
#include "test_AdminCommands.moc"
