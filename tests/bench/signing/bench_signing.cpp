// bench_signing: Ed25519 and RFC 9421 request sign/verify rates through services/protocol, and the
// ratio against `openssl speed ed25519` on the same machine.
//
// Rates are operations per second of CPU time of the measuring thread, the basis `openssl speed`
// uses by default (user CPU time), so the ratio stays meaningful on a busy machine. Exit codes:
// 0 figures printed, 1 a library call failed, 2 openssl not found, 3 openssl's output not understood.

#include "models/Clock.h"
#include "services/protocol/ContentDigest.h"
#include "services/protocol/Ed25519Key.h"
#include "services/protocol/HttpMessage.h"
#include "services/protocol/HttpSignature.h"
#include "services/protocol/SignatureProfile.h"
#include "services/protocol/SignatureVerifier.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QUrl>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <optional>

using namespace Qt::StringLiterals;
using namespace deskpay;

namespace {

constexpr double kSecondsPerFigure = 2.0;

double threadCpuSeconds()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

void figure(const char *name, double value, const char *unit, int decimals = 0)
{
    std::printf("bench signing %s %.*f %s\n", name, decimals, value, unit);
    std::fflush(stdout);
}

[[noreturn]] void die(int code, const QString &why)
{
    std::fprintf(stderr, "bench signing: %s\n", qPrintable(why));
    std::exit(code);
}

// Runs `op` for kSecondsPerFigure of thread CPU time (or at most four times that of wall time,
// should the machine be starved) and returns operations per CPU second.
template<typename Op> double rate(Op op)
{
    for (int i = 0; i < 32; ++i) // warm caches and OpenSSL's algorithm fetch cache
        op();
    QElapsedTimer wall;
    wall.start();
    const double start = threadCpuSeconds();
    double elapsed = 0;
    qint64 ops = 0;
    do {
        for (int i = 0; i < 16; ++i)
            op();
        ops += 16;
        elapsed = threadCpuSeconds() - start;
    } while (elapsed < kSecondsPerFigure && wall.elapsed() < qint64(4000 * kSecondsPerFigure));
    return double(ops) / elapsed;
}

template<typename T> T check(Result<T> result, const char *what)
{
    if (!result)
        die(1, u"%1 failed: %2 %3"_s.arg(QString::fromLatin1(what), result.error().code, result.error().message));
    return std::move(*result);
}

void check(const Result<void> &result, const char *what)
{
    if (!result)
        die(1, u"%1 failed: %2 %3"_s.arg(QString::fromLatin1(what), result.error().code, result.error().message));
}

// A typical change-order request: about 1 KB of JSON.
QByteArray orderBody()
{
    QByteArray body
        = R"({"productType":"DATE_CHANGE_UPGRADE","ticketNumber":"1762342567890","pnr":"K7XQ2M",)"
          R"("passengerName":"ZHANG/WEI MR","coupons":[1,2],)"
          R"("originalSegment":{"flight":"CA981","origin":"PEK","destination":"JFK",)"
          R"("departure":"2026-03-14T13:00:00","timeZone":"Asia/Shanghai","bookingClass":"Y","cabin":"Y"},)"
          R"("newSegment":{"flight":"CA989","origin":"PEK","destination":"JFK",)"
          R"("departure":"2026-03-16T13:00:00","timeZone":"Asia/Shanghai","bookingClass":"J","cabin":"J"},)"
          R"("pricing":{"currency":"CNY","lines":[{"kind":"FARE_DIFFERENCE","amountMinor":1250000},)"
          R"({"kind":"TAX_DIFFERENCE","amountMinor":18000},{"kind":"CHANGE_FEE","amountMinor":80000}],)"
          R"("totalMinor":1348000,"quotedAt":"2026-03-01T08:15:00Z","priceGuaranteeMinutes":120},)"
          R"("payer":{"account":"P-20250301-000184","name":"LI NA","documentType":"CN_RESIDENT_ID",)"
          R"("documentNumber":"11010519491231002X"},"agent":{"desk":"PEK-T3-12","agentId":"a-4417"},)"
          R"("remarks":"Passenger requests upgrade on the later flight; payer is the passenger's employer.")"_ba;
    while (body.size() < 1023)
        body += ' ';
    return body + '}';
}

struct OpenSslSpeed
{
    double signPerSecond = 0;
    double verifyPerSecond = 0;
};

OpenSslSpeed runOpenSslSpeed(const QString &openssl)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(openssl, { u"speed"_s, u"-seconds"_s, QString::number(int(kSecondsPerFigure)), u"ed25519"_s });
    if (!process.waitForStarted(10'000))
        die(2, u"could not start %1: %2"_s.arg(openssl, process.errorString()));
    if (!process.waitForFinished(120'000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        die(3, u"`openssl speed ed25519` failed: %1"_s.arg(QString::fromLocal8Bit(process.readAllStandardError())));

    // The summary line reads: ` 253 bits EdDSA (Ed25519)   0.0000s   0.0001s  21000.0   9012.0`.
    const QString output = QString::fromLocal8Bit(process.readAllStandardOutput());
    static const QRegularExpression summary(
        uR"(\(Ed25519\)\s+\S+s\s+\S+s\s+([0-9.]+)\s+([0-9.]+)\s*$)"_s, QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = summary.match(output);
    bool signOk = false;
    bool verifyOk = false;
    OpenSslSpeed speed;
    if (match.hasMatch()) {
        speed.signPerSecond = match.captured(1).toDouble(&signOk);
        speed.verifyPerSecond = match.captured(2).toDouble(&verifyOk);
    }
    if (!signOk || !verifyOk || speed.signPerSecond <= 0 || speed.verifyPerSecond <= 0)
        die(3, u"could not find the Ed25519 sign/s and verify/s in the output of `openssl speed`:\n%1"_s.arg(output));
    return speed;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);

    const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
    if (openssl.isEmpty())
        die(2, u"the openssl command is not in PATH; install the Debian package `openssl` to compare against it"_s);

    // 1. Ed25519 through Ed25519Key, on a 20-byte message as `openssl speed` uses.
    const Ed25519Key key = check(Ed25519Key::generate(), "key generation");
    const Ed25519Key publicKey
        = check(Ed25519Key::fromRawPublicKey(check(key.rawPublicKey(), "raw key")), "public key");
    const QByteArray message(20, 'x');
    const QByteArray signature = check(key.sign(message), "sign");
    check(publicKey.verify(message, signature), "verify");

    const double signRate = rate([&] {
        if (!key.sign(message))
            die(1, u"sign failed"_s);
    });
    figure("sign_per_s", signRate, "ops/s");
    const double verifyRate = rate([&] {
        if (!publicKey.verify(message, signature))
            die(1, u"verify failed"_s);
    });
    figure("verify_per_s", verifyRate, "ops/s");

    // 2. A whole order request through the RFC 9421 API: Content-Digest over the body, a fresh
    //    nonce, the signature base, Ed25519, both header values — and the server's full check.
    const QByteArray body = orderBody();
    figure("http_body_bytes", double(body.size()), "B");
    HttpMessage unsigned_
        = check(HttpMessage::fromUrl("POST"_ba, QUrl(u"https://pay.example:8443/v1/orders"_s)), "message");
    unsigned_.addHeader("Content-Type", "application/json");
    unsigned_.addHeader("Idempotency-Key", "0b6f9a52-8d0e-4a8e-9d0c-7f0d3b1c2a41");
    unsigned_.setBody(body);
    const SignatureProfile profile = SignatureProfile::deskpay();
    const ManualClock clock;

    HttpMessage signedRequest = unsigned_;
    check(HttpSignature::signRequest(signedRequest, profile, key, u"desk-7"_s, clock), "request signing");
    const SignatureVerifier verifier(
        clock, [&publicKey](const QString &) -> Result<Ed25519Key> { return publicKey; }, profile);
    check(verifier.verify(signedRequest), "request verification");

    const double httpSignRate = rate([&] {
        HttpMessage m = unsigned_;
        if (!HttpSignature::signRequest(m, profile, key, u"desk-7"_s, clock))
            die(1, u"request signing failed"_s);
    });
    figure("http_sign_per_s", httpSignRate, "ops/s");
    const double httpVerifyRate = rate([&] {
        if (!verifier.verify(signedRequest))
            die(1, u"request verification failed"_s);
    });
    figure("http_verify_per_s", httpVerifyRate, "ops/s");

    // 3. The reference: OpenSSL's own loop over EVP_DigestSign/EVP_DigestVerify.
    const OpenSslSpeed speed = runOpenSslSpeed(openssl);
    figure("openssl_sign_per_s", speed.signPerSecond, "ops/s");
    figure("openssl_verify_per_s", speed.verifyPerSecond, "ops/s");
    const double signRatio = signRate / speed.signPerSecond;
    const double verifyRatio = verifyRate / speed.verifyPerSecond;
    figure("sign_ratio_vs_openssl", signRatio, "x", 2);
    figure("verify_ratio_vs_openssl", verifyRatio, "x", 2);
    figure("ratio_vs_openssl", std::min(signRatio, verifyRatio), "x", 2); // the worse of the two
    figure("http_sign_ratio_vs_openssl", httpSignRate / speed.signPerSecond, "x", 2);
    figure("http_verify_ratio_vs_openssl", httpVerifyRate / speed.verifyPerSecond, "x", 2);
    return 0;
}
