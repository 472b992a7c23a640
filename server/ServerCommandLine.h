#pragma once
// ServerCommandLine: deskpay-server's options (QCommandLineParser) turned into ServerOptions.

#include "models/Error.h"
#include "server/ServerOptions.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>

namespace deskpay {

class ServerCommandLine
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::ServerCommandLine)

public:
    enum class Action { Run, ShowHelp, ShowVersion };

    ServerCommandLine();

    // `arguments` starts with the program name, as QCoreApplication::arguments() does. Errors
    // carry the option in `field` and a message fit for the terminal.
    [[nodiscard]] Result<Action> parse(const QStringList &arguments);

    // Valid after parse() returned Action::Run.
    [[nodiscard]] const ServerOptions &options() const { return m_options; }

    [[nodiscard]] QString helpText() const { return m_parser.helpText(); }

private:
    QCommandLineParser m_parser;
    QCommandLineOption m_dataDir;
    QCommandLineOption m_listen;
    QCommandLineOption m_database;
    QCommandLineOption m_tlsCertificate;
    QCommandLineOption m_tlsKey;
    QCommandLineOption m_tlsCa;
    QCommandLineOption m_demo;
    QCommandLineOption m_logLevel;
    QCommandLineOption m_help;
    QCommandLineOption m_version;
    ServerOptions m_options;
};

} // namespace deskpay
