#include "server/AdminCommands.h"

#include "server/AgentStore.h"
#include "server/Database.h"
#include "server/DatabaseUrl.h"
#include "server/DeskKeyStore.h"
#include "server/MigrationRunner.h"
#include "server/SqlSupport.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <openssl/crypto.h>
#include <termios.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr qsizetype MinPasswordBytes = 8;

// Hides what is typed while it lives (a terminal only).
class EchoOff
{
public:
    explicit EchoOff(bool active)
    {
        if (active && tcgetattr(STDIN_FILENO, &m_saved) == 0) {
            termios quiet = m_saved;
            quiet.c_lflag &= ~tcflag_t(ECHO);
            m_active = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
    }
    ~EchoOff()
    {
        if (m_active)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &m_saved);
    }
    EchoOff(const EchoOff &) = delete;
    EchoOff &operator=(const EchoOff &) = delete;

private:
    termios m_saved {};
    bool m_active = false;
};

} // namespace

AdminCommands::AdminCommands(const Clock &clock, QIODevice &in, QIODevice &out, QIODevice &err, bool terminal)
    : m_clock(clock)
    , m_in(in)
    , m_out(out)
    , m_err(err)
    , m_terminal(terminal)
{
}

bool AdminCommands::isAdminInvocation(const QStringList &arguments)
{
    return arguments.size() >= 2 && arguments.at(1) == u"admin"_s;
}

QString AdminCommands::usage() const
{
    return tr("Usage:\n"
              "  deskpay-server admin add-agent (--data-dir DIR | --database URL) --username USER\n"
              "                 --role agent|supervisor --desk DESK [--display-name NAME]   (password on stdin)\n"
              "  deskpay-server admin list-agents (--data-dir DIR | --database URL)\n"
              "  deskpay-server admin list-keys (--data-dir DIR | --database URL) [--username USER]\n"
              "  deskpay-server admin add-key (--data-dir DIR | --database URL) --username USER\n"
              "                 --public-key-file PEM [--approve --by SUPERVISOR]\n"
              "  deskpay-server admin approve-key (--data-dir DIR | --database URL) --by SUPERVISOR -- KEYID\n"
              "  deskpay-server admin revoke-key (--data-dir DIR | --database URL) [--by USER] -- KEYID\n"
              "  deskpay-server admin add-payer (--data-dir DIR | --database URL) [--identity-key-file FILE]\n"
              "                 --account-id ID --name NAME --document-type CN_RESIDENT_ID|PASSPORT|OTHER\n"
              "                 --contact-kind sms|email --contact ADDRESS\n"
              "                 (document number, then password, on stdin: one line each)\n"
              "  deskpay-server admin list-payers (--data-dir DIR | --database URL)\n"
              "  deskpay-server admin list-templates (--data-dir DIR | --database URL)\n"
              "                 [--show --product-type TYPE [--version N]]\n"
              "  deskpay-server admin set-template (--data-dir DIR | --database URL) --product-type TYPE\n"
              "                 --file JSON [--by NAME]\n");
}

void AdminCommands::print(const QString &text)
{
    m_out.write(text.toUtf8());
}

int AdminCommands::failWith(const QString &message, int exitCode)
{
    m_err.write((u"deskpay-server admin: "_s + message + u'\n').toUtf8());
    if (exitCode == Usage)
        m_err.write(usage().toUtf8());
    return exitCode;
}

