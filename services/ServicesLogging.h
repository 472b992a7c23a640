#pragma once
// Logging categories of services/ (enable with QT_LOGGING_RULES="deskpay.*.debug=true").

#include <QLoggingCategory>

namespace deskpay {

Q_DECLARE_LOGGING_CATEGORY(lcApi)
Q_DECLARE_LOGGING_CATEGORY(lcCredentials)
Q_DECLARE_LOGGING_CATEGORY(lcStore)

} // namespace deskpay
