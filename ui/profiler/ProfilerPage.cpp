// qcustomplot.h uses foreach, which QT_NO_FOREACH removes: it comes before any Qt header.
#undef QT_NO_FOREACH
#include <qcustomplot.h>

#include "profiler/ProfilerPage.h"

#include "Engine.h"
#include "format/UnitFormatter.h"
#include "profiler/ComponentsModel.h"
#include "profiler/ComponentsSortModel.h"
#include "profiler/CpuProfileDialog.h"
#include "profiler/DatabaseTargetDialog.h"
#include "profiler/FlameGraphWidget.h"
#include "profiler/FleetTileDelegate.h"
#include "profiler/FleetTilesModel.h"
#include "profiler/ProfilerService.h"
#include "profiler/ProfilerVocabulary.h"
#include "profiler/RegressionsModel.h"
#include "profiler/StatementsModel.h"
#include "profiler/UseTableModel.h"
#include "query/QuerySource.h"
#include "settings/ConsoleSettings.h"
#include "shell/UnitAxisTicker.h"
#include "style/SeverityPalette.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTabWidget>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace opsdeck;
namespace vocab = opsdeck::models::profiler;

namespace {

constexpr int kLiveIntervalMs = 5000;
constexpr qint64 kChartRangeMs = 30 * 60'000;

QTableView* makeTable(QAbstractItemModel* model, const QString& name, QWidget* parent)
{
    auto* view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    view->setAlternatingRowColors(true);
    return view;
}

QCustomPlot* makePlot(const QString& name, models::UnitFormatter::Unit unit, QWidget* parent)
{
    auto* plot = new QCustomPlot(parent);
    plot->setObjectName(name);
    plot->setMinimumHeight(140);
    auto time = QSharedPointer<QCPAxisTickerDateTime>::create();
    time->setDateTimeFormat(QStringLiteral("HH:mm"));
    time->setDateTimeSpec(Qt::LocalTime);
    plot->xAxis->setTicker(time);
    auto ticker = QSharedPointer<UnitAxisTicker>::create();
    ticker->setFormatter(models::UnitFormatter(unit));
    plot->yAxis->setTicker(ticker);
    plot->legend->setVisible(false);
    const double now = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    plot->xAxis->setRange(now - double(kChartRangeMs) / 1000.0, now);
    plot->legend->setFont(plot->font());
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    const QColor text = plot->palette().windowText().color();
    plot->setBackground(plot->palette().base());
    for (QCPAxis* axis : { plot->xAxis, plot->yAxis }) {
        axis->setTickLabelColor(text);
        axis->setBasePen(QPen(text));
        axis->setTickPen(QPen(text));
        axis->setSubTickPen(QPen(text));
    }
    plot->legend->setTextColor(text);
    plot->legend->setBrush(plot->palette().base());
    return plot;
}

// A small palette that stays apart for colour-blind readers (Okabe-Ito).
QColor lineColour(int i)
{
    static const QColor colours[] = { QColor(0x00, 0x72, 0xb2), QColor(0xe6, 0x9f, 0x00), QColor(0x00, 0x9e, 0x73),
        QColor(0xcc, 0x79, 0xa7), QColor(0x56, 0xb4, 0xe9), QColor(0xd5, 0x5e, 0x00) };
    return colours[i % 6];
}

// The instance label of a host's series (the embedded collector's series carry the host name).
QString seriesInstance(const profiler::HostProfile& host)
{
    if (host.url.isEmpty() && !host.snapshot.host.isEmpty())
        return host.snapshot.host;
    return host.instance;
}

QString escaped(QString value)
{
    return value.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('"'), QStringLiteral("\\\""));
}

} // namespace

struct ProfilerPage::ChartData
{
    QString host;
    QList<QPair<QString, QList<metrics::Sample>>> psi; // percent
    QList<QPair<QString, QList<metrics::Sample>>> latency; // seconds
    QString error;
};

