#pragma once

#include <QWidget>

class ConsoleSettings;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

// Settings -> State database: where this console keeps its state, either
// this computer's SQLite file or a PostgreSQL database shared with other
// consoles and headless engines (one inbox, notifications sent once). Shows
// what is in use now; the choice is saved at once and applies at the next
// start. Test connects with what is entered, off the GUI thread, and says
// which server and schema it found or why it failed; it changes nothing.
class StateDatabasePanel final : public QWidget
{
    Q_OBJECT

public:
    // inUse: what the running engine opened (Database::filePath()).
    StateDatabasePanel(ConsoleSettings* settings, const QString& inUse, QWidget* parent = nullptr);

private:
    void save();
    void updateEnabled();
    void test();
    void showResult(bool ok, const QString& text);

    ConsoleSettings* m_settings;
    QComboBox* m_driver;
    QLineEdit* m_host;
    QSpinBox* m_port;
    QLineEdit* m_database;
    QLineEdit* m_user;
    QLineEdit* m_passwordFile;
    QComboBox* m_sslmode;
    QPushButton* m_test;
    QLabel* m_status;
    int m_testGeneration = 0;
};
