// The payer's device end to end (issue 4 §4): a real deskpay-server with its --demo provider
// sandbox, an agent's order, and Debian's Chromium driven by playwright-core
// (tests/e2e/payer_flow.mjs) through the payer pages: log in, see the request, confirm, pay at
// the sandbox cashier — once approved (WeChat-Pay-style), once failed (Alipay-style). An agent's
// client on the live event stream must see every transition, ending in PAID and PAYMENT_FAILED.
//
// Needs chromium, node and tests/e2e/node_modules (./dev test installs them): fails, never skips,
// without them. DESKPAY_WRITE_SCREENSHOTS=1 writes the screenshots to docs/screenshots/payer/.

#include "EventTestSupport.h"
#include "OrderTestKit.h"
#include "server/DemoAgents.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;
using namespace deskpay::test;

class TestPayerBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void payerPaysAndTheAgentSeesIt_data();
    void payerPaysAndTheAgentSeesIt();

private:
    QString sourceDir() const { return qEnvironmentVariable("DESKPAY_SOURCE_DIR"); }

    ManualClock m_clock { QDateTime::currentDateTimeUtc() };
    OrderTestKit m_kit;
    std::optional<DeskAgent> m_agent;
    std::unique_ptr<StreamClient> m_stream;
    QString m_node;
    QString m_chromium;
    QString m_pins;
    QTemporaryDir m_shots;
};

void TestPayerBrowser::initTestCase()
{
    m_node = QStandardPaths::findExecutable(u"node"_s);
    m_chromium = QStandardPaths::findExecutable(u"chromium"_s);
    if (m_node.isEmpty() || m_chromium.isEmpty())
        QFAIL("node and chromium are needed (./dev test installs them)");
    if (!QFileInfo::exists(sourceDir() + u"/tests/e2e/node_modules/playwright-core/package.json"_s))
        QFAIL("tests/e2e/node_modules is missing: run ./dev test (npm ci in tests/e2e)");

    // The payer's real clock: Chromium's pages count down against it.
    const QString started = m_kit.start(m_clock);
    QVERIFY2(started.isEmpty(), qPrintable(started));
    QVERIFY2(m_kit.server().demoSandbox(), "--demo starts the payment sandbox");
    m_agent = m_kit.agent(u"agent1"_s);
    QVERIFY(m_agent);

    // Chromium trusts the local CA's server certificate (the sandbox uses the same one) by the
    // SHA-256 of its public key, not by switching certificate checks off.
    const auto certificates
        = QSslCertificate::fromPath(m_kit.server().options().dataDir + u"/tls/server.crt"_s, QSsl::Pem);
    QVERIFY(!certificates.isEmpty());
    m_pins = QString::fromLatin1(
        QCryptographicHash::hash(certificates.constFirst().publicKey().toDer(), QCryptographicHash::Sha256).toBase64());

    m_stream = std::make_unique<StreamClient>(m_kit.server().caCertificatePath());
    m_stream->open(QUrl(m_kit.server().url().replace(u"https://"_s, u"wss://"_s) + u"/v1/events/stream?after=0"_s),
        m_agent->token);
    QTRY_VERIFY_WITH_TIMEOUT(m_stream->isReady(), 10000);
}

void TestPayerBrowser::cleanupTestCase()
{
    m_stream.reset();
    m_kit.stop();
}

void TestPayerBrowser::payerPaysAndTheAgentSeesIt_data()
{
    QTest::addColumn<QString>("payType");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<QString>("finalState");
    QTest::newRow("wechat approved") << u"WECHAT_PAY"_s << u"success"_s << u"PAID"_s;
    QTest::newRow("alipay failed") << u"ALIPAY"_s << u"fail"_s << u"PAYMENT_FAILED"_s;
}

void TestPayerBrowser::payerPaysAndTheAgentSeesIt()
{
    QFETCH(QString, payType);
    QFETCH(QString, outcome);
    QFETCH(QString, finalState);

    m_clock.set(QDateTime::currentDateTimeUtc());
    const ApiResult created = m_kit.submit(*m_agent, compact(sampleOrder(m_clock.now())));
    QCOMPARE(created.status, 201);
    const QString orderId = created.json().value(u"id"_s).toString();

    const bool writeDocs = qEnvironmentVariableIntValue("DESKPAY_WRITE_SCREENSHOTS") == 1;
    const QString shots = writeDocs ? sourceDir() + u"/docs/screenshots/payer"_s : m_shots.path();
    QProcess browser;
    browser.setProcessChannelMode(QProcess::MergedChannels);
    browser.start(m_node,
        { sourceDir() + u"/tests/e2e/payer_flow.mjs"_s, u"--base"_s, m_kit.server().url(), u"--account"_s, u"payer1"_s,
            u"--password"_s, QString(DemoAgents::Password), u"--order"_s, orderId, u"--pay-type"_s, payType,
            u"--outcome"_s, outcome, u"--screenshots"_s, shots, u"--spki-pins"_s, m_pins, u"--chromium"_s,
            m_chromium });
    QVERIFY(browser.waitForStarted());
    // The server, its sandbox and the stream all live on this thread: keep its loop running.
    QTRY_VERIFY_WITH_TIMEOUT(browser.state() == QProcess::NotRunning, 120000);
    const QByteArray output = browser.readAll();
    QVERIFY2(browser.exitStatus() == QProcess::NormalExit && browser.exitCode() == 0, output.constData());

    // The agent's live view saw the whole way, in order, each step once.
    const auto transitions = [&]() {
        QStringList states;
        for (const QJsonObject &event : std::as_const(m_stream->events))
            if (event.value(u"orderId"_s).toString() == orderId)
                states.append(event.value(u"to"_s).toString());
        return states;
    };
    QTRY_COMPARE_WITH_TIMEOUT(transitions().constLast(), finalState, 10000);
    QCOMPARE(transitions(),
        (QStringList { u"SUBMITTED"_s, u"AWAITING_PAYER_CONFIRMATION"_s, u"PAYMENT_PENDING"_s, finalState }));
    for (const QJsonObject &event : std::as_const(m_stream->events)) {
        if (event.value(u"orderId"_s).toString() == orderId && event.value(u"to"_s).toString() == finalState)
            QCOMPARE(event.value(u"actor"_s).toObject().value(u"kind"_s).toString(), u"provider"_s);
    }
}

QTEST_GUILESS_MAIN(TestPayerBrowser)
#include "test_PayerBrowser.moc"
