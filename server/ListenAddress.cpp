#include "server/ListenAddress.h"

#include <QHostInfo>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace deskpay {

Result<ListenAddress> ListenAddress::parse(const QString &text)
{
    static const QRegularExpression pattern(u"^(?:\\[([0-9A-Fa-f:.]+)\\]|([A-Za-z0-9.-]+)):([0-9]{1,5})$"_s);
    const QRegularExpressionMatch match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return fail(u"bad_listen_address"_s,
            tr("“%1” is not HOST:PORT (for example 127.0.0.1:8443 or [::1]:8443).").arg(text.left(100)), u"listen"_s);
    ListenAddress address;
    address.host = match.captured(1).isEmpty() ? match.captured(2) : match.captured(1);
    const uint port = match.captured(3).toUInt();
    if (port > 65535)
        return fail(u"bad_listen_address"_s, tr("Port %1 is out of range (0–65535).").arg(port), u"listen"_s);
    if (!match.captured(1).isEmpty() && QHostAddress(address.host).protocol() != QAbstractSocket::IPv6Protocol)
        return fail(u"bad_listen_address"_s, tr("“%1” is not an IPv6 address.").arg(address.host), u"listen"_s);
    address.port = quint16(port);
    return address;
}

Result<QList<QHostAddress>> ListenAddress::resolve() const
{
    if (const QHostAddress literal(host); !literal.isNull())
        return QList<QHostAddress> { literal };
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return QList<QHostAddress> { QHostAddress(QHostAddress::LocalHost), QHostAddress(QHostAddress::LocalHostIPv6) };
    const QHostInfo info = QHostInfo::fromName(host);
    if (info.error() != QHostInfo::NoError || info.addresses().isEmpty())
        return fail(u"bad_listen_address"_s, tr("Cannot resolve the listen host %1: %2").arg(host, info.errorString()),
            u"listen"_s);
    return info.addresses();
}

QString ListenAddress::httpsUrl(quint16 actualPort) const
{
    const bool ipv6 = QHostAddress(host).protocol() == QAbstractSocket::IPv6Protocol;
    return u"https://"_s + (ipv6 ? u'[' + host + u']' : host) + u':' + QString::number(actualPort);
}

} // namespace deskpay
