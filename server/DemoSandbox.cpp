#include "server/DemoSandbox.h"

#include "paysandbox/ProviderSandbox.h"
#include "server/ServerLogging.h"
#include "server/ServerOptions.h"
#include "server/TlsBootstrap.h"

#include <QDir>
#include <QHostAddress>
#include <QTcpServer>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

// A port nobody listens on right now (the key set must name the sandbox's URL before it starts).
Result<quint16> freePort(const QHostAddress &host)
{
    QTcpServer probe;
    if (!probe.listen(host, 0))
        return fail(
            u"listen_failed"_s, DemoSandbox::tr("No free port for the payment sandbox: %1").arg(probe.errorString()));
    return probe.serverPort();
}

} // namespace

Result<std::unique_ptr<ProviderSandbox>> DemoSandbox::start(
    const ServerOptions &options, const TlsMaterial &tls, const Clock &clock, QString *paymentsConfig)
{
    // The payer's browser reaches the cashier where it reaches the server.
    QHostAddress host(options.listen.host);
    if (host.isNull() || host == QHostAddress::AnyIPv4 || host == QHostAddress::AnyIPv6 || host == QHostAddress::Any)
        host = QHostAddress::LocalHost;
    quint16 port = options.listen.port == 0 ? 0 : quint16(options.listen.port + 1);
    if (port == 0) {
        auto probed = freePort(host);
        if (!probed)
            return std::unexpected(probed.error());
        port = *probed;
    }
    const QString hostText
        = host.protocol() == QAbstractSocket::IPv6Protocol ? u"[%1]"_s.arg(host.toString()) : host.toString();
    const QString url = u"https://%1:%2"_s.arg(hostText).arg(port);

    const QString dir = QDir(options.dataDir).filePath(u"demo-payments"_s);
    QDir(dir).removeRecursively();
    if (auto written = ProviderSandbox::writeKeySet(dir, url, tls.caCertificatePath, tls.caCertificatePath); !written)
        return std::unexpected(written.error());
    auto keys = ProviderSandbox::loadKeySet(dir);
    if (!keys)
        return std::unexpected(keys.error());

    ProviderSandbox::Options sandboxOptions;
    sandboxOptions.listenHost = host.toString();
    sandboxOptions.port = port;
    const QString tlsDir = QDir(options.dataDir).filePath(u"tls"_s);
    sandboxOptions.tlsCertificateFile
        = options.usesOwnCertificate() ? options.tlsCertificate : QDir(tlsDir).filePath(u"server.crt"_s);
    sandboxOptions.tlsKeyFile = options.usesOwnCertificate() ? options.tlsKey : QDir(tlsDir).filePath(u"server.key"_s);
    sandboxOptions.keys = *keys;
    sandboxOptions.notifyCaFile = tls.caCertificatePath;
    // A demo should not make anyone wait minutes for a resend.
    sandboxOptions.resendSchedule = { std::chrono::seconds(5), std::chrono::seconds(15), std::chrono::seconds(60) };
    auto sandbox = std::make_unique<ProviderSandbox>(sandboxOptions, clock);
    if (auto started = sandbox->start(); !started)
        return std::unexpected(started.error());
    qCInfo(lcServerPayments, "--demo: payment sandbox (Alipay-style and WeChat-Pay-style) at %ls",
        qUtf16Printable(sandbox->baseUrl()));
    *paymentsConfig = QDir(dir).filePath(u"payments.ini"_s);
    return sandbox;
}

} // namespace deskpay
