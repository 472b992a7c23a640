#pragma once
// MainWindow: the app shell — page navigation, menus, language switch and server health.

#include "models/Error.h"
#include "services/ServerHealth.h"

#include <QList>
#include <QMainWindow>

class QAction;
class QActionGroup;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace deskpay {

class HealthIndicator;
class PlaceholderPage;
class Settings;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // Ctrl+1 … Ctrl+6 in this order.
    enum class Page { MyOrders, NewOrder, Confirmations, Outbox, Import, Review };
    Q_ENUM(Page)
    static constexpr int PageCount = 6;

    // The settings must outlive the window; the language menu writes Settings::language.
    explicit MainWindow(Settings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    void showPage(Page page);
    [[nodiscard]] Page currentPage() const;
    [[nodiscard]] QWidget *pageWidget(Page page) const;
    [[nodiscard]] HealthIndicator *healthIndicator() const { return m_health; }

public Q_SLOTS:
    void showHealthCheckStarted();
    void showHealth(const deskpay::Result<deskpay::ServerHealth> &result);

Q_SIGNALS:
    // "Check server now" was chosen.
    void healthCheckRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void createNavigation();
    void createMenus();
    void retranslateUi();
    void updateLanguageActions();
    void showSettings();
    void showAbout();

    Settings &m_settings;
    QListWidget *m_navigation;
    QStackedWidget *m_stack;
    HealthIndicator *m_health;
    QList<PlaceholderPage *> m_pages;

    QMenu *m_fileMenu = nullptr;
    QMenu *m_goMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_checkHealthAction = nullptr;
    QAction *m_quitAction = nullptr;
    QList<QAction *> m_pageActions;
    QActionGroup *m_pageGroup = nullptr;
    QActionGroup *m_languageGroup = nullptr;
    QAction *m_systemLanguageAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_aboutQtAction = nullptr;
};

} // namespace deskpay
