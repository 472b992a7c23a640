#include "server/ServerLogging.h"

namespace deskpay {

Q_LOGGING_CATEGORY(lcServer, "deskpay.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServerHttp, "deskpay.server.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServerTls, "deskpay.server.tls", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServerDb, "deskpay.server.db", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServerOrders, "deskpay.server.orders", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServerPayments, "deskpay.server.payments", QtInfoMsg)

} // namespace deskpay
