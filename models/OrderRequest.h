#pragma once
// OrderRequest: everything an agent submits for one order — the change product, the payer
// and the pay types the payer may use — and its validation as a whole.

#include "models/ChangeOrder.h"
#include "models/Error.h"
#include "models/Payer.h"
#include "models/Validation.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringView>

namespace deskpay {

class AirportTable;
class Clock;

enum class PayType : quint8 {
    Alipay, // "ALIPAY"
    WechatPay, // "WECHAT_PAY"
};

// Every pay type, in the order of the enum.
[[nodiscard]] QList<PayType> allPayTypes();
// The stable wire name ("WECHAT_PAY").
[[nodiscard]] QString payTypeName(PayType type);
// From the wire name (exact, upper case); "pay_type_unknown" otherwise.
[[nodiscard]] Result<PayType> payTypeFromName(QStringView name);
// The translated name for people (context "deskpay::OrderRequest").
[[nodiscard]] QString payTypeDisplayName(PayType type);

// A plain value: codecs and forms fill the public fields, validate() says what is wrong.
struct OrderRequest
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::OrderRequest)

public:
    static constexpr qsizetype MaxNotesLength = 500;

    ChangeOrder order; // its fields sit at the root of the order JSON
    Payer payer; // "payer.…"
    QList<PayType> payTypes; // at least one, no duplicates
    QString notes; // free text for the payer and the back office, ≤ 500 characters

    // Every problem at once, field paths from the order JSON's root: the ChangeOrder's own
    // paths, "payer.…" (Payer::validate, birth dates checked against
    // RealNameId::latestDate(clock.now())), "payTypes" (required), "payTypes[i]"
    // (pay_type_duplicate), "notes" (too_long, notes_characters).
    [[nodiscard]] ValidationReport validate(
        const Clock &clock, const AirportTable &airports, const ChangeOrderPolicy &policy = {}) const;

    friend bool operator==(const OrderRequest &, const OrderRequest &) = default;
};

} // namespace deskpay
