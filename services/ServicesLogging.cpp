#include "services/ServicesLogging.h"

namespace deskpay {

Q_LOGGING_CATEGORY(lcApi, "deskpay.services.api", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCredentials, "deskpay.services.credentials", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "deskpay.services.store", QtInfoMsg)

} // namespace deskpay
