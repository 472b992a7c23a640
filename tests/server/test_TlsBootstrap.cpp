// The local CA and server certificate: creation, reuse, re-issue, permissions and given files.

#include "ResultTesting.h"
#include "models/Clock.h"
#include "server/CertificateFactory.h"
#include "server/TlsBootstrap.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace deskpay;

namespace {

// Verification written independently of CertificateFactory, straight on OpenSSL: the CA must
// be a CA for signing, and the server certificate must chain to it for TLS server use and
// name `host`.
QString verifyWithOpenSsl(const QByteArray &certificatePem, const QByteArray &caPem, const QString &host)
{
    BIO *caBio = BIO_new_mem_buf(caPem.constData(), int(caPem.size()));
    X509 *ca = PEM_read_bio_X509(caBio, nullptr, nullptr, nullptr);
    BIO_free(caBio);
    BIO *certBio = BIO_new_mem_buf(certificatePem.constData(), int(certificatePem.size()));
    X509 *certificate = PEM_read_bio_X509(certBio, nullptr, nullptr, nullptr);
    BIO_free(certBio);
    QString problem;
    if (!ca || !certificate) {
        problem = u"unparseable PEM"_s;
    } else if (!(X509_get_extension_flags(ca) & EXFLAG_CA) || !(X509_get_key_usage(ca) & KU_KEY_CERT_SIGN)) {
        problem = u"CA lacks CA:TRUE or keyCertSign"_s;
    } else {
        X509_STORE *store = X509_STORE_new();
        X509_STORE_add_cert(store, ca);
        X509_STORE_CTX *context = X509_STORE_CTX_new();
        X509_STORE_CTX_init(context, store, certificate, nullptr);
        X509_VERIFY_PARAM *parameters = X509_STORE_CTX_get0_param(context);
        X509_VERIFY_PARAM_set_purpose(parameters, X509_PURPOSE_SSL_SERVER);
        if (!QHostAddress(host).isNull())
            X509_VERIFY_PARAM_set1_ip_asc(parameters, host.toLatin1().constData());
        else
            X509_VERIFY_PARAM_set1_host(parameters, host.toLatin1().constData(), 0);
        if (X509_verify_cert(context) != 1)
            problem = QString::fromLatin1(X509_verify_cert_error_string(X509_STORE_CTX_get_error(context)));
        X509_STORE_CTX_free(context);
        X509_STORE_free(store);
    }
    X509_free(ca);
    X509_free(certificate);
    return problem;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

int modeOf(const QString &path)
{
    struct stat info = {};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? int(info.st_mode & 0777) : -1;
}

} // namespace

class TestTlsBootstrap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void firstStartCreatesCaAndCertificate_data();
    void firstStartCreatesCaAndCertificate();
    void secondStartReusesEverything();
    void hostChangeReissuesOnlyServerCertificate();
    void nearExpiryReissuesServerCertificate();
    void expiredCaIsReplaced();
    void caCertificateWithoutKeyIsAnError();
    void lostCaCertificateIsReissuedFromItsKey();
    void widenedKeyPermissionsAreNarrowed();
    void tamperedServerCertificateIsReissued();
    void unwritableFolderIsAnError();
    void givenFilesAreUsed();
    void givenFilesMustMatch();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString tls(const QString &name) const { return QDir(TlsBootstrap::tlsDirectory(m_dir->path())).filePath(name); }
};

void TestTlsBootstrap::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestTlsBootstrap::firstStartCreatesCaAndCertificate_data()
{
    QTest::addColumn<QString>("host");
    QTest::newRow("ipv4 loopback") << u"127.0.0.1"_s;
    QTest::newRow("localhost") << u"localhost"_s;
    QTest::newRow("dns name") << u"Desk-Pay.example"_s;
    QTest::newRow("other ipv4") << u"10.1.2.3"_s;
    QTest::newRow("ipv6") << u"fd00::17"_s;
}

