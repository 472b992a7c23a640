#pragma once
// PlaceholderPage: a page of the main window that says plainly what it will hold once built.

#include <QWidget>

class QLabel;

namespace deskpay {

class PlaceholderPage : public QWidget
{
    Q_OBJECT

public:
    explicit PlaceholderPage(QWidget *parent = nullptr);

    // Texts come from the window so all page names are translated in one place.
    void setTexts(const QString &title, const QString &description);
    [[nodiscard]] QString title() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    QLabel *m_title;
    QLabel *m_status;
    QLabel *m_description;
};

} // namespace deskpay
