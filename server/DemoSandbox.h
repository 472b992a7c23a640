#pragma once
// DemoSandbox: what --demo adds for payments when no --payments-config is given — the provider
// sandbox (paysandbox/) started in-process beside the server, with a fresh key set and the
// payments.ini that points the server at it. The server still talks to it only over HTTPS.

#include "models/Clock.h"
#include "models/Error.h"

#include <QCoreApplication>
#include <QString>

#include <memory>

namespace deskpay {

class ProviderSandbox;
struct ServerOptions;
struct TlsMaterial;

class DemoSandbox
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::DemoSandbox)

public:
    // Writes a new key set to DATA/demo-payments (the old one goes: a sandbox keeps its trades
    // in memory only), starts the sandbox on the server's host — the server's port + 1 when the
    // server's port is fixed, any free port otherwise — with the server's own certificate, and
    // returns it. `paymentsConfig` receives the payments.ini path for the server.
    [[nodiscard]] static Result<std::unique_ptr<ProviderSandbox>> start(
        const ServerOptions &options, const TlsMaterial &tls, const Clock &clock, QString *paymentsConfig);
};

} // namespace deskpay
