#include "paysandbox/ProviderSandbox.h"

#include "payments/AlipaySignature.h"
#include "payments/FormCodec.h"
#include "paysandbox/SandboxFormat.h"
#include "paysandbox/SandboxPages.h"

#include <QFile>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

Q_LOGGING_CATEGORY(lcSandbox, "deskpay.paysandbox")

constexpr qint64 MaxPemFileSize = 1024 * 1024;

QString alipayResponseKey(const QString &method)
{
    return QString(method).replace(QLatin1Char('.'), QLatin1Char('_')) + u"_response"_s;
}

QJsonObject alipayError(const QString &code, const QString &msg, const QString &subCode, const QString &subMsg)
{
    return QJsonObject { { u"code"_s, code }, { u"msg"_s, msg }, { u"sub_code"_s, subCode }, { u"sub_msg"_s, subMsg } };
}

QByteArray newToken()
{
    QByteArray bytes(24, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

bool isHttpsUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && url.scheme() == u"https" && !url.host().isEmpty();
}

} // namespace

ProviderSandbox::ProviderSandbox(Options options, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_clock(clock)
{
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    if (!m_options.notifyCaFile.isEmpty())
        ssl.addCaCertificates(QSslCertificate::fromPath(m_options.notifyCaFile, QSsl::Pem));
    ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    m_notifier = new SandboxNotifier(m_clock, m_options.resendSchedule, ssl, this);
    connect(m_notifier, &SandboxNotifier::deliveryAttempted, this, &ProviderSandbox::deliveryAttempted);
    m_http.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        handle(request, std::move(responder));
    });
}

ProviderSandbox::~ProviderSandbox()
{
    close();
}

Result<quint16> ProviderSandbox::start()
{
    const SandboxKeys &keys = m_options.keys;
    if (keys.alipayMerchantPublicKey.isNull() || keys.alipayPlatformPrivateKey.isNull()
        || keys.wechatMerchantPublicKey.isNull() || keys.wechatPlatformPrivateKey.isNull()
        || keys.wechatApiV3Key.size() != 32)
        return fail(u"keys_missing"_s, tr("The sandbox needs both gateways' keys and a 32-byte APIv3 key."));

    QFile certificateFile(m_options.tlsCertificateFile);
    QFile keyFile(m_options.tlsKeyFile);
    if (!certificateFile.open(QIODevice::ReadOnly) || certificateFile.size() > MaxPemFileSize)
        return fail(u"tls_unreadable"_s, tr("Cannot read %1.").arg(m_options.tlsCertificateFile));
    if (!keyFile.open(QIODevice::ReadOnly) || keyFile.size() > MaxPemFileSize)
        return fail(u"tls_unreadable"_s, tr("Cannot read %1.").arg(m_options.tlsKeyFile));
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certificateFile.readAll(), QSsl::Pem);
    if (chain.isEmpty() || chain.constFirst().isNull())
        return fail(u"tls_bad_certificate"_s, tr("No PEM certificate in %1.").arg(m_options.tlsCertificateFile));
    const QByteArray keyPem = keyFile.readAll();
    QSslKey key(keyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey);
    if (key.isNull())
        return fail(u"tls_bad_key"_s, tr("%1 holds no usable private key.").arg(m_options.tlsKeyFile));

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);

    auto *tcp = new QSslServer;
    tcp->setSslConfiguration(configuration);
    const QHostAddress address = m_options.listenHost == u"localhost" ? QHostAddress(QHostAddress::LocalHost)
                                                                      : QHostAddress(m_options.listenHost);
    if (address.isNull() || !tcp->listen(address, m_options.port)) {
        const QString reason = address.isNull() ? tr("not an IP address") : tcp->errorString();
        delete tcp;
        return fail(u"listen_failed"_s,
            tr("Cannot listen on %1:%2: %3").arg(m_options.listenHost).arg(m_options.port).arg(reason));
    }
    m_port = tcp->serverPort();
    m_http.bind(tcp); // takes ownership
    qCInfo(lcSandbox, "provider sandbox listening on %ls", qUtf16Printable(baseUrl()));
    return m_port;
}

