#pragma once
// HttpRouter: method + path-template routes, answering unknown paths with 404 and wrong methods with 405.

#include <QCoreApplication>
#include <QHash>
#include "server/HttpRequest.h"
#include <QHttpServerResponse>
#include <QList>
#include <QString>

#include <functional>

namespace deskpay {

// The {name} segments of the matched template, percent-decoded.
struct RouteMatch
{
    QHash<QString, QString> parameters;
    [[nodiscard]] QString value(const QString &name) const { return parameters.value(name); }
};

// QHttpServer 6.4's own router cannot tell "no such path" (404) from "path exists, method
// does not" (405) and has no place for one error format, so the server routes here and
// QHttpServer only delivers requests (through its missing handler).
class HttpRouter
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::HttpRouter)

public:
    using Method = HttpRequest::Method;
    using Handler = std::function<QHttpServerResponse(const HttpRequest &, const RouteMatch &)>;

    // `pathTemplate` is absolute, e.g. "/v1/orders/{id}/cancel"; a {name} segment matches one
    // non-empty path segment. Routes are tried in the order they were added.
    void add(Method method, const QString &pathTemplate, Handler handler);

    // Handlers run on the server's worker threads, several at once: they must only read shared
    // state (stores are const and take their own per-thread database connection).
    // Runs the matching handler, or answers 404 not_found / 405 method_not_allowed (with Allow).
    [[nodiscard]] QHttpServerResponse dispatch(const HttpRequest &request) const;

    [[nodiscard]] static QByteArray methodName(Method method);

private:
    struct Route
    {
        Method method;
        QString pathTemplate;
        QStringList segments; // literal text, or "{name}"
        Handler handler;
    };

    [[nodiscard]] static bool matches(const Route &route, const QStringList &segments, RouteMatch *match);

    QList<Route> m_routes;
};

} // namespace deskpay
