// deskpay-paysandbox: the provider sandbox (Alipay-style and WeChat-Pay-style gateways) as a
// process — `init` writes a key set and payments.ini, `serve` runs the gateways over HTTPS.

#include "models/Clock.h"
#include "paysandbox/ProviderSandbox.h"
#include "paysandbox/SandboxKeySet.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::PaySandboxMain)
};

int failWith(const QString &message)
{
    QTextStream(stderr) << "deskpay-paysandbox: " << message << Qt::endl;
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    using namespace deskpay;
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"deskpay-paysandbox"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(Tr::tr(
        "The DeskPay provider sandbox: an Alipay-style and a WeChat-Pay-style payment gateway for development.\n\n"
        "  init DIR --url https://HOST:PORT [--server-ca FILE] [--gateway-ca FILE]\n"
        "      generate the key set, sandbox.ini and payments.ini (for deskpay-server --payments-config)\n"
        "  serve DIR --listen HOST:PORT --tls-cert FILE --tls-key FILE [--server-ca FILE]\n"
        "      run both gateways over HTTPS"));
    parser.addHelpOption();
    parser.addPositionalArgument(u"command"_s, Tr::tr("init or serve"));
    parser.addPositionalArgument(u"dir"_s, Tr::tr("the key set folder"));
    const QCommandLineOption url(u"url"_s, Tr::tr("init: the sandbox's base URL, https://HOST:PORT."), u"url"_s);
    const QCommandLineOption serverCa(u"server-ca"_s,
        Tr::tr("The CA certificate of the payment server, trusted when posting notifications."), u"file"_s);
    const QCommandLineOption gatewayCa(u"gateway-ca"_s,
        Tr::tr("init: the CA of the sandbox's own certificate, written as payments.ini's ca_file."), u"file"_s);
    const QCommandLineOption listen(u"listen"_s, Tr::tr("serve: HOST:PORT to listen on."), u"host:port"_s);
    const QCommandLineOption tlsCert(
        u"tls-cert"_s, Tr::tr("serve: the sandbox's TLS certificate (PEM, then its chain)."), u"file"_s);
    const QCommandLineOption tlsKey(u"tls-key"_s, Tr::tr("serve: the TLS private key (PEM)."), u"file"_s);
    parser.addOptions({ url, serverCa, gatewayCa, listen, tlsCert, tlsKey });
    parser.process(app);

    const QStringList arguments = parser.positionalArguments();
    if (arguments.size() != 2)
        return failWith(Tr::tr("expected a command (init or serve) and a folder; see --help."));
    const QString command = arguments.at(0);
    const QString dir = arguments.at(1);

    if (command == u"init") {
        if (!parser.isSet(url))
            return failWith(Tr::tr("init needs --url https://HOST:PORT."));
        const auto written
            = SandboxKeySet::write(dir, parser.value(url), parser.value(serverCa), parser.value(gatewayCa));
        if (!written)
            return failWith(written.error().message);
        QTextStream(stdout) << Tr::tr("Key set written to %1; start deskpay-server with --payments-config %2")
                                   .arg(QDir(dir).absolutePath(), QDir(dir).absoluteFilePath(u"payments.ini"_s))
                            << Qt::endl;
        return 0;
    }
    if (command != u"serve")
        return failWith(Tr::tr("unknown command %1; expected init or serve.").arg(command));

    if (!parser.isSet(listen) || !parser.isSet(tlsCert) || !parser.isSet(tlsKey))
        return failWith(Tr::tr("serve needs --listen HOST:PORT, --tls-cert FILE and --tls-key FILE."));
    const QString listenValue = parser.value(listen);
    const qsizetype colon = listenValue.lastIndexOf(QLatin1Char(':'));
    bool portOk = false;
    const uint port = colon > 0 ? listenValue.mid(colon + 1).toUInt(&portOk) : 0;
    if (colon <= 0 || !portOk || port > 65535)
        return failWith(Tr::tr("--listen must be HOST:PORT, not %1.").arg(listenValue));
    QString host = listenValue.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);

    auto loaded = SandboxKeySet::load(dir);
    if (!loaded)
        return failWith(loaded.error().message);
    ProviderSandbox::Options options;
    options.listenHost = host;
    options.port = quint16(port);
    options.tlsCertificateFile = parser.value(tlsCert);
    options.tlsKeyFile = parser.value(tlsKey);
    options.keys = loaded->keys;
    options.notifyCaFile = parser.isSet(serverCa) ? parser.value(serverCa) : loaded->serverCaFile;

    const SystemClock clock;
    ProviderSandbox sandbox(options, clock);
    const auto started = sandbox.start();
    if (!started)
        return failWith(started.error().message);
    QTextStream(stdout) << Tr::tr("Provider sandbox listening on %1 (Alipay-style under /alipay, WeChat-Pay-style "
                                  "under /wechat, controls at /sandbox/control)")
                               .arg(sandbox.baseUrl())
                        << Qt::endl;
    // Everything is in memory: SIGINT/SIGTERM's default action (end the process) loses nothing.
    return QCoreApplication::exec();
}
