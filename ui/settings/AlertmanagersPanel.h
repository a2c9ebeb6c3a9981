#pragma once

#include <QWidget>

class QPushButton;
class QTreeWidget;
class StatusLine;

namespace opsdeck {
class AlertService;
}

// Settings -> Alertmanagers: the external Alertmanagers that firing and
// resolved alerts are forwarded to (alerting.alertmanagers in the
// notifications file above it), and Test, which asks the selected one for
// its version (GET /api/v2/status) without blocking the window.
class AlertmanagersPanel final : public QWidget
{
    Q_OBJECT

public:
    // alerts may be null (the engine did not start): the panel says so.
    explicit AlertmanagersPanel(opsdeck::AlertService* alerts, QWidget* parent = nullptr);

    // After the notifications file was (re)loaded.
    void reload();

private:
    void testSelected();

    opsdeck::AlertService* m_alerts;
    QTreeWidget* m_list;
    QPushButton* m_test;
    StatusLine* m_status;
    int m_testGeneration = 0;
};
