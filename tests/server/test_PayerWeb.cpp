// The payer web pages over real TLS: the files under /pay/ with their security headers, no way
// out of the page folder, the cookie session (flags, CSRF on every change, logout) beside the
// bearer token, and GET /v1/payer/orders/{id}. Built twice: SQLite and (DESKPAY_TEST_POSTGRES)
// the PostgreSQL of `./dev test`.
//
// The payer routes are mounted on a second Server sharing the demo instance's database, with an
// authenticator that has a CSRF key, so this tests the classes whatever ServerInstance wires.

#include "OrderTestKit.h"
#include "server/LoginThrottle.h"
#include "server/PayerAuthRoutes.h"
#include "server/PayerAuthenticator.h"
#include "server/PayerRequestRoutes.h"
#include "server/PayerSessionStore.h"
#include "server/PayerWebRoutes.h"
#include "server/Server.h"
#include "server/ServerInstance.h"
#include "server/TlsBootstrap.h"

#include <QNetworkCookieJar>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;
using namespace deskpay::test;

namespace {

const QByteArray Csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"_ba;

// A browser-like client whose cookies are exactly the Cookie header a test gives: Qt's own jar
// would keep Set-Cookie answers and blur which request carried what.
class NoCookies : public QNetworkCookieJar
{
public:
    QList<QNetworkCookie> cookiesForUrl(const QUrl &) const override { return {}; }
    bool setCookiesFromUrl(const QList<QNetworkCookie> &, const QUrl &) override { return false; }
};

class WebClient
{
public:
    explicit WebClient(const QString &caCertificatePath)
    {
        m_manager.setProxy(QNetworkProxy::NoProxy);
        m_manager.setCookieJar(new NoCookies);
        m_ssl = QSslConfiguration::defaultConfiguration();
        m_ssl.setCaCertificates(QSslCertificate::fromPath(caCertificatePath));
        m_ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    }

    ApiResult request(const QByteArray &verb, const QUrl &url, const QByteArray &body = {},
        const ApiTestClient::Headers &headers = {})
    {
        QNetworkRequest request(url);
        request.setSslConfiguration(m_ssl);
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        QNetworkReply *reply = m_manager.sendCustomRequest(request, verb, body);
        ApiResult result;
        QSignalSpy finished(reply, &QNetworkReply::finished);
        result.finished = reply->isFinished() || finished.wait(20000);
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.error = reply->error();
        result.contentType = reply->rawHeader("Content-Type"_ba);
        result.retryAfter = reply->rawHeader("Retry-After"_ba);
        result.responseHeaders = reply->rawHeaderPairs();
        reply->deleteLater();
        return result;
    }

private:
    QNetworkAccessManager m_manager;
    QSslConfiguration m_ssl;
};

// The payer routes of a server whose payer pages are on: what ServerInstance wires, on its own port.
class PayerWebServer
{
public:
    QString start(ServerInstance &instance, const Clock &clock)
    {
        m_sessions = std::make_unique<PayerSessionStore>(instance.database(), clock);
        m_authenticator = std::make_unique<PayerAuthenticator>(instance.payers(), *m_sessions, QByteArray(32, 'k'));
        m_hasher = std::make_unique<PasswordHasher>(CheapScrypt);
        m_throttle = std::make_unique<LoginThrottle>(clock);
        m_login = std::make_unique<PayerAuthRoutes>(
            instance.database(), instance.payers(), *m_sessions, *m_hasher, *m_authenticator, clock, LockoutPolicy {});
        m_login->setThrottle(m_throttle.get());
        m_requests = std::make_unique<PayerRequestRoutes>(
            *m_authenticator, instance.orders(), instance.orderService(), instance.audit());
        m_web = std::make_unique<PayerWebRoutes>(*m_login, *m_authenticator, *m_sessions);
        m_server = std::make_unique<Server>(instance.database(), clock);
        m_login->registerOn(m_server->router());
        m_requests->registerOn(m_server->router());
        m_web->registerOn(m_server->router());
        const auto tls = TlsBootstrap(clock).ensureLocalCa(instance.options().dataDir, u"127.0.0.1"_s);
        if (!tls)
            return tls.error().message;
        const auto port = m_server->listen({ QHostAddress(QHostAddress::LocalHost) }, 0, *tls);
        if (!port)
            return port.error().message;
        m_base = u"https://127.0.0.1:%1"_s.arg(*port);
        return {};
    }

