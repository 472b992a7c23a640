// MainWindow offscreen: keyboard navigation between pages, the server health light, the
// language switch at run time, and the About dialog's versions.

#include "services/Settings.h"
#include "services/VersionInfo.h"
#include "ui/AboutDialog.h"
#include "ui/HealthIndicator.h"
#include "ui/LanguageManager.h"
#include "ui/MainWindow.h"

#include <QAction>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace deskpay {

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void shortcutsSwitchPages_data();
    void shortcutsSwitchPages();
    void navigationListFollowsKeyboard();
    void everyPageSaysWhatItWillHold();
    void healthShowsOk();
    void healthShowsUnreachableWithReason();
    void healthShowsDegradedAndUnconfigured();
    void checkingKeepsLastAnswer();
    void checkNowIsRequestedByF5();
    void languageSwitchRetranslates();
    void aboutShowsVersions();

private:
    [[nodiscard]] QString visibleTitle() const;
    [[nodiscard]] QAction *action(const QString &name) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<LanguageManager> m_languages;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<Settings>(
        std::make_unique<QSettings>(m_dir->filePath(u"deskpay.ini"_s), QSettings::IniFormat));
    QVERIFY(m_settings->setLanguage(u"en"_s)); // independent of the machine's locale
    m_languages = std::make_unique<LanguageManager>(*m_settings);
    QVERIFY(m_languages->apply());
    m_window = std::make_unique<MainWindow>(*m_settings);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_languages.reset();
    m_settings.reset();
    m_dir.reset();
}

QString TestMainWindow::visibleTitle() const
{
    const QWidget *page = m_window->pageWidget(m_window->currentPage());
    if (!page->isVisible())
        return u"(page not visible)"_s;
    return page->findChild<QLabel *>(u"pageTitle"_s)->text();
}

QAction *TestMainWindow::action(const QString &name) const
{
    return m_window->findChild<QAction *>(name);
}

void TestMainWindow::shortcutsSwitchPages_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<MainWindow::Page>("page");
    QTest::addColumn<QString>("title");
    QTest::newRow("Ctrl+1") << int(Qt::Key_1) << MainWindow::Page::MyOrders << u"My orders"_s;
    QTest::newRow("Ctrl+2") << int(Qt::Key_2) << MainWindow::Page::NewOrder << u"New order"_s;
    QTest::newRow("Ctrl+3") << int(Qt::Key_3) << MainWindow::Page::Confirmations << u"Confirmations"_s;
    QTest::newRow("Ctrl+4") << int(Qt::Key_4) << MainWindow::Page::Outbox << u"Outbox"_s;
    QTest::newRow("Ctrl+5") << int(Qt::Key_5) << MainWindow::Page::Import << u"Import"_s;
    QTest::newRow("Ctrl+6") << int(Qt::Key_6) << MainWindow::Page::Review << u"Review"_s;
}

void TestMainWindow::shortcutsSwitchPages()
{
    QFETCH(int, key);
    QFETCH(MainWindow::Page, page);
    QFETCH(QString, title);

    // Start somewhere else, so every row really moves.
    m_window->showPage(page == MainWindow::Page::Review ? MainWindow::Page::MyOrders : MainWindow::Page::Review);
    QTest::keyClick(m_window.get(), static_cast<Qt::Key>(key), Qt::ControlModifier);
    QCOMPARE(m_window->currentPage(), page);
    QCOMPARE(visibleTitle(), title);
    const auto *navigation = m_window->findChild<QListWidget *>(u"navigation"_s);
    QCOMPARE(navigation->currentRow(), int(page));
    QCOMPARE(navigation->currentItem()->text(), title);
    QVERIFY(action(u"goToPage%1"_s.arg(int(page) + 1))->isChecked());
}

void TestMainWindow::navigationListFollowsKeyboard()
{
    auto *navigation = m_window->findChild<QListWidget *>(u"navigation"_s);
    navigation->setFocus();
    QTRY_VERIFY(navigation->hasFocus());
    QCOMPARE(m_window->currentPage(), MainWindow::Page::MyOrders);
    QTest::keyClick(navigation, Qt::Key_Down);
    QCOMPARE(m_window->currentPage(), MainWindow::Page::NewOrder);
    QCOMPARE(visibleTitle(), u"New order"_s);
    QTest::keyClick(navigation, Qt::Key_End);
    QCOMPARE(m_window->currentPage(), MainWindow::Page::Review);
    QVERIFY(action(u"goToPage6"_s)->isChecked());
}

void TestMainWindow::everyPageSaysWhatItWillHold()
{
    for (int i = 0; i < MainWindow::PageCount; ++i) {
        const QWidget *page = m_window->pageWidget(static_cast<MainWindow::Page>(i));
        QCOMPARE(page->findChild<QLabel *>(u"pageStatus"_s)->text(), u"Not built yet."_s);
        const QString description = page->findChild<QLabel *>(u"pageDescription"_s)->text();
        QVERIFY2(description.startsWith(u"This page will "_s), qPrintable(description));
    }
}

void TestMainWindow::healthShowsOk()
{
    HealthIndicator *health = m_window->healthIndicator();
    QVERIFY(health->isVisible());
    QCOMPARE(health->text(), u"Server: not checked yet"_s);

    m_window->showHealth(ServerHealth { u"ok"_s, u"0.1.0"_s, u"sqlite"_s, 4 });
    QCOMPARE(health->state(), HealthIndicator::State::Ok);
    QCOMPARE(health->text(), u"Server online"_s);
    QCOMPARE(health->toolTip(), u"DeskPay server 0.1.0, sqlite database, schema version 4"_s);
}

