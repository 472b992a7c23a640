#include "server/JsonResponse.h"

#include "services/protocol/ErrorBody.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

QHttpServerResponse jsonResponse(const QByteArray &body, QHttpServerResponse::StatusCode status)
{
    QHttpServerResponse response("application/json"_ba, body, status);
    // API answers are per caller and moment; no proxy or client cache may replay them.
    response.setHeader("Cache-Control"_ba, "no-store"_ba);
    response.setHeader("X-Content-Type-Options"_ba, "nosniff"_ba);
    return response;
}

} // namespace

QHttpServerResponse JsonResponse::ok(const QJsonObject &body, Status status)
{
    return jsonResponse(QJsonDocument(body).toJson(QJsonDocument::Compact), status);
}

QHttpServerResponse JsonResponse::raw(const QByteArray &json, Status status)
{
    return jsonResponse(json, status);
}

QHttpServerResponse JsonResponse::error(Status status, const QString &code, const QString &message)
{
    return error(status, Error { code, message, {} });
}

QHttpServerResponse JsonResponse::error(Status status, const Error &error, const ValidationReport &issues)
{
    return jsonResponse(ErrorBody::encode(error, issues), status);
}

} // namespace deskpay
