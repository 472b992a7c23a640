#pragma once
// Payer: the person who pays an order — their payment account at DeskPay and their real-name
// identity, which the server checks against the one registered for that account.

#include "models/RealNameId.h"
#include "models/Validation.h"

#include <QCoreApplication>
#include <QDate>
#include <QString>

namespace deskpay {

class Payer
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::Payer)

public:
    // Account ids are 3-64 characters of ASCII letters, digits and . _ @ + - starting with a
    // letter, a digit or '+' (user names, e-mail addresses and E.164 phone numbers all fit):
    // ^[A-Za-z0-9+][A-Za-z0-9._@+-]{2,63}$. They are compared exactly (case-sensitive).
    static constexpr qsizetype MinAccountIdLength = 3;
    static constexpr qsizetype MaxAccountIdLength = 64;

    Payer() = default;
    // The account id is trimmed; the identity keeps its own normalisation.
    Payer(const QString &accountId, RealNameId identity);

    [[nodiscard]] const QString &accountId() const { return m_accountId; }
    [[nodiscard]] const RealNameId &identity() const { return m_identity; }

    // Every problem at once, with field paths from the order's root: "payer.accountId",
    // "payer.name", "payer.documentNumber", "payer.mrzLine". `today` as for
    // RealNameId::validate().
    [[nodiscard]] ValidationReport validate(QDate today) const;

    [[nodiscard]] static bool isValidAccountId(QStringView accountId);

    friend bool operator==(const Payer &, const Payer &) = default;

private:
    QString m_accountId;
    RealNameId m_identity;
};

} // namespace deskpay
