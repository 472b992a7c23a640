#pragma once
// OrderView: what the server tells clients about one order — its id, state, times, the order
// data and the payer with the document number masked. A view never holds a raw number.

#include "models/ChangeOrder.h"
#include "models/OrderRequest.h"
#include "models/OrderState.h"
#include "models/Payer.h"
#include "models/RealNameId.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace deskpay {

// The payer as views show it.
struct PayerView
{
    QString accountId;
    QString name;
    DocumentType documentType = DocumentType::CnResidentId;
    QString documentNumberMasked; // RealNameId::maskedNumber(), e.g. "110105********002X"

    [[nodiscard]] static PayerView fromPayer(const Payer &payer);

    friend bool operator==(const PayerView &, const PayerView &) = default;
};

struct OrderView
{
    QString id; // server-assigned, ^[A-Za-z0-9_-]{1,64}$
    OrderState state = OrderState::Submitted;
    QDateTime createdAt; // UTC
    QDateTime updatedAt; // UTC, the last transition
    QDateTime confirmBy; // UTC deadline for the payer's answer; invalid when none
    ChangeOrder order;
    PayerView payer;
    QList<PayType> payTypes;
    QString notes;

    // The view of a just-submitted request (state SUBMITTED, updatedAt = createdAt).
    [[nodiscard]] static OrderView fromRequest(
        const QString &id, const OrderRequest &request, const QDateTime &createdAt);

    friend bool operator==(const OrderView &, const OrderView &) = default;
};

} // namespace deskpay
