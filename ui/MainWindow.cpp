#include "MainWindow.h"

#include "agents/AgentsPage.h"
#include "alerts/AlertInboxModel.h"
#include "alerts/AlertingConfigFile.h"
#include "alerts/AlertService.h"
#include "alerts/AlertsPage.h"
#include "cache/CachePage.h"
#include "capacity/CapacityPage.h"
#include "dashboard/DashboardPage.h"
#include "Engine.h"
#include "metrics/SeriesStore.h"
#include "profiler/ProfilerPage.h"
#include "query/DataSourceRegistry.h"
#include "remotewrite/RemoteWriteService.h"
#include "scrape/TargetStatusModel.h"
#include "settings/ConsoleSettings.h"
#include "shell/PlaceholderPage.h"
#include "shell/SettingsPage.h"
#include "shell/Theme.h"
#include "shell/TrayIndicator.h"
#include "storage/Database.h"

#include <functional>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QScreen>
#include <QShortcut>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using opsdeck::models::TargetStatusModel;

namespace {

QIcon pageIcon(const QString& name)
{
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(name));
}

} // namespace

MainWindow::MainWindow(opsdeck::Engine* engine, ConsoleSettings* settings, QWidget* parent)
    : QMainWindow(parent)
    , m_engine(engine)
    , m_ownedSettings(settings ? nullptr : std::make_unique<ConsoleSettings>())
    , m_settings(settings ? settings : m_ownedSettings.get())
    , m_targets(new TargetStatusModel(this))
{
    setWindowTitle(tr("OpsDeck"));
    setWindowIcon(pageIcon(QStringLiteral("org.opsdeck.OpsDeck")));
    setMinimumSize(800, 560);
    // First launch: fill most of the screen, up to 1400×900; later launches restore the saved geometry.
    const QSize available = screen() ? screen()->availableSize() : QSize(1400, 900);
    resize(std::min(1400, available.width() * 19 / 20), std::min(900, available.height() * 19 / 20));
    m_targets->setScrapeManager(m_engine->scrapeManager());

    auto* central = new QWidget(this);
    auto* outer = new QVBoxLayout(central);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    outer->addWidget(buildTopBar());

    auto* body = new QHBoxLayout;
    body->setContentsMargins(0, 0, 0, 0);
    body->setSpacing(0);
    m_rail = new QListWidget(central);
    m_rail->setObjectName(QStringLiteral("navigation"));
    m_rail->setIconSize(QSize(20, 20));
    m_rail->setFrameShape(QFrame::NoFrame);
    m_rail->setSpacing(2);
    m_rail->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_rail->setAccessibleName(tr("Pages"));
    m_stack = new QStackedWidget(central);
    m_stack->setObjectName(QStringLiteral("pages"));
    body->addWidget(m_rail);
    body->addWidget(m_stack, 1);
    outer->addLayout(body, 1);
    setCentralWidget(central);

    buildPages();
    int railText = 0;
    for (const Page& page : std::as_const(m_pages))
        railText = std::max(railText, m_rail->fontMetrics().horizontalAdvance(page.title));
    m_rail->setFixedWidth(railText + m_rail->iconSize().width() + 40);
    connect(m_rail, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < m_pages.size())
            m_stack->setCurrentWidget(m_pages.at(row).widget);
    });
    buildShortcuts();

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("engineStatus"));
    statusBar()->addWidget(m_status, 1);
    m_remote = new QLabel(this);
    m_remote->setObjectName(QStringLiteral("remoteStatus"));
    m_remote->setVisible(false);
    statusBar()->addPermanentWidget(m_remote);

    m_tray = new TrayIndicator(this);
    m_tray->setVisible(m_settings->showTrayIcon());
    connect(m_tray, &TrayIndicator::activated, this, [this]() {
        showNormal();
        raise();
        activateWindow();
    });
    connect(m_tray, &TrayIndicator::quitRequested, this, &QWidget::close);
    if (opsdeck::AlertService* service = m_engine->alertService()) {
        connect(service, &opsdeck::AlertService::alertsChanged, this, &MainWindow::updateHealth);
        // New critical alerts raise a desktop notification through the tray.
        connect(service, &opsdeck::AlertService::alertFired, this, [this](const opsdeck::alerts::Alert& alert) {
            if (alert.severity != opsdeck::alerts::Severity::Critical)
                return;
            const QString summary = alert.annotations.value(QStringLiteral("summary"));
            m_tray->notify(tr("Critical: %1").arg(alert.ruleName),
                summary.isEmpty() ? AlertInboxModel::keyLabels(alert.labels) : summary);
        });
    }

    connect(m_targets, &QAbstractItemModel::modelReset, this, &MainWindow::updateHostFilter);
    connect(m_targets, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateHostFilter);
    connect(m_targets, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateHostFilter);
    connect(m_targets, &QAbstractItemModel::dataChanged, this, &MainWindow::updateHealth);
    auto* timer = new QTimer(this);
    // Health follows the targets as they change; the status bar's figures
    // (ingest rate, series, database size) once a second.
    connect(timer, &QTimer::timeout, this, &MainWindow::updateStatusBar);
    timer->start(1000);

    restoreState();
    updateHostFilter();
    updateStatusBar();
}

