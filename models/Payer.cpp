#include "models/Payer.h"

using namespace Qt::StringLiterals;

namespace deskpay {

Payer::Payer(const QString &accountId, RealNameId identity)
    : m_accountId(accountId.trimmed())
    , m_identity(std::move(identity))
{
}

bool Payer::isValidAccountId(QStringView accountId)
{
    if (accountId.size() < MinAccountIdLength || accountId.size() > MaxAccountIdLength)
        return false;
    for (qsizetype i = 0; i < accountId.size(); ++i) {
        const char16_t c = accountId[i].unicode();
        const bool alnum = (c >= u'0' && c <= u'9') || (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z');
        const bool allowed = alnum || c == u'+' || (i > 0 && (c == u'.' || c == u'_' || c == u'@' || c == u'-'));
        if (!allowed)
            return false;
    }
    return true;
}

ValidationReport Payer::validate(QDate today) const
{
    ValidationReport report;
    const QString accountField = u"payer.accountId"_s;
    if (m_accountId.isEmpty())
        report.add(accountField, u"required"_s, tr("Enter the payer's DeskPay account."));
    else if (!isValidAccountId(m_accountId))
        report.add(accountField, u"account_id_format"_s,
            tr("A payer account has 3 to 64 letters, digits and . _ @ + - and starts with a letter, a digit "
               "or +."));
    report.merge(m_identity.validate(today), u"payer"_s);
    return report;
}

} // namespace deskpay