void ProviderSandbox::close()
{
    const QList<QTcpServer *> servers = m_http.servers();
    for (QTcpServer *tcp : servers) {
        tcp->close();
        delete tcp;
    }
    m_port = 0;
}

QString ProviderSandbox::baseUrl() const
{
    QUrl url;
    url.setScheme(u"https"_s);
    url.setHost(m_options.listenHost);
    url.setPort(m_port);
    return url.toString(QUrl::FullyEncoded);
}

void ProviderSandbox::setDeliverNotifications(bool deliver)
{
    m_notifier->setEnabled(deliver);
}

bool ProviderSandbox::deliverNotifications() const
{
    return m_notifier->isEnabled();
}

std::optional<SandboxTrade> ProviderSandbox::alipayTrade(const QString &outTradeNo) const
{
    const auto found = m_alipayTrades.constFind(outTradeNo);
    return found == m_alipayTrades.cend() ? std::nullopt : std::optional<SandboxTrade>(*found);
}

std::optional<SandboxTrade> ProviderSandbox::wechatTrade(const QString &outTradeNo) const
{
    const auto found = m_wechatTrades.constFind(outTradeNo);
    return found == m_wechatTrades.cend() ? std::nullopt : std::optional<SandboxTrade>(*found);
}

QString ProviderSandbox::tradeState(const QString &outTradeNo) const
{
    if (const auto trade = alipayTrade(outTradeNo))
        return trade->state;
    if (const auto trade = wechatTrade(outTradeNo))
        return trade->state;
    return {};
}

Result<void> ProviderSandbox::writeKeySet(
    const QString &dir, const QString &sandboxUrl, const QString &serverCaFile, const QString &gatewayCaFile)
{
    return SandboxKeySet::write(dir, sandboxUrl, serverCaFile, gatewayCaFile);
}

Result<SandboxKeys> ProviderSandbox::loadKeySet(const QString &dir)
{
    auto loaded = SandboxKeySet::load(dir);
    if (!loaded)
        return std::unexpected(loaded.error());
    return loaded->keys;
}

void ProviderSandbox::handle(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    QHttpServerResponse response = dispatch(request);
    qCDebug(lcSandbox, "%ls -> %d", qUtf16Printable(request.url().path().left(200)), int(response.statusCode()));
    response.write(std::move(responder));
}

QHttpServerResponse ProviderSandbox::dispatch(const QHttpServerRequest &request)
{
    const QString path = request.url().path();
    const auto method = request.method();
    const bool get = method == QHttpServerRequest::Method::Get;
    const bool post = method == QHttpServerRequest::Method::Post;
    if (path == u"/alipay/gateway.do" && post)
        return alipayGateway(request);
    if (path == u"/alipay/cashier" && get)
        return alipayCashier(request);
    if (path == u"/alipay/cashier/decide" && post)
        return alipayDecide(request);
    if (path == u"/wechat/cashier" && get)
        return wechatCashier(request);
    if (path == u"/wechat/cashier/decide" && post)
        return wechatDecide(request);
    if (path.startsWith(u"/wechat/v3/"))
        return wechatApi(request);
    if (path == u"/sandbox/control" && (get || post))
        return control(request);
    return messagePage(404, tr("Not found"), tr("The sandbox has nothing at %1.").arg(path));
}

QHttpServerResponse ProviderSandbox::control(const QHttpServerRequest &request)
{
    if (request.method() == QHttpServerRequest::Method::Post) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(request.body(), &error);
        const QJsonValue deliver = document.object().value(u"deliverNotifications"_s);
        if (error.error != QJsonParseError::NoError || !document.isObject() || !deliver.isBool())
            return QHttpServerResponse(QJsonObject { { u"error"_s, u"expected {\"deliverNotifications\":bool}"_s } },
                QHttpServerResponse::StatusCode::BadRequest);
        setDeliverNotifications(deliver.toBool());
        qCInfo(lcSandbox, "notification delivery switched %s", deliver.toBool() ? "on" : "off");
    }
    return QHttpServerResponse(QJsonObject {
        { u"deliverNotifications"_s, deliverNotifications() }, { u"pendingNotifications"_s, pendingNotifications() } });
}

