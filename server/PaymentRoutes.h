#pragma once
// PaymentRoutes: the pay call (POST /v1/payer/orders/{id}/pay, answered in the
// {"code":…,"data":{"ext":…}} envelope of docs/payments.md) and the providers' notification
// endpoints (POST /v1/providers/{style}/notify).

#include "models/Error.h"
#include "server/HttpRequest.h"

#include <QCoreApplication>
#include <QHttpServerResponse>

namespace deskpay {

class AuditLog;
class HttpRouter;
class PayerAuthenticator;
class PaymentService;

class PaymentRoutes
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::PaymentRoutes)

public:
    PaymentRoutes(const PayerAuthenticator &authenticator, const PaymentService &payments, const AuditLog &audit);

    void registerOn(HttpRouter &router) const;

    [[nodiscard]] QHttpServerResponse pay(const HttpRequest &request, const QString &orderId) const;

    // The envelope's number for an error code (docs/payments.md, "The pay call").
    [[nodiscard]] static int envelopeCode(QStringView errorCode);
    [[nodiscard]] static QHttpServerResponse envelopeError(const Error &error);

private:
    const PayerAuthenticator &m_authenticator;
    const PaymentService &m_payments;
    const AuditLog &m_audit;
};

} // namespace deskpay
