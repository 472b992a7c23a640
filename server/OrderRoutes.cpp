#include "server/OrderRoutes.h"

#include "server/AgentStore.h"
#include "server/AuditLog.h"
#include "server/Authenticator.h"
#include "server/EventLog.h"
#include "server/HttpRouter.h"
#include "server/JsonRequest.h"
#include "server/JsonResponse.h"
#include "server/OrderPipeline.h"
#include "server/OrderService.h"
#include "server/OrderStore.h"
#include "services/protocol/ErrorCodes.h"
#include "services/protocol/JsonObjectReader.h"
#include "services/protocol/JsonReader.h"
#include "services/protocol/OrderCodec.h"

#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr int DefaultLimit = 50;
constexpr int MaxLimit = 500;
constexpr qsizetype MaxReasonLength = 200;

QHttpServerResponse jsonAnswer(const JsonValue &value, QHttpServerResponse::StatusCode status
    = QHttpServerResponse::StatusCode::Ok)
{
    return JsonResponse::raw(value.toCanonicalJson(), status);
}

Error badParameter(const QString &name, const QString &message)
{
    return Error { ErrorCodes::InvalidParameter.toString(), message, name };
}

// The cursor is the creation sequence of the last order of a page, opaque to clients.
QString encodeCursor(qint64 seq)
{
    return QString::fromLatin1(QByteArray("s" + QByteArray::number(seq)).toBase64(
        QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<qint64> decodeCursor(const QString &cursor)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || !decoded.decoded.startsWith('s'))
        return std::nullopt;
    bool ok = false;
    const qint64 seq = decoded.decoded.mid(1).toLongLong(&ok);
    return ok && seq > 0 ? std::optional<qint64>(seq) : std::nullopt;
}

} // namespace

OrderRoutes::OrderRoutes(const Authenticator &authenticator, const OrderStore &orders, const EventLog &events,
    const OrderService &service, const OrderPipeline &pipeline, const AuditLog &audit)
    : m_authenticator(authenticator)
    , m_orders(orders)
    , m_events(events)
    , m_service(service)
    , m_pipeline(pipeline)
    , m_audit(audit)
{
}

void OrderRoutes::registerOn(HttpRouter &router) const
{
    router.add(HttpRouter::Method::Get, u"/v1/orders"_s,
        [this](const HttpRequest &request, const RouteMatch &) { return list(request); });
    router.add(HttpRouter::Method::Get, u"/v1/orders/{id}"_s,
        [this](const HttpRequest &request, const RouteMatch &match) { return detail(request, match.value(u"id"_s)); });
    router.add(HttpRouter::Method::Post, u"/v1/orders/{id}/cancel"_s,
        [this](const HttpRequest &request, const RouteMatch &match) { return cancel(request, match.value(u"id"_s)); });
}

QHttpServerResponse OrderRoutes::list(const HttpRequest &request) const
{
    const auto caller = m_authenticator.authenticate(request);
    if (!caller)
        return JsonRequest::errorResponse(caller.error());
    const Agent &agent = caller->agent;
    const bool supervisor = agent.role == AgentRole::Supervisor;

    const QUrlQuery parameters = request.query();
    static const QStringList Known { u"state"_s, u"desk"_s, u"agent"_s, u"from"_s, u"to"_s, u"q"_s, u"cursor"_s,
        u"limit"_s };
    for (const auto &[name, value] : parameters.queryItems(QUrl::FullyDecoded)) {
        if (!Known.contains(name))
            return JsonRequest::errorResponse(badParameter(name, tr("Unknown query parameter “%1”.").arg(name.left(40))));
    }
    const auto value = [&](const QString &name) { return parameters.queryItemValue(name, QUrl::FullyDecoded); };

    OrderQuery query;
    query.limit = DefaultLimit;
    if (parameters.hasQueryItem(u"state"_s)) {
        for (const QString &name : value(u"state"_s).split(u',', Qt::SkipEmptyParts)) {
            const auto state = orderStateFromName(name.trimmed());
            if (!state)
                return JsonRequest::errorResponse(
                    badParameter(u"state"_s, tr("“%1” is not an order state.").arg(name.left(40))));
            query.states.append(*state);
        }
    }
    if (parameters.hasQueryItem(u"desk"_s)) {
        const QString desk = value(u"desk"_s);
        // Agents ask only about their own desk; naming another is a role error, not an empty list.
        if (!supervisor && desk != agent.deskId)
            return JsonRequest::errorResponse(ErrorCodes::error(ErrorCodes::Forbidden, u"desk"_s));
        query.desk = desk;
    }
    if (!supervisor)
        query.desk = agent.deskId;
    if (parameters.hasQueryItem(u"agent"_s))
        query.agentUsername = value(u"agent"_s).toLower();
    for (const auto &[name, target] : { std::pair { u"from"_s, &query.createdFrom }, std::pair { u"to"_s, &query.createdTo } }) {
        if (!parameters.hasQueryItem(name))
            continue;
        *target = OrderCodec::parseInstant(value(name));
        if (!target->isValid())
            return JsonRequest::errorResponse(
                badParameter(name, tr("“%1” must be a UTC time like 2026-11-20T10:15:00Z.").arg(name)));
    }
    query.text = value(u"q"_s).trimmed().left(100);
    if (parameters.hasQueryItem(u"cursor"_s)) {
        const auto seq = decodeCursor(value(u"cursor"_s));
        if (!seq)
            return JsonRequest::errorResponse(badParameter(u"cursor"_s, tr("The cursor is not one this server gave out.")));
        query.beforeSeq = *seq;
    }
    if (parameters.hasQueryItem(u"limit"_s)) {
        bool ok = false;
        query.limit = value(u"limit"_s).toInt(&ok);
        if (!ok || query.limit < 1 || query.limit > MaxLimit)
            return JsonRequest::errorResponse(
                badParameter(u"limit"_s, tr("limit must be a whole number from 1 to %1.").arg(MaxLimit)));
    }

    // One more than asked for tells whether another page exists.
    const int pageSize = query.limit;
    query.limit = pageSize + 1;
    auto found = m_orders.list(query);
    if (!found)
        return JsonRequest::errorResponse(found.error());
    const bool more = found->size() > pageSize;
    if (more)
        found->resize(pageSize);

    JsonValue orders = JsonValue::array();
    for (const OrderRecord &record : std::as_const(*found))
        orders.append(OrderCodec::viewToJson(record.view));
    JsonValue answer = JsonValue::object();
    answer.insert(u"orders"_s, std::move(orders));
    if (more)
        answer.insert(u"nextCursor"_s, JsonValue::string(encodeCursor(found->constLast().seq)));
    return jsonAnswer(answer);
}

