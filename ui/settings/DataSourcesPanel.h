#pragma once

#include "query/PrometheusQuerySource.h"

#include <QWidget>

class StatusLine;
class QPushButton;
class QTreeWidget;

namespace opsdeck::sources {
class DataSourceCatalog;
}

// Settings -> Data sources: the remote Prometheus-compatible servers the
// engine can query (name, URL, authentication, where it is configured), with
// Add, Edit, Remove and Test. Sources from the engine's config file are shown
// but not editable here. Edits go through the catalog (stored, then applied);
// Test shows the server's version or why it failed, found off the GUI thread.
class DataSourcesPanel final : public QWidget
{
    Q_OBJECT

public:
    // catalog may be null (the engine did not start): the panel says so.
    explicit DataSourcesPanel(opsdeck::sources::DataSourceCatalog* catalog, QWidget* parent = nullptr);

private:
    void reload();
    void updateButtons();
    QString selectedName() const;
    // The selected source's configuration (empty name when none is selected).
    opsdeck::query::RemoteSourceConfig selectedConfig() const;
    bool selectedFromFile() const;
    void edit(bool add);
    void removeSelected();
    void testSelected();

    opsdeck::sources::DataSourceCatalog* m_catalog;
    QTreeWidget* m_list;
    QPushButton* m_add;
    QPushButton* m_edit;
    QPushButton* m_remove;
    QPushButton* m_test;
    StatusLine* m_status;
    int m_testGeneration = 0;
};
