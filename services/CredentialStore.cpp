#include "services/CredentialStore.h"

#include "services/ServicesLogging.h"

#include <QTimer>
#include <qt6keychain/keychain.h>

#include <optional>

using namespace Qt::StringLiterals;

namespace deskpay {

CredentialStore::CredentialStore(QObject *parent)
    : CredentialStore(QString(DefaultService), parent)
{
}

CredentialStore::CredentialStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{
}

std::optional<Error> CredentialStore::checkKey(const QString &key)
{
    if (key.trimmed().isEmpty())
        return Error { u"bad_secret_key"_s, tr("A secret needs a name to be stored under."), {} };
    return std::nullopt;
}

void CredentialStore::prepare(QKeychain::Job *job, const QString &key)
{
    job->setKey(key);
    job->setAutoDelete(true);
    // Explicitly off even though it is the default: with it on, QtKeychain would write the
    // secret into a QSettings file in plain text whenever no keychain answers.
    job->setInsecureFallback(false);
}

Error CredentialStore::jobError(const QKeychain::Job &job) const
{
    const QString detail = job.errorString();
    switch (job.error()) {
    case QKeychain::EntryNotFound:
        return { u"secret_not_found"_s, tr("No secret named “%1” is in the keychain.").arg(job.key()), {} };
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return { u"keychain_unavailable"_s,
            tr("No keychain is available on this computer (%1). DeskPay keeps secrets only in the "
               "system keychain, so nothing was stored. Start a keychain service such as "
               "GNOME Keyring or KWallet and try again.")
                .arg(detail),
            {} };
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return { u"keychain_access_denied"_s,
            tr("The keychain refused access (%1). Unlock it and try again.").arg(detail), {} };
    case QKeychain::CouldNotDeleteEntry:
        return { u"keychain_delete_failed"_s, tr("The keychain could not delete “%1”: %2").arg(job.key(), detail), {} };
    case QKeychain::OtherError:
    case QKeychain::NoError:
        break;
    }
    return { u"keychain_error"_s,
        tr("The keychain could not be used: %1. DeskPay keeps secrets only in the system keychain, "
           "so nothing was stored.")
            .arg(detail),
        {} };
}

void CredentialStore::write(const QString &key, const QByteArray &secret)
{
    if (auto error = checkKey(key)) {
        QTimer::singleShot(0, this, [this, key, e = *error] { Q_EMIT writeFinished(key, std::unexpected(e)); });
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    prepare(job, key);
    job->setBinaryData(secret);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *finished) {
        if (finished->error() != QKeychain::NoError) {
            const Error error = jobError(*finished);
            qCWarning(lcCredentials) << "keychain write failed for" << key << error.code << finished->errorString();
            Q_EMIT writeFinished(key, std::unexpected(error));
            return;
        }
        qCDebug(lcCredentials) << "stored secret" << key;
        Q_EMIT writeFinished(key, {});
    });
    job->start();
}

void CredentialStore::read(const QString &key)
{
    if (auto error = checkKey(key)) {
        QTimer::singleShot(0, this, [this, key, e = *error] { Q_EMIT readFinished(key, std::unexpected(e)); });
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    prepare(job, key);
    connect(job, &QKeychain::Job::finished, this, [this, key, job](QKeychain::Job *finished) {
        if (finished->error() != QKeychain::NoError) {
            const Error error = jobError(*finished);
            if (finished->error() != QKeychain::EntryNotFound)
                qCWarning(lcCredentials) << "keychain read failed for" << key << error.code << finished->errorString();
            Q_EMIT readFinished(key, std::unexpected(error));
            return;
        }
        Q_EMIT readFinished(key, job->binaryData());
    });
    job->start();
}

void CredentialStore::remove(const QString &key)
{
    if (auto error = checkKey(key)) {
        QTimer::singleShot(0, this, [this, key, e = *error] { Q_EMIT removeFinished(key, std::unexpected(e)); });
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    prepare(job, key);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *finished) {
        if (finished->error() != QKeychain::NoError && finished->error() != QKeychain::EntryNotFound) {
            const Error error = jobError(*finished);
            qCWarning(lcCredentials) << "keychain delete failed for" << key << error.code << finished->errorString();
            Q_EMIT removeFinished(key, std::unexpected(error));
            return;
        }
        Q_EMIT removeFinished(key, {});
    });
    job->start();
}

} // namespace deskpay
