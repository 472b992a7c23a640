#include "services/protocol/OrderView.h"

namespace deskpay {

PayerView PayerView::fromPayer(const Payer &payer)
{
    const RealNameId &id = payer.identity();
    return PayerView { payer.accountId(), id.name(), id.documentType(), id.maskedNumber() };
}

OrderView OrderView::fromRequest(const QString &id, const OrderRequest &request, const QDateTime &createdAt)
{
    OrderView view;
    view.id = id;
    view.state = OrderState::Submitted;
    view.createdAt = createdAt.toUTC();
    view.updatedAt = view.createdAt;
    view.order = request.order;
    view.payer = PayerView::fromPayer(request.payer);
    view.payTypes = request.payTypes;
    view.notes = request.notes;
    return view;
}

} // namespace deskpay