ProfilerPage::ProfilerPage(Engine* engine, ConsoleSettings* settings, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_settings(settings)
{
    setObjectName(QStringLiteral("profilerPage"));
    auto* layout = new QVBoxLayout(this);

    auto* top = new QHBoxLayout;
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("profilerVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_verdict->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setBold(true);
    m_verdict->setFont(big);
    m_verdict->setMargin(8);
    m_verdict->setAutoFillBackground(true);
    top->addWidget(m_verdict, 1);
    m_refresh = new QPushButton(tr("Refresh now"), this);
    m_refresh->setObjectName(QStringLiteral("profilerRefresh"));
    top->addWidget(m_refresh, 0, Qt::AlignTop);
    layout->addLayout(top);
    m_fleetLine = new QLabel(this);
    m_fleetLine->setObjectName(QStringLiteral("profilerFleetLine"));
    m_fleetLine->setWordWrap(true);
    layout->addWidget(m_fleetLine);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("profilerTabs"));
    m_tabs->addTab(buildFleetTab(), tr("Fleet"));
    m_tabs->addTab(buildHostTab(), tr("Host"));
    m_tabs->addTab(buildDatabasesTab(), tr("Databases"));
    m_tabs->addTab(buildBaselinesTab(), tr("Baselines"));
    layout->addWidget(m_tabs, 1);

    m_chartTimer = new QTimer(this);
    m_chartTimer->setInterval(15'000);
    connect(m_chartTimer, &QTimer::timeout, this, &ProfilerPage::refreshCharts);
    m_chartWatcher = new QFutureWatcher<ChartData>(this);
    connect(m_chartWatcher, &QFutureWatcherBase::finished, this, &ProfilerPage::applyCharts);

    setService(engine ? engine->profilerService() : nullptr);
}

void ProfilerPage::setService(profiler::ProfilerService* service)
{
    if (m_service)
        disconnect(m_service, nullptr, this, nullptr);
    disconnect(m_refresh, nullptr, nullptr, nullptr);
    m_service = service;
    m_refresh->setEnabled(m_service != nullptr);
    m_saveBaseline->setEnabled(m_service != nullptr);
    if (m_service) {
        connect(m_refresh, &QPushButton::clicked, m_service, &profiler::ProfilerService::refresh);
        connect(m_service, &profiler::ProfilerService::fleetUpdated, this, &ProfilerPage::showFleet);
        connect(m_service, &profiler::ProfilerService::databasesUpdated, this, &ProfilerPage::showDatabases);
        connect(m_service, &profiler::ProfilerService::regressionReady, this, &ProfilerPage::showRegressions);
        connect(m_service, &profiler::ProfilerService::baselinesChanged, this, &ProfilerPage::showBaselines);
        connect(m_service, &profiler::ProfilerService::cpuProfileFinished, this, &ProfilerPage::showCpuProfile);
        connect(m_service, &profiler::ProfilerService::cpuProfileProgress, this, [this](int job, double fraction) {
            if (job == m_profileJob)
                m_profileProgress->setValue(int(fraction * 100));
        });
        m_service->listBaselines();
        if (isVisible()) {
            m_service->setLiveInterval(kLiveIntervalMs);
            m_service->refresh();
        }
        showFleet(m_service->lastFleet());
    }
    updateVerdict();
    reloadDatabaseList();
}

ProfilerPage::~ProfilerPage()
{
    if (m_service)
        m_service->setLiveInterval(0);
    m_chartWatcher->waitForFinished();
}

QWidget* ProfilerPage::buildFleetTab()
{
    auto* tab = new QWidget(this);
    auto* layout = new QVBoxLayout(tab);
    m_tilesModel = new models::FleetTilesModel(this);
    m_tiles = new QListView(tab);
    m_tiles->setObjectName(QStringLiteral("profilerTiles"));
    m_tiles->setModel(m_tilesModel);
    m_tiles->setItemDelegate(new FleetTileDelegate(m_tiles));
    m_tiles->setViewMode(QListView::IconMode);
    m_tiles->setFlow(QListView::LeftToRight);
    m_tiles->setWrapping(true);
    m_tiles->setResizeMode(QListView::Adjust);
    m_tiles->setMovement(QListView::Static);
    m_tiles->setUniformItemSizes(true);
    m_tiles->setGridSize(FleetTileDelegate::tileSize());
    m_tiles->setMouseTracking(true);
    m_tiles->setSelectionMode(QAbstractItemView::SingleSelection);
    connect(m_tiles, &QListView::clicked, this, [this](const QModelIndex& index) {
        showHost(index.data(models::FleetTilesModel::InstanceRole).toString());
    });
    connect(m_tiles, &QListView::activated, this, [this](const QModelIndex& index) {
        showHost(index.data(models::FleetTilesModel::InstanceRole).toString());
    });
    m_fleetEmpty = new QLabel(tab);
    m_fleetEmpty->setObjectName(QStringLiteral("profilerFleetEmpty"));
    m_fleetEmpty->setWordWrap(true);
    m_fleetEmpty->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_fleetEmpty);
    layout->addWidget(m_tiles, 1);
    auto* hint = new QLabel(tr("Click a host for its USE table, components, charts and CPU profile. "
                               "Hosts are sorted worst first; hosts that did not answer are listed last."),
        tab);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    return tab;
}

QWidget* ProfilerPage::buildHostTab()
{
    auto* tab = new QWidget(this);
    auto* layout = new QVBoxLayout(tab);
    m_hostTitle = new QLabel(tr("No host selected: click a tile on the Fleet tab."), tab);
    m_hostTitle->setObjectName(QStringLiteral("profilerHostTitle"));
    QFont bold = m_hostTitle->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_hostTitle->setFont(bold);
    layout->addWidget(m_hostTitle);
    m_hostSentence = new QLabel(tab);
    m_hostSentence->setObjectName(QStringLiteral("profilerHostSentence"));
    m_hostSentence->setWordWrap(true);
    layout->addWidget(m_hostSentence);

    auto* vertical = new QSplitter(Qt::Vertical, tab);
    auto* upper = new QSplitter(Qt::Horizontal, vertical);
    m_useModel = new models::UseTableModel(this);
    m_useTable = makeTable(m_useModel, QStringLiteral("profilerUseTable"), upper);
    m_useTable->horizontalHeader()->resizeSection(models::UseTableModel::ResourceColumn, 130);
    m_useTable->horizontalHeader()->resizeSection(models::UseTableModel::StatusColumn, 70);
    m_useTable->horizontalHeader()->resizeSection(models::UseTableModel::UtilisationColumn, 300);
    m_useTable->horizontalHeader()->resizeSection(models::UseTableModel::SaturationColumn, 300);
    auto* charts = new QWidget(upper);
    auto* chartLayout = new QVBoxLayout(charts);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    m_psiTitle = new QLabel(tr("Pressure stall (PSI some, share of time waiting)"), charts);
    m_psiTitle->setWordWrap(true); // a long "no series" line must not widen the charts
    chartLayout->addWidget(m_psiTitle);
    m_psiPlot = makePlot(QStringLiteral("profilerPsiPlot"), models::UnitFormatter::Unit::Percent, charts);
    chartLayout->addWidget(m_psiPlot, 1);
    m_latencyTitle = new QLabel(tr("Probe latency by phase"), charts);
    m_latencyTitle->setWordWrap(true);
    chartLayout->addWidget(m_latencyTitle);
    m_latencyPlot = makePlot(QStringLiteral("profilerLatencyPlot"), models::UnitFormatter::Unit::Seconds, charts);
    chartLayout->addWidget(m_latencyPlot, 1);
    upper->setStretchFactor(0, 3);
    upper->setStretchFactor(1, 1);
    upper->setSizes({ 1000, 380 }); // the USE table's four figures need the width more than the charts

    auto* lower = new QSplitter(Qt::Horizontal, vertical);
    auto* componentsBox = new QWidget(lower);
    auto* componentsLayout = new QVBoxLayout(componentsBox);
    componentsLayout->setContentsMargins(0, 0, 0, 0);
    auto* componentsBar = new QHBoxLayout;
    m_componentsFilter = new QLineEdit(componentsBox);
    m_componentsFilter->setObjectName(QStringLiteral("profilerComponentsFilter"));
    m_componentsFilter->setPlaceholderText(tr("Filter components"));
    m_componentsFilter->setClearButtonEnabled(true);
    componentsBar->addWidget(m_componentsFilter, 1);
    m_profileButton = new QPushButton(tr("CPU profile…"), componentsBox);
    m_profileButton->setObjectName(QStringLiteral("cpuProfileButton"));
    m_profileButton->setToolTip(tr("Sample the selected component's top process (or the whole host) on-CPU"));
    componentsBar->addWidget(m_profileButton);
    m_profileProgress = new QProgressBar(componentsBox);
    m_profileProgress->setObjectName(QStringLiteral("cpuProfileProgress"));
    m_profileProgress->setRange(0, 100);
    m_profileProgress->setVisible(false);
    componentsBar->addWidget(m_profileProgress);
    m_profileCancel = new QPushButton(tr("Cancel"), componentsBox);
    m_profileCancel->setObjectName(QStringLiteral("cpuProfileCancel"));
    m_profileCancel->setVisible(false);
    componentsBar->addWidget(m_profileCancel);
    componentsLayout->addLayout(componentsBar);
    m_componentsModel = new models::ComponentsModel(this);
    m_componentsProxy = new models::ComponentsSortModel(this);
    m_componentsProxy->setSourceModel(m_componentsModel);
    m_componentsTable = makeTable(m_componentsProxy, QStringLiteral("profilerComponentsTable"), componentsBox);
    m_componentsTable->setSortingEnabled(true);
    m_componentsTable->sortByColumn(models::ComponentsModel::CpuColumn, Qt::DescendingOrder);
    m_componentsTable->horizontalHeader()->resizeSection(models::ComponentsModel::NameColumn, 200);
    componentsLayout->addWidget(m_componentsTable, 1);
    connect(m_componentsFilter, &QLineEdit::textChanged, m_componentsProxy,
        &QSortFilterProxyModel::setFilterFixedString);
    connect(m_profileButton, &QPushButton::clicked, this, &ProfilerPage::startCpuProfile);
    connect(m_profileCancel, &QPushButton::clicked, this, &ProfilerPage::cancelCpuProfile);

    auto* flameBox = new QWidget(lower);
    auto* flameLayout = new QVBoxLayout(flameBox);
    flameLayout->setContentsMargins(0, 0, 0, 0);
    auto* flameBar = new QHBoxLayout;
    m_profileState = new QLabel(
        tr("Flame graph: root frames at the bottom, callees above; click a frame to zoom."), flameBox);
    m_profileState->setObjectName(QStringLiteral("cpuProfileState"));
    m_profileState->setWordWrap(true);
    flameLayout->addWidget(m_profileState);
    m_flameSearch = new QLineEdit(flameBox);
    m_flameSearch->setObjectName(QStringLiteral("flameSearch"));
    m_flameSearch->setPlaceholderText(tr("Search frames"));
    m_flameSearch->setClearButtonEnabled(true);
    m_flameSearch->setMaximumWidth(220);
    flameBar->addWidget(m_flameSearch);
    m_flameMatched = new QLabel(flameBox);
    m_flameMatched->setObjectName(QStringLiteral("flameMatched"));
    flameBar->addWidget(m_flameMatched, 1);
    m_flameReset = new QPushButton(tr("Reset zoom"), flameBox);
    m_flameReset->setObjectName(QStringLiteral("flameResetZoom"));
    m_flameReset->setEnabled(false);
    flameBar->addWidget(m_flameReset);
    flameLayout->addLayout(flameBar);
    // No scroll area: the root rows stay in view at the bottom; leaf rows above the top are cut.
    m_flame = new FlameGraphWidget(flameBox);
    flameLayout->addWidget(m_flame, 1);
    connect(m_flameSearch, &QLineEdit::textChanged, m_flame, &FlameGraphWidget::setSearch);
    connect(m_flameReset, &QPushButton::clicked, m_flame, &FlameGraphWidget::resetZoom);
    connect(
        m_flame, &FlameGraphWidget::zoomChanged, this, [this](int node) { m_flameReset->setEnabled(node > 0); });
    connect(m_flame, &FlameGraphWidget::searchMatched, this, [this](double fraction) {
        m_flameMatched->setText(m_flameSearch->text().trimmed().isEmpty()
                ? QString()
                : tr("matched: %1 of samples").arg(vocab::percent(fraction * 100.0)));
    });
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 2);
    lower->setSizes({ 820, 560 });
    vertical->setStretchFactor(0, 1);
    vertical->setStretchFactor(1, 1);
    layout->addWidget(vertical, 1);
    return tab;
}

