#pragma once
// OrderState: the life of an order on the server and the only transitions it may make.
//
//   SUBMITTED ──────────────► AWAITING_PAYER_CONFIRMATION ──► PAYMENT_PENDING ──► PAID
//     │  └─► REJECTED              ├─► CONFIRMATION_EXPIRED        ├─► PAYMENT_FAILED   │
//     └───► CANCELLED              ├─► PAYER_DECLINED              └─► CANCELLED        ▼
//                                  └─► CANCELLED                           REFUND_PENDING ─► REFUNDED
//                                                                          (│ refund refused: back to PAID)
//
// The complete table (from → allowed targets):
//   SUBMITTED                    → AWAITING_PAYER_CONFIRMATION, REJECTED, CANCELLED
//   AWAITING_PAYER_CONFIRMATION  → PAYMENT_PENDING, CONFIRMATION_EXPIRED, PAYER_DECLINED, CANCELLED
//   PAYMENT_PENDING              → PAID, PAYMENT_FAILED, CANCELLED
//   PAID                         → REFUND_PENDING
//   REFUND_PENDING               → REFUNDED, PAID
//   REJECTED, CONFIRMATION_EXPIRED, PAYER_DECLINED, PAYMENT_FAILED, CANCELLED, REFUNDED → nothing
//
// Why these choices:
// - REJECTED only from SUBMITTED: signature, real-name and validation checks all run before
//   the payer is asked; later failures have their own states.
// - CANCELLED while payment is pending is allowed only because the server closes the
//   provider's payment order first; a payment that is already PAID is undone by a refund.
// - PAYMENT_FAILED is final: it is decided by the provider's signed notification, and a new
//   attempt is a new order. Retries within one payment stay in PAYMENT_PENDING.
// - PAID is the successful end of the payment flow but NOT final, because a refund may follow
//   (isFinal(PAID) is false, isPaidOut() covers "the payer's money was taken"). A refund the
//   provider refuses returns REFUND_PENDING to PAID, so it can be tried again.
// - A move to the same state is illegal: repeated events are deduplicated by their id, not
//   by pretending a transition happened.

#include "models/Error.h"

#include <QList>
#include <QString>
#include <QStringView>

namespace deskpay {

enum class OrderState : quint8 {
    Submitted,
    AwaitingPayerConfirmation,
    PaymentPending,
    Paid,
    Rejected,
    ConfirmationExpired,
    PayerDeclined,
    PaymentFailed,
    Cancelled,
    RefundPending,
    Refunded,
};

// Every state, in the order of the enum.
[[nodiscard]] QList<OrderState> allOrderStates();
// The stable upper-case wire name ("AWAITING_PAYER_CONFIRMATION").
[[nodiscard]] QString orderStateName(OrderState state);
// From the wire name (exact, upper case); "order_state_unknown" otherwise.
[[nodiscard]] Result<OrderState> orderStateFromName(QStringView name);
// The translated name for people (context "deskpay::OrderState").
[[nodiscard]] QString orderStateDisplayName(OrderState state);

// The states `from` may move to, in enum order (empty for final states).
[[nodiscard]] QList<OrderState> allowedTransitions(OrderState from);
[[nodiscard]] bool canTransition(OrderState from, OrderState to);
// `to` when the move is legal; "illegal_transition" (naming both states) otherwise.
[[nodiscard]] Result<OrderState> transition(OrderState from, OrderState to);
// No transition leaves a final state.
[[nodiscard]] bool isFinal(OrderState state);
// The payer's money has been taken and not (yet) returned: PAID, REFUND_PENDING.
[[nodiscard]] bool isPaidOut(OrderState state);

} // namespace deskpay
