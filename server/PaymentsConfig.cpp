#include "server/PaymentsConfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QStringDecoder>

#include <openssl/crypto.h>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

constexpr qint64 MaxConfigSize = 256 * 1024;
constexpr qint64 MaxKeyFileSize = 64 * 1024;
constexpr qsizetype ApiV3KeyBytes = 32;

constexpr QFileDevice::Permissions GroupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup
    | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;

struct Entry
{
    QString value;
    int line = 0;
};

struct Section
{
    int line = 0;
    QHash<QString, Entry> entries;
};

const QHash<QString, QStringList> &knownKeys()
{
    static const QHash<QString, QStringList> keys {
        { u"network"_s, { u"ca_file"_s, u"query_schedule"_s } },
        { u"alipay"_s,
            { u"gateway_url"_s, u"cashier_url"_s, u"app_id"_s, u"merchant_private_key"_s, u"platform_public_key"_s } },
        { u"wechat"_s,
            { u"base_url"_s, u"cashier_url"_s, u"app_id"_s, u"mch_id"_s, u"merchant_private_key"_s,
                u"merchant_serial"_s, u"platform_public_keys"_s, u"api_v3_key_file"_s } },
    };
    return keys;
}

// An inline comment starts at a ';' or '#' that follows whitespace, so a value may still hold
// either character ("a;b") while "value   ; note" reads as "value".
QString withoutComment(const QString &line)
{
    for (qsizetype i = 1; i < line.size(); ++i) {
        if ((line.at(i) == u';' || line.at(i) == u'#') && line.at(i - 1).isSpace())
            return line.left(i);
    }
    return line;
}

class Reader
{
public:
    explicit Reader(QString path)
        : m_path(std::move(path))
    {
    }

    [[nodiscard]] std::unexpected<Error> error(int line, const QString &field, const QString &message) const
    {
        const QString where = line > 0 ? u"%1:%2"_s.arg(m_path).arg(line) : m_path;
        return fail(u"bad_config"_s, PaymentsConfig::tr("%1: %2").arg(where, message), field);
    }

