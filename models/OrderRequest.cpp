#include "models/OrderRequest.h"

#include "models/Clock.h"

using namespace Qt::StringLiterals;

namespace deskpay {

QList<PayType> allPayTypes()
{
    return { PayType::Alipay, PayType::WechatPay };
}

QString payTypeName(PayType type)
{
    switch (type) {
    case PayType::Alipay:
        return u"ALIPAY"_s;
    case PayType::WechatPay:
        return u"WECHAT_PAY"_s;
    }
    Q_UNREACHABLE();
    return {};
}

Result<PayType> payTypeFromName(QStringView name)
{
    for (PayType t : allPayTypes())
        if (name == payTypeName(t))
            return t;
    return fail(u"pay_type_unknown"_s,
        OrderRequest::tr("Unknown pay type \"%1\"; use ALIPAY or WECHAT_PAY.").arg(name.left(32)));
}

QString payTypeDisplayName(PayType type)
{
    switch (type) {
    case PayType::Alipay:
        return OrderRequest::tr("Alipay");
    case PayType::WechatPay:
        return OrderRequest::tr("WeChat Pay");
    }
    Q_UNREACHABLE();
    return {};
}

ValidationReport OrderRequest::validate(
    const Clock &clock, const AirportTable &airports, const ChangeOrderPolicy &policy) const
{
    ValidationReport report = order.validate(clock, airports, policy);
    report.merge(payer.validate(RealNameId::latestDate(clock.now())));

    if (payTypes.isEmpty())
        report.add(u"payTypes"_s, u"required"_s, tr("Choose at least one pay type the payer may use."));
    for (qsizetype i = 0; i < payTypes.size(); ++i)
        if (payTypes.indexOf(payTypes[i]) < i)
            report.add(u"payTypes["_s + QString::number(i) + u']', u"pay_type_duplicate"_s,
                tr("%1 is listed more than once.").arg(payTypeDisplayName(payTypes[i])));

    // Counted in characters (code points), as the wire limit is.
    qsizetype characters = 0;
    for (QChar c : notes)
        characters += c.isLowSurrogate() ? 0 : 1;
    if (characters > MaxNotesLength)
        report.add(u"notes"_s, u"too_long"_s, tr("Notes may have at most 500 characters."));
    for (QChar c : notes) {
        // Line breaks and tabs are fine in notes; other control characters and bidi overrides
        // hide or reorder text that the payer is asked to confirm.
        const char16_t u = c.unicode();
        const bool bidi = (u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069);
        if ((c.category() == QChar::Other_Control && c != u'\n' && c != u'\t') || bidi) {
            report.add(u"notes"_s, u"notes_characters"_s, tr("Notes may not contain control characters."));
            break;
        }
    }
    return report;
}

} // namespace deskpay
