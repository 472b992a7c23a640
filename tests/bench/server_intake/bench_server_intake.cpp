// bench_server_intake: signed POST /v1/orders against a real in-process server over N concurrent
// keep-alive TLS connections (issue 3 §9), on SQLite and — with DESKPAY_TEST_PG, as
// `./dev services -- build/bench/bench_server_intake` sets it — on PostgreSQL; the same load on
// GET /v1/health as the ceiling; then each step of the intake measured on its own.
//
// Options: --count N (orders per run, 4000), --connections N (32), --workers N (server workers;
// 0: the server's default), --stage-count N (orders per stage measurement, 1000), --backend
// sqlite|postgresql|all, --relax-durability (experiment: commits that do not wait for the disk).
// Exit codes: 0 figures printed (errors, if any, are printed and said),
// 1 the server or a measurement failed.

#include "IntakeLoadClient.h"
#include "IntakeOrders.h"
#include "IntakeStages.h"
#include "models/Clock.h"
#include "server/Database.h"
#include "server/DatabaseUrl.h"
#include "server/HttpRouter.h"
#include "server/Server.h"
#include "server/ListenAddress.h"
#include "server/PasswordHasher.h"
#include "server/ServerInstance.h"
#include "server/ServerOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;
using namespace deskpay;
using namespace deskpay::bench;

namespace {

constexpr double GoalOrdersPerSecond = 2000;

struct Settings
{
    int count = 4000;
    int connections = 32;
    int workers = 0;
    int stageCount = 1000;
    QString backend = u"all"_s;
    bool relaxDurability = false; // experiment: commits that do not wait for the disk
};

void line(const QString &text)
{
    std::printf("bench server_intake %s\n", qPrintable(text));
    std::fflush(stdout);
}

void figure(const QString &name, double value, const char *unit, int decimals = 0)
{
    line(u"%1 %2 %3"_s.arg(name, QString::number(value, 'f', decimals), QString::fromLatin1(unit)));
}

void note(const QString &text)
{
    std::fprintf(stderr, "bench server_intake: %s\n", qPrintable(text));
    std::fflush(stderr);
}

double percentileMs(QList<qint64> sortedNs, double p)
{
    if (sortedNs.isEmpty())
        return 0;
    const auto index = std::clamp<qsizetype>(qsizetype(std::ceil(p * double(sortedNs.size()))) - 1, 0, sortedNs.size() - 1);
    return double(sortedNs.at(index)) / 1e6;
}

// One closed-loop run on its own thread; the calling (HTTP) thread keeps serving meanwhile.
LoadResult runLoad(const ServerInstance &server, const QList<SignedRequest> &requests, int connections,
    int expectedStatus)
{
    const QByteArray authority = u"127.0.0.1:%1"_s.arg(server.port()).toLatin1();
    QList<QByteArray> wire;
    wire.reserve(requests.size());
    for (const SignedRequest &request : requests)
        wire.append(request.wire(authority));

    QThread thread;
    thread.setObjectName(u"bench-load-client"_s);
    auto *client = new IntakeLoadClient(u"127.0.0.1"_s, server.port(),
        QSslCertificate::fromPath(server.caCertificatePath()), std::move(wire), connections, expectedStatus);
    client->moveToThread(&thread);
    QEventLoop loop;
    QObject::connect(client, &IntakeLoadClient::finished, &loop, &QEventLoop::quit, Qt::QueuedConnection);
    thread.start();
    QMetaObject::invokeMethod(client, &IntakeLoadClient::start, Qt::QueuedConnection);
    loop.exec();
    thread.quit();
    thread.wait();
    LoadResult result = client->result();
    delete client;
    return result;
}

struct RunFigures
{
    double rate = 0;
    bool clean = false;
};

RunFigures report(const QString &prefix, const char *unit, const LoadResult &result, int count)
{
    if (!result.failure.isEmpty())
        note(u"%1: the run did not finish: %2"_s.arg(prefix, result.failure));
    QList<qint64> sorted = result.latenciesNs;
    std::sort(sorted.begin(), sorted.end());
    const double seconds = double(result.wallNs) / 1e9;
    const double rate = seconds > 0 ? double(count) / seconds : 0;
    figure(prefix + u"_rate"_s, rate, unit);
    figure(prefix + u"_p50"_s, percentileMs(sorted, 0.50), "ms", 2);
    figure(prefix + u"_p99"_s, percentileMs(sorted, 0.99), "ms", 2);
    figure(prefix + u"_errors"_s, result.errors, "requests");
    if (result.errors > 0 || !result.failure.isEmpty()) {
        QStringList statuses;
        for (auto it = result.statuses.cbegin(); it != result.statuses.cend(); ++it)
            statuses.append(u"%1×%2"_s.arg(it.key()).arg(it.value()));
        line(u"%1 WITH ERRORS: %2 of %3 requests failed (statuses %4); these figures are not clean"_s.arg(prefix)
                .arg(result.errors)
                .arg(count)
                .arg(statuses.join(u' ')));
        for (const QString &sample : result.errorSamples)
            note(u"%1 error: %2"_s.arg(prefix, sample));
    }
    return RunFigures { rate, result.errors == 0 && result.failure.isEmpty() };
}

// A fresh PostgreSQL schema for one run (as tests/server/TestDatabase.h makes them), dropped at the end.
class PostgresSchema
{
public:
    ~PostgresSchema()
    {
        if (m_admin && !m_schema.isEmpty())
            (void)m_admin->exec(u"DROP SCHEMA "_s + m_schema + u" CASCADE"_s);
    }