    void stop() { m_server.reset(); }

    [[nodiscard]] QUrl url(const QString &path) const { return QUrl(m_base + path); }
    [[nodiscard]] const PayerWebRoutes &web() const { return *m_web; }

private:
    std::unique_ptr<PayerSessionStore> m_sessions;
    std::unique_ptr<PayerAuthenticator> m_authenticator;
    std::unique_ptr<PasswordHasher> m_hasher;
    std::unique_ptr<LoginThrottle> m_throttle;
    std::unique_ptr<PayerAuthRoutes> m_login;
    std::unique_ptr<PayerRequestRoutes> m_requests;
    std::unique_ptr<PayerWebRoutes> m_web;
    std::unique_ptr<Server> m_server;
    QString m_base;
};

struct CookieSession
{
    QString token;
    QByteArray csrf;
    QByteArray setCookie;
    QJsonObject answer;

    [[nodiscard]] ApiTestClient::Headers cookie() const
    {
        return { { "Cookie"_ba, "__Host-deskpay_payer="_ba + token.toLatin1() } };
    }
    [[nodiscard]] ApiTestClient::Headers withCsrf(const QByteArray &csrfToken) const
    {
        auto headers = cookie();
        headers.append({ "X-CSRF-Token"_ba, csrfToken });
        return headers;
    }
};

} // namespace

class TestPayerWeb : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void pagesCarrySecurityHeaders_data();
    void pagesCarrySecurityHeaders();
    void scriptsAreRevalidated();
    void nothingOutsideThePageFolder_data();
    void nothingOutsideThePageFolder();
    void cookieSession();
    void csrfGuardsEveryChange_data();
    void csrfGuardsEveryChange();
    void bearerIgnoresCookies();
    void orderIsScopedToItsPayer();
    void loginRefusalsKeepTheirAnswers();
    void logoutClearsTheCookie();
    void serverInstanceServesThePages();

private:
    [[nodiscard]] CookieSession logIn(const QString &accountId);
    [[nodiscard]] QString submitOrder();

    ManualClock m_clock { QDateTime(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC) };
    OrderTestKit m_kit;
    PayerWebServer m_web;
    std::unique_ptr<WebClient> m_client;
    std::optional<DeskAgent> m_agent;
};

void TestPayerWeb::initTestCase()
{
    QString error = m_kit.start(m_clock);
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
    error = m_web.start(m_kit.server(), m_clock);
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
    m_client = std::make_unique<WebClient>(m_kit.server().caCertificatePath());
    m_agent = m_kit.agent(u"agent1"_s);
    QVERIFY(m_agent);
}

void TestPayerWeb::cleanupTestCase()
{
    m_client.reset();
    m_web.stop();
    m_kit.stop();
}

CookieSession TestPayerWeb::logIn(const QString &accountId)
{
    const ApiResult result = m_client->request("POST"_ba, m_web.url(u"/pay/session"_s),
        compact(QJsonObject { { u"accountId"_s, accountId }, { u"password"_s, QString(DemoAgents::Password) } }),
        { { "Content-Type"_ba, "application/json"_ba } });
    CookieSession session;
    if (result.status != 201) {
        qWarning("login of %ls: %d %s", qUtf16Printable(accountId), result.status, result.body.constData());
        return session;
    }
    session.setCookie = result.header("Set-Cookie"_ba);
    const QByteArray prefix = "__Host-deskpay_payer="_ba;
    if (session.setCookie.startsWith(prefix))
        session.token
            = QString::fromLatin1(session.setCookie.mid(prefix.size(), session.setCookie.indexOf(';') - prefix.size()));
    session.answer = result.json();
    session.csrf = session.answer.value(u"csrfToken"_s).toString().toLatin1();
    return session;
}

QString TestPayerWeb::submitOrder()
{
    const ApiResult result = m_kit.submit(*m_agent, compact(sampleOrder(m_clock.now())));
    return result.status == 201 ? result.json().value(u"id"_s).toString() : QString();
}

