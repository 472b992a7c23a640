#include "server/TemplateStore.h"

#include "server/Database.h"
#include "services/protocol/ErrorCodes.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

// A unique-key race between two writers is retried this often before giving up.
constexpr int InsertAttempts = 5;
// PostgreSQL: writers of templates queue on this advisory lock (per schema), so the race
// above does not happen there and no statement fails inside a transaction.
constexpr qint32 TemplateLockKey = 0x44505450; // "DPTP"

} // namespace

TemplateStore::TemplateStore(const Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{
}

Result<QList<StoredTemplate>> TemplateStore::select(const QString &where, const QVariantList &values) const
{
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    query.prepare(
        u"SELECT product_type, version, definition, created_at, created_by FROM order_templates %1"_s.arg(where));
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return fail(u"database_error"_s, tr("Cannot read order templates: %1").arg(query.lastError().text()));
    QList<StoredTemplate> templates;
    while (query.next()) {
        StoredTemplate stored;
        const auto type = productTypeFromName(query.value(0).toString());
        if (!type)
            return fail(ErrorCodes::TemplateInvalid.toString(),
                tr("A stored template names the unknown product type %1.").arg(query.value(0).toString().left(40)));
        stored.productType = *type;
        stored.version = query.value(1).toInt();
        auto definition = OrderTemplate::parse(query.value(2).toString().toUtf8());
        if (!definition)
            return fail(ErrorCodes::TemplateInvalid.toString(),
                tr("Version %1 of the %2 template is not valid: %3")
                    .arg(stored.version)
                    .arg(query.value(0).toString(), definition.error().message));
        stored.definition = std::move(*definition);
        stored.createdAt = QDateTime::fromMSecsSinceEpoch(query.value(3).toLongLong(), Qt::UTC);
        stored.createdBy = query.value(4).toString();
        templates.append(std::move(stored));
    }
    return templates;
}

Result<StoredTemplate> TemplateStore::latest(ProductType type) const
{
    auto found = select(u"WHERE product_type = ? ORDER BY version DESC LIMIT 1"_s, { productTypeName(type) });
    if (!found)
        return std::unexpected(found.error());
    if (found->isEmpty())
        return fail(ErrorCodes::TemplateNotFound.toString(),
            tr("There is no order template for %1.").arg(productTypeName(type)));
    return found->takeFirst();
}

Result<StoredTemplate> TemplateStore::get(ProductType type, int version) const
{
    auto found = select(u"WHERE product_type = ? AND version = ?"_s, { productTypeName(type), version });
    if (!found)
        return std::unexpected(found.error());
    if (found->isEmpty())
        return fail(ErrorCodes::TemplateNotFound.toString(),
            tr("There is no version %1 of the %2 order template.").arg(version).arg(productTypeName(type)));
    return found->takeFirst();
}

Result<QList<StoredTemplate>> TemplateStore::list() const
{
    // The CHECK constraint fixes the names; this order keeps the enum's order on both backends.
    return select(
        u"ORDER BY CASE product_type WHEN 'DATE_CHANGE' THEN 0 WHEN 'UPGRADE' THEN 1 ELSE 2 END, version"_s, {});
}

Result<int> TemplateStore::insertNext(ProductType type, const QByteArray &definition, const QString &createdBy) const
{
    // One statement computes and claims the next version; a concurrent writer that computed
    // the same one fails on the primary key and the caller tries again. The casts give
    // PostgreSQL the parameter types it cannot infer from a SELECT list.
    if (m_database.backend() == DatabaseBackend::PostgreSql) {
        QSqlQuery lock(m_database.connection());
        if (!lock.exec(u"SELECT pg_advisory_xact_lock(%1, hashtext(current_schema()))"_s.arg(TemplateLockKey)))
            return fail(u"database_error"_s, tr("Cannot lock the order templates: %1").arg(lock.lastError().text()));
    }
    QSqlQuery insert(m_database.connection());
    insert.prepare(u"INSERT INTO order_templates (product_type, version, definition, created_at, created_by) "
                   "SELECT CAST(? AS TEXT), COALESCE(MAX(version), 0) + 1, CAST(? AS TEXT), CAST(? AS BIGINT), "
                   "CAST(? AS TEXT) FROM order_templates WHERE product_type = ?"_s);
    insert.addBindValue(productTypeName(type));
    insert.addBindValue(QString::fromUtf8(definition));
    insert.addBindValue(m_clock.now().toMSecsSinceEpoch());
    insert.addBindValue(createdBy);
    insert.addBindValue(productTypeName(type));
    if (!insert.exec())
        return fail(u"database_error"_s, tr("Cannot store the order template: %1").arg(insert.lastError().text()));
    insert.finish();
    QSqlQuery version(m_database.connection());
    version.prepare(u"SELECT MAX(version) FROM order_templates WHERE product_type = ?"_s);
    version.addBindValue(productTypeName(type));
    if (!version.exec() || !version.next())
        return fail(u"database_error"_s, tr("Cannot read the order template back: %1").arg(version.lastError().text()));
    return version.value(0).toInt();
}

Result<StoredTemplate> TemplateStore::add(
    ProductType type, const OrderTemplate &definition, const QString &createdBy) const
{
    const ValidationReport report = definition.validate();
    if (!report.isValid()) {
        QStringList parts;
        for (const ValidationIssue &issue : report.issues())
            parts.append(issue.field + u": "_s + issue.message);
        return fail(ErrorCodes::TemplateInvalid.toString(),
            tr("The template is not valid: %1").arg(parts.join(u"; "_s)), report.issues().constFirst().field);
    }
    if (createdBy.trimmed().isEmpty())
        return fail(u"created_by_missing"_s, tr("Say who sets the template."));
    const QByteArray canonical = definition.toCanonicalJson();
    Error last;
    for (int attempt = 0; attempt < InsertAttempts; ++attempt) {
        if (auto begun = m_database.beginWriteTransaction(); !begun)
            return std::unexpected(begun.error());
        const auto version = insertNext(type, canonical, createdBy.trimmed());
        if (!version) {
            m_database.rollback();
            last = version.error();
            continue;
        }
        if (auto committed = m_database.commit(); !committed) {
            m_database.rollback();
            last = committed.error();
            continue;
        }
        return get(type, *version);
    }
    return std::unexpected(last);
}

} // namespace deskpay
