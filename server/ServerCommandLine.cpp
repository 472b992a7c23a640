#include "server/ServerCommandLine.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

std::optional<QtMsgType> parseLevel(const QString &text)
{
    const QString level = text.toLower();
    if (level == u"debug"_s)
        return QtDebugMsg;
    if (level == u"info"_s)
        return QtInfoMsg;
    if (level == u"warning"_s)
        return QtWarningMsg;
    if (level == u"error"_s || level == u"critical"_s)
        return QtCriticalMsg;
    return std::nullopt;
}

} // namespace

ServerCommandLine::ServerCommandLine()
    : m_dataDir(u"data-dir"_s,
        tr("Folder for the local CA, the server certificate and the SQLite database (created if missing)."), tr("DIR"))
    , m_listen(u"listen"_s, tr("Address and port to serve HTTPS on; port 0 picks a free one."), tr("HOST:PORT"),
          u"127.0.0.1:8443"_s)
    , m_database(u"database"_s,
          tr("sqlite:PATH or postgresql://USER@HOST:PORT/DATABASE (default: sqlite:DIR/deskpay.sqlite)."), tr("URL"))
    , m_tlsCertificate(
          u"tls-cert"_s, tr("PEM certificate (optionally followed by its chain) instead of the local CA."), tr("FILE"))
    , m_tlsKey(u"tls-key"_s, tr("PEM private key of --tls-cert."), tr("FILE"))
    , m_tlsCa(u"tls-ca"_s, tr("CA certificate clients should trust with --tls-cert (default: --tls-cert)."), tr("FILE"))
    , m_demo(u"demo"_s, tr("Seed the demo agents agent1, agent2 and super1 (password deskpay-demo) if missing."))
    , m_logLevel(u"log-level"_s, tr("debug, info, warning or error (default: info)."), tr("LEVEL"), u"info"_s)
    , m_help({ u"h"_s, u"help"_s }, tr("Show this help."))
    , m_version(u"version"_s, tr("Show the version."))
{
    m_parser.setApplicationDescription(tr("DeskPay payment server: signed orders from desks, payer confirmation, "
                                          "payment orders. Serves HTTPS only."));
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    m_parser.addOptions({ m_dataDir, m_listen, m_database, m_tlsCertificate, m_tlsKey, m_tlsCa, m_demo, m_logLevel,
        m_help, m_version });
}

Result<ServerCommandLine::Action> ServerCommandLine::parse(const QStringList &arguments)
{
    if (!m_parser.parse(arguments))
        return fail(u"bad_arguments"_s, m_parser.errorText());
    if (m_parser.isSet(m_help))
        return Action::ShowHelp;
    if (m_parser.isSet(m_version))
        return Action::ShowVersion;
    if (!m_parser.positionalArguments().isEmpty())
        return fail(u"bad_arguments"_s,
            tr("Unexpected argument “%1”.").arg(m_parser.positionalArguments().constFirst().left(100)));

    ServerOptions options;
    const QString dataDir = m_parser.value(m_dataDir);
    if (dataDir.isEmpty())
        return fail(u"bad_arguments"_s, tr("--data-dir is required."), u"data-dir"_s);
    options.dataDir = QDir::cleanPath(QFileInfo(dataDir).absoluteFilePath());

    auto listen = ListenAddress::parse(m_parser.value(m_listen));
    if (!listen)
        return fail(listen.error().code, tr("--listen: %1").arg(listen.error().message), u"listen"_s);
    options.listen = *listen;

    if (m_parser.isSet(m_database)) {
        auto database = DatabaseUrl::parse(m_parser.value(m_database));
        if (!database)
            return fail(database.error().code, tr("--database: %1").arg(database.error().message), u"database"_s);
        options.database = *database;
    }

    options.tlsCertificate = m_parser.value(m_tlsCertificate);
    options.tlsKey = m_parser.value(m_tlsKey);
    options.tlsCa = m_parser.value(m_tlsCa);
    if (options.tlsCertificate.isEmpty() != options.tlsKey.isEmpty())
        return fail(u"bad_arguments"_s, tr("--tls-cert and --tls-key go together."), u"tls-cert"_s);
    if (!options.tlsCa.isEmpty() && options.tlsCertificate.isEmpty())
        return fail(u"bad_arguments"_s, tr("--tls-ca needs --tls-cert and --tls-key."), u"tls-ca"_s);

    const auto level = parseLevel(m_parser.value(m_logLevel));
    if (!level)
        return fail(u"bad_arguments"_s,
            tr("--log-level must be debug, info, warning or error, not “%1”.").arg(m_parser.value(m_logLevel).left(40)),
            u"log-level"_s);
    options.logLevel = *level;
    options.demo = m_parser.isSet(m_demo);
    m_options = options;
    return Action::Run;
}

} // namespace deskpay
