#pragma once
// ServerOptions: how one deskpay-server process is configured (the command line today, a config file later).

#include "server/AgentStore.h"
#include "server/DatabaseUrl.h"
#include "server/ListenAddress.h"
#include "server/PasswordHasher.h"
#include "server/SessionStore.h"

#include <QString>
#include <QtGlobal>

#include <optional>

namespace deskpay {

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

    [[nodiscard]] DatabaseUrl effectiveDatabase() const;
    [[nodiscard]] bool usesOwnCertificate() const { return !tlsCertificate.isEmpty(); }

    // QLoggingCategory filter rules for logLevel.
    [[nodiscard]] QString loggingRules() const;
};

} // namespace deskpay
