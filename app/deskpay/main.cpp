// deskpay: the desk agent's application. Wiring only; the parts live in services/ and ui/.

#include "models/Clock.h"
#include "services/ApiClient.h"
#include "services/HealthMonitor.h"
#include "services/Settings.h"
#include "services/TlsTrust.h"
#include "services/VersionInfo.h"
#include "ui/LanguageManager.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QTextStream>

#include <chrono>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

int usageError(const QString &message)
{
    QTextStream(stderr) << message << '\n';
    return 2;
}

// The trust settings go to the client as a whole, so a changed CA or pin never mixes with an old one.
void configureClient(deskpay::ApiClient &api, const deskpay::Settings &settings)
{
    const auto report = [](const deskpay::Result<void> &result) {
        // The client remembers the problem and reports it with every request, so the window
        // shows it; the terminal gets it too for whoever started the app from one.
        if (!result)
            QTextStream(stderr) << result.error().message << '\n';
    };
    if (!settings.serverUrl().isEmpty())
        report(api.setBaseUrl(settings.serverUrl()));
    report(api.setCaFile(settings.caFile()));
    report(api.setSpkiPin(settings.spkiPin()));
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"DeskPay"_s);
    QCoreApplication::setApplicationName(u"DeskPay"_s);
    QCoreApplication::setApplicationVersion(deskpay::VersionInfo::applicationVersion());
    QGuiApplication::setDesktopFileName(u"deskpay"_s);

    deskpay::Settings settings(deskpay::Settings::userBackend());
    // Before the command line, so --help is in the person's language too.
    deskpay::LanguageManager languages(settings);
    if (auto ok = languages.apply(); !ok)
        QTextStream(stderr) << ok.error().message << '\n';

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("deskpay::main", "DeskPay: change and upgrade payments for airline desk agents."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(u"server"_s,
        QCoreApplication::translate(
            "deskpay::main", "The DeskPay server, for example https://127.0.0.1:8443. Remembered for next time."),
        QCoreApplication::translate("deskpay::main", "URL"));
    const QCommandLineOption caOption(u"ca"_s,
        QCoreApplication::translate(
            "deskpay::main", "A CA certificate file (PEM or DER) to trust for that server. Remembered for next time."),
        QCoreApplication::translate("deskpay::main", "FILE"));
    parser.addOption(serverOption);
    parser.addOption(caOption);
    parser.process(app);

    if (parser.isSet(serverOption)) {
        const auto url = deskpay::ApiClient::checkBaseUrl(QUrl(parser.value(serverOption), QUrl::StrictMode));
        if (!url)
            return usageError(url.error().message);
        settings.setServerUrl(*url);
    }
    if (parser.isSet(caOption)) {
        const QString path = QFileInfo(parser.value(caOption)).absoluteFilePath();
        if (const auto loaded = deskpay::TlsTrust::loadCaFile(path); !loaded)
            return usageError(loaded.error().message);
        settings.setCaFile(path);
    }
    settings.sync();

    QNetworkAccessManager network;
    deskpay::SystemClock clock;
    deskpay::ApiClient api(&network);
    configureClient(api, settings);

    deskpay::HealthMonitor monitor(api, clock, 15s);
    QObject::connect(&settings, &deskpay::Settings::changed, &api, [&api, &settings, &monitor](auto key) {
        using Key = deskpay::Settings::Key;
        if (key == Key::ServerUrl || key == Key::CaFile || key == Key::SpkiPin) {
            configureClient(api, settings);
            monitor.checkNow();
        }
    });

    deskpay::MainWindow window(settings);
    QObject::connect(
        &monitor, &deskpay::HealthMonitor::checkStarted, &window, &deskpay::MainWindow::showHealthCheckStarted);
    QObject::connect(&monitor, &deskpay::HealthMonitor::healthChanged, &window, &deskpay::MainWindow::showHealth);
    QObject::connect(&window, &deskpay::MainWindow::healthCheckRequested, &monitor, &deskpay::HealthMonitor::checkNow);
    window.show();
    monitor.start();

    return QApplication::exec();
}