QWidget* ProfilerPage::buildDatabasesTab()
{
    auto* tab = new QWidget(this);
    auto* layout = new QHBoxLayout(tab);
    auto* side = new QVBoxLayout;
    m_databaseList = new QListWidget(tab);
    m_databaseList->setObjectName(QStringLiteral("profilerDatabaseList"));
    m_databaseList->setMaximumWidth(260);
    side->addWidget(m_databaseList, 1);
    auto* buttons = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add database…"), tab);
    add->setObjectName(QStringLiteral("profilerAddDatabase"));
    auto* remove = new QPushButton(tr("Remove"), tab);
    remove->setObjectName(QStringLiteral("profilerRemoveDatabase"));
    auto* refresh = new QPushButton(tr("Analyse now"), tab);
    refresh->setObjectName(QStringLiteral("profilerAnalyseDatabases"));
    buttons->addWidget(add);
    buttons->addWidget(remove);
    side->addLayout(buttons);
    side->addWidget(refresh);
    layout->addLayout(side);
    connect(add, &QPushButton::clicked, this, &ProfilerPage::addDatabase);
    connect(remove, &QPushButton::clicked, this, &ProfilerPage::removeDatabase);
    connect(refresh, &QPushButton::clicked, this, [this] {
        if (m_service)
            m_service->refreshDatabases();
    });
    connect(m_databaseList, &QListWidget::currentRowChanged, this, &ProfilerPage::showDatabaseReport);

    auto* right = new QVBoxLayout;
    m_databaseState = new QLabel(tab);
    m_databaseState->setObjectName(QStringLiteral("profilerDatabaseState"));
    m_databaseState->setWordWrap(true);
    right->addWidget(m_databaseState);
    m_databaseStack = new QStackedWidget(tab);
    auto* statements = new QSplitter(Qt::Vertical, m_databaseStack);
    m_byTotal = new models::StatementsModel(this);
    m_byMean = new models::StatementsModel(this);
    auto* totalBox = new QWidget(statements);
    auto* totalLayout = new QVBoxLayout(totalBox);
    totalLayout->setContentsMargins(0, 0, 0, 0);
    totalLayout->addWidget(new QLabel(tr("Top statements by total time"), totalBox));
    auto* totalTable = makeTable(m_byTotal, QStringLiteral("profilerStatementsByTotal"), totalBox);
    totalTable->horizontalHeader()->resizeSection(models::StatementsModel::QueryColumn, 420);
    totalLayout->addWidget(totalTable);
    auto* meanBox = new QWidget(statements);
    auto* meanLayout = new QVBoxLayout(meanBox);
    meanLayout->setContentsMargins(0, 0, 0, 0);
    meanLayout->addWidget(new QLabel(tr("Top statements by mean time"), meanBox));
    auto* meanTable = makeTable(m_byMean, QStringLiteral("profilerStatementsByMean"), meanBox);
    meanTable->horizontalHeader()->resizeSection(models::StatementsModel::QueryColumn, 420);
    meanLayout->addWidget(meanTable);
    m_databaseDetail = new QTextBrowser(statements);
    m_databaseDetail->setObjectName(QStringLiteral("profilerDatabaseDetail"));
    m_databaseStack->addWidget(statements);
    right->addWidget(m_databaseStack, 1);
    layout->addLayout(right, 1);
    return tab;
}

