#include "services/protocol/SignatureProfile.h"

using namespace Qt::StringLiterals;

namespace deskpay {

SignatureProfile SignatureProfile::deskpay()
{
    SignatureProfile profile;
    profile.label = u"deskpay"_s;
    profile.coveredComponents
        = { u"@method"_s, u"@target-uri"_s, u"content-digest"_s, u"content-type"_s, u"idempotency-key"_s };
    profile.requiredParameters = { u"created"_s, u"expires"_s, u"nonce"_s, u"keyid"_s };
    return profile;
}

} // namespace deskpay
