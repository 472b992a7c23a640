// ServerSecrets: the master key file (created, shared, refused when unsafe), the keyed
// identity digest (a known answer computed independently) and AES-256-GCM evidence sealing.

#include "ResultTesting.h"
#include "server/ServerSecrets.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

namespace {

QByteArray testKey()
{
    QByteArray key;
    for (char c = 1; c <= 32; ++c)
        key.append(c);
    return key;
}

bool writeFile(const QString &path, const QByteArray &bytes, QFileDevice::Permissions permissions)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(bytes);
    file.close();
    return QFile::setPermissions(path, permissions);
}

constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

} // namespace

class TestServerSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void identityDigestKnownAnswer();
    void identityDigestDependsOnKeyTypeAndNumber();
    void sealAndOpen_data();
    void sealAndOpen();
    void sealUsesAFreshNonce();
    void tamperingIsDetected_data();
    void tamperingIsDetected();
    void otherKeyOrAssociatedDataCannotOpen();
    void createsTheKeyFileOnce();
    void sharedKeyFile();
    void keyFileProblems_data();
    void keyFileProblems();
};

void TestServerSecrets::identityDigestKnownAnswer()
{
    // HMAC-SHA256(HKDF-SHA256(key, salt "deskpay server secrets", info "deskpay identity
    // digest v1"), "CN_RESIDENT_ID\0" + number), computed with Python's hmac/hashlib. A change
    // here would orphan every stored digest of every deployment.
    const ServerSecrets secrets = ServerSecrets::fromKey(testKey());
    const QByteArray digest = secrets.identityDigest(DocumentType::CnResidentId, u"11010519491231002X");
    QCOMPARE(digest.size(), 32);
    QCOMPARE(digest.toHex(), "87804c3f197056b711df9ed8670e61f1092271a22f890961c11fb13eae737571"_ba);
}

void TestServerSecrets::identityDigestDependsOnKeyTypeAndNumber()
{
    const ServerSecrets secrets = ServerSecrets::fromKey(testKey());
    QByteArray other = testKey();
    other[0] = 'x';
    const ServerSecrets otherSecrets = ServerSecrets::fromKey(other);
    const QByteArray digest = secrets.identityDigest(DocumentType::Passport, u"L898902C3");
    QCOMPARE(secrets.identityDigest(DocumentType::Passport, u"L898902C3"), digest);
    QVERIFY(otherSecrets.identityDigest(DocumentType::Passport, u"L898902C3") != digest);
    QVERIFY(secrets.identityDigest(DocumentType::Other, u"L898902C3") != digest);
    QVERIFY(secrets.identityDigest(DocumentType::Passport, u"L898902C4") != digest);
    // A copy keeps working after the original is gone (the keys are wiped on destruction).
    std::optional<ServerSecrets> copy;
    {
        const ServerSecrets temporary = ServerSecrets::fromKey(testKey());
        copy = temporary;
    }
    QCOMPARE(copy->identityDigest(DocumentType::Passport, u"L898902C3"), digest);
}

void TestServerSecrets::sealAndOpen_data()
{
    QTest::addColumn<QByteArray>("plain");
    QTest::addColumn<QByteArray>("associated");
    QTest::newRow("order body") << R"({"payer":{"documentNumber":"11010519491231002X"}})"_ba
                                << "order-1"_ba;
    QTest::newRow("empty plain") << QByteArray() << "order-2"_ba;
    QTest::newRow("no associated data") << "evidence"_ba << QByteArray();
    QTest::newRow("large") << QByteArray(200000, 'z') << "order-3"_ba;
}

void TestServerSecrets::sealAndOpen()
{
    QFETCH(QByteArray, plain);
    QFETCH(QByteArray, associated);
    const ServerSecrets secrets = ServerSecrets::fromKey(testKey());
    const auto sealed = secrets.seal(plain, associated);
    VERIFY_OK(sealed);
    QCOMPARE(sealed->size(), 1 + 12 + plain.size() + 16);
    QCOMPARE(sealed->at(0), char(1));
    if (plain.size() > 8)
        QVERIFY(!sealed->contains(plain.left(8)));
    const auto opened = secrets.open(*sealed, associated);
    VERIFY_OK(opened);
    QCOMPARE(*opened, plain);
}

void TestServerSecrets::sealUsesAFreshNonce()
{
    const ServerSecrets secrets = ServerSecrets::fromKey(testKey());
    const QByteArray a = secrets.seal("same", "ad").value();
    const QByteArray b = secrets.seal("same", "ad").value();
    QVERIFY(a.mid(1, 12) != b.mid(1, 12));
    QVERIFY(a != b);
}

void TestServerSecrets::tamperingIsDetected_data()
{
    QTest::addColumn<int>("position"); // from the start; negative from the end
    QTest::addColumn<QString>("code");
    QTest::newRow("version byte") << 0 << u"evidence_format"_s;
    QTest::newRow("nonce") << 5 << u"evidence_tampered"_s;
    QTest::newRow("ciphertext") << 14 << u"evidence_tampered"_s;
    QTest::newRow("tag") << -1 << u"evidence_tampered"_s;
}

void TestServerSecrets::tamperingIsDetected()
{
    QFETCH(int, position);
    QFETCH(QString, code);
    const ServerSecrets secrets = ServerSecrets::fromKey(testKey());
    QByteArray sealed = secrets.seal("the signed request bytes", "order-9").value();
    const qsizetype at = position >= 0 ? position : sealed.size() + position;
    sealed[at] = char(sealed.at(at) ^ 0x01);
    const auto opened = secrets.open(sealed, "order-9");
    QVERIFY(!opened);
    QCOMPARE(opened.error().code, code);

    const auto truncated = secrets.open(QByteArray(20, '\1'), "order-9");
    QVERIFY(!truncated);
    QCOMPARE(truncated.error().code, u"evidence_format"_s);
}