int AdminCommands::run(const QStringList &arguments)
{
    const QString command = arguments.value(2);
    if (command == u"add-agent"_s)
        return addAgent(arguments);
    if (command == u"list-agents"_s)
        return listAgents(arguments);
    if (command == u"list-keys"_s)
        return listKeys(arguments);
    if (command == u"add-key"_s)
        return addKey(arguments);
    if (command == u"approve-key"_s)
        return approveKey(arguments);
    if (command == u"revoke-key"_s)
        return revokeKey(arguments);
    if (command == u"add-payer"_s)
        return addPayer(arguments);
    if (command == u"list-payers"_s)
        return listPayers(arguments);
    if (command == u"list-templates"_s)
        return listTemplates(arguments);
    if (command == u"set-template"_s)
        return setTemplate(arguments);
    if (command == u"help"_s || command == u"--help"_s || command == u"-h"_s) {
        print(usage());
        return Ok;
    }
    return failWith(
        command.isEmpty() ? tr("Which admin command?") : tr("Unknown admin command “%1”.").arg(command.left(40)),
        Usage);
}

Result<std::unique_ptr<Database>> AdminCommands::openDatabase(const QString &dataDir, const QString &url) const
{
    DatabaseUrl where;
    if (!url.isEmpty()) {
        auto parsed = DatabaseUrl::parse(url);
        if (!parsed)
            return fail(parsed.error().code, tr("--database: %1").arg(parsed.error().message), u"database"_s);
        where = *parsed;
    } else if (!dataDir.isEmpty()) {
        const QString dir = QDir::cleanPath(QFileInfo(dataDir).absoluteFilePath());
        if (!QFileInfo(dir).isDir())
            return fail(u"data_dir_missing"_s, tr("The data folder %1 does not exist.").arg(dir), u"data-dir"_s);
        where = DatabaseUrl::sqliteFile(QDir(dir).filePath(u"deskpay.sqlite"_s));
    } else {
        return fail(u"bad_arguments"_s, tr("Give --data-dir or --database."), u"data-dir"_s);
    }
    auto database = Database::open(where, u"deskpay.admin"_s);
    if (!database)
        return std::unexpected(database.error());
    // The same migrations the server runs at start; a newer schema is refused the same way.
    auto migrations = MigrationRunner::builtIn((*database)->backend());
    if (!migrations)
        return std::unexpected(migrations.error());
    if (auto migrated = MigrationRunner(*migrations, m_clock).migrate(**database); !migrated)
        return std::unexpected(migrated.error());
    return std::move(*database);
}

QByteArray AdminCommands::readSecretLine(const QString &prompt, qsizetype maxBytes)
{
    if (m_terminal)
        m_err.write(prompt.toUtf8());
    QByteArray line;
    {
        const EchoOff echoOff(m_terminal);
        line = m_in.readLine(maxBytes + 2);
    }
    if (m_terminal)
        m_err.write("\n");
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return line;
}

Result<QByteArray> AdminCommands::readPassword()
{
    QByteArray line = readSecretLine(tr("Password: "), PasswordHasher::MaxPasswordBytes);
    if (line.isEmpty())
        return fail(u"password_missing"_s, tr("Give the password on standard input (one line)."));
    if (line.size() < MinPasswordBytes) {
        OPENSSL_cleanse(line.data(), size_t(line.size()));
        return fail(u"password_too_short"_s, tr("A password needs at least %1 characters.").arg(MinPasswordBytes));
    }
    if (line.size() > PasswordHasher::MaxPasswordBytes) {
        OPENSSL_cleanse(line.data(), size_t(line.size()));
        return fail(
            u"password_too_long"_s, tr("A password may have at most %1 bytes.").arg(PasswordHasher::MaxPasswordBytes));
    }
    return line;
}