// ---- Alipay-style ----------------------------------------------------------------------

QHttpServerResponse ProviderSandbox::alipayAnswer(const QString &method, const QJsonObject &response) const
{
    // The signature covers the exact bytes of the …_response value, so they are written once
    // and spliced into the body unchanged.
    const QByteArray content = QJsonDocument(response).toJson(QJsonDocument::Compact);
    QByteArray body
        = "{\""_ba + (method.isEmpty() ? u"error_response"_s : alipayResponseKey(method)).toUtf8() + "\":"_ba + content;
    auto signature = m_options.keys.alipayPlatformPrivateKey.sign(content);
    if (signature)
        body += ",\"sign\":\""_ba + signature->toBase64() + "\""_ba;
    else
        qCWarning(lcSandbox, "cannot sign an Alipay answer: %ls", qUtf16Printable(signature.error().message));
    body += "}"_ba;
    return QHttpServerResponse("application/json;charset=utf-8"_ba, body);
}

QHttpServerResponse ProviderSandbox::alipayGateway(const QHttpServerRequest &request)
{
    const auto params = FormCodec::parse(request.body());
    if (!params)
        return alipayAnswer({},
            alipayError(u"40001"_s, u"Missing Required Arguments"_s, u"isv.missing-method"_s, params.error().message));
    const QString method = FormCodec::value(*params, u"method");
    if (method.isEmpty())
        return alipayAnswer(
            {}, alipayError(u"40001"_s, u"Missing Required Arguments"_s, u"isv.missing-method"_s, u"缺少方法名参数"_s));
    if (method != u"alipay.trade.query" && method != u"alipay.trade.close")
        return alipayAnswer(
            {}, alipayError(u"40002"_s, u"Invalid Arguments"_s, u"isv.invalid-method"_s, u"不存在的方法名"_s));
    if (FormCodec::value(*params, u"app_id") != m_options.keys.alipayAppId)
        return alipayAnswer(
            method, alipayError(u"40002"_s, u"Invalid Arguments"_s, u"isv.invalid-app-id"_s, u"无效的AppID参数"_s));
    if (FormCodec::value(*params, u"sign").isEmpty())
        return alipayAnswer(method,
            alipayError(u"40001"_s, u"Missing Required Arguments"_s, u"isv.missing-signature"_s, u"缺少签名参数"_s));
    if (FormCodec::value(*params, u"sign_type") != u"RSA2")
        return alipayAnswer(method,
            alipayError(u"40002"_s, u"Invalid Arguments"_s, u"isv.invalid-signature-type"_s, u"无效的签名类型"_s));
    if (!AlipaySignature::verify(*params, AlipaySignature::requestExclusions(), m_options.keys.alipayMerchantPublicKey))
        return alipayAnswer(
            method, alipayError(u"40002"_s, u"Invalid Arguments"_s, u"isv.invalid-signature"_s, u"验签出错"_s));

    QJsonParseError parseError;
    const QJsonObject biz
        = QJsonDocument::fromJson(FormCodec::value(*params, u"biz_content").toUtf8(), &parseError).object();
    const QString outTradeNo = biz.value(u"out_trade_no"_s).toString();
    if (parseError.error != QJsonParseError::NoError || outTradeNo.isEmpty())
        return alipayAnswer(
            method, alipayError(u"40004"_s, u"Business Failed"_s, u"ACQ.INVALID_PARAMETER"_s, u"参数无效"_s));

    auto found = m_alipayTrades.find(outTradeNo);
    if (found == m_alipayTrades.end())
        return alipayAnswer(
            method, alipayError(u"40004"_s, u"Business Failed"_s, u"ACQ.TRADE_NOT_EXIST"_s, u"交易不存在"_s));
    SandboxTrade &trade = *found;
    expireIfDue(trade);

    if (method == u"alipay.trade.close") {
        if (trade.state == u"TRADE_SUCCESS" || trade.state == u"TRADE_FINISHED")
            return alipayAnswer(method,
                alipayError(u"40004"_s, u"Business Failed"_s, u"ACQ.TRADE_STATUS_ERROR"_s, u"交易状态不合法"_s));
        // Closing a closed trade succeeds again: the server may repeat a close it lost the answer of.
        if (trade.state != u"TRADE_CLOSED")
            setState(trade, u"TRADE_CLOSED"_s);
        return alipayAnswer(method,
            QJsonObject { { u"code"_s, u"10000"_s }, { u"msg"_s, u"Success"_s },
                { u"out_trade_no"_s, trade.outTradeNo }, { u"trade_no"_s, trade.tradeNo } });
    }
    QJsonObject answer { { u"code"_s, u"10000"_s }, { u"msg"_s, u"Success"_s }, { u"out_trade_no"_s, trade.outTradeNo },
        { u"trade_no"_s, trade.tradeNo }, { u"trade_status"_s, trade.state },
        { u"total_amount"_s, SandboxFormat::yuan(trade.totalMinor) } };
    if (trade.paidAt.isValid()) {
        answer.insert(u"send_pay_date"_s, SandboxFormat::beijingTime(trade.paidAt));
        answer.insert(u"buyer_pay_amount"_s, SandboxFormat::yuan(trade.totalMinor));
    }
    return alipayAnswer(method, answer);
}