    [[nodiscard]] Result<void> parse(const QString &text)
    {
        static const QRegularExpression sectionPattern(u"^\\[\\s*([A-Za-z0-9_]+)\\s*\\]$"_s);
        static const QRegularExpression keyPattern(u"^[a-z0-9_]+$"_s);
        const QStringList lines = text.split(u'\n');
        QString current;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const int number = int(i + 1);
            QString line = lines.at(i).trimmed();
            if (line.isEmpty() || line.startsWith(u';') || line.startsWith(u'#'))
                continue;
            line = withoutComment(line).trimmed();
            if (line.startsWith(u'[')) {
                const auto match = sectionPattern.match(line);
                if (!match.hasMatch())
                    return error(number, {}, PaymentsConfig::tr("“%1” is not a section header.").arg(line.left(60)));
                const QString name = match.captured(1);
                if (!knownKeys().contains(name))
                    return error(number, name,
                        PaymentsConfig::tr("unknown section [%1] (known: [network], [alipay], [wechat]).")
                            .arg(name.left(60)));
                if (m_sections.contains(name))
                    return error(number, name,
                        PaymentsConfig::tr("[%1] appears twice (first on line %2).")
                            .arg(name)
                            .arg(m_sections.value(name).line));
                m_sections.insert(name, Section { number, {} });
                current = name;
                continue;
            }
            const qsizetype equals = line.indexOf(u'=');
            if (equals < 0)
                return error(number, {}, PaymentsConfig::tr("expected “key = value” or a [section]."));
            const QString key = line.left(equals).trimmed();
            const QString value = line.mid(equals + 1).trimmed();
            if (!keyPattern.match(key).hasMatch())
                return error(number, {}, PaymentsConfig::tr("“%1” is not a key name.").arg(key.left(60)));
            if (current.isEmpty())
                return error(number, key,
                    PaymentsConfig::tr("“%1” is outside any section; put it under [network], [alipay] or [wechat].")
                        .arg(key));
            const QString field = current + u'.' + key;
            const QStringList &known = knownKeys().value(current);
            if (!known.contains(key))
                return error(number, field,
                    PaymentsConfig::tr("unknown key “%1” in [%2] (known keys: %3).")
                        .arg(key, current, known.join(u", "_s)));
            Section &section = m_sections[current];
            if (section.entries.contains(key))
                return error(number, field,
                    PaymentsConfig::tr("“%1” is set twice in [%2] (first on line %3).")
                        .arg(key, current)
                        .arg(section.entries.value(key).line));
            section.entries.insert(key, Entry { value, number });
        }
        return {};
    }

    [[nodiscard]] bool hasSection(const QString &name) const { return m_sections.contains(name); }
    [[nodiscard]] std::optional<Entry> optional(const QString &section, const QString &key) const
    {
        const auto it = m_sections.constFind(section);
        if (it == m_sections.cend() || !it->entries.contains(key))
            return std::nullopt;
        return it->entries.value(key);
    }

    // A key the section must have, with a value.
    [[nodiscard]] Result<Entry> required(const QString &section, const QString &key) const
    {
        const std::optional<Entry> entry = optional(section, key);
        if (!entry)
            return error(m_sections.value(section).line, section + u'.' + key,
                PaymentsConfig::tr("[%1] needs “%2”.").arg(section, key));
        if (entry->value.isEmpty())
            return error(entry->line, section + u'.' + key, PaymentsConfig::tr("“%1” is empty.").arg(key));
        return *entry;
    }

    [[nodiscard]] QString resolve(const QString &file) const
    {
        if (QDir::isAbsolutePath(file))
            return QDir::cleanPath(file);
        return QDir::cleanPath(QFileInfo(m_path).absoluteDir().absoluteFilePath(file));
    }

    // The contents of a file the entry names; `secret` also demands mode 600.
    [[nodiscard]] Result<QByteArray> readFile(
        const QString &field, const Entry &entry, const QString &file, bool secret) const
    {
        const QString path = resolve(file);
        const QFileInfo info(path);
        if (!info.exists())
            return error(entry.line, field, PaymentsConfig::tr("%1: the file %2 does not exist.").arg(field, path));
        if (!info.isFile())
            return error(entry.line, field, PaymentsConfig::tr("%1: %2 is not a file.").arg(field, path));
        // A key others can read is a key others may have copied: refuse rather than quietly fix
        // the mode, so the operator looks at how it came to be that way.
        if (secret && (QFile::permissions(path) & GroupOrOther))
            return error(entry.line, field,
                PaymentsConfig::tr("%1: %2 is readable or writable by group or others; run chmod 600 on it.")
                    .arg(field, path));
        QFile in(path);
        if (!in.open(QIODevice::ReadOnly))
            return error(
                entry.line, field, PaymentsConfig::tr("%1: cannot read %2: %3").arg(field, path, in.errorString()));
        if (in.size() > MaxKeyFileSize)
            return error(entry.line, field, PaymentsConfig::tr("%1: %2 is too large for a key file.").arg(field, path));
        return in.readAll();
    }

    [[nodiscard]] Result<RsaKey> privateKey(const QString &section, const QString &key) const
    {
        const auto entry = required(section, key);
        if (!entry)
            return std::unexpected(entry.error());
        const QString field = section + u'.' + key;
        auto pem = readFile(field, *entry, entry->value, true);
        if (!pem)
            return std::unexpected(pem.error());
        auto rsa = RsaKey::fromPrivateKeyPem(*pem);
        OPENSSL_cleanse(pem->data(), size_t(pem->size()));
        if (!rsa)
            return error(entry->line, field, PaymentsConfig::tr("%1: %2").arg(field, rsa.error().message));
        return rsa;
    }

    [[nodiscard]] Result<RsaKey> publicKey(const QString &field, const Entry &entry, const QString &file) const
    {
        auto pem = readFile(field, entry, file, false);
        if (!pem)
            return std::unexpected(pem.error());
        auto rsa = RsaKey::fromPublicKeyPem(*pem);
        if (!rsa)
            return error(entry.line, field, PaymentsConfig::tr("%1: %2").arg(field, rsa.error().message));
        return rsa;
    }

    // Gateways are reached over TLS only, and the cashier is where the payer's browser goes.
    [[nodiscard]] Result<QUrl> httpsUrl(const QString &section, const QString &key) const
    {
        const auto entry = required(section, key);
        if (!entry)
            return std::unexpected(entry.error());
        const QUrl url(entry->value, QUrl::StrictMode);
        if (!url.isValid() || url.scheme() != u"https"_s || url.host().isEmpty() || url.hasFragment()
            || !url.userInfo().isEmpty())
            return error(entry->line, section + u'.' + key,
                PaymentsConfig::tr("%1: “%2” is not an https:// URL.").arg(key, entry->value.left(200)));
        return url;
    }

    [[nodiscard]] Result<QString> identifier(const QString &section, const QString &key) const
    {
        static const QRegularExpression pattern(u"^[A-Za-z0-9_.-]{1,64}$"_s);
        const auto entry = required(section, key);
        if (!entry)
            return std::unexpected(entry.error());
        if (!pattern.match(entry->value).hasMatch())
            return error(entry->line, section + u'.' + key,
                PaymentsConfig::tr("%1: “%2” is not an id (letters, digits, _ . -, at most 64).")
                    .arg(key, entry->value.left(80)));
        return entry->value;
    }

