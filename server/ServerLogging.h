#pragma once
// Logging categories of server/ (enable with QT_LOGGING_RULES="deskpay.*.debug=true").

#include <QLoggingCategory>

namespace deskpay {

Q_DECLARE_LOGGING_CATEGORY(lcServer)
Q_DECLARE_LOGGING_CATEGORY(lcServerHttp)
Q_DECLARE_LOGGING_CATEGORY(lcServerTls)
Q_DECLARE_LOGGING_CATEGORY(lcServerDb)
Q_DECLARE_LOGGING_CATEGORY(lcServerOrders)
Q_DECLARE_LOGGING_CATEGORY(lcServerPayments)

} // namespace deskpay
