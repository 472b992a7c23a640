#include "server/HttpRouter.h"

#include "server/JsonResponse.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

bool isParameter(const QString &segment)
{
    return segment.size() > 2 && segment.startsWith(u'{') && segment.endsWith(u'}');
}

QStringList templateSegments(const QString &pathTemplate)
{
    Q_ASSERT_X(pathTemplate.startsWith(u'/'), "HttpRouter::add", "route templates are absolute paths");
    return pathTemplate.mid(1).split(u'/');
}

// Split before decoding, so an encoded "/" (%2F) stays inside its segment.
QStringList requestSegments(const QUrl &url)
{
    const QString encoded = url.path(QUrl::FullyEncoded);
    QStringList segments;
    if (!encoded.startsWith(u'/'))
        return segments;
    const QStringList raw = encoded.mid(1).split(u'/');
    segments.reserve(raw.size());
    for (const QString &segment : raw)
        segments.append(QUrl::fromPercentEncoding(segment.toUtf8()));
    return segments;
}

} // namespace

void HttpRouter::add(Method method, const QString &pathTemplate, Handler handler)
{
    m_routes.append(Route { method, pathTemplate, templateSegments(pathTemplate), std::move(handler) });
}

bool HttpRouter::matches(const Route &route, const QStringList &segments, RouteMatch *match)
{
    if (route.segments.size() != segments.size())
        return false;
    RouteMatch found;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &expected = route.segments.at(i);
        if (isParameter(expected)) {
            if (segments.at(i).isEmpty())
                return false;
            found.parameters.insert(expected.mid(1, expected.size() - 2), segments.at(i));
        } else if (expected != segments.at(i)) {
            return false;
        }
    }
    if (match)
        *match = std::move(found);
    return true;
}

QHttpServerResponse HttpRouter::dispatch(const HttpRequest &request) const
{
    const QStringList segments = requestSegments(request.url());
    QList<QByteArray> allowed;
    for (const Route &route : m_routes) {
        RouteMatch match;
        if (!matches(route, segments, &match))
            continue;
        if (route.method == request.method())
            return route.handler(request, match);
        const QByteArray name = methodName(route.method);
        if (!allowed.contains(name))
            allowed.append(name);
    }
    const QString path = request.url().path().left(200);
    if (allowed.isEmpty())
        return JsonResponse::error(
            JsonResponse::Status::NotFound, u"not_found"_s, tr("There is no resource at %1.").arg(path));
    const QByteArray allow = allowed.join(", ");
    QHttpServerResponse response = JsonResponse::error(JsonResponse::Status::MethodNotAllowed, u"method_not_allowed"_s,
        tr("%1 is not allowed on %2; use %3.")
            .arg(QString::fromLatin1(methodName(request.method())), path, QString::fromLatin1(allow)));
    response.setHeader("Allow"_ba, allow);
    return response;
}

QByteArray HttpRouter::methodName(Method method)
{
    switch (method) {
    case Method::Get:
        return "GET"_ba;
    case Method::Put:
        return "PUT"_ba;
    case Method::Delete:
        return "DELETE"_ba;
    case Method::Post:
        return "POST"_ba;
    case Method::Head:
        return "HEAD"_ba;
    case Method::Options:
        return "OPTIONS"_ba;
    case Method::Patch:
        return "PATCH"_ba;
    case Method::Connect:
        return "CONNECT"_ba;
    case Method::Trace:
        return "TRACE"_ba;
    case Method::Unknown:
    case Method::AnyKnown:
        break;
    }
    return "UNKNOWN"_ba;
}

} // namespace deskpay
