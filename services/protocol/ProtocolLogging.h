#pragma once
// Logging categories of services/protocol/ (enable with QT_LOGGING_RULES="deskpay.*.debug=true").

#include <QLoggingCategory>

namespace deskpay {

Q_DECLARE_LOGGING_CATEGORY(lcProtocol)
Q_DECLARE_LOGGING_CATEGORY(lcSignature)

} // namespace deskpay
