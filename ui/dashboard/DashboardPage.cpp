#include "dashboard/DashboardPage.h"

#include "dashboard/ChartPanel.h"
#include "dashboard/DashboardService.h"
#include "dashboard/PanelEditorDialog.h"
#include "Engine.h"

#include <QComboBox>
#include <QFile>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLoggingCategory>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <cstdio>
#include <ctime>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcDashboardUi, "opsdeck.ui.dashboard")

using opsdeck::dashboard::DashboardDefinition;
using opsdeck::dashboard::DashboardService;
using opsdeck::dashboard::LiveQuery;
using opsdeck::dashboard::LiveQueryFeed;
using opsdeck::dashboard::PanelDefinition;
using opsdeck::dashboard::PanelUpdate;

namespace {

// Milliseconds since this process started, from /proc/self/stat's start time
// (clock ticks since boot) and CLOCK_BOOTTIME; -1 when unavailable.
qint64 msSinceProcessStart()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    if (close < 0)
        return -1;
    const QList<QByteArray> fields = line.mid(close + 2).split(' ');
    // Field 22 (starttime); fields after the name start at field 3.
    if (fields.size() < 20)
        return -1;
    const double startS = fields[19].toDouble() / double(sysconf(_SC_CLK_TCK));
    timespec now {};
    clock_gettime(CLOCK_BOOTTIME, &now);
    const double nowS = double(now.tv_sec) + double(now.tv_nsec) / 1e9;
    return qint64((nowS - startS) * 1000);
}

} // namespace