QHttpServerResponse ProviderSandbox::alipayCashier(const QHttpServerRequest &request)
{
    const auto params = FormCodec::parse(request.url().query(QUrl::FullyEncoded).toUtf8());
    const QString refused = tr("Payment refused / 支付请求无效");
    if (!params)
        return messagePage(400, refused, tr("The order string is malformed: %1").arg(params.error().message));
    const SandboxKeys &keys = m_options.keys;
    if (FormCodec::value(*params, u"app_id") != keys.alipayAppId)
        return messagePage(400, refused, tr("The order string names another app."));
    if (FormCodec::value(*params, u"sign_type") != u"RSA2")
        return messagePage(400, refused, tr("The order string is not signed with RSA2."));
    if (!AlipaySignature::verify(*params, AlipaySignature::requestExclusions(), keys.alipayMerchantPublicKey))
        return messagePage(400, refused, tr("The order string's signature does not verify."));
    if (FormCodec::value(*params, u"method") != u"alipay.trade.app.pay")
        return messagePage(400, refused, tr("The order string is not an app payment."));

    QJsonParseError parseError;
    const QJsonObject biz
        = QJsonDocument::fromJson(FormCodec::value(*params, u"biz_content").toUtf8(), &parseError).object();
    const QString outTradeNo = biz.value(u"out_trade_no"_s).toString();
    const QString subject = biz.value(u"subject"_s).toString();
    const auto amount = SandboxFormat::parseYuan(biz.value(u"total_amount"_s).toString());
    const QString timeout = biz.value(u"timeout_express"_s).toString();
    const auto timeoutSecs
        = timeout.isEmpty() ? std::optional<qint64>(15 * 86400) : SandboxFormat::timeoutSeconds(timeout);
    const QString notifyUrl = FormCodec::value(*params, u"notify_url");
    const QString returnUrl = FormCodec::value(*params, u"return_url");
    if (parseError.error != QJsonParseError::NoError || outTradeNo.isEmpty() || outTradeNo.size() > 64
        || subject.isEmpty() || !amount || !timeoutSecs)
        return messagePage(400, refused,
            tr("The order's biz_content lacks a valid out_trade_no, subject, "
               "total_amount or timeout_express."));
    if (!notifyUrl.isEmpty() && !isHttpsUrl(notifyUrl))
        return messagePage(400, refused, tr("The notify_url is not an https URL."));

    auto found = m_alipayTrades.find(outTradeNo);
    if (found == m_alipayTrades.end()) {
        SandboxTrade trade;
        trade.style = u"alipay"_s;
        trade.outTradeNo = outTradeNo;
        trade.tradeNo = m_clock.now().toUTC().toString(u"yyyyMMdd"_s) + u"22001"_s + SandboxFormat::randomDigits(15);
        trade.totalMinor = *amount;
        trade.subject = subject;
        trade.createdAt = m_clock.now();
        trade.expiresAt = trade.createdAt.addSecs(*timeoutSecs);
        trade.formToken = newToken();
        found = m_alipayTrades.insert(outTradeNo, trade);
        setState(*found, u"WAIT_BUYER_PAY"_s);
    } else if (found->totalMinor != *amount) {
        return messagePage(400, refused, tr("This trade number was already used with another amount."));
    }
    SandboxTrade &trade = *found;
    // A fresh order string for the same trade (the payer paid again) updates where to report.
    trade.notifyUrl = notifyUrl;
    trade.returnUrl = returnUrl;
    expireIfDue(trade);
    if (trade.state != u"WAIT_BUYER_PAY")
        return messagePage(409, tr("Trade finished / 交易已结束"), tr("This trade is %1.").arg(trade.state));
    return cashierPage(trade, u"/alipay/cashier/decide"_s);
}

