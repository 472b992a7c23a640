#pragma once
// LanguageManager: installs the translation the settings ask for and switches it at run time.

#include "models/Error.h"

#include <QLocale>
#include <QObject>
#include <QString>

#include <memory>

class QTranslator;

namespace deskpay {

class Settings;

// Widgets retranslate themselves on QEvent::LanguageChange, which installing a translator sends.
class LanguageManager : public QObject
{
    Q_OBJECT

public:
    // Follows the settings' language from now on; call apply() once to install the first one.
    explicit LanguageManager(Settings &settings, QObject *parent = nullptr);
    ~LanguageManager() override;

    // Installs the translation for Settings::language() ("" = the system's UI language).
    Result<void> apply();

    // The language in use, "en" or "zh_CN".
    [[nodiscard]] QString activeLanguage() const { return m_active; }

    // The shipped language that best fits a locale's UI languages; English when none fits.
    [[nodiscard]] static QString bestMatch(const QLocale &locale);

    // Where the compiled translations live inside the binary.
    [[nodiscard]] static QString translationPath(const QString &language);

Q_SIGNALS:
    void languageChanged(const QString &language);

private:
    Settings &m_settings;
    std::unique_ptr<QTranslator> m_appTranslator;
    std::unique_ptr<QTranslator> m_qtTranslator;
    QString m_active;
};

} // namespace deskpay