QWidget* ProfilerPage::buildBaselinesTab()
{
    auto* tab = new QWidget(this);
    auto* layout = new QVBoxLayout(tab);
    auto* bar = new QHBoxLayout;
    auto* save = new QPushButton(tr("Save baseline…"), tab);
    save->setObjectName(QStringLiteral("profilerSaveBaseline"));
    bar->addWidget(save);
    m_compare = new QToolButton(tab);
    m_compare->setObjectName(QStringLiteral("profilerCompare"));
    m_compare->setText(tr("Compare with"));
    m_compare->setPopupMode(QToolButton::InstantPopup);
    m_compare->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_compare->setMenu(new QMenu(m_compare));
    m_compare->setEnabled(false);
    bar->addWidget(m_compare);
    bar->addStretch(1);
    layout->addLayout(bar);
    m_regressionState = new QLabel(
        tr("A baseline is the fleet's current snapshots plus the week's history. Save one before a change, "
           "compare after it."),
        tab);
    m_regressionState->setObjectName(QStringLiteral("profilerRegressionState"));
    m_regressionState->setWordWrap(true);
    layout->addWidget(m_regressionState);
    m_regressions = new models::RegressionsModel(this);
    auto* table = makeTable(m_regressions, QStringLiteral("profilerRegressions"), tab);
    layout->addWidget(table, 1);
    connect(save, &QPushButton::clicked, this, &ProfilerPage::saveBaseline);
    m_saveBaseline = save;
    return tab;
}

void ProfilerPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_service) {
        m_service->setLiveInterval(kLiveIntervalMs);
        m_service->refresh();
        if (!m_settings || !m_settings->profilerDatabases().isEmpty() || !m_service->databaseTargets().isEmpty())
            m_service->refreshDatabases();
    }
    if (!m_host.isEmpty()) {
        m_chartTimer->start();
        refreshCharts();
    }
}

void ProfilerPage::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    if (m_service)
        m_service->setLiveInterval(0);
    m_chartTimer->stop();
}

void ProfilerPage::showFleet(const profiler::FleetSnapshot& fleet)
{
    m_fleet = fleet;
    m_tilesModel->setFleet(fleet);
    updateVerdict();
    if (!m_host.isEmpty())
        updateHostView();
}

void ProfilerPage::updateVerdict()
{
    QPalette palette = m_verdict->palette();
    if (!m_service) {
        m_verdict->setText(tr("The profiler is not running in this engine."));
        m_fleetLine->clear();
        m_fleetEmpty->setText(tr("No profiler: start OpsDeck with its engine to see the fleet."));
        m_fleetEmpty->setVisible(true);
        return;
    }
    if (m_fleet.takenAtMs == 0) {
        m_verdict->setText(tr("Taking the first fleet snapshot…"));
        m_fleetLine->clear();
        m_fleetEmpty->setText(tr("Asking every agent and this machine for a snapshot…"));
        m_fleetEmpty->setVisible(true);
        palette.setColor(QPalette::Window, palette.color(QPalette::Base));
        palette.setColor(QPalette::WindowText, palette.color(QPalette::Text));
        m_verdict->setPalette(palette);
        return;
    }
    m_fleetEmpty->setVisible(m_fleet.hosts.isEmpty());
    m_fleetEmpty->setText(
        tr("No hosts answered and this machine is not profiled. Add an agent on the Agents page."));
    int reachable = 0;
    QStringList missing;
    for (const auto& host : m_fleet.hosts) {
        if (host.reachable)
            ++reachable;
        else
            missing << tr("%1 (%2)").arg(host.instance, host.error);
    }
    profiler::Severity severity = profiler::Severity::Ok;
    if (!m_fleet.bottlenecks.isEmpty()) {
        const auto& worst = m_fleet.bottlenecks.first();
        severity = worst.severity;
        m_verdict->setText(tr("%1: %2").arg(vocab::severityWord(worst.severity).toUpper(), worst.sentence));
        m_verdict->setToolTip(worst.evidence.join(QLatin1Char('\n')));
    } else {
        QString only;
        for (const auto& host : m_fleet.hosts) {
            if (host.reachable)
                only = host.instance;
        }
        if (reachable == 0)
            m_verdict->setText(tr("No host answered: the fleet cannot be judged."));
        else if (reachable == 1)
            m_verdict->setText(tr("No bottleneck: %1 is ok").arg(only));
        else
            m_verdict->setText(tr("No bottleneck: all %1 hosts ok").arg(reachable));
        m_verdict->setToolTip({});
    }
    const QColor fill = SeverityPalette::color(vocab::toneOf(severity));
    palette.setColor(QPalette::Window, fill);
    palette.setColor(QPalette::WindowText, fill.lightnessF() > 0.55 ? QColor(Qt::black) : QColor(Qt::white));
    m_verdict->setPalette(palette);

    const QString taken
        = QLocale().toString(QDateTime::fromMSecsSinceEpoch(m_fleet.takenAtMs).time(), QLocale::LongFormat);
    QString line = tr("Fleet snapshot at %1, took %2 · %n host(s) answered", nullptr, reachable)
                       .arg(taken, vocab::milliseconds(double(m_fleet.elapsedMs)));
    if (!missing.isEmpty())
        line += tr(" · missing: %1").arg(missing.join(QStringLiteral(", ")));
    if (m_fleet.bottlenecks.size() > 1)
        line += tr(" · %n more bottleneck(s)", nullptr, int(m_fleet.bottlenecks.size() - 1));
    m_fleetLine->setText(line);
}

void ProfilerPage::showHost(const QString& instance)
{
    const bool changed = instance != m_host;
    m_host = instance;
    updateHostView();
    m_tabs->setCurrentIndex(1);
    if (changed) {
        m_psiPlot->clearGraphs();
        m_latencyPlot->clearGraphs();
        m_psiPlot->replot();
        m_latencyPlot->replot();
    }
    m_chartTimer->start();
    refreshCharts();
}

void ProfilerPage::updateHostView()
{
    const profiler::HostProfile* host = nullptr;
    for (const auto& h : m_fleet.hosts) {
        if (h.instance == m_host)
            host = &h;
    }
    if (!host) {
        m_hostTitle->setText(tr("%1 is not in the last fleet snapshot.").arg(m_host));
        m_hostSentence->clear();
        m_useModel->clear();
        m_componentsModel->setComponents({});
        m_profileButton->setEnabled(false);
        return;
    }
    if (!host->reachable) {
        m_hostTitle->setText(tr("%1 — missing").arg(host->instance));
        m_hostSentence->setText(host->error);
        m_useModel->clear();
        m_componentsModel->setComponents({});
        m_profileButton->setEnabled(false);
        return;
    }
    const QString kernel
        = host->snapshot.kernel.isEmpty() ? QString() : tr(", kernel %1").arg(host->snapshot.kernel);
    m_hostTitle->setText(tr("%1 — %2 (%3 CPUs%4)")
                             .arg(host->instance, vocab::severityWord(host->worst).toUpper(),
                                 QString::number(host->snapshot.cpu.cpus), kernel));
    QStringList sentences;
    for (const auto& b : m_fleet.bottlenecks) {
        if (b.host == host->instance)
            sentences << tr("%1: %2").arg(vocab::severityWord(b.severity), b.sentence);
    }
    if (sentences.isEmpty())
        sentences << tr("No bottleneck on this host.");
    if (!host->snapshot.notes.isEmpty())
        sentences << tr("Notes: %1").arg(host->snapshot.notes.join(QStringLiteral("; ")));
    m_hostSentence->setText(sentences.join(QLatin1Char('\n')));
    m_useModel->setHost(*host, m_fleet.bottlenecks);
    m_componentsModel->setComponents(host->snapshot.components);
    m_profileButton->setEnabled(m_profileJob == 0 && m_service);
}