void TestPayerWeb::pagesCarrySecurityHeaders_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("contentType");
    QTest::newRow("folder") << u"/pay/"_s << "text/html; charset=utf-8"_ba;
    QTest::newRow("login page") << u"/pay/index.html"_s << "text/html; charset=utf-8"_ba;
    QTest::newRow("requests page") << u"/pay/requests.html"_s << "text/html; charset=utf-8"_ba;
    QTest::newRow("result page") << u"/pay/result.html"_s << "text/html; charset=utf-8"_ba;
    QTest::newRow("style") << u"/pay/pay.css"_s << "text/css; charset=utf-8"_ba;
    QTest::newRow("client logic") << u"/pay/pay-client.mjs"_s << "text/javascript; charset=utf-8"_ba;
    QTest::newRow("Chinese dictionary") << u"/pay/i18n-zh-CN.mjs"_s << "text/javascript; charset=utf-8"_ba;
    QTest::newRow("English dictionary") << u"/pay/i18n-en.mjs"_s << "text/javascript; charset=utf-8"_ba;
}

void TestPayerWeb::pagesCarrySecurityHeaders()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, contentType);
    const ApiResult result = m_client->request("GET"_ba, m_web.url(path));
    QCOMPARE(result.status, 200);
    QCOMPARE(result.contentType, contentType);
    QVERIFY(!result.body.isEmpty());
    QCOMPARE(result.header("Content-Security-Policy"_ba), Csp);
    QCOMPARE(result.header("X-Content-Type-Options"_ba), "nosniff"_ba);
    QCOMPARE(result.header("Referrer-Policy"_ba), "no-referrer"_ba);
    QCOMPARE(result.header("X-Frame-Options"_ba), "DENY"_ba);
    if (contentType.startsWith("text/html")) {
        QCOMPARE(result.header("Cache-Control"_ba), "no-store"_ba);
        // The CSP forbids inline code: the pages must not need any.
        QVERIFY(!result.body.contains("<script>"));
        QVERIFY(!result.body.contains("style=\""));
        QVERIFY(!result.body.contains(" onclick="));
    }
}

void TestPayerWeb::scriptsAreRevalidated()
{
    const ApiResult first = m_client->request("GET"_ba, m_web.url(u"/pay/pay-client.mjs"_s));
    QCOMPARE(first.status, 200);
    QCOMPARE(first.header("Cache-Control"_ba), "no-cache"_ba);
    const QByteArray etag = first.header("ETag"_ba);
    QVERIFY(!etag.isEmpty());
    const ApiResult again
        = m_client->request("GET"_ba, m_web.url(u"/pay/pay-client.mjs"_s), {}, { { "If-None-Match"_ba, etag } });
    QCOMPARE(again.status, 304);
    QCOMPARE(again.header("Content-Security-Policy"_ba), Csp);
}

void TestPayerWeb::nothingOutsideThePageFolder_data()
{
    QTest::addColumn<QByteArray>("encodedPath");
    QTest::newRow("unknown file") << "/pay/nope.html"_ba;
    QTest::newRow("encoded slash up") << "/pay/..%2Fmigrations%2Fsqlite%2F0001_initial.sql"_ba;
    QTest::newRow("encoded dots") << "/pay/%2E%2E%2F%2E%2E%2Fserver%2FServer.cpp"_ba;
    QTest::newRow("absolute resource") << "/pay/%3A%2Fdeskpay%2Fweb%2Findex.html"_ba;
    QTest::newRow("backslash") << "/pay/..%5Cindex.html"_ba;
    QTest::newRow("nested") << "/pay/web/index.html"_ba;
    QTest::newRow("nul byte") << "/pay/index.html%00"_ba;
    QTest::newRow("hidden") << "/pay/.index.html"_ba;
    QTest::newRow("case") << "/pay/INDEX.HTML"_ba;
}

void TestPayerWeb::nothingOutsideThePageFolder()
{
    QFETCH(QByteArray, encodedPath);
    const QUrl url = QUrl::fromEncoded(m_web.url({}).toEncoded() + encodedPath, QUrl::StrictMode);
    QVERIFY2(url.isValid(), url.errorString().toUtf8().constData());
    const ApiResult result = m_client->request("GET"_ba, url);
    QCOMPARE(result.status, 404);
    QCOMPARE(result.contentType, "text/html; charset=utf-8"_ba);
    QCOMPARE(result.header("Content-Security-Policy"_ba), Csp);
    QCOMPARE(result.header("X-Frame-Options"_ba), "DENY"_ba);
    QVERIFY(!result.body.contains("CREATE TABLE"));
}

