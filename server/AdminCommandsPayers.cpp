// `deskpay-server admin` commands for payer accounts and order templates (the agent and desk-key
// commands are in AdminCommands.cpp).

#include "server/AdminCommands.h"

#include "server/Database.h"
#include "server/PasswordHasher.h"
#include "server/PayerAccountStore.h"
#include "server/ServerSecrets.h"
#include "server/SqlSupport.h"
#include "server/TemplateStore.h"

#include <QCommandLineParser>
#include <QFile>

#include <openssl/crypto.h>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

// The issues of a report as indented lines, for one error message.
QString issueLines(const QList<ValidationIssue> &issues)
{
    QStringList lines;
    for (const ValidationIssue &issue : issues)
        lines.append(u"  "_s + issue.field + u": "_s + issue.message);
    return lines.join(u'\n');
}

bool isDocumentField(const QString &field)
{
    return field == u"payer.documentNumber"_s || field == u"payer.mrzLine"_s;
}

} // namespace

int AdminCommands::addPayer(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption accountId(u"account-id"_s, tr("The payer's account id."), tr("ID"));
    const QCommandLineOption name(u"name"_s, tr("The payer's real name, as on the document."), tr("NAME"));
    const QCommandLineOption documentType(u"document-type"_s, tr("CN_RESIDENT_ID, PASSPORT or OTHER."), tr("TYPE"));
    const QCommandLineOption contactKind(u"contact-kind"_s, tr("sms or email."), tr("KIND"));
    const QCommandLineOption contact(u"contact"_s, tr("Phone number (+86…) or e-mail address."), tr("ADDRESS"));
    // The same name as the server's option; --secrets-file is accepted as well.
    const QCommandLineOption secretsFile(QStringList { u"identity-key-file"_s, u"secrets-file"_s },
        tr("The master key file the servers share (default: DIR/secrets/master.key)."), tr("FILE"));
    parser.addOptions({ accountId, name, documentType, contactKind, contact, secretsFile });
    if (const int parsed = parseOptions(
            parser, arguments, 0, { u"account-id"_s, u"name"_s, u"document-type"_s, u"contact-kind"_s, u"contact"_s });
        parsed != Ok)
        return parsed;
    const auto type = documentTypeFromName(parser.value(documentType));
    if (!type)
        return failWith(tr("--document-type must be CN_RESIDENT_ID, PASSPORT or OTHER, not “%1”.")
                            .arg(parser.value(documentType).left(40)),
            Usage);
    if (!parser.isSet(secretsFile) && !parser.isSet(u"data-dir"_s))
        return failWith(tr("Give --identity-key-file (the master key the servers share) or --data-dir."), Usage);
    const QDate today = RealNameId::latestDate(m_clock.now());
    // What the command line says is checked before anything is read from stdin.
    {
        const Payer probe(parser.value(accountId), RealNameId(parser.value(name), *type, QString()));
        QList<ValidationIssue> issues
            = PayerAccountStore::validate(probe, parser.value(contactKind), parser.value(contact), today).issues();
        issues.removeIf([](const ValidationIssue &issue) { return isDocumentField(issue.field); });
        if (!issues.isEmpty())
            return failWith(tr("The payer account is not valid:\n%1").arg(issueLines(issues)), Usage);
    }

    QByteArray number = readSecretLine(tr("Document number: "), RealNameId::MaxNumberLength * 4);
    if (number.trimmed().isEmpty())
        return failWith(
            tr("Give the document number on standard input (first line), then the password (second line)."), Failed);
    const Payer payer(parser.value(accountId), RealNameId(parser.value(name), *type, QString::fromUtf8(number)));
    OPENSSL_cleanse(number.data(), size_t(number.size()));
    auto password = readPassword();
    if (!password)
        return failWith(password.error().message, Failed);
    const ValidationReport report
        = PayerAccountStore::validate(payer, parser.value(contactKind), parser.value(contact), today);
    if (!report.isValid()) {
        OPENSSL_cleanse(password->data(), size_t(password->size()));
        return failWith(tr("The payer account is not valid:\n%1").arg(issueLines(report.issues())), Failed);
    }
    const PasswordHasher hasher(m_hashing);
    const auto hash = hasher.hash(*password);
    OPENSSL_cleanse(password->data(), size_t(password->size()));
    if (!hash)
        return failWith(hash.error().message, Failed);

    const auto db = openFrom(parser);
    if (!db)
        return Failed;
    const auto secrets = ServerSecrets::loadOrCreate(parser.value(u"data-dir"_s), parser.value(secretsFile));
    if (!secrets)
        return failWith(secrets.error().message, Failed);
    const PayerAccountStore payers(*db, m_clock, *secrets);
    const auto added = sql::inWriteTransaction<PayerAccount>(
        *db, [&]() { return payers.add(payer, parser.value(contactKind), parser.value(contact), *hash); });
    if (!added)
        return failWith(added.error().message, Failed);
    print(tr("added payer %1 (%2 %3, %4 %5)\n")
              .arg(added->accountId, documentTypeName(added->documentType), added->documentMasked, added->contactKind,
                  added->contactAddress));
    return Ok;
}

