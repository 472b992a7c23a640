#pragma once
// FormCodec: application/x-www-form-urlencoded bodies and query strings — the Alipay-style
// gateway's wire form — parsed strictly and written deterministically.

#include "models/Error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <utility>

namespace deskpay {

using FormParams = QList<std::pair<QString, QString>>;

class FormCodec
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::FormCodec)

public:
    // "a=1&b=x+y%21" → {a:"1"}, {b:"x y!"} in document order. '+' is a space; %XX is a byte;
    // the decoded bytes must be UTF-8. Errors (code form_invalid, the message names the
    // parameter): a malformed %-escape, invalid UTF-8, a parameter without '=', an empty name,
    // a name given twice. An empty body is no parameters.
    [[nodiscard]] static Result<FormParams> parse(QByteArrayView body);

    // key=value pairs joined by '&', in the given order, every byte outside
    // A-Z a-z 0-9 - . _ * percent-encoded (space as %20).
    [[nodiscard]] static QByteArray encode(const FormParams &params);

    // The first value of `name`, or a null QString.
    [[nodiscard]] static QString value(const FormParams &params, QStringView name);
};

} // namespace deskpay
