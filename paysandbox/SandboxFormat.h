#pragma once
// SandboxFormat: the small wire formats both sandbox gateways share — amounts, gateway times,
// random ids.

#include <QDateTime>
#include <QString>

#include <optional>

namespace deskpay {

class SandboxFormat
{
public:
    // 1250 → "12.50"
    [[nodiscard]] static QString yuan(qint64 minor);
    // "12.50" / "12.5" / "12" → 1250; nullopt for anything else, zero or more than 100 million.
    [[nodiscard]] static std::optional<qint64> parseYuan(const QString &text);
    // Beijing time (UTC+8) "yyyy-MM-dd HH:mm:ss", the Alipay style.
    [[nodiscard]] static QString beijingTime(const QDateTime &t);
    // RFC 3339 in Beijing time, "2026-11-22T12:15:00+08:00", the WeChat style.
    [[nodiscard]] static QString rfc3339Beijing(const QDateTime &t);
    // Parses an RFC 3339 time with a numeric offset or Z.
    [[nodiscard]] static QDateTime parseRfc3339(const QString &text);
    // Alipay's timeout_express ("15m", "2h", "1d", "90m"); nullopt when unparseable.
    [[nodiscard]] static std::optional<qint64> timeoutSeconds(const QString &text);
    [[nodiscard]] static QString randomDigits(int count);
    [[nodiscard]] static QString randomAlphanumeric(int count);
};

} // namespace deskpay
