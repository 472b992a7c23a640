#include "server/EventRoutes.h"

#include "server/Authenticator.h"
#include "server/HttpRouter.h"
#include "server/JsonRequest.h"
#include "services/protocol/ErrorCodes.h"

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

bool isDecimal(const QString &text)
{
    return !text.isEmpty() && text.size() <= 18
        && std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

Error invalidParameter(const QString &name, const QString &message)
{
    return Error { ErrorCodes::InvalidParameter.toString(), message, name };
}

QHttpServerResponse canonicalJson(const JsonValue &body)
{
    QHttpServerResponse response("application/json"_ba, body.toCanonicalJson());
    // The same headers as JsonResponse: per-caller answers no cache may replay.
    response.setHeader("Cache-Control"_ba, "no-store"_ba);
    response.setHeader("X-Content-Type-Options"_ba, "nosniff"_ba);
    return response;
}

} // namespace

EventRoutes::EventRoutes(const EventLog &log, const Authenticator &authenticator)
    : m_log(log)
    , m_authenticator(authenticator)
{
}

void EventRoutes::registerOn(HttpRouter &router) const
{
    router.add(HttpRouter::Method::Get, u"/v1/events"_s,
        [this](const HttpRequest &request, const RouteMatch &) { return list(request); });
}

EventScope EventRoutes::scopeFor(const AuthenticatedAgent &caller)
{
    if (caller.agent.role == AgentRole::Supervisor)
        return EventScope {};
    return EventScope { caller.agent.deskId };
}

Result<qint64> EventRoutes::parseSeq(const QString &text, const QString &name)
{
    if (!isDecimal(text))
        return std::unexpected(
            invalidParameter(name, tr("%1 must be a sequence number: a whole number of 0 or more.").arg(name)));
    return text.toLongLong();
}

QHttpServerResponse EventRoutes::list(const HttpRequest &request) const
{
    const auto caller = m_authenticator.authenticate(request);
    if (!caller)
        return JsonRequest::errorResponse(caller.error());

    qint64 after = 0;
    int limit = DefaultLimit;
    QStringList seen;
    const auto items = request.query().queryItems(QUrl::FullyDecoded);
    for (const auto &[name, value] : items) {
        if (seen.contains(name))
            return JsonRequest::errorResponse(invalidParameter(name, tr("%1 is given more than once.").arg(name)));
        seen.append(name);
        if (name == u"after"_s) {
            const auto parsed = parseSeq(value, name);
            if (!parsed)
                return JsonRequest::errorResponse(parsed.error());
            after = *parsed;
        } else if (name == u"limit"_s) {
            if (!isDecimal(value) || value.toLongLong() < 1 || value.toLongLong() > MaxLimit)
                return JsonRequest::errorResponse(
                    invalidParameter(name, tr("limit must be a whole number from 1 to %1.").arg(MaxLimit)));
            limit = value.toInt();
        } else {
            return JsonRequest::errorResponse(
                invalidParameter(name, tr("Unknown query parameter %1: this list takes after and limit.").arg(name)));
        }
    }

    const auto page = m_log.readPage(after, scopeFor(*caller), limit);
    if (!page)
        return JsonRequest::errorResponse(page.error());
    JsonValue events = JsonValue::array();
    for (const OrderEvent &event : page->events)
        events.append(EventLog::toJson(event));
    JsonValue body = JsonValue::object();
    body.insert(u"events"_s, std::move(events));
    body.insert(u"lastSeq"_s, JsonValue::integer(page->lastSeq));
    body.insert(u"more"_s, JsonValue::boolean(page->more));
    return canonicalJson(body);
}

} // namespace deskpay
