#pragma once
// OrderRoutes: GET /v1/orders (filters, cursor), GET /v1/orders/{id} (with history and evidence),
// POST /v1/orders/{id}/cancel (signed) — scoped by role: an agent its desk, a supervisor everything.

#include "server/HttpRequest.h"

#include <QCoreApplication>
#include <QHttpServerResponse>

namespace deskpay {

class AuditLog;
class Authenticator;
class EventLog;
class HttpRouter;
class OrderPipeline;
class OrderService;
class OrderStore;
struct RouteMatch;

class OrderRoutes
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::OrderRoutes)

public:
    // Everything passed in must outlive the routes.
    OrderRoutes(const Authenticator &authenticator, const OrderStore &orders, const EventLog &events,
        const OrderService &service, const OrderPipeline &pipeline, const AuditLog &audit);

    void registerOn(HttpRouter &router) const;

    [[nodiscard]] QHttpServerResponse list(const HttpRequest &request) const;
    [[nodiscard]] QHttpServerResponse detail(const HttpRequest &request, const QString &id) const;
    [[nodiscard]] QHttpServerResponse cancel(const HttpRequest &request, const QString &id) const;

private:
    const Authenticator &m_authenticator;
    const OrderStore &m_orders;
    const EventLog &m_events;
    const OrderService &m_service;
    const OrderPipeline &m_pipeline;
    const AuditLog &m_audit;
};

} // namespace deskpay
