#include "server/ServerLogging.h"

namespace deskpay {

Q_LOGGING_CATEGORY(lcServer, "deskpay.server")
Q_LOGGING_CATEGORY(lcServerHttp, "deskpay.server.http")
Q_LOGGING_CATEGORY(lcServerTls, "deskpay.server.tls")
Q_LOGGING_CATEGORY(lcServerDb, "deskpay.server.db")
Q_LOGGING_CATEGORY(lcServerOrders, "deskpay.server.orders")

} // namespace deskpay