int AdminCommands::addAgent(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption dataDir(u"data-dir"_s, tr("The server's data folder (SQLite)."), tr("DIR"));
    const QCommandLineOption database(u"database"_s, tr("Database URL."), tr("URL"));
    const QCommandLineOption username(u"username"_s, tr("Login name."), tr("USER"));
    const QCommandLineOption role(u"role"_s, tr("agent or supervisor."), tr("ROLE"));
    const QCommandLineOption desk(u"desk"_s, tr("Desk id."), tr("DESK"));
    const QCommandLineOption displayName(u"display-name"_s, tr("Name shown in the app."), tr("NAME"));
    parser.addOptions({ dataDir, database, username, role, desk, displayName });
    if (!parser.parse(arguments.mid(2)))
        return failWith(parser.errorText(), Usage);
    if (!parser.positionalArguments().isEmpty())
        return failWith(tr("Unexpected argument “%1”.").arg(parser.positionalArguments().constFirst().left(60)), Usage);
    for (const QCommandLineOption *required : { &username, &role, &desk })
        if (!parser.isSet(*required))
            return failWith(tr("--%1 is required.").arg(required->names().constFirst()), Usage);
    const auto parsedRole = parseAgentRole(parser.value(role));
    if (!parsedRole)
        return failWith(tr("--role must be agent or supervisor, not “%1”.").arg(parser.value(role).left(40)), Usage);
    const auto name = AgentStore::normaliseUsername(parser.value(username));
    if (!name)
        return failWith(name.error().message, Usage);
    if (auto deskOk = AgentStore::checkDeskId(parser.value(desk)); !deskOk)
        return failWith(deskOk.error().message, Usage);
    if (!parser.isSet(dataDir) && !parser.isSet(database))
        return failWith(tr("Give --data-dir or --database."), Usage);

    auto password = readPassword();
    if (!password)
        return failWith(password.error().message, Failed);
    const PasswordHasher hasher(m_hashing);
    const auto hash = hasher.hash(*password);
    OPENSSL_cleanse(password->data(), size_t(password->size()));
    if (!hash)
        return failWith(hash.error().message, Failed);

    auto opened = openDatabase(parser.value(dataDir), parser.value(database));
    if (!opened)
        return failWith(opened.error().message, Failed);
    const Database &db = **opened;
    const AgentStore agents(db, m_clock);
    if (auto begun = db.beginWriteTransaction(); !begun)
        return failWith(begun.error().message, Failed);
    const auto created
        = agents.create(NewAgent { *name, parser.value(displayName), *parsedRole, parser.value(desk), *hash });
    if (!created) {
        db.rollback();
        return failWith(created.error().message, Failed);
    }
    if (auto committed = db.commit(); !committed) {
        db.rollback();
        return failWith(committed.error().message, Failed);
    }
    print(tr("added %1 %2 (desk %3)\n").arg(agentRoleName(created->role), created->username, created->deskId));
    return Ok;
}

int AdminCommands::listAgents(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption dataDir(u"data-dir"_s, tr("The server's data folder (SQLite)."), tr("DIR"));
    const QCommandLineOption database(u"database"_s, tr("Database URL."), tr("URL"));
    parser.addOptions({ dataDir, database });
    if (!parser.parse(arguments.mid(2)))
        return failWith(parser.errorText(), Usage);
    if (!parser.positionalArguments().isEmpty())
        return failWith(tr("Unexpected argument “%1”.").arg(parser.positionalArguments().constFirst().left(60)), Usage);
    if (!parser.isSet(dataDir) && !parser.isSet(database))
        return failWith(tr("Give --data-dir or --database."), Usage);
    auto opened = openDatabase(parser.value(dataDir), parser.value(database));
    if (!opened)
        return failWith(opened.error().message, Failed);
    const AgentStore agents(**opened, m_clock);
    const auto all = agents.list();
    if (!all)
        return failWith(all.error().message, Failed);
    // Tab-separated with a header line, for people and for scripts (cut -f1).
    print(u"username\trole\tdesk\tstatus\tdisplay name\n"_s);
    const QDateTime now = m_clock.now();
    for (const Agent &agent : *all) {
        const QString status = agent.isDisabled() ? u"disabled"_s
            : agent.isLockedAt(now)               ? u"locked-until-"_s + agent.lockedUntil.toString(Qt::ISODate)
                                                  : u"active"_s;
        print(u"%1\t%2\t%3\t%4\t%5\n"_s.arg(
            agent.username, agentRoleName(agent.role), agent.deskId, status, agent.displayName));
    }
    return Ok;
}

