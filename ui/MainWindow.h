#pragma once

#include <QMainWindow>

class QLabel;
class QTableView;

namespace opsdeck {
class Engine;
namespace models {
class TargetStatusModel;
}
} // namespace opsdeck

// The console window. For now it shows what the engine is doing: every scrape
// target (or the built-in collector for this machine) with its health, and the
// ingest figures in the status bar. The dashboard and the other pages come
// with the console work; until then the window says so instead of pretending.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(opsdeck::Engine* engine, QWidget* parent = nullptr);

private:
    void updateStatus();

    opsdeck::Engine* m_engine;
    opsdeck::models::TargetStatusModel* m_targets;
    QTableView* m_table;
    QLabel* m_status;
};
