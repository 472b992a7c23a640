#pragma once
// ListenAddress: the HOST:PORT the server listens on, parsed from the command line.

#include "models/Error.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QList>
#include <QString>

namespace deskpay {

struct ListenAddress
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::ListenAddress)

public:
    QString host; // as given, without IPv6 brackets: "127.0.0.1", "localhost", "::1"
    quint16 port = 0; // 0 lets the system pick a free port

    // "HOST:PORT", "[IPv6]:PORT"; the port is required (0–65535).
    [[nodiscard]] static Result<ListenAddress> parse(const QString &text);

    // The addresses to bind: the literal address, both loopbacks for "localhost", or what the
    // resolver returns for another name. The first one is the primary.
    [[nodiscard]] Result<QList<QHostAddress>> resolve() const;

    // "https://HOST:PORT" with IPv6 hosts in brackets, for a given (actual) port.
    [[nodiscard]] QString httpsUrl(quint16 actualPort) const;
};

} // namespace deskpay
