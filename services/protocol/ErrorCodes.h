#pragma once
// ErrorCodes: the one catalogue of stable wire error codes — HTTP status, code, default
// message — that the server answers with and clients act on.

#include "models/Error.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringView>

namespace deskpay {

struct ErrorCodeInfo
{
    QString code; // stable; snake_case, except the order outcomes named by DESIGN.md
    int httpStatus = 0; // the status a response carrying this code has
    const char *message; // default English message (translated by ErrorCodes::defaultMessage)
};

// Codes are part of the protocol: never rename one, only add. The signature and digest codes
// are those SignatureVerifier and ContentDigest return (see their headers); the order
// outcomes REAL_NAME_MISMATCH, CONFIRMATION_EXPIRED and PAYER_DECLINED are upper case as
// DESIGN.md §2 names them. Field-level validation codes (pnr_format, unknown_field, …) are
// not here: they travel inside a validation_failed answer, one per issue.
class ErrorCodes
{
    Q_DECLARE_TR_FUNCTIONS(deskpay::ErrorCodes)

public:
    // Request shape
    static constexpr QStringView InvalidJson = u"invalid_json";
    static constexpr QStringView TooLarge = u"too_large";
    static constexpr QStringView UnsupportedMediaType = u"unsupported_media_type";
    static constexpr QStringView MissingHeader = u"missing_header";
    static constexpr QStringView HeaderTooLarge = u"header_too_large";
    static constexpr QStringView NotFound = u"not_found";
    static constexpr QStringView MethodNotAllowed = u"method_not_allowed";
    static constexpr QStringView UpgradeRequired = u"upgrade_required";
    static constexpr QStringView ValidationFailed = u"validation_failed";
    static constexpr QStringView InvalidParameter = u"invalid_parameter";
    static constexpr QStringView RequestInvalid = u"request_invalid";
    // Sessions and roles
    static constexpr QStringView Unauthenticated = u"unauthenticated";
    static constexpr QStringView SessionExpired = u"session_expired";
    static constexpr QStringView InvalidCredentials = u"invalid_credentials";
    static constexpr QStringView AccountLocked = u"account_locked";
    static constexpr QStringView Forbidden = u"forbidden";
    // Signatures and digests (beyond those of SignatureVerifier / ContentDigest)
    static constexpr QStringView DigestMismatch = u"digest_mismatch";
    static constexpr QStringView SignatureInvalid = u"signature_invalid";
    static constexpr QStringView NonceReplayed = u"nonce_replayed";
    static constexpr QStringView KeyNotApproved = u"key_not_approved";
    static constexpr QStringView KeyRevoked = u"key_revoked";
    static constexpr QStringView KeyOwnerMismatch = u"key_owner_mismatch";
    // Idempotency
    static constexpr QStringView IdempotencyKeyMissing = u"idempotency_key_missing";
    static constexpr QStringView IdempotencyConflict = u"idempotency_conflict";
    static constexpr QStringView IdempotencyKeyInvalid = u"idempotency_key_invalid";
    static constexpr QStringView IdempotencyInProgress = u"idempotency_in_progress";
    // Orders
    static constexpr QStringView RealNameMismatch = u"REAL_NAME_MISMATCH";
    static constexpr QStringView ConfirmationExpired = u"CONFIRMATION_EXPIRED";
    static constexpr QStringView PayerDeclined = u"PAYER_DECLINED";
    static constexpr QStringView PayerUnknown = u"payer_unknown";
    static constexpr QStringView OrderNotFound = u"order_not_found";
    static constexpr QStringView IllegalTransition = u"illegal_transition";
    static constexpr QStringView TemplateNotFound = u"template_not_found";
    static constexpr QStringView TemplateInvalid = u"template_invalid";
    static constexpr QStringView PayTypeNotAllowed = u"pay_type_not_allowed";
    // Payments
    static constexpr QStringView OrderNotPayable = u"order_not_payable";
    static constexpr QStringView PaymentExpired = u"payment_expired";
    static constexpr QStringView PaymentConflict = u"payment_conflict";
    static constexpr QStringView ProviderUnavailable = u"provider_unavailable";
    static constexpr QStringView NotificationMismatch = u"notification_mismatch";
    static constexpr QStringView CsrfInvalid = u"csrf_invalid";
    // Load and failures
    static constexpr QStringView RateLimited = u"rate_limited";
    static constexpr QStringView InternalError = u"internal_error";
    static constexpr QStringView Unavailable = u"unavailable";

    // Every code, grouped as above.
    [[nodiscard]] static const QList<ErrorCodeInfo> &all();
    // nullptr for a code the catalogue does not have.
    [[nodiscard]] static const ErrorCodeInfo *find(QStringView code);
    // The HTTP status for a code; 500 for an unknown one (an unknown code is a server bug).
    [[nodiscard]] static int httpStatus(QStringView code);
    // The translated default message; empty for an unknown code.
    [[nodiscard]] static QString defaultMessage(QStringView code);
    // An Error carrying the code and its default message.
    [[nodiscard]] static Error error(QStringView code, const QString &field = {});
};

} // namespace deskpay