void TestTlsBootstrap::firstStartCreatesCaAndCertificate()
{
    QFETCH(QString, host);
    const SystemClock clock;
    const auto material = TlsBootstrap(clock).ensureLocalCa(m_dir->path(), host);
    VERIFY_OK(material);

    for (const QString &name : { u"ca.key"_s, u"ca.crt"_s, u"server.key"_s, u"server.crt"_s })
        QVERIFY2(QFileInfo::exists(tls(name)), qPrintable(name));
    QCOMPARE(modeOf(tls(u"ca.key"_s)), 0600);
    QCOMPARE(modeOf(tls(u"server.key"_s)), 0600);
    QCOMPARE(modeOf(TlsBootstrap::tlsDirectory(m_dir->path())), 0700);
    QCOMPARE(material->caCertificatePath, tls(u"ca.crt"_s));
    QVERIFY(QFileInfo(material->caCertificatePath).isAbsolute());

    // The server certificate chains to the CA for every name it must serve.
    const QByteArray caPem = readAll(tls(u"ca.crt"_s));
    const QByteArray serverPem = readAll(tls(u"server.crt"_s));
    for (const QString &name : { u"localhost"_s, u"127.0.0.1"_s, u"::1"_s, host.toLower() })
        QCOMPARE(verifyWithOpenSsl(serverPem, caPem, name), QString());
    QCOMPARE(verifyWithOpenSsl(serverPem, caPem, u"other.example"_s), u"hostname mismatch"_s);

    const auto altNames = material->certificate.subjectAlternativeNames();
    QVERIFY(altNames.values(QSsl::DnsEntry).contains(u"localhost"_s));
    QVERIFY(altNames.values(QSsl::IpAddressEntry).contains(u"127.0.0.1"_s));
    QVERIFY(altNames.values(QSsl::IpAddressEntry).contains(u"0:0:0:0:0:0:0:1"_s)
        || altNames.values(QSsl::IpAddressEntry).contains(u"::1"_s));
    const QHostAddress address(host);
    if (address.isNull())
        QVERIFY(altNames.values(QSsl::DnsEntry).contains(host.toLower()));
    else
        QVERIFY(std::any_of(
            altNames.cbegin(), altNames.cend(), [&](const QString &value) { return QHostAddress(value) == address; }));

    QCOMPARE(material->certificate, QSslCertificate(serverPem));
    QCOMPARE(material->privateKey.algorithm(), QSsl::Ec);
    QCOMPARE(material->privateKey.length(), 256);
    QVERIFY(material->chain.isEmpty());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(material->certificate.effectiveDate() <= now);
    QVERIFY(material->certificate.expiryDate() > now.addDays(TlsBootstrap::ServerValidityDays - 1));
    QVERIFY(QSslCertificate(caPem).expiryDate() > now.addDays(TlsBootstrap::CaValidityDays - 1));
}

void TestTlsBootstrap::secondStartReusesEverything()
{
    const SystemClock clock;
    QVERIFY(TlsBootstrap(clock).ensureLocalCa(m_dir->path(), u"127.0.0.1"_s));
    QHash<QString, QByteArray> before;
    QHash<QString, QDateTime> modified;
    for (const QString &name : { u"ca.key"_s, u"ca.crt"_s, u"server.key"_s, u"server.crt"_s }) {
        before.insert(name, readAll(tls(name)));
        modified.insert(name, QFileInfo(tls(name)).lastModified());
    }
    const auto again = TlsBootstrap(clock).ensureLocalCa(m_dir->path(), u"127.0.0.1"_s);
    VERIFY_OK(again);
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        QCOMPARE(readAll(tls(it.key())), it.value());
        QCOMPARE(QFileInfo(tls(it.key())).lastModified(), modified.value(it.key()));
    }
    QCOMPARE(again->certificate, QSslCertificate(before.value(u"server.crt"_s)));
}

void TestTlsBootstrap::hostChangeReissuesOnlyServerCertificate()
{
    const SystemClock clock;
    QVERIFY(TlsBootstrap(clock).ensureLocalCa(m_dir->path(), u"127.0.0.1"_s));
    const QByteArray ca = readAll(tls(u"ca.crt"_s));
    const QByteArray caKey = readAll(tls(u"ca.key"_s));
    const QByteArray server = readAll(tls(u"server.crt"_s));

    const auto moved = TlsBootstrap(clock).ensureLocalCa(m_dir->path(), u"pay.example"_s);
    VERIFY_OK(moved);
    QCOMPARE(readAll(tls(u"ca.crt"_s)), ca);
    QCOMPARE(readAll(tls(u"ca.key"_s)), caKey);
    QVERIFY(readAll(tls(u"server.crt"_s)) != server);
    QCOMPARE(verifyWithOpenSsl(readAll(tls(u"server.crt"_s)), ca, u"pay.example"_s), QString());
}

