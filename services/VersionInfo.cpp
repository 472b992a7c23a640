#include "services/VersionInfo.h"

#include <QSslSocket>
#include <QtGlobal>

using namespace Qt::StringLiterals;

namespace deskpay {

QString VersionInfo::applicationVersion()
{
    return QStringLiteral(DESKPAY_VERSION);
}

VersionInfo VersionInfo::current()
{
    VersionInfo info;
    info.application = applicationVersion();
    info.qtRuntime = QString::fromLatin1(qVersion());
    info.qtBuild = QStringLiteral(QT_VERSION_STR);
    info.tlsBackend = QSslSocket::activeBackend();
    info.tlsLibrary = QSslSocket::sslLibraryVersionString();
    return info;
}

} // namespace deskpay
