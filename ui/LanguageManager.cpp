#include "ui/LanguageManager.h"

#include "services/Settings.h"
#include "ui/UiLogging.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace deskpay {

LanguageManager::LanguageManager(Settings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    connect(&m_settings, &Settings::changed, this, [this](Settings::Key key) {
        if (key == Settings::Key::Language)
            std::ignore = apply(); // a failure is logged by apply(); the old language stays
    });
}

LanguageManager::~LanguageManager()
{
    if (m_appTranslator)
        QCoreApplication::removeTranslator(m_appTranslator.get());
    if (m_qtTranslator)
        QCoreApplication::removeTranslator(m_qtTranslator.get());
}

QString LanguageManager::bestMatch(const QLocale &locale)
{
    for (const QString &language : locale.uiLanguages()) {
        // Only Simplified Chinese is shipped; Traditional-script locales read English rather
        // than a script their readers may not use.
        const QLocale candidate(language);
        if (candidate.language() == QLocale::Chinese
            && (candidate.script() == QLocale::SimplifiedChineseScript || candidate.script() == QLocale::AnyScript))
            return u"zh_CN"_s;
        if (candidate.language() == QLocale::English)
            return u"en"_s;
    }
    return u"en"_s;
}

QString LanguageManager::translationPath(const QString &language)
{
    return u":/i18n/deskpay_"_s + language + u".qm"_s;
}

Result<void> LanguageManager::apply()
{
    const QString requested = m_settings.language();
    const QString language = requested.isEmpty() ? bestMatch(QLocale::system()) : requested;

    auto translator = std::make_unique<QTranslator>();
    if (!translator->load(translationPath(language))) {
        qCWarning(lcUi) << "no translation for" << language;
        return fail(u"missing_translation"_s, tr("The translation for “%1” is missing from this build.").arg(language));
    }

    // Qt's own strings (standard buttons, file dialogs) if the system has them installed.
    auto qtTranslator = std::make_unique<QTranslator>();
    if (!qtTranslator->load(u"qtbase_"_s + language, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        qtTranslator.reset();

    if (m_appTranslator)
        QCoreApplication::removeTranslator(m_appTranslator.get());
    if (m_qtTranslator)
        QCoreApplication::removeTranslator(m_qtTranslator.get());
    m_appTranslator = std::move(translator);
    m_qtTranslator = std::move(qtTranslator);
    if (m_qtTranslator)
        QCoreApplication::installTranslator(m_qtTranslator.get());
    QCoreApplication::installTranslator(m_appTranslator.get());

    // Numbers, money and dates follow an explicit choice; "system" keeps the system's formats.
    QLocale::setDefault(requested.isEmpty() ? QLocale::system() : QLocale(language));

    const bool changed = m_active != language;
    m_active = language;
    qCDebug(lcUi) << "language" << language << (requested.isEmpty() ? "(from the system)" : "");
    if (changed)
        Q_EMIT languageChanged(language);
    return {};
}

} // namespace deskpay
