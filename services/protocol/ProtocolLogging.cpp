#include "services/protocol/ProtocolLogging.h"

namespace deskpay {

Q_LOGGING_CATEGORY(lcProtocol, "deskpay.protocol", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSignature, "deskpay.protocol.signature", QtInfoMsg)

} // namespace deskpay