void TestMainWindow::healthShowsUnreachableWithReason()
{
    const Error error { u"tls_untrusted"_s,
        u"The server at https://127.0.0.1:8443 is not trusted, so DeskPay did not connect.\n"
        u"The certificate is self-signed, and untrusted\nSubject: CN=impostor"_s,
        {} };
    m_window->showHealth(std::unexpected(error));
    HealthIndicator *health = m_window->healthIndicator();
    QCOMPARE(health->state(), HealthIndicator::State::Unreachable);
    // The status bar gets the first line; the certificate details wait in the tooltip.
    QCOMPARE(health->text(),
        u"Server unreachable: The server at https://127.0.0.1:8443 is not trusted, so DeskPay did not connect."_s);
    QVERIFY(health->toolTip().contains(u"Subject: CN=impostor"_s));
    QVERIFY(health->toolTip().contains(u"Error code: tls_untrusted"_s));

    m_window->showHealth(ServerHealth { u"ok"_s, u"0.1.0"_s, u"sqlite"_s, 4 }); // and back up
    QCOMPARE(health->text(), u"Server online"_s);
}

void TestMainWindow::healthShowsDegradedAndUnconfigured()
{
    HealthIndicator *health = m_window->healthIndicator();
    m_window->showHealth(ServerHealth { u"migrating"_s, u"0.2.0"_s, u"postgresql"_s, 7 });
    QCOMPARE(health->state(), HealthIndicator::State::Degraded);
    QCOMPARE(health->text(), u"Server reports “migrating”"_s);

    m_window->showHealth(std::unexpected(Error { u"server_not_configured"_s, u"No server is set."_s, {} }));
    QCOMPARE(health->state(), HealthIndicator::State::NotConfigured);
    QCOMPARE(health->text(), u"No server set"_s);
}

void TestMainWindow::checkingKeepsLastAnswer()
{
    HealthIndicator *health = m_window->healthIndicator();
    m_window->showHealthCheckStarted();
    QCOMPARE(health->text(), u"Server: checking…"_s);
    m_window->showHealth(ServerHealth { u"ok"_s, u"0.1.0"_s, u"sqlite"_s, 4 });
    m_window->showHealthCheckStarted(); // a periodic re-check must not blink the light
    QCOMPARE(health->state(), HealthIndicator::State::Ok);
    QCOMPARE(health->text(), u"Server online"_s);
}

void TestMainWindow::checkNowIsRequestedByF5()
{
    QSignalSpy requested(m_window.get(), &MainWindow::healthCheckRequested);
    QTest::keyClick(m_window.get(), Qt::Key_F5);
    QCOMPARE(requested.size(), 1);
}

void TestMainWindow::languageSwitchRetranslates()
{
    m_window->showPage(MainWindow::Page::MyOrders);
    m_window->showHealth(ServerHealth { u"ok"_s, u"0.1.0"_s, u"sqlite"_s, 4 });
    QCOMPARE(visibleTitle(), u"My orders"_s);
    QVERIFY(action(u"language_en"_s)->isChecked());

    action(u"language_zh_CN"_s)->trigger();
    QCOMPARE(m_settings->language(), u"zh_CN"_s);
    QCOMPARE(m_languages->activeLanguage(), u"zh_CN"_s);
    QTRY_COMPARE(visibleTitle(), u"我的订单"_s);
    QCOMPARE(m_window->findChild<QListWidget *>(u"navigation"_s)->item(1)->text(), u"新建订单"_s);
    QCOMPARE(m_window->menuBar()->actions().at(0)->text(), u"文件(&F)"_s);
    QCOMPARE(m_window->healthIndicator()->text(), u"服务器在线"_s);
    QCOMPARE(
        m_window->pageWidget(MainWindow::Page::Outbox)->findChild<QLabel *>(u"pageStatus"_s)->text(), u"尚未开发。"_s);
    QVERIFY(action(u"language_zh_CN"_s)->isChecked());
    QVERIFY(!action(u"language_en"_s)->isChecked());

    // Shortcuts still work in the other language.
    QTest::keyClick(m_window.get(), Qt::Key_4, Qt::ControlModifier);
    QCOMPARE(visibleTitle(), u"发件箱"_s);

    action(u"language_en"_s)->trigger();
    QTRY_COMPARE(visibleTitle(), u"Outbox"_s);
    QCOMPARE(m_window->menuBar()->actions().at(0)->text(), u"&File"_s);
    QCOMPARE(m_window->healthIndicator()->text(), u"Server online"_s);
}

void TestMainWindow::aboutShowsVersions()
{
    VersionInfo versions;
    versions.application = u"9.8.7"_s;
    versions.qtRuntime = u"6.4.2"_s;
    versions.qtBuild = u"6.4.1"_s;
    versions.tlsBackend = u"openssl"_s;
    versions.tlsLibrary = u"OpenSSL 3.0.99 1 Jan 2030"_s;
    AboutDialog dialog(versions, m_window.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.findChild<QLabel *>(u"aboutTitle"_s)->text(), u"DeskPay 9.8.7"_s);
    const QString body = dialog.findChild<QLabel *>(u"aboutBody"_s)->text();
    QVERIFY2(body.contains(u"Qt 6.4.2 (built with Qt 6.4.1)"_s), qPrintable(body));
    QVERIFY2(body.contains(u"OpenSSL 3.0.99 1 Jan 2030"_s), qPrintable(body));

    // The real values are filled in at run time.
    const VersionInfo real = VersionInfo::current();
    QVERIFY(!real.application.isEmpty());
    QCOMPARE(real.qtRuntime, QString::fromLatin1(qVersion()));
    QVERIFY2(real.tlsLibrary.startsWith(u"OpenSSL 3"_s), qPrintable(real.tlsLibrary));
}

} // namespace deskpay

QTEST_MAIN(deskpay::TestMainWindow)
#include "test_MainWindow.moc"
