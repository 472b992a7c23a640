#pragma once
// TemplateStore: the versioned order templates, one line of versions per product type; a version is never changed,
// "set" adds the next.

#include "models/ChangeOrder.h"
#include "models/Clock.h"
#include "models/Error.h"
#include "server/OrderTemplate.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

namespace deskpay {

class Database;

struct StoredTemplate
{
    ProductType productType = ProductType::DateChange;
    int version = 0;
    OrderTemplate definition;
    QDateTime createdAt; // the epoch for the versions the migration seeded
    QString createdBy; // agent user name, "admin" or "migration"
};

// Error codes: template_not_found (no such product type or version), template_invalid (a
// stored definition that no longer reads — a hand-edited row), database_error.
class TemplateStore
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::TemplateStore)

public:
    TemplateStore(const Database &database, const Clock &clock);

    // The highest version for the product type.
    [[nodiscard]] Result<StoredTemplate> latest(ProductType type) const;
    [[nodiscard]] Result<StoredTemplate> get(ProductType type, int version) const;
    // Every version of every product type, by product type and version.
    [[nodiscard]] Result<QList<StoredTemplate>> list() const;

    // Validates the definition (template_invalid) and stores it as the next version, in a
    // write transaction of its own — so call it outside one. Two writers at once (several
    // instances on PostgreSQL) both succeed with consecutive versions.
    [[nodiscard]] Result<StoredTemplate> add(
        ProductType type, const OrderTemplate &definition, const QString &createdBy) const;

private:
    [[nodiscard]] Result<QList<StoredTemplate>> select(const QString &where, const QVariantList &values) const;
    [[nodiscard]] Result<int> insertNext(
        ProductType type, const QByteArray &definition, const QString &createdBy) const;

    const Database &m_database;
    const Clock &m_clock;
};

} // namespace deskpay
