#include "server/PayerWebRoutes.h"

#include "server/HttpRouter.h"
#include "server/JsonRequest.h"
#include "server/JsonResponse.h"
#include "server/PayerAuthRoutes.h"
#include "server/PayerAuthenticator.h"
#include "server/PayerSessionStore.h"
#include "server/ServerLogging.h"
#include "services/protocol/ErrorCodes.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

QByteArray contentTypeFor(const QString &name)
{
    const QString suffix = QFileInfo(name).suffix().toLower();
    if (suffix == u"html"_s)
        return "text/html; charset=utf-8"_ba;
    if (suffix == u"css"_s)
        return "text/css; charset=utf-8"_ba;
    if (suffix == u"js"_s || suffix == u"mjs"_s)
        return "text/javascript; charset=utf-8"_ba;
    if (suffix == u"svg"_s)
        return "image/svg+xml"_ba;
    if (suffix == u"png"_s)
        return "image/png"_ba;
    if (suffix == u"ico"_s)
        return "image/x-icon"_ba;
    if (suffix == u"json"_s)
        return "application/json"_ba;
    if (suffix == u"webmanifest"_s)
        return "application/manifest+json"_ba;
    return {};
}

bool isHtml(const QByteArray &contentType)
{
    return contentType.startsWith("text/html");
}

} // namespace

PayerWebRoutes::PayerWebRoutes(const PayerAuthRoutes &login, const PayerAuthenticator &authenticator,
    const PayerSessionStore &sessions, QString resourceRoot)
    : m_login(login)
    , m_authenticator(authenticator)
    , m_sessions(sessions)
{
    // A flat folder of plainly named files: nothing with a path, a dot first or an unknown type
    // is ever served, whatever the request says.
    static const QRegularExpression plainName(u"^[A-Za-z0-9][A-Za-z0-9._-]*$"_s);
    QDirIterator it(resourceRoot, QDir::Files);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString name = it.fileName();
        const QByteArray type = contentTypeFor(name);
        if (!plainName.match(name).hasMatch() || type.isEmpty())
            continue;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            qCWarning(lcServerHttp, "payer pages: cannot read %ls", qUtf16Printable(path));
            continue;
        }
        File entry { file.readAll(), type, {} };
        entry.etag = '"' + QCryptographicHash::hash(entry.body, QCryptographicHash::Sha256).toHex().left(32) + '"';
        m_files.insert(name, std::move(entry));
    }
    if (!m_files.contains(u"index.html"_s))
        qCWarning(lcServerHttp, "payer pages: no index.html under %ls", qUtf16Printable(resourceRoot));
}

void PayerWebRoutes::registerOn(HttpRouter &router) const
{
    // The session routes first: "/pay/{file}" would match them too.
    router.add(HttpRouter::Method::Post, u"/pay/session"_s,
        [this](const HttpRequest &request, const RouteMatch &) { return createSession(request); });
    router.add(HttpRouter::Method::Get, u"/pay/session"_s,
        [this](const HttpRequest &request, const RouteMatch &) { return currentSession(request); });
    router.add(HttpRouter::Method::Delete, u"/pay/session"_s,
        [this](const HttpRequest &request, const RouteMatch &) { return deleteSession(request); });
    router.add(HttpRouter::Method::Get, u"/pay"_s, [](const HttpRequest &, const RouteMatch &) {
        QHttpServerResponse response(QHttpServerResponse::StatusCode::PermanentRedirect);
        response.setHeader("Location"_ba, "/pay/"_ba);
        addSecurityHeaders(response);
        return response;
    });
    router.add(HttpRouter::Method::Get, u"/pay/"_s,
        [this](const HttpRequest &request, const RouteMatch &) { return page(request, u"index.html"_s); });
    router.add(HttpRouter::Method::Get, u"/pay/{file}"_s,
        [this](const HttpRequest &request, const RouteMatch &match) { return page(request, match.value(u"file"_s)); });
    // Deeper paths name nothing, but still get the page (and its headers) rather than JSON.
    QString deeper = u"/pay/{file}"_s;
    for (int depth = 2; depth <= 6; ++depth) {
        deeper += u"/{p%1}"_s.arg(depth);
        router.add(
            HttpRouter::Method::Get, deeper, [this](const HttpRequest &, const RouteMatch &) { return notFound(); });
    }
}

void PayerWebRoutes::addSecurityHeaders(QHttpServerResponse &response)
{
    response.setHeader("Content-Security-Policy"_ba, ContentSecurityPolicy.toByteArray());
    response.setHeader("X-Content-Type-Options"_ba, "nosniff"_ba);
    response.setHeader("Referrer-Policy"_ba, "no-referrer"_ba);
    response.setHeader("X-Frame-Options"_ba, "DENY"_ba);
}

QHttpServerResponse PayerWebRoutes::page(const HttpRequest &request, const QString &name) const
{
    const auto found = m_files.constFind(name);
    if (found == m_files.cend())
        return notFound();
    const File &file = *found;
    const bool html = isHtml(file.contentType);
    if (!html && request.value("If-None-Match"_ba) == file.etag) {
        QHttpServerResponse response(QHttpServerResponse::StatusCode::NotModified);
        response.setHeader("ETag"_ba, file.etag);
        response.setHeader("Cache-Control"_ba, "no-cache"_ba);
        addSecurityHeaders(response);
        return response;
    }
    QHttpServerResponse response(file.contentType, file.body);
    // Pages show a payer's orders: never kept. Scripts and styles are revalidated, so a server
    // upgrade never leaves an old script with a new page.
    response.setHeader("Cache-Control"_ba, html ? "no-store"_ba : "no-cache"_ba);
    if (!html)
        response.setHeader("ETag"_ba, file.etag);
    addSecurityHeaders(response);
    return response;
}

