#include "server/DemoAgents.h"

#include "server/AgentStore.h"
#include "server/Database.h"
#include "server/PasswordHasher.h"

using namespace Qt::StringLiterals;

namespace deskpay {

Result<QStringList> DemoAgents::seed(const Database &database, const AgentStore &agents, const PasswordHasher &hasher)
{
    const QList<NewAgent> demo {
        NewAgent { u"agent1"_s, u"Demo Agent 1"_s, AgentRole::Agent, u"DESK-01"_s, {} },
        NewAgent { u"agent2"_s, u"Demo Agent 2"_s, AgentRole::Agent, u"DESK-02"_s, {} },
        NewAgent { u"super1"_s, u"Demo Supervisor"_s, AgentRole::Supervisor, u"DESK-01"_s, {} },
    };
    if (auto begun = database.beginWriteTransaction(); !begun)
        return std::unexpected(begun.error());
    QStringList added;
    for (NewAgent agent : demo) {
        auto existing = agents.findByUsername(agent.username);
        if (!existing) {
            database.rollback();
            return std::unexpected(existing.error());
        }
        if (existing->has_value())
            continue;
        const auto hash = hasher.hash(QByteArrayView(Password.data(), Password.size()));
        if (!hash) {
            database.rollback();
            return std::unexpected(hash.error());
        }
        agent.passwordHash = *hash;
        if (auto created = agents.create(agent); !created) {
            database.rollback();
            return std::unexpected(created.error());
        }
        added.append(agent.username);
    }
    if (auto committed = database.commit(); !committed) {
        database.rollback();
        return std::unexpected(committed.error());
    }
    return added;
}

} // namespace deskpay
