#include "ui/HealthIndicator.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPixmap>

using namespace Qt::StringLiterals;

namespace deskpay {

namespace {

QPixmap light(const QColor &color, qreal devicePixelRatio)
{
    constexpr int size = 12;
    QPixmap pixmap(QSize(size, size) * devicePixelRatio);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(color.darker(140), 1));
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1.5, 1.5, size - 3, size - 3));
    return pixmap;
}

QColor colorFor(HealthIndicator::State state)
{
    switch (state) {
    case HealthIndicator::State::Ok:
        return QColor(0x2e, 0x7d, 0x32);
    case HealthIndicator::State::Degraded:
        return QColor(0xf9, 0xa8, 0x25);
    case HealthIndicator::State::Unreachable:
        return QColor(0xc6, 0x28, 0x28);
    case HealthIndicator::State::Unknown:
    case HealthIndicator::State::Checking:
    case HealthIndicator::State::NotConfigured:
        break;
    }
    return QColor(0x9e, 0x9e, 0x9e);
}

} // namespace

HealthIndicator::HealthIndicator(QWidget *parent)
    : QWidget(parent)
    , m_light(new QLabel(this))
    , m_text(new QLabel(this))
{
    m_light->setObjectName(u"healthLight"_s);
    m_text->setObjectName(u"healthText"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(6);
    layout->addWidget(m_light);
    layout->addWidget(m_text);
    render();
}

void HealthIndicator::setChecking()
{
    if (m_result)
        return;
    m_state = State::Checking;
    render();
}

void HealthIndicator::setResult(const Result<ServerHealth> &result)
{
    m_result = result;
    if (result)
        m_state = result->isOk() ? State::Ok : State::Degraded;
    else
        m_state = result.error().code == u"server_not_configured"_s ? State::NotConfigured : State::Unreachable;
    render();
}

QString HealthIndicator::text() const
{
    return m_text->text();
}

void HealthIndicator::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        render();
    QWidget::changeEvent(event);
}

void HealthIndicator::render()
{
    QString text;
    QString toolTip;
    switch (m_state) {
    case State::Unknown:
        text = tr("Server: not checked yet");
        break;
    case State::Checking:
        text = tr("Server: checking…");
        break;
    case State::Ok:
        text = tr("Server online");
        toolTip = tr("DeskPay server %1, %2 database, schema version %3")
                      .arg(m_result->value().version, m_result->value().database)
                      .arg(m_result->value().schemaVersion);
        break;
    case State::Degraded:
        text = tr("Server reports “%1”").arg(m_result->value().status);
        toolTip = tr("The server answers but is not ready to take orders (DeskPay server %1).")
                      .arg(m_result->value().version);
        break;
    case State::NotConfigured:
        text = tr("No server set");
        toolTip = m_result->error().message;
        break;
    case State::Unreachable: {
        const Error &error = m_result->error();
        // The first line says what happened; the rest (certificate details) goes to the tooltip.
        text = tr("Server unreachable: %1").arg(error.message.section(u'\n', 0, 0));
        toolTip = error.message + u"\n\n"_s + tr("Error code: %1").arg(error.code);
        break;
    }
    }
    m_text->setText(text);
    setToolTip(toolTip);
    setAccessibleName(text);
    setAccessibleDescription(toolTip);
    m_light->setPixmap(light(colorFor(m_state), devicePixelRatioF()));
}

} // namespace deskpay
