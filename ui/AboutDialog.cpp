#include "ui/AboutDialog.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace deskpay {

AboutDialog::AboutDialog(const VersionInfo &versions, QWidget *parent)
    : QDialog(parent)
    , m_versions(versions)
    , m_title(new QLabel(this))
    , m_body(new QLabel(this))
{
    m_title->setObjectName(u"aboutTitle"_s);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_body->setObjectName(u"aboutBody"_s);
    m_body->setTextFormat(Qt::PlainText);
    m_body->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_body->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_body);
    layout->addWidget(buttons);
    layout->setSizeConstraint(QLayout::SetFixedSize);

    retranslateUi();
}

void AboutDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void AboutDialog::retranslateUi()
{
    setWindowTitle(tr("About DeskPay"));
    m_title->setText(tr("DeskPay %1").arg(m_versions.application));
    const QString tls = m_versions.tlsLibrary.isEmpty() ? tr("not available") : m_versions.tlsLibrary;
    m_body->setText(tr("Change and upgrade payments for airline desk agents, confirmed by the payer.") + u"\n\n"_s
        + tr("Qt %1 (built with Qt %2)").arg(m_versions.qtRuntime, m_versions.qtBuild) + u'\n'
        + tr("TLS: %1 (Qt backend “%2”)").arg(tls, m_versions.tlsBackend));
}

} // namespace deskpay