int AdminCommands::listPayers(const QStringList &arguments)
{
    QCommandLineParser parser;
    if (const int parsed = parseOptions(parser, arguments, 0); parsed != Ok)
        return parsed;
    const auto db = openFrom(parser);
    if (!db)
        return Failed;
    // Listing needs no key: only digests and masked numbers are stored, and only masked
    // numbers are shown.
    const ServerSecrets none = ServerSecrets::fromKey({});
    const PayerAccountStore payers(*db, m_clock, none);
    const auto all = payers.list();
    if (!all)
        return failWith(all.error().message, Failed);
    print(u"account id\tname\tdocument type\tdocument\tcontact kind\tcontact\tstatus\n"_s);
    const QDateTime now = m_clock.now();
    for (const PayerAccount &payer : *all) {
        const QString status = payer.isDisabled() ? u"disabled"_s
            : payer.isLockedAt(now)               ? u"locked-until-"_s + payer.lockedUntil.toString(Qt::ISODate)
                                                  : u"active"_s;
        print(
            u"%1\t%2\t%3\t%4\t%5\t%6\t%7\n"_s.arg(payer.accountId, payer.displayName, documentTypeName(payer.documentType),
                payer.documentMasked, payer.contactKind, payer.contactAddress, status));
    }
    return Ok;
}

int AdminCommands::listTemplates(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption show(u"show"_s, tr("Print one template's definition (JSON)."));
    const QCommandLineOption productType(
        u"product-type"_s, tr("DATE_CHANGE, UPGRADE or DATE_CHANGE_UPGRADE."), tr("TYPE"));
    const QCommandLineOption version(u"version"_s, tr("The version to show (default: the latest)."), tr("N"));
    parser.addOptions({ show, productType, version });
    if (const int parsed = parseOptions(parser, arguments, 0); parsed != Ok)
        return parsed;
    if (parser.isSet(show) && !parser.isSet(productType))
        return failWith(tr("--show needs --product-type."), Usage);
    std::optional<ProductType> type;
    if (parser.isSet(productType)) {
        const auto parsedType = productTypeFromName(parser.value(productType));
        if (!parsedType)
            return failWith(tr("--product-type must be DATE_CHANGE, UPGRADE or DATE_CHANGE_UPGRADE, not “%1”.")
                                .arg(parser.value(productType).left(40)),
                Usage);
        type = *parsedType;
    }
    int wanted = 0;
    if (parser.isSet(version)) {
        bool ok = false;
        wanted = parser.value(version).toInt(&ok);
        if (!ok || wanted < 1)
            return failWith(tr("--version must be a whole number from 1."), Usage);
        if (!parser.isSet(show))
            return failWith(tr("--version goes with --show."), Usage);
    }
    const auto db = openFrom(parser);
    if (!db)
        return Failed;
    const TemplateStore templates(*db, m_clock);
    if (parser.isSet(show)) {
        const auto found = wanted > 0 ? templates.get(*type, wanted) : templates.latest(*type);
        if (!found)
            return failWith(found.error().message, Failed);
        print(QString::fromUtf8(found->definition.toCanonicalJson()) + u'\n');
        return Ok;
    }
    const auto all = templates.list();
    if (!all)
        return failWith(all.error().message, Failed);
    print(u"product type\tversion\tcreated\tby\n"_s);
    for (const StoredTemplate &stored : *all) {
        if (type && stored.productType != *type)
            continue;
        print(u"%1\t%2\t%3\t%4\n"_s.arg(productTypeName(stored.productType))
                  .arg(stored.version)
                  .arg(stored.createdAt.toUTC().toString(Qt::ISODate), stored.createdBy));
    }
    return Ok;
}

int AdminCommands::setTemplate(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption productType(
        u"product-type"_s, tr("DATE_CHANGE, UPGRADE or DATE_CHANGE_UPGRADE."), tr("TYPE"));
    const QCommandLineOption file(u"file"_s, tr("The template definition (JSON)."), tr("JSON"));
    const QCommandLineOption by(u"by"_s, tr("Who sets it (default: admin)."), tr("NAME"));
    parser.addOptions({ productType, file, by });
    if (const int parsed = parseOptions(parser, arguments, 0, { u"product-type"_s, u"file"_s }); parsed != Ok)
        return parsed;
    const auto type = productTypeFromName(parser.value(productType));
    if (!type)
        return failWith(tr("--product-type must be DATE_CHANGE, UPGRADE or DATE_CHANGE_UPGRADE, not “%1”.")
                            .arg(parser.value(productType).left(40)),
            Usage);
    const QString author = parser.isSet(by) ? parser.value(by).trimmed() : u"admin"_s;
    if (author.isEmpty() || author.size() > 64)
        return failWith(tr("--by takes a name of 1–64 characters."), Usage);
    constexpr qint64 MaxTemplateBytes = 64 * 1024;
    QFile input(parser.value(file));
    if (!input.open(QIODevice::ReadOnly))
        return failWith(tr("Cannot read %1: %2").arg(parser.value(file), input.errorString()), Failed);
    const QByteArray json = input.read(MaxTemplateBytes + 1);
    if (json.size() > MaxTemplateBytes)
        return failWith(tr("%1 is larger than %2 KiB; a template is much smaller.")
                            .arg(parser.value(file))
                            .arg(MaxTemplateBytes / 1024),
            Failed);
    const auto definition = OrderTemplate::parse(json);
    if (!definition)
        return failWith(tr("%1: %2").arg(parser.value(file), definition.error().message), Failed);
    const auto db = openFrom(parser);
    if (!db)
        return Failed;
    const TemplateStore templates(*db, m_clock);
    const auto added = templates.add(*type, *definition, author);
    if (!added)
        return failWith(added.error().message, Failed);
    print(u"%1\t%2\n"_s.arg(productTypeName(added->productType)).arg(added->version));
    return Ok;
}

} // namespace deskpay
