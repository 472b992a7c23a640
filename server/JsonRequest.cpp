#include "server/JsonRequest.h"

#include "server/JsonResponse.h"
#include "server/ServerLogging.h"
#include "services/protocol/ErrorCodes.h"
#include "services/protocol/JsonReader.h"

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

bool isJsonContentType(const QByteArray &header)
{
    const QList<QByteArray> parts = header.split(';');
    if (parts.constFirst().trimmed().toLower() != "application/json")
        return false;
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray parameter = parts.at(i).trimmed().toLower();
        if (parameter != "charset=utf-8" && parameter != "charset=\"utf-8\"")
            return false;
    }
    return parts.size() <= 2;
}

} // namespace

Result<JsonValue> JsonRequest::parse(const HttpRequest &request, qsizetype maxBodyBytes)
{
    // QtHttpServer 6.4 has already read the body by now; refusing here still keeps the work
    // (and the answer) small. Only a front proxy can stop the upload itself.
    bool lengthOk = false;
    const qint64 declared = request.value("Content-Length"_ba).trimmed().toLongLong(&lengthOk);
    if ((lengthOk && declared > maxBodyBytes) || request.body().size() > maxBodyBytes)
        return fail(ErrorCodes::TooLarge.toString(), tr("The request body is larger than %1 bytes.").arg(maxBodyBytes));
    const QByteArray contentType = request.value("Content-Type"_ba);
    if (!isJsonContentType(contentType))
        return fail(ErrorCodes::UnsupportedMediaType.toString(),
            contentType.isEmpty() ? tr("The request has no Content-Type; it must be application/json.")
                                  : tr("The request body must be application/json, not %1.")
                                        .arg(QString::fromLatin1(contentType.left(100))));
    JsonReader::Limits limits;
    limits.maxBytes = maxBodyBytes;
    limits.maxDepth = 8;
    auto parsed = JsonReader::parse(request.body(), limits);
    if (!parsed)
        return std::unexpected(parsed.error().toError());
    return std::move(*parsed);
}

QHttpServerResponse JsonRequest::errorResponse(const Error &error, const ValidationReport &issues)
{
    const ErrorCodeInfo *info = ErrorCodes::find(error.code);
    if (!info || info->httpStatus >= 500) {
        qCWarning(lcServerHttp, "%ls: %ls", qUtf16Printable(error.code), qUtf16Printable(error.message));
        const QStringView code
            = error.code.startsWith(u"database"_s) ? QStringView(u"database_unavailable") : ErrorCodes::InternalError;
        return JsonResponse::error(
            JsonResponse::Status(ErrorCodes::httpStatus(code)), ErrorCodes::error(code), ValidationReport {});
    }
    return JsonResponse::error(JsonResponse::Status(info->httpStatus), error, issues);
}

QHttpServerResponse JsonRequest::invalidBody(const ValidationReport &issues)
{
    return JsonResponse::error(JsonResponse::Status::UnprocessableEntity,
        Error { ErrorCodes::ValidationFailed.toString(), tr("The request has problems; each is listed with its field."),
            {} },
        issues);
}

} // namespace deskpay
