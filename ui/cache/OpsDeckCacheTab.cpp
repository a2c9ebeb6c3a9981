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
    m_kinds = new QLabel(this);
    m_kinds->setObjectName(QStringLiteral("cacheL1Kinds"));
    m_kinds->setWordWrap(true);
    layout->addWidget(m_kinds);

    auto* charts = new QSplitter(Qt::Horizontal, this);
    m_hitPlot = new QCustomPlot(charts);
    m_hitPlot->setObjectName(QStringLiteral("cacheHitRatioPlot"));
    m_latencyPlot = new QCustomPlot(charts);
    m_latencyPlot->setObjectName(QStringLiteral("cacheLatencyPlot"));
    auto* curveBox = new QWidget(charts);
    auto* curveLayout = new QVBoxLayout(curveBox);
    curveLayout->setContentsMargins(0, 0, 0, 0);
    m_curvePlot = new QCustomPlot(curveBox);
    m_curvePlot->setObjectName(QStringLiteral("cacheMissRatioCurve"));
    m_sizing = new QLabel(curveBox);
    m_sizing->setObjectName(QStringLiteral("cacheL1Sizing"));
    m_sizing->setWordWrap(true);
    curveLayout->addWidget(m_curvePlot, 1);
    curveLayout->addWidget(m_sizing);
    charts->addWidget(m_hitPlot);
    charts->addWidget(m_latencyPlot);
    charts->addWidget(curveBox);
    charts->setChildrenCollapsible(false);
    buildHitRatioPlot();
    buildLatencyPlot();
    buildCurvePlot();
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

void OpsDeckCacheTab::buildCurvePlot()
{
    auto bytesTicker = QSharedPointer<UnitAxisTicker>::create();
    bytesTicker->setFormatter(UnitFormatter(UnitFormatter::Unit::Bytes));
    bytesTicker->setTickCount(4);
    m_curvePlot->xAxis->setTicker(bytesTicker);
    m_curvePlot->xAxis->setLabel(tr("L1 size"));
    auto ratioTicker = QSharedPointer<UnitAxisTicker>::create();
    ratioTicker->setFormatter(UnitFormatter(UnitFormatter::Unit::Ratio));
    ratioTicker->setTickCount(5);
    m_curvePlot->yAxis->setTicker(ratioTicker);
    m_curvePlot->yAxis->setRange(0, 1.0);
    m_curvePlot->yAxis->setLabel(tr("L1 hit ratio (miss-ratio curve)"));
    styleAxes(m_curvePlot);
    m_curvePlot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
}

void OpsDeckCacheTab::updateCurve(const opsdeck::cache::CacheSnapshot& snapshot)
{
    using opsdeck::cache::QueryResultCache;
    const UnitFormatter bytes(UnitFormatter::Unit::Bytes);
    QStringList kinds;
    for (const auto& k : snapshot.l1Kinds) {
        if (k.entries == 0)
            continue;
        const QString count = QLocale().toString(k.entries);
        const QString size = bytes.format(double(k.bytes));
        switch (k.kind) {
        case QueryResultCache::EntryKind::RangePiece:
            kinds.append(tr("%1 range-query pieces (%2)").arg(count, size));
            break;
        case QueryResultCache::EntryKind::Instant:
            kinds.append(tr("%1 instant-query results (%2)").arg(count, size));
            break;
        case QueryResultCache::EntryKind::Other:
            kinds.append(tr("%1 other entries (%2)").arg(count, size));
            break;
        }
    }
    m_kinds->setText(
        kinds.isEmpty() ? tr("L1 holds nothing yet.") : tr("L1 holds %1.").arg(kinds.join(QLatin1String(" · "))));

    const auto& curve = snapshot.l1Curve;
    const double budget = double(snapshot.l1BudgetBytes);
    const double ceiling = double(snapshot.l1CeilingBytes);
    if (snapshot.l1Dynamic)
        m_sizing->setText(tr("L1 budget %1 of a %2 ceiling, sized from this curve (%n change(s) so far).", "",
            int(snapshot.l1Resizes))
                              .arg(bytes.format(budget), bytes.format(ceiling)));
    else
        m_sizing->setText(tr("L1 budget fixed at %1 (cache.l1.dynamic: false).").arg(bytes.format(budget)));

    m_curvePlot->clearPlottables();
    m_curvePlot->clearItems();
    if (curve.isEmpty()) {
        m_curvePlot->xAxis->setRange(0, std::max(1.0, budget));
        m_curvePlot->replot(QCustomPlot::rpQueuedReplot);
        if (snapshot.l1BudgetBytes > 0)
            m_sizing->setText(
                m_sizing->text() + u' ' + tr("The curve appears after the first few thousand lookups."));
        return;
    }
    // A step function: the hit ratio an LRU cache of that size would have had.
    auto* graph = m_curvePlot->addGraph();
    graph->setName(tr("hit ratio at that size (%1 lookups, sampled at %2)")
                       .arg(QLocale().toString(curve.references),
                           UnitFormatter(UnitFormatter::Unit::Ratio).format(curve.samplingRate)));
    graph->setPen(QPen(Theme::seriesColours().at(0), 1.5));
    graph->setLineStyle(QCPGraph::lsStepLeft);
    graph->addData(0, 0);
    for (const auto& p : curve.points)
        graph->addData(double(p.bytes), p.hitRatio);
    const double xMax = std::max({ budget, double(curve.points.back().bytes) }) * 1.15;
    graph->addData(xMax, curve.points.back().hitRatio);

    const auto mark = [this](double x, const QString& text, Qt::PenStyle style) {
        auto* line = new QCPItemStraightLine(m_curvePlot);
        line->point1->setCoords(x, 0);
        line->point2->setCoords(x, 1);
        line->setPen(QPen(m_curvePlot->palette().color(QPalette::WindowText), 1, style));
        auto* label = new QCPItemText(m_curvePlot);
        label->position->setCoords(x, 0.97);
        label->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
        label->setPadding(QMargins(0, 0, 4, 0));
        label->setColor(m_curvePlot->palette().color(QPalette::WindowText));
        label->setText(text);
    };
    mark(budget,
        tr("budget %1: %2")
            .arg(bytes.format(budget),
                UnitFormatter(UnitFormatter::Unit::Ratio).format(curve.hitRatioAt(qint64(budget)))),
        Qt::SolidLine);
    if (snapshot.l1Dynamic && ceiling <= xMax && ceiling > budget * 1.05)
        mark(ceiling, tr("ceiling"), Qt::DashLine);
    m_curvePlot->xAxis->setRange(0, xMax);
    m_curvePlot->replot(QCustomPlot::rpQueuedReplot);
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
    updateCurve(snapshot);
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
