#pragma once
// ServerHealth: what GET /v1/health answers — status, server version, database and schema.

#include "models/Error.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace deskpay {

struct ServerHealth
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::ServerHealth)

public:
    QString status; // "ok" when the server can take orders
    QString version; // the server's version
    QString database; // "sqlite" or "postgresql"
    qint64 schemaVersion = 0;

    [[nodiscard]] bool isOk() const { return status == QLatin1StringView("ok"); }

    // Parses {"status":"ok","version":"…","database":"…","schemaVersion":N}. Fields the client
    // does not know are tolerated (a newer server may add some); missing or mistyped ones are not.
    [[nodiscard]] static Result<ServerHealth> fromJson(const QByteArray &body);

    friend bool operator==(const ServerHealth &, const ServerHealth &) = default;
};

} // namespace deskpay
