#include "services/protocol/OpenSslHandles.h"

#include <QStringList>

#include <openssl/err.h>

namespace deskpay::openssl {

QString takeErrors()
{
    QStringList reasons;
    while (const unsigned long code = ERR_get_error()) {
        char buffer[256] = {};
        ERR_error_string_n(code, buffer, sizeof buffer);
        reasons.append(QString::fromLatin1(buffer));
    }
    return reasons.join(u"; ");
}

void discardErrors()
{
    ERR_clear_error();
}

} // namespace deskpay::openssl
