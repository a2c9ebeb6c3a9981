#pragma once

#include <QIcon>
#include <QObject>

#include <memory>

class QMenu;
class QSystemTrayIcon;

// The system tray icon: the application icon with the number of firing
// alerts painted on it, and a tooltip with the fleet's health. Works without
// a tray (offscreen, bare X servers): icon() and toolTip() still say what the
// tray would show, which is what the tests read.
class TrayIndicator final : public QObject
{
    Q_OBJECT

public:
    explicit TrayIndicator(QObject* parent = nullptr);
    ~TrayIndicator() override;

    void setState(int firingAlerts, int targetsUp, int targetsTotal);
    void setVisible(bool visible);
    bool isTrayAvailable() const { return m_tray != nullptr; }

    QIcon icon() const { return m_icon; }
    QString toolTip() const { return m_toolTip; }
    int firingAlerts() const { return m_firing; }
    // A desktop notification (when a tray exists); the last one is kept for tests.
    void notify(const QString& title, const QString& message);
    QString lastNotification() const { return m_lastNotification; }

signals:
    void activated();
    void quitRequested();

private:
    static QIcon paintIcon(int firing);

    QSystemTrayIcon* m_tray = nullptr;
    std::unique_ptr<QMenu> m_menu; // a tray menu has no parent widget
    QIcon m_icon;
    QString m_toolTip;
    QString m_lastNotification;
    int m_firing = -1;
};
