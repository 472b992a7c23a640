#include "server/JsonResponse.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

QHttpServerResponse jsonResponse(const QJsonObject &body, QHttpServerResponse::StatusCode status)
{
    QHttpServerResponse response("application/json"_ba, QJsonDocument(body).toJson(QJsonDocument::Compact), status);
    // API answers are per caller and moment; no proxy or client cache may replay them.
    response.setHeader("Cache-Control"_ba, "no-store"_ba);
    response.setHeader("X-Content-Type-Options"_ba, "nosniff"_ba);
    return response;
}

} // namespace

QHttpServerResponse JsonResponse::ok(const QJsonObject &body, Status status)
{
    return jsonResponse(body, status);
}

QJsonObject JsonResponse::errorBody(const Error &error)
{
    QJsonObject body { { u"code"_s, error.code }, { u"message"_s, error.message } };
    if (!error.field.isEmpty())
        body.insert(u"field"_s, error.field);
    return body;
}

QHttpServerResponse JsonResponse::error(
    Status status, const QString &code, const QString &message, const QJsonObject &extra)
{
    return error(status, Error { code, message, {} }, extra);
}

QHttpServerResponse JsonResponse::error(Status status, const Error &error, const QJsonObject &extra)
{
    QJsonObject body = errorBody(error);
    for (auto it = extra.constBegin(); it != extra.constEnd(); ++it) {
        if (!body.contains(it.key()))
            body.insert(it.key(), it.value());
    }
    return jsonResponse(body, status);
}

} // namespace deskpay
