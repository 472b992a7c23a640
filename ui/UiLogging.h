#pragma once
// Logging categories of ui/ (enable with QT_LOGGING_RULES="deskpay.*.debug=true").

#include <QLoggingCategory>

namespace deskpay {

Q_DECLARE_LOGGING_CATEGORY(lcUi)

} // namespace deskpay
