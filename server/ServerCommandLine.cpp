#include "server/ServerCommandLine.h"

#include "server/ServerConfigFile.h"
#include "server/WebhookSigner.h"

#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr std::chrono::seconds MinConfirmationWindow { 60 };
constexpr std::chrono::seconds MaxConfirmationWindow { 24 * 3600 };
constexpr qint64 MinBodyBytes = 1024;
constexpr qint64 MaxBodyBytes = 16 * 1024 * 1024;
constexpr int MaxWorkers = 256;

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

std::optional<bool> parseBool(const QString &text)
{
    const QString value = text.trimmed().toLower();
    if (value == u"true"_s || value == u"yes"_s || value == u"on"_s || value == u"1"_s)
        return true;
    if (value == u"false"_s || value == u"no"_s || value == u"off"_s || value == u"0"_s)
        return false;
    return std::nullopt;
}

bool isLoopbackHost(const QString &host)
{
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

// An absolute http(s) URL with a host and no credentials; plain http only to a loopback host.
std::optional<QUrl> parseServiceUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty() || url.hasFragment())
        return std::nullopt;
    const QString scheme = url.scheme().toLower();
    if (scheme == u"https"_s || (scheme == u"http"_s && isLoopbackHost(url.host())))
        return url;
    return std::nullopt;
}

QString shown(const QString &value)
{
    return value.left(80);
}

} // namespace

ServerCommandLine::ServerCommandLine()
    : m_config(u"config"_s,
        tr("INI file with any of these options as KEY=VALUE (e.g. listen=0.0.0.0:8443); the command line overrides "
           "it. Secrets do not go in it."),
        tr("FILE"))
    , m_dataDir(u"data-dir"_s,
          tr("Folder for the local CA, the server certificate and the SQLite database (created if missing)."),
          tr("DIR"))
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
    , m_confirmationWindow(u"confirmation-window"_s,
          tr("How long a payer has to confirm an order: 90s, 15m, 1h … between 1m and 24h (default: 15m)."),
          tr("DURATION"), u"15m"_s)
    , m_contactChannel(u"contact-channel"_s,
          tr("How confirmation requests reach payers: sandbox (stored, shown on the payer pages) or webhook (a "
             "signed POST to --webhook-url) (default: sandbox)."),
          tr("CHANNEL"), u"sandbox"_s)
    , m_webhookUrl(u"webhook-url"_s, tr("Gateway URL the webhook channel POSTs to; https unless the host is loopback."),
          tr("URL"))
    , m_webhookSecretFile(u"webhook-secret-file"_s,
          tr("File holding the webhook signing secret (at least 16 bytes; mode 600)."), tr("FILE"))
    , m_maxBody(u"max-body"_s, tr("Largest accepted order body: 64k, 1m … between 1k and 16m (default: 256k)."),
          tr("SIZE"), u"256k"_s)
    , m_workers(u"workers"_s, tr("HTTP worker threads; 0 picks one per CPU core (default: 0)."), tr("N"), u"0"_s)
    , m_identityKeyFile(u"identity-key-file"_s,
          tr("The master key file (identity digests, evidence encryption); shared by all instances; default: in the data folder."), tr("FILE"))
    , m_publicUrl(u"public-url"_s,
          tr("How payers reach the payer pages, used in confirmation messages (default: the listen URL)."), tr("URL"))
    , m_paymentsConfig(u"payments-config"_s,
          tr("The payment providers' configuration (gateway URLs, ids, key files): see docs/payments.md. "
             "Without it no pay type can be paid (with --demo: a sandbox in the data folder)."),
          tr("FILE"))
    , m_help({ u"h"_s, u"help"_s }, tr("Show this help."))
    , m_version(u"version"_s, tr("Show the version."))
{
    m_parser.setApplicationDescription(tr("DeskPay payment server: signed orders from desks, payer confirmation, "
                                          "payment orders. Serves HTTPS only."));
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    m_parser.addOptions({ m_config, m_dataDir, m_listen, m_database, m_tlsCertificate, m_tlsKey, m_tlsCa, m_demo,
        m_logLevel, m_confirmationWindow, m_contactChannel, m_webhookUrl, m_webhookSecretFile, m_maxBody, m_workers,
        m_identityKeyFile, m_publicUrl, m_paymentsConfig, m_help, m_version });
}

QStringList ServerCommandLine::configKeys() const
{
    QStringList keys;
    for (const QCommandLineOption *option : { &m_dataDir, &m_listen, &m_database, &m_tlsCertificate, &m_tlsKey,
             &m_tlsCa, &m_demo, &m_logLevel, &m_confirmationWindow, &m_contactChannel, &m_webhookUrl,
             &m_webhookSecretFile, &m_maxBody, &m_workers, &m_identityKeyFile, &m_publicUrl, &m_paymentsConfig })
        keys.append(option->names().constLast());
    return keys;
}

