// The payments configuration file: a good file read in full, and every kind of bad line, bad
// value and unsafe key file named by FILE:LINE and key; the providers built from it.

#include "ResultTesting.h"
#include "models/Clock.h"
#include "server/CertificateFactory.h"
#include "server/PaymentProviders.h"
#include "server/PaymentsConfig.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

namespace {

bool writeFile(const QString &path, const QByteArray &data, QFileDevice::Permissions permissions)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(data) != data.size())
        return false;
    file.close();
    return QFile::setPermissions(path, permissions);
}

constexpr QFileDevice::Permissions Private = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions Public
    = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;

} // namespace

class TestPaymentsConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void readsGoodFile();
    void absentSectionsDisableProviders();
    void badFile_data();
    void badFile();
    void unsafePermissions_data();
    void unsafePermissions();
    void missingFile();
    void schedule_data();
    void schedule();

private:
    [[nodiscard]] QString path(const QString &name) const { return m_dir.filePath(name); }
    [[nodiscard]] static QByteArray goodText();
    [[nodiscard]] QString write(const QByteArray &text) const;

    QTemporaryDir m_dir;
    QString m_merchantSerial;
};

void TestPaymentsConfig::initTestCase()
{
    QVERIFY(m_dir.isValid());
    auto alipayMerchant = RsaKey::generate();
    auto alipayPlatform = RsaKey::generate();
    auto wechatMerchant = RsaKey::generate();
    auto wechatPlatform1 = RsaKey::generate();
    auto wechatPlatform2 = RsaKey::generate();
    VERIFY_OK(alipayMerchant);
    VERIFY_OK(alipayPlatform);
    VERIFY_OK(wechatMerchant);
    VERIFY_OK(wechatPlatform1);
    VERIFY_OK(wechatPlatform2);
    QVERIFY(writeFile(path(u"alipay-merchant.key.pem"_s), *alipayMerchant->toPrivateKeyPem(), Private));
    QVERIFY(writeFile(path(u"alipay-platform.pub.pem"_s), *alipayPlatform->toPublicKeyPem(), Public));
    QVERIFY(writeFile(path(u"wechat-merchant.key.pem"_s), *wechatMerchant->toPrivateKeyPem(), Private));
    QVERIFY(writeFile(path(u"wechat-platform-1.pub.pem"_s), *wechatPlatform1->toPublicKeyPem(), Public));
    QVERIFY(writeFile(path(u"wechat-platform-2.pub.pem"_s), *wechatPlatform2->toPublicKeyPem(), Public));
    QVERIFY(writeFile(path(u"wechat-apiv3.key"_s), "0123456789abcdef0123456789ABCDEF\n"_ba, Private));
    QVERIFY(writeFile(path(u"short-apiv3.key"_s), "0123456789abcdef"_ba, Private));
    QVERIFY(writeFile(path(u"open-merchant.key.pem"_s), *alipayMerchant->toPrivateKeyPem(), Public));
    QVERIFY(writeFile(path(u"open-apiv3.key"_s), "0123456789abcdef0123456789ABCDEF"_ba, Public));
    QVERIFY(writeFile(path(u"not-a-cert.pem"_s), "hello"_ba, Public));
    auto serial = wechatMerchant->serial();
    VERIFY_OK(serial);
    m_merchantSerial = *serial;

    const SystemClock clock;
    const CertificateFactory factory(clock);
    auto caKey = CertificateFactory::generateKey();
    VERIFY_OK(caKey);
    auto ca = factory.createCaCertificate(*caKey, u"Gateway CA"_s, 30);
    VERIFY_OK(ca);
    QVERIFY(writeFile(path(u"gateway-ca.pem"_s), *ca, Public));
}