private:
    QString m_path;
    QHash<QString, Section> m_sections;
};

Result<AlipayConfig> readAlipay(const Reader &reader)
{
    const QString section = u"alipay"_s;
    AlipayConfig config;
    auto gateway = reader.httpsUrl(section, u"gateway_url"_s);
    if (!gateway)
        return std::unexpected(gateway.error());
    config.gatewayUrl = *gateway;
    auto cashier = reader.httpsUrl(section, u"cashier_url"_s);
    if (!cashier)
        return std::unexpected(cashier.error());
    config.cashierUrl = *cashier;
    auto appId = reader.identifier(section, u"app_id"_s);
    if (!appId)
        return std::unexpected(appId.error());
    config.appId = *appId;
    auto merchant = reader.privateKey(section, u"merchant_private_key"_s);
    if (!merchant)
        return std::unexpected(merchant.error());
    config.merchantKey = *merchant;
    const auto platformEntry = reader.required(section, u"platform_public_key"_s);
    if (!platformEntry)
        return std::unexpected(platformEntry.error());
    auto platform = reader.publicKey(u"alipay.platform_public_key"_s, *platformEntry, platformEntry->value);
    if (!platform)
        return std::unexpected(platform.error());
    config.platformKey = *platform;
    return config;
}

Result<WechatConfig> readWechat(const Reader &reader)
{
    const QString section = u"wechat"_s;
    WechatConfig config;
    auto base = reader.httpsUrl(section, u"base_url"_s);
    if (!base)
        return std::unexpected(base.error());
    if (base->hasQuery())
        return reader.error(reader.required(section, u"base_url"_s)->line, u"wechat.base_url"_s,
            PaymentsConfig::tr("base_url: a base URL has no query."));
    config.baseUrl = *base;
    auto cashier = reader.httpsUrl(section, u"cashier_url"_s);
    if (!cashier)
        return std::unexpected(cashier.error());
    config.cashierUrl = *cashier;
    auto appId = reader.identifier(section, u"app_id"_s);
    if (!appId)
        return std::unexpected(appId.error());
    config.appId = *appId;
    auto mchId = reader.identifier(section, u"mch_id"_s);
    if (!mchId)
        return std::unexpected(mchId.error());
    config.mchId = *mchId;
    auto merchant = reader.privateKey(section, u"merchant_private_key"_s);
    if (!merchant)
        return std::unexpected(merchant.error());
    config.merchantKey = *merchant;
    auto serial = reader.identifier(section, u"merchant_serial"_s);
    if (!serial)
        return std::unexpected(serial.error());
    config.merchantSerial = *serial;

    const auto keysEntry = reader.required(section, u"platform_public_keys"_s);
    if (!keysEntry)
        return std::unexpected(keysEntry.error());
    static const QRegularExpression serialPattern(u"^[A-Za-z0-9]{1,64}$"_s);
    const QString field = u"wechat.platform_public_keys"_s;
    for (const QString &item : keysEntry->value.split(u',')) {
        const QString trimmed = item.trimmed();
        const qsizetype colon = trimmed.indexOf(u':');
        const QString keySerial = colon > 0 ? trimmed.left(colon).trimmed() : QString();
        const QString file = colon > 0 ? trimmed.mid(colon + 1).trimmed() : QString();
        if (!serialPattern.match(keySerial).hasMatch() || file.isEmpty())
            return reader.error(keysEntry->line, field,
                PaymentsConfig::tr("platform_public_keys: “%1” is not SERIAL:FILE.").arg(trimmed.left(120)));
        if (config.platformKey(keySerial))
            return reader.error(keysEntry->line, field,
                PaymentsConfig::tr("platform_public_keys: the serial %1 is given twice.").arg(keySerial));
        auto key = reader.publicKey(field, *keysEntry, file);
        if (!key)
            return std::unexpected(key.error());
        config.platformKeys.append({ keySerial, *key });
    }

    const auto apiKeyEntry = reader.required(section, u"api_v3_key_file"_s);
    if (!apiKeyEntry)
        return std::unexpected(apiKeyEntry.error());
    auto apiKey = reader.readFile(u"wechat.api_v3_key_file"_s, *apiKeyEntry, apiKeyEntry->value, true);
    if (!apiKey)
        return std::unexpected(apiKey.error());
    // The key is 32 characters; an editor's final newline is not part of it.
    if (apiKey->endsWith('\n'))
        apiKey->chop(apiKey->endsWith("\r\n") ? 2 : 1);
    if (apiKey->size() != ApiV3KeyBytes) {
        OPENSSL_cleanse(apiKey->data(), size_t(apiKey->size()));
        return reader.error(apiKeyEntry->line, u"wechat.api_v3_key_file"_s,
            PaymentsConfig::tr("api_v3_key_file: %1 must hold exactly %2 bytes.")
                .arg(reader.resolve(apiKeyEntry->value))
                .arg(ApiV3KeyBytes));
    }
    config.apiV3Key = *apiKey;
    return config;
}

} // namespace

