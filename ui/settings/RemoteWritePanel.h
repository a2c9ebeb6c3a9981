#pragma once

#include <QWidget>

class ConsoleSettings;
class FileRow;
class QPushButton;
class QTreeWidget;
class StatusLine;

namespace opsdeck {
class Engine;
}

// Settings -> Remote write: the file whose remote_write: list this console
// sends everything it scrapes to (a whole headless configuration works; its
// other sections are ignored here), the receivers it is sending to with
// their figures (sent, waiting, how far behind, the last answer), refreshed
// every second, and Test, which POSTs an empty WriteRequest to the selected
// receiver off the GUI thread. The file is read at start and on Load; a file
// with an error changes nothing and says why.
class RemoteWritePanel final : public QWidget
{
    Q_OBJECT

public:
    // engine may be null (it did not start): the panel says so.
    RemoteWritePanel(ConsoleSettings* settings, opsdeck::Engine* engine, QWidget* parent = nullptr);

    // Reads path and hands its receivers to the engine (empty = none).
    void load(const QString& path);

private:
    void refresh();
    void testSelected();

    ConsoleSettings* m_settings;
    opsdeck::Engine* m_engine;
    FileRow* m_file;
    QTreeWidget* m_list;
    QPushButton* m_test;
    StatusLine* m_status;
    int m_testGeneration = 0;
};