MainWindow::~MainWindow() = default;

QWidget* MainWindow::buildTopBar()
{
    auto* bar = new QWidget(this);
    bar->setObjectName(QStringLiteral("topBar"));
    auto* layout = new QHBoxLayout(bar);
    layout->setContentsMargins(12, 6, 12, 6);

    auto* name = new QLabel(tr("OpsDeck"), bar);
    QFont font = name->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.2);
    name->setFont(font);
    layout->addWidget(name);
    layout->addSpacing(16);

    m_hostFilter = new QComboBox(bar);
    m_hostFilter->setObjectName(QStringLiteral("hostFilter"));
    m_hostFilter->setToolTip(tr("Show one host on the dashboard, or all of them"));
    m_hostFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_hostFilter->addItem(tr("All hosts"), QString());
    layout->addWidget(new QLabel(tr("Host:"), bar));
    layout->addWidget(m_hostFilter);
    layout->addSpacing(8);

    m_timeRange = new QComboBox(bar);
    m_timeRange->setObjectName(QStringLiteral("timeRange"));
    m_timeRange->setToolTip(tr("How much history the charts show"));
    const struct
    {
        QString label;
        qint64 ms;
    } ranges[] = { { tr("1 min"), 60'000 }, { tr("5 min"), 300'000 }, { tr("15 min"), 900'000 },
        { tr("1 h"), 3'600'000 }, { tr("6 h"), 21'600'000 }, { tr("24 h"), 86'400'000 } };
    for (const auto& r : ranges)
        m_timeRange->addItem(r.label, r.ms);
    layout->addWidget(new QLabel(tr("Range:"), bar));
    layout->addWidget(m_timeRange);

    m_pause = new QToolButton(bar);
    m_pause->setObjectName(QStringLiteral("pauseButton"));
    m_pause->setCheckable(true);
    m_pause->setIcon(pageIcon(QStringLiteral("pause")));
    m_pause->setText(tr("Pause"));
    m_pause->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_pause->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_pause->setToolTip(tr("Pause live updates (Ctrl+Shift+P)"));
    layout->addWidget(m_pause);
    layout->addStretch(1);

    m_health = new QLabel(bar);
    m_health->setObjectName(QStringLiteral("agentsHealth"));
    layout->addWidget(m_health);
    layout->addSpacing(12);
    m_alerts = new QLabel(bar);
    m_alerts->setObjectName(QStringLiteral("firingAlerts"));
    layout->addWidget(m_alerts);
    return bar;
}

void MainWindow::addPage(const QString& id, const QString& title, const QString& icon, QWidget* widget)
{
    widget->setProperty("pageId", id);
    m_pages.append({ id, title, icon, widget });
    m_stack->addWidget(widget);
    auto* item = new QListWidgetItem(pageIcon(icon), title, m_rail);
    item->setData(Qt::UserRole, id);
    item->setSizeHint(QSize(0, 34));
}

