#pragma once
// SandboxPages: the sandbox cashier's small, self-contained HTML pages (no external resources,
// every inserted text escaped) and the headers that go with them.

#include <QByteArray>
#include <QHttpServerResponse>
#include <QString>

namespace deskpay {

class SandboxPages
{
public:
    // Texts are already translated; all of them are HTML-escaped here.
    struct Cashier
    {
        QString pageTitle;
        QString gatewayName; // "Alipay-style sandbox"
        QString subject;
        QString amount; // "¥12.50"
        QString outTradeNo;
        QString decidePath; // the form's action, a path on the sandbox
        QString formToken;
        QString payLabel;
        QString failLabel;
        QString notice; // "This is a sandbox: no money moves."
    };

    [[nodiscard]] static QHttpServerResponse cashier(const Cashier &page);
    [[nodiscard]] static QHttpServerResponse message(int status, const QString &title, const QString &text);
    [[nodiscard]] static QHttpServerResponse redirect(const QString &location);

private:
    [[nodiscard]] static QHttpServerResponse html(int status, const QString &title, const QString &body);
};

} // namespace deskpay
