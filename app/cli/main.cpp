// deskpay-cli: command-line tools for desk agents and scripts. One entry per subcommand in
// kCommands; each command parses its own options and returns the process exit code.
// Exit codes shared by every command: 0 success, 1 the input has problems, 2 usage, file or
// environment error.

#include "models/AirportTable.h"
#include "models/Clock.h"
#include "services/protocol/OrderCodec.h"
#include "services/protocol/OrderFileValidator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;
using namespace deskpay;


namespace {

class Cli
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::Cli)
};

constexpr int kExitOk = 0;
constexpr int kExitInvalid = 1;
constexpr int kExitUsage = 2;

void print(FILE *stream, const QString &text)
{
    QTextStream(stream) << text;
}

int usageError(const QString &message)
{
    print(stderr, u"deskpay-cli: "_s + message + u'\n');
    return kExitUsage;
}

// `arguments` starts with the command's name.
int runValidate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Cli::tr("Checks one order written as JSON and prints every problem, one a line:\n"
                "  <field> <code> <message>\n"
                "Exit code 0 when the order is valid, 1 when it has problems, 2 when the file cannot be read "
                "or is not JSON."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption now(u"now"_s,
        Cli::tr("Check as of this UTC time (like 2026-11-20T12:00:00Z) instead of the "
                "clock, to reproduce a result."),
        u"TIME"_s);
    parser.addOption(now);
    parser.addPositionalArgument(u"file"_s, Cli::tr("The order file (JSON)."), u"validate FILE"_s);
    if (!parser.parse(QStringList { QCoreApplication::applicationName() } + arguments.mid(1)))
        return usageError(parser.errorText());
    if (parser.isSet(help) || parser.isSet(u"help-all"_s)) {
        print(stdout, parser.helpText());
        return kExitOk;
    }
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1)
        return usageError(Cli::tr("validate takes exactly one FILE; see deskpay-cli validate --help."));

    std::unique_ptr<Clock> clock = std::make_unique<SystemClock>();
    if (parser.isSet(now)) {
        const QDateTime at = OrderCodec::parseInstant(parser.value(now));
        if (!at.isValid())
            return usageError(Cli::tr("--now wants a UTC time like 2026-11-20T12:00:00Z."));
        clock = std::make_unique<ManualClock>(at);
    }
    const Result<AirportTable> airports = AirportTable::loadBundled();
    if (!airports)
        return usageError(airports.error().message);

    const OrderFileValidator validator(*clock, *airports);
    const Result<QList<ValidationIssue>> issues = validator.validateFile(files.first());
    if (!issues)
        return usageError(issues.error().message);
    QTextStream lines(stdout);
    for (const ValidationIssue &issue : *issues)
        lines << OrderFileValidator::formatIssue(issue) << '\n';
    return issues->isEmpty() ? kExitOk : kExitInvalid;
}

struct Command
{
    QStringView name;
    const char *summary;
    int (*run)(const QStringList &arguments);
};

const Command kCommands[] = {
    { u"validate", QT_TRANSLATE_NOOP("deskpay::Cli", "check one order file and list its problems"), &runValidate },
};

QString commandList()
{
    QString text = Cli::tr("Commands:") + u'\n';
    for (const Command &c : kCommands)
        text += u"  "_s + c.name.toString().leftJustified(10) + QCoreApplication::translate("deskpay::Cli", c.summary)
            + u'\n';
    return text;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // stdout and stderr belong to the command's output; QT_LOGGING_RULES still turns logs on.
    QLoggingCategory::setFilterRules(u"deskpay.*.debug=false\ndeskpay.*.info=false"_s);
    QCoreApplication::setApplicationName(u"deskpay-cli"_s);
    QCoreApplication::setApplicationVersion(QString::fromLatin1(DESKPAY_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr("DeskPay command-line tools.") + u"\n\n"_s + commandList());
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    parser.addPositionalArgument(u"command"_s, Cli::tr("The command to run (see above)."), u"COMMAND [ARGS...]"_s);
    // Everything after the command name belongs to the command's own parser.
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(version)) {
        print(stdout, QCoreApplication::applicationName() + u' ' + QCoreApplication::applicationVersion() + u'\n');
        return kExitOk;
    }
    const QStringList arguments = parser.positionalArguments();
    if (parser.isSet(help) || arguments.isEmpty()) {
        print(parser.isSet(help) ? stdout : stderr, parser.helpText());
        return parser.isSet(help) ? kExitOk : kExitUsage;
    }
    for (const Command &c : kCommands)
        if (c.name == arguments.first())
            return c.run(arguments);
    return usageError(Cli::tr("unknown command \"%1\".").arg(arguments.first()) + u"\n\n"_s + commandList());
}