void TestPayerWeb::cookieSession()
{
    const CookieSession session = logIn(u"payer1"_s);
    QVERIFY(!session.token.isEmpty());
    // Exactly these flags: __Host- needs Secure and Path=/ and no Domain; HttpOnly keeps the
    // token from the page's script; Strict keeps other sites' pages from sending it.
    QCOMPARE(session.setCookie,
        "__Host-deskpay_payer="_ba + session.token.toLatin1()
            + "; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=43200"_ba);
    QCOMPARE(session.answer.value(u"displayName"_s).toString(), u"张伟"_s);
    QCOMPARE(session.answer.value(u"accountId"_s).toString(), u"payer1"_s);
    QCOMPARE(session.answer.value(u"expiresAt"_s).toString(), u"2026-11-20T12:30:00Z"_s);
    QCOMPARE(session.csrf.size(), 43);
    QVERIFY(!session.answer.contains(u"token"_s)); // the token lives in the cookie only

    // The page asks again after a reload: the same CSRF token, without logging in.
    const ApiResult again = m_client->request("GET"_ba, m_web.url(u"/pay/session"_s), {}, session.cookie());
    QCOMPARE(again.status, 200);
    QCOMPARE(again.json().value(u"csrfToken"_s).toString().toLatin1(), session.csrf);
    QCOMPARE(again.header("Content-Security-Policy"_ba), Csp);

    // The cookie works on the payer API.
    const QString id = submitOrder();
    QVERIFY(!id.isEmpty());
    const ApiResult requests = m_client->request("GET"_ba, m_web.url(u"/v1/payer/requests"_s), {}, session.cookie());
    QCOMPARE(requests.status, 200);
    bool listed = false;
    for (const QJsonValue &item : requests.json().value(u"requests"_s).toArray())
        listed |= item.toObject().value(u"order"_s).toObject().value(u"id"_s).toString() == id;
    QVERIFY(listed);
    QVERIFY(!requests.body.contains("11010519491231002X"));

    // Without a cookie or with a made-up one: no session.
    QCOMPARE(m_client->request("GET"_ba, m_web.url(u"/pay/session"_s)).status, 401);
    const ApiResult forged = m_client->request("GET"_ba, m_web.url(u"/pay/session"_s), {},
        { { "Cookie"_ba, "__Host-deskpay_payer=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"_ba } });
    QCOMPARE(forged.status, 401);
    QCOMPARE(forged.errorCode(), u"unauthenticated"_s);
}

void TestPayerWeb::csrfGuardsEveryChange_data()
{
    QTest::addColumn<QString>("csrf");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("no token") << u"none"_s << 403 << u"csrf_invalid"_s;
    QTest::newRow("empty token") << u"empty"_s << 403 << u"csrf_invalid"_s;
    QTest::newRow("another session's token") << u"other"_s << 403 << u"csrf_invalid"_s;
    QTest::newRow("one character off") << u"tampered"_s << 403 << u"csrf_invalid"_s;
    QTest::newRow("the session's token") << u"right"_s << 200 << QString();
}

void TestPayerWeb::csrfGuardsEveryChange()
{
    QFETCH(QString, csrf);
    QFETCH(int, status);
    QFETCH(QString, code);
    const CookieSession session = logIn(u"payer1"_s);
    const CookieSession other = logIn(u"payer1"_s);
    QVERIFY(!session.csrf.isEmpty() && !other.csrf.isEmpty());
    QVERIFY(session.csrf != other.csrf);
    const QString id = submitOrder();
    QVERIFY(!id.isEmpty());

    ApiTestClient::Headers headers = session.cookie();
    if (csrf == u"empty"_s)
        headers = session.withCsrf({});
    if (csrf == u"other"_s)
        headers = session.withCsrf(other.csrf);
    if (csrf == u"tampered"_s) {
        QByteArray tampered = session.csrf;
        tampered[5] = tampered.at(5) == 'A' ? 'B' : 'A';
        headers = session.withCsrf(tampered);
    }
    if (csrf == u"right"_s)
        headers = session.withCsrf(session.csrf);
    const ApiResult result
        = m_client->request("POST"_ba, m_web.url(u"/v1/payer/requests/%1/confirm"_s.arg(id)), {}, headers);
    QCOMPARE(result.status, status);
    const ApiResult after = m_client->request("GET"_ba, m_web.url(u"/v1/payer/orders/"_s + id), {}, session.cookie());
    QCOMPARE(after.status, 200);
    const QString state = after.json().value(u"order"_s).toObject().value(u"state"_s).toString();
    if (status == 200) {
        QCOMPARE(result.json().value(u"order"_s).toObject().value(u"state"_s).toString(), u"PAYMENT_PENDING"_s);
        QCOMPARE(state, u"PAYMENT_PENDING"_s);
    } else {
        QCOMPARE(result.errorCode(), code);
        QCOMPARE(state, u"AWAITING_PAYER_CONFIRMATION"_s); // nothing happened
    }
}

