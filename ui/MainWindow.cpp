#include "ui/MainWindow.h"

#include "services/Settings.h"
#include "services/VersionInfo.h"
#include "ui/AboutDialog.h"
#include "ui/HealthIndicator.h"
#include "ui/PlaceholderPage.h"
#include "ui/UiLogging.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

QStyle::StandardPixmap pageIcon(int page)
{
    static constexpr QStyle::StandardPixmap icons[MainWindow::PageCount] = {
        QStyle::SP_FileDialogDetailedView,
        QStyle::SP_FileIcon,
        QStyle::SP_DialogApplyButton,
        QStyle::SP_ArrowUp,
        QStyle::SP_DialogOpenButton,
        QStyle::SP_FileDialogContentsView,
    };
    return icons[page];
}

} // namespace

MainWindow::MainWindow(Settings &settings, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_navigation(new QListWidget(this))
    , m_stack(new QStackedWidget(this))
    , m_health(new HealthIndicator(this))
{
    createNavigation();
    createMenus();

    m_health->setObjectName(u"healthIndicator"_s);
    statusBar()->addPermanentWidget(m_health);

    connect(&m_settings, &Settings::changed, this, [this](Settings::Key key) {
        if (key == Settings::Key::Language)
            updateLanguageActions();
    });

    retranslateUi();
    updateLanguageActions();
    showPage(Page::MyOrders);
    resize(960, 600);
}

MainWindow::~MainWindow() = default;

void MainWindow::createNavigation()
{
    m_navigation->setObjectName(u"navigation"_s);
    m_navigation->setIconSize(QSize(20, 20));
    m_navigation->setSpacing(2);
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_navigation->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_navigation->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Expanding);
    m_stack->setObjectName(u"pages"_s);

    for (int i = 0; i < PageCount; ++i) {
        auto *item = new QListWidgetItem(style()->standardIcon(pageIcon(i)), QString(), m_navigation);
        item->setSizeHint(QSize(180, 36));
        auto *page = new PlaceholderPage(m_stack);
        page->setObjectName(u"page%1"_s.arg(i + 1));
        m_pages.append(page);
        m_stack->addWidget(page);
    }
    connect(m_navigation, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0)
            return;
        m_stack->setCurrentIndex(row);
        if (row < m_pageActions.size())
            m_pageActions.at(row)->setChecked(true);
    });

    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_navigation);
    auto *separator = new QFrame(central);
    separator->setFrameShape(QFrame::VLine);
    separator->setFrameShadow(QFrame::Sunken);
    layout->addWidget(separator);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_settingsAction = m_fileMenu->addAction(QString(), this, &MainWindow::showSettings);
    m_settingsAction->setShortcut(QKeySequence::Preferences);
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    m_checkHealthAction = m_fileMenu->addAction(QString(), this, &MainWindow::healthCheckRequested);
    m_checkHealthAction->setShortcut(QKeySequence::Refresh);
    m_fileMenu->addSeparator();
    m_quitAction = m_fileMenu->addAction(QString(), this, &QWidget::close);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);

    m_goMenu = menuBar()->addMenu(QString());
    m_pageGroup = new QActionGroup(this);
    m_pageGroup->setExclusive(true);
    for (int i = 0; i < PageCount; ++i) {
        QAction *action = m_goMenu->addAction(style()->standardIcon(pageIcon(i)), QString());
        action->setCheckable(true);
        action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
        action->setObjectName(u"goToPage%1"_s.arg(i + 1));
        m_pageGroup->addAction(action);
        connect(action, &QAction::triggered, this, [this, i] { showPage(static_cast<Page>(i)); });
        m_pageActions.append(action);
    }

    // Language names are written in their own language, so a person who cannot read the
    // current one still finds theirs; they are deliberately not translated.
    m_languageMenu = menuBar()->addMenu(QString());
    m_languageGroup = new QActionGroup(this);
    m_languageGroup->setExclusive(true);
    const auto addLanguage = [this](const QString &code, const QString &name) {
        QAction *action = m_languageMenu->addAction(name);
        action->setCheckable(true);
        action->setData(code);
        action->setObjectName(code.isEmpty() ? u"languageSystem"_s : u"language_"_s + code);
        m_languageGroup->addAction(action);
        connect(action, &QAction::triggered, this, [this, code] {
            if (auto ok = m_settings.setLanguage(code); !ok)
                QMessageBox::warning(this, tr("Language"), ok.error().message);
        });
        return action;
    };
    m_systemLanguageAction = addLanguage(QString(), QString());
    m_languageMenu->addSeparator();
    addLanguage(u"en"_s, u"&English"_s);
    addLanguage(u"zh_CN"_s, u"简体中文(&C)"_s);

    m_helpMenu = menuBar()->addMenu(QString());
    m_aboutAction = m_helpMenu->addAction(QString(), this, &MainWindow::showAbout);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    m_aboutQtAction = m_helpMenu->addAction(QString(), qApp, &QApplication::aboutQt);
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::retranslateUi()
{
    setWindowTitle(tr("DeskPay"));

    struct PageText
    {
        QString title;
        QString menuText; // with its mnemonic
        QString description;
    };
    const PageText texts[PageCount] = {
        { tr("My orders"), tr("My &orders"),
            tr("This page will list the orders you have sent, live: each row changes as the server reports "
               "it — submitted, waiting for the payer's confirmation, paid, failed or expired — with the "
               "time the payer has left to confirm, filters, search, and each order's full history.") },
        { tr("New order"), tr("&New order"),
            tr("This page will hold the order form: product type, ticket number and PNR, the original and the "
               "new flight, price lines with a live total, the payer's account and real-name identity, and "
               "the pay types offered. Every field is checked as you type, a draft is kept as you go, and "
               "the order is signed with this desk's key when you send it.") },
        { tr("Confirmations"), tr("&Confirmations"),
            tr("This page will show payers' answers as they arrive: confirmations, declines, payments and "
               "failed payments, each linked to its order.") },
        { tr("Outbox"), tr("O&utbox"),
            tr("This page will list orders the server has not yet acknowledged — kept safely on this desk "
               "when the server cannot be reached and sent again automatically — with each one's state and "
               "last error.") },
        { tr("Import"), tr("&Import"),
            tr("This page will import batches of orders prepared offline from CSV or JSON Lines files, "
               "check every row and list each problem by row and field before anything is sent.") },
        { tr("Review"), tr("&Review"),
            tr("This page will let supervisors review payments and approve or revoke the keys of "
               "agents' desks.") },
    };
    for (int i = 0; i < PageCount; ++i) {
        m_pages.at(i)->setTexts(texts[i].title, texts[i].description);
        m_navigation->item(i)->setText(texts[i].title);
        m_navigation->item(i)->setToolTip(
            tr("%1 (%2)").arg(texts[i].title, m_pageActions.at(i)->shortcut().toString(QKeySequence::NativeText)));
        m_pageActions.at(i)->setText(texts[i].menuText);
    }
    m_navigation->setAccessibleName(tr("Pages"));

    m_fileMenu->setTitle(tr("&File"));
    m_settingsAction->setText(tr("&Settings…"));
    m_checkHealthAction->setText(tr("Check server &now"));
    m_quitAction->setText(tr("&Quit"));
    m_goMenu->setTitle(tr("&Go"));
    m_languageMenu->setTitle(tr("&Language"));
    m_systemLanguageAction->setText(tr("&System language"));
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About DeskPay"));
    m_aboutQtAction->setText(tr("About &Qt"));
}

