// PasswordHasher: scrypt hashes that verify, refuse wrong passwords and tampered strings, carry
// their parameters, and ask for a rehash when the parameters change.

#include "ResultTesting.h"
#include "server/PasswordHasher.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

namespace {

// Cheap parameters for the behaviour tests; the default cost is measured on its own.
const ScryptParameters Cheap { quint64(1) << 10, 8, 1 };

} // namespace

class TestPasswordHasher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verifiesTheRightPassword();
    void refusesWrongPasswords_data();
    void refusesWrongPasswords();
    void formatCarriesParameters();
    void saltsDiffer();
    void tamperedHashIsRefused_data();
    void tamperedHashIsRefused();
    void verifiesOtherParameters();
    void needsRehash();
    void tooLongPassword();
    void defaultCostIsMeasured();
};

void TestPasswordHasher::verifiesTheRightPassword()
{
    const PasswordHasher hasher(Cheap);
    const auto hash = hasher.hash("correct horse battery staple");
    VERIFY_OK(hash);
    const auto verified = hasher.verify("correct horse battery staple", *hash);
    VERIFY_OK(verified);
    QVERIFY(*verified);
    // Non-ASCII passwords are bytes of UTF-8.
    const auto unicode = hasher.hash(u"密码-pässwörd"_s.toUtf8());
    VERIFY_OK(unicode);
    QVERIFY(hasher.verify(u"密码-pässwörd"_s.toUtf8(), *unicode).value());
}

void TestPasswordHasher::refusesWrongPasswords_data()
{
    QTest::addColumn<QByteArray>("attempt");
    QTest::newRow("other") << "wrong password"_ba;
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("case") << "Correct horse battery staple"_ba;
    QTest::newRow("prefix") << "correct horse battery stapl"_ba;
    QTest::newRow("longer") << "correct horse battery staple "_ba;
}

void TestPasswordHasher::refusesWrongPasswords()
{
    QFETCH(QByteArray, attempt);
    const PasswordHasher hasher(Cheap);
    const QString hash = hasher.hash("correct horse battery staple").value();
    const auto verified = hasher.verify(attempt, hash);
    VERIFY_OK(verified);
    QVERIFY(!*verified);
}

void TestPasswordHasher::formatCarriesParameters()
{
    const PasswordHasher hasher(Cheap);
    const QString hash = hasher.hash("pw-12345").value();
    const QStringList parts = hash.split(u'$');
    QCOMPARE(parts.size(), 6);
    QCOMPARE(parts.at(0), u"scrypt"_s);
    QCOMPARE(parts.at(1), u"1024"_s);
    QCOMPARE(parts.at(2), u"8"_s);
    QCOMPARE(parts.at(3), u"1"_s);
    const auto parsed = PasswordHasher::parse(hash);
    VERIFY_OK(parsed);
    QCOMPARE(parsed->parameters, Cheap);
    QCOMPARE(parsed->salt.size(), PasswordHasher::SaltBytes);
    QCOMPARE(parsed->key.size(), PasswordHasher::KeyBytes);
    QVERIFY(!hash.contains(u"pw-12345"_s));
}

void TestPasswordHasher::saltsDiffer()
{
    const PasswordHasher hasher(Cheap);
    const QString a = hasher.hash("same password").value();
    const QString b = hasher.hash("same password").value();
    QVERIFY(a != b);
    QVERIFY(PasswordHasher::parse(a)->salt != PasswordHasher::parse(b)->salt);
}

