#include "paysandbox/SandboxFormat.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr int BeijingOffsetSecs = 8 * 3600;
constexpr qint64 MaxMinor = 100'000'000LL * 100;

QString randomFrom(QStringView alphabet, int count)
{
    QString text;
    text.reserve(count);
    for (int i = 0; i < count; ++i)
        text.append(alphabet.at(QRandomGenerator::system()->bounded(int(alphabet.size()))));
    return text;
}

} // namespace

QString SandboxFormat::yuan(qint64 minor)
{
    return u"%1.%2"_s.arg(minor / 100).arg(minor % 100, 2, 10, QLatin1Char('0'));
}

std::optional<qint64> SandboxFormat::parseYuan(const QString &text)
{
    static const QRegularExpression pattern(u"^(0|[1-9][0-9]{0,8})(?:\\.([0-9]{1,2}))?$"_s);
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    QString fraction = match.captured(2);
    while (fraction.size() < 2)
        fraction.append(QLatin1Char('0'));
    const qint64 minor = match.captured(1).toLongLong() * 100 + fraction.toLongLong();
    if (minor <= 0 || minor > MaxMinor)
        return std::nullopt;
    return minor;
}

QString SandboxFormat::beijingTime(const QDateTime &t)
{
    return t.toTimeZone(QTimeZone(BeijingOffsetSecs)).toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

QString SandboxFormat::rfc3339Beijing(const QDateTime &t)
{
    return t.toTimeZone(QTimeZone(BeijingOffsetSecs)).toString(u"yyyy-MM-dd'T'HH:mm:ss"_s) + u"+08:00"_s;
}

QDateTime SandboxFormat::parseRfc3339(const QString &text)
{
    static const QRegularExpression pattern(
        u"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$"_s);
    if (!pattern.match(text).hasMatch())
        return {};
    return QDateTime::fromString(text, Qt::ISODateWithMs).toUTC();
}

std::optional<qint64> SandboxFormat::timeoutSeconds(const QString &text)
{
    static const QRegularExpression pattern(u"^([1-9][0-9]{0,4})([mhd])$"_s);
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const qint64 count = match.captured(1).toLongLong();
    const QString unit = match.captured(2);
    const qint64 seconds = unit == u"m" ? count * 60 : unit == u"h" ? count * 3600 : count * 86400;
    // Alipay accepts 1m to 15d.
    if (seconds > 15 * 86400)
        return std::nullopt;
    return seconds;
}

QString SandboxFormat::randomDigits(int count)
{
    return randomFrom(u"0123456789", count);
}

QString SandboxFormat::randomAlphanumeric(int count)
{
    return randomFrom(u"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", count);
}

} // namespace deskpay
