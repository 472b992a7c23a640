#pragma once
// DemoAgents: the demo accounts `--demo` seeds — agent1, agent2 and supervisor super1 — idempotently.

#include "models/Error.h"

#include <QCoreApplication>
#include <QStringList>

namespace deskpay {

class AgentStore;
class Database;
class PasswordHasher;

class DemoAgents
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::DemoAgents)

public:
    // The one documented demo password (docs/operations.md). It exists only in databases
    // seeded with --demo; real accounts come from `deskpay-server admin add-agent`.
    static constexpr QLatin1StringView Password = QLatin1StringView("deskpay-demo");

    // Adds whichever demo agents are missing, in one transaction; returns their names
    // (empty when all were there already). Existing accounts are never touched.
    [[nodiscard]] static Result<QStringList> seed(
        const Database &database, const AgentStore &agents, const PasswordHasher &hasher);
};

} // namespace deskpay