std::optional<std::chrono::seconds> ServerCommandLine::parseDuration(const QString &text)
{
    static const QRegularExpression pattern(u"^([0-9]{1,6})([smh])$"_s);
    const auto match = pattern.match(text.trimmed().toLower());
    if (!match.hasMatch())
        return std::nullopt;
    const qint64 count = match.captured(1).toLongLong();
    const QChar unit = match.captured(2).at(0);
    const qint64 factor = unit == u's' ? 1 : unit == u'm' ? 60 : 3600;
    return std::chrono::seconds(count * factor);
}

std::optional<qint64> ServerCommandLine::parseSize(const QString &text)
{
    static const QRegularExpression pattern(u"^([0-9]{1,9})([km]?)$"_s);
    const auto match = pattern.match(text.trimmed().toLower());
    if (!match.hasMatch())
        return std::nullopt;
    const qint64 count = match.captured(1).toLongLong();
    const QString unit = match.captured(2);
    return count * (unit == u"k"_s ? 1024 : unit == u"m"_s ? 1024 * 1024 : 1);
}

ServerCommandLine::Setting ServerCommandLine::setting(
    const QCommandLineOption &option, const ServerConfigFile *file) const
{
    const QString name = option.names().constLast();
    if (m_parser.isSet(option))
        return { m_parser.value(option), u"--"_s + name, true, false };
    if (file && file->contains(name))
        return { file->value(name).trimmed(), file->location(name), true, true };
    return { option.defaultValues().value(0), u"--"_s + name, false, false };
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

    std::optional<ServerConfigFile> file;
    if (m_parser.isSet(m_config)) {
        auto read = ServerConfigFile::read(m_parser.value(m_config), configKeys());
        if (!read)
            return std::unexpected(read.error());
        file = std::move(*read);
    }
    auto options = buildOptions(file ? &*file : nullptr);
    if (!options)
        return std::unexpected(options.error());
    m_options = std::move(*options);
    return Action::Run;
}

Result<ServerOptions> ServerCommandLine::buildOptions(const ServerConfigFile *file) const
{
    ServerOptions options;
    if (file)
        options.configFile = file->path();
    // A relative path from the file is relative to the file's folder.
    const auto path = [file](const Setting &s) { return s.fromFile ? file->resolvePath(s.value) : s.value; };

    const Setting dataDir = setting(m_dataDir, file);
    if (dataDir.value.isEmpty())
        return fail(u"bad_arguments"_s, tr("--data-dir is required (on the command line or as data-dir= in --config)."),
            u"data-dir"_s);
    options.dataDir = QDir::cleanPath(QFileInfo(path(dataDir)).absoluteFilePath());

    const Setting listen = setting(m_listen, file);
    auto address = ListenAddress::parse(listen.value);
    if (!address)
        return fail(address.error().code, tr("%1: %2").arg(listen.origin, address.error().message), u"listen"_s);
    options.listen = *address;

    if (const Setting database = setting(m_database, file); database.isSet) {
        QString text = database.value;
        if (database.fromFile && text.startsWith(u"sqlite:"_s) && !text.startsWith(u"sqlite:/"_s))
            text = u"sqlite:"_s + file->resolvePath(text.mid(7));
        auto url = DatabaseUrl::parse(text);
        if (!url)
            return fail(url.error().code, tr("%1: %2").arg(database.origin, url.error().message), u"database"_s);
        options.database = *url;
    }

    const Setting certificate = setting(m_tlsCertificate, file);
    const Setting key = setting(m_tlsKey, file);
    const Setting ca = setting(m_tlsCa, file);
    options.tlsCertificate = path(certificate);
    options.tlsKey = path(key);
    options.tlsCa = path(ca);
    if (options.tlsCertificate.isEmpty() != options.tlsKey.isEmpty())
        return fail(u"bad_arguments"_s, tr("--tls-cert and --tls-key go together."), u"tls-cert"_s);
    if (!options.tlsCa.isEmpty() && options.tlsCertificate.isEmpty())
        return fail(u"bad_arguments"_s, tr("--tls-ca needs --tls-cert and --tls-key."), u"tls-ca"_s);

    const Setting logLevel = setting(m_logLevel, file);
    const auto level = parseLevel(logLevel.value);
    if (!level)
        return fail(u"bad_arguments"_s,
            tr("%1 must be debug, info, warning or error, not “%2”.").arg(logLevel.origin, shown(logLevel.value)),
            u"log-level"_s);
    options.logLevel = *level;

    if (m_parser.isSet(m_demo)) {
        options.demo = true;
    } else if (file && file->contains(u"demo"_s)) {
        const auto demo = parseBool(file->value(u"demo"_s));
        if (!demo)
            return fail(u"bad_arguments"_s,
                tr("%1 must be true or false, not “%2”.").arg(file->location(u"demo"_s), shown(file->value(u"demo"_s))),
                u"demo"_s);
        options.demo = *demo;
    }

    const Setting window = setting(m_confirmationWindow, file);
    const auto duration = parseDuration(window.value);
    if (!duration || *duration < MinConfirmationWindow || *duration > MaxConfirmationWindow)
        return fail(u"bad_arguments"_s,
            tr("%1 must be a duration such as 90s, 15m or 1h, from 1m to 24h, not “%2”.")
                .arg(window.origin, shown(window.value)),
            u"confirmation-window"_s);
    options.confirmationWindow = *duration;

    const Setting maxBody = setting(m_maxBody, file);
    const auto size = parseSize(maxBody.value);
    if (!size || *size < MinBodyBytes || *size > MaxBodyBytes)
        return fail(u"bad_arguments"_s,
            tr("%1 must be a size such as 64k or 1m (bytes, k or m), from 1k to 16m, not “%2”.")
                .arg(maxBody.origin, shown(maxBody.value)),
            u"max-body"_s);
    options.maxOrderBodyBytes = *size;

    const Setting workers = setting(m_workers, file);
    bool numeric = false;
    const int workerCount = workers.value.toInt(&numeric);
    if (!numeric || workerCount < 0 || workerCount > MaxWorkers)
        return fail(u"bad_arguments"_s,
            tr("%1 must be a whole number from 0 (automatic) to %2, not “%3”.")
                .arg(workers.origin)
                .arg(MaxWorkers)
                .arg(shown(workers.value)),
            u"workers"_s);
    options.workers = workerCount;

    options.identityKeyFile = path(setting(m_identityKeyFile, file));
    if (!options.identityKeyFile.isEmpty())
        options.identityKeyFile = QDir::cleanPath(QFileInfo(options.identityKeyFile).absoluteFilePath());

    options.paymentsConfig = path(setting(m_paymentsConfig, file));
    if (!options.paymentsConfig.isEmpty())
        options.paymentsConfig = QDir::cleanPath(QFileInfo(options.paymentsConfig).absoluteFilePath());

    if (const Setting publicUrl = setting(m_publicUrl, file); publicUrl.isSet) {
        const auto url = parseServiceUrl(publicUrl.value);
        if (!url || url.value().hasQuery())
            return fail(u"bad_arguments"_s,
                tr("%1 must be an https:// URL without credentials, query or fragment (http:// only for a "
                   "loopback host), such as https://pay.example.com, not “%2”.")
                    .arg(publicUrl.origin, shown(publicUrl.value)),
                u"public-url"_s);
        options.publicUrl = *url;
    }

    if (auto contact = buildContactOptions(options, file); !contact)
        return std::unexpected(contact.error());
    return options;
}