void TestPayerWeb::bearerIgnoresCookies()
{
    const CookieSession payer1 = logIn(u"payer1"_s);
    const QString payer2 = m_kit.payerToken(u"payer2"_s);
    QVERIFY(!payer2.isEmpty());
    const QString id = submitOrder(); // payer1's

    // A bearer request is the bearer's, whatever cookie comes along …
    auto headers = ApiTestClient::bearer(payer2) + payer1.cookie();
    const ApiResult asPayer2 = m_client->request("GET"_ba, m_web.url(u"/v1/payer/orders/"_s + id), {}, headers);
    QCOMPARE(asPayer2.status, 404);
    QCOMPARE(asPayer2.errorCode(), u"order_not_found"_s);
    // … and needs no CSRF token (no browser adds an Authorization header on its own).
    const QString payer1Token = m_kit.payerToken(u"payer1"_s);
    const ApiResult declined = m_client->request(
        "POST"_ba, m_web.url(u"/v1/payer/requests/%1/decline"_s.arg(id)), {}, ApiTestClient::bearer(payer1Token));
    QCOMPARE(declined.status, 200);
    QCOMPARE(declined.json().value(u"order"_s).toObject().value(u"state"_s).toString(), u"PAYER_DECLINED"_s);
    // A broken bearer header does not fall back to the cookie.
    const ApiResult broken = m_client->request("GET"_ba, m_web.url(u"/v1/payer/requests"_s), {},
        ApiTestClient::Headers { { "Authorization"_ba, "Bearer nonsense"_ba } } + payer1.cookie());
    QCOMPARE(broken.status, 401);
}

void TestPayerWeb::orderIsScopedToItsPayer()
{
    const CookieSession payer1 = logIn(u"payer1"_s);
    const CookieSession payer2 = logIn(u"payer2"_s);
    const QString id = submitOrder();
    QVERIFY(!id.isEmpty());

    ApiResult own = m_client->request("GET"_ba, m_web.url(u"/v1/payer/orders/"_s + id), {}, payer1.cookie());
    QCOMPARE(own.status, 200);
    QJsonObject order = own.json().value(u"order"_s).toObject();
    QCOMPARE(order.value(u"state"_s).toString(), u"AWAITING_PAYER_CONFIRMATION"_s);
    QCOMPARE(order.value(u"confirmBy"_s).toString(), u"2026-11-20T12:15:00Z"_s);
    QCOMPARE(own.json().value(u"desk"_s).toString().isEmpty(), false);
    QVERIFY(!own.json().contains(u"paymentDeadline"_s));
    QCOMPARE(order.value(u"payer"_s).toObject().value(u"documentNumberMasked"_s).toString(), u"110105********002X"_s);
    QVERIFY(!own.body.contains("11010519491231002X"));

    // Another payer's order is as missing as a made-up one.
    const ApiResult foreign = m_client->request("GET"_ba, m_web.url(u"/v1/payer/orders/"_s + id), {}, payer2.cookie());
    QCOMPARE(foreign.status, 404);
    QCOMPARE(foreign.errorCode(), u"order_not_found"_s);
    const ApiResult missing = m_client->request(
        "GET"_ba, m_web.url(u"/v1/payer/orders/o_0000000000000000000000000X"_s), {}, payer1.cookie());
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.errorCode(), u"order_not_found"_s);
    QCOMPARE(m_client->request("GET"_ba, m_web.url(u"/v1/payer/orders/"_s + id)).status, 401);

    // Confirmed: the payment order and its deadline come with it.
    QCOMPARE(m_client
                 ->request(
                     "POST"_ba, m_web.url(u"/v1/payer/requests/%1/confirm"_s.arg(id)), {}, payer1.withCsrf(payer1.csrf))
                 .status,
        200);
    own = m_client->request("GET"_ba, m_web.url(u"/v1/payer/orders/"_s + id), {}, payer1.cookie());
    QCOMPARE(own.status, 200);
    QCOMPARE(own.json().value(u"order"_s).toObject().value(u"state"_s).toString(), u"PAYMENT_PENDING"_s);
    QVERIFY(own.json().value(u"payment"_s).isObject());
    const QDateTime deadline = QDateTime::fromString(own.json().value(u"paymentDeadline"_s).toString(), Qt::ISODate);
    QVERIFY(deadline.isValid());
    QVERIFY(deadline > m_clock.now());
    // The list items carry it too.
    const ApiResult list = m_client->request("GET"_ba, m_web.url(u"/v1/payer/requests"_s), {}, payer1.cookie());
    bool withDeadline = false;
    for (const QJsonValue &item : list.json().value(u"requests"_s).toArray()) {
        if (item.toObject().value(u"order"_s).toObject().value(u"id"_s).toString() == id)
            withDeadline = item.toObject().contains(u"paymentDeadline"_s);
    }
    QVERIFY(withDeadline);
}

