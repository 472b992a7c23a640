#include "server/DemoPayers.h"

#include "server/Database.h"
#include "server/DemoAgents.h"
#include "server/PasswordHasher.h"
#include "server/PayerAccountStore.h"

using namespace Qt::StringLiterals;

namespace deskpay {

QList<DemoPayers::Demo> DemoPayers::accounts()
{
    return {
        Demo { Payer(u"payer1"_s, RealNameId(u"张伟"_s, DocumentType::CnResidentId, u"11010519491231002X"_s)), u"sms"_s,
            u"+8613800138001"_s },
        Demo { Payer(u"payer2"_s, RealNameId(u"王芳"_s, DocumentType::CnResidentId, u"440304198506123412"_s)),
            u"email"_s, u"wang.fang@example.com"_s },
        Demo { Payer(u"payer3"_s, RealNameId(u"Anna Maria Eriksson"_s, DocumentType::Passport, u"L898902C3"_s)),
            u"email"_s, u"anna.eriksson@example.org"_s },
    };
}

Result<QStringList> DemoPayers::seed(
    const Database &database, const PayerAccountStore &payers, const PasswordHasher &hasher)
{
    if (auto begun = database.beginWriteTransaction(); !begun)
        return std::unexpected(begun.error());
    QStringList added;
    for (const Demo &demo : accounts()) {
        auto existing = payers.findByAccountId(demo.payer.accountId());
        if (!existing) {
            database.rollback();
            return std::unexpected(existing.error());
        }
        if (existing->has_value())
            continue;
        const auto hash = hasher.hash(QByteArrayView(DemoAgents::Password.data(), DemoAgents::Password.size()));
        if (!hash) {
            database.rollback();
            return std::unexpected(hash.error());
        }
        if (auto created = payers.add(demo.payer, demo.contactKind, demo.contactAddress, *hash); !created) {
            database.rollback();
            return std::unexpected(created.error());
        }
        added.append(demo.payer.accountId());
    }
    if (auto committed = database.commit(); !committed) {
        database.rollback();
        return std::unexpected(committed.error());
    }
    return added;
}

} // namespace deskpay
