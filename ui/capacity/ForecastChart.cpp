// qcustomplot.h uses foreach in its templates, which QT_NO_FOREACH (set for
// the project) removes; it must come before any Qt header in this file.
#undef QT_NO_FOREACH
#include <qcustomplot.h>

#include "capacity/ForecastChart.h"

#include "capacity/CapacityVocabulary.h"
#include "format/UnitFormatter.h"
#include "shell/Theme.h"
#include "shell/UnitAxisTicker.h"

#include <QDateTime>
#include <QEvent>
#include <QLabel>
#include <QStackedLayout>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

using opsdeck::capacity::ResourceForecast;
using opsdeck::models::UnitFormatter;

namespace {

// Paul Tol's "bright" scheme, as on the dashboard: blue for the series,
// purple for anomalies, so neither reads as a severity colour.
const QColor kSeriesColour(0x44, 0x77, 0xAA);
const QColor kAnomalyColour(0xAA, 0x33, 0x77);

UnitFormatter::Unit unitFor(const QString& unit)
{
    if (unit == QLatin1String("req/s"))
        return UnitFormatter::Unit::OpsPerSecond;
    return UnitFormatter::unitFromName(unit);
}

double seconds(qint64 ms)
{
    return static_cast<double>(ms) / 1000.0;
}

} // namespace