void MainWindow::buildPages()
{
    m_dashboard = new DashboardPage(m_engine, m_stack);
    addPage(QStringLiteral("dashboard"), tr("Dashboard"), QStringLiteral("dashboard"), m_dashboard);
    m_alertsPage = new AlertsPage(m_engine, m_stack);
    m_alertsPage->setOperatorName(m_settings->value(ConsoleSettings::Key::OperatorName).toString());
    addPage(QStringLiteral("alerts"), tr("Alerts"), QStringLiteral("alerts"), m_alertsPage);
    addPage(QStringLiteral("cache"), tr("Cache"), QStringLiteral("cache"),
        new CachePage(m_engine, m_settings, m_stack));
    m_capacityPage = new CapacityPage(m_engine, m_stack);
    addPage(QStringLiteral("capacity"), tr("Capacity"), QStringLiteral("capacity"), m_capacityPage);
    addPage(QStringLiteral("scaling"), tr("Scaling"), QStringLiteral("scaling"),
        new PlaceholderPage(tr("Scaling"), tr("HAProxy backend pools, traffic distribution and the auto-scaler."),
            tr("Nothing here changes your load balancers until this page exists."), m_stack));
    m_agents = new AgentsPage(m_engine, m_stack);
    addPage(QStringLiteral("agents"), tr("Agents"), QStringLiteral("agents"), m_agents);
    addPage(QStringLiteral("profiler"), tr("Profiler"), QStringLiteral("profiler"),
        new ProfilerPage(m_engine, m_settings, m_stack));
    addPage(QStringLiteral("benchmarks"), tr("Benchmarks"), QStringLiteral("benchmarks"),
        new PlaceholderPage(tr("Benchmarks"),
            tr("Load generation, latency histograms, baselines and regressions."),
            tr("Meanwhile, the test command prints the engine's own benchmark figures."), m_stack));

    auto* settingsPage = new SettingsPage(m_settings, m_engine, m_stack);
    addPage(QStringLiteral("settings"), tr("Settings"), QStringLiteral("settings"), settingsPage);
    // Settings that take effect as they change, whoever changes them.
    connect(m_settings, &ConsoleSettings::changed, this, [this](ConsoleSettings::Key key) {
        using K = ConsoleSettings::Key;
        switch (key) {
        case K::Theme:
            Theme::apply(Theme::modeFromString(m_settings->theme()));
            break;
        case K::ShowTrayIcon:
            m_tray->setVisible(m_settings->showTrayIcon());
            break;
        case K::CapacityResourcesFile:
            m_capacityPage->setResourcesFile(m_settings->value(K::CapacityResourcesFile).toString());
            break;
        case K::OperatorName:
            m_alertsPage->setOperatorName(m_settings->value(K::OperatorName).toString());
            break;
        default:
            break;
        }
    });
    m_settingsPage = settingsPage;
    // Choosing the same file again reloads it: a request, not a change of setting.
    connect(settingsPage, &SettingsPage::alertingConfigChosen, this, &MainWindow::applyAlertingConfig);
    m_capacityPage->setResourcesFile(m_settings->value(ConsoleSettings::Key::CapacityResourcesFile).toString());
    // At start only a configured file replaces what the engine was given.
    const QString alertingFile = m_settings->value(ConsoleSettings::Key::AlertingConfigFile).toString();
    if (!alertingFile.isEmpty()
        || (m_engine->alertService() && m_engine->alertService()->config().receivers.isEmpty()))
        applyAlertingConfig(alertingFile);

    connect(m_hostFilter, &QComboBox::currentIndexChanged, this, [this]() {
        const QString host = m_hostFilter->currentData().toString();
        m_settings->setValue(ConsoleSettings::Key::HostFilter, host);
        m_dashboard->setHostFilter(host);
    });
    connect(m_timeRange, &QComboBox::currentIndexChanged, this, [this]() {
        const qint64 ms = m_timeRange->currentData().toLongLong();
        m_settings->setValue(ConsoleSettings::Key::TimeRangeMs, ms);
        m_dashboard->setTimeRange(ms);
    });
    connect(m_pause, &QToolButton::toggled, this, [this](bool paused) {
        m_pause->setIcon(pageIcon(paused ? QStringLiteral("play") : QStringLiteral("pause")));
        m_pause->setText(paused ? tr("Resume") : tr("Pause"));
        m_dashboard->setPaused(paused);
    });
}