int AdminCommands::parseOptions(
    QCommandLineParser &parser, const QStringList &arguments, qsizetype positionals, const QStringList &required)
{
    parser.addOption(QCommandLineOption(u"data-dir"_s, tr("The server's data folder (SQLite)."), tr("DIR")));
    parser.addOption(QCommandLineOption(u"database"_s, tr("Database URL."), tr("URL")));
    if (!parser.parse(arguments.mid(2)))
        return failWith(parser.errorText(), Usage);
    const QStringList extra = parser.positionalArguments();
    if (extra.size() > positionals)
        return failWith(tr("Unexpected argument “%1”.").arg(extra.at(positionals).left(60)), Usage);
    if (extra.size() < positionals)
        return failWith(tr("Which key? Give its key id."), Usage);
    for (const QString &name : required)
        if (!parser.isSet(name))
            return failWith(tr("--%1 is required.").arg(name), Usage);
    if (!parser.isSet(u"data-dir"_s) && !parser.isSet(u"database"_s))
        return failWith(tr("Give --data-dir or --database."), Usage);
    return Ok;
}

std::unique_ptr<Database> AdminCommands::openFrom(const QCommandLineParser &parser)
{
    auto opened = openDatabase(parser.value(u"data-dir"_s), parser.value(u"database"_s));
    if (!opened) {
        (void)failWith(opened.error().message, Failed);
        return {};
    }
    return std::move(*opened);
}

namespace {

// The agent named `username`; with `supervisor`, only a supervisor (approvals need one on record).
Result<Agent> agentNamed(const AgentStore &agents, const QString &username, bool supervisor)
{
    const auto found = agents.findByUsername(username);
    if (!found)
        return std::unexpected(found.error());
    if (!found->has_value())
        return fail(u"agent_unknown"_s,
            QCoreApplication::translate("deskpay::AdminCommands", "There is no agent named %1.")
                .arg(username.left(64)));
    if (supervisor && (*found)->role != AgentRole::Supervisor)
        return fail(u"forbidden"_s,
            QCoreApplication::translate("deskpay::AdminCommands", "%1 is not a supervisor.").arg((*found)->username));
    return **found;
}

} // namespace

int AdminCommands::listKeys(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption username(u"username"_s, tr("Only this agent's keys."), tr("USER"));
    parser.addOption(username);
    if (const int parsed = parseOptions(parser, arguments, 0); parsed != Ok)
        return parsed;
    const auto db = openFrom(parser);
    if (!db)
        return Failed;
    const AgentStore agents(*db, m_clock);
    const DeskKeyStore keys(*db, m_clock);
    std::optional<qint64> only;
    if (parser.isSet(username)) {
        const auto agent = agentNamed(agents, parser.value(username), false);
        if (!agent)
            return failWith(agent.error().message, Failed);
        only = agent->id;
    }
    const auto all = agents.list();
    const auto list = keys.list(only);
    if (!all || !list)
        return failWith(!all ? all.error().message : list.error().message, Failed);
    QHash<qint64, QString> names;
    for (const Agent &agent : *all)
        names.insert(agent.id, agent.username);
    // Tab-separated with a header line, like list-agents.
    print(u"key id\tusername\tstate\tcreated\n"_s);
    for (const DeskKey &key : *list)
        print(u"%1\t%2\t%3\t%4\n"_s.arg(key.keyId, names.value(key.agentId), deskKeyStateName(key.state),
            key.createdAt.toUTC().toString(Qt::ISODate)));
    return Ok;
}

