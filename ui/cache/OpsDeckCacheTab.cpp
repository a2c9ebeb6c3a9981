// qcustomplot.h uses foreach, which QT_NO_FOREACH removes: it comes before any Qt header.
#undef QT_NO_FOREACH
#include <qcustomplot.h>

#include "cache/OpsDeckCacheTab.h"

#include "cache/CacheLevelsModel.h"
#include "dashboard/DashboardWarmer.h"
#include "format/UnitFormatter.h"
#include "shell/Theme.h"
#include "shell/UnitAxisTicker.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using opsdeck::models::CacheLevelsModel;
using opsdeck::models::CacheSourcesModel;
using opsdeck::models::UnitFormatter;

namespace {

constexpr int kSampleMs = 1000;
constexpr double kHistorySeconds = 15 * 60;

QTableView* makeTable(QAbstractItemModel* model, const QString& name, QWidget* parent)
{
    auto* view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    return view;
}

void styleAxes(QCustomPlot* plot)
{
    for (QCPAxis* axis : { plot->xAxis, plot->yAxis }) {
        axis->setSubTicks(false);
        axis->setTickLengthIn(0);
        axis->setTickLengthOut(3);
        axis->setBasePen(QPen(plot->palette().color(QPalette::Mid)));
        axis->setTickPen(QPen(plot->palette().color(QPalette::Mid)));
        axis->setTickLabelColor(plot->palette().color(QPalette::WindowText));
        axis->setLabelColor(plot->palette().color(QPalette::WindowText));
        axis->grid()->setPen(QPen(plot->palette().color(QPalette::Midlight), 0, Qt::DotLine));
    }
    plot->setBackground(plot->palette().brush(QPalette::Base));
    plot->legend->setVisible(true);
    plot->legend->setBrush(plot->palette().brush(QPalette::Base));
    plot->legend->setTextColor(plot->palette().color(QPalette::WindowText));
    plot->legend->setBorderPen(Qt::NoPen);
    plot->legend->setIconSize(16, 8);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignLeft);
}

QString latencyLabel(int bucket)
{
    // Bucket i holds [2^i, 2^(i+1)) ns: label its lower bound.
    const double seconds = double(qint64(1) << bucket) / 1e9;
    return UnitFormatter(UnitFormatter::Unit::Seconds).format(seconds);
}

} // namespace

OpsDeckCacheTab::OpsDeckCacheTab(
    opsdeck::cache::CacheService* service, const opsdeck::dashboard::DashboardWarmer* warmer, QWidget* parent)
    : QWidget(parent)
    , m_service(service)
    , m_warmer(warmer)
    , m_levels(new CacheLevelsModel(this))
    , m_sources(new CacheSourcesModel(this))
{
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("cacheState"));
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_l2State = new QLabel(this);
    m_l2State->setObjectName(QStringLiteral("cacheL2State"));
    m_clear = new QPushButton(tr("Clear cache"), this);
    m_clear->setObjectName(QStringLiteral("clearCacheButton"));
    m_clear->setToolTip(tr("Drop every cached result from every level; the next queries ask the data sources."));
    connect(m_clear, &QPushButton::clicked, this, &OpsDeckCacheTab::clearCache);
    top->addWidget(m_state, 1);
    top->addWidget(m_l2State);
    top->addSpacing(12);
    top->addWidget(m_clear);
    layout->addLayout(top);
    m_warmState = new QLabel(this);
    m_warmState->setObjectName(QStringLiteral("cacheWarmState"));
    m_warmState->setWordWrap(true);
    layout->addWidget(m_warmState);

    m_levelsView = makeTable(m_levels, QStringLiteral("cacheLevelsTable"), this);
    m_levelsView->setMaximumHeight(m_levelsView->verticalHeader()->defaultSectionSize() * 4 + 8);
    layout->addWidget(m_levelsView);

    auto* charts = new QSplitter(Qt::Horizontal, this);
    m_hitPlot = new QCustomPlot(charts);
    m_hitPlot->setObjectName(QStringLiteral("cacheHitRatioPlot"));
    m_latencyPlot = new QCustomPlot(charts);
    m_latencyPlot->setObjectName(QStringLiteral("cacheLatencyPlot"));
    charts->addWidget(m_hitPlot);
    charts->addWidget(m_latencyPlot);
    charts->setChildrenCollapsible(false);
    buildHitRatioPlot();
    buildLatencyPlot();
    layout->addWidget(charts, 1);

    auto* sourcesTitle = new QLabel(tr("Data sources behind the cache"), this);
    QFont bold = sourcesTitle->font();
    bold.setBold(true);
    sourcesTitle->setFont(bold);
    layout->addWidget(sourcesTitle);
    m_sourcesView = makeTable(m_sources, QStringLiteral("cacheSourcesTable"), this);
    m_sourcesView->setMaximumHeight(m_sourcesView->verticalHeader()->defaultSectionSize() * 6 + 8);
    layout->addWidget(m_sourcesView);

    m_timer = new QTimer(this);
    m_timer->setInterval(kSampleMs);
    connect(m_timer, &QTimer::timeout, this, &OpsDeckCacheTab::sample);
    sample();
}