DashboardPage::DashboardPage(opsdeck::Engine* engine, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
{
    setObjectName(QStringLiteral("dashboardPage"));
    m_reportFirstChart = qEnvironmentVariableIntValue("OPSDECK_REPORT_FIRST_CHART") == 1;

    auto* toolbar = new QHBoxLayout;
    toolbar->setContentsMargins(8, 4, 8, 0);
    auto* add = new QPushButton(tr("Add panel"), this);
    add->setObjectName(QStringLiteral("addPanelButton"));
    add->setToolTip(tr("Add a chart with your own query"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("dashboardStatus"));
    m_status->setWordWrap(true);
    m_source = new QComboBox(this);
    m_source->setObjectName(QStringLiteral("dashboardDataSource"));
    m_source->setToolTip(tr("Where this dashboard's panels get their data"));
    auto* sourceLabel = new QLabel(tr("&Data source:"), this);
    sourceLabel->setBuddy(m_source);
    toolbar->addWidget(m_status, 1);
    toolbar->addWidget(sourceLabel);
    toolbar->addWidget(m_source);
    toolbar->addWidget(add);
    connect(add, &QPushButton::clicked, this, &DashboardPage::addPanel);

    m_gridHost = new QWidget;
    m_gridHost->setObjectName(QStringLiteral("dashboardGrid"));
    m_grid = new QGridLayout(m_gridHost);
    m_grid->setContentsMargins(8, 8, 8, 8);
    m_grid->setSpacing(8);
    m_empty = new QLabel(tr("Loading the dashboard\u2026"), m_gridHost);
    m_empty->setObjectName(QStringLiteral("dashboardEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);

    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("dashboardScroll"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidget(m_gridHost);
    connect(m_scroll->verticalScrollBar(), &QScrollBar::valueChanged, this, &DashboardPage::flushVisible);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(toolbar);
    layout->addWidget(m_scroll, 1);

    m_service = engine->dashboardService();
    useFeed({});
    fillSourceChoice();
    if (auto* catalog = engine->dataSources())
        connect(catalog, &opsdeck::sources::DataSourceCatalog::sourcesEdited, this, [this] {
            fillSourceChoice();
            // An edited source gets a new connection; a removed one shows its error.
            useFeed(m_dashboard.dataSource);
            sendQueries();
        });
    connect(m_source, &QComboBox::activated, this, [this] { setDataSource(m_source->currentData().toString()); });

    // A read at start-up on the engine's connection; creating the default
    // dashboard is a write, which the service runs on the state writer.
    QString readError;
    if (const auto dashboard = m_service->firstDashboard(&readError))
        setDashboard(*dashboard);
    else if (!readError.isEmpty())
        qCWarning(lcDashboardUi) << "cannot read dashboards:" << readError;
    if (!m_loaded) {
        ++m_pendingWrites;
        m_service->loadOrCreateDefault(this, [this](std::optional<DashboardDefinition> dashboard, QString error) {
            if (dashboard)
                setDashboard(*dashboard);
            else
                m_empty->setText(tr("The dashboard cannot be loaded: %1").arg(error));
            writeDone(error);
        });
    }
}

DashboardPage::~DashboardPage() = default;

void DashboardPage::useFeed(const QString& dataSource)
{
    delete m_feed; // aborts a remote query in flight
    m_feedSource = dataSource;
    m_feed = m_service->createFeed(this, dataSource);
    m_feed->setRange(m_rangeMs);
    connect(m_feed, &LiveQueryFeed::updated, this, &DashboardPage::applyUpdates, Qt::QueuedConnection);
    for (ChartPanel* panel : std::as_const(m_panels))
        panel->setDataSourceName(dataSource);
}

void DashboardPage::fillSourceChoice()
{
    const QSignalBlocker block(m_source);
    m_source->clear();
    m_source->addItem(tr("This engine"), QString());
    QStringList names = m_engine->dataSourceRegistry() ? m_engine->dataSourceRegistry()->names() : QStringList();
    if (!m_dashboard.dataSource.isEmpty() && !names.contains(m_dashboard.dataSource))
        names.append(m_dashboard.dataSource); // removed meanwhile: still shown, its panels say why they fail
    for (const QString& name : std::as_const(names))
        m_source->addItem(name, name);
    m_source->setCurrentIndex(qMax(0, m_source->findData(m_dashboard.dataSource)));
    m_source->setEnabled(m_loaded);
}

void DashboardPage::setDataSource(const QString& name)
{
    if (!m_loaded || name == m_dashboard.dataSource)
        return;
    m_dashboard.dataSource = name;
    useFeed(name);
    sendQueries();
    fillSourceChoice();
    ++m_pendingWrites;
    m_service->setDataSource(m_dashboard.id, name, this, [this](const QString& error) { writeDone(error); });
}

void DashboardPage::setDashboard(const DashboardDefinition& dashboard)
{
    m_dashboard = dashboard;
    for (ChartPanel* panel : std::as_const(m_panels))
        delete panel;
    m_panels.clear();
    for (const PanelDefinition& definition : dashboard.panels)
        m_panels.append(createPanel(definition));
    m_loaded = true;
    if (dashboard.dataSource != m_feedSource)
        useFeed(dashboard.dataSource);
    for (ChartPanel* panel : std::as_const(m_panels))
        panel->setDataSourceName(m_feedSource);
    fillSourceChoice();
    m_empty->setText(tr("No panels on this dashboard — use “Add panel” to add one."));
    relayout(true);
    sendQueries();
    emit panelsChanged();
}

ChartPanel* DashboardPage::createPanel(const PanelDefinition& definition)
{
    auto* panel = new ChartPanel(definition, m_gridHost);
    panel->setDataSourceName(m_feedSource);
    connect(panel, &ChartPanel::editRequested, this, [this, panel] { openEditor(panel); });
    connect(panel, &ChartPanel::moveLeftRequested, this, [this, panel] { movePanel(panel, -1); });
    connect(panel, &ChartPanel::moveRightRequested, this, [this, panel] { movePanel(panel, +1); });
    connect(panel, &ChartPanel::removeRequested, this, [this, panel] { removePanel(panel); });
    if (m_reportFirstChart)
        connect(panel, &ChartPanel::drawn, this, &DashboardPage::reportFirstChart);
    return panel;
}

void DashboardPage::reportFirstChart()
{
    if (!m_reportFirstChart)
        return;
    m_reportFirstChart = false;
    std::fprintf(stderr, "first chart drawn after %lld ms\n", static_cast<long long>(msSinceProcessStart()));
    std::fflush(stderr);
}

void DashboardPage::relayout(bool force)
{
    const int w = width();
    const int columns = w >= 1400 ? 3 : (w >= 900 ? 2 : 1);
    if (columns == m_columns && !force)
        return;
    m_columns = columns;
    while (m_grid->count() > 0)
        delete m_grid->takeAt(0);
    for (int c = 0; c < 3; ++c)
        m_grid->setColumnStretch(c, c < columns ? 1 : 0);
    for (int i = 0; i < m_panels.size(); ++i) {
        m_grid->addWidget(m_panels[i], i / columns, i % columns);
        m_panels[i]->setMoveEnabled(i > 0, i + 1 < m_panels.size());
        m_panels[i]->show();
    }
    const int rows = int((m_panels.size() + columns - 1) / columns);
    for (int r = 0; r < rows; ++r)
        m_grid->setRowStretch(r, 0);
    if (m_panels.isEmpty()) {
        m_grid->addWidget(m_empty, 0, 0, 1, columns);
        m_grid->setRowStretch(0, 1);
        m_empty->show();
    } else {
        m_empty->hide();
        // Panels keep a readable height; the rest of a tall window stays below them.
        const int viewport = m_scroll->viewport()->height();
        const int visibleRows = std::clamp(rows, 1, 2);
        const int height = std::clamp((viewport - 16 - 8 * visibleRows) / visibleRows, 240, 420);
        for (ChartPanel* panel : std::as_const(m_panels))
            panel->setFixedHeight(height);
        m_grid->setRowStretch(rows, 1);
    }
}

void DashboardPage::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    relayout(true);
    flushVisible();
}

void DashboardPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    relayout(true);
    flushVisible();
}

void DashboardPage::flushVisible()
{
    for (ChartPanel* panel : std::as_const(m_panels))
        panel->flushIfDirty();
}

void DashboardPage::sendQueries()
{
    QList<PanelDefinition> panels;
    panels.reserve(m_panels.size());
    for (ChartPanel* panel : std::as_const(m_panels))
        panels.append(panel->definition());
    m_queries = DashboardService::liveQueries(panels, m_hostFilter);
    m_feed->setQueries(m_queries);
    recordView();
}

void DashboardPage::recordView()
{
    if (m_loaded && m_service)
        m_service->recordView({ m_dashboard.id, m_dashboard.dataSource, m_rangeMs, m_hostFilter });
}

void DashboardPage::applyUpdates(const QList<PanelUpdate>& updates)
{
    // Paused: the view stays as it is; resume asks for fresh windows.
    if (m_paused)
        return;
    for (const PanelUpdate& update : updates) {
        for (ChartPanel* panel : std::as_const(m_panels)) {
            if (quint64(panel->definition().id) == update.key) {
                panel->applyUpdate(update);
                break;
            }
        }
    }
}

void DashboardPage::setHostFilter(const QString& instance)
{
    if (instance == m_hostFilter && !m_queries.isEmpty())
        return;
    m_hostFilter = instance;
    sendQueries();
}

void DashboardPage::setTimeRange(qint64 rangeMs)
{
    m_rangeMs = LiveQueryFeed::clampRange(rangeMs);
    m_feed->setRange(m_rangeMs);
    recordView();
}

void DashboardPage::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (!paused)
        m_feed->refreshAll();
}

void DashboardPage::addPanel()
{
    openEditor(nullptr);
}

PanelEditorDialog* DashboardPage::openEditor(ChartPanel* panel)
{
    PanelDefinition definition;
    if (panel) {
        definition = panel->definition();
    } else {
        definition.dashboardId = m_dashboard.id;
        definition.position = -1;
    }
    auto* dialog = new PanelEditorDialog(definition, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<ChartPanel> target(panel);
    const bool isNew = panel == nullptr;
    connect(dialog, &QDialog::accepted, this, [this, dialog, target, isNew] {
        if (isNew)
            editFinished(nullptr, dialog->panel());
        else if (target)
            editFinished(target, dialog->panel());
    });
    dialog->open();
    return dialog;
}

void DashboardPage::editFinished(ChartPanel* panel, const PanelDefinition& definition)
{
    if (panel) {
        panel->setDefinition(definition);
        sendQueries();
        emit panelsChanged();
        ++m_pendingWrites;
        m_service->updatePanel(definition, this, [this](QString error) { writeDone(error); });
        return;
    }
    if (m_dashboard.id == 0) {
        writeDone(tr("the dashboard is not loaded yet"));
        return;
    }
    PanelDefinition toAdd = definition;
    toAdd.dashboardId = m_dashboard.id;
    toAdd.position = -1;
    ++m_pendingWrites;
    m_service->addPanel(toAdd, this, [this, toAdd](std::optional<qint64> id, QString error) {
        if (id) {
            PanelDefinition added = toAdd;
            added.id = *id;
            added.position = int(m_panels.size());
            m_panels.append(createPanel(added));
            relayout(true);
            sendQueries();
            emit panelsChanged();
        }
        writeDone(error);
    });
}

void DashboardPage::movePanel(ChartPanel* panel, int delta)
{
    const int from = int(m_panels.indexOf(panel));
    const int to = from + delta;
    if (from < 0 || to < 0 || to >= m_panels.size())
        return;
    m_panels.move(from, to);
    relayout(true);
    emit panelsChanged();
    persistOrder();
}

void DashboardPage::removePanel(ChartPanel* panel)
{
    const int index = int(m_panels.indexOf(panel));
    if (index < 0)
        return;
    const qint64 id = panel->definition().id;
    m_panels.removeAt(index);
    panel->deleteLater();
    relayout(true);
    sendQueries();
    emit panelsChanged();
    ++m_pendingWrites;
    m_service->removePanel(id, this, [this](QString error) { writeDone(error); });
}

void DashboardPage::persistOrder()
{
    QList<qint64> ids;
    for (ChartPanel* panel : std::as_const(m_panels))
        ids.append(panel->definition().id);
    const qint64 dashboardId = m_dashboard.id;
    ++m_pendingWrites;
    m_service->reorder(dashboardId, ids, this, [this](QString error) { writeDone(error); });
}

void DashboardPage::writeDone(const QString& error)
{
    --m_pendingWrites;
    if (error.isEmpty()) {
        m_status->clear();
    } else {
        qCWarning(lcDashboardUi) << "dashboard change not stored:" << error;
        m_status->setText(tr("\u26a0 The change was not saved: %1").arg(error));
    }
    emit writeFinished(error);
}
