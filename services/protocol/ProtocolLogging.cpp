#include "services/protocol/ProtocolLogging.h"

namespace deskpay {

Q_LOGGING_CATEGORY(lcProtocol, "deskpay.protocol")
Q_LOGGING_CATEGORY(lcSignature, "deskpay.protocol.signature")

} // namespace deskpay
