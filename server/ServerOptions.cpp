#include "server/ServerOptions.h"

#include <QDir>
#include <QThread>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace deskpay {

DatabaseUrl ServerOptions::effectiveDatabase() const
{
    return database ? *database : DatabaseUrl::sqliteFile(QDir(dataDir).filePath(u"deskpay.sqlite"_s));
}

QString contactChannelName(ContactChannel channel)
{
    switch (channel) {
    case ContactChannel::Sandbox:
        return u"sandbox"_s;
    case ContactChannel::Webhook:
        return u"webhook"_s;
    }
    return u"sandbox"_s;
}

int ServerOptions::effectiveWorkers() const
{
    return workers > 0 ? workers : std::max(2, QThread::idealThreadCount());
}

QUrl ServerOptions::effectivePublicUrl(quint16 actualPort) const
{
    QUrl url = publicUrl.isEmpty() ? QUrl(listen.httpsUrl(actualPort)) : publicUrl;
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path);
    return url;
}

QString ServerOptions::loggingRules() const
{
    switch (logLevel) {
    case QtDebugMsg:
        // Qt's own debug output is too chatty to be useful here; QT_LOGGING_RULES still enables it.
        return u"deskpay.*.debug=true"_s;
    case QtInfoMsg:
        return u"*.debug=false"_s;
    case QtWarningMsg:
        return u"*.debug=false\n*.info=false"_s;
    case QtCriticalMsg:
    case QtFatalMsg:
        break;
    }
    return u"*.debug=false\n*.info=false\n*.warning=false"_s;
}

} // namespace deskpay
