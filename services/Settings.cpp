#include "services/Settings.h"

#include "services/ServicesLogging.h"
#include "services/TlsTrust.h"

#include <QCoreApplication>
#include <QSettings>

#include <array>
#include <tuple>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

// Checks a value before it is stored; a key without a checker accepts any value of its type.
using Checker = Result<void> (*)(const QVariant &);

struct Entry
{
    Settings::Key key;
    QLatin1StringView storageKey;
    QMetaType::Type type;
    QVariant defaultValue;
    Checker check = nullptr;
};

Result<void> checkPin(const QVariant &value)
{
    const QString pin = value.toString();
    if (pin.isEmpty())
        return {};
    const auto parsed = TlsTrust::parseSpkiPin(pin);
    if (!parsed)
        return std::unexpected(parsed.error());
    return {};
}

Result<void> checkLanguage(const QVariant &value)
{
    if (Settings::supportedLanguages().contains(value.toString()))
        return {};
    return fail(u"unsupported_language"_s,
        QCoreApplication::translate("deskpay::Settings", "DeskPay has no translation for “%1”.").arg(value.toString()),
        u"language"_s);
}

// The one table: adding a setting means adding a row here and a typed accessor.
const std::array<Entry, 5> &table()
{
    static const std::array<Entry, 5> entries { {
        { Settings::Key::ServerUrl, "server/url"_L1, QMetaType::QUrl, QUrl() },
        { Settings::Key::CaFile, "server/caFile"_L1, QMetaType::QString, QString() },
        { Settings::Key::SpkiPin, "server/spkiPin"_L1, QMetaType::QString, QString(), &checkPin },
        { Settings::Key::LastUsername, "login/lastUsername"_L1, QMetaType::QString, QString() },
        { Settings::Key::Language, "ui/language"_L1, QMetaType::QString, QString(), &checkLanguage },
    } };
    return entries;
}

const Entry &entry(Settings::Key key)
{
    for (const Entry &e : table()) {
        if (e.key == key)
            return e;
    }
    Q_UNREACHABLE();
}

} // namespace

Settings::Settings(std::unique_ptr<QSettings> backend, QObject *parent)
    : QObject(parent)
    , m_backend(std::move(backend))
{
    Q_ASSERT(m_backend);
}

Settings::~Settings() = default;

std::unique_ptr<QSettings> Settings::userBackend()
{
    return std::make_unique<QSettings>();
}

QStringList Settings::supportedLanguages()
{
    return { QString(), u"en"_s, u"zh_CN"_s };
}

QString Settings::storageKey(Key key)
{
    return QString(entry(key).storageKey);
}

QVariant Settings::defaultValue(Key key)
{
    return entry(key).defaultValue;
}

QVariant Settings::value(Key key) const
{
    const Entry &e = entry(key);
    QVariant stored = m_backend->value(QString(e.storageKey), e.defaultValue);
    // A hand-edited file may hold anything; a value of the wrong type reads as the default.
    if (!stored.convert(QMetaType(e.type)))
        return e.defaultValue;
    if (e.check && !e.check(stored)) {
        qCWarning(lcStore) << "ignoring invalid stored setting" << e.storageKey;
        return e.defaultValue;
    }
    return stored;
}

Result<void> Settings::setValue(Key key, const QVariant &newValue)
{
    const Entry &e = entry(key);
    QVariant typed = newValue;
    if (!typed.convert(QMetaType(e.type)))
        return fail(u"wrong_setting_type"_s, tr("The value for %1 has the wrong type.").arg(QString(e.storageKey)),
            QString(e.storageKey));
    if (e.check) {
        if (auto ok = e.check(typed); !ok)
            return ok;
    }
    if (value(key) == typed)
        return {};
    if (typed == e.defaultValue)
        m_backend->remove(QString(e.storageKey));
    else
        m_backend->setValue(
            QString(e.storageKey), e.type == QMetaType::QUrl ? QVariant(typed.toUrl().toString()) : typed);
    Q_EMIT changed(key);
    return {};
}

void Settings::reset(Key key)
{
    if (!m_backend->contains(storageKey(key)))
        return;
    m_backend->remove(storageKey(key));
    Q_EMIT changed(key);
}

void Settings::sync()
{
    m_backend->sync();
}

QUrl Settings::serverUrl() const
{
    return value(Key::ServerUrl).toUrl();
}

void Settings::setServerUrl(const QUrl &url)
{
    // A URL always converts to QUrl and has no checker, so this cannot fail.
    std::ignore = setValue(Key::ServerUrl, url);
}

QString Settings::caFile() const
{
    return value(Key::CaFile).toString();
}

void Settings::setCaFile(const QString &path)
{
    std::ignore = setValue(Key::CaFile, path);
}

QString Settings::spkiPin() const
{
    return value(Key::SpkiPin).toString();
}

Result<void> Settings::setSpkiPin(const QString &pin)
{
    return setValue(Key::SpkiPin, pin.trimmed());
}

QString Settings::lastUsername() const
{
    return value(Key::LastUsername).toString();
}

void Settings::setLastUsername(const QString &username)
{
    std::ignore = setValue(Key::LastUsername, username);
}

QString Settings::language() const
{
    return value(Key::Language).toString();
}

Result<void> Settings::setLanguage(const QString &language)
{
    return setValue(Key::Language, language);
}

} // namespace deskpay
