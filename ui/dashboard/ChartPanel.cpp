// qcustomplot.h uses foreach in its templates, which QT_NO_FOREACH (set for
// the project) removes; it must come before any Qt header in this file.
#undef QT_NO_FOREACH
#include <qcustomplot.h>

#include "dashboard/ChartPanel.h"
#include "shell/Theme.h"
#include "shell/UnitAxisTicker.h"

#include <QAction>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMouseEvent>
#include <QStackedLayout>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

using opsdeck::dashboard::PanelDefinition;
using opsdeck::dashboard::PanelUpdate;
using opsdeck::dashboard::SeriesPoints;
using opsdeck::models::UnitFormatter;

namespace {

QColor mix(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
        float(a.blueF() * (1 - t) + b.blueF() * t));
}

constexpr int kMaxTitleValues = 3;
constexpr int kMaxTooltipRows = 12;

} // namespace

ChartPanel::ChartPanel(const PanelDefinition& definition, QWidget* parent)
    : QFrame(parent)
    , m_definition(definition)
{
    setObjectName(QStringLiteral("chartPanel"));
    setFrameShape(QFrame::StyledPanel);
    setMinimumHeight(220);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->setSpacing(2);

    auto* header = new QHBoxLayout;
    header->setSpacing(8);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("chartTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_values = new QLabel(this);
    m_values->setObjectName(QStringLiteral("chartValues"));
    // Ignored: a long list of values is elided instead of widening the grid column.
    m_values->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_menuButton = new QToolButton(this);
    m_menuButton->setObjectName(QStringLiteral("panelMenuButton"));
    m_menuButton->setText(QStringLiteral("\u22ee"));
    m_menuButton->setToolTip(tr("Panel actions"));
    m_menuButton->setAutoRaise(true);
    m_menuButton->setPopupMode(QToolButton::InstantPopup);
    m_menu = new QMenu(m_menuButton);
    m_menu->setObjectName(QStringLiteral("panelMenu"));
    QAction* edit = m_menu->addAction(tr("Edit\u2026"));
    edit->setObjectName(QStringLiteral("editPanelAction"));
    m_moveLeft = m_menu->addAction(tr("Move left"));
    m_moveLeft->setObjectName(QStringLiteral("moveLeftAction"));
    m_moveRight = m_menu->addAction(tr("Move right"));
    m_moveRight->setObjectName(QStringLiteral("moveRightAction"));
    m_legendAction = m_menu->addAction(tr("Show legend"));
    m_legendAction->setObjectName(QStringLiteral("legendAction"));
    m_legendAction->setCheckable(true);
    m_legendAction->setChecked(true);
    m_menu->addSeparator();
    QAction* remove = m_menu->addAction(tr("Remove"));
    remove->setObjectName(QStringLiteral("removePanelAction"));
    m_menuButton->setMenu(m_menu);
    connect(edit, &QAction::triggered, this, &ChartPanel::editRequested);
    connect(m_moveLeft, &QAction::triggered, this, &ChartPanel::moveLeftRequested);
    connect(m_moveRight, &QAction::triggered, this, &ChartPanel::moveRightRequested);
    connect(remove, &QAction::triggered, this, &ChartPanel::removeRequested);
    connect(m_legendAction, &QAction::toggled, this, &ChartPanel::setLegendVisible);
    header->addWidget(m_title);
    header->addWidget(m_values, 1);
    header->addWidget(m_menuButton);
    layout->addLayout(header);

    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("panelError"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->hide();
    layout->addWidget(m_errorLabel);

    m_stack = new QStackedLayout;
    m_message = new QLabel(tr("No data yet"), this);
    m_message->setObjectName(QStringLiteral("panelMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(QStringLiteral("panelPlot"));
    // Raster only: thin unantialiased lines are what keeps 32 panels cheap.
    m_plot->setNotAntialiasedElements(QCP::aeAll);
    m_plot->setAntialiasedElements(QCP::aeLegend | QCP::aeAxes);
    m_plot->setPlottingHint(QCP::phFastPolylines, true);
    m_plot->setPlottingHint(QCP::phCacheLabels, true);
    m_plot->setMouseTracking(true);
    m_plot->installEventFilter(this);

    auto timeTicker = QSharedPointer<QCPAxisTickerDateTime>::create();
    timeTicker->setDateTimeSpec(Qt::LocalTime);
    timeTicker->setDateTimeFormat(QStringLiteral("HH:mm"));
    timeTicker->setTickCount(5);
    m_plot->xAxis->setTicker(timeTicker);
    auto valueTicker = QSharedPointer<UnitAxisTicker>::create();
    valueTicker->setTickCount(4);
    m_plot->yAxis->setTicker(valueTicker);
    for (QCPAxis* axis : { m_plot->xAxis, m_plot->yAxis }) {
        axis->setSubTicks(false);
        axis->setTickLengthIn(0);
        axis->setTickLengthOut(3);
    }
    m_plot->axisRect()->setMinimumMargins(QMargins(0, 4, 0, 0));

    // The legend sits under the chart, in rows, instead of covering the lines.
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->plotLayout()->addElement(1, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
    m_plot->plotLayout()->setRowSpacing(0);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->legend->setWrap(3);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setBrush(Qt::NoBrush);
    m_plot->legend->setIconSize(14, 6);
    m_plot->legend->setRowSpacing(0);
    m_plot->legend->setColumnSpacing(12);
    m_plot->legend->setMargins(QMargins(2, 0, 2, 0));
    m_plot->legend->setVisible(true);

    m_crosshair = new QCPItemStraightLine(m_plot);
    m_crosshair->setVisible(false);
    m_crosshair->setSelectable(false);
    m_tracer = new QCPItemTracer(m_plot);
    m_tracer->setStyle(QCPItemTracer::tsCircle);
    m_tracer->setSize(6);
    m_tracer->setVisible(false);
    m_tracer->setSelectable(false);

    connect(m_plot, &QCustomPlot::mouseMove, this, &ChartPanel::onMouseMove);
    connect(m_plot, &QCustomPlot::afterReplot, this, &ChartPanel::onAfterReplot);

    m_stack->addWidget(m_message);
    m_stack->addWidget(m_plot);
    layout->addLayout(m_stack, 1);

    setDefinition(definition);
    applyColours();
    updateMessage();
}

ChartPanel::~ChartPanel() = default;

void ChartPanel::setDefinition(const PanelDefinition& definition)
{
    m_definition = definition;
    m_formatter = UnitFormatter(UnitFormatter::unitFromName(definition.unit), locale());
    applyUnit();
    setDataSourceName(m_dataSource);
    for (Series& s : m_series) {
        s.name = seriesName(s.labels, definition.legend);
        s.graph->setName(s.name);
    }
    updateTitle();
    requestReplot();
}

void ChartPanel::applyUnit()
{
    if (auto ticker = m_plot->yAxis->ticker().dynamicCast<UnitAxisTicker>())
        ticker->setFormatter(m_formatter);
    rescaleValueAxis();
}

QString ChartPanel::seriesName(const opsdeck::metrics::Labels& labels, const QString& legendTemplate)
{
    if (!legendTemplate.trimmed().isEmpty()) {
        QString out;
        out.reserve(legendTemplate.size());
        qsizetype i = 0;
        while (i < legendTemplate.size()) {
            const qsizetype open = legendTemplate.indexOf(QLatin1String("{{"), i);
            if (open < 0) {
                out += QStringView(legendTemplate).mid(i);
                break;
            }
            const qsizetype close = legendTemplate.indexOf(QLatin1String("}}"), open + 2);
            if (close < 0) {
                out += QStringView(legendTemplate).mid(i);
                break;
            }
            out += QStringView(legendTemplate).mid(i, open - i);
            const QString name = legendTemplate.mid(open + 2, close - open - 2).trimmed();
            out += QString::fromUtf8(labels.value(name.toUtf8()));
            i = close + 2;
        }
        out = out.simplified();
        if (!out.isEmpty())
            return out;
    }
    QStringList parts;
    for (const auto& label : labels) {
        if (label.name == opsdeck::metrics::kMetricNameLabel)
            continue;
        parts.append(QString::fromUtf8(label.name) + QLatin1Char('=') + QString::fromUtf8(label.value));
    }
    if (parts.isEmpty())
        return QString::fromUtf8(labels.metricName());
    return parts.join(QStringLiteral(", "));
}

ChartPanel::Series& ChartPanel::seriesFor(const SeriesPoints& points)
{
    auto it = m_series.find(points.id);
    if (it != m_series.end())
        return *it;
    Series s;
    s.graph = m_plot->addGraph();
    s.graph->setAdaptiveSampling(true);
    s.graph->setLineStyle(QCPGraph::lsLine);
    s.labels = points.labels;
    s.name = seriesName(points.labels, m_definition.legend);
    s.graph->setName(s.name);
    s.colourIndex = m_nextColour++;
    m_order.append(points.id);
    it = m_series.insert(points.id, s);
    applyColours();
    return *it;
}

void ChartPanel::clearSeries()
{
    m_tracer->setGraph(nullptr);
    m_plot->clearGraphs();
    m_series.clear();
    m_order.clear();
    m_nextColour = 0;
}

void ChartPanel::applyUpdate(const PanelUpdate& update)
{
    m_error = update.error;
    if (update.reset) {
        QSet<QString> seen;
        for (const SeriesPoints& points : update.series) {
            Series& s = seriesFor(points);
            seen.insert(points.id);
            QVector<QCPGraphData> data(points.t.size());
            const qsizetype n = std::min(points.t.size(), points.v.size());
            data.resize(n);
            for (qsizetype i = 0; i < n; ++i)
                data[i] = QCPGraphData(points.t[i], points.v[i]);
            s.graph->data()->set(data, true);
        }
        // Series the new window no longer has go; the others keep their colours.
        for (const QString& id : QList<QString>(m_order)) {
            if (!seen.contains(id)) {
                const Series s = m_series.take(id);
                if (m_tracer->graph() == s.graph)
                    m_tracer->setGraph(nullptr);
                m_plot->removeGraph(s.graph);
                m_order.removeOne(id);
            }
        }
        m_sampleTimeMs = update.sampleTimeMs;
    } else {
        for (const SeriesPoints& points : update.series) {
            Series& s = seriesFor(points);
            s.graph->addData(points.t, points.v, true);
        }
        m_sampleTimeMs = std::max(m_sampleTimeMs, update.sampleTimeMs);
    }
    if (update.windowEnd > update.windowStart) {
        m_windowStart = update.windowStart;
        m_windowEnd = update.windowEnd;
    }
    if (m_windowEnd > m_windowStart) {
        for (const Series& s : std::as_const(m_series))
            s.graph->data()->removeBefore(m_windowStart);
        m_plot->xAxis->setRange(m_windowStart, m_windowEnd);
        if (auto ticker = m_plot->xAxis->ticker().dynamicCast<QCPAxisTickerDateTime>()) {
            ticker->setDateTimeFormat(
                m_windowEnd - m_windowStart <= 300 ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm"));
        }
    }
    rescaleValueAxis();
    updateTitle();
    updateMessage();
    requestReplot();
}

void ChartPanel::rescaleValueAxis()
{
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    for (const Series& s : std::as_const(m_series)) {
        for (const QCPGraphData& d : *s.graph->data()) {
            if (std::isfinite(d.value)) {
                lo = std::min(lo, d.value);
                hi = std::max(hi, d.value);
            }
        }
    }
    if (!(lo <= hi)) {
        lo = 0;
        hi = 1;
    }
    // Levels read true against zero; only signed data goes below it.
    if (lo > 0)
        lo = 0;
    if (hi < 0)
        hi = 0;
    if (hi == lo)
        hi = lo + 1;
    const double step = m_formatter.axisTicks(lo, hi, 4).step;
    if (step > 0) {
        lo = std::floor(lo / step + 1e-9) * step;
        hi = std::ceil(hi / step - 1e-9) * step;
    }
    m_plot->yAxis->setRange(lo, hi);
}

void ChartPanel::updateTitle()
{
    QStringList parts;
    int shown = 0;
    for (const QString& id : std::as_const(m_order)) {
        const Series& s = m_series[id];
        if (s.graph->data()->isEmpty())
            continue;
        if (shown == kMaxTitleValues) {
            parts.append(tr("+%n more", nullptr, int(m_order.size()) - kMaxTitleValues));
            break;
        }
        const double value = (s.graph->data()->constEnd() - 1)->value;
        const QString formatted = m_formatter.format(value);
        parts.append(m_order.size() == 1 ? formatted : s.name + QLatin1Char(' ') + formatted);
        ++shown;
    }
    m_valuesText = parts.join(QStringLiteral("  \u00b7  "));
    const int width = std::max(0, m_values->width());
    m_values->setText(m_values->fontMetrics().elidedText(m_valuesText, Qt::ElideRight, width));
    m_values->setToolTip(m_valuesText);
}

void ChartPanel::setDataSourceName(const QString& name)
{
    m_dataSource = name;
    const QString title = name.isEmpty()
        ? m_definition.title
        : tr("%1 \u00b7 %2", "panel title · data source").arg(m_definition.title, name);
    m_title->setText(title);
    m_title->setToolTip(
        name.isEmpty() ? m_definition.query : tr("%1\nfrom data source %2").arg(m_definition.query, name));
}

QString ChartPanel::titleText() const
{
    const QString title = m_title->text();
    return m_valuesText.isEmpty() ? title : title + QLatin1Char(' ') + m_valuesText;
}

QString ChartPanel::messageText() const
{
    if (m_stack->currentWidget() == m_message)
        return m_message->text();
    return m_errorLabel->isVisible() ? m_errorLabel->text() : QString();
}

bool ChartPanel::hasData() const
{
    for (const Series& s : m_series) {
        if (!s.graph->data()->isEmpty())
            return true;
    }
    return false;
}

qint64 ChartPanel::pointCount() const
{
    qint64 n = 0;
    for (const Series& s : m_series)
        n += s.graph->data()->size();
    return n;
}

void ChartPanel::updateMessage()
{
    if (!hasData()) {
        m_message->setText(m_error.isEmpty() ? tr("No data yet") : m_error);
        m_stack->setCurrentWidget(m_message);
        m_errorLabel->hide();
        return;
    }
    m_stack->setCurrentWidget(m_plot);
    m_errorLabel->setText(m_error);
    m_errorLabel->setVisible(!m_error.isEmpty());
}

void ChartPanel::setLegendVisible(bool visible)
{
    m_legendVisible = visible;
    if (m_legendAction->isChecked() != visible)
        m_legendAction->setChecked(visible);
    m_plot->legend->setVisible(visible);
    // An invisible legend still reserves its row; give it no height.
    m_plot->legend->setMaximumSize(visible ? QSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX) : QSize(QWIDGETSIZE_MAX, 0));
    requestReplot();
}

void ChartPanel::setMoveEnabled(bool left, bool right)
{
    m_moveLeft->setEnabled(left);
    m_moveRight->setEnabled(right);
}

void ChartPanel::applyColours()
{
    const QPalette pal = palette();
    const QColor background = pal.color(QPalette::Window);
    const QColor text = pal.color(QPalette::WindowText);
    const QColor grid = mix(background, text, 0.12);
    const QColor axis = mix(background, text, 0.45);
    m_plot->setBackground(background);
    for (QCPAxis* axis2 : { m_plot->xAxis, m_plot->yAxis }) {
        axis2->setBasePen(QPen(axis, 1));
        axis2->setTickPen(QPen(axis, 1));
        axis2->setTickLabelColor(mix(background, text, 0.8));
        axis2->grid()->setPen(QPen(grid, 1, Qt::SolidLine));
        axis2->grid()->setZeroLinePen(Qt::NoPen);
    }
    m_plot->xAxis->grid()->setVisible(true);
    m_plot->legend->setTextColor(text);
    m_crosshair->setPen(QPen(mix(background, text, 0.5), 1, Qt::DashLine));
    m_tracer->setPen(QPen(text, 1));
    m_tracer->setBrush(Qt::NoBrush);
    const auto& colours = Theme::seriesColours();
    for (const Series& s : std::as_const(m_series)) {
        const int n = int(colours.size());
        // Past the palette, lines repeat colours with a dash so they stay apart.
        QPen pen(colours[s.colourIndex % n], 1, s.colourIndex < n ? Qt::SolidLine : Qt::DashLine);
        pen.setCosmetic(true);
        s.graph->setPen(pen);
    }
    QPalette messagePalette = m_message->palette();
    messagePalette.setColor(QPalette::WindowText, mix(background, text, 0.6));
    m_message->setPalette(messagePalette);
}

bool ChartPanel::isOnScreen() const
{
    return isVisible() && !visibleRegion().isEmpty();
}

void ChartPanel::requestReplot()
{
    // Hidden or scrolled away: remember, draw when it is seen again.
    if (!isOnScreen()) {
        m_dirty = true;
        return;
    }
    m_dirty = false;
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ChartPanel::flushIfDirty()
{
    if (m_dirty && isOnScreen()) {
        m_dirty = false;
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void ChartPanel::onAfterReplot()
{
    if (hasData())
        emit drawn(m_sampleTimeMs);
}

void ChartPanel::changeEvent(QEvent* event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyColours();
        requestReplot();
    } else if (event->type() == QEvent::LocaleChange) {
        setDefinition(m_definition);
    }
}

void ChartPanel::showEvent(QShowEvent* event)
{
    QFrame::showEvent(event);
    updateTitle();
    if (m_dirty) {
        m_dirty = false;
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void ChartPanel::resizeEvent(QResizeEvent* event)
{
    QFrame::resizeEvent(event);
    updateTitle();
}

bool ChartPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_plot && event->type() == QEvent::Leave)
        hideHover();
    return QFrame::eventFilter(watched, event);
}

QString ChartPanel::hoverTextFor(const QPointF& pos)
{
    if (!hasData() || !m_plot->axisRect()->rect().contains(pos.toPoint()))
        return QString();
    const double key = m_plot->xAxis->pixelToCoord(pos.x());
    struct Row
    {
        QString id;
        double key;
        double value;
    };
    QList<Row> rows;
    int nearest = -1;
    double nearestDistance = std::numeric_limits<double>::infinity();
    for (const QString& id : std::as_const(m_order)) {
        const auto data = m_series[id].graph->data();
        if (data->isEmpty())
            continue;
        auto it = data->findBegin(key, false);
        if (it == data->constEnd())
            --it;
        if (it != data->constBegin() && std::abs((it - 1)->key - key) < std::abs(it->key - key))
            --it;
        rows.append({ id, it->key, it->value });
        if (std::isfinite(it->value)) {
            const double distance = std::abs(m_plot->yAxis->coordToPixel(it->value) - pos.y());
            if (distance < nearestDistance) {
                nearestDistance = distance;
                nearest = int(rows.size()) - 1;
            }
        }
    }
    if (rows.isEmpty())
        return QString();
    const Row& anchor = rows[nearest >= 0 ? nearest : 0];
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(qint64(std::llround(anchor.key * 1000)));
    QStringList lines;
    lines.append(locale().toString(when, QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    for (int i = 0; i < rows.size(); ++i) {
        if (lines.size() > kMaxTooltipRows && i != nearest)
            continue;
        const QString marker = i == nearest ? QStringLiteral("\u25b8 ") : QStringLiteral("  ");
        lines.append(
            marker + m_series[rows[i].id].name + QStringLiteral(": ") + m_formatter.format(rows[i].value));
    }
    if (rows.size() + 1 > lines.size())
        lines.append(tr("\u2026 %n more", nullptr, int(rows.size() + 1 - lines.size())));

    m_crosshair->point1->setCoords(anchor.key, 0);
    m_crosshair->point2->setCoords(anchor.key, 1);
    m_crosshair->setVisible(true);
    if (nearest >= 0) {
        m_tracer->setGraph(m_series[anchor.id].graph);
        m_tracer->setGraphKey(anchor.key);
        m_tracer->setVisible(true);
    } else {
        m_tracer->setVisible(false);
    }
    return lines.join(QLatin1Char('\n'));
}

QString ChartPanel::hoverAt(const QPoint& pos)
{
    m_hoverText = hoverTextFor(pos);
    if (m_hoverText.isEmpty())
        hideHover();
    else
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    return m_hoverText;
}

void ChartPanel::onMouseMove(QMouseEvent* event)
{
    m_hoverText = hoverTextFor(event->position());
    if (m_hoverText.isEmpty()) {
        hideHover();
        return;
    }
    QToolTip::showText(event->globalPosition().toPoint(), m_hoverText, m_plot);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ChartPanel::hideHover()
{
    if (!m_crosshair->visible() && !m_tracer->visible())
        return;
    m_crosshair->setVisible(false);
    m_tracer->setVisible(false);
    m_tracer->setGraph(nullptr);
    QToolTip::hideText();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}
