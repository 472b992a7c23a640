#pragma once
// CredentialStore: secrets in the operating system's keychain (QtKeychain), never anywhere else.

#include "models/Error.h"

#include <QByteArray>
#include <QObject>
#include <QString>

namespace QKeychain {
class Job;
}

namespace deskpay {

// Every operation is asynchronous and answers with exactly one signal carrying the key it was
// about. When no keychain is available the answer is an error with code "keychain_unavailable"
// (or "keychain_error"), and nothing is stored: QtKeychain's plain-text fallback is always off.
class CredentialStore : public QObject
{
    Q_OBJECT

public:
    static constexpr QLatin1StringView DefaultService { "DeskPay" };

    explicit CredentialStore(QObject *parent = nullptr);
    // Another service name keeps tests away from a desk's real entries.
    explicit CredentialStore(const QString &service, QObject *parent = nullptr);

    [[nodiscard]] QString service() const { return m_service; }

    void write(const QString &key, const QByteArray &secret);
    void read(const QString &key);
    // Removing a key that is not there succeeds: the goal, no secret under that key, holds.
    void remove(const QString &key);

Q_SIGNALS:
    void writeFinished(const QString &key, const deskpay::Result<void> &result);
    // A missing key is the error "secret_not_found".
    void readFinished(const QString &key, const deskpay::Result<QByteArray> &result);
    void removeFinished(const QString &key, const deskpay::Result<void> &result);

private:
    void prepare(QKeychain::Job *job, const QString &key);
    [[nodiscard]] Error jobError(const QKeychain::Job &job) const;
    [[nodiscard]] static std::optional<Error> checkKey(const QString &key);

    QString m_service;
};

} // namespace deskpay