QHttpServerResponse PayerWebRoutes::notFound() const
{
    static const QByteArray fallback = "<!doctype html><title>404</title><p>Not found</p>"_ba;
    const auto page = m_files.constFind(u"404.html"_s);
    QHttpServerResponse response("text/html; charset=utf-8"_ba, page != m_files.cend() ? page->body : fallback,
        QHttpServerResponse::StatusCode::NotFound);
    response.setHeader("Cache-Control"_ba, "no-store"_ba);
    addSecurityHeaders(response);
    return response;
}

QByteArray PayerWebRoutes::cookie(const QString &value, qint64 maxAgeSeconds)
{
    // __Host-: only this origin, over HTTPS, for the whole site — no subdomain or plain-HTTP
    // page can set or overwrite it. Strict: no other site's page can make the browser send it.
    return PayerAuthenticator::CookieName.toByteArray() + '=' + value.toLatin1()
        + "; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age="_ba + QByteArray::number(maxAgeSeconds);
}

QHttpServerResponse PayerWebRoutes::sessionAnswer(
    const PayerAccount &account, const PayerSession &session, QHttpServerResponse::StatusCode status) const
{
    QHttpServerResponse response = JsonResponse::ok(
        QJsonObject {
            { u"csrfToken"_s, m_authenticator.csrfToken(session) },
            { u"expiresAt"_s, session.expiresAt(m_sessions.policy()).toUTC().toString(Qt::ISODate) },
            { u"displayName"_s, account.displayName },
            { u"accountId"_s, account.accountId },
        },
        status);
    addSecurityHeaders(response);
    return response;
}

QHttpServerResponse PayerWebRoutes::createSession(const HttpRequest &request) const
{
    if (!m_authenticator.acceptsCookies()) {
        QHttpServerResponse response = JsonRequest::errorResponse(
            Error { u"internal_error"_s, tr("The payer pages are not configured (no CSRF key)."), {} });
        addSecurityHeaders(response);
        return response;
    }
    auto loggedIn = m_login.logIn(request);
    if (!loggedIn) {
        QHttpServerResponse refused = std::move(loggedIn.error());
        addSecurityHeaders(refused);
        return refused;
    }
    QHttpServerResponse response
        = sessionAnswer(loggedIn->account, loggedIn->issued.session, QHttpServerResponse::StatusCode::Created);
    const qint64 lifetime = qint64(m_sessions.policy().absoluteTimeout.count());
    response.addHeader("Set-Cookie"_ba, cookie(loggedIn->issued.token, lifetime));
    return response;
}

QHttpServerResponse PayerWebRoutes::currentSession(const HttpRequest &request) const
{
    // Only the cookie counts here: this is how a page learns whether its browser is logged in.
    if (request.hasHeader("Authorization"_ba) || PayerAuthenticator::sessionCookie(request).isEmpty()) {
        QHttpServerResponse response = JsonResponse::error(JsonResponse::Status::Unauthorized,
            ErrorCodes::Unauthenticated.toString(), tr("Log in first: this browser has no payer session."));
        addSecurityHeaders(response);
        return response;
    }
    const auto caller = m_authenticator.authenticateSession(request);
    if (!caller) {
        QHttpServerResponse response = JsonRequest::errorResponse(caller.error());
        addSecurityHeaders(response);
        return response;
    }
    return sessionAnswer(caller->account, caller->session, QHttpServerResponse::StatusCode::Ok);
}

QHttpServerResponse PayerWebRoutes::deleteSession(const HttpRequest &request) const
{
    const auto caller = m_authenticator.authenticateSession(request);
    if (!caller || !caller->viaCookie) {
        QHttpServerResponse response = caller
            ? JsonResponse::error(JsonResponse::Status::Unauthorized, ErrorCodes::Unauthenticated.toString(),
                tr("This browser has no payer session."))
            : JsonRequest::errorResponse(caller.error());
        addSecurityHeaders(response);
        // A dead or foreign cookie is cleared all the same (not after a CSRF refusal: that
        // request may not have come from the payer at all).
        if (!caller && caller.error().code != ErrorCodes::CsrfInvalid)
            response.addHeader("Set-Cookie"_ba, cookie(QString(), 0));
        return response;
    }
    if (auto revoked = m_sessions.revoke(caller->token); !revoked) {
        QHttpServerResponse response = JsonRequest::errorResponse(revoked.error());
        addSecurityHeaders(response);
        return response;
    }
    qCInfo(lcServer, "payer account %lld logged out of the payer pages", caller->account.id);
    QHttpServerResponse response(QHttpServerResponse::StatusCode::NoContent);
    response.setHeader("Cache-Control"_ba, "no-store"_ba);
    response.addHeader("Set-Cookie"_ba, cookie(QString(), 0));
    addSecurityHeaders(response);
    return response;
}

} // namespace deskpay