void TestServerSecrets::otherKeyOrAssociatedDataCannotOpen()
{
    const ServerSecrets secrets = ServerSecrets::fromKey(testKey());
    QByteArray other = testKey();
    other[31] = '\0';
    const QByteArray sealed = secrets.seal("evidence", "order-1").value();
    const auto wrongKey = ServerSecrets::fromKey(other).open(sealed, "order-1");
    QVERIFY(!wrongKey);
    QCOMPARE(wrongKey.error().code, u"evidence_tampered"_s);
    // Evidence of one order cannot be passed off as another's.
    const auto wrongOrder = secrets.open(sealed, "order-2");
    QVERIFY(!wrongOrder);
    QCOMPARE(wrongOrder.error().code, u"evidence_tampered"_s);
    // A key of the wrong size never seals.
    const auto noKey = ServerSecrets::fromKey("short"_ba).seal("x", "y");
    QVERIFY(!noKey);
    QCOMPARE(noKey.error().code, u"crypto_failed"_s);
}

void TestServerSecrets::createsTheKeyFileOnce()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto first = ServerSecrets::loadOrCreate(dir.path());
    VERIFY_OK(first);
    const QString path = dir.filePath(u"secrets/master.key"_s);
    QCOMPARE(ServerSecrets::defaultKeyFile(dir.path()), path);
    const QFileInfo info(path);
    QVERIFY(info.isFile());
    QCOMPARE(info.size(), 32);
    QCOMPARE(QFile::permissions(path) & ~(QFileDevice::ReadUser | QFileDevice::WriteUser), OwnerOnly);
    const QFileDevice::Permissions folder = QFile::permissions(dir.filePath(u"secrets"_s));
    QVERIFY(!(folder & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::ExeOther)));
    QVERIFY(!QFileInfo::exists(path + u".new-"_s)); // no temporary left behind
    QCOMPARE(QDir(dir.filePath(u"secrets"_s)).entryList(QDir::Files), QStringList { u"master.key"_s });

    // The second start loads the same key: the digests and the sealed evidence still match.
    const QByteArray digest = first->identityDigest(DocumentType::CnResidentId, u"11010519491231002X");
    const QByteArray sealed = first->seal("evidence", "o").value();
    const auto second = ServerSecrets::loadOrCreate(dir.path());
    VERIFY_OK(second);
    QCOMPARE(second->identityDigest(DocumentType::CnResidentId, u"11010519491231002X"), digest);
    QCOMPARE(second->open(sealed, "o").value(), "evidence"_ba);

    // Two data folders get two different keys.
    QTemporaryDir otherDir;
    const auto other = ServerSecrets::loadOrCreate(otherDir.path());
    VERIFY_OK(other);
    QVERIFY(other->identityDigest(DocumentType::CnResidentId, u"11010519491231002X") != digest);
}

void TestServerSecrets::sharedKeyFile()
{
    // Several instances on one PostgreSQL: each gets the same file, and they agree.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"shared.key"_s);
    QVERIFY(writeFile(path, testKey(), OwnerOnly));
    QTemporaryDir instanceA;
    QTemporaryDir instanceB;
    const auto a = ServerSecrets::loadOrCreate(instanceA.path(), path);
    const auto b = ServerSecrets::loadOrCreate(instanceB.path(), path);
    VERIFY_OK(a);
    VERIFY_OK(b);
    QCOMPARE(a->identityDigest(DocumentType::CnResidentId, u"11010519491231002X").toHex(),
        "87804c3f197056b711df9ed8670e61f1092271a22f890961c11fb13eae737571"_ba);
    QCOMPARE(b->open(a->seal("x", "y").value(), "y").value(), "x"_ba);
    // A given key file is never created in the data folder's place.
    QVERIFY(!QFileInfo::exists(ServerSecrets::defaultKeyFile(instanceA.path())));
}

void TestServerSecrets::keyFileProblems_data()
{
    QTest::addColumn<QByteArray>("content"); // "-" for no file at all
    QTest::addColumn<int>("permissions");
    QTest::addColumn<QString>("code");
    const int ownerOnly = int(OwnerOnly);
    QTest::newRow("missing") << "-"_ba << ownerOnly << u"secrets_file_missing"_s;
    QTest::newRow("group readable") << testKey() << int(OwnerOnly | QFileDevice::ReadGroup)
                                    << u"secrets_file_insecure"_s;
    QTest::newRow("world readable") << testKey() << int(OwnerOnly | QFileDevice::ReadOther)
                                    << u"secrets_file_insecure"_s;
    QTest::newRow("too short") << testKey().left(31) << ownerOnly << u"secrets_file_invalid"_s;
    QTest::newRow("too long") << (testKey() + "\n"_ba) << ownerOnly << u"secrets_file_invalid"_s;
    QTest::newRow("empty") << QByteArray() << ownerOnly << u"secrets_file_invalid"_s;
}

void TestServerSecrets::keyFileProblems()
{
    QFETCH(QByteArray, content);
    QFETCH(int, permissions);
    QFETCH(QString, code);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"master.key"_s);
    if (content != "-"_ba)
        QVERIFY(writeFile(path, content, QFileDevice::Permissions(permissions)));
    const auto loaded = ServerSecrets::loadOrCreate(dir.path(), path);
    QVERIFY(!loaded);
    QCOMPARE(loaded.error().code, code);
    QVERIFY(loaded.error().message.contains(path));
}

QTEST_GUILESS_MAIN(TestServerSecrets)
#include "test_ServerSecrets.moc"
