#pragma once
// AdminCommands: `deskpay-server admin …` — agents, desk keys, payer accounts and order templates, managed against the
// server's database.

#include "models/Clock.h"
#include "models/Error.h"
#include "server/PasswordHasher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QIODevice>
#include <QStringList>

#include <memory>

namespace deskpay {

class Database;

// main() hands over when the first argument is "admin". The password of add-agent is read
// from `in` (one line), never from the command line, where other users could see it in ps;
// add-payer reads the document number and then the password the same way.
class AdminCommands
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::AdminCommands)

public:
    enum ExitCode { Ok = 0, Failed = 1, Usage = 2 };

    // `terminal`: `in` is an interactive terminal (stdin) — prompt on `err` and hide the typing.
    AdminCommands(const Clock &clock, QIODevice &in, QIODevice &out, QIODevice &err, bool terminal = false);

    [[nodiscard]] static bool isAdminInvocation(const QStringList &arguments);

    // `arguments` as QCoreApplication::arguments(): program, "admin", subcommand, options.
    [[nodiscard]] int run(const QStringList &arguments);

    void setPasswordHashing(ScryptParameters parameters) { m_hashing = parameters; }

private:
    [[nodiscard]] int addAgent(const QStringList &arguments);
    [[nodiscard]] int listAgents(const QStringList &arguments);
    [[nodiscard]] int listKeys(const QStringList &arguments);
    [[nodiscard]] int approveKey(const QStringList &arguments);
    [[nodiscard]] int revokeKey(const QStringList &arguments);
    [[nodiscard]] int addKey(const QStringList &arguments);
    [[nodiscard]] int addPayer(const QStringList &arguments);
    [[nodiscard]] int listPayers(const QStringList &arguments);
    [[nodiscard]] int listTemplates(const QStringList &arguments);
    [[nodiscard]] int setTemplate(const QStringList &arguments);
    // Adds --data-dir/--database, parses, and checks the count of positional arguments and
    // that every option in `required` is set: Ok, or Usage after saying what is wrong.
    [[nodiscard]] int parseOptions(QCommandLineParser &parser, const QStringList &arguments, qsizetype positionals,
        const QStringList &required = {});
    // The database the parsed --data-dir/--database names; null after reporting a failure.
    [[nodiscard]] std::unique_ptr<Database> openFrom(const QCommandLineParser &parser);
    [[nodiscard]] Result<std::unique_ptr<Database>> openDatabase(const QString &dataDir, const QString &url) const;
    [[nodiscard]] Result<QByteArray> readPassword();
    // One line of `in` (the prompt and hidden typing on a terminal), without its line end.
    [[nodiscard]] QByteArray readSecretLine(const QString &prompt, qsizetype maxBytes);
    [[nodiscard]] int failWith(const QString &message, int exitCode);
    void print(const QString &text);
    [[nodiscard]] QString usage() const;

    const Clock &m_clock;
    QIODevice &m_in;
    QIODevice &m_out;
    QIODevice &m_err;
    bool m_terminal;
    ScryptParameters m_hashing;
};

} // namespace deskpay