QByteArray TestPaymentsConfig::goodText()
{
    return "; DeskPay payments\n"
           "[network]\n"
           "ca_file = gateway-ca.pem      ; extra CA for the gateways\n"
           "query_schedule = 30s,1m, 2m,5m,10m\n"
           "\n"
           "[alipay]\n"
           "gateway_url = https://openapi.example.test/gateway.do\n"
           "cashier_url = https://openapi.example.test/alipay/cashier\n"
           "app_id = 2021000000000001\n"
           "merchant_private_key = alipay-merchant.key.pem   ; mode 600\n"
           "platform_public_key = alipay-platform.pub.pem\n"
           "\n"
           "[wechat]\n"
           "base_url = https://api.mch.example.test\n"
           "cashier_url = https://api.mch.example.test/wechat/cashier\n"
           "app_id = wx0000000000000001\n"
           "mch_id = 1900000001\n"
           "merchant_private_key = wechat-merchant.key.pem\n"
           "merchant_serial = 5157F09EFDC096DE15EBE81A47057A7232F1B8E1\n"
           "platform_public_keys = SERIAL1:wechat-platform-1.pub.pem, SERIAL2:wechat-platform-2.pub.pem\n"
           "api_v3_key_file = wechat-apiv3.key\n"_ba;
}

QString TestPaymentsConfig::write(const QByteArray &text) const
{
    const QString file = path(u"payments.ini"_s);
    return writeFile(file, text, Public) ? file : QString();
}

void TestPaymentsConfig::readsGoodFile()
{
    const QString file = write(goodText());
    QVERIFY(!file.isEmpty());
    auto config = PaymentsConfig::load(file);
    VERIFY_OK(config);
    QCOMPARE(config->caFile, path(u"gateway-ca.pem"_s));
    QCOMPARE(config->extraCaCertificates.size(), 1);
    using std::chrono::seconds;
    QCOMPARE(
        config->querySchedule, (QList<seconds> { seconds(30), seconds(60), seconds(120), seconds(300), seconds(600) }));
    QVERIFY(config->alipay);
    QCOMPARE(config->alipay->gatewayUrl, QUrl(u"https://openapi.example.test/gateway.do"_s));
    QCOMPARE(config->alipay->cashierUrl, QUrl(u"https://openapi.example.test/alipay/cashier"_s));
    QCOMPARE(config->alipay->appId, u"2021000000000001"_s);
    QVERIFY(config->alipay->merchantKey.hasPrivateKey());
    QVERIFY(!config->alipay->platformKey.isNull());
    QVERIFY(!config->alipay->platformKey.hasPrivateKey());
    QVERIFY(config->wechat);
    QCOMPARE(config->wechat->baseUrl, QUrl(u"https://api.mch.example.test"_s));
    QCOMPARE(config->wechat->appId, u"wx0000000000000001"_s);
    QCOMPARE(config->wechat->mchId, u"1900000001"_s);
    QCOMPARE(config->wechat->merchantSerial, u"5157F09EFDC096DE15EBE81A47057A7232F1B8E1"_s);
    QVERIFY(config->wechat->merchantKey.hasPrivateKey());
    QCOMPARE(config->wechat->platformKeys.size(), 2);
    QVERIFY(config->wechat->platformKey(u"SERIAL1"));
    QVERIFY(config->wechat->platformKey(u"SERIAL2"));
    QVERIFY(!config->wechat->platformKey(u"SERIAL3"));
    QCOMPARE(config->wechat->apiV3Key, "0123456789abcdef0123456789ABCDEF"_ba); // final newline dropped

    const SystemClock clock;
    const PaymentProviders providers(*config, clock);
    QVERIFY(providers.forPayType(PayType::Alipay));
    QVERIFY(providers.forPayType(PayType::WechatPay));
    QCOMPARE(providers.forStyle(u"alipay")->payType(), PayType::Alipay);
    QCOMPARE(providers.forStyle(u"wechat")->payType(), PayType::WechatPay);
    QCOMPARE(providers.forStyle(u"wechat")->partnerId(), u"1900000001"_s);
    QCOMPARE(providers.forStyle(u"wechat")->appId(), u"wx0000000000000001"_s);
    QCOMPARE(providers.forStyle(u"alipay")->partnerId(), u"2021000000000001"_s);
    QVERIFY(!providers.forStyle(u"paypal"));
    QCOMPARE(providers.querySchedule(), config->querySchedule);
}

