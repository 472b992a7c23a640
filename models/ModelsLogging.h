#pragma once
// Logging categories of models/ (enable with QT_LOGGING_RULES="deskpay.*.debug=true").

#include <QLoggingCategory>

namespace deskpay {

Q_DECLARE_LOGGING_CATEGORY(lcModels)

} // namespace deskpay