void MainWindow::buildShortcuts()
{
    // Ctrl+1 … Ctrl+8 for the pages in rail order; Settings has the platform's
    // Preferences key and Ctrl+9.
    for (int i = 0; i < m_pages.size(); ++i) {
        const QString id = m_pages.at(i).id;
        QKeySequence key
            = i < 8 ? QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)) : QKeySequence(Qt::CTRL | Qt::Key_9);
        auto* shortcut = new QShortcut(key, this);
        connect(shortcut, &QShortcut::activated, this, [this, id]() { showPage(id); });
        if (QListWidgetItem* item = m_rail->item(i))
            item->setToolTip(tr("%1 (%2)").arg(m_pages.at(i).title, key.toString(QKeySequence::NativeText)));
    }
    auto* preferences = new QShortcut(QKeySequence::Preferences, this);
    connect(preferences, &QShortcut::activated, this, [this]() { showPage(QStringLiteral("settings")); });
}

QString MainWindow::currentPage() const
{
    const int row = m_rail->currentRow();
    return row >= 0 && row < m_pages.size() ? m_pages.at(row).id : QString();
}

void MainWindow::showPage(const QString& id)
{
    for (int i = 0; i < m_pages.size(); ++i) {
        if (m_pages.at(i).id == id) {
            m_rail->setCurrentRow(i);
            return;
        }
    }
}

void MainWindow::restoreState()
{
    restoreGeometry(m_settings->value(ConsoleSettings::Key::WindowGeometry).toByteArray());
    QMainWindow::restoreState(m_settings->value(ConsoleSettings::Key::WindowState).toByteArray());
    m_agents->restoreTableState(m_settings->value(ConsoleSettings::Key::AgentsTableState).toByteArray());
    m_alertsPage->restoreTableState(m_settings->value(ConsoleSettings::Key::AlertsTableState).toByteArray());
    m_capacityPage->restoreTableState(m_settings->value(ConsoleSettings::Key::CapacityTableState).toByteArray());

    const int range = m_timeRange->findData(m_settings->timeRangeMs());
    m_timeRange->setCurrentIndex(range >= 0 ? range : 2);
    m_dashboard->setTimeRange(m_timeRange->currentData().toLongLong());

    const QString host = m_settings->hostFilter();
    if (!host.isEmpty()) {
        if (m_hostFilter->findData(host) < 0)
            m_hostFilter->addItem(host, host);
        m_hostFilter->setCurrentIndex(m_hostFilter->findData(host));
    }

    showPage(m_settings->lastPage());
    if (m_rail->currentRow() < 0)
        m_rail->setCurrentRow(0);
}

void MainWindow::saveState()
{
    m_settings->setValue(ConsoleSettings::Key::WindowGeometry, saveGeometry());
    m_settings->setValue(ConsoleSettings::Key::WindowState, QMainWindow::saveState());
    m_settings->setValue(ConsoleSettings::Key::LastPage, currentPage());
    m_settings->setValue(ConsoleSettings::Key::AgentsTableState, m_agents->saveTableState());
    m_settings->setValue(ConsoleSettings::Key::AlertsTableState, m_alertsPage->saveTableState());
    m_settings->setValue(ConsoleSettings::Key::CapacityTableState, m_capacityPage->saveTableState());
    m_settings->sync();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveState();
    QMainWindow::closeEvent(event);
}

