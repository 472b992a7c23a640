#pragma once
// IntakeLoadClient: a closed-loop HTTP/1.1 load generator over N keep-alive TLS connections, each
// sending its next request as soon as the previous answer is in. Lives in its own thread.

#include <QElapsedTimer>
#include <QList>
#include <QMap>
#include <QObject>
#include <QSslCertificate>
#include <QString>
#include <QStringList>

class QSslSocket;
class QTimer;

namespace deskpay::bench {

struct LoadResult
{
    qint64 wallNs = 0; // first request sent → last answer in (connections already open)
    QList<qint64> latenciesNs; // per answered request
    QMap<int, int> statuses; // HTTP status → how many
    int errors = 0; // answers other than the expected status, and requests lost with a connection
    QStringList errorSamples; // the first few unexpected answers
    QString failure; // set when the run could not finish (connect failure, timeout)
};

class IntakeLoadClient : public QObject
{
    Q_OBJECT

public:
    // `requests` are complete HTTP/1.1 requests (IntakeOrders' SignedRequest::wire()).
    IntakeLoadClient(QString host, quint16 port, QList<QSslCertificate> caCertificates, QList<QByteArray> requests,
        int connections, int expectedStatus);
    ~IntakeLoadClient() override;

    // Call in the client's thread (queued): connects everything, then runs; emits finished().
    void start();
    // Valid after finished().
    [[nodiscard]] const LoadResult &result() const { return m_result; }

Q_SIGNALS:
    void finished();

private:
    struct Connection
    {
        QSslSocket *socket = nullptr;
        QByteArray buffer;
        qsizetype current = -1; // index of the request in flight
        qint64 sentAtNs = 0;
        bool ready = false;
    };

    void connectionReady(Connection &connection);
    void sendNext(Connection &connection);
    void readAnswers(Connection &connection);
    void connectionLost(Connection &connection, const QString &why);
    void finish(const QString &failure = {});

    QString m_host;
    quint16 m_port;
    QList<QSslCertificate> m_ca;
    QList<QByteArray> m_requests;
    int m_connectionCount;
    int m_expectedStatus;
    std::vector<std::unique_ptr<Connection>> m_connections;
    qsizetype m_next = 0;
    qsizetype m_answered = 0;
    int m_readyCount = 0;
    bool m_running = false;
    bool m_done = false;
    QElapsedTimer m_clock;
    qint64 m_startNs = 0;
    QTimer *m_watchdog = nullptr;
    LoadResult m_result;
};

} // namespace deskpay::bench