QHttpServerResponse OrderRoutes::detail(const HttpRequest &request, const QString &id) const
{
    const auto caller = m_authenticator.authenticate(request);
    if (!caller)
        return JsonRequest::errorResponse(caller.error());
    const Agent &agent = caller->agent;
    const auto found = m_orders.find(id);
    if (!found)
        return JsonRequest::errorResponse(found.error());
    if (!found->has_value() || (agent.role != AgentRole::Supervisor && (*found)->desk != agent.deskId))
        return JsonRequest::errorResponse(ErrorCodes::error(ErrorCodes::OrderNotFound));
    const OrderRecord &record = **found;

    const auto history = m_events.forOrder(id);
    if (!history)
        return JsonRequest::errorResponse(history.error());
    JsonValue transitions = JsonValue::array();
    for (const OrderEvent &event : *history)
        transitions.append(EventLog::toJson(event));

    JsonValue evidence = JsonValue::object();
    evidence.insert(u"keyId"_s, JsonValue::string(record.evidence.keyId));
    evidence.insert(u"signatureInput"_s, JsonValue::string(QString::fromLatin1(record.evidence.signatureInput)));
    evidence.insert(u"signatureBase"_s, JsonValue::string(QString::fromUtf8(record.evidence.signatureBase)));
    evidence.insert(u"signature"_s, JsonValue::string(QString::fromLatin1(record.evidence.signature.toBase64())));

    JsonValue answer = JsonValue::object();
    answer.insert(u"order"_s, OrderCodec::viewToJson(record.view));
    answer.insert(u"desk"_s, JsonValue::string(record.desk));
    answer.insert(u"agent"_s, JsonValue::string(record.agentUsername));
    answer.insert(u"history"_s, std::move(transitions));
    answer.insert(u"evidence"_s, std::move(evidence));
    if (!record.rejectCode.isEmpty())
        answer.insert(u"rejectCode"_s, JsonValue::string(record.rejectCode));
    if (!record.paymentJson.isEmpty()) {
        auto payment = JsonReader::parse(record.paymentJson);
        if (payment)
            answer.insert(u"payment"_s, std::move(*payment));
        answer.insert(u"templateVersion"_s, JsonValue::integer(record.templateVersion));
    }
    return jsonAnswer(answer);
}

QHttpServerResponse OrderRoutes::cancel(const HttpRequest &request, const QString &id) const
{
    const auto caller = m_authenticator.authenticate(request);
    if (!caller)
        return JsonRequest::errorResponse(caller.error());
    const Agent &agent = caller->agent;
    const auto refuse = [&](const Error &error, const QString &subject) {
        m_audit.recordOrWarn(AuditEntry { u"agent"_s, agent.username, u"order.cancel"_s, error.code, subject,
            request.remoteAddress().toString(), QString() });
        return JsonRequest::errorResponse(error);
    };
    // A cancellation changes money matters: signed like the order itself.
    QString keyId;
    if (auto verified = m_pipeline.verifySigned(request, agent, &keyId); !verified)
        return refuse(verified.error(), keyId);

    QString reason;
    if (!request.body().isEmpty()) {
        const auto body = JsonRequest::parse(request);
        if (!body)
            return refuse(body.error(), id);
        ValidationReport issues;
        JsonObjectReader reader(*body, QString(), issues);
        reason = reader.string(u"reason"_s, MaxReasonLength, JsonObjectReader::Presence::Optional).value_or(QString());
        reader.finish();
        if (!issues.isValid())
            return JsonRequest::invalidBody(issues);
    }
    const auto cancelled = m_service.cancel(agent, id, reason.isEmpty() ? u"cancelled"_s : reason);
    if (!cancelled)
        return refuse(cancelled.error(), id);
    m_audit.recordOrWarn(AuditEntry { u"agent"_s, agent.username, u"order.cancel"_s, u"ok"_s, id,
        request.remoteAddress().toString(), keyId });
    return jsonAnswer(OrderCodec::viewToJson(cancelled->view));
}

} // namespace deskpay
