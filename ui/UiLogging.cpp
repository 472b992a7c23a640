#include "ui/UiLogging.h"

namespace deskpay {

// Debug output only when asked for, as the header says.
Q_LOGGING_CATEGORY(lcUi, "deskpay.ui", QtInfoMsg)

} // namespace deskpay
