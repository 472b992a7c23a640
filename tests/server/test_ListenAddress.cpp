// Parsing --listen HOST:PORT and turning it into addresses and the printed URL.

#include "ResultTesting.h"
#include "server/ListenAddress.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskpay;

class TestListenAddress : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void rejected_data();
    void rejected();
    void resolveLocalhost();
};

void TestListenAddress::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("url");
    QTest::newRow("ipv4") << u"127.0.0.1:8443"_s << u"127.0.0.1"_s << 8443 << u"https://127.0.0.1:8443"_s;
    QTest::newRow("any port") << u"127.0.0.1:0"_s << u"127.0.0.1"_s << 0 << u"https://127.0.0.1:0"_s;
    QTest::newRow("name") << u"localhost:443"_s << u"localhost"_s << 443 << u"https://localhost:443"_s;
    QTest::newRow("ipv6") << u"[::1]:8443"_s << u"::1"_s << 8443 << u"https://[::1]:8443"_s;
    QTest::newRow("all interfaces") << u"0.0.0.0:65535"_s << u"0.0.0.0"_s << 65535 << u"https://0.0.0.0:65535"_s;
}

void TestListenAddress::parse()
{
    QFETCH(QString, text);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, url);
    const auto address = ListenAddress::parse(text);
    VERIFY_OK(address);
    QCOMPARE(address->host, host);
    QCOMPARE(int(address->port), port);
    QCOMPARE(address->httpsUrl(address->port), url);
}

void TestListenAddress::rejected_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("no port") << u"127.0.0.1"_s;
    QTest::newRow("empty port") << u"127.0.0.1:"_s;
    QTest::newRow("port too big") << u"127.0.0.1:65536"_s;
    QTest::newRow("port not a number") << u"127.0.0.1:https"_s;
    QTest::newRow("negative port") << u"127.0.0.1:-1"_s;
    QTest::newRow("bare ipv6") << u"::1:8443"_s;
    QTest::newRow("bracketed name") << u"[localhost]:8443"_s;
    QTest::newRow("url") << u"https://127.0.0.1:8443"_s;
    QTest::newRow("space in host") << u"local host:8443"_s;
}

void TestListenAddress::rejected()
{
    QFETCH(QString, text);
    const auto address = ListenAddress::parse(text);
    QVERIFY(!address);
    QCOMPARE(address.error().code, u"bad_listen_address"_s);
}

void TestListenAddress::resolveLocalhost()
{
    const auto address = ListenAddress::parse(u"localhost:0"_s);
    QVERIFY(address);
    const auto addresses = address->resolve();
    QVERIFY(addresses);
    QCOMPARE(addresses->size(), 2);
    QCOMPARE(addresses->at(0), QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(addresses->at(1), QHostAddress(QHostAddress::LocalHostIPv6));

    const auto literal = ListenAddress::parse(u"[::1]:0"_s);
    QVERIFY(literal);
    QCOMPARE(literal->resolve().value(), QList<QHostAddress> { QHostAddress(QHostAddress::LocalHostIPv6) });
}

QTEST_GUILESS_MAIN(TestListenAddress)
#include "test_ListenAddress.moc"