const RsaKey *WechatConfig::platformKey(QStringView serial) const
{
    for (const auto &[name, key] : platformKeys) {
        if (name == serial)
            return &key;
    }
    return nullptr;
}

QList<std::chrono::seconds> PaymentsConfig::defaultQuerySchedule()
{
    using std::chrono::minutes;
    using std::chrono::seconds;
    return { seconds(30), minutes(1), minutes(2), minutes(5), minutes(10) };
}

Result<QList<std::chrono::seconds>> PaymentsConfig::parseSchedule(QStringView text)
{
    static const QRegularExpression pattern(u"^([0-9]{1,6})\\s*([smh])$"_s);
    QList<std::chrono::seconds> schedule;
    for (QStringView item : text.split(u',')) {
        const QString trimmed = item.trimmed().toString();
        const auto match = pattern.match(trimmed);
        const qint64 count = match.hasMatch() ? match.captured(1).toLongLong() : 0;
        if (count <= 0)
            return fail(u"bad_config"_s,
                tr("“%1” is not a duration above zero such as 30s, 1m or 2h.").arg(trimmed.left(40)),
                u"network.query_schedule"_s);
        const QChar unit = match.captured(2).at(0);
        const qint64 factor = unit == u's' ? 1 : unit == u'm' ? 60 : 3600;
        schedule.append(std::chrono::seconds(count * factor));
    }
    return schedule;
}

Result<PaymentsConfig> PaymentsConfig::load(const QString &path)
{
    PaymentsConfig config;
    config.path = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QFile file(config.path);
    if (!QFileInfo(config.path).isFile() || !file.open(QIODevice::ReadOnly))
        return fail(u"bad_config"_s, tr("--payments-config: cannot read %1.").arg(config.path));
    if (file.size() > MaxConfigSize)
        return fail(u"bad_config"_s, tr("%1 is too large for a payments configuration.").arg(config.path));
    const QByteArray bytes = file.readAll();
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return fail(u"bad_config"_s, tr("%1 is not UTF-8 text.").arg(config.path));

    Reader reader(config.path);
    if (auto parsed = reader.parse(text); !parsed)
        return std::unexpected(parsed.error());

    if (const auto caFile = reader.optional(u"network"_s, u"ca_file"_s); caFile && !caFile->value.isEmpty()) {
        auto pem = reader.readFile(u"network.ca_file"_s, *caFile, caFile->value, false);
        if (!pem)
            return std::unexpected(pem.error());
        const QList<QSslCertificate> certificates = QSslCertificate::fromData(*pem, QSsl::Pem);
        if (certificates.isEmpty() || certificates.constFirst().isNull())
            return reader.error(caFile->line, u"network.ca_file"_s,
                tr("ca_file: %1 holds no PEM certificate.").arg(reader.resolve(caFile->value)));
        config.caFile = reader.resolve(caFile->value);
        config.extraCaCertificates = certificates;
    }
    if (const auto schedule = reader.optional(u"network"_s, u"query_schedule"_s); schedule) {
        auto parsed = parseSchedule(schedule->value);
        if (!parsed)
            return reader.error(
                schedule->line, parsed.error().field, tr("query_schedule: %1").arg(parsed.error().message));
        config.querySchedule = *parsed;
    }
    if (reader.hasSection(u"alipay"_s)) {
        auto alipay = readAlipay(reader);
        if (!alipay)
            return std::unexpected(alipay.error());
        config.alipay = std::move(*alipay);
    }
    if (reader.hasSection(u"wechat"_s)) {
        auto wechat = readWechat(reader);
        if (!wechat)
            return std::unexpected(wechat.error());
        config.wechat = std::move(*wechat);
    }
    return config;
}

} // namespace deskpay
