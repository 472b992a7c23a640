#include "server/ServerOptions.h"

#include <QDir>

using namespace Qt::StringLiterals;

namespace deskpay {

DatabaseUrl ServerOptions::effectiveDatabase() const
{
    return database ? *database : DatabaseUrl::sqliteFile(QDir(dataDir).filePath(u"deskpay.sqlite"_s));
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
