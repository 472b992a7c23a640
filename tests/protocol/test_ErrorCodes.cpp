// ErrorCodes and ErrorBody: the catalogue is complete and consistent, and error answers
// round-trip through their JSON envelope.

#include "services/protocol/ErrorBody.h"
#include "services/protocol/ErrorCodes.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

class TestErrorCodes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void catalogueIsConsistent();
    void knownCodes_data();
    void knownCodes();
    void unknownCode();
    void bodyRoundTrip();
    void bodyRefusesOtherShapes_data();
    void bodyRefusesOtherShapes();
};

void TestErrorCodes::catalogueIsConsistent()
{
    static const QRegularExpression snake(u"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"_s);
    const QSet<QString> upper { u"REAL_NAME_MISMATCH"_s, u"CONFIRMATION_EXPIRED"_s, u"PAYER_DECLINED"_s };
    QSet<QString> seen;
    for (const ErrorCodeInfo &info : ErrorCodes::all()) {
        QVERIFY2(!seen.contains(info.code), qPrintable(info.code));
        seen.insert(info.code);
        QVERIFY2(snake.match(info.code).hasMatch() || upper.contains(info.code), qPrintable(info.code));
        QVERIFY2(info.httpStatus >= 400 && info.httpStatus < 600, qPrintable(info.code));
        QVERIFY2(!ErrorCodes::defaultMessage(info.code).isEmpty(), qPrintable(info.code));
        QCOMPARE(ErrorCodes::find(info.code), &info);
    }
    // Every named constant is in the table.
    for (QStringView c : { ErrorCodes::InvalidJson, ErrorCodes::TooLarge, ErrorCodes::UnsupportedMediaType,
             ErrorCodes::MissingHeader, ErrorCodes::HeaderTooLarge, ErrorCodes::NotFound, ErrorCodes::MethodNotAllowed,
             ErrorCodes::ValidationFailed, ErrorCodes::Unauthenticated, ErrorCodes::SessionExpired,
             ErrorCodes::InvalidCredentials, ErrorCodes::AccountLocked, ErrorCodes::Forbidden,
             ErrorCodes::DigestMismatch, ErrorCodes::SignatureInvalid, ErrorCodes::NonceReplayed,
             ErrorCodes::KeyNotApproved, ErrorCodes::KeyRevoked, ErrorCodes::IdempotencyKeyMissing,
             ErrorCodes::IdempotencyConflict, ErrorCodes::RealNameMismatch, ErrorCodes::ConfirmationExpired,
             ErrorCodes::PayerDeclined, ErrorCodes::PayerUnknown, ErrorCodes::OrderNotFound,
             ErrorCodes::IllegalTransition, ErrorCodes::RateLimited, ErrorCodes::InternalError,
             ErrorCodes::Unavailable })
        QVERIFY2(ErrorCodes::find(c), qPrintable(c.toString()));
}

void TestErrorCodes::knownCodes_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("status");
    QTest::newRow("validation") << u"validation_failed"_s << 422;
    QTest::newRow("idempotency") << u"idempotency_conflict"_s << 409;
    QTest::newRow("digest") << u"digest_mismatch"_s << 400;
    QTest::newRow("signature") << u"signature_invalid"_s << 401;
    QTest::newRow("real name") << u"REAL_NAME_MISMATCH"_s << 422;
    QTest::newRow("expired") << u"CONFIRMATION_EXPIRED"_s << 409;
    QTest::newRow("declined") << u"PAYER_DECLINED"_s << 409;
    QTest::newRow("body size") << u"too_large"_s << 413;
    QTest::newRow("revoked key") << u"key_revoked"_s << 403;
    // Codes returned by SignatureVerifier and ContentDigest (services/protocol headers).
    QTest::newRow("verifier: expired") << u"signature_expired"_s << 401;
    QTest::newRow("verifier: unknown key") << u"signature_unknown_key"_s << 401;
    QTest::newRow("verifier: component missing") << u"signature_missing_component"_s << 401;
    QTest::newRow("digest: missing") << u"digest_missing"_s << 400;
}

void TestErrorCodes::knownCodes()
{
    QFETCH(QString, code);
    QFETCH(int, status);
    QCOMPARE(ErrorCodes::httpStatus(code), status);
    const Error e = ErrorCodes::error(code, u"pnr"_s);
    QCOMPARE(e.code, code);
    QCOMPARE(e.field, u"pnr"_s);
    QVERIFY(!e.message.isEmpty());
}

void TestErrorCodes::unknownCode()
{
    QCOMPARE(ErrorCodes::find(u"no_such_code"), nullptr);
    QCOMPARE(ErrorCodes::httpStatus(u"no_such_code"), 500);
    QVERIFY(ErrorCodes::defaultMessage(u"no_such_code").isEmpty());
    // Codes are case-sensitive.
    QCOMPARE(ErrorCodes::find(u"real_name_mismatch"), nullptr);
}

void TestErrorCodes::bodyRoundTrip()
{
    ValidationReport issues;
    issues.add(u"pnr"_s, u"pnr_format"_s, u"The booking reference is 6 capital letters or digits."_s);
    issues.add(u"payer.documentNumber"_s, u"id_check_character"_s, u"Check for a typing mistake."_s);
    const QByteArray json = ErrorBody::encode(ErrorCodes::error(ErrorCodes::ValidationFailed), issues);
    QVERIFY2(json.startsWith(R"({"error":{"code":"validation_failed","issues":[{"code":"pnr_format","field":"pnr",)"),
        json.constData());
    const Result<ApiError> back = ErrorBody::decode(json);
    QVERIFY(back.has_value());
    QCOMPARE(back->error.code, u"validation_failed"_s);
    QCOMPARE(back->issues, issues.issues());
    QCOMPARE(ErrorBody::encode(back->error, issues), json);

    const QByteArray plain = ErrorBody::encode(Error { u"digest_mismatch"_s, u"x"_s, {} });
    QCOMPARE(plain, R"({"error":{"code":"digest_mismatch","message":"x"}})"_ba);
    const Result<ApiError> p = ErrorBody::decode(plain);
    QVERIFY(p.has_value());
    QVERIFY(p->issues.isEmpty());
}

void TestErrorCodes::bodyRefusesOtherShapes_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("html from a proxy") << "<html><body>502 Bad Gateway</body></html>"_ba;
    QTest::newRow("empty object") << "{}"_ba;
    QTest::newRow("code as number") << R"({"error":{"code":400,"message":"x"}})"_ba;
    QTest::newRow("unknown field") << R"({"error":{"code":"x","message":"x","hint":"y"}})"_ba;
    QTest::newRow("bad issue") << R"({"error":{"code":"x","message":"x","issues":[{"field":"a"}]}})"_ba;
}

void TestErrorCodes::bodyRefusesOtherShapes()
{
    QFETCH(QByteArray, body);
    const Result<ApiError> r = ErrorBody::decode(body);
    QVERIFY(!r.has_value());
    QCOMPARE(r.error().code, u"invalid_error_body"_s);
}

QTEST_GUILESS_MAIN(TestErrorCodes)
#include "test_ErrorCodes.moc"
