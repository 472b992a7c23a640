#include "services/ServicesLogging.h"

namespace deskpay {

Q_LOGGING_CATEGORY(lcApi, "deskpay.services.api")
Q_LOGGING_CATEGORY(lcCredentials, "deskpay.services.credentials")
Q_LOGGING_CATEGORY(lcStore, "deskpay.services.store")

} // namespace deskpay