QHttpServerResponse ProviderSandbox::alipayDecide(const QHttpServerRequest &request)
{
    const auto params = FormCodec::parse(request.body());
    const QString refused = tr("Decision refused / 操作无效");
    if (!params)
        return messagePage(400, refused, params.error().message);
    auto found = m_alipayTrades.find(FormCodec::value(*params, u"trade"));
    if (found == m_alipayTrades.end() || !tokenMatches(found->formToken, FormCodec::value(*params, u"token")))
        return messagePage(403, refused, tr("This form is not from the sandbox cashier."));
    SandboxTrade &trade = *found;
    expireIfDue(trade);
    if (trade.state != u"WAIT_BUYER_PAY")
        return messagePage(409, tr("Trade finished / 交易已结束"), tr("This trade is %1.").arg(trade.state));
    const QString decision = FormCodec::value(*params, u"decision");
    if (decision == u"pay") {
        trade.paidAt = m_clock.now();
        setState(trade, u"TRADE_SUCCESS"_s);
    } else if (decision == u"fail") {
        setState(trade, u"TRADE_CLOSED"_s);
    } else {
        return messagePage(400, refused, tr("Unknown decision."));
    }
    alipayNotify(trade);
    return finishDecision(trade);
}

void ProviderSandbox::alipayNotify(const SandboxTrade &trade)
{
    if (trade.notifyUrl.isEmpty())
        return;
    const QDateTime now = m_clock.now();
    FormParams params {
        { u"notify_time"_s, SandboxFormat::beijingTime(now) },
        { u"notify_type"_s, u"trade_status_sync"_s },
        { u"notify_id"_s, QUuid::createUuid().toString(QUuid::Id128) },
        { u"app_id"_s, m_options.keys.alipayAppId },
        { u"charset"_s, u"utf-8"_s },
        { u"version"_s, u"1.0"_s },
        { u"sign_type"_s, u"RSA2"_s },
        { u"trade_no"_s, trade.tradeNo },
        { u"out_trade_no"_s, trade.outTradeNo },
        { u"total_amount"_s, SandboxFormat::yuan(trade.totalMinor) },
        { u"trade_status"_s, trade.state },
    };
    if (trade.paidAt.isValid())
        params.append({ u"gmt_payment"_s, SandboxFormat::beijingTime(trade.paidAt) });
    auto signature = AlipaySignature::sign(
        params, AlipaySignature::notificationExclusions(), m_options.keys.alipayPlatformPrivateKey);
    if (!signature) {
        qCWarning(lcSandbox, "cannot sign an Alipay notification: %ls", qUtf16Printable(signature.error().message));
        return;
    }
    params.append({ u"sign"_s, *signature });
    SandboxNotifier::Notification notification;
    notification.id = FormCodec::value(params, u"notify_id");
    notification.style = u"alipay"_s;
    notification.url = QUrl(trade.notifyUrl);
    notification.body = FormCodec::encode(params);
    notification.contentType = "application/x-www-form-urlencoded; charset=utf-8"_ba;
    notification.acknowledges
        = [](int status, const QByteArray &body) { return status == 200 && body.trimmed() == "success"; };
    m_notifier->send(std::move(notification));
}

