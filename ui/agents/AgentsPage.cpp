#include "AgentsPage.h"

#include "Engine.h"
#include "scrape/TargetListFile.h"
#include "scrape/TargetStatusModel.h"
#include "scrape/TargetStatusSortModel.h"
#include "shell/Dialogs.h"
#include "TargetEditorDialog.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <memory>

using opsdeck::models::TargetStatusModel;
using opsdeck::scrape::ScrapeTarget;

namespace {
constexpr qint64 kMaxImportBytes = 4 * 1024 * 1024; // a target list, not a data file

// Import bookkeeping shared by the engine callbacks of one import.
struct ImportRun
{
    int pending = 0;
    int added = 0;
    QStringList skipped;
};
} // namespace

AgentsPage::AgentsPage(opsdeck::Engine* engine, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_model(new TargetStatusModel(this))
    , m_proxy(new opsdeck::models::TargetStatusSortModel(this))
    , m_table(new QTableView(this))
    , m_filter(new QLineEdit(this))
    , m_addButton(new QPushButton(tr("Add…"), this))
    , m_editButton(new QPushButton(tr("Edit…"), this))
    , m_removeButton(new QPushButton(tr("Remove"), this))
    , m_importButton(new QPushButton(tr("Import…"), this))
    , m_emptyState(new QWidget(this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("agentsPage"));
    m_addButton->setObjectName(QStringLiteral("addAgentButton"));
    m_addButton->setToolTip(tr("Add an opsdeck-agent, node_exporter or any Prometheus endpoint"));
    m_editButton->setObjectName(QStringLiteral("editAgentButton"));
    m_removeButton->setObjectName(QStringLiteral("removeAgentButton"));
    m_importButton->setObjectName(QStringLiteral("importAgentsButton"));
    m_importButton->setToolTip(tr("Import a Prometheus file_sd JSON file or a list of URLs, one per line"));
    m_filter->setObjectName(QStringLiteral("agentsFilter"));
    m_filter->setPlaceholderText(tr("Filter agents"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMaximumWidth(280);

    m_model->setScrapeManager(engine->scrapeManager());
    m_proxy->setSourceModel(m_model);

    m_table->setObjectName(QStringLiteral("agentsTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(TargetStatusModel::TargetColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionsMovable(true);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(false);
    // Reading order for an operator: what, how it is and why, then details, so
    // a narrow window still shows a down agent's error without scrolling.
    header->moveSection(header->visualIndex(TargetStatusModel::HealthColumn), 1);
    header->moveSection(header->visualIndex(TargetStatusModel::ErrorColumn), 2);
    header->moveSection(header->visualIndex(TargetStatusModel::LabelsColumn),
        header->visualIndex(TargetStatusModel::InstanceColumn) + 1);
    header->moveSection(header->visualIndex(TargetStatusModel::IntervalColumn),
        header->visualIndex(TargetStatusModel::LabelsColumn) + 1);
    m_table->setColumnWidth(TargetStatusModel::TargetColumn, 250);
    m_table->setColumnWidth(TargetStatusModel::HealthColumn, 170);
    m_table->setColumnWidth(TargetStatusModel::JobColumn, 90);
    m_table->setColumnWidth(TargetStatusModel::InstanceColumn, 150);
    m_table->setColumnWidth(TargetStatusModel::LabelsColumn, 140);
    m_table->setColumnWidth(TargetStatusModel::IntervalColumn, 70);
    m_table->setColumnWidth(TargetStatusModel::LastScrapeColumn, 105);
    m_table->setColumnWidth(TargetStatusModel::DurationColumn, 80);
    m_table->setColumnWidth(TargetStatusModel::SamplesColumn, 75);
    m_table->setColumnWidth(TargetStatusModel::ErrorColumn, 200);

    // Empty state (UI.md): say what to do next, with the button right there.
    auto* emptyText = new QLabel(tr("<b>No agents yet</b> — add one to monitor another server. Until then OpsDeck "
                                    "monitors this machine with its built-in collector."),
        m_emptyState);
    emptyText->setObjectName(QStringLiteral("emptyStateText"));
    emptyText->setWordWrap(true);
    auto* emptyAdd = new QPushButton(tr("Add agent"), m_emptyState);
    emptyAdd->setObjectName(QStringLiteral("emptyAddAgentButton"));
    auto* emptyLayout = new QHBoxLayout(m_emptyState);
    emptyLayout->setContentsMargins(12, 10, 12, 10);
    emptyLayout->addWidget(emptyText, 1);
    emptyLayout->addWidget(emptyAdd);
    m_emptyState->setObjectName(QStringLiteral("agentsEmptyState"));
    m_emptyState->setAutoFillBackground(true);
    m_emptyState->setBackgroundRole(QPalette::AlternateBase);

    m_message->setObjectName(QStringLiteral("importSummary"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto* toolbar = new QHBoxLayout;
    toolbar->addWidget(m_addButton);
    toolbar->addWidget(m_editButton);
    toolbar->addWidget(m_removeButton);
    toolbar->addSpacing(12);
    toolbar->addWidget(m_importButton);
    toolbar->addStretch(1);
    toolbar->addWidget(m_filter);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(m_emptyState);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);

    connect(m_addButton, &QPushButton::clicked, this, &AgentsPage::addAgent);
    connect(emptyAdd, &QPushButton::clicked, this, &AgentsPage::addAgent);
    connect(m_editButton, &QPushButton::clicked, this, &AgentsPage::editSelected);
    connect(m_removeButton, &QPushButton::clicked, this, &AgentsPage::removeSelected);
    connect(m_table, &QTableView::doubleClicked, this, &AgentsPage::editSelected);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_importButton, &QPushButton::clicked, this, [this]() {
        const QString path = Dialogs::openFile(
            this, tr("Import agents"), QString(), tr("Target lists (*.json *.txt *.list);;All files (*)"));
        if (!path.isEmpty())
            importFile(path);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AgentsPage::updateActions);
    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(m_model, signal, this, &AgentsPage::updateEmptyState);
    connect(m_model, &QAbstractItemModel::modelReset, this, &AgentsPage::updateEmptyState);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &AgentsPage::updateActions);

    updateEmptyState();
    updateActions();
}

QByteArray AgentsPage::saveTableState() const
{
    return m_table->horizontalHeader()->saveState();
}

bool AgentsPage::restoreTableState(const QByteArray& state)
{
    return !state.isEmpty() && m_table->horizontalHeader()->restoreState(state);
}

TargetEditorDialog* AgentsPage::editor() const
{
    return findChild<TargetEditorDialog*>(QStringLiteral("targetEditor"));
}

qint64 AgentsPage::selectedTargetId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return 0;
    return rows.constFirst().data(TargetStatusModel::TargetIdRole).toLongLong();
}

void AgentsPage::updateActions()
{
    const bool editable = selectedTargetId() != 0;
    m_editButton->setEnabled(editable);
    m_removeButton->setEnabled(editable);
    const QString why
        = editable ? QString() : tr("Select an agent first (the built-in collector cannot be edited)");
    m_editButton->setToolTip(why);
    m_removeButton->setToolTip(why);
}

void AgentsPage::updateEmptyState()
{
    bool remote = false;
    for (int row = 0; row < m_model->rowCount() && !remote; ++row)
        remote = !m_model->index(row, 0).data(TargetStatusModel::LocalRole).toBool();
    m_emptyState->setVisible(!remote);
    updateActions();
}

void AgentsPage::showMessage(const QString& text, bool error)
{
    m_message->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void AgentsPage::openEditor(TargetEditorDialog* dialog)
{
    if (TargetEditorDialog* open = editor(); open && open != dialog) {
        // One editor at a time: bring the open one forward instead.
        dialog->deleteLater();
        open->raise();
        open->activateWindow();
        return;
    }
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TargetEditorDialog::saved, this, [this, dialog](qint64) {
        showMessage(
            dialog->isNew() ? tr("Agent added; its first scrape is on the way.") : tr("Agent updated."), false);
    });
    // open(), not exec(): window-modal without a nested event loop.
    dialog->open();
}

void AgentsPage::addAgent()
{
    openEditor(new TargetEditorDialog(m_engine, ScrapeTarget {}, this));
}

void AgentsPage::editSelected()
{
    const qint64 id = selectedTargetId();
    const auto target = id != 0 ? m_engine->targetCatalog()->target(id) : std::nullopt;
    if (!target)
        return;
    openEditor(new TargetEditorDialog(m_engine, *target, this));
}

void AgentsPage::removeSelected()
{
    const qint64 id = selectedTargetId();
    const auto target = id != 0 ? m_engine->targetCatalog()->target(id) : std::nullopt;
    if (!target)
        return;
    const QString what = target->url.toDisplayString();
    if (!Dialogs::confirm(this, tr("Remove agent"),
            tr("Stop monitoring %1 and remove it from the list? Its history stays in the store until "
               "retention drops it.")
                .arg(what)))
        return;
    m_removeButton->setEnabled(false);
    m_engine->targetCatalog()->removeTarget(id, this, [this, what](qint64 removed, const QString& error) {
        if (removed == 0)
            showMessage(tr("Could not remove %1: %2").arg(what, error), true);
        else
            showMessage(tr("Removed %1.").arg(what), false);
        updateActions();
    });
}

void AgentsPage::importFile(const QString& path)
{
    const QString name = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showMessage(tr("Cannot read %1: %2").arg(path, file.errorString()), true);
        return;
    }
    if (file.size() > kMaxImportBytes) {
        showMessage(tr("%1 is too large for a target list (more than 4 MiB).").arg(name), true);
        return;
    }
    QString error;
    const QList<ScrapeTarget> targets = opsdeck::scrape::TargetListFile::parse(file.readAll(), &error);
    if (!error.isEmpty()) {
        showMessage(tr("Nothing imported from %1: %2").arg(name, error), true);
        emit importFinished(0, { error });
        return;
    }
    showMessage(tr("Importing %n target(s) from %1…", nullptr, int(targets.size())).arg(name), false);
    auto run = std::make_shared<ImportRun>();
    run->pending = int(targets.size());
    for (const ScrapeTarget& target : targets) {
        // Each target is stored on its own, so one duplicate does not stop the rest.
        m_engine->targetCatalog()->addTarget(
            target, this, [this, run, name, target](qint64 id, const QString& why) {
                if (id != 0)
                    ++run->added;
                else
                    run->skipped.append(tr("%1: %2").arg(target.url.toDisplayString(), why));
                if (--run->pending > 0)
                    return;
                QString text = tr("Imported from %1: %n added", nullptr, run->added).arg(name);
                if (!run->skipped.isEmpty())
                    text += tr(", %n skipped:", nullptr, int(run->skipped.size())) + QStringLiteral("\n• ")
                        + run->skipped.join(QStringLiteral("\n• "));
                showMessage(text, run->added == 0);
                emit importFinished(run->added, run->skipped);
            });
    }
}
