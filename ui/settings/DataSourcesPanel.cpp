#include "DataSourcesPanel.h"

#include "DataSourceDialog.h"
#include "shell/Dialogs.h"
#include "sources/DataSourceCatalog.h"
#include "StatusLine.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using opsdeck::query::RemoteSourceConfig;

namespace {
enum Column { NameColumn, UrlColumn, AuthColumn, WhereColumn };
constexpr int kFromFileRole = Qt::UserRole + 1;
} // namespace

DataSourcesPanel::DataSourcesPanel(opsdeck::sources::DataSourceCatalog* catalog, QWidget* parent)
    : QWidget(parent)
    , m_catalog(catalog)
    , m_list(new QTreeWidget(this))
    , m_add(new QPushButton(tr("&Add…"), this))
    , m_edit(new QPushButton(tr("&Edit…"), this))
    , m_remove(new QPushButton(tr("Re&move"), this))
    , m_test(new QPushButton(tr("&Test"), this))
    , m_status(new StatusLine(this))
{
    setObjectName(QStringLiteral("dataSourcesPanel"));
    m_list->setObjectName(QStringLiteral("dataSourceList"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setHeaderLabels({ tr("Name"), tr("URL"), tr("Authentication"), tr("Configured in") });
    m_list->header()->setSectionResizeMode(UrlColumn, QHeaderView::Stretch);
    m_list->setMinimumWidth(640);
    m_list->setMaximumHeight(150);
    m_add->setObjectName(QStringLiteral("dataSourceAdd"));
    m_edit->setObjectName(QStringLiteral("dataSourceEdit"));
    m_remove->setObjectName(QStringLiteral("dataSourceRemove"));
    m_test->setObjectName(QStringLiteral("dataSourceTestSelected"));
    m_status->setObjectName(QStringLiteral("dataSourceStatus"));

    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : { m_add, m_edit, m_remove, m_test })
        buttons->addWidget(b);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list);
    layout->addLayout(buttons);
    layout->addWidget(m_status);

    connect(m_add, &QPushButton::clicked, this, [this] { edit(true); });
    connect(m_edit, &QPushButton::clicked, this, [this] { edit(false); });
    connect(m_list, &QTreeWidget::itemDoubleClicked, this, [this] {
        if (!selectedFromFile())
            edit(false);
    });
    connect(m_remove, &QPushButton::clicked, this, &DataSourcesPanel::removeSelected);
    connect(m_test, &QPushButton::clicked, this, &DataSourcesPanel::testSelected);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &DataSourcesPanel::updateButtons);
    if (m_catalog)
        connect(m_catalog, &opsdeck::sources::DataSourceCatalog::sourcesEdited, this, &DataSourcesPanel::reload);
    reload();
    if (!m_catalog)
        m_status->report(tr("The engine is not running: data sources cannot be edited."), StatusLine::Tone::Error);
    else if (m_list->topLevelItemCount() == 0)
        m_status->report(tr("No remote data sources: dashboards and rules query this engine's own data."),
            StatusLine::Tone::Plain);
}

void DataSourcesPanel::reload()
{
    const QString keep = selectedName();
    m_list->clear();
    if (!m_catalog)
        return updateButtons();
    for (const auto& entry : m_catalog->sources()) {
        const RemoteSourceConfig& c = entry.config;
        auto* item = new QTreeWidgetItem(m_list);
        item->setText(NameColumn, c.name);
        item->setText(UrlColumn, c.url.toDisplayString());
        item->setText(AuthColumn,
            !c.bearerToken.isEmpty()     ? tr("bearer token")
                : !c.basicUser.isEmpty() ? tr("basic auth (%1)").arg(c.basicUser)
                                         : tr("none"));
        item->setText(WhereColumn, entry.fromFile ? tr("engine config file") : tr("this console"));
        item->setData(NameColumn, kFromFileRole, entry.fromFile);
        if (entry.fromFile)
            item->setToolTip(
                NameColumn, tr("Defined in the engine's config file (data_sources:); change it there."));
        if (c.name == keep)
            item->setSelected(true);
    }
    for (int i = 0; i < m_list->columnCount(); ++i)
        if (i != UrlColumn)
            m_list->resizeColumnToContents(i);
    updateButtons();
}

QString DataSourcesPanel::selectedName() const
{
    const auto items = m_list->selectedItems();
    return items.isEmpty() ? QString() : items.first()->text(NameColumn);
}

RemoteSourceConfig DataSourcesPanel::selectedConfig() const
{
    const QString name = selectedName();
    if (m_catalog && !name.isEmpty()) {
        for (const auto& entry : m_catalog->sources())
            if (entry.config.name == name)
                return entry.config;
    }
    return {};
}

bool DataSourcesPanel::selectedFromFile() const
{
    const auto items = m_list->selectedItems();
    return !items.isEmpty() && items.first()->data(NameColumn, kFromFileRole).toBool();
}

void DataSourcesPanel::updateButtons()
{
    const bool selected = !selectedName().isEmpty();
    m_add->setEnabled(m_catalog);
    m_edit->setEnabled(m_catalog && selected && !selectedFromFile());
    m_remove->setEnabled(m_catalog && selected && !selectedFromFile());
    m_test->setEnabled(m_catalog && selected);
}

void DataSourcesPanel::edit(bool add)
{
    if (!m_catalog)
        return;
    const RemoteSourceConfig original = add ? RemoteSourceConfig {} : selectedConfig();
    if (!add && original.name.isEmpty())
        return;
    auto* dialog = new DataSourceDialog(m_catalog, original, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_status->report(tr("✔ Saved data source %1.").arg(dialog->current().name), StatusLine::Tone::Ok);
    });
    dialog->open();
}

void DataSourcesPanel::removeSelected()
{
    const QString name = selectedName();
    if (!m_catalog || name.isEmpty() || selectedFromFile())
        return;
    if (!Dialogs::confirm(this, tr("Remove data source"),
            tr("Remove the data source \"%1\"? Dashboards and rule groups that use it show an error until "
               "they are given another one.")
                .arg(name)))
        return;
    m_catalog->remove(name, this, [this, name](const QString& error) {
        if (error.isEmpty())
            m_status->report(tr("Removed data source %1.").arg(name), StatusLine::Tone::Plain);
        else
            m_status->report(tr("✖ Not removed: %1").arg(error), StatusLine::Tone::Error);
    });
}

void DataSourcesPanel::testSelected()
{
    const RemoteSourceConfig config = selectedConfig();
    const QString name = config.name;
    if (!m_catalog || name.isEmpty())
        return;
    const int generation = ++m_testGeneration;
    m_status->report(tr("Testing %1 …").arg(name), StatusLine::Tone::Plain);
    m_catalog->test(config, this, [this, generation, name](const opsdeck::query::BuildInfo& info) {
        if (generation != m_testGeneration)
            return;
        if (info.ok && info.version.isEmpty())
            m_status->report(
                tr("✔ %1: Prometheus API (the server names no version)").arg(name), StatusLine::Tone::Ok);
        else if (info.ok)
            m_status->report(tr("✔ %1: Prometheus API, version %2").arg(name, info.version), StatusLine::Tone::Ok);
        else
            m_status->report(tr("✖ %1").arg(info.error), StatusLine::Tone::Error);
    });
}
