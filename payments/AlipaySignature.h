#pragma once
// AlipaySignature: the Alipay-style "RSA2" signature — SHA256withRSA over the parameters
// sorted by name, `name=value` joined by '&', empty values and the excluded names left out.

#include "models/Error.h"
#include "payments/FormCodec.h"
#include "payments/RsaKey.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QStringList>

namespace deskpay {

class AlipaySignature
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::AlipaySignature)

public:
    // Requests and order strings are signed without "sign"; notifications are verified
    // without "sign" and "sign_type".
    [[nodiscard]] static QStringList requestExclusions() { return { QStringLiteral("sign") }; }
    [[nodiscard]] static QStringList notificationExclusions()
    {
        return { QStringLiteral("sign"), QStringLiteral("sign_type") };
    }

    // The UTF-8 bytes that are signed (values as they are, not percent-encoded). Sorting is
    // by the names' UTF-8 bytes.
    [[nodiscard]] static QByteArray signingContent(const FormParams &params, const QStringList &exclude);

    // base64 of the signature over signingContent().
    [[nodiscard]] static Result<QString> sign(const FormParams &params, const QStringList &exclude, const RsaKey &key);
    // The "sign" parameter (base64) checked over signingContent(params, exclude): signature_missing
    // when there is none, signature_invalid when it does not match (or is not base64).
    [[nodiscard]] static Result<void> verify(const FormParams &params, const QStringList &exclude, const RsaKey &key);

    // A gateway answer {"<method>_response":{…},"sign":"…"}: the exact bytes of the response
    // member's value as they appear in `body` (the signed content), without parsing anything
    // else. response_malformed when the member or "sign" cannot be found.
    struct SignedResponse
    {
        QByteArray content; // the raw JSON text of the …_response value
        QString sign; // base64
    };
    [[nodiscard]] static Result<SignedResponse> splitResponse(QByteArrayView body, QStringView responseKey);

    // The order string a client hands to the Alipay-style SDK or cashier: params sorted by
    // name, FormCodec-encoded, with "&sign=<encoded signature>" last.
    [[nodiscard]] static QByteArray orderString(const FormParams &params, const QString &signature);
};

} // namespace deskpay