void MainWindow::updateLanguageActions()
{
    const QString language = m_settings.language();
    for (QAction *action : m_languageGroup->actions())
        action->setChecked(action->data().toString() == language);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::showPage(Page page)
{
    const int index = static_cast<int>(page);
    m_navigation->setCurrentRow(index);
    m_stack->setCurrentIndex(index);
    m_pageActions.at(index)->setChecked(true);
}

MainWindow::Page MainWindow::currentPage() const
{
    return static_cast<Page>(m_stack->currentIndex());
}

QWidget *MainWindow::pageWidget(Page page) const
{
    return m_pages.at(static_cast<int>(page));
}

void MainWindow::showHealthCheckStarted()
{
    m_health->setChecking();
}

void MainWindow::showHealth(const Result<ServerHealth> &result)
{
    m_health->setResult(result);
    if (!result)
        qCDebug(lcUi) << "server health:" << result.error().code;
}

void MainWindow::showSettings()
{
    // Editing comes with the login and trust work; until then the window shows what is in use
    // and how to change it, instead of a dialog that pretends to work.
    const QString none = tr("(none)");
    const QUrl server = m_settings.serverUrl();
    QMessageBox box(QMessageBox::Information, tr("Settings"), tr("Settings cannot be edited in the app yet."),
        QMessageBox::Close, this);
    box.setInformativeText(
        tr("Server: %1\nPrivate CA file: %2\nSPKI pin: %3\n\nStart DeskPay with --server URL and --ca FILE "
           "to change the server; the language is in the Language menu.")
            .arg(server.isEmpty() ? none : server.toDisplayString(),
                m_settings.caFile().isEmpty() ? none : m_settings.caFile(),
                m_settings.spkiPin().isEmpty() ? none : m_settings.spkiPin()));
    box.exec();
}

void MainWindow::showAbout()
{
    AboutDialog dialog(VersionInfo::current(), this);
    dialog.exec();
}

} // namespace deskpay