void OpsDeckCacheTab::buildHitRatioPlot()
{
    auto timeTicker = QSharedPointer<QCPAxisTickerDateTime>::create();
    timeTicker->setDateTimeSpec(Qt::LocalTime);
    timeTicker->setDateTimeFormat(QStringLiteral("HH:mm"));
    timeTicker->setTickCount(5);
    m_hitPlot->xAxis->setTicker(timeTicker);
    auto ratioTicker = QSharedPointer<UnitAxisTicker>::create();
    ratioTicker->setFormatter(UnitFormatter(UnitFormatter::Unit::Ratio));
    ratioTicker->setTickCount(5);
    m_hitPlot->yAxis->setTicker(ratioTicker);
    m_hitPlot->yAxis->setRange(0, 1.0);
    m_hitPlot->yAxis->setLabel(tr("Hit ratio per second"));
    styleAxes(m_hitPlot);
}

void OpsDeckCacheTab::buildLatencyPlot()
{
    m_latencyPlot->yAxis->setLabel(tr("Lookups"));
    m_latencyPlot->xAxis->setLabel(tr("Lookup time (log scale)"));
    styleAxes(m_latencyPlot);
    m_latencyPlot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
}

QString OpsDeckCacheTab::stateText() const
{
    return m_state->text();
}

void OpsDeckCacheTab::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    sample();
    m_timer->start();
}

void OpsDeckCacheTab::hideEvent(QHideEvent* event)
{
    m_timer->stop();
    QWidget::hideEvent(event);
}

void OpsDeckCacheTab::sample()
{
    if (!m_service || !m_service->enabled()) {
        m_state->setText(m_service ? tr("The query-result cache is off (cache.enabled: false, or no level is on). "
                                        "Turn it on in Settings → Cache; it applies at the next start.")
                                   : tr("No engine runs in this window."));
        m_l2State->clear();
        m_clear->setEnabled(false);
        return;
    }
    const opsdeck::cache::CacheSnapshot snapshot = m_service->snapshot();
    QStringList levels;
    for (const auto& level : snapshot.levels) {
        levels.append(level.stats.capacityBytes > 0 ? tr("%1 (%2)").arg(level.stats.level,
                          UnitFormatter(UnitFormatter::Unit::Bytes).format(double(level.stats.capacityBytes)))
                                                    : level.stats.level);
    }
    m_state->setText(
        tr("Caching query results in %1 · %2 lookups, %3 computed, %4 coalesced, %5 refreshed early")
            .arg(levels.join(QLatin1String(", ")), QLocale().toString(snapshot.lookups.lookups),
                QLocale().toString(snapshot.lookups.computes), QLocale().toString(snapshot.lookups.coalesced),
                QLocale().toString(snapshot.lookups.earlyRefreshes)));
    m_l2State->setText(snapshot.l2State);
    m_warmState->setText(m_warmer ? m_warmer->statusText() : tr("Warming: off"));
    m_clear->setEnabled(true);
    m_levels->setSnapshot(snapshot);
    m_sources->setSources(snapshot.sources);
    updatePlots();
}