    Result<DatabaseUrl> create(const QString &base)
    {
        const auto baseUrl = DatabaseUrl::parse(base);
        if (!baseUrl)
            return std::unexpected(baseUrl.error());
        m_schema = u"deskpay_bench%1"_s.arg(QRandomGenerator::global()->generate64(), 0, 16);
        auto admin = Database::open(*baseUrl, u"bench-admin-"_s + m_schema);
        if (!admin)
            return std::unexpected(admin.error());
        m_admin = std::move(*admin);
        if (auto made = m_admin->exec(u"CREATE SCHEMA "_s + m_schema); !made)
            return std::unexpected(made.error());
        return DatabaseUrl::parse(base + (base.contains(u'?') ? u'&' : u'?') + u"schema="_s + m_schema);
    }

private:
    std::unique_ptr<Database> m_admin;
    QString m_schema;
};

// Experiment (--relax-durability): SQLite synchronous=NORMAL / PostgreSQL synchronous_commit=off on
// every connection the server uses. Those settings are per connection, and each worker thread has
// its own, so a bench-only route applies them from inside the workers: each call holds its worker
// for a moment, so a burst of them reaches every worker thread of the pool.
bool relaxDurability(ServerInstance &server, int connections)
{
    const Database &database = server.database();
    const QString statement = database.backend() == DatabaseBackend::Sqlite ? u"PRAGMA synchronous=NORMAL"_s
                                                                            : u"SET synchronous_commit TO off"_s;
    std::atomic<int> failures { 0 };
    server.server().router().add(HttpRouter::Method::Get, u"/bench/relax"_s,
        [&database, &failures, statement](const HttpRequest &, const RouteMatch &) {
            if (!database.exec(statement))
                ++failures;
            QThread::msleep(20);
            return QHttpServerResponse("text/plain"_ba, "ok"_ba);
        });
    if (!database.exec(statement)) // the main thread's own connection (contact dispatcher, deadlines)
        return false;
    QList<SignedRequest> burst;
    for (int i = 0; i < std::max(64, 4 * connections); ++i)
        burst.append(SignedRequest { "GET"_ba, u"/bench/relax"_s, {}, {}, {} });
    const LoadResult result = runLoad(server, burst, connections, 200);
    line(u"experiment relax_durability: %1 on every connection (NOT durable)"_s.arg(statement));
    return result.errors == 0 && result.failure.isEmpty() && failures == 0;
}

// Both load runs and the stage figures on one backend; returns false if something failed outright.
bool runBackend(const QString &name, const std::optional<DatabaseUrl> &database, const Settings &settings)
{
    QTemporaryDir dataDir;
    if (!dataDir.isValid()) {
        note(u"no temporary folder"_s);
        return false;
    }
    const SystemClock clock;
    ServerOptions options;
    options.dataDir = dataDir.path();
    options.listen = ListenAddress::parse(u"127.0.0.1:0"_s).value();
    options.database = database;
    options.demo = true;
    options.passwordHashing = ScryptParameters { quint64(1) << 10, 8, 1 }; // no login is timed
    options.workers = settings.workers;
    options.logLevel = QtWarningMsg; // one info line per request would measure the terminal
    auto started = ServerInstance::start(options, clock);
    if (!started) {
        note(u"%1: the server did not start: %2 %3"_s.arg(name, started.error().code, started.error().message));
        return false;
    }
    ServerInstance &server = **started;
    const QUrl base(server.url());
    line(u"%1_setup workers=%2 connections=%3 count=%4"_s.arg(name)
            .arg(options.effectiveWorkers())
            .arg(settings.connections)
            .arg(settings.count));

    if (server.database().backend() == DatabaseBackend::PostgreSql) {
        // `./dev services` runs its throw-away PostgreSQL with fsync=off and synchronous_commit=off:
        // fine for tests, but then no commit waits for the disk and the figures are not durable ones.
        QStringList settingsSeen;
        for (const QString &setting : { u"fsync"_s, u"synchronous_commit"_s }) {
            QSqlQuery query(server.database().connection());
            if (query.exec(u"SHOW "_s + setting) && query.next())
                settingsSeen.append(setting + u'=' + query.value(0).toString());
        }
        const bool durable = settingsSeen.contains(u"fsync=on"_s) && settingsSeen.contains(u"synchronous_commit=on"_s);
        line(u"%1_durability %2 %3"_s.arg(name, settingsSeen.join(u','),
            durable ? u"durable"_s : u"NOT-durable(commits do not wait for the disk)"_s));
    }

    if (settings.relaxDurability && !relaxDurability(server, settings.connections)) {
        note(u"%1: could not relax durability on every connection"_s.arg(name));
        return false;
    }

    const auto agent = makeAgent(server);
    if (!agent) {
        note(u"%1: no bench agent: %2"_s.arg(name, agent.error().message));
        return false;
    }

    // Ceiling first: same connections, same number of requests, no database write.
    const LoadResult health = runLoad(server, healthRequests(settings.count), settings.connections, 200);
    const RunFigures healthFigures = report(name + u"_health"_s, "requests/s", health, settings.count);

    // Signed just before the run so every `created` is well inside the signature window.
    QElapsedTimer signing;
    signing.start();
    auto orders = signOrders(*agent, base, clock, settings.count, name);
    if (!orders) {
        note(u"%1: signing failed: %2"_s.arg(name, orders.error().message));
        return false;
    }
    note(u"%1: signed %2 orders in %3 ms (client side, not timed)"_s.arg(name)
            .arg(settings.count)
            .arg(signing.elapsed()));
    const LoadResult intake = runLoad(server, *orders, settings.connections, 201);
    const RunFigures intakeFigures = report(name + u"_intake"_s, "orders/s", intake, settings.count);
    figure(name + u"_ratio_intake/health"_s, healthFigures.rate > 0 ? intakeFigures.rate / healthFigures.rate : 0,
        "ratio", 3);

    // Where the time goes: each step alone, single-threaded, on the same server and data.
    if (settings.relaxDurability)
        line(u"%1_stages_note the stages measured as their own durable commits run relaxed too in this experiment"_s.arg(name));
    auto stages = measureStages(server, clock, *agent, base, std::min(settings.stageCount, settings.count));
    if (!stages) {
        note(u"%1: stage measurement failed: %2"_s.arg(name, stages.error().message));
    } else {
        for (const StageFigure &stage : *stages) {
            figure(u"%1_stage_%2"_s.arg(name, stage.name), stage.microsPerOrder, "us/order", 1);
            note(u"  %1 = %2"_s.arg(stage.name, stage.note));
        }
    }

    const bool reached = intakeFigures.clean && intakeFigures.rate >= GoalOrdersPerSecond;
    line(u"goal_2000_per_s %1 %2 %3"_s.arg(name, reached ? u"reached"_s : u"missed"_s,
        QString::number(intakeFigures.rate, 'f', 0)));
    return stages.has_value() && intake.failure.isEmpty() && health.failure.isEmpty();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Signed order intake against a real in-process server."_s);
    parser.addHelpOption();
    const QCommandLineOption countOption(u"count"_s, u"Orders (and health requests) per run."_s, u"N"_s, u"4000"_s);
    const QCommandLineOption connectionsOption(
        u"connections"_s, u"Concurrent keep-alive TLS connections."_s, u"N"_s, u"32"_s);
    const QCommandLineOption workersOption(
        u"workers"_s, u"Server worker threads (0: the server's default)."_s, u"N"_s, u"0"_s);
    const QCommandLineOption stageOption(u"stage-count"_s, u"Orders per stage measurement."_s, u"N"_s, u"1000"_s);
    const QCommandLineOption backendOption(u"backend"_s, u"sqlite, postgresql or all."_s, u"NAME"_s, u"all"_s);
    const QCommandLineOption relaxOption(u"relax-durability"_s,
        u"Experiment: SQLite synchronous=NORMAL / PostgreSQL synchronous_commit=off on every server connection."_s);
    parser.addOptions({ countOption, connectionsOption, workersOption, stageOption, backendOption, relaxOption });
    parser.process(app);

    Settings settings;
    settings.count = std::max(1, parser.value(countOption).toInt());
    settings.connections = std::max(1, parser.value(connectionsOption).toInt());
    settings.workers = std::max(0, parser.value(workersOption).toInt());
    settings.stageCount = std::max(1, parser.value(stageOption).toInt());
    settings.backend = parser.value(backendOption);
    settings.relaxDurability = parser.isSet(relaxOption);

    bool ok = true;
    if (settings.backend == u"all"_s || settings.backend == u"sqlite"_s)
        ok = runBackend(u"sqlite"_s, std::nullopt, settings) && ok;
    if (settings.backend == u"all"_s || settings.backend == u"postgresql"_s) {
        const QString pg = qEnvironmentVariable("DESKPAY_TEST_PG");
        if (pg.isEmpty()) {
            line(u"postgresql skipped: DESKPAY_TEST_PG is not set (run through `./dev services -- build/bench/bench_server_intake`)"_s);
        } else {
            PostgresSchema schema;
            const auto url = schema.create(pg);
            if (!url) {
                note(u"postgresql: no schema: %1"_s.arg(url.error().message));
                ok = false;
            } else {
                ok = runBackend(u"postgresql"_s, *url, settings) && ok;
            }
        }
    }
    return ok ? 0 : 1;
}
