#pragma once

#include "collect/ProfileSnapshot.h"

#include <QDialog>

class QComboBox;
class QSpinBox;

// Asks what to profile on one host: a process (one of the host's components'
// top processes, preselected from the components table) or the whole host, and
// for how many seconds.
class CpuProfileDialog final : public QDialog
{
    Q_OBJECT

public:
    CpuProfileDialog(const QString& host, const QList<opsdeck::collect::ComponentUse>& components,
        qint64 selectedPid, QWidget* parent = nullptr);

    qint64 pid() const; // 0 = the whole host
    int seconds() const;

private:
    QComboBox* m_target = nullptr;
    QSpinBox* m_seconds = nullptr;
};
