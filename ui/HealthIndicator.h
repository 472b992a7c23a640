#pragma once
// HealthIndicator: the status-bar light and words for the server's health.

#include "models/Error.h"
#include "services/ServerHealth.h"

#include <QWidget>

#include <optional>

class QLabel;

namespace deskpay {

class HealthIndicator : public QWidget
{
    Q_OBJECT

public:
    enum class State { Unknown, Checking, Ok, Degraded, Unreachable, NotConfigured };
    Q_ENUM(State)

    explicit HealthIndicator(QWidget *parent = nullptr);

    // A check has started; the last answer stays on show until the new one comes.
    void setChecking();
    void setResult(const Result<ServerHealth> &result);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] QString text() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();

    QLabel *m_light;
    QLabel *m_text;
    State m_state = State::Unknown;
    std::optional<Result<ServerHealth>> m_result;
};

} // namespace deskpay