void TestPaymentsConfig::absentSectionsDisableProviders()
{
    QByteArray text = goodText();
    text.truncate(text.indexOf("[wechat]"));
    const QString file = write(text);
    auto config = PaymentsConfig::load(file);
    VERIFY_OK(config);
    QVERIFY(config->alipay);
    QVERIFY(!config->wechat);
    const SystemClock clock;
    const PaymentProviders providers(*config, clock);
    QVERIFY(providers.forPayType(PayType::Alipay));
    QVERIFY(!providers.forPayType(PayType::WechatPay));
    QVERIFY(!providers.forStyle(u"wechat"));

    auto empty = PaymentsConfig::load(write("[network]\n"_ba));
    VERIFY_OK(empty);
    QVERIFY(!empty->alipay && !empty->wechat);
    QCOMPARE(empty->querySchedule, PaymentsConfig::defaultQuerySchedule());
    QVERIFY(empty->extraCaCertificates.isEmpty());
}

void TestPaymentsConfig::badFile_data()
{
    QTest::addColumn<QByteArray>("from"); // replaced in the good text (empty: appended)
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<int>("line"); // 0: the message names no line
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("phrase"); // part of the message

    QTest::newRow("unknown section") << QByteArray() << "[paypal]\n"_ba << 22 << u"paypal"_s << u"unknown section"_s;
    QTest::newRow("section twice") << QByteArray() << "[alipay]\n"_ba << 22 << u"alipay"_s << u"twice"_s;
    QTest::newRow("unknown key") << "app_id = 2021"_ba
                                 << "appid = 2021"_ba << 9 << u"alipay.appid"_s << u"unknown key"_s;
    QTest::newRow("key twice") << "mch_id = 1900000001\n"_ba
                               << "mch_id = 1900000001\nmch_id = 2\n"_ba << 18 << u"wechat.mch_id"_s
                               << u"first on line 17"_s;
    QTest::newRow("key outside a section") << "; DeskPay payments\n"_ba
                                           << "app_id = 1\n"_ba << 1 << u"app_id"_s << u"outside any section"_s;
    QTest::newRow("no equals sign") << "\n[alipay]"_ba
                                    << "\njust words\n[alipay]"_ba << 6 << QString() << u"key = value"_s;
    QTest::newRow("bad section header") << "[wechat]"_ba
                                        << "[wechat"_ba << 13 << QString() << u"section header"_s;
    QTest::newRow("missing required key")
        << "app_id = 2021000000000001\n"_ba << QByteArray() << 6 << u"alipay.app_id"_s << u"needs “app_id”"_s;
    QTest::newRow("empty value") << "app_id = 2021000000000001"_ba
                                 << "app_id ="_ba << 9 << u"alipay.app_id"_s << u"empty"_s;
    QTest::newRow("plain http gateway") << "https://openapi.example.test/gateway.do"_ba
                                        << "http://openapi.example.test/gateway.do"_ba << 7 << u"alipay.gateway_url"_s
                                        << u"https://"_s;
    QTest::newRow("bad id") << "mch_id = 1900000001"_ba
                            << "mch_id = 1900 000001"_ba << 17 << u"wechat.mch_id"_s << u"not an id"_s;
    QTest::newRow("bad schedule") << "30s,1m, 2m"_ba
                                  << "30s,0m, 2m"_ba << 4 << u"network.query_schedule"_s << u"“0m”"_s;
    QTest::newRow("schedule unit") << "30s,1m, 2m"_ba
                                   << "30s,1 week"_ba << 4 << u"network.query_schedule"_s << u"1 week"_s;
    QTest::newRow("missing key file") << "alipay-platform.pub.pem"_ba
                                      << "nowhere.pem"_ba << 11 << u"alipay.platform_public_key"_s
                                      << u"does not exist"_s;
    QTest::newRow("private key given as public") << "platform_public_key = alipay-platform.pub.pem"_ba
                                                 << "platform_public_key = alipay-merchant.key.pem"_ba << 11
                                                 << u"alipay.platform_public_key"_s << u"platform_public_key"_s;
    QTest::newRow("public key given as private") << "merchant_private_key = wechat-merchant.key.pem"_ba
                                                 << "merchant_private_key = wechat-platform-1.pub.pem"_ba << 18
                                                 << u"wechat.merchant_private_key"_s << u"merchant_private_key"_s;
    QTest::newRow("key list item without serial")
        << "SERIAL1:wechat"_ba
        << "wechat"_ba << 20 << u"wechat.platform_public_keys"_s << u"SERIAL:FILE"_s;
    QTest::newRow("key list serial twice") << "SERIAL2:"_ba
                                           << "SERIAL1:"_ba << 20 << u"wechat.platform_public_keys"_s << u"twice"_s;
    QTest::newRow("api key of the wrong size")
        << "= wechat-apiv3.key"_ba
        << "= short-apiv3.key"_ba << 21 << u"wechat.api_v3_key_file"_s << u"exactly 32 bytes"_s;
    QTest::newRow("ca file without certificate")
        << "gateway-ca.pem"_ba
        << "not-a-cert.pem"_ba << 3 << u"network.ca_file"_s << u"no PEM certificate"_s;
}

