#include "services/ServerHealth.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <cmath>

using namespace Qt::StringLiterals;

namespace deskpay {

Result<ServerHealth> ServerHealth::fromJson(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(u"bad_health_response"_s,
            tr("The server's health answer is not JSON: %1 at offset %2.")
                .arg(parseError.errorString())
                .arg(parseError.offset));
    if (!document.isObject())
        return fail(u"bad_health_response"_s, tr("The server's health answer is not a JSON object."));
    const QJsonObject object = document.object();

    ServerHealth health;
    const auto text = [&object](QLatin1StringView name, QString &out) -> Result<void> {
        const QJsonValue value = object.value(name);
        if (!value.isString() || value.toString().isEmpty())
            return fail(u"bad_health_response"_s, tr("The server's health answer has no text field “%1”.").arg(name),
                QString(name));
        out = value.toString();
        return {};
    };
    if (auto ok = text("status"_L1, health.status); !ok)
        return std::unexpected(ok.error());
    if (auto ok = text("version"_L1, health.version); !ok)
        return std::unexpected(ok.error());
    if (auto ok = text("database"_L1, health.database); !ok)
        return std::unexpected(ok.error());

    const QJsonValue schema = object.value("schemaVersion"_L1);
    const double number = schema.toDouble(-1);
    if (!schema.isDouble() || number < 0 || number != std::floor(number) || number > 1e9)
        return fail(u"bad_health_response"_s,
            tr("The server's health answer has no whole-number field “%1”.").arg("schemaVersion"_L1),
            u"schemaVersion"_s);
    health.schemaVersion = static_cast<qint64>(number);
    return health;
}

} // namespace deskpay