void ProfilerPage::refreshCharts()
{
    if (!m_engine || m_host.isEmpty() || m_chartWatcher->isRunning())
        return;
    std::shared_ptr<const query::QuerySource> source = m_engine->querySource(QString());
    if (!source)
        return;
    QString instance = m_host;
    for (const auto& h : m_fleet.hosts) {
        if (h.instance == m_host)
            instance = seriesInstance(h);
    }
    const QString host = m_host;
    m_chartWatcher->setFuture(QtConcurrent::run([source, host, instance]() {
        ChartData data;
        data.host = host;
        const qint64 end = QDateTime::currentMSecsSinceEpoch();
        const qint64 start = end - kChartRangeMs;
        const qint64 step = 15'000;
        const QString label = escaped(instance);
        const std::pair<const char*, QString> resources[] = {
            { "cpu", QCoreApplication::translate("Profiler", "CPU") },
            { "memory", QCoreApplication::translate("Profiler", "memory") },
            { "io", QCoreApplication::translate("Profiler", "I/O") },
        };
        for (const auto& [resource, name] : resources) {
            const QString expr
                = QStringLiteral("100 * rate(node_pressure_%1_waiting_seconds_total{instance=\"%2\"}[1m])")
                      .arg(QLatin1StringView(resource), label);
            const query::QueryResult result = source->range(expr, start, end, step);
            if (!result.ok) {
                data.error = result.error;
                continue;
            }
            for (const auto& series : result.series)
                data.psi.append({ name, series.points });
        }
        const QString latency
            = QStringLiteral("sum by (phase) (opsdeck_probe_duration_seconds{instance=\"%1\"})").arg(label);
        const query::QueryResult result = source->range(latency, start, end, step);
        if (result.ok) {
            for (const auto& series : result.series) {
                const QByteArray phase = series.labels.value("phase");
                data.latency.append({ phase.isEmpty() ? QCoreApplication::translate("Profiler", "probe")
                                                      : QString::fromUtf8(phase),
                    series.points });
            }
        }
        return data;
    }));
}

void ProfilerPage::applyCharts()
{
    const ChartData data = m_chartWatcher->result();
    if (data.host != m_host)
        return;
    const auto fill = [](QCustomPlot* plot, const QList<QPair<QString, QList<metrics::Sample>>>& lines) {
        plot->clearGraphs();
        double top = 0;
        int i = 0;
        for (const auto& [name, points] : lines) {
            auto* graph = plot->addGraph();
            graph->setName(name);
            graph->setPen(QPen(lineColour(i++), 1));
            QVector<double> x;
            QVector<double> y;
            for (const auto& p : points) {
                x << double(p.timestampMs) / 1000.0;
                y << p.value;
                top = std::max(top, p.value);
            }
            graph->setData(x, y, true);
        }
        const double now = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
        plot->xAxis->setRange(now - double(kChartRangeMs) / 1000.0, now);
        plot->yAxis->setRange(0, top > 0 ? top * 1.15 : 1);
        plot->legend->setVisible(!lines.isEmpty()); // no empty legend box
        plot->replot();
        return !lines.isEmpty();
    };
    const bool psi = fill(m_psiPlot, data.psi);
    double cpuNow = 0;
    if (!data.psi.isEmpty() && !data.psi.first().second.isEmpty())
        cpuNow = data.psi.first().second.last().value;
    m_psiTitle->setText(psi
            ? tr("Pressure stall (PSI some): CPU now %1").arg(vocab::percent(cpuNow))
            : tr("Pressure stall: no PSI series for this host yet (needs Linux 4.20+ and a few scrapes)"));
    const bool latency = fill(m_latencyPlot, data.latency);
    m_latencyTitle->setText(latency ? tr("Probe latency by phase (engine to host)")
                                    : tr("Probe latency: no probe series for this host (the local machine is not "
                                         "probed; agents are, every probe interval)"));
}

