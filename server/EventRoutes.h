#pragma once
// EventRoutes: GET /v1/events — the event log after a cursor, one page at a time, scoped by role.

#include "models/Error.h"
#include "server/EventLog.h"
#include "server/HttpRequest.h"

#include <QCoreApplication>
#include <QHttpServerResponse>
#include <QUrlQuery>

namespace deskpay {

class Authenticator;
class HttpRouter;
struct AuthenticatedAgent;

class EventRoutes
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::EventRoutes)

public:
    static constexpr int DefaultLimit = 200;
    static constexpr int MaxLimit = 1000;

    // Both must outlive the routes.
    EventRoutes(const EventLog &log, const Authenticator &authenticator);

    void registerOn(HttpRouter &router) const;

    // GET /v1/events?after=SEQ&limit=N → 200 {"events":[…],"lastSeq":N,"more":bool}; 400
    // invalid_parameter naming the parameter; 401 without a live session.
    [[nodiscard]] QHttpServerResponse list(const HttpRequest &request) const;

    // An agent sees their own desk, a supervisor every desk.
    [[nodiscard]] static EventScope scopeFor(const AuthenticatedAgent &caller);

    // A non-negative decimal sequence number (the `after` parameter of the list and the stream);
    // invalid_parameter naming `name` otherwise.
    [[nodiscard]] static Result<qint64> parseSeq(const QString &text, const QString &name);

private:
    const EventLog &m_log;
    const Authenticator &m_authenticator;
};

} // namespace deskpay
