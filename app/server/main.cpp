// deskpay-server: parses the command line, starts a ServerInstance, prints where it listens, and
// stops cleanly on SIGTERM or SIGINT. `deskpay-server admin …` hands over to AdminCommands.

#include "models/Clock.h"
#include "server/AdminCommands.h"
#include "server/Server.h"
#include "server/ServerCommandLine.h"
#include "server/ServerInstance.h"
#include "server/TerminationSignals.h"

#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>

#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace deskpay;

namespace {

int failWith(const QString &message, int exitCode)
{
    std::fprintf(stderr, "deskpay-server: %s\n", qPrintable(message));
    return exitCode;
}

} // namespace

int main(int argc, char *argv[])
{
    // Before anything can start a thread: every thread must inherit the blocked mask.
    TerminationSignals::blockInThisThread();

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"deskpay-server"_s);
    QCoreApplication::setApplicationVersion(Server::version());
    QCoreApplication::setOrganizationName(u"DeskPay"_s);

    if (AdminCommands::isAdminInvocation(QCoreApplication::arguments())) {
        QFile in, out, err;
        if (!in.open(stdin, QIODevice::ReadOnly) || !out.open(stdout, QIODevice::WriteOnly)
            || !err.open(stderr, QIODevice::WriteOnly))
            return failWith(u"cannot open the standard streams"_s, 1);
        // Only what went wrong goes to stderr; the commands say themselves what they did.
        QLoggingCategory::setFilterRules(u"*.debug=false\n*.info=false"_s);
        const SystemClock clock;
        AdminCommands admin(clock, in, out, err, isatty(STDIN_FILENO) == 1);
        return admin.run(QCoreApplication::arguments());
    }

    ServerCommandLine commandLine;
    const auto action = commandLine.parse(QCoreApplication::arguments());
    if (!action)
        return failWith(
            action.error().message + u"\n"_s + QCoreApplication::translate("deskpay::ServerCommandLine", "Try --help."),
            2);
    if (*action == ServerCommandLine::Action::ShowHelp) {
        std::fputs(qPrintable(commandLine.helpText()), stdout);
        return 0;
    }
    if (*action == ServerCommandLine::Action::ShowVersion) {
        std::printf("deskpay-server %s\n", qPrintable(Server::version()));
        return 0;
    }
    const ServerOptions &options = commandLine.options();
    QLoggingCategory::setFilterRules(options.loggingRules());
    if (qEnvironmentVariableIsEmpty("QT_MESSAGE_PATTERN"))
        qSetMessagePattern(u"%{time yyyy-MM-dd hh:mm:ss.zzz} %{type} %{category}: %{message}"_s);

    auto termination = TerminationSignals::create();
    if (!termination)
        return failWith(termination.error().message, 1);

    const SystemClock clock;
    auto instance = ServerInstance::start(options, clock);
    if (!instance)
        return failWith(instance.error().message, 1);

    // The two lines scripts wait for (./dev run, the end-to-end test); logs go to stderr.
    std::printf(
        "listening on %s\nca %s\n", qPrintable((*instance)->url()), qPrintable((*instance)->caCertificatePath()));
    std::fflush(stdout);

    QObject::connect(termination->get(), &TerminationSignals::terminationRequested, &app, [&instance] {
        (*instance)->server().close();
        QCoreApplication::quit();
    });
    const int exitCode = QCoreApplication::exec();
    instance->reset(); // listeners first, then the database
    return exitCode;
}
