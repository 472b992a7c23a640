#pragma once
// VersionInfo: the versions an About box and a support ticket need (app, Qt, TLS library).

#include <QString>

namespace deskpay {

struct VersionInfo
{
    QString application; // DeskPay's own version, from the build
    QString qtRuntime; // the Qt the app runs against
    QString qtBuild; // the Qt it was compiled with
    QString tlsBackend; // Qt's active TLS backend, e.g. "openssl"
    QString tlsLibrary; // e.g. "OpenSSL 3.0.17 1 Jul 2025", as loaded at run time

    [[nodiscard]] static QString applicationVersion();
    [[nodiscard]] static VersionInfo current();
};

} // namespace deskpay