Result<void> ServerCommandLine::buildContactOptions(ServerOptions &options, const ServerConfigFile *file) const
{
    const Setting channel = setting(m_contactChannel, file);
    const QString channelName = channel.value.toLower();
    if (channelName == u"sandbox"_s)
        options.contactChannel = ContactChannel::Sandbox;
    else if (channelName == u"webhook"_s)
        options.contactChannel = ContactChannel::Webhook;
    else
        return fail(u"bad_arguments"_s,
            tr("%1 must be sandbox or webhook, not “%2”.").arg(channel.origin, shown(channel.value)),
            u"contact-channel"_s);
    const bool webhook = options.contactChannel == ContactChannel::Webhook;

    // Checked even for the sandbox channel, so a config with webhook settings stays valid when
    // someone switches the channel on the command line for a test.
    const Setting url = setting(m_webhookUrl, file);
    if (url.isSet) {
        const auto parsed = parseServiceUrl(url.value);
        if (!parsed)
            return fail(u"bad_arguments"_s,
                tr("%1 must be an https:// URL without credentials or fragment (http:// only for a loopback host), "
                   "such as https://gateway.example.com/deskpay, not “%2”.")
                    .arg(url.origin, shown(url.value)),
                u"webhook-url"_s);
        options.webhookUrl = *parsed;
    } else if (webhook) {
        return fail(u"bad_arguments"_s,
            tr("--contact-channel webhook needs --webhook-url (an https:// URL of the SMS or e-mail gateway)."),
            u"webhook-url"_s);
    }

    const Setting secretFile = setting(m_webhookSecretFile, file);
    const auto path = secretFile.fromFile ? file->resolvePath(secretFile.value) : secretFile.value;
    if (secretFile.isSet && !path.isEmpty()) {
        options.webhookSecretFile = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
        if (webhook) {
            // Read once now, so a bad file stops the server before it listens.
            if (auto secret = WebhookSigner::readSecretFile(options.webhookSecretFile); !secret)
                return fail(u"bad_arguments"_s, tr("%1: %2").arg(secretFile.origin, secret.error().message),
                    u"webhook-secret-file"_s);
        }
    } else if (webhook) {
        return fail(u"bad_arguments"_s,
            tr("--contact-channel webhook needs --webhook-secret-file (a file readable by its owner only, holding "
               "at least %1 bytes of secret).")
                .arg(WebhookSigner::MinimumSecretBytes),
            u"webhook-secret-file"_s);
    }
    return {};
}

} // namespace deskpay