void TestTlsBootstrap::nearExpiryReissuesServerCertificate()
{
    ManualClock clock;
    QVERIFY(TlsBootstrap(clock).ensureLocalCa(m_dir->path(), u"127.0.0.1"_s));
    const QByteArray first = readAll(tls(u"server.crt"_s));

    clock.advanceSecs(qint64(TlsBootstrap::ServerValidityDays - TlsBootstrap::RenewBeforeDays - 5) * 86400);
    QVERIFY(TlsBootstrap(clock).ensureLocalCa(m_dir->path(), u"127.0.0.1"_s));
    QCOMPARE(readAll(tls(u"server.crt"_s)), first); // still more than the renewal window left

    clock.advanceSecs(10 * 86400);
    const auto renewed = TlsBootstrap(clock).ensureLocalCa(m_dir->path(), u"127.0.0.1"_s);
    VERIFY_OK(renewed);
    QVERIFY(readAll(tls(u"server.crt"_s)) != first);
    QVERIFY(renewed->certificate.expiryDate() > clock.now().addDays(TlsBootstrap::ServerValidityDays - 1));
}

void TestTlsBootstrap::expiredCaIsReplaced()
{
    ManualClock clock;
    QVERIFY(TlsBootstrap(clock).ensureLocalCa(m_dir->path(), u"127.0.0.1"_s));
    const QByteArray ca = readAll(tls(u"ca.crt"_s));
    clock.advanceSecs(qint64(TlsBootstrap::CaValidityDays + 1) * 86400);
    const auto replaced = TlsBootstrap(clock).ensureLocalCa(m_dir->path(), u"127.0.0.1"_s);
    VERIFY_OK(replaced);
    QVERIFY(readAll(tls(u"ca.crt"_s)) != ca);
    QVERIFY(QSslCertificate(readAll(tls(u"ca.crt"_s))).expiryDate() > clock.now());
}

void TestTlsBootstrap::caCertificateWithoutKeyIsAnError()
{
    const SystemClock clock;
    QVERIFY(TlsBootstrap(clock).ensureLocalCa(m_dir->path(), u"127.0.0.1"_s));
    const QByteArray ca = readAll(tls(u"ca.crt"_s));
    QVERIFY(QFile::remove(tls(u"ca.key"_s)));
    const auto result = TlsBootstrap(clock).ensureLocalCa(m_dir->path(), u"127.0.0.1"_s);
    QVERIFY(!result);
    QCOMPARE(result.error().code, u"tls_ca_key_missing"_s);
    QVERIFY(result.error().message.contains(tls(u"ca.key"_s)));
    QCOMPARE(readAll(tls(u"ca.crt"_s)), ca); // the CA clients trust is left alone
}

void TestTlsBootstrap::lostCaCertificateIsReissuedFromItsKey()
{
    const SystemClock clock;
    QVERIFY(TlsBootstrap(clock).ensureLocalCa(m_dir->path(), u"127.0.0.1"_s));
    const QByteArray oldCa = readAll(tls(u"ca.crt"_s));
    QVERIFY(QFile::remove(tls(u"ca.crt"_s)));
    const auto result = TlsBootstrap(clock).ensureLocalCa(m_dir->path(), u"127.0.0.1"_s);
    VERIFY_OK(result);
    QVERIFY(QFileInfo::exists(tls(u"ca.crt"_s)));
    // A client that kept the old CA certificate still trusts the server.
    QCOMPARE(verifyWithOpenSsl(readAll(tls(u"server.crt"_s)), oldCa, u"127.0.0.1"_s), QString());
}

void TestTlsBootstrap::widenedKeyPermissionsAreNarrowed()
{
    const SystemClock clock;
    QVERIFY(TlsBootstrap(clock).ensureLocalCa(m_dir->path(), u"127.0.0.1"_s));
    QVERIFY(::chmod(QFile::encodeName(tls(u"ca.key"_s)).constData(), 0644) == 0);
    QVERIFY(::chmod(QFile::encodeName(tls(u"server.key"_s)).constData(), 0640) == 0);
    QVERIFY(TlsBootstrap(clock).ensureLocalCa(m_dir->path(), u"127.0.0.1"_s));
    QCOMPARE(modeOf(tls(u"ca.key"_s)), 0600);
    QCOMPARE(modeOf(tls(u"server.key"_s)), 0600);
}

