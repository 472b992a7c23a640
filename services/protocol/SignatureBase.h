#pragma once
// SignatureBase: the RFC 9421 §2.5 signature base — component values of a message and the lines that get signed.

#include "models/Error.h"
#include "services/protocol/HttpMessage.h"
#include "services/protocol/StructuredFields.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QStringView>

namespace deskpay {

// Supported components: the derived components @method, @target-uri, @authority, @scheme,
// @request-target, @path and @query, and any header field by its lowercase name. Component
// parameters (;sf ;key ;bs ;req ;tr ;name) are not supported and are refused, never ignored,
// because ignoring one would sign a different value than the peer meant.
//
// Error codes: signature_component_invalid (an identifier that is not a lowercase string,
// a duplicate, or @signature-params itself), signature_component_unsupported (an unknown
// derived component or a component parameter), component_missing (a covered header field the
// message does not have), component_value_invalid (a value containing CR, LF or NUL).
class SignatureBase
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::SignatureBase)

public:
    [[nodiscard]] static bool isDerivedComponent(QStringView name);
    [[nodiscard]] static Result<QByteArray> componentValue(const HttpMessage &message, const SfItem &component);
    // `signatureParams` is the inner list of a Signature-Input member: the covered components
    // as strings, and the signature parameters. No trailing newline.
    [[nodiscard]] static Result<QByteArray> build(const HttpMessage &message, const SfInnerList &signatureParams);
};

} // namespace deskpay
