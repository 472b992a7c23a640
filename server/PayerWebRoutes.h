#pragma once
// PayerWebRoutes: the payer web pages under /pay/ (embedded files, strict security headers) and their cookie session
// (POST/GET/DELETE /pay/session).

#include "server/HttpRequest.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QHash>
#include <QHttpServerResponse>
#include <QString>

namespace deskpay {

class HttpRouter;
class PayerAuthRoutes;
class PayerAuthenticator;
class PayerSessionStore;
struct PayerAccount;
struct PayerSession;

// The pages are plain files from :/deskpay/web/ — only the names found there at construction
// are ever served, so no request path can reach anything else. Every /pay answer carries the
// same security headers (a CSP without inline code, no framing, no referrer, no sniffing).
//
// The session: POST /pay/session logs in through PayerAuthRoutes::logIn (the same checks and
// throttling as POST /v1/payer/sessions) and sets the session token as a `__Host-` cookie the
// page's script cannot read; the answer gives the page its CSRF token instead, which the page
// sends as X-CSRF-Token on every request that changes something (see PayerAuthenticator).
class PayerWebRoutes
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::PayerWebRoutes)

public:
    static constexpr QByteArrayView ContentSecurityPolicy
        = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
          "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    // Everything passed in must outlive the routes. The authenticator must have a CSRF key.
    PayerWebRoutes(const PayerAuthRoutes &login, const PayerAuthenticator &authenticator,
        const PayerSessionStore &sessions, QString resourceRoot = QStringLiteral(":/deskpay/web"));

    void registerOn(HttpRouter &router) const;

    // GET /pay/ and /pay/<file>: the file, or the 404 page.
    [[nodiscard]] QHttpServerResponse page(const HttpRequest &request, const QString &name) const;
    // 201 {"csrfToken","expiresAt","displayName","accountId"} with the Set-Cookie.
    [[nodiscard]] QHttpServerResponse createSession(const HttpRequest &request) const;
    // 200, the same JSON, for a live cookie; 401 otherwise.
    [[nodiscard]] QHttpServerResponse currentSession(const HttpRequest &request) const;
    // 204 and a cookie that expires at once (needs the CSRF token).
    [[nodiscard]] QHttpServerResponse deleteSession(const HttpRequest &request) const;

    // The headers every /pay answer carries.
    static void addSecurityHeaders(QHttpServerResponse &response);
    // The names of the files served (for tests and the log).
    [[nodiscard]] QStringList fileNames() const { return m_files.keys(); }

private:
    struct File
    {
        QByteArray body;
        QByteArray contentType;
        QByteArray etag;
    };

    [[nodiscard]] QHttpServerResponse sessionAnswer(
        const PayerAccount &account, const PayerSession &session, QHttpServerResponse::StatusCode status) const;
    [[nodiscard]] QHttpServerResponse notFound() const;
    [[nodiscard]] static QByteArray cookie(const QString &value, qint64 maxAgeSeconds);

    const PayerAuthRoutes &m_login;
    const PayerAuthenticator &m_authenticator;
    const PayerSessionStore &m_sessions;
    QHash<QString, File> m_files; // read-only after construction: shared by the worker threads
};

} // namespace deskpay
