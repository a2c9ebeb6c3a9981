#pragma once

#include "settings/ConsoleSettings.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

// Adds one Profiler database target: PostgreSQL (host, port, database, user) or
// Redis (URL), each with an optional password file, never a password.
class DatabaseTargetDialog final : public QDialog
{
    Q_OBJECT

public:
    DatabaseTargetDialog(const QStringList& takenNames, QWidget* parent = nullptr);

    ConsoleSettings::ProfilerDatabase target() const;
    // Why the entry cannot be saved; empty when it can.
    QString problem() const;

private:
    void updateState();

    QStringList m_taken;
    QLineEdit* m_name = nullptr;
    QComboBox* m_type = nullptr;
    QLineEdit* m_host = nullptr;
    QSpinBox* m_port = nullptr;
    QLineEdit* m_database = nullptr;
    QLineEdit* m_user = nullptr;
    QLineEdit* m_url = nullptr;
    QLineEdit* m_passwordFile = nullptr;
    QLabel* m_problem = nullptr;
    QWidget* m_postgresRows[4] {};
    QWidget* m_ok = nullptr;
};
