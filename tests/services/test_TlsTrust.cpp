// TlsTrust: SPKI pins against OpenSSL's own computation, CA files, certificate descriptions.

#include "TestPki.h"
#include "services/TlsTrust.h"

#include <QCryptographicHash>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace deskpay {

class TestTlsTrust : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pinMatchesOpenSslCommandLine();
    void pinParses_data();
    void pinParses();
    void loadsPemBundleAndDer();
    void describesCertificate();

private:
    test::CertifiedKey m_ca;
    test::CertifiedKey m_server;
};

void TestTlsTrust::initTestCase()
{
    m_ca = test::makeCa(u"Trust test CA"_s);
    m_server = test::makeServerCertificate({ u"server.test"_s, { u"server.test"_s }, {} }, &m_ca);
}

void TestTlsTrust::pinMatchesOpenSslCommandLine()
{
    // The documented recipe an administrator runs to get a pin must give the same value.
    QProcess pubkey;
    pubkey.start(u"openssl"_s, { u"x509"_s, u"-noout"_s, u"-pubkey"_s });
    QVERIFY2(pubkey.waitForStarted(), "the openssl command line tool is needed for this check");
    pubkey.write(m_server.certificate.toPem());
    pubkey.closeWriteChannel();
    QVERIFY(pubkey.waitForFinished());
    QProcess der;
    der.start(u"openssl"_s, { u"pkey"_s, u"-pubin"_s, u"-outform"_s, u"der"_s });
    QVERIFY(der.waitForStarted());
    der.write(pubkey.readAllStandardOutput());
    der.closeWriteChannel();
    QVERIFY(der.waitForFinished());
    const QByteArray expected
        = QCryptographicHash::hash(der.readAllStandardOutput(), QCryptographicHash::Sha256).toBase64();
    QCOMPARE(TlsTrust::spkiPin(m_server.certificate), QString::fromLatin1(expected));
    QCOMPARE(*TlsTrust::parseSpkiPin(QString::fromLatin1(expected)), TlsTrust::spkiSha256(m_server.certificate));
}

void TestTlsTrust::pinParses_data()
{
    QTest::addColumn<QString>("pin");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << u"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="_s << true;
    QTest::newRow("prefixed") << u"sha256/47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="_s << true;
    QTest::newRow("upper prefix, spaces") << u"  SHA256/47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= "_s << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("prefix only") << u"sha256/"_s << false;
    QTest::newRow("33 bytes") << QString::fromLatin1(QByteArray(33, 'a').toBase64()) << false;
    QTest::newRow("bad character") << u"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuF*="_s << false;
}

void TestTlsTrust::pinParses()
{
    QFETCH(QString, pin);
    QFETCH(bool, valid);
    const auto parsed = TlsTrust::parseSpkiPin(pin);
    QCOMPARE(bool(parsed), valid);
    if (valid)
        QCOMPARE(parsed->size(), 32);
    else
        QCOMPARE(parsed.error().code, u"bad_spki_pin"_s);
}

void TestTlsTrust::loadsPemBundleAndDer()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const test::CertifiedKey other = test::makeCa(u"Second CA"_s);

    QFile bundle(dir.filePath(u"bundle.pem"_s));
    QVERIFY(bundle.open(QIODevice::WriteOnly));
    bundle.write(m_ca.certificate.toPem() + "\n"_ba + other.certificate.toPem());
    bundle.close();
    const auto loaded = TlsTrust::loadCaFile(bundle.fileName());
    QVERIFY(loaded);
    QCOMPARE(*loaded, (QList<QSslCertificate> { m_ca.certificate, other.certificate }));

    QFile der(dir.filePath(u"ca.der"_s));
    QVERIFY(der.open(QIODevice::WriteOnly));
    der.write(m_ca.certificate.toDer());
    der.close();
    const auto fromDer = TlsTrust::loadCaFile(der.fileName());
    QVERIFY(fromDer);
    QCOMPARE(*fromDer, QList<QSslCertificate> { m_ca.certificate });

    QFile empty(dir.filePath(u"empty.pem"_s));
    QVERIFY(empty.open(QIODevice::WriteOnly));
    empty.close();
    QCOMPARE(TlsTrust::loadCaFile(empty.fileName()).error().code, u"ca_file_invalid"_s);
    QCOMPARE(TlsTrust::loadCaFile(dir.filePath(u"absent.pem"_s)).error().code, u"ca_file_unreadable"_s);
}

void TestTlsTrust::describesCertificate()
{
    const QString text = TlsTrust::describeCertificate(m_server.certificate);
    QVERIFY2(text.contains(u"Subject: CN=server.test, O=DeskPay tests"_s), qPrintable(text));
    QVERIFY2(text.contains(u"Issuer: CN=Trust test CA, O=DeskPay tests"_s), qPrintable(text));
    const QString fingerprint = TlsTrust::sha256Fingerprint(m_server.certificate);
    QCOMPARE(fingerprint.size(), 32 * 3 - 1);
    QVERIFY(fingerprint.contains(QRegularExpression(u"^([0-9A-F]{2}:){31}[0-9A-F]{2}$"_s)));
    QVERIFY(text.contains(fingerprint));

    // Names are shown as written, not as escaped bytes.
    const test::CertifiedKey chinese
        = test::makeServerCertificate({ u"支付服务器, 北京"_s, { u"pay.test"_s }, {} }, &m_ca);
    QCOMPARE(TlsTrust::subjectText(chinese.certificate), u"CN=支付服务器\\, 北京, O=DeskPay tests"_s);
}

} // namespace deskpay

QTEST_GUILESS_MAIN(deskpay::TestTlsTrust)
#include "test_TlsTrust.moc"
