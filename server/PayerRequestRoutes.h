#pragma once
// PayerRequestRoutes: the payer's side of the confirmation — GET /v1/payer/requests and
// POST /v1/payer/requests/{id}/confirm | /decline, GET /v1/payer/orders/{id}. A payer sees only their own orders.

#include "server/HttpRequest.h"

#include <QCoreApplication>
#include <QHttpServerResponse>

namespace deskpay {

class AuditLog;
class HttpRouter;
class OrderService;
class OrderStore;
class PayerAuthenticator;

class PayerRequestRoutes
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::PayerRequestRoutes)

public:
    PayerRequestRoutes(const PayerAuthenticator &authenticator, const OrderStore &orders, const OrderService &service,
        const AuditLog &audit);

    void registerOn(HttpRouter &router) const;

    [[nodiscard]] QHttpServerResponse requests(const HttpRequest &request) const;
    // One of the payer's orders in any state, as an item of the list (the payer pages' result
    // page polls it); order_not_found for another payer's order as for a missing one.
    [[nodiscard]] QHttpServerResponse order(const HttpRequest &request, const QString &id) const;
    // `confirm`: true to confirm, false to decline.
    [[nodiscard]] QHttpServerResponse answer(const HttpRequest &request, const QString &id, bool confirm) const;

private:
    const PayerAuthenticator &m_authenticator;
    const OrderStore &m_orders;
    const OrderService &m_service;
    const AuditLog &m_audit;
};

} // namespace deskpay
