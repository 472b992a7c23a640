#include "ui/PlaceholderPage.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace deskpay {

PlaceholderPage::PlaceholderPage(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_status(new QLabel(this))
    , m_description(new QLabel(this))
{
    m_title->setObjectName(u"pageTitle"_s);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_status->setObjectName(u"pageStatus"_s);
    QFont statusFont = m_status->font();
    statusFont.setItalic(true);
    m_status->setFont(statusFont);
    m_status->setForegroundRole(QPalette::PlaceholderText);

    m_description->setObjectName(u"pageDescription"_s);
    m_description->setWordWrap(true);
    m_description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_description->setMaximumWidth(640);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 24, 24, 24);
    layout->setSpacing(12);
    layout->addWidget(m_title);
    layout->addWidget(m_status);
    layout->addWidget(m_description);
    layout->addStretch(1);

    retranslateUi();
}

void PlaceholderPage::setTexts(const QString &title, const QString &description)
{
    m_title->setText(title);
    m_description->setText(description);
    setAccessibleName(title);
}

QString PlaceholderPage::title() const
{
    return m_title->text();
}

void PlaceholderPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void PlaceholderPage::retranslateUi()
{
    m_status->setText(tr("Not built yet."));
}

} // namespace deskpay