void TestPaymentsConfig::badFile()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(int, line);
    QFETCH(QString, field);
    QFETCH(QString, phrase);
    QByteArray text = goodText();
    if (from.isEmpty()) {
        text += to;
    } else {
        QVERIFY2(text.contains(from), from.constData());
        text.replace(text.indexOf(from), from.size(), to);
    }
    const QString file = write(text);
    auto config = PaymentsConfig::load(file);
    QVERIFY2(!config, "a bad file was accepted");
    QCOMPARE(config.error().code, u"bad_config"_s);
    QCOMPARE(config.error().field, field);
    if (line > 0)
        QVERIFY2(
            config.error().message.startsWith(u"%1:%2: "_s.arg(file).arg(line)), qPrintable(config.error().message));
    QVERIFY2(config.error().message.contains(phrase), qPrintable(config.error().message));
}

void TestPaymentsConfig::unsafePermissions_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("field");

    QTest::newRow("merchant key readable by others")
        << "= alipay-merchant.key.pem"_ba
        << "= open-merchant.key.pem"_ba << 10 << u"alipay.merchant_private_key"_s;
    QTest::newRow("wechat merchant key readable by others")
        << "= wechat-merchant.key.pem"_ba
        << "= open-merchant.key.pem"_ba << 18 << u"wechat.merchant_private_key"_s;
    QTest::newRow("api key readable by others") << "= wechat-apiv3.key"_ba
                                                << "= open-apiv3.key"_ba << 21 << u"wechat.api_v3_key_file"_s;
}

void TestPaymentsConfig::unsafePermissions()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(int, line);
    QFETCH(QString, field);
    QByteArray text = goodText();
    QVERIFY(text.contains(from));
    text.replace(from, to);
    const QString file = write(text);
    auto config = PaymentsConfig::load(file);
    QVERIFY2(!config, "a key readable by others was accepted");
    QCOMPARE(config.error().field, field);
    QVERIFY2(config.error().message.startsWith(u"%1:%2: "_s.arg(file).arg(line)), qPrintable(config.error().message));
    QVERIFY2(config.error().message.contains(u"chmod 600"_s), qPrintable(config.error().message));
}

void TestPaymentsConfig::missingFile()
{
    auto config = PaymentsConfig::load(path(u"absent.ini"_s));
    QVERIFY(!config);
    QCOMPARE(config.error().code, u"bad_config"_s);
    QVERIFY(config.error().message.contains(path(u"absent.ini"_s)));
}

void TestPaymentsConfig::schedule_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<int>>("seconds"); // empty: refused

    QTest::newRow("doc default") << u"30s,1m,2m,5m,10m"_s << QList<int> { 30, 60, 120, 300, 600 };
    QTest::newRow("hours and spaces") << u" 1h , 90s"_s << QList<int> { 3600, 90 };
    QTest::newRow("zero") << u"0s"_s << QList<int>();
    QTest::newRow("no unit") << u"30"_s << QList<int>();
    QTest::newRow("empty item") << u"30s,,1m"_s << QList<int>();
    QTest::newRow("negative") << u"-30s"_s << QList<int>();
    QTest::newRow("fraction") << u"1.5m"_s << QList<int>();
}

void TestPaymentsConfig::schedule()
{
    QFETCH(QString, text);
    QFETCH(QList<int>, seconds);
    auto parsed = PaymentsConfig::parseSchedule(text);
    if (seconds.isEmpty()) {
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().code, u"bad_config"_s);
        return;
    }
    VERIFY_OK(parsed);
    QList<int> actual;
    for (const auto delay : *parsed)
        actual.append(int(delay.count()));
    QCOMPARE(actual, seconds);
}

QTEST_GUILESS_MAIN(TestPaymentsConfig)
#include "test_PaymentsConfig.moc"