void ProfilerPage::startCpuProfile()
{
    if (!m_service || m_host.isEmpty() || m_profileJob != 0)
        return;
    qint64 selected = 0;
    const QModelIndex current = m_componentsTable->currentIndex();
    if (current.isValid())
        selected = current.data(models::ComponentsModel::PidRole).toLongLong();
    CpuProfileDialog dialog(m_host, m_componentsModel->components(), selected, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_profileJob = m_service->startCpuProfile(m_host, dialog.pid(), dialog.seconds());
    if (m_profileJob <= 0) {
        m_profileJob = 0;
        m_profileState->setText(tr("The CPU profile could not be started."));
        return;
    }
    m_profileProgress->setValue(0);
    m_profileProgress->setVisible(true);
    m_profileCancel->setVisible(true);
    m_profileButton->setEnabled(false);
    m_profileState->setText(dialog.pid() > 0
            ? tr("Profiling pid %1 on %2 for %n s…", nullptr, dialog.seconds())
                  .arg(QString::number(dialog.pid()), m_host)
            : tr("Profiling the whole of %1 for %n s…", nullptr, dialog.seconds()).arg(m_host));
}

void ProfilerPage::cancelCpuProfile()
{
    if (m_service && m_profileJob > 0)
        m_service->cancelCpuProfile(m_profileJob);
}

void ProfilerPage::showCpuProfile(int job, const collect::CpuProfile& profile, const QString& error)
{
    if (job != m_profileJob)
        return;
    m_profileJob = 0;
    m_profileProgress->setVisible(false);
    m_profileCancel->setVisible(false);
    m_profileButton->setEnabled(!m_host.isEmpty());
    if (!error.isEmpty()) {
        m_profileState->setText(tr("No CPU profile: %1").arg(error));
        return;
    }
    m_flame->setFolded(profile.folded);
    const QString what = profile.pid > 0 ? tr("pid %1").arg(profile.pid) : tr("whole host");
    QString text
        = tr("%1: %2 samples in %3 at %4 Hz (%5)")
              .arg(what, QLocale().toString(profile.samples), vocab::milliseconds(profile.seconds * 1000.0),
                  QString::number(profile.frequencyHz), profile.event);
    if (profile.lostSamples > 0)
        text += tr(", %1 lost").arg(QLocale().toString(profile.lostSamples));
    if (profile.truncated)
        text += tr(", stopped at the memory bound");
    m_profileState->setText(text);
}

void ProfilerPage::reloadDatabaseList()
{
    const int row = m_databaseList->currentRow();
    m_databaseList->clear();
    QStringList names;
    if (m_settings) {
        for (const auto& d : m_settings->profilerDatabases()) {
            names << d.name;
            m_databaseList->addItem(
                tr("%1 (%2)").arg(d.name, d.type == u"redis" ? tr("Redis") : tr("PostgreSQL")));
            m_databaseList->item(m_databaseList->count() - 1)->setData(Qt::UserRole, d.name);
        }
    }
    // Targets the engine has from its config file but the settings do not list.
    if (m_service) {
        for (const QString& name : m_service->databaseTargets()) {
            if (names.contains(name))
                continue;
            m_databaseList->addItem(tr("%1 (from the config file)").arg(name));
            m_databaseList->item(m_databaseList->count() - 1)->setData(Qt::UserRole, name);
        }
    }
    if (m_databaseList->count() == 0) {
        m_databaseStack->setVisible(false);
        m_databaseState->setText(
            tr("No database targets — Add database… to see PostgreSQL's top statements, waits and "
               "hit ratio, or Redis' slow log and latency."));
        return;
    }
    m_databaseStack->setVisible(true);
    m_databaseList->setCurrentRow(std::clamp(row, 0, m_databaseList->count() - 1));
    showDatabaseReport();
}

void ProfilerPage::addDatabase()
{
    if (!m_settings)
        return;
    QStringList names;
    auto list = m_settings->profilerDatabases();
    for (const auto& d : list)
        names << d.name;
    DatabaseTargetDialog dialog(names, this);
    if (dialog.exec() != QDialog::Accepted || !dialog.problem().isEmpty())
        return;
    list.append(dialog.target());
    m_settings->setProfilerDatabases(list);
    reloadDatabaseList();
}

void ProfilerPage::removeDatabase()
{
    if (!m_settings || !m_databaseList->currentItem())
        return;
    const QString name = m_databaseList->currentItem()->data(Qt::UserRole).toString();
    auto list = m_settings->profilerDatabases();
    list.removeIf([&](const auto& d) { return d.name == name; });
    m_settings->setProfilerDatabases(list);
    reloadDatabaseList();
}

void ProfilerPage::showDatabases(
    const QList<profiler::PostgresReport>& postgres, const QList<profiler::RedisLatencyReport>& redis)
{
    m_postgres = postgres;
    m_redis = redis;
    showDatabaseReport();
}

void ProfilerPage::showDatabaseReport()
{
    if (!m_databaseList->currentItem())
        return;
    const QString name = m_databaseList->currentItem()->data(Qt::UserRole).toString();
    const bool known = m_service && m_service->databaseTargets().contains(name);
    QString html;
    const auto list = [](const QStringList& items) {
        QString out;
        for (const QString& item : items)
            out += QStringLiteral("<li>%1</li>").arg(item.toHtmlEscaped());
        return out.isEmpty() ? out : QStringLiteral("<ul>%1</ul>").arg(out);
    };
    for (const auto& r : std::as_const(m_postgres)) {
        if (r.target != name)
            continue;
        m_byTotal->setStatements(r.byTotalTime);
        m_byMean->setStatements(r.byMeanTime);
        if (!r.ok) {
            m_databaseState->setText(tr("%1: not analysed — %2").arg(name, r.error));
        } else {
            m_databaseState->setText(
                tr("%1: hit ratio %2 · %n deadlock(s) since the statistics were reset", nullptr, int(r.deadlocks))
                    .arg(name, r.hitRatio ? vocab::percent(*r.hitRatio * 100.0) : tr("unknown")));
        }
        QStringList waiting;
        for (const auto& a : r.waiting)
            waiting << tr("pid %1 %2, waiting on %3/%4 for %5: %6")
                           .arg(QString::number(a.pid), a.state, a.waitEventType, a.waitEvent,
                               vocab::milliseconds(a.transactionSeconds * 1000.0), a.query.simplified().left(160));
        QStringList longOnes;
        for (const auto& a : r.longTransactions)
            longOnes << tr("pid %1 %2, open %3: %4")
                            .arg(QString::number(a.pid), a.state,
                                vocab::milliseconds(a.transactionSeconds * 1000.0),
                                a.query.simplified().left(160));
        html += QStringLiteral("<h4>%1</h4>").arg(tr("Waiting sessions").toHtmlEscaped())
            + (waiting.isEmpty() ? tr("None.").toHtmlEscaped() : list(waiting));
        html += QStringLiteral("<h4>%1</h4>").arg(tr("Long transactions").toHtmlEscaped())
            + (longOnes.isEmpty() ? tr("None.").toHtmlEscaped() : list(longOnes));
        if (!r.notes.isEmpty())
            html += QStringLiteral("<h4>%1</h4>").arg(tr("Notes").toHtmlEscaped()) + list(r.notes);
        m_databaseDetail->setHtml(html);
        return;
    }
    for (const auto& r : std::as_const(m_redis)) {
        if (r.target != name)
            continue;
        m_byTotal->setStatements({});
        m_byMean->setStatements({});
        m_databaseState->setText(r.ok
                ? tr("%1 (Redis): %n slow log entrie(s)", nullptr, int(r.slowlog.size())).arg(name)
                : tr("%1 (Redis): not analysed — %2").arg(name, r.error));
        QStringList slow;
        for (const auto& e : r.slowlog)
            slow << tr("%1 took %2: %3")
                        .arg(QLocale().toString(QDateTime::fromSecsSinceEpoch(e.timestampS), QLocale::ShortFormat),
                            vocab::milliseconds(double(e.durationUs) / 1000.0), e.command.left(160));
        QStringList events;
        for (const auto& [event, figures] : r.latencyEvents)
            events << tr("%1: latest %2, max %3")
                          .arg(event, vocab::milliseconds(figures.first), vocab::milliseconds(figures.second));
        html += QStringLiteral("<h4>%1</h4>").arg(tr("Slow log").toHtmlEscaped())
            + (slow.isEmpty() ? tr("Empty.").toHtmlEscaped() : list(slow));
        html += QStringLiteral("<h4>%1</h4>").arg(tr("Latency events").toHtmlEscaped())
            + (events.isEmpty() ? tr("None recorded (latency-monitor-threshold may be 0).").toHtmlEscaped()
                                : list(events));
        if (!r.notes.isEmpty())
            html += QStringLiteral("<h4>%1</h4>").arg(tr("Notes").toHtmlEscaped()) + list(r.notes);
        m_databaseDetail->setHtml(html);
        return;
    }
    m_byTotal->setStatements({});
    m_byMean->setStatements({});
    m_databaseDetail->clear();
    m_databaseState->setText(known ? tr("%1: analysing…").arg(name)
                                   : tr("%1: saved; the engine analyses it after OpsDeck starts next.").arg(name));
}

void ProfilerPage::saveBaseline()
{
    if (!m_service)
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save baseline"), tr("Name (e.g. before-update-2026-12)"),
        QLineEdit::Normal, QDate::currentDate().toString(Qt::ISODate), &ok)
                             .trimmed();
    if (!ok || name.isEmpty())
        return;
    m_service->saveBaseline(name);
    m_regressionState->setText(tr("Saving baseline %1…").arg(name));
    m_regressionState->setProperty("saving", true);
}

