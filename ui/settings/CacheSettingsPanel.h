#pragma once

#include <QWidget>

class ConsoleSettings;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

// Settings -> Cache: the query-result cache in front of the data sources:
// which levels are on (L1 memory, L2 Redis, L3 this computer's database),
// their budgets, the Redis URL and password file, how long results live and
// how recent a result may be before it is never cached. Saved at once,
// applied at the next start (the levels are built when the engine starts).
// The same fields as the headless file's cache: section.
class CacheSettingsPanel final : public QWidget
{
    Q_OBJECT

public:
    CacheSettingsPanel(ConsoleSettings* settings, QWidget* parent = nullptr);

private:
    void save();
    void updateEnabled();
    void checkUrl();

    ConsoleSettings* m_settings;
    QCheckBox* m_enabled;
    QCheckBox* m_l1;
    QSpinBox* m_l1Size;
    QComboBox* m_policy;
    QCheckBox* m_l1Dynamic;
    QLineEdit* m_redisUrl;
    QLineEdit* m_redisPassword;
    QCheckBox* m_l3;
    QSpinBox* m_l3Size;
    QSpinBox* m_ttl;
    QSpinBox* m_freshness;
    QCheckBox* m_local;
    QLabel* m_status;
};