void TestTlsBootstrap::tamperedServerCertificateIsReissued()
{
    const SystemClock clock;
    QVERIFY(TlsBootstrap(clock).ensureLocalCa(m_dir->path(), u"127.0.0.1"_s));
    // A certificate from another CA (another data folder) is not one our clients trust.
    QTemporaryDir other;
    QVERIFY(TlsBootstrap(clock).ensureLocalCa(other.path(), u"127.0.0.1"_s));
    QVERIFY(QFile::remove(tls(u"server.crt"_s)) && QFile::remove(tls(u"server.key"_s)));
    const QString otherTls = TlsBootstrap::tlsDirectory(other.path());
    QVERIFY(QFile::copy(QDir(otherTls).filePath(u"server.crt"_s), tls(u"server.crt"_s)));
    QVERIFY(QFile::copy(QDir(otherTls).filePath(u"server.key"_s), tls(u"server.key"_s)));

    const auto result = TlsBootstrap(clock).ensureLocalCa(m_dir->path(), u"127.0.0.1"_s);
    VERIFY_OK(result);
    QCOMPARE(verifyWithOpenSsl(readAll(tls(u"server.crt"_s)), readAll(tls(u"ca.crt"_s)), u"127.0.0.1"_s), QString());
}

void TestTlsBootstrap::unwritableFolderIsAnError()
{
    // A path below a regular file cannot be created, not even by root.
    QFile blocker(m_dir->filePath(u"file"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const SystemClock clock;
    const auto result = TlsBootstrap(clock).ensureLocalCa(blocker.fileName(), u"127.0.0.1"_s);
    QVERIFY(!result);
    QCOMPARE(result.error().code, u"tls_write_failed"_s);
}

void TestTlsBootstrap::givenFilesAreUsed()
{
    const SystemClock clock;
    const CertificateFactory factory(clock);
    const QByteArray caKey = CertificateFactory::generateKey().value();
    const QByteArray ca = factory.createCaCertificate(caKey, u"Test CA"_s, 30).value();
    const QByteArray key = CertificateFactory::generateKey().value();
    const QByteArray certificate = factory.createServerCertificate(key, ca, caKey, { u"pay.example"_s }, 30).value();
    const QString certificatePath = m_dir->filePath(u"bundle.pem"_s);
    const QString keyPath = m_dir->filePath(u"key.pem"_s);
    const QString caPath = m_dir->filePath(u"ca.pem"_s);
    {
        QFile file(certificatePath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(certificate + ca); // leaf followed by its chain
    }
    {
        QFile file(keyPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(key);
    }
    {
        QFile file(caPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(ca);
    }

    const auto material = TlsBootstrap::loadFiles(certificatePath, keyPath, caPath);
    VERIFY_OK(material);
    QCOMPARE(material->certificate, QSslCertificate(certificate));
    QCOMPARE(material->chain, QList<QSslCertificate> { QSslCertificate(ca) });
    QCOMPARE(material->caCertificatePath, caPath);
    QVERIFY(!material->privateKey.isNull());

    const auto defaulted = TlsBootstrap::loadFiles(certificatePath, keyPath);
    QVERIFY(defaulted);
    QCOMPARE(defaulted->caCertificatePath, certificatePath);
    QVERIFY(!QFileInfo::exists(TlsBootstrap::tlsDirectory(m_dir->path()))); // no local CA made
}

void TestTlsBootstrap::givenFilesMustMatch()
{
    const SystemClock clock;
    const CertificateFactory factory(clock);
    const QByteArray caKey = CertificateFactory::generateKey().value();
    const QByteArray ca = factory.createCaCertificate(caKey, u"Test CA"_s, 30).value();
    const QString certificatePath = m_dir->filePath(u"ca.pem"_s);
    const QString otherKeyPath = m_dir->filePath(u"other.key"_s);
    const QString garbagePath = m_dir->filePath(u"garbage.pem"_s);
    for (const auto &[path, data] :
        { std::pair { certificatePath, ca }, std::pair { otherKeyPath, CertificateFactory::generateKey().value() },
            std::pair { garbagePath, "not a certificate"_ba } }) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(data);
    }
    auto mismatch = TlsBootstrap::loadFiles(certificatePath, otherKeyPath);
    QVERIFY(!mismatch);
    QCOMPARE(mismatch.error().code, u"tls_key_mismatch"_s);
    auto garbage = TlsBootstrap::loadFiles(garbagePath, otherKeyPath);
    QVERIFY(!garbage);
    QCOMPARE(garbage.error().code, u"tls_bad_certificate"_s);
    auto badKey = TlsBootstrap::loadFiles(certificatePath, garbagePath);
    QVERIFY(!badKey);
    QCOMPARE(badKey.error().code, u"tls_bad_key"_s);
    auto missing = TlsBootstrap::loadFiles(m_dir->filePath(u"nope.pem"_s), otherKeyPath);
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, u"tls_unreadable"_s);
}

QTEST_GUILESS_MAIN(TestTlsBootstrap)
#include "test_TlsBootstrap.moc"
