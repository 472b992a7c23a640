#include "server/AdminCommands.h"

#include "server/AgentStore.h"
#include "server/Database.h"
#include "server/DatabaseUrl.h"
#include "server/DeskKeyStore.h"
#include "server/MigrationRunner.h"
#include "server/PayerAccountStore.h"
#include "server/ServerSecrets.h"
#include "server/TemplateStore.h"

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

template<typename T, typename Work> Result<T> inTransaction(const Database &database, Work &&work)
{
    if (auto begun = database.beginWriteTransaction(); !begun)
        return std::unexpected(begun.error());
    Result<T> result = work();
    if (!result) {
        database.rollback();
        return result;
    }
    if (auto committed = database.commit(); !committed) {
        database.rollback();
        return std::unexpected(committed.error());
    }
    return result;
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
    const auto added = inTransaction<DeskKey>(*db, [&]() -> Result<DeskKey> {
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
    const auto approved = inTransaction<DeskKey>(*db, [&]() -> Result<DeskKey> {
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
    const auto revoked = inTransaction<DeskKey>(*db, [&]() -> Result<DeskKey> {
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

namespace {

// The issues of a report as indented lines, for one error message.
QString issueLines(const QList<ValidationIssue> &issues)
{
    QStringList lines;
    for (const ValidationIssue &issue : issues)
        lines.append(u"  "_s + issue.field + u": "_s + issue.message);
    return lines.join(u'\n');
}

bool isDocumentField(const QString &field)
{
    return field == u"payer.documentNumber"_s || field == u"payer.mrzLine"_s;
}

} // namespace

int AdminCommands::addPayer(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption accountId(u"account-id"_s, tr("The payer's account id."), tr("ID"));
    const QCommandLineOption name(u"name"_s, tr("The payer's real name, as on the document."), tr("NAME"));
    const QCommandLineOption documentType(u"document-type"_s, tr("CN_RESIDENT_ID, PASSPORT or OTHER."), tr("TYPE"));
    const QCommandLineOption contactKind(u"contact-kind"_s, tr("sms or email."), tr("KIND"));
    const QCommandLineOption contact(u"contact"_s, tr("Phone number (+86…) or e-mail address."), tr("ADDRESS"));
    // The same name as the server's option; --secrets-file is accepted as well.
    const QCommandLineOption secretsFile(QStringList { u"identity-key-file"_s, u"secrets-file"_s },
        tr("The master key file the servers share (default: DIR/secrets/master.key)."), tr("FILE"));
    parser.addOptions({ accountId, name, documentType, contactKind, contact, secretsFile });
    if (const int parsed = parseOptions(
            parser, arguments, 0, { u"account-id"_s, u"name"_s, u"document-type"_s, u"contact-kind"_s, u"contact"_s });
        parsed != Ok)
        return parsed;
    const auto type = documentTypeFromName(parser.value(documentType));
    if (!type)
        return failWith(tr("--document-type must be CN_RESIDENT_ID, PASSPORT or OTHER, not “%1”.")
                            .arg(parser.value(documentType).left(40)),
            Usage);
    if (!parser.isSet(secretsFile) && !parser.isSet(u"data-dir"_s))
        return failWith(tr("Give --identity-key-file (the master key the servers share) or --data-dir."), Usage);
    const QDate today = RealNameId::latestDate(m_clock.now());
    // What the command line says is checked before anything is read from stdin.
    {
        const Payer probe(parser.value(accountId), RealNameId(parser.value(name), *type, QString()));
        QList<ValidationIssue> issues
            = PayerAccountStore::validate(probe, parser.value(contactKind), parser.value(contact), today).issues();
        issues.removeIf([](const ValidationIssue &issue) { return isDocumentField(issue.field); });
        if (!issues.isEmpty())
            return failWith(tr("The payer account is not valid:\n%1").arg(issueLines(issues)), Usage);
    }

    QByteArray number = readSecretLine(tr("Document number: "), RealNameId::MaxNumberLength * 4);
    if (number.trimmed().isEmpty())
        return failWith(
            tr("Give the document number on standard input (first line), then the password (second line)."), Failed);
    const Payer payer(parser.value(accountId), RealNameId(parser.value(name), *type, QString::fromUtf8(number)));
    OPENSSL_cleanse(number.data(), size_t(number.size()));
    auto password = readPassword();
    if (!password)
        return failWith(password.error().message, Failed);
    const ValidationReport report
        = PayerAccountStore::validate(payer, parser.value(contactKind), parser.value(contact), today);
    if (!report.isValid()) {
        OPENSSL_cleanse(password->data(), size_t(password->size()));
        return failWith(tr("The payer account is not valid:\n%1").arg(issueLines(report.issues())), Failed);
    }
    const PasswordHasher hasher(m_hashing);
    const auto hash = hasher.hash(*password);
    OPENSSL_cleanse(password->data(), size_t(password->size()));
    if (!hash)
        return failWith(hash.error().message, Failed);

    const auto db = openFrom(parser);
    if (!db)
        return Failed;
    const auto secrets = ServerSecrets::loadOrCreate(parser.value(u"data-dir"_s), parser.value(secretsFile));
    if (!secrets)
        return failWith(secrets.error().message, Failed);
    const PayerAccountStore payers(*db, m_clock, *secrets);
    const auto added = inTransaction<PayerAccount>(
        *db, [&]() { return payers.add(payer, parser.value(contactKind), parser.value(contact), *hash); });
    if (!added)
        return failWith(added.error().message, Failed);
    print(tr("added payer %1 (%2 %3, %4 %5)\n")
              .arg(added->accountId, documentTypeName(added->documentType), added->documentMasked, added->contactKind,
                  added->contactAddress));
    return Ok;
}

int AdminCommands::listPayers(const QStringList &arguments)
{
    QCommandLineParser parser;
    if (const int parsed = parseOptions(parser, arguments, 0); parsed != Ok)
        return parsed;
    const auto db = openFrom(parser);
    if (!db)
        return Failed;
    // Listing needs no key: only digests and masked numbers are stored, and only masked
    // numbers are shown.
    const ServerSecrets none = ServerSecrets::fromKey({});
    const PayerAccountStore payers(*db, m_clock, none);
    const auto all = payers.list();
    if (!all)
        return failWith(all.error().message, Failed);
    print(u"account id\tname\tdocument type\tdocument\tcontact kind\tcontact\tstatus\n"_s);
    const QDateTime now = m_clock.now();
    for (const PayerAccount &payer : *all) {
        const QString status = payer.isDisabled() ? u"disabled"_s
            : payer.isLockedAt(now)               ? u"locked-until-"_s + payer.lockedUntil.toString(Qt::ISODate)
                                                  : u"active"_s;
        print(
            u"%1\t%2\t%3\t%4\t%5\t%6\t%7\n"_s.arg(payer.accountId, payer.displayName, documentTypeName(payer.documentType),
                payer.documentMasked, payer.contactKind, payer.contactAddress, status));
    }
    return Ok;
}

int AdminCommands::listTemplates(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption show(u"show"_s, tr("Print one template's definition (JSON)."));
    const QCommandLineOption productType(
        u"product-type"_s, tr("DATE_CHANGE, UPGRADE or DATE_CHANGE_UPGRADE."), tr("TYPE"));
    const QCommandLineOption version(u"version"_s, tr("The version to show (default: the latest)."), tr("N"));
    parser.addOptions({ show, productType, version });
    if (const int parsed = parseOptions(parser, arguments, 0); parsed != Ok)
        return parsed;
    if (parser.isSet(show) && !parser.isSet(productType))
        return failWith(tr("--show needs --product-type."), Usage);
    std::optional<ProductType> type;
    if (parser.isSet(productType)) {
        const auto parsedType = productTypeFromName(parser.value(productType));
        if (!parsedType)
            return failWith(tr("--product-type must be DATE_CHANGE, UPGRADE or DATE_CHANGE_UPGRADE, not “%1”.")
                                .arg(parser.value(productType).left(40)),
                Usage);
        type = *parsedType;
    }
    int wanted = 0;
    if (parser.isSet(version)) {
        bool ok = false;
        wanted = parser.value(version).toInt(&ok);
        if (!ok || wanted < 1)
            return failWith(tr("--version must be a whole number from 1."), Usage);
        if (!parser.isSet(show))
            return failWith(tr("--version goes with --show."), Usage);
    }
    const auto db = openFrom(parser);
    if (!db)
        return Failed;
    const TemplateStore templates(*db, m_clock);
    if (parser.isSet(show)) {
        const auto found = wanted > 0 ? templates.get(*type, wanted) : templates.latest(*type);
        if (!found)
            return failWith(found.error().message, Failed);
        print(QString::fromUtf8(found->definition.toCanonicalJson()) + u'\n');
        return Ok;
    }
    const auto all = templates.list();
    if (!all)
        return failWith(all.error().message, Failed);
    print(u"product type\tversion\tcreated\tby\n"_s);
    for (const StoredTemplate &stored : *all) {
        if (type && stored.productType != *type)
            continue;
        print(u"%1\t%2\t%3\t%4\n"_s.arg(productTypeName(stored.productType))
                  .arg(stored.version)
                  .arg(stored.createdAt.toUTC().toString(Qt::ISODate), stored.createdBy));
    }
    return Ok;
}

int AdminCommands::setTemplate(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption productType(
        u"product-type"_s, tr("DATE_CHANGE, UPGRADE or DATE_CHANGE_UPGRADE."), tr("TYPE"));
    const QCommandLineOption file(u"file"_s, tr("The template definition (JSON)."), tr("JSON"));
    const QCommandLineOption by(u"by"_s, tr("Who sets it (default: admin)."), tr("NAME"));
    parser.addOptions({ productType, file, by });
    if (const int parsed = parseOptions(parser, arguments, 0, { u"product-type"_s, u"file"_s }); parsed != Ok)
        return parsed;
    const auto type = productTypeFromName(parser.value(productType));
    if (!type)
        return failWith(tr("--product-type must be DATE_CHANGE, UPGRADE or DATE_CHANGE_UPGRADE, not “%1”.")
                            .arg(parser.value(productType).left(40)),
            Usage);
    const QString author = parser.isSet(by) ? parser.value(by).trimmed() : u"admin"_s;
    if (author.isEmpty() || author.size() > 64)
        return failWith(tr("--by takes a name of 1–64 characters."), Usage);
    constexpr qint64 MaxTemplateBytes = 64 * 1024;
    QFile input(parser.value(file));
    if (!input.open(QIODevice::ReadOnly))
        return failWith(tr("Cannot read %1: %2").arg(parser.value(file), input.errorString()), Failed);
    const QByteArray json = input.read(MaxTemplateBytes + 1);
    if (json.size() > MaxTemplateBytes)
        return failWith(tr("%1 is larger than %2 KiB; a template is much smaller.")
                            .arg(parser.value(file))
                            .arg(MaxTemplateBytes / 1024),
            Failed);
    const auto definition = OrderTemplate::parse(json);
    if (!definition)
        return failWith(tr("%1: %2").arg(parser.value(file), definition.error().message), Failed);
    const auto db = openFrom(parser);
    if (!db)
        return Failed;
    const TemplateStore templates(*db, m_clock);
    const auto added = templates.add(*type, *definition, author);
    if (!added)
        return failWith(added.error().message, Failed);
    print(u"%1\t%2\n"_s.arg(productTypeName(added->productType)).arg(added->version));
    return Ok;
}

} // namespace deskpay
