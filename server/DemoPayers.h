#pragma once
// DemoPayers: the demo payer accounts `--demo` seeds — payer1, payer2 (resident ids) and payer3 (passport) —
// idempotently.

#include "models/Error.h"
#include "models/Payer.h"

#include <QCoreApplication>
#include <QList>
#include <QStringList>

namespace deskpay {

class Database;
class PasswordHasher;
class PayerAccountStore;

// The identities are made-up demo data (docs/operations.md lists them, numbers included, so
// agents can type them into orders); the password is DemoAgents::Password.
class DemoPayers
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::DemoPayers)

public:
    struct Demo
    {
        Payer payer;
        QString contactKind;
        QString contactAddress;
    };

    // payer1 张伟 (CN_RESIDENT_ID 11010519491231002X, sms), payer2 王芳 (CN_RESIDENT_ID
    // 440304198506123412, email), payer3 Anna Maria Eriksson (PASSPORT L898902C3, email).
    [[nodiscard]] static QList<Demo> accounts();

    // Adds whichever demo payers are missing, in one transaction; returns their account ids
    // (empty when all were there already). Existing accounts are never touched.
    [[nodiscard]] static Result<QStringList> seed(
        const Database &database, const PayerAccountStore &payers, const PasswordHasher &hasher);
};

} // namespace deskpay
