#include "TrayIndicator.h"

#include <QApplication>
#include <QMenu>
#include <QPainter>
#include <QSystemTrayIcon>

TrayIndicator::TrayIndicator(QObject* parent)
    : QObject(parent)
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(this);
        m_menu = std::make_unique<QMenu>();
        m_menu->addAction(tr("Show OpsDeck"), this, &TrayIndicator::activated);
        m_menu->addSeparator();
        m_menu->addAction(tr("Quit"), this, &TrayIndicator::quitRequested);
        m_tray->setContextMenu(m_menu.get());
        connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                emit activated();
        });
    }
    setState(0, 0, 0);
}

TrayIndicator::~TrayIndicator() = default;

void TrayIndicator::setState(int firingAlerts, int targetsUp, int targetsTotal)
{
    if (firingAlerts != m_firing) {
        m_firing = firingAlerts;
        m_icon = paintIcon(firingAlerts);
        if (m_tray)
            m_tray->setIcon(m_icon);
    }
    const QString agents = tr("%1 of %2 targets up").arg(targetsUp).arg(targetsTotal);
    const QString alerts
        = firingAlerts > 0 ? tr("%n alert(s) firing", nullptr, firingAlerts) : tr("no alerts firing");
    m_toolTip = tr("OpsDeck — %1 · %2").arg(agents, alerts);
    if (m_tray)
        m_tray->setToolTip(m_toolTip);
}

void TrayIndicator::notify(const QString& title, const QString& message)
{
    m_lastNotification = title + QLatin1Char('\n') + message;
    if (m_tray && m_tray->isVisible())
        m_tray->showMessage(title, message, QSystemTrayIcon::Critical);
}

void TrayIndicator::setVisible(bool visible)
{
    if (m_tray)
        m_tray->setVisible(visible);
}

QIcon TrayIndicator::paintIcon(int firing)
{
    const QIcon base(QStringLiteral(":/icons/org.opsdeck.OpsDeck.svg"));
    QIcon icon;
    for (int size : { 16, 22, 24, 32, 48, 64 }) {
        QPixmap pixmap = base.pixmap(size, size);
        if (pixmap.isNull()) {
            pixmap = QPixmap(size, size);
            pixmap.fill(QColor(0x1f, 0x6f, 0xc5));
        }
        if (firing > 0) {
            QPainter painter(&pixmap);
            painter.setRenderHint(QPainter::Antialiasing);
            const int d = size * 5 / 8;
            const QRect badge(size - d, size - d, d, d);
            painter.setBrush(QColor(0xd3, 0x2f, 0x2f));
            painter.setPen(Qt::NoPen);
            painter.drawEllipse(badge);
            QFont font = QApplication::font();
            font.setBold(true);
            font.setPixelSize(qMax(6, d * 2 / 3));
            painter.setFont(font);
            painter.setPen(Qt::white);
            painter.drawText(
                badge, Qt::AlignCenter, firing > 99 ? QStringLiteral("99+") : QString::number(firing));
        }
        icon.addPixmap(pixmap);
    }
    return icon;
}