void OpsDeckCacheTab::updatePlots()
{
    const auto& levels = m_levels->snapshot().levels;
    const auto& rates = m_levels->rates();
    const double now = double(m_levels->snapshot().takenAt.toMSecsSinceEpoch()) / 1000.0;
    const QList<QColor>& colours = Theme::seriesColours();

    // Hit ratio over time: one line per level, a point per interval with lookups.
    while (m_hitPlot->graphCount() < levels.size()) {
        QCPGraph* g = m_hitPlot->addGraph();
        const int i = m_hitPlot->graphCount() - 1;
        g->setPen(QPen(colours.at(i % colours.size()), 1.5));
        g->setName(levels.at(i).stats.level);
        g->setLineStyle(QCPGraph::lsLine);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 3));
    }
    for (int i = 0; i < rates.size() && i < m_hitPlot->graphCount(); ++i) {
        QCPGraph* g = m_hitPlot->graph(i);
        if (rates.at(i).hitRatio)
            g->addData(now, *rates.at(i).hitRatio);
        g->data()->removeBefore(now - kHistorySeconds);
    }
    m_hitPlot->xAxis->setRange(now - kHistorySeconds, now);
    m_hitPlot->replot(QCustomPlot::rpQueuedReplot);

    // Latency histogram: bars per level over the log2 buckets that hold lookups.
    int lo = opsdeck::cache::LatencyHistogram::kBuckets;
    int hi = -1;
    for (const auto& level : levels) {
        for (int b = 0; b < opsdeck::cache::LatencyHistogram::kBuckets; ++b) {
            if (level.latency.counts[size_t(b)] > 0) {
                lo = std::min(lo, b);
                hi = std::max(hi, b);
            }
        }
    }
    m_latencyPlot->clearPlottables();
    if (hi < 0) {
        m_latencyPlot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    auto* group = new QCPBarsGroup(m_latencyPlot);
    group->setSpacing(0);
    double maxCount = 1;
    const double width = 0.8 / double(std::max<qsizetype>(1, levels.size()));
    for (int i = 0; i < levels.size(); ++i) {
        auto* bars = new QCPBars(m_latencyPlot->xAxis, m_latencyPlot->yAxis);
        bars->setName(levels.at(i).stats.level);
        bars->setWidth(width);
        const QColor c = colours.at(i % colours.size());
        bars->setPen(QPen(c));
        bars->setBrush(QColor(c.red(), c.green(), c.blue(), 160));
        bars->setBarsGroup(group);
        for (int b = lo; b <= hi; ++b) {
            const double n = double(levels.at(i).latency.counts[size_t(b)]);
            bars->addData(b, n);
            maxCount = std::max(maxCount, n);
        }
    }
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int b = lo; b <= hi; ++b) {
        if ((b - lo) % 2 == 0 || hi - lo < 6)
            ticker->addTick(b, latencyLabel(b));
    }
    m_latencyPlot->xAxis->setTicker(ticker);
    m_latencyPlot->xAxis->setRange(lo - 0.6, hi + 0.6);
    m_latencyPlot->yAxis->setRange(0, maxCount * 1.1);
    m_latencyPlot->replot(QCustomPlot::rpQueuedReplot);
}

void OpsDeckCacheTab::clearCache()
{
    if (!m_service)
        return;
    if (QMessageBox::question(this, tr("Clear the cache"),
            tr("Drop every cached query result from memory and the database? Dashboards ask their data sources "
               "again, which is slower until the cache is warm."))
        != QMessageBox::Yes)
        return;
    m_service->clear();
    sample();
}