void MainWindow::updateHostFilter()
{
    QStringList hosts;
    for (int row = 0; row < m_targets->rowCount(); ++row) {
        const QString instance = m_targets->index(row, TargetStatusModel::InstanceColumn).data().toString();
        if (!instance.isEmpty() && !hosts.contains(instance))
            hosts.append(instance);
    }
    std::sort(hosts.begin(), hosts.end());
    const QString current = m_hostFilter->currentData().toString();
    for (const QString& host : std::as_const(hosts)) {
        if (m_hostFilter->findData(host) < 0)
            m_hostFilter->addItem(host, host);
    }
    // Hosts that left stay only while selected, so a filter never jumps by itself.
    for (int i = m_hostFilter->count() - 1; i >= 1; --i) {
        const QString host = m_hostFilter->itemData(i).toString();
        if (!hosts.contains(host) && host != current)
            m_hostFilter->removeItem(i);
    }
    updateHealth();
}

MainWindow::FleetHealth MainWindow::fleetHealth() const
{
    FleetHealth health;
    const auto targets = m_engine->scrapeManager()->targets();
    health.total = int(targets.size());
    for (const auto& t : targets) {
        if (t.health == opsdeck::scrape::TargetHealth::Up)
            ++health.up;
        else if (t.health == opsdeck::scrape::TargetHealth::Down)
            ++health.down;
        health.lastScrapeMs = std::max(health.lastScrapeMs, t.lastScrapeMs);
    }
    return health;
}

void MainWindow::updateHealth()
{
    const auto [up, down, total, lastScrapeMs] = fleetHealth();
    Q_UNUSED(lastScrapeMs)

    // Colour is never the only signal: the text says it too.
    QString colour = QStringLiteral("#8a919c");
    if (total > 0 && up == total)
        colour = QStringLiteral("#2e9d4f");
    else if (down > 0 && up > 0)
        colour = QStringLiteral("#d08a00");
    else if (down > 0)
        colour = QStringLiteral("#d32f2f");
    m_health->setText(
        QStringLiteral("<span style=\"color:%1\">●</span> %2").arg(colour, tr("%1/%2 up").arg(up).arg(total)));
    m_health->setToolTip(tr("%1 of %2 scrape targets answered their last scrape").arg(up).arg(total));
    updateAlertCount();
    m_tray->setState(m_firing, up, total);
}

void MainWindow::applyAlertingConfig(const QString& path)
{
    opsdeck::AlertService* service = m_engine->alertService();
    if (!service)
        return;
    if (path.isEmpty()) {
        service->setConfig({});
        m_settingsPage->setAlertingConfigStatus(
            tr("No notifications are sent: alerts show in the inbox and the tray only."), true);
        return;
    }
    // A small local file: read here; the receivers are contacted on the alerts thread.
    QList<opsdeck::config::ConfigIssue> issues;
    const auto config = opsdeck::alerts::AlertingConfigFile::load(path, &issues);
    QStringList lines;
    for (const auto& issue : std::as_const(issues))
        lines.append(issue.toString());
    if (!config) {
        m_settingsPage->setAlertingConfigStatus(
            tr("Not loaded; the previous notification setup stays.\n%1").arg(lines.join(QLatin1Char('\n'))),
            false);
        return;
    }
    service->setConfig(*config);
    int routes = 0;
    const std::function<void(const opsdeck::alerts::Route&)> count = [&](const opsdeck::alerts::Route& r) {
        routes += static_cast<int>(r.routes.size());
        for (const auto& child : r.routes)
            count(child);
    };
    count(config->route);
    QString status = tr("Loaded: %n receiver(s)", nullptr, static_cast<int>(config->receivers.size()))
        + QStringLiteral(", ") + tr("%n route(s)", nullptr, routes) + QStringLiteral(", ")
        + tr("%n escalation(s)", nullptr, static_cast<int>(config->escalations.size())) + QLatin1Char('.');
    if (!lines.isEmpty())
        status += QLatin1Char('\n') + lines.join(QLatin1Char('\n'));
    m_settingsPage->setAlertingConfigStatus(status, true);
}

