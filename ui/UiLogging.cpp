#include "ui/UiLogging.h"

namespace deskpay {

Q_LOGGING_CATEGORY(lcUi, "deskpay.ui")

} // namespace deskpay
