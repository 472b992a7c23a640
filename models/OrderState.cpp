#include "models/OrderState.h"

#include <QCoreApplication>

#include <array>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

struct StateRow
{
    OrderState state;
    const char16_t *name;
};

// Indexed by the enum value; the wire names are part of the protocol and never change.
constexpr std::array<StateRow, 11> kStates { {
    { OrderState::Submitted, u"SUBMITTED" },
    { OrderState::AwaitingPayerConfirmation, u"AWAITING_PAYER_CONFIRMATION" },
    { OrderState::PaymentPending, u"PAYMENT_PENDING" },
    { OrderState::Paid, u"PAID" },
    { OrderState::Rejected, u"REJECTED" },
    { OrderState::ConfirmationExpired, u"CONFIRMATION_EXPIRED" },
    { OrderState::PayerDeclined, u"PAYER_DECLINED" },
    { OrderState::PaymentFailed, u"PAYMENT_FAILED" },
    { OrderState::Cancelled, u"CANCELLED" },
    { OrderState::RefundPending, u"REFUND_PENDING" },
    { OrderState::Refunded, u"REFUNDED" },
} };

constexpr bool rowsMatchEnum()
{
    for (std::size_t i = 0; i < kStates.size(); ++i)
        if (std::size_t(kStates[i].state) != i)
            return false;
    return true;
}
static_assert(rowsMatchEnum(), "kStates must be indexed by OrderState");

// The transition table of OrderState.h, as bit sets of targets.
constexpr quint32 bit(OrderState s)
{
    return quint32(1) << unsigned(s);
}

constexpr quint32 targetsOf(OrderState from)
{
    switch (from) {
    case OrderState::Submitted:
        return bit(OrderState::AwaitingPayerConfirmation) | bit(OrderState::Rejected) | bit(OrderState::Cancelled);
    case OrderState::AwaitingPayerConfirmation:
        return bit(OrderState::PaymentPending) | bit(OrderState::ConfirmationExpired) | bit(OrderState::PayerDeclined)
            | bit(OrderState::Cancelled);
    case OrderState::PaymentPending:
        return bit(OrderState::Paid) | bit(OrderState::PaymentFailed) | bit(OrderState::Cancelled);
    case OrderState::Paid:
        return bit(OrderState::RefundPending);
    case OrderState::RefundPending:
        return bit(OrderState::Refunded) | bit(OrderState::Paid);
    case OrderState::Rejected:
    case OrderState::ConfirmationExpired:
    case OrderState::PayerDeclined:
    case OrderState::PaymentFailed:
    case OrderState::Cancelled:
    case OrderState::Refunded:
        return 0;
    }
    return 0;
}

bool isKnown(OrderState s)
{
    return std::size_t(s) < kStates.size();
}

} // namespace

QList<OrderState> allOrderStates()
{
    QList<OrderState> out;
    for (const StateRow &row : kStates)
        out.append(row.state);
    return out;
}

QString orderStateName(OrderState state)
{
    if (!isKnown(state))
        return {};
    return QString::fromUtf16(kStates[std::size_t(state)].name);
}

Result<OrderState> orderStateFromName(QStringView name)
{
    for (const StateRow &row : kStates) {
        if (name == QStringView(row.name))
            return row.state;
    }
    return fail(u"order_state_unknown"_s,
        QCoreApplication::translate("deskpay::OrderState", "Unknown order state \"%1\".")
            .arg(name.left(40).toString()));
}

QString orderStateDisplayName(OrderState state)
{
    switch (state) {
    case OrderState::Submitted:
        return QCoreApplication::translate("deskpay::OrderState", "Submitted");
    case OrderState::AwaitingPayerConfirmation:
        return QCoreApplication::translate("deskpay::OrderState", "Awaiting payer confirmation");
    case OrderState::PaymentPending:
        return QCoreApplication::translate("deskpay::OrderState", "Payment pending");
    case OrderState::Paid:
        return QCoreApplication::translate("deskpay::OrderState", "Paid");
    case OrderState::Rejected:
        return QCoreApplication::translate("deskpay::OrderState", "Rejected");
    case OrderState::ConfirmationExpired:
        return QCoreApplication::translate("deskpay::OrderState", "Confirmation expired");
    case OrderState::PayerDeclined:
        return QCoreApplication::translate("deskpay::OrderState", "Declined by payer");
    case OrderState::PaymentFailed:
        return QCoreApplication::translate("deskpay::OrderState", "Payment failed");
    case OrderState::Cancelled:
        return QCoreApplication::translate("deskpay::OrderState", "Cancelled");
    case OrderState::RefundPending:
        return QCoreApplication::translate("deskpay::OrderState", "Refund pending");
    case OrderState::Refunded:
        return QCoreApplication::translate("deskpay::OrderState", "Refunded");
    }
    return {};
}

QList<OrderState> allowedTransitions(OrderState from)
{
    QList<OrderState> out;
    if (!isKnown(from))
        return out;
    const quint32 targets = targetsOf(from);
    for (const StateRow &row : kStates) {
        if (targets & bit(row.state))
            out.append(row.state);
    }
    return out;
}

bool canTransition(OrderState from, OrderState to)
{
    return isKnown(from) && isKnown(to) && (targetsOf(from) & bit(to)) != 0;
}

Result<OrderState> transition(OrderState from, OrderState to)
{
    if (canTransition(from, to))
        return to;
    if (isKnown(from) && isFinal(from)) {
        return fail(u"illegal_transition"_s,
            QCoreApplication::translate("deskpay::OrderState", "The order is %1, a final state; it cannot become %2.")
                .arg(orderStateName(from), orderStateName(to)));
    }
    return fail(u"illegal_transition"_s,
        QCoreApplication::translate("deskpay::OrderState", "An order cannot go from %1 to %2.")
            .arg(orderStateName(from), orderStateName(to)));
}

bool isFinal(OrderState state)
{
    return isKnown(state) && targetsOf(state) == 0;
}

bool isPaidOut(OrderState state)
{
    return state == OrderState::Paid || state == OrderState::RefundPending;
}

} // namespace deskpay
