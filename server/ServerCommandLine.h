#pragma once
// ServerCommandLine: deskpay-server's options (QCommandLineParser and the --config file) turned into ServerOptions.

#include "models/Error.h"
#include "server/ServerOptions.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>

#include <chrono>
#include <optional>

namespace deskpay {

class ServerConfigFile;

class ServerCommandLine
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::ServerCommandLine)

public:
    enum class Action { Run, ShowHelp, ShowVersion };

    ServerCommandLine();

    // `arguments` starts with the program name, as QCoreApplication::arguments() does. A value on
    // the command line overrides the same key in the --config file. Errors (code bad_arguments,
    // or bad_config for the file itself) carry the option in `field` and a message fit for the
    // terminal naming the option (or FILE:LINE: key) and the accepted form.
    [[nodiscard]] Result<Action> parse(const QStringList &arguments);

    // Valid after parse() returned Action::Run.
    [[nodiscard]] const ServerOptions &options() const { return m_options; }

    [[nodiscard]] QString helpText() const { return m_parser.helpText(); }

    // The keys a config file may hold: every long option but config, help and version.
    [[nodiscard]] QStringList configKeys() const;

    // "90s", "15m", "1h" (a whole number and a unit).
    [[nodiscard]] static std::optional<std::chrono::seconds> parseDuration(const QString &text);
    // "262144", "64k", "1m" (bytes, KiB, MiB; the unit in either case).
    [[nodiscard]] static std::optional<qint64> parseSize(const QString &text);

private:
    // One option's value with where it came from, for messages.
    struct Setting
    {
        QString value;
        QString origin; // "--name" or "FILE:LINE: name"
        bool isSet = false; // given on the command line or in the file (not a default)
        bool fromFile = false;
    };

    [[nodiscard]] Setting setting(const QCommandLineOption &option, const ServerConfigFile *file) const;
    [[nodiscard]] Result<ServerOptions> buildOptions(const ServerConfigFile *file) const;
    [[nodiscard]] Result<void> buildContactOptions(ServerOptions &options, const ServerConfigFile *file) const;

    QCommandLineParser m_parser;
    QCommandLineOption m_config;
    QCommandLineOption m_dataDir;
    QCommandLineOption m_listen;
    QCommandLineOption m_database;
    QCommandLineOption m_tlsCertificate;
    QCommandLineOption m_tlsKey;
    QCommandLineOption m_tlsCa;
    QCommandLineOption m_demo;
    QCommandLineOption m_logLevel;
    QCommandLineOption m_confirmationWindow;
    QCommandLineOption m_contactChannel;
    QCommandLineOption m_webhookUrl;
    QCommandLineOption m_webhookSecretFile;
    QCommandLineOption m_maxBody;
    QCommandLineOption m_workers;
    QCommandLineOption m_identityKeyFile;
    QCommandLineOption m_publicUrl;
    QCommandLineOption m_paymentsConfig;
    QCommandLineOption m_help;
    QCommandLineOption m_version;
    ServerOptions m_options;
};

} // namespace deskpay
