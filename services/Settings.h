#pragma once
// Settings: the desk's typed preferences — every key, its type and default in one table.

#include "models/Error.h"

#include <QObject>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariant>

#include <memory>

namespace deskpay {

// Only preferences live here. Secrets (passwords, tokens, keys) go to CredentialStore,
// never to this file: QSettings writes plain text.
class Settings : public QObject
{
    Q_OBJECT

public:
    enum class Key {
        ServerUrl, // https base URL of the DeskPay server
        CaFile, // PEM/DER file of a private CA to trust for that server ("" = system CAs)
        SpkiPin, // base64 SHA-256 of the server's SubjectPublicKeyInfo ("" = no pin)
        LastUsername, // pre-filled in the login dialog
        Language, // "" = follow the system, else one of supportedLanguages()
    };
    Q_ENUM(Key)

    // Takes ownership of the backend; tests pass an IniFormat file in a temporary folder.
    explicit Settings(std::unique_ptr<QSettings> backend, QObject *parent = nullptr);
    ~Settings() override;

    // The per-user store named after the application's organization and name.
    [[nodiscard]] static std::unique_ptr<QSettings> userBackend();

    [[nodiscard]] QUrl serverUrl() const;
    void setServerUrl(const QUrl &url);

    [[nodiscard]] QString caFile() const;
    void setCaFile(const QString &path);

    [[nodiscard]] QString spkiPin() const;
    // Refuses anything that is not the base64 of 32 bytes (an optional "sha256/" prefix is accepted).
    [[nodiscard]] Result<void> setSpkiPin(const QString &pin);

    [[nodiscard]] QString lastUsername() const;
    void setLastUsername(const QString &username);

    [[nodiscard]] QString language() const;
    [[nodiscard]] Result<void> setLanguage(const QString &language);
    // Language codes the app ships a translation for, plus "" for the system language.
    [[nodiscard]] static QStringList supportedLanguages();

    // Generic access through the table, for code that iterates over keys.
    [[nodiscard]] QVariant value(Key key) const;
    [[nodiscard]] static QVariant defaultValue(Key key);
    [[nodiscard]] static QString storageKey(Key key);
    void reset(Key key);

    // Writes pending changes to disk; QSettings also does this on its own.
    void sync();

Q_SIGNALS:
    void changed(deskpay::Settings::Key key);

private:
    [[nodiscard]] Result<void> setValue(Key key, const QVariant &newValue);

    std::unique_ptr<QSettings> m_backend;
};

} // namespace deskpay