void ProfilerPage::showBaselines(const QStringList& names)
{
    QMenu* menu = m_compare->menu();
    menu->clear();
    for (const QString& name : names) {
        QAction* action = menu->addAction(name);
        connect(action, &QAction::triggered, this, [this, name] {
            if (!m_service)
                return;
            m_service->compareWith(name);
            m_regressionState->setText(tr("Comparing with %1…").arg(name));
        });
    }
    m_compare->setEnabled(!names.isEmpty());
    const bool saving = m_regressionState->property("saving").toBool();
    m_regressionState->setProperty("saving", false);
    if (names.isEmpty())
        m_regressionState->setText(tr("No baselines yet — Save baseline… before a change, compare after it."));
    else if (saving)
        m_regressionState->setText(
            tr("%n baseline(s) saved. Compare with one of them.", nullptr, int(names.size())));
}

void ProfilerPage::showRegressions(const profiler::RegressionReport& report)
{
    m_regressions->setReport(report);
    QString text;
    if (report.worse.isEmpty()) {
        text = tr("Compared with %1: Nothing got worse beyond normal variation.").arg(report.baseline);
    } else {
        QStringList tests;
        for (const auto& f : report.worse) {
            if (!tests.contains(f.test))
                tests << f.test;
        }
        text = tr("Compared with %1: %n finding(s) got worse (%2).", nullptr, int(report.worse.size()))
                   .arg(report.baseline, tests.join(QStringLiteral(", ")));
    }
    if (!report.notes.isEmpty())
        text += QLatin1Char(' ') + report.notes.join(QStringLiteral("; "));
    m_regressionState->setText(text);
}