// ---- shared ----------------------------------------------------------------------------

QHttpServerResponse ProviderSandbox::cashierPage(const SandboxTrade &trade, const QString &decidePath) const
{
    SandboxPages::Cashier page;
    const bool alipay = trade.style == u"alipay";
    page.pageTitle = alipay ? tr("Alipay-style sandbox cashier") : tr("WeChat-Pay-style sandbox cashier");
    page.gatewayName = alipay ? tr("Alipay-style sandbox / 支付宝沙箱") : tr("WeChat-Pay-style sandbox / 微信支付沙箱");
    page.subject = trade.subject;
    page.amount = u"¥"_s + SandboxFormat::yuan(trade.totalMinor);
    page.outTradeNo = trade.outTradeNo;
    page.decidePath = decidePath;
    page.formToken = QString::fromLatin1(trade.formToken);
    page.payLabel = tr("Pay / 支付");
    page.failLabel = tr("Fail payment / 支付失败");
    page.notice = tr("This is a sandbox: no money moves. / 这是沙箱环境，不会扣款。");
    return SandboxPages::cashier(page);
}

QHttpServerResponse ProviderSandbox::messagePage(int status, const QString &title, const QString &text) const
{
    return SandboxPages::message(status, title, text);
}

QHttpServerResponse ProviderSandbox::finishDecision(const SandboxTrade &trade) const
{
    // The payer goes back with nothing added: the merchant learns the outcome only from the
    // notification or a query, never from the browser.
    if (isHttpsUrl(trade.returnUrl))
        return SandboxPages::redirect(QUrl(trade.returnUrl, QUrl::StrictMode).toString(QUrl::FullyEncoded));
    const bool paid = trade.state == u"TRADE_SUCCESS" || trade.state == u"SUCCESS";
    return messagePage(200, paid ? tr("Paid / 支付成功") : tr("Payment failed / 支付失败"),
        tr("You may go back to the merchant's page."));
}

bool ProviderSandbox::tokenMatches(const QByteArray &expected, const QString &given)
{
    const QByteArray candidate = given.toLatin1();
    if (expected.isEmpty() || candidate.size() != expected.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < expected.size(); ++i)
        difference |= static_cast<unsigned char>(expected.at(i) ^ candidate.at(i));
    return difference == 0;
}

void ProviderSandbox::expireIfDue(SandboxTrade &trade)
{
    // Alipay closes an unpaid trade once its timeout_express has passed (no notification).
    // WeChat-style transactions stay NOTPAY; the merchant closes them.
    if (trade.style == u"alipay" && trade.state == u"WAIT_BUYER_PAY" && trade.expiresAt.isValid()
        && m_clock.now() >= trade.expiresAt)
        setState(trade, u"TRADE_CLOSED"_s);
}

void ProviderSandbox::setState(SandboxTrade &trade, const QString &state)
{
    trade.state = state;
    qCInfo(lcSandbox, "%ls trade %ls is %ls", qUtf16Printable(trade.style), qUtf16Printable(trade.outTradeNo),
        qUtf16Printable(state));
    Q_EMIT tradeChanged(trade.style, trade.outTradeNo, state);
}

} // namespace deskpay
