#include "models/ModelsLogging.h"

namespace deskpay {

Q_LOGGING_CATEGORY(lcModels, "deskpay.models", QtInfoMsg)

} // namespace deskpay
