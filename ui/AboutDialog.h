#pragma once
// AboutDialog: DeskPay's version and the versions of Qt and the TLS library it runs on.

#include "services/VersionInfo.h"

#include <QDialog>

class QLabel;

namespace deskpay {

class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(const VersionInfo &versions, QWidget *parent = nullptr);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    VersionInfo m_versions;
    QLabel *m_title;
    QLabel *m_body;
};

} // namespace deskpay