ForecastChart::ForecastChart(QWidget* parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("forecastChart"));
    setFrameShape(QFrame::StyledPanel);
    setMinimumHeight(240);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->setSpacing(2);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("forecastTitle"));
    m_title->setWordWrap(true);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    layout->addWidget(m_title);

    m_stack = new QStackedLayout;
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("forecastMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(QStringLiteral("forecastPlot"));
    m_plot->setAntialiasedElements(QCP::aeAll);

    auto timeTicker = QSharedPointer<QCPAxisTickerDateTime>::create();
    timeTicker->setDateTimeSpec(Qt::LocalTime);
    timeTicker->setDateTimeFormat(QStringLiteral("d MMM"));
    timeTicker->setTickCount(6);
    m_plot->xAxis->setTicker(timeTicker);
    auto valueTicker = QSharedPointer<UnitAxisTicker>::create();
    valueTicker->setTickCount(5);
    m_plot->yAxis->setTicker(valueTicker);
    for (QCPAxis* axis : { m_plot->xAxis, m_plot->yAxis }) {
        axis->setSubTicks(false);
        axis->setTickLengthIn(0);
        axis->setTickLengthOut(3);
    }
    // Legend in rows under the chart, not over the lines.
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->plotLayout()->addElement(1, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
    m_plot->plotLayout()->setRowSpacing(0);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->legend->setWrap(6);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setBrush(Qt::NoBrush);
    m_plot->legend->setIconSize(16, 8);
    m_plot->legend->setColumnSpacing(12);
    m_plot->legend->setMargins(QMargins(4, 2, 4, 4));
    // One row of entries; without a minimum the grid squeezes it and clips the text.
    m_plot->legend->setMinimumSize(0, fontMetrics().height() + 8);
    m_plot->legend->setVisible(true);

    m_stack->addWidget(m_message);
    m_stack->addWidget(m_plot);
    layout->addLayout(m_stack, 1);
    applyColours();
    clear(tr("Select a resource to see its forecast."));
}

void ForecastChart::clear(const QString& message)
{
    m_title->setText(tr("Forecast"));
    m_message->setText(message);
    m_plot->clearGraphs();
    m_plot->clearItems();
    m_plot->replot();
    m_stack->setCurrentWidget(m_message);
}

void ForecastChart::setResource(const ResourceForecast& r, qint64 nowMs)
{
    const double g = r.growthFactor;
    const QString unit = r.definition.unit;
    const QString remaining = CapacityVocabulary::timeRemainingText(
        r, nowMs, r.forecast.points.isEmpty() ? 0 : r.forecast.points.constLast().timeMs - nowMs);
    QString title = tr("%1 · %2").arg(r.definition.name, r.item);
    if (!r.forecast.points.isEmpty())
        title = tr("%1 — time remaining %2 · %3").arg(title, remaining, r.forecast.modelName);
    if (g != 1.0)
        title = tr("%1 · demand ×%2 (what-if)").arg(title, QLocale().toString(g, 'g', 3));
    m_title->setText(title);

    m_plot->clearGraphs();
    m_plot->clearItems();
    if (r.history.values.isEmpty() && r.forecast.points.isEmpty()) {
        m_message->setText(r.problem.isEmpty() ? tr("No history for this item yet.") : r.problem);
        m_stack->setCurrentWidget(m_message);
        return;
    }

    const QPalette pal = palette();
    double top = 0; // history, forecast, ceiling
    double bandTop = 0; // upper 80 % bound
    auto track = [&top](double v) {
        if (std::isfinite(v))
            top = std::max(top, v);
    };

    // Bands first, so the lines draw over them. Each band is a lower graph
    // filled up to its upper graph (QCustomPlot channel fill).
    auto band = [this, &r, g](const QString& name, int alpha, auto lower, auto upper) {
        QCPGraph* hi = m_plot->addGraph();
        QCPGraph* lo = m_plot->addGraph();
        hi->setPen(Qt::NoPen);
        lo->setPen(Qt::NoPen);
        QColor fill = kSeriesColour;
        fill.setAlpha(alpha);
        lo->setBrush(fill);
        lo->setChannelFillGraph(hi);
        lo->setName(name);
        hi->removeFromLegend();
        QVector<double> t, l, u;
        for (const auto& p : r.forecast.points) {
            t.append(seconds(p.timeMs));
            l.append(lower(p) * g);
            u.append(upper(p) * g);
        }
        hi->setData(t, u, true);
        lo->setData(t, l, true);
        return lo;
    };
    using P = opsdeck::capacity::ForecastPoint;
    band(
        tr("95 % interval"), 60, [](const P& p) { return p.lower95; }, [](const P& p) { return p.upper95; })
        ->setObjectName(QStringLiteral("band95"));
    band(
        tr("80 % interval"), 110, [](const P& p) { return p.lower80; }, [](const P& p) { return p.upper80; })
        ->setObjectName(QStringLiteral("band80"));

    QCPGraph* history = m_plot->addGraph();
    history->setName(tr("History"));
    history->setPen(QPen(kSeriesColour, 1.2));
    {
        QVector<double> t, v;
        for (int i = 0; i < r.history.values.size(); ++i) {
            t.append(seconds(r.history.startMs + i * r.history.stepMs));
            v.append(r.history.values.at(i) * g);
            track(v.constLast());
        }
        history->setData(t, v, true);
    }
    QCPGraph* forecast = m_plot->addGraph();
    forecast->setName(tr("Forecast"));
    forecast->setPen(QPen(kSeriesColour, 1.5, Qt::DashLine));
    {
        QVector<double> t, v;
        for (const P& p : r.forecast.points) {
            t.append(seconds(p.timeMs));
            v.append(p.value * g);
            track(v.constLast());
            if (std::isfinite(p.upper80))
                bandTop = std::max(bandTop, p.upper80 * g);
        }
        forecast->setData(t, v, true);
    }

    double xMin = seconds(r.history.startMs);
    double xMax = r.forecast.points.isEmpty() ? seconds(nowMs) : seconds(r.forecast.points.constLast().timeMs);
    if (r.history.values.isEmpty() && !r.forecast.points.isEmpty())
        xMin = seconds(r.forecast.points.constFirst().timeMs);

    if (!r.anomalies.isEmpty()) {
        QCPGraph* marks = m_plot->addGraph();
        marks->setName(tr("Anomaly"));
        marks->setObjectName(QStringLiteral("anomalies"));
        marks->setLineStyle(QCPGraph::lsNone);
        marks->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(kAnomalyColour, 1.5), Qt::NoBrush, 7));
        QVector<double> t, v;
        for (const auto& a : r.anomalies) {
            t.append(seconds(a.timeMs));
            v.append(a.value * g);
        }
        marks->setData(t, v, true);
    }

    const double ceilingValue = r.capacity * r.definition.ceiling;
    if (std::isfinite(ceilingValue)) {
        track(ceilingValue);
        QCPGraph* ceiling = m_plot->addGraph();
        ceiling->setName(tr("Ceiling"));
        ceiling->setObjectName(QStringLiteral("ceiling"));
        ceiling->setPen(QPen(pal.color(QPalette::WindowText), 1.2, Qt::DashDotLine));
        ceiling->setData({ xMin, xMax }, { ceilingValue, ceilingValue }, true);
        auto* label = new QCPItemText(m_plot);
        label->setObjectName(QStringLiteral("ceilingLabel"));
        label->position->setCoords(xMin, ceilingValue);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        label->setPadding(QMargins(4, 0, 4, 2));
        label->setColor(pal.color(QPalette::WindowText));
        label->setText(tr("ceiling %1 (%2 of %3)")
                           .arg(CapacityVocabulary::formatAmount(ceilingValue, unit),
                               UnitFormatter(UnitFormatter::Unit::Percent).format(r.definition.ceiling * 100),
                               CapacityVocabulary::formatAmount(r.capacity, unit)));
    }

    // "Now": where history ends and the forecast begins.
    auto* now = new QCPItemStraightLine(m_plot);
    now->setPen(QPen(pal.color(QPalette::Mid), 1, Qt::DotLine));
    now->point1->setCoords(seconds(nowMs), 0);
    now->point2->setCoords(seconds(nowMs), 1);

    if (r.runOutMs) {
        const QColor c = CapacityVocabulary::statusColor(r.status);
        auto* marker = new QCPItemStraightLine(m_plot);
        marker->setObjectName(QStringLiteral("runOutMarker"));
        marker->setPen(QPen(c, 1.5));
        marker->point1->setCoords(seconds(*r.runOutMs), 0);
        marker->point2->setCoords(seconds(*r.runOutMs), 1);
        auto* text = new QCPItemText(m_plot);
        text->position->setType(QCPItemPosition::ptPlotCoords);
        text->position->setCoords(seconds(*r.runOutMs), 0);
        text->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
        text->setPadding(QMargins(4, 2, 4, 2));
        text->setColor(c);
        QFont f = text->font();
        f.setBold(true);
        text->setFont(f);
        text->setText(tr("runs out %1")
                          .arg(QLocale().toString(
                              QDateTime::fromMSecsSinceEpoch(*r.runOutMs).date(), QLocale::ShortFormat)));
    }

    UnitFormatter formatter(unitFor(unit));
    static_cast<UnitAxisTicker*>(m_plot->yAxis->ticker().data())->setFormatter(formatter);
    m_plot->yAxis->setLabel(formatter.unit() == UnitFormatter::Unit::Number ? unit : QString());
    m_plot->xAxis->setRange(xMin, xMax);
    // A wide interval may stretch the axis by half at most (it is clipped
    // beyond), so it never flattens the history and forecast.
    top = std::max(top, std::min(bandTop, top * 1.5));
    m_plot->yAxis->setRange(0, top > 0 ? top * 1.15 : 1);
    m_stack->setCurrentWidget(m_plot);
    m_plot->replot();
}

void ForecastChart::changeEvent(QEvent* event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyColours();
}

void ForecastChart::applyColours()
{
    // Follow the desktop palette, dark or light, like the dashboard panels.
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::WindowText);
    QColor grid = pal.color(QPalette::Mid);
    grid.setAlpha(Theme::isDark(pal) ? 90 : 140);
    m_plot->setBackground(pal.brush(QPalette::Base));
    m_plot->axisRect()->setBackground(pal.brush(QPalette::Base));
    for (QCPAxis* axis : { m_plot->xAxis, m_plot->yAxis }) {
        axis->setBasePen(QPen(grid));
        axis->setTickPen(QPen(grid));
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
        axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
    }
    m_plot->legend->setTextColor(text);
    m_plot->replot();
}
