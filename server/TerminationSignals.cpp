#include "server/TerminationSignals.h"

#include "server/ServerLogging.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/signalfd.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

sigset_t terminationSet()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    return set;
}

} // namespace

void TerminationSignals::blockInThisThread()
{
    const sigset_t set = terminationSet();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

Result<std::unique_ptr<TerminationSignals>> TerminationSignals::create()
{
    const sigset_t set = terminationSet();
    const int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    if (fd < 0)
        return fail(u"signals_unavailable"_s,
            QCoreApplication::translate("deskpay::TerminationSignals", "Cannot watch for SIGTERM: %1")
                .arg(QString::fromLocal8Bit(std::strerror(errno))));
    return std::unique_ptr<TerminationSignals>(new TerminationSignals(fd));
}

TerminationSignals::TerminationSignals(int fd)
    : m_fd(fd)
    , m_notifier(new QSocketNotifier(fd, QSocketNotifier::Read, this))
{
    connect(m_notifier, &QSocketNotifier::activated, this, &TerminationSignals::readSignals);
}

TerminationSignals::~TerminationSignals()
{
    delete m_notifier;
    ::close(m_fd);
}

void TerminationSignals::readSignals()
{
    signalfd_siginfo info;
    while (::read(m_fd, &info, sizeof info) == ssize_t(sizeof info)) {
        qCInfo(lcServer, "received %s", info.ssi_signo == SIGTERM ? "SIGTERM" : "SIGINT");
        Q_EMIT terminationRequested(int(info.ssi_signo));
    }
}

} // namespace deskpay
