#include "services/protocol/ErrorCodes.h"

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

#define DESKPAY_ERROR(code, status, text)                                                                              \
    ErrorCodeInfo                                                                                                      \
    {                                                                                                                  \
        QString::fromLatin1(code), status, QT_TRANSLATE_NOOP("deskpay::ErrorCodes", text)                              \
    }

QList<ErrorCodeInfo> buildCatalogue()
{
    return {
        // Request shape (issue 3 §7: a specific 4xx, never a crash, never a 500)
        DESKPAY_ERROR("invalid_json", 400, "The request body is not valid JSON."),
        DESKPAY_ERROR("too_large", 413, "The request body is larger than the server accepts."),
        DESKPAY_ERROR("unsupported_media_type", 415, "The request body must be application/json."),
        DESKPAY_ERROR("missing_header", 400, "A required header is missing."),
        DESKPAY_ERROR("header_too_large", 431, "The request headers are too large."),
        DESKPAY_ERROR("not_found", 404, "There is no such resource."),
        DESKPAY_ERROR("method_not_allowed", 405, "This resource does not accept that method."),
        DESKPAY_ERROR("upgrade_required", 426,
            "This address is a WebSocket stream: connect with an Upgrade: websocket request."),
        DESKPAY_ERROR("validation_failed", 422, "The order data has problems; each is listed with its field."),
        DESKPAY_ERROR("invalid_parameter", 400, "A query parameter is invalid."),
        DESKPAY_ERROR("request_invalid", 400, "The request line or Host header cannot be used to check the signature."),

        // Sessions and roles
        DESKPAY_ERROR("unauthenticated", 401, "Log in first: the session token is missing or unknown."),
        DESKPAY_ERROR("session_expired", 401, "The session has expired; log in again."),
        DESKPAY_ERROR("invalid_credentials", 401, "The user name or password is wrong."),
        DESKPAY_ERROR("account_locked", 423, "Too many failed logins; the account is locked for a while."),
        DESKPAY_ERROR("forbidden", 403, "Your role may not do this."),

        // Content-Digest (ContentDigest::check)
        DESKPAY_ERROR("digest_missing", 400, "The Content-Digest header is missing."),
        DESKPAY_ERROR("digest_malformed", 400, "The Content-Digest header is malformed."),
        DESKPAY_ERROR("digest_unsupported_algorithm", 400, "Content-Digest must use sha-256 or sha-512."),
        DESKPAY_ERROR("digest_mismatch", 400, "The body does not match its Content-Digest."),

        // RFC 9421 signatures (SignatureVerifier::verify, in its order of checks)
        DESKPAY_ERROR("signature_input_missing", 401, "The Signature-Input header is missing."),
        DESKPAY_ERROR("signature_header_missing", 401, "The Signature header is missing."),
        DESKPAY_ERROR("signature_input_malformed", 401, "The Signature-Input header is malformed."),
        DESKPAY_ERROR("signature_header_malformed", 401, "The Signature header is malformed."),
        DESKPAY_ERROR("signature_label_missing", 401, "The request carries no signature with the expected label."),
        DESKPAY_ERROR("signature_component_invalid", 401, "A covered component identifier is invalid."),
        DESKPAY_ERROR("signature_missing_param", 401, "A required signature parameter is missing."),
        DESKPAY_ERROR("signature_param_invalid", 401, "A signature parameter is invalid."),
        DESKPAY_ERROR("signature_alg_unsupported", 401, "The signature algorithm must be ed25519."),
        DESKPAY_ERROR("signature_tag_mismatch", 401, "The signature carries the wrong tag."),
        DESKPAY_ERROR("signature_missing_component", 401, "The signature does not cover every required component."),
        DESKPAY_ERROR("signature_window_too_long", 401, "The signature is valid for longer than 300 seconds."),
        DESKPAY_ERROR("signature_created_in_future", 401, "The signature was created in the future; check the clock."),
        DESKPAY_ERROR("signature_expired", 401, "The signature has expired."),
        DESKPAY_ERROR("signature_unknown_key", 401, "No desk key is registered under this key id."),
        DESKPAY_ERROR("component_missing", 401, "A covered component is missing from the request."),
        DESKPAY_ERROR("signature_component_unsupported", 401, "A covered component is not supported."),
        DESKPAY_ERROR("component_value_invalid", 401, "A covered component has an invalid value."),
        DESKPAY_ERROR("signature_invalid", 401, "The signature does not verify."),
        DESKPAY_ERROR("nonce_replayed", 401, "This signature nonce was already used; the request is a replay."),
        DESKPAY_ERROR("key_not_approved", 403, "The desk key has not been approved by a supervisor yet."),
        DESKPAY_ERROR("key_revoked", 403, "The desk key has been revoked."),
        DESKPAY_ERROR("key_owner_mismatch", 403, "The desk key belongs to another agent than the one logged in."),

        // Desk key registration and approval (DeskKeyStore)
        DESKPAY_ERROR("public_key_invalid", 422, "The public key is not one unencrypted PEM public key block."),
        DESKPAY_ERROR("key_algorithm_unsupported", 422, "A desk key must be an Ed25519 key."),
        DESKPAY_ERROR("desk_key_exists", 409, "This public key is already registered."),
        DESKPAY_ERROR("key_state_conflict", 409, "The desk key is not in a state that allows this."),

        // Idempotency-Key
        DESKPAY_ERROR("idempotency_key_missing", 400, "The Idempotency-Key header is missing."),
        DESKPAY_ERROR("idempotency_conflict", 409, "This Idempotency-Key was already used with another request body."),
        DESKPAY_ERROR("idempotency_key_invalid", 400,
            "The Idempotency-Key must be 8 to 128 characters of letters, digits, '-', '_', '.' or ':'."),
        DESKPAY_ERROR("idempotency_in_progress", 409, "A request with this Idempotency-Key is still being processed."),

        // Orders (DESIGN.md §2)
        DESKPAY_ERROR("REAL_NAME_MISMATCH", 422,
            "The payer's real-name identity does not match the one registered "
            "for the payer account."),
        DESKPAY_ERROR("CONFIRMATION_EXPIRED", 409, "The payer did not confirm the order in time."),
        DESKPAY_ERROR("PAYER_DECLINED", 409, "The payer declined the order."),
        DESKPAY_ERROR("payer_unknown", 422, "There is no payer account with this id."),
        DESKPAY_ERROR("order_not_found", 404, "There is no such order."),
        DESKPAY_ERROR("illegal_transition", 409, "The order is not in a state that allows this."),
        DESKPAY_ERROR("template_not_found", 404, "There is no order template for this product type."),
        DESKPAY_ERROR("template_invalid", 422, "The order template is invalid."),
        DESKPAY_ERROR("pay_type_not_allowed", 422, "This pay type is not allowed for the order."),

        // Payments (docs/payments.md)
        DESKPAY_ERROR("order_not_payable", 409, "The order is not waiting for a payment."),
        DESKPAY_ERROR("payment_expired", 409, "The time to pay this order has run out."),
        DESKPAY_ERROR("payment_conflict", 409, "Another payment of this order is being started; try again."),
        DESKPAY_ERROR("currency_not_supported", 422, "The payment provider accepts only CNY amounts."),
        DESKPAY_ERROR("provider_unavailable", 503, "The payment provider cannot be reached; try again later."),
        DESKPAY_ERROR("provider_refused", 502, "The payment provider refused the request."),
        DESKPAY_ERROR("provider_answer_invalid", 502, "The payment provider's answer could not be verified."),
        DESKPAY_ERROR("notification_signature_invalid", 400, "The notification's signature does not verify."),
        DESKPAY_ERROR("notification_unknown_serial", 400, "The notification is signed with an unknown certificate."),
        DESKPAY_ERROR("notification_stale", 400, "The notification's timestamp is too far from the server's clock."),
        DESKPAY_ERROR("notification_malformed", 400, "The notification cannot be read."),
        DESKPAY_ERROR("notification_tampered", 400, "The notification's encrypted resource was tampered with."),
        DESKPAY_ERROR("notification_mismatch", 400,
            "The notification does not match the payment (id, partner, amount or currency)."),
        DESKPAY_ERROR("csrf_invalid", 403, "The request lacks the page's CSRF token; reload the page."),

        // Load and failures
        DESKPAY_ERROR("rate_limited", 429, "Too many requests; try again later."),
        DESKPAY_ERROR("internal_error", 500, "The server failed; the request may be retried."),
        DESKPAY_ERROR("unavailable", 503, "The server is not available right now."),
        DESKPAY_ERROR("database_unavailable", 503, "The server's database does not answer."),
    };
}

#undef DESKPAY_ERROR

} // namespace

const QList<ErrorCodeInfo> &ErrorCodes::all()
{
    // Constant data built once; nothing in it ever changes.
    static const QList<ErrorCodeInfo> catalogue = buildCatalogue();
    return catalogue;
}

const ErrorCodeInfo *ErrorCodes::find(QStringView code)
{
    for (const ErrorCodeInfo &info : all())
        if (info.code == code)
            return &info;
    return nullptr;
}

int ErrorCodes::httpStatus(QStringView code)
{
    const ErrorCodeInfo *info = find(code);
    return info ? info->httpStatus : 500;
}

QString ErrorCodes::defaultMessage(QStringView code)
{
    const ErrorCodeInfo *info = find(code);
    return info ? QCoreApplication::translate("deskpay::ErrorCodes", info->message) : QString();
}

Error ErrorCodes::error(QStringView code, const QString &field)
{
    return Error { code.toString(), defaultMessage(code), field };
}

} // namespace deskpay