void TestPasswordHasher::tamperedHashIsRefused_data()
{
    const PasswordHasher hasher(Cheap);
    const QString good = hasher.hash("password-1").value();
    const QStringList p = good.split(u'$');
    const auto with = [&p](int index, const QString &value) {
        QStringList copy = p;
        copy[index] = value;
        return copy.join(u'$');
    };
    QTest::addColumn<QString>("stored");
    QTest::addColumn<bool>("parseable"); // parses, but must not verify
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("other scheme") << with(0, u"argon2id"_s) << false;
    QTest::newRow("missing part") << p.mid(0, 5).join(u'$') << false;
    QTest::newRow("extra part") << good + u"$x"_s << false;
    QTest::newRow("N not a power of two") << with(1, u"1000"_s) << false;
    QTest::newRow("N too big") << with(1, QString::number(quint64(1) << 30)) << false;
    QTest::newRow("N with sign") << with(1, u"+1024"_s) << false;
    QTest::newRow("r zero") << with(2, u"0"_s) << false;
    QTest::newRow("r leading zero") << with(2, u"08"_s) << false;
    QTest::newRow("p huge") << with(3, u"999"_s) << false;
    QTest::newRow("salt not base64") << with(4, u"!!!!"_s) << false;
    QTest::newRow("salt short") << with(4, u"AAAA"_s) << false;
    QTest::newRow("key short") << with(5, u"AAAA"_s) << false;
    QTest::newRow("key flipped") << with(5, QString(p.at(5)).replace(0, 1, p.at(5).at(0) == u'A' ? u"B"_s : u"A"_s))
                                 << true;
    QTest::newRow("salt changed") << with(4, QString(p.at(4)).replace(0, 1, p.at(4).at(0) == u'A' ? u"B"_s : u"A"_s))
                                  << true;
    QTest::newRow("r changed") << with(2, u"4"_s) << true;
}

void TestPasswordHasher::tamperedHashIsRefused()
{
    QFETCH(QString, stored);
    QFETCH(bool, parseable);
    const PasswordHasher hasher(Cheap);
    const auto verified = hasher.verify("password-1", stored);
    if (parseable) {
        VERIFY_OK(verified);
        QVERIFY(!*verified);
    } else {
        QVERIFY(!verified);
        QCOMPARE(verified.error().code, u"password_hash_invalid"_s);
        QVERIFY(!PasswordHasher::parse(stored));
    }
    QVERIFY(hasher.needsRehash(stored) || parseable);
}

void TestPasswordHasher::verifiesOtherParameters()
{
    // A hash made with other parameters still verifies: they travel with the hash.
    const PasswordHasher old(ScryptParameters { quint64(1) << 11, 4, 2 });
    const QString hash = old.hash("old password").value();
    const PasswordHasher current(Cheap);
    QVERIFY(current.verify("old password", hash).value());
    QVERIFY(!current.verify("new password", hash).value());
}

void TestPasswordHasher::needsRehash()
{
    const PasswordHasher current(Cheap);
    QVERIFY(!current.needsRehash(current.hash("pw-abcdef").value()));
    const PasswordHasher weaker(ScryptParameters { quint64(1) << 9, 8, 1 });
    QVERIFY(current.needsRehash(weaker.hash("pw-abcdef").value()));
    QVERIFY(current.needsRehash(u"not a hash"_s));
}

void TestPasswordHasher::tooLongPassword()
{
    const PasswordHasher hasher(Cheap);
    const QByteArray huge(PasswordHasher::MaxPasswordBytes + 1, 'a');
    const auto hash = hasher.hash(huge);
    QVERIFY(!hash);
    QCOMPARE(hash.error().code, u"password_too_long"_s);
    const QString stored = hasher.hash(huge.left(PasswordHasher::MaxPasswordBytes)).value();
    QVERIFY(!hasher.verify(huge, stored).value()); // refused, not truncated into a match
}

void TestPasswordHasher::defaultCostIsMeasured()
{
    const PasswordHasher hasher; // the production parameters
    QCOMPARE(hasher.parameters().n, quint64(1) << 15);
    const QString hash = hasher.hash("measure me").value();
    QElapsedTimer timer;
    timer.start();
    constexpr int Rounds = 5;
    for (int i = 0; i < Rounds; ++i)
        QVERIFY(hasher.verify("measure me", hash).value());
    const qint64 perHash = timer.elapsed() / Rounds;
    qInfo("scrypt N=2^15 r=8 p=1: %lld ms per hash", perHash);
    // Slow enough to hurt guessing, fast enough for a login; loose bounds for a loaded machine.
    QVERIFY2(perHash >= 5 && perHash < 2000, qPrintable(QString::number(perHash)));
    timer.restart();
    hasher.verifyDummy("someone unknown");
    const qint64 dummy = timer.elapsed();
    qInfo("dummy verify: %lld ms", dummy);
    QVERIFY(dummy * 3 >= perHash);
}

QTEST_GUILESS_MAIN(TestPasswordHasher)
#include "test_PasswordHasher.moc"