void MainWindow::updateAlertCount()
{
    const opsdeck::AlertService* service = m_engine->alertService();
    m_firing = service ? service->firingCount() : 0;
    const auto worst = service ? service->worstFiring() : std::nullopt;
    // Coloured by the worst unacknowledged severity; grey when all firing alerts are acknowledged.
    const QColor colour = worst ? AlertInboxModel::severityColor(*worst, false)
        : m_firing > 0          ? AlertInboxModel::severityColor(opsdeck::alerts::Severity::Warning, true)
                                : QColor(0x2e, 0x9d, 0x4f);
    m_alerts->setText(QStringLiteral("<span style=\"color:%1\">⚠</span> %2")
                          .arg(colour.name(), tr("%n firing", nullptr, m_firing)));
    m_alerts->setToolTip(worst ? tr("%n alert(s) firing; the worst not acknowledged is %1", nullptr, m_firing)
                                     .arg(AlertInboxModel::severityText(*worst).toLower())
                               : tr("%n alert(s) firing, none waiting for acknowledgement", nullptr, m_firing));
}

void MainWindow::updateStatusBar()
{
    const auto [up, down, total, lastScrapeMs] = fleetHealth();
    Q_UNUSED(down)
    const QLocale locale;
    const auto stats = m_engine->store()->stats();
    QString last = tr("no scrape yet");
    if (lastScrapeMs > 0) {
        const double ago = qMax(0.0, double(QDateTime::currentMSecsSinceEpoch() - lastScrapeMs) / 1000.0);
        last = tr("last scrape %1 s ago").arg(locale.toString(ago, 'f', 1));
    }
    qint64 dbBytes = 0;
    if (m_engine->database()) {
        const QString path = m_engine->database()->filePath();
        dbBytes = QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size();
    }
    m_status->setText(tr("agents %1/%2 up · ingest %3 samples/s · %4 series · %5 · %6 · db %7")
                          .arg(up)
                          .arg(total)
                          .arg(locale.toString(m_engine->scrapeManager()->ingestRate(), 'f', 0),
                              locale.toString(qlonglong(stats.seriesCount)), last,
                              tr("%n alert(s) firing", nullptr, m_firing), locale.formattedDataSize(dbBytes)));
    updateRemoteStatus();
}

void MainWindow::updateRemoteStatus()
{
    // A failing data source or receiver first (with the error the panels and
    // Settings show in full); otherwise how far remote write is behind.
    QStringList failing;
    QStringList tips;
    const QList<opsdeck::query::SourceHealth> sources = m_engine->dataSourceRegistry()
        ? m_engine->dataSourceRegistry()->health()
        : QList<opsdeck::query::SourceHealth> {};
    for (const auto& h : sources) {
        if (!h.failing)
            continue;
        failing.append(tr("data source %1 failing").arg(h.name));
        tips.append(h.error);
    }
    const QList<opsdeck::remotewrite::RemoteWriteCounters> receivers = m_engine->remoteWriteService()
        ? m_engine->remoteWriteService()->counters()
        : QList<opsdeck::remotewrite::RemoteWriteCounters> {};
    const QLocale locale;
    double lag = 0;
    for (const auto& c : receivers) {
        lag = std::max(lag, c.lastSendLagSeconds);
        if (c.lastError.isEmpty())
            continue;
        failing.append(tr("remote write %1 failing").arg(c.name));
        tips.append(tr("%1: %2; %3 samples waiting").arg(c.name, c.lastError, locale.toString(c.samplesPending)));
    }
    m_remote->setVisible(!sources.isEmpty() || !receivers.isEmpty());
    if (!failing.isEmpty()) {
        m_remote->setText(QStringLiteral("<span style=\"color:#c62828\">⚠ %1</span>")
                              .arg(failing.join(QStringLiteral(" · ")).toHtmlEscaped()));
        m_remote->setToolTip(tips.join(QLatin1Char('\n')));
    } else if (!receivers.isEmpty()) {
        m_remote->setText(tr("remote write %1 s behind").arg(locale.toString(lag, 'f', 1)));
        m_remote->setToolTip(tr("Age of the newest sample the slowest receiver has accepted."));
    } else {
        m_remote->setText(tr("%n data source(s) answering", nullptr, int(sources.size())));
        m_remote->setToolTip(QString());
    }
}