int AdminCommands::addKey(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption username(u"username"_s, tr("The agent the key belongs to."), tr("USER"));
    const QCommandLineOption file(u"public-key-file"_s, tr("The Ed25519 public key, PEM."), tr("PEM"));
    const QCommandLineOption approve(u"approve"_s, tr("Approve it at once (needs --by)."));
    const QCommandLineOption by(u"by"_s, tr("The approving supervisor."), tr("SUPERVISOR"));
    parser.addOptions({ username, file, approve, by });
    if (const int parsed = parseOptions(parser, arguments, 0, { u"username"_s, u"public-key-file"_s }); parsed != Ok)
        return parsed;
    if (parser.isSet(approve) && !parser.isSet(by))
        return failWith(tr("--approve needs --by SUPERVISOR."), Usage);
    const auto db = openFrom(parser);
    if (!db)
        return Failed;
    QFile pemFile(parser.value(file));
    if (!pemFile.open(QIODevice::ReadOnly))
        return failWith(tr("Cannot read %1: %2").arg(parser.value(file), pemFile.errorString()), Failed);
    const auto key = Ed25519Key::fromPublicKeyPem(pemFile.read(64 * 1024));
    if (!key)
        return failWith(key.error().message, Failed);
    const AgentStore agents(*db, m_clock);
    const DeskKeyStore keys(*db, m_clock);
    const auto added = sql::inWriteTransaction<DeskKey>(*db, [&]() -> Result<DeskKey> {
        const auto owner = agentNamed(agents, parser.value(username), false);
        if (!owner)
            return std::unexpected(owner.error());
        auto registered = keys.registerKey(owner->id, *key);
        if (!registered || !parser.isSet(approve))
            return registered;
        const auto supervisor = agentNamed(agents, parser.value(by), true);
        if (!supervisor)
            return std::unexpected(supervisor.error());
        return keys.approve(registered->keyId, supervisor->id);
    });
    if (!added)
        return failWith(added.error().message, Failed);
    print(u"%1\t%2\n"_s.arg(added->keyId, deskKeyStateName(added->state)));
    return Ok;
}

int AdminCommands::approveKey(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption by(u"by"_s, tr("The approving supervisor."), tr("SUPERVISOR"));
    parser.addOption(by);
    // An approval names who made it.
    if (const int parsed = parseOptions(parser, arguments, 1, { u"by"_s }); parsed != Ok)
        return parsed;
    const auto db = openFrom(parser);
    if (!db)
        return Failed;
    const AgentStore agents(*db, m_clock);
    const DeskKeyStore keys(*db, m_clock);
    const auto approved = sql::inWriteTransaction<DeskKey>(*db, [&]() -> Result<DeskKey> {
        const auto supervisor = agentNamed(agents, parser.value(by), true);
        if (!supervisor)
            return std::unexpected(supervisor.error());
        return keys.approve(parser.positionalArguments().constFirst(), supervisor->id);
    });
    if (!approved)
        return failWith(approved.error().message, Failed);
    print(u"%1\t%2\n"_s.arg(approved->keyId, deskKeyStateName(approved->state)));
    return Ok;
}

int AdminCommands::revokeKey(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption by(u"by"_s, tr("Who revokes it (optional)."), tr("USER"));
    parser.addOption(by);
    if (const int parsed = parseOptions(parser, arguments, 1); parsed != Ok)
        return parsed;
    const auto db = openFrom(parser);
    if (!db)
        return Failed;
    const AgentStore agents(*db, m_clock);
    const DeskKeyStore keys(*db, m_clock);
    const auto revoked = sql::inWriteTransaction<DeskKey>(*db, [&]() -> Result<DeskKey> {
        qint64 byId = 0;
        if (parser.isSet(by)) {
            const auto who = agentNamed(agents, parser.value(by), false);
            if (!who)
                return std::unexpected(who.error());
            byId = who->id;
        }
        return keys.revoke(parser.positionalArguments().constFirst(), byId);
    });
    if (!revoked)
        return failWith(revoked.error().message, Failed);
    print(u"%1\t%2\n"_s.arg(revoked->keyId, deskKeyStateName(revoked->state)));
    return Ok;
}

} // namespace deskpay
