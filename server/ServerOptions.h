#pragma once
// ServerOptions: how one deskpay-server process is configured (config file and command line).

#include "server/AgentStore.h"
#include "server/DatabaseUrl.h"
#include "server/ListenAddress.h"
#include "server/PasswordHasher.h"
#include "server/SessionStore.h"

#include <QString>
#include <QUrl>
#include <QtGlobal>

#include <chrono>
#include <optional>

namespace deskpay {

// How confirmation requests reach payers: stored for the payer pages only, or also POSTed to a gateway.
enum class ContactChannel { Sandbox, Webhook };

// "sandbox" or "webhook", as contact_messages.channel and the options spell it.
[[nodiscard]] QString contactChannelName(ContactChannel channel);

struct ServerOptions
{
    QString dataDir; // absolute; TLS files and the default SQLite database live here
    ListenAddress listen;
    std::optional<DatabaseUrl> database; // unset: sqlite:<dataDir>/deskpay.sqlite
    QString tlsCertificate; // with tlsKey: use these instead of the local CA
    QString tlsKey;
    QString tlsCa; // what clients should trust; defaults to tlsCertificate
    bool demo = false; // seed the demo agents (DemoAgents) before listening
    QtMsgType logLevel = QtInfoMsg; // the least severe message that is logged
    ScryptParameters passwordHashing; // for new hashes; tests lower the cost
    SessionPolicy sessions;
    LockoutPolicy lockout;

    std::chrono::seconds confirmationWindow { 15 * 60 }; // how long a payer has to confirm
    ContactChannel contactChannel = ContactChannel::Sandbox;
    QUrl webhookUrl; // with ContactChannel::Webhook: where confirmation requests are POSTed
    QString webhookSecretFile; // with ContactChannel::Webhook: the HMAC key (WebhookSigner::readSecretFile)
    qint64 maxOrderBodyBytes = 256 * 1024; // larger order bodies are refused with 413
    int workers = 0; // HTTP worker threads; 0: effectiveWorkers() decides
    QString identityKeyFile; // for ServerSecrets; empty: its default
    QString paymentsConfig; // PaymentsConfig file (docs/payments.md); empty: no provider (with demo: a sandbox)
    std::chrono::milliseconds paymentReconcileInterval { 5000 }; // how often open payments are looked at
    QUrl publicUrl; // how payers reach the payer pages; empty: the listen URL
    QString configFile; // the --config file the options came from, if any (absolute)

    [[nodiscard]] DatabaseUrl effectiveDatabase() const;
    [[nodiscard]] bool usesOwnCertificate() const { return !tlsCertificate.isEmpty(); }
    // workers, or one per CPU core (at least 2) when 0.
    [[nodiscard]] int effectiveWorkers() const;
    // publicUrl, or the listen URL with the port actually bound; never with a trailing slash,
    // so "<url>/pay/" is the payer pages' link.
    [[nodiscard]] QUrl effectivePublicUrl(quint16 actualPort) const;

    // QLoggingCategory filter rules for logLevel.
    [[nodiscard]] QString loggingRules() const;
};

} // namespace deskpay