void TestPayerWeb::loginRefusalsKeepTheirAnswers()
{
    const auto attempt = [this](const QString &password) {
        return m_client->request("POST"_ba, m_web.url(u"/pay/session"_s),
            compact(QJsonObject { { u"accountId"_s, u"payer3"_s }, { u"password"_s, password } }),
            { { "Content-Type"_ba, "application/json"_ba } });
    };
    ApiResult wrong = attempt(u"wrong password"_s);
    QCOMPARE(wrong.status, 401);
    QCOMPARE(wrong.errorCode(), u"invalid_credentials"_s);
    QVERIFY(wrong.header("Set-Cookie"_ba).isEmpty());
    QCOMPARE(wrong.header("Content-Security-Policy"_ba), Csp);
    wrong = attempt(u"wrong again"_s);
    QCOMPARE(wrong.status, 401);
    // The third guess in a row comes too early: the shared LoginThrottle of the API login.
    const ApiResult early = attempt(u"third guess"_s);
    QCOMPARE(early.status, 429);
    QCOMPARE(early.errorCode(), u"rate_limited"_s);
    QVERIFY(early.retryAfter.toInt() >= 1);
    m_clock.advanceSecs(20);
    QCOMPARE(attempt(QString(DemoAgents::Password)).status, 201);

    const ApiResult notJson = m_client->request("POST"_ba, m_web.url(u"/pay/session"_s), "accountId=payer3"_ba,
        { { "Content-Type"_ba, "application/x-www-form-urlencoded"_ba } });
    QCOMPARE(notJson.status, 415); // a cross-site form cannot log a browser in
}

void TestPayerWeb::logoutClearsTheCookie()
{
    const CookieSession session = logIn(u"payer2"_s);
    QVERIFY(!session.token.isEmpty());
    const ApiResult forged = m_client->request("DELETE"_ba, m_web.url(u"/pay/session"_s), {}, session.cookie());
    QCOMPARE(forged.status, 403);
    QCOMPARE(forged.errorCode(), u"csrf_invalid"_s);
    QCOMPARE(m_client->request("GET"_ba, m_web.url(u"/pay/session"_s), {}, session.cookie()).status, 200);

    const ApiResult out
        = m_client->request("DELETE"_ba, m_web.url(u"/pay/session"_s), {}, session.withCsrf(session.csrf));
    QCOMPARE(out.status, 204);
    QCOMPARE(
        out.header("Set-Cookie"_ba), "__Host-deskpay_payer=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0"_ba);
    QCOMPARE(out.header("Content-Security-Policy"_ba), Csp);
    QCOMPARE(m_client->request("GET"_ba, m_web.url(u"/pay/session"_s), {}, session.cookie()).status, 401);
    QCOMPARE(m_client->request("GET"_ba, m_web.url(u"/v1/payer/requests"_s), {}, session.cookie()).status, 401);
}

void TestPayerWeb::serverInstanceServesThePages()
{
    // deskpay-server itself (ServerInstance) mounts the same routes.
    const ApiResult page = m_client->request("GET"_ba, m_kit.url(u"/pay/"_s));
    QCOMPARE(page.status, 200);
    QCOMPARE(page.header("Content-Security-Policy"_ba), Csp);
}

QTEST_GUILESS_MAIN(TestPayerWeb)
#include "test_PayerWeb.moc"
