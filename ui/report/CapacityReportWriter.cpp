#include "CapacityReportWriter.h"

#include "format/UnitFormatter.h"

#include <QAbstractTextDocumentLayout>
#include <QTextObjectInterface>
#include <QBuffer>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QImage>
#include <QLocale>
#include <QLoggingCategory>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>
#include <QSet>
#include <QTextDocument>

#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcReport, "opsdeck.report")

namespace opsdeck::report {

using capacity::CapacityPlan;
using capacity::ResourceForecast;
using capacity::ResourceStatus;
using models::UnitFormatter;

namespace {

constexpr qint64 kHourMs = 3'600'000;
constexpr qint64 kDayMs = 24 * kHourMs;
constexpr int kSummaryRows = 10;
constexpr int kMaxAnomalyRows = 500;
// Chart size in CSS pixels (96 dpi): fits the landscape A4 text width (267 mm),
// two charts to a page.
constexpr int kChartWidth = 960;
constexpr int kChartHeight = 265;

// Palette (Okabe-Ito, readable by colour-blind readers); severity colours only for status.
const QColor kSeriesHue(0, 114, 178);
const QColor kCeilingColor(68, 68, 68);
const QColor kRunOutColor(213, 94, 0);
const QColor kAnomalyColor(204, 121, 167);
const QColor kGridColor(225, 225, 225);
const QColor kTextColor(40, 40, 40);
const QColor kMutedText(110, 110, 110);

QString tr(const char* text)
{
    return QCoreApplication::translate("opsdeck::report", text); // lupdate's context for this namespace
}

UnitFormatter::Unit formatterUnit(const QString& unit)
{
    if (unit == QLatin1String("req/s"))
        return UnitFormatter::Unit::OpsPerSecond;
    return UnitFormatter::unitFromName(unit);
}

// A value in the resource's unit: IEC bytes, "/s" rates, otherwise the unit's name after the number.
QString formatValue(double value, const QString& unit)
{
    const UnitFormatter::Unit u = formatterUnit(unit);
    QString text = UnitFormatter(u).format(value);
    if (u == UnitFormatter::Unit::Number && !unit.isEmpty() && std::isfinite(value))
        text += QLatin1Char(' ') + unit;
    return text;
}

QString formatDuration(qint64 ms)
{
    return UnitFormatter(UnitFormatter::Unit::Seconds).format(double(ms) / 1000.0);
}

QString formatPercent(double percent)
{
    return UnitFormatter(UnitFormatter::Unit::Percent).format(percent);
}

QDateTime utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QString dateText(qint64 ms)
{
    return QLocale().toString(utc(ms).date(), QStringLiteral("d MMM yyyy"));
}

QString dateTimeText(qint64 ms)
{
    return QLocale().toString(utc(ms), QStringLiteral("d MMM yyyy HH:mm")) + QStringLiteral(" UTC");
}

QString isoUtc(qint64 ms)
{
    return utc(ms).toString(Qt::ISODate);
}

QString statusWord(ResourceStatus status)
{
    switch (status) {
    case ResourceStatus::Red:
        return tr("Red");
    case ResourceStatus::Amber:
        return tr("Amber");
    case ResourceStatus::Green:
        return tr("Green");
    case ResourceStatus::Unknown:
        break;
    }
    return tr("Unknown");
}

// Dark enough to read as text on white.
QString statusColor(ResourceStatus status)
{
    switch (status) {
    case ResourceStatus::Red:
        return QStringLiteral("#c62828");
    case ResourceStatus::Amber:
        return QStringLiteral("#b45309");
    case ResourceStatus::Green:
        return QStringLiteral("#2e7d32");
    case ResourceStatus::Unknown:
        break;
    }
    return QStringLiteral("#616161");
}

double growthOf(const ResourceForecast& r)
{
    return r.growthFactor > 0 && std::isfinite(r.growthFactor) ? r.growthFactor : 1.0;
}

double ceilingValue(const ResourceForecast& r)
{
    return r.definition.ceiling * r.capacity;
}

std::optional<qint64> remainingMs(const ResourceForecast& r, qint64 nowMs)
{
    if (!r.runOutMs)
        return std::nullopt;
    return std::max<qint64>(0, *r.runOutMs - nowMs);
}

int statusRank(ResourceStatus s)
{
    switch (s) {
    case ResourceStatus::Red:
        return 0;
    case ResourceStatus::Amber:
        return 1;
    case ResourceStatus::Green:
        return 2;
    case ResourceStatus::Unknown:
        break;
    }
    return 3;
}

// Soonest run-out first; items without one by status, then least headroom.
QList<int> reportOrder(const CapacityPlan& plan)
{
    QList<int> order(plan.resources.size());
    for (int i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        const ResourceForecast& ra = plan.resources.at(a);
        const ResourceForecast& rb = plan.resources.at(b);
        if (bool(ra.runOutMs) != bool(rb.runOutMs))
            return bool(ra.runOutMs);
        if (ra.runOutMs && *ra.runOutMs != *rb.runOutMs)
            return *ra.runOutMs < *rb.runOutMs;
        if (statusRank(ra.status) != statusRank(rb.status))
            return statusRank(ra.status) < statusRank(rb.status);
        const double ha = std::isnan(ra.headroomPct) ? 1e300 : ra.headroomPct;
        const double hb = std::isnan(rb.headroomPct) ? 1e300 : rb.headroomPct;
        if (ha != hb)
            return ha < hb;
        return ra.item < rb.item;
    });
    return order;
}

QString timeRemainingText(const ResourceForecast& r, qint64 nowMs, qint64 horizonMs)
{
    const auto remaining = remainingMs(r, nowMs);
    if (!remaining) {
        if (r.forecast.points.isEmpty())
            return tr("no forecast");
        return tr("beyond %1").arg(formatDuration(horizonMs));
    }
    QString text = formatDuration(*remaining);
    if (r.runOutEarliestMs || r.runOutLatestMs) {
        const QString low = r.runOutEarliestMs ? formatDuration(std::max<qint64>(0, *r.runOutEarliestMs - nowMs))
                                               : QStringLiteral("?");
        const QString high = r.runOutLatestMs ? formatDuration(std::max<qint64>(0, *r.runOutLatestMs - nowMs))
                                              : QStringLiteral("> ") + formatDuration(horizonMs);
        if (low != text || high != text) // a collapsed interval only repeats the value
            text += QStringLiteral(" (") + low + QStringLiteral(" \u2013 ") + high + QLatin1Char(')');
    }
    return text;
}

QString escaped(const QString& s)
{
    return s.toHtmlEscaped();
}

QString statusHtml(ResourceStatus s)
{
    return QStringLiteral("<span style=\"color:%1; font-weight:bold\">%2</span>")
        .arg(statusColor(s), escaped(statusWord(s)));
}

// ---------- chart ----------

struct TimeTicks
{
    QList<qint64> times;
    QStringList labels;
};

TimeTicks timeTicks(qint64 from, qint64 to, int maxTicks)
{
    static const qint64 steps[] = {kHourMs,     2 * kHourMs, 3 * kHourMs, 6 * kHourMs, 12 * kHourMs,
                                   kDayMs,      2 * kDayMs,  7 * kDayMs,  14 * kDayMs, 28 * kDayMs,
                                   91 * kDayMs, 182 * kDayMs};
    const qint64 span = std::max<qint64>(1, to - from);
    qint64 step = steps[std::size(steps) - 1];
    for (qint64 s : steps) {
        if (span / s <= maxTicks) {
            step = s;
            break;
        }
    }
    TimeTicks ticks;
    const QLocale locale;
    const bool showYear = span > 180 * kDayMs;
    // Weekly ticks on Mondays (the epoch was a Thursday), others on UTC hour/day boundaries.
    const qint64 offset = step % (7 * kDayMs) == 0 ? 4 * kDayMs : 0;
    qint64 t = ((from - offset + step - 1) / step) * step + offset;
    if (t < from)
        t += step;
    for (; t <= to && ticks.times.size() < 100; t += step) {
        ticks.times.append(t);
        const QDateTime dt = utc(t);
        QString label;
        if (step < kDayMs)
            label = locale.toString(dt, QStringLiteral("d MMM HH:mm"));
        else if (showYear)
            label = locale.toString(dt, QStringLiteral("d MMM yy"));
        else
            label = locale.toString(dt, QStringLiteral("d MMM"));
        ticks.labels.append(label);
    }
    return ticks;
}

void drawLegendEntry(QPainter& p, qreal& x, qreal y, qreal u, const QString& text, const std::function<void(QRectF)>& swatch)
{
    const QRectF sw(x, y - 4 * u, 18 * u, 8 * u);
    swatch(sw);
    x += 22 * u;
    p.setPen(kTextColor);
    const QFontMetricsF fm(p.font());
    p.drawText(QPointF(x, y + fm.ascent() / 2 - 1 * u), text);
    x += fm.horizontalAdvance(text) + 14 * u;
}

} // namespace

std::optional<ReportFormat> reportFormatFromName(const QString& name)
{
    const QString n = name.toLower();
    if (n == QLatin1String("pdf"))
        return ReportFormat::Pdf;
    if (n == QLatin1String("html") || n == QLatin1String("htm"))
        return ReportFormat::Html;
    if (n == QLatin1String("csv"))
        return ReportFormat::Csv;
    return std::nullopt;
}

void paintForecastChart(QPainter& p, const QRectF& rect, const ResourceForecast& r)
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    // Every size is designed for a 900-unit wide chart and scaled, so the same
    // code draws on a QImage and straight on a 1200 dpi PDF page.
    const qreal u = rect.width() / 900.0;
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(std::max(1, qRound(13 * u)));
    QFont small = font;
    small.setPixelSize(std::max(1, qRound(12 * u)));
    QFont titleFont = font;
    titleFont.setPixelSize(std::max(1, qRound(15 * u)));
    titleFont.setBold(true);

    p.fillRect(rect, Qt::white);
    p.setPen(QPen(QColor(200, 200, 200), 1 * u));
    p.setBrush(Qt::NoBrush);
    p.drawRect(rect.adjusted(0.5 * u, 0.5 * u, -0.5 * u, -0.5 * u));

    const double g = growthOf(r);
    const QString unit = r.definition.unit;
    const QList<capacity::ForecastPoint>& fc = r.forecast.points;
    const capacity::Series& h = r.history;
    const qint64 historyEnd = h.values.isEmpty() ? 0 : h.startMs + h.stepMs * (h.values.size() - 1);

    // Title: resource and item left, current value and model right.
    const QRectF titleRect(rect.left() + 10 * u, rect.top() + 6 * u, rect.width() - 20 * u, 22 * u);
    p.setFont(titleFont);
    p.setPen(kTextColor);
    const QString title = r.definition.name + QStringLiteral(" \u2014 ") + r.item;
    p.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter, title);
    {
        QStringList facts;
        if (std::isfinite(r.currentAvg))
            facts << tr("now %1").arg(formatValue(r.currentAvg, unit));
        if (std::isfinite(r.capacity))
            facts << tr("capacity %1").arg(formatValue(r.capacity, unit));
        if (!fc.isEmpty()) {
            QString model = r.forecast.modelName;
            if (std::isfinite(r.forecast.mase))
                model += QStringLiteral(" (MASE %1)").arg(QLocale().toString(r.forecast.mase, 'f', 2));
            facts << model;
        }
        if (g != 1.0)
            facts << tr("forecast \u00d7%1").arg(QLocale().toString(g, 'g', 4));
        p.setFont(small);
        p.setPen(kMutedText);
        const qreal titleWidth = QFontMetricsF(titleFont).horizontalAdvance(title);
        const QRectF factsRect = titleRect.adjusted(titleWidth + 16 * u, 0, 0, 0);
        p.drawText(factsRect, Qt::AlignRight | Qt::AlignVCenter,
                   QFontMetricsF(small).elidedText(facts.join(QStringLiteral(" \u00b7 ")), Qt::ElideLeft,
                                                   factsRect.width()));
    }

    // Data ranges.
    qint64 xMin = 0, xMax = 0;
    bool haveX = false;
    const auto extendX = [&](qint64 t) {
        if (!haveX) {
            xMin = xMax = t;
            haveX = true;
        } else {
            xMin = std::min(xMin, t);
            xMax = std::max(xMax, t);
        }
    };
    double yMin = 0, yMax = 0; // a capacity axis starts at zero
    const auto extendY = [&](double v) {
        if (std::isfinite(v)) {
            yMin = std::min(yMin, v);
            yMax = std::max(yMax, v);
        }
    };
    if (!h.values.isEmpty()) {
        extendX(h.startMs);
        extendX(historyEnd);
    }
    for (double v : h.values)
        extendY(v);
    // The axis follows the data, the forecast and the ceiling. Intervals may
    // widen fast far out: they may stretch the axis by half at most (and are
    // clipped), so the history never shrinks to a flat line at the bottom.
    double bandMax = 0;
    for (const auto& pt : fc) {
        extendX(pt.timeMs);
        extendY(pt.value * g);
        for (double b : {pt.upper80, pt.upper95})
            if (std::isfinite(b))
                bandMax = std::max(bandMax, b * g);
    }
    const double ceiling = ceilingValue(r);
    extendY(ceiling);
    for (const auto& a : r.anomalies)
        extendY(a.value);
    if (bandMax > yMax)
        yMax = std::min(bandMax, yMax + 0.5 * (yMax - yMin));
    if (!haveX) {
        xMin = 0;
        xMax = kDayMs;
    }
    if (xMax <= xMin)
        xMax = xMin + kDayMs;

    const UnitFormatter formatter(formatterUnit(unit));
    UnitFormatter::AxisTicks yTicks = formatter.axisTicks(yMin, yMax, 5);
    if (yTicks.step > 0) {
        yMin = std::floor(yMin / yTicks.step + 1e-9) * yTicks.step;
        yMax = std::ceil(yMax / yTicks.step - 1e-9) * yTicks.step;
        if (yMax <= yMin)
            yMax = yMin + yTicks.step;
        yTicks = formatter.axisTicks(yMin, yMax, 5);
    }
    if (yMax <= yMin)
        yMax = yMin + 1;
    QString axisUnit;
    if (formatterUnit(unit) == UnitFormatter::Unit::Number && !unit.isEmpty())
        axisUnit = unit;

    // Plot area.
    p.setFont(small);
    const QFontMetricsF fm(small);
    qreal labelWidth = 0;
    for (const QString& l : std::as_const(yTicks.labels))
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(l));
    const qreal legendHeight = 20 * u;
    const qreal top = titleRect.bottom() + 14 * u + (axisUnit.isEmpty() ? 0 : fm.height());
    const QRectF plot(rect.left() + labelWidth + 18 * u, top, rect.width() - labelWidth - 18 * u - 16 * u,
                      rect.bottom() - top - fm.height() - 10 * u - legendHeight - 8 * u);
    const auto xOf = [&](qint64 t) { return plot.left() + plot.width() * double(t - xMin) / double(xMax - xMin); };
    const auto yOf = [&](double v) { return plot.bottom() - plot.height() * (v - yMin) / (yMax - yMin); };

    // Grid and value ticks.
    for (int i = 0; i < yTicks.values.size(); ++i) {
        const qreal y = yOf(yTicks.values.at(i));
        p.setPen(QPen(kGridColor, 1 * u));
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p.setPen(kMutedText);
        p.drawText(QRectF(rect.left() + 4 * u, y - fm.height() / 2, labelWidth + 8 * u, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, yTicks.labels.at(i));
    }
    if (!axisUnit.isEmpty()) {
        p.setPen(kMutedText);
        p.drawText(QRectF(rect.left() + 4 * u, plot.top() - 1.5 * fm.height() - 4 * u, labelWidth + 60 * u, fm.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, axisUnit);
    }
    // Time ticks.
    const TimeTicks xTicks = timeTicks(xMin, xMax, std::max(2, int(plot.width() / (95 * u))));
    for (int i = 0; i < xTicks.times.size(); ++i) {
        const qreal x = xOf(xTicks.times.at(i));
        p.setPen(QPen(kGridColor, 1 * u));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        p.setPen(QPen(kMutedText, 1 * u));
        p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4 * u));
        const qreal w = fm.horizontalAdvance(xTicks.labels.at(i));
        const qreal left = std::clamp(x - w / 2, rect.left() + 2 * u, rect.right() - w - 2 * u);
        p.drawText(QPointF(left, plot.bottom() + 6 * u + fm.ascent()), xTicks.labels.at(i));
    }
    p.setPen(QPen(kMutedText, 1 * u));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.drawLine(plot.bottomLeft(), plot.topLeft());

    p.save();
    p.setClipRect(plot.adjusted(0, -2 * u, 0, 0));

    // "Now": where the history ends and the forecast begins.
    if (!h.values.isEmpty() && !fc.isEmpty()) {
        const qreal x = xOf(historyEnd);
        p.setPen(QPen(QColor(150, 150, 150), 1 * u, Qt::DotLine));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        p.setPen(kMutedText);
        p.drawText(QPointF(x + 4 * u, plot.bottom() - fm.descent() - 3 * u), tr("now"));
    }

    // Bands: 95 % light, 80 % darker, same hue.
    const auto band = [&](double capacity::ForecastPoint::*lo, double capacity::ForecastPoint::*hi, int alpha) {
        QPolygonF poly;
        for (const auto& pt : fc)
            if (std::isfinite(pt.*lo) && std::isfinite(pt.*hi))
                poly << QPointF(xOf(pt.timeMs), yOf(pt.*hi * g));
        for (auto it = fc.crbegin(); it != fc.crend(); ++it)
            if (std::isfinite((*it).*lo) && std::isfinite((*it).*hi))
                poly << QPointF(xOf(it->timeMs), yOf((*it).*lo * g));
        if (poly.size() < 3)
            return;
        QColor c = kSeriesHue;
        c.setAlpha(alpha);
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawPolygon(poly);
    };
    band(&capacity::ForecastPoint::lower95, &capacity::ForecastPoint::upper95, 40);
    band(&capacity::ForecastPoint::lower80, &capacity::ForecastPoint::upper80, 80);
    p.setBrush(Qt::NoBrush);

    // History: thin solid line with gaps where values are missing.
    QPainterPath history;
    bool penDown = false;
    QPointF lastHistory;
    bool haveLast = false;
    for (int i = 0; i < h.values.size(); ++i) {
        const double v = h.values.at(i);
        if (!std::isfinite(v)) {
            penDown = false;
            continue;
        }
        const QPointF pt(xOf(h.startMs + h.stepMs * i), yOf(v));
        if (penDown)
            history.lineTo(pt);
        else
            history.moveTo(pt);
        penDown = true;
        lastHistory = pt;
        haveLast = true;
    }
    p.setPen(QPen(kSeriesHue, 1.2 * u, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPath(history);

    // Forecast: dashed, joined to the last observed point.
    QPainterPath forecast;
    bool started = false;
    if (haveLast && !fc.isEmpty()) {
        forecast.moveTo(lastHistory);
        started = true;
    }
    for (const auto& pt : fc) {
        if (!std::isfinite(pt.value))
            continue;
        const QPointF q(xOf(pt.timeMs), yOf(pt.value * g));
        if (started)
            forecast.lineTo(q);
        else
            forecast.moveTo(q);
        started = true;
    }
    QPen dashed(kSeriesHue, 1.8 * u, Qt::CustomDashLine, Qt::FlatCap, Qt::RoundJoin);
    dashed.setDashPattern({4, 3});
    p.setPen(dashed);
    p.drawPath(forecast);

    // Anomalies: small hollow circles on the history.
    p.setPen(QPen(kAnomalyColor, 1.8 * u));
    for (const auto& a : r.anomalies) {
        if (std::isfinite(a.value))
            p.drawEllipse(QPointF(xOf(a.timeMs), yOf(a.value)), 4.5 * u, 4.5 * u);
    }
    p.restore(); // clip

    // Ceiling line, labelled.
    if (std::isfinite(ceiling) && ceiling > yMin && ceiling <= yMax) {
        const qreal y = yOf(ceiling);
        QPen pen(kCeilingColor, 1.3 * u, Qt::DashDotLine);
        p.setPen(pen);
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        const QString label = tr("ceiling %1 = %2")
                                  .arg(formatPercent(r.definition.ceiling * 100), formatValue(ceiling, unit));
        const qreal w = fm.horizontalAdvance(label);
        const QRectF box(plot.left() + 6 * u, y - fm.height() - 2 * u, w + 6 * u, fm.height());
        p.fillRect(box, QColor(255, 255, 255, 210));
        p.setPen(kCeilingColor);
        p.drawText(box, Qt::AlignCenter, label);
    }

    // Run-out marker when it falls inside the chart.
    if (r.runOutMs && *r.runOutMs >= xMin && *r.runOutMs <= xMax) {
        const qreal x = xOf(*r.runOutMs);
        p.setPen(QPen(kRunOutColor, 1.6 * u));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        const QString label = tr("runs out %1").arg(dateText(*r.runOutMs));
        QFont bold = small;
        bold.setBold(true);
        p.setFont(bold);
        const QFontMetricsF bm(bold);
        const qreal w = bm.horizontalAdvance(label) + 8 * u;
        // Label to the left of the line when there is no room on the right.
        const qreal left = x + w + 4 * u <= plot.right() ? x + 4 * u : x - w - 4 * u;
        const QRectF box(left, plot.top() + 2 * u, w, bm.height() + 2 * u);
        p.fillRect(box, QColor(255, 255, 255, 225));
        p.setPen(kRunOutColor);
        p.drawText(box, Qt::AlignCenter, label);
        p.setFont(small);
    }

    if (fc.isEmpty()) {
        const QString why = r.problem.isEmpty() ? tr("No forecast for this item.")
                                                : tr("No forecast: %1").arg(r.problem);
        p.setPen(kMutedText);
        p.drawText(plot, Qt::AlignCenter | Qt::TextWordWrap, why);
    }

    // Legend.
    qreal lx = plot.left();
    const qreal ly = rect.bottom() - legendHeight / 2 - 4 * u;
    drawLegendEntry(p, lx, ly, u, tr("history"), [&](QRectF s) {
        p.setPen(QPen(kSeriesHue, 1.2 * u));
        p.drawLine(QPointF(s.left(), s.center().y()), QPointF(s.right(), s.center().y()));
    });
    if (!fc.isEmpty()) {
        drawLegendEntry(p, lx, ly, u, tr("forecast"), [&](QRectF s) {
            p.setPen(dashed);
            p.drawLine(QPointF(s.left(), s.center().y()), QPointF(s.right(), s.center().y()));
        });
        drawLegendEntry(p, lx, ly, u, tr("80 % interval"), [&](QRectF s) {
            QColor c = kSeriesHue;
            c.setAlpha(120);
            p.fillRect(s, c);
        });
        drawLegendEntry(p, lx, ly, u, tr("95 % interval"), [&](QRectF s) {
            QColor c = kSeriesHue;
            c.setAlpha(40);
            p.fillRect(s, c);
        });
    }
    if (std::isfinite(ceiling))
        drawLegendEntry(p, lx, ly, u, tr("ceiling"), [&](QRectF s) {
            p.setPen(QPen(kCeilingColor, 1.3 * u, Qt::DashDotLine));
            p.drawLine(QPointF(s.left(), s.center().y()), QPointF(s.right(), s.center().y()));
        });
    if (r.runOutMs)
        drawLegendEntry(p, lx, ly, u, tr("run-out"), [&](QRectF s) {
            p.setPen(QPen(kRunOutColor, 1.6 * u));
            p.drawLine(QPointF(s.center().x(), s.top() - 2 * u), QPointF(s.center().x(), s.bottom() + 2 * u));
        });
    if (!r.anomalies.isEmpty())
        drawLegendEntry(p, lx, ly, u, tr("anomaly"), [&](QRectF s) {
            p.setPen(QPen(kAnomalyColor, 1.8 * u));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(s.center(), 4.5 * u, 4.5 * u);
        });
    p.restore();
}

QImage renderForecastChart(const ResourceForecast& resource, int width, int height, qreal dpr)
{
    if (!(dpr > 0))
        dpr = 1;
    QImage image(qRound(width * dpr), qRound(height * dpr), QImage::Format_RGB32);
    image.setDevicePixelRatio(dpr);
    image.fill(Qt::white);
    QPainter painter(&image);
    paintForecastChart(painter, QRectF(0, 0, width, height), resource);
    painter.end();
    return image;
}

namespace {

// ---------- report content ----------

enum class Target { Pdf, Html };

struct Writer
{
    // lupdate files the tr() calls in here under this context.
    static QString tr(const char* text) { return QCoreApplication::translate("opsdeck::report::Writer", text); }

    const CapacityPlan& plan;
    const ReportOptions& options;
    const ReportProgress& progress;
    QList<int> order;
    int done = 0;
    int total = 0;
    bool cancelled = false;
    const QPaintDevice* device = nullptr; // the PDF writer, for image sizes

    bool step()
    {
        ++done;
        if (progress && !progress(done, total))
            cancelled = true;
        return !cancelled;
    }

    QString title() const { return options.title.isEmpty() ? tr("Capacity report") : options.title; }
    int chartCount() const { return int(std::min<qsizetype>(order.size(), std::max(0, options.maxCharts))); }

    QString scopeHtml() const
    {
        QString s;
        s += QStringLiteral("<h2>") + escaped(tr("Scope")) + QStringLiteral("</h2>");
        s += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\">");
        const auto row = [&](const QString& k, const QString& v) {
            s += QStringLiteral("<tr><td style=\"color:#555; padding-right:12px\">") + escaped(k)
                 + QStringLiteral("</td><td>") + v + QStringLiteral("</td></tr>");
        };
        QStringList hosts = plan.hosts;
        const qsizetype hostCount = hosts.size();
        QString hostText;
        if (hostCount > 12) {
            hosts = hosts.mid(0, 12);
            hostText = escaped(hosts.join(QStringLiteral(", "))) + escaped(tr(" and %1 more").arg(hostCount - 12));
        } else {
            hostText = escaped(hosts.join(QStringLiteral(", ")));
        }
        row(tr("Hosts"), QStringLiteral("%1 &nbsp; <span style=\"color:#555\">%2</span>")
                             .arg(QString::number(hostCount), hostText));
        row(tr("Items"), QString::number(plan.resources.size()));
        row(tr("History window"), escaped(dateTimeText(plan.fromMs) + QStringLiteral(" \u2013 ") + dateTimeText(plan.toMs)
                                          + QStringLiteral(" (") + formatDuration(plan.toMs - plan.fromMs)
                                          + QLatin1Char(')')));
        row(tr("Resolution"), escaped(formatDuration(plan.stepMs)));
        row(tr("Forecast horizon"), escaped(formatDuration(plan.horizonMs)));
        row(tr("Models used"), escaped(plan.models.isEmpty() ? tr("none") : plan.models.join(QStringLiteral(", "))));
        row(tr("Growth factor"), escaped(plan.growthFactor == 1.0
                                             ? tr("×1 (as observed)")
                                             : tr("\u00d7%1 (what-if: forecast demand multiplied)")
                                                   .arg(QLocale().toString(plan.growthFactor, 'g', 4))));
        row(tr("Generated"), escaped(dateTimeText(plan.generatedMs)));
        s += QStringLiteral("</table>");
        if (!plan.warnings.isEmpty()) {
            s += QStringLiteral("<p style=\"color:#b45309\"><b>") + escaped(tr("Warnings:")) + QStringLiteral("</b> ")
                 + escaped(plan.warnings.join(QStringLiteral("; "))) + QStringLiteral("</p>");
        }
        return s;
    }

    QString tableOpen(const QStringList& headers) const
    {
        QString s = QStringLiteral("<table class=\"grid\" width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\" "
                                   "style=\"border-collapse:collapse; border-color:#bbbbbb\"><thead><tr>");
        for (const QString& h : headers)
            s += QStringLiteral("<th bgcolor=\"#eeeeee\" align=\"left\">") + escaped(h) + QStringLiteral("</th>");
        return s + QStringLiteral("</tr></thead><tbody>");
    }

    QString summaryHtml() const
    {
        QString s = QStringLiteral("<h2>") + escaped(tr("Summary")) + QStringLiteral("</h2>");
        if (plan.resources.isEmpty())
            return s + QStringLiteral("<p>") + escaped(tr("No resources had enough history to plan.")) + QStringLiteral("</p>");
        int red = 0, amber = 0;
        for (const auto& r : plan.resources) {
            red += r.status == ResourceStatus::Red;
            amber += r.status == ResourceStatus::Amber;
        }
        s += QStringLiteral("<p>") + escaped(tr("%1 items planned: %2 red, %3 amber. The %4 items that run out soonest:")
                                                 .arg(plan.resources.size())
                                                 .arg(red)
                                                 .arg(amber)
                                                 .arg(std::min<qsizetype>(kSummaryRows, plan.resources.size())))
             + QStringLiteral("</p>");
        s += tableOpen({tr("Status"), tr("Resource"), tr("Item"), tr("Time remaining (95 % interval)"), tr("Run-out"),
                        tr("Order by"), tr("Why")});
        for (int k = 0; k < order.size() && k < kSummaryRows; ++k) {
            const ResourceForecast& r = plan.resources.at(order.at(k));
            s += QStringLiteral("<tr><td>") + statusHtml(r.status) + QStringLiteral("</td><td>")
                 + escaped(r.definition.name) + QStringLiteral("</td><td>") + escaped(r.item)
                 + QStringLiteral("</td><td>") + escaped(timeRemainingText(r, plan.toMs, plan.horizonMs))
                 + QStringLiteral("</td><td>") + escaped(r.runOutMs ? dateText(*r.runOutMs) : QStringLiteral("\u2013"))
                 + QStringLiteral("</td><td>") + escaped(r.orderByMs ? dateText(*r.orderByMs) : QStringLiteral("\u2013"))
                 + QStringLiteral("</td><td>") + escaped(r.statusReason.isEmpty() ? r.problem : r.statusReason)
                 + QStringLiteral("</td></tr>");
        }
        return s + QStringLiteral("</tbody></table>");
    }

    QString resourceTableHtml() const
    {
        QString s = QStringLiteral("<h2 style=\"page-break-before:always\">") + escaped(tr("Resources"))
                    + QStringLiteral("</h2>");
        s += QStringLiteral("<p style=\"color:#555\">")
             + escaped(tr("Current average and p95 over the last day of the window, peak over the whole window. "
                          "Headroom is the room left below the ceiling at the current p95. Time remaining is "
                          "until the forecast reaches the ceiling, with its 95 % interval."))
             + QStringLiteral("</p>");
        s += QStringLiteral("<table class=\"grid\" width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"2\" "
                            "style=\"border-collapse:collapse; border-color:#bbbbbb; font-size:7pt\"><thead><tr>");
        const QStringList headers = {tr("Item"),      tr("Status"),   tr("Avg"),          tr("p95"),
                                     tr("Peak"),      tr("Capacity"), tr("Ceiling"),      tr("Headroom"),
                                     tr("Growth/day"), tr("Time remaining"), tr("Run-out"), tr("Order by"),
                                     tr("Size"),      tr("Model"),    tr("MASE")};
        for (const QString& h : headers)
            s += QStringLiteral("<th bgcolor=\"#eeeeee\" align=\"left\">") + escaped(h) + QStringLiteral("</th>");
        s += QStringLiteral("</tr></thead><tbody>");
        for (int index : order) {
            const ResourceForecast& r = plan.resources.at(index);
            const QString unit = r.definition.unit;
            const auto cell = [](const QString& text, bool right = false) -> QString {
                return (right ? QStringLiteral("<td align=\"right\">") : QStringLiteral("<td>")) + escaped(text)
                       + QStringLiteral("</td>");
            };
            const double growth = r.growthPerDay * growthOf(r);
            QString row = QStringLiteral("<tr><td><b>") + escaped(r.item) + QStringLiteral("</b><br><span style=\"color:#555\">")
                          + escaped(r.definition.name) + QStringLiteral("</span></td><td>") + statusHtml(r.status)
                          + QStringLiteral("</td>");
            row += cell(formatValue(r.currentAvg, unit), true);
            row += cell(formatValue(r.currentP95, unit), true);
            row += cell(formatValue(r.peak, unit), true);
            row += cell(formatValue(r.capacity, unit), true);
            row += cell(formatPercent(r.definition.ceiling * 100), true);
            row += cell(std::isfinite(r.headroomPct) ? formatPercent(r.headroomPct) : QStringLiteral("\u2013"), true);
            row += cell(std::isfinite(growth) ? (growth > 0 ? QStringLiteral("+") : QString()) + formatValue(growth, unit)
                                              : QStringLiteral("\u2013"),
                        true);
            row += cell(timeRemainingText(r, plan.toMs, plan.horizonMs));
            row += cell(r.runOutMs ? dateText(*r.runOutMs) : QStringLiteral("\u2013"));
            row += cell(r.orderByMs ? dateText(*r.orderByMs) : QStringLiteral("\u2013"));
            QString size = r.recommendedInstances > 0 ? QString::number(r.recommendedInstances) : QStringLiteral("\u2013");
            if (r.latencyServers > 0)
                size += QStringLiteral(" / ") + tr("%1 for p%2 %3")
                                                    .arg(r.latencyServers)
                                                    .arg(qRound(r.definition.latencyPercentile * 100))
                                                    .arg(formatDuration(qint64(r.latencyPercentileS * 1000)));
            row += cell(size, true);
            row += cell(r.forecast.points.isEmpty() ? QStringLiteral("\u2013") : r.forecast.modelName);
            row += cell(std::isfinite(r.forecast.mase) ? QLocale().toString(r.forecast.mase, 'f', 2) : QStringLiteral("\u2013"),
                        true);
            s += row + QStringLiteral("</tr>");
        }
        return s + QStringLiteral("</tbody></table>");
    }

    QString chartsHeadHtml() const
    {
        QString s = QStringLiteral("<h2 style=\"page-break-before:always\">") + escaped(tr("Charts"))
                    + QStringLiteral("</h2><p style=\"color:#555\">")
                    + escaped(tr("In the order of the table. Solid line: history; dashed: forecast; shaded: 80 % "
                                 "(darker) and 95 % prediction intervals; dash-dot: the ceiling; vertical line: the "
                                 "run-out date; circles: anomalies."));
        if (order.size() > chartCount())
            s += QLatin1Char(' ')
                 + escaped(tr("Only the first %1 of %2 items are charted.").arg(chartCount()).arg(order.size()));
        return s + QStringLiteral("</p>");
    }

    QString chartHtml(int k, const QString& src) const
    {
        const ResourceForecast& r = plan.resources.at(order.at(k));
        return QStringLiteral("<p style=\"margin-top:4px; margin-bottom:4px\"><img src=\"%1\" width=\"%2\" height=\"%3\" alt=\"%4\"></p>")
            .arg(src)
            .arg(kChartWidth)
            .arg(kChartHeight)
            .arg(escaped(tr("Forecast chart: %1 %2").arg(r.definition.name, r.item)));
    }

    QString anomaliesHtml() const
    {
        QString s = QStringLiteral("<h2 style=\"page-break-before:always\">") + escaped(tr("Anomalies in the period"))
                    + QStringLiteral("</h2>");
        struct Row
        {
            const ResourceForecast* r;
            const capacity::AnomalyMark* a;
        };
        QList<Row> rows;
        for (int index : order)
            for (const auto& a : plan.resources.at(index).anomalies)
                rows.append({&plan.resources.at(index), &a});
        if (rows.isEmpty())
            return s + QStringLiteral("<p>") + escaped(tr("No anomalies were detected in the window.")) + QStringLiteral("</p>");
        std::stable_sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) { return x.a->timeMs < y.a->timeMs; });
        s += QStringLiteral("<p>")
             + escaped(tr("%1 points stood out from their seasonal pattern (robust seasonal median \u00b1 k\u00b7MAD).")
                           .arg(rows.size()))
             + QStringLiteral("</p>");
        s += tableOpen({tr("Item"), tr("Resource"), tr("Time"), tr("Value"), tr("Expected")});
        for (int i = 0; i < rows.size() && i < kMaxAnomalyRows; ++i) {
            const Row& row = rows.at(i);
            const QString unit = row.r->definition.unit;
            s += QStringLiteral("<tr><td>") + escaped(row.r->item) + QStringLiteral("</td><td>")
                 + escaped(row.r->definition.name) + QStringLiteral("</td><td>") + escaped(dateTimeText(row.a->timeMs))
                 + QStringLiteral("</td><td align=\"right\">") + escaped(formatValue(row.a->value, unit))
                 + QStringLiteral("</td><td align=\"right\">") + escaped(formatValue(row.a->expected, unit))
                 + QStringLiteral("</td></tr>");
        }
        s += QStringLiteral("</tbody></table>");
        if (rows.size() > kMaxAnomalyRows)
            s += QStringLiteral("<p>") + escaped(tr("\u2026 and %1 more.").arg(rows.size() - kMaxAnomalyRows))
                 + QStringLiteral("</p>");
        return s;
    }

    QString reclaimableHtml() const
    {
        QString s = QStringLiteral("<h2>") + escaped(tr("Reclaimable capacity")) + QStringLiteral("</h2>");
        if (plan.reclaimable.isEmpty())
            return s + QStringLiteral("<p>") + escaped(tr("No CPU capacity data to assess.")) + QStringLiteral("</p>");
        QString cpuUnit = QStringLiteral("cores");
        for (const auto& r : plan.resources)
            if (r.definition.kind == capacity::ResourceKind::Cpu)
                cpuUnit = r.definition.unit;
        double total = 0, savings = 0;
        int oversized = 0;
        for (const auto& c : plan.reclaimable) {
            total += c.reclaimable;
            savings += c.monthlySavings;
            oversized += c.oversized;
        }
        s += QStringLiteral("<p>")
             + escaped(tr("%1 of %2 hosts are oversized (they need less than half of their CPU at the peak). "
                          "Reclaimable in total: %3%4.")
                           .arg(oversized)
                           .arg(plan.reclaimable.size())
                           .arg(formatValue(total, cpuUnit),
                                savings > 0 ? tr(", about %1 per month").arg(QLocale().toString(savings, 'f', 0))
                                            : QString()))
             + QStringLiteral("</p>");
        s += tableOpen({tr("Host"), tr("Needed at peak"), tr("Reclaimable"), tr("Share"), tr("Savings / month"),
                        tr("Oversized")});
        for (const auto& c : plan.reclaimable) {
            s += QStringLiteral("<tr><td>") + escaped(c.host) + QStringLiteral("</td><td align=\"right\">")
                 + escaped(formatValue(c.needed, cpuUnit)) + QStringLiteral("</td><td align=\"right\">")
                 + escaped(formatValue(c.reclaimable, cpuUnit)) + QStringLiteral("</td><td align=\"right\">")
                 + escaped(formatPercent(c.fraction * 100)) + QStringLiteral("</td><td align=\"right\">")
                 + escaped(c.monthlySavings > 0 ? QLocale().toString(c.monthlySavings, 'f', 0) : QStringLiteral("\u2013"))
                 + QStringLiteral("</td><td>") + escaped(c.oversized ? tr("yes") : tr("no")) + QStringLiteral("</td></tr>");
        }
        return s + QStringLiteral("</tbody></table>");
    }

    QString methodHtml() const
    {
        // Ceilings, safety factors and lead times as configured per resource.
        QStringList perResource;
        QStringList seen;
        for (const auto& r : plan.resources) {
            if (seen.contains(r.definition.name))
                continue;
            seen << r.definition.name;
            perResource << tr("%1: ceiling %2 of capacity, safety factor %3, lead time %4 d")
                               .arg(r.definition.name, formatPercent(r.definition.ceiling * 100),
                                    QLocale().toString(r.definition.safetyFactor, 'g', 3))
                               .arg(r.definition.leadTimeDays);
        }
        const QStringList paragraphs = {
            tr("Models. Every item's history is fitted with linear least squares (as Prometheus predict_linear), "
               "polynomials of degree 2 and 3, an exponential trend, Holt's linear trend and, when a daily or weekly "
               "season is detected, a line plus the season's harmonics and additive Holt-Winters. Each model is scored by a rolling-origin "
               "backtest: it is fitted on the history up to several past points and its forecasts are compared with "
               "what happened next. The model with the lowest MASE is used."),
            tr("MASE (mean absolute scaled error) divides the backtest's mean absolute error by that of a seasonal "
               "naive forecast (tomorrow equals today, or next week equals this week). Below 1 the model beats the "
               "naive forecast; 0.5 means half its error. sMAPE, the symmetric mean absolute percentage error, is "
               "given in the CSV export."),
            tr("Intervals. The shaded bands are 80 % and 95 % prediction intervals: the exact least-squares "
               "prediction error for regression models, and the ETS state-space variance for Holt and Holt-Winters "
               "(Hyndman & Athanasopoulos, Forecasting: Principles and Practice). Time remaining is until the "
               "forecast reaches the ceiling; its interval runs from the upper 95 % bound (earliest) to the lower "
               "95 % bound (latest)."),
            tr("Ceilings and safety factor. A resource is planned against a ceiling, the fraction of capacity that "
               "may be used (85 % for CPU by default), not against 100 %. Recommended sizes cover the forecast peak "
               "at the horizon at the ceiling, multiplied by the safety factor."),
            tr("Lead time and status. The order-by date is the earliest plausible run-out minus the procurement lead "
               "time. Red: already above the ceiling, or the forecast itself reaches it inside the lead time. Amber: the "
               "earliest run-out falls within the lead time plus 90 days. Green: later or never within the horizon."),
            tr("Erlang C. Request rates with a latency target are sized with the M/M/c queue (Erlang C): the "
               "smallest number of servers for which the chosen response-time percentile at the forecast arrival "
               "rate meets the target; the computed percentile is shown beside the count."),
            tr("Growth factor. A what-if growth factor multiplies the forecast demand (and its intervals) before "
               "dates and sizes are computed; history is shown as observed."),
            tr("Anomalies. A point is marked when it lies more than k robust deviations (1.4826 \u00d7 median "
               "absolute deviation) from the median of the same time in previous seasons, with a floor so a flat "
               "series does not flag tiny changes."),
        };
        QString s = QStringLiteral("<h2>") + escaped(tr("Assumptions and method")) + QStringLiteral("</h2>");
        for (const QString& p : paragraphs) {
            // The paragraph's first sentence names the topic: bold, so the section scans.
            const qsizetype dot = p.indexOf(QStringLiteral(". "));
            if (dot > 0 && dot < 40)
                s += QStringLiteral("<p><b>") + escaped(p.left(dot + 1)) + QStringLiteral("</b>")
                     + escaped(p.mid(dot + 1)) + QStringLiteral("</p>");
            else
                s += QStringLiteral("<p>") + escaped(p) + QStringLiteral("</p>");
        }
        if (!perResource.isEmpty()) {
            s += QStringLiteral("<p>") + escaped(tr("Settings used:")) + QStringLiteral("</p><ul>");
            for (const QString& p : std::as_const(perResource))
                s += QStringLiteral("<li>") + escaped(p) + QStringLiteral("</li>");
            s += QStringLiteral("</ul>");
        }
        return s;
    }

    // The whole document; chartSource(k) gives each chart's src, or a null string when cancelled.
    QString html(Target target, const std::function<QString(int)>& chartSource)
    {
        QString s;
        s += QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>") + escaped(title())
             + QStringLiteral("</title>");
        if (target == Target::Html) {
            s += QStringLiteral(
                "<style>body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10pt;color:#282828;max-width:"
                "1000px;margin:24px auto;padding:0 16px}h1{font-size:18pt;margin-bottom:4px}h2{font-size:13pt;"
                "margin-top:24px;border-bottom:1px solid #ddd}table.grid{border-collapse:collapse}table.grid td,"
                "table.grid th{border:1px solid #bbb;padding:3px 5px;vertical-align:top}table.grid th{background:"
                "#eee}img{max-width:100%;height:auto}</style>");
        }
        s += QStringLiteral("</head><body>");
        s += QStringLiteral("<h1>") + escaped(title()) + QStringLiteral("</h1>");
        s += QStringLiteral("<p style=\"color:#555\">")
             + escaped(tr("%1 hosts, %2 items, history %3 \u2013 %4, forecast %5 ahead.")
                           .arg(plan.hosts.size())
                           .arg(plan.resources.size())
                           .arg(dateText(plan.fromMs), dateText(plan.toMs), formatDuration(plan.horizonMs)))
             + QStringLiteral("</p>");
        s += scopeHtml();
        if (!step())
            return {};
        s += summaryHtml();
        if (!step())
            return {};
        s += resourceTableHtml();
        if (!step())
            return {};
        s += chartsHeadHtml();
        for (int k = 0; k < chartCount(); ++k) {
            const QString src = chartSource(k);
            if (src.isNull() || (target == Target::Html && !step()))
                return {};
            s += chartHtml(k, src);
        }
        s += anomaliesHtml();
        if (!step())
            return {};
        s += reclaimableHtml();
        if (!step())
            return {};
        s += methodHtml();
        if (!step())
            return {};
        s += QStringLiteral("</body></html>\n");
        return s;
    }
};

// Draws the <img src="chart:K"> objects of the PDF: renders chart K when its
// page is printed and reports progress once per chart. An image pushed to the
// next page still intersects the previous page's clip; it is drawn only on
// the page that holds it whole, so the PDF embeds each chart once.
class ChartObject : public QObject, public QTextObjectInterface
{
    Q_OBJECT
    Q_INTERFACES(QTextObjectInterface)

public:
    explicit ChartObject(Writer& writer)
        : m_writer(writer)
    {
    }

    QSizeF intrinsicSize(QTextDocument*, int, const QTextFormat& format) override
    {
        const QTextImageFormat image = format.toImageFormat();
        const QPaintDevice* device = m_writer.device;
        const qreal scale = device ? device->logicalDpiX() / 96.0 : 1.0;
        return QSizeF(image.width(), image.height()) * scale;
    }

    void drawObject(QPainter* painter, const QRectF& rect, QTextDocument*, int, const QTextFormat& format) override
    {
        if (m_writer.cancelled)
            return;
        if (painter->hasClipping()) {
            const QRectF clip = painter->clipBoundingRect();
            if (rect.top() < clip.top() - 1 || rect.bottom() > clip.bottom() + 1)
                return;
        }
        const QString name = format.toImageFormat().name();
        bool ok = false;
        const int k = name.mid(6).toInt(&ok); // "chart:K"
        if (!ok || k < 0 || k >= m_writer.chartCount())
            return;
        painter->drawImage(rect, renderForecastChart(m_writer.plan.resources.at(m_writer.order.at(k)), kChartWidth,
                                                     kChartHeight, 2.0));
        if (!m_drawn.contains(k)) {
            m_drawn.insert(k);
            m_writer.step();
        }
    }

private:
    Writer& m_writer;
    QSet<int> m_drawn;
};

QByteArray csvField(const QString& text)
{
    QByteArray bytes = text.toUtf8();
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') || bytes.contains('\r')) {
        bytes.replace('"', "\"\"");
        bytes = '"' + bytes + '"';
    }
    return bytes;
}

QString csvNumber(double v)
{
    return std::isfinite(v) ? QString::number(v, 'g', 15) : QString();
}

QString csvDays(std::optional<qint64> at, qint64 nowMs)
{
    if (!at)
        return QString();
    return QString::number(double(std::max<qint64>(0, *at - nowMs)) / double(kDayMs), 'f', 2);
}

QByteArray csvContent(const CapacityPlan& plan, const QList<int>& order)
{
    static const char* const columns[] = {
        "resource",       "item",          "host",           "status",
        "current_avg",    "current_p95",   "peak",           "capacity",
        "ceiling",        "headroom_pct",  "growth_per_day", "time_remaining_days",
        "time_remaining_low_days", "time_remaining_high_days", "run_out", "order_by",
        "recommended_instances", "model", "backtest_mase", "backtest_smape",
        "unit"};
    QByteArray out;
    for (std::size_t i = 0; i < std::size(columns); ++i) {
        if (i)
            out += ',';
        out += columns[i];
    }
    out += "\r\n";
    for (int index : order) {
        const ResourceForecast& r = plan.resources.at(index);
        const bool fitted = !r.forecast.points.isEmpty();
        const QStringList fields = {
            r.definition.name,
            r.item,
            r.host,
            capacity::statusName(r.status),
            csvNumber(r.currentAvg),
            csvNumber(r.currentP95),
            csvNumber(r.peak),
            csvNumber(r.capacity),
            csvNumber(r.definition.ceiling),
            csvNumber(r.headroomPct),
            csvNumber(r.growthPerDay * growthOf(r)),
            csvDays(r.runOutMs, plan.toMs),
            csvDays(r.runOutEarliestMs, plan.toMs),
            csvDays(r.runOutLatestMs, plan.toMs),
            r.runOutMs ? isoUtc(*r.runOutMs) : QString(),
            r.orderByMs ? isoUtc(*r.orderByMs) : QString(),
            r.recommendedInstances > 0 ? QString::number(r.recommendedInstances) : QString(),
            fitted ? r.forecast.modelName : QString(),
            fitted ? csvNumber(r.forecast.mase) : QString(),
            fitted ? csvNumber(r.forecast.smape) : QString(),
            r.definition.unit,
        };
        for (int i = 0; i < fields.size(); ++i) {
            if (i)
                out += ',';
            out += csvField(fields.at(i));
        }
        out += "\r\n";
    }
    return out;
}

QByteArray pngBase64(const QImage& image)
{
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png.toBase64();
}

// Prints the laid-out document page by page with a footer "title · page i of n".
int printDocument(QTextDocument& doc, QPdfWriter& writer, QPainter& painter, const QString& footerLeft, Writer& w)
{
    const QRectF page = QRectF(QPointF(0, 0), writer.pageLayout().paintRectPixels(writer.resolution()).size());
    const qreal footerHeight = writer.resolution() * 0.3; // 0.3 in
    doc.documentLayout()->setPaintDevice(&writer);
    ChartObject charts(w);
    doc.documentLayout()->registerHandler(QTextFormat::ImageObject, &charts);
    doc.setPageSize(QSizeF(page.width(), page.height() - footerHeight));
    const int pages = doc.pageCount();
    QFont footerFont(QStringLiteral("DejaVu Sans"));
    footerFont.setPointSizeF(7.5);
    for (int i = 0; i < pages; ++i) {
        if (i > 0 && !writer.newPage())
            return -1;
        const qreal bodyHeight = page.height() - footerHeight;
        painter.save();
        painter.translate(0, -i * bodyHeight);
        doc.drawContents(&painter, QRectF(0, i * bodyHeight, page.width(), bodyHeight));
        painter.restore();
        painter.save();
        painter.setFont(footerFont);
        painter.setPen(kMutedText);
        const QRectF footer(0, page.height() - footerHeight * 0.7, page.width(), footerHeight * 0.7);
        painter.drawText(footer, Qt::AlignLeft | Qt::AlignBottom, footerLeft);
        painter.drawText(footer, Qt::AlignRight | Qt::AlignBottom, tr("Page %1 of %2").arg(i + 1).arg(pages));
        painter.restore();
        if (w.cancelled)
            return -1;
    }
    return pages;
}

} // namespace

ReportOutcome writeCapacityReport(const CapacityPlan& plan, const QString& path, const ReportOptions& options,
                                  const ReportProgress& progress)
{
    ReportOutcome outcome;
    const QString partPath = path + QStringLiteral(".part");
    QFile file(partPath);
    const auto fail = [&](const QString& what) {
        if (file.isOpen())
            file.close();
        QFile::remove(partPath);
        outcome.ok = false;
        outcome.error = what;
        qCWarning(lcReport) << what;
        return outcome;
    };
    const auto cancel = [&]() {
        if (file.isOpen())
            file.close();
        QFile::remove(partPath);
        outcome.ok = false;
        outcome.cancelled = true;
        outcome.error = tr("export of %1 cancelled").arg(QDir::toNativeSeparators(path));
        return outcome;
    };
    if (path.isEmpty())
        return fail(tr("no output file given"));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return fail(tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));

    Writer w{plan, options, progress, reportOrder(plan)};
    const int sections = 6;
    w.total = options.format == ReportFormat::Csv ? 1 : sections + w.chartCount() + 1;

    if (options.format == ReportFormat::Csv) {
        const QByteArray csv = csvContent(plan, w.order);
        if (file.write(csv) != csv.size())
            return fail(tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        if (!w.step())
            return cancel();
    } else if (options.format == ReportFormat::Html) {
        const QString html = w.html(Target::Html, [&](int k) -> QString {
            const QImage image =
                renderForecastChart(plan.resources.at(w.order.at(k)), kChartWidth, kChartHeight, 2.0);
            return QStringLiteral("data:image/png;base64,") + QString::fromLatin1(pngBase64(image));
        });
        if (w.cancelled)
            return cancel();
        const QByteArray bytes = html.toUtf8();
        if (file.write(bytes) != bytes.size())
            return fail(tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        if (!w.step())
            return cancel();
    } else {
        QTextDocument doc;
        QFont base(QStringLiteral("DejaVu Sans"));
        base.setPointSizeF(8.5);
        doc.setDefaultFont(base);
        doc.setDocumentMargin(0);
        doc.setDefaultStyleSheet(QStringLiteral("h1 { font-size: 18pt; } h2 { font-size: 13pt; margin-top: 14px; } "
                                                "th { font-weight: bold; }"));
        // Charts are drawn when their page is printed (ChartObject), so a
        // 200-chart report never holds 200 images in memory.
        const QString html = w.html(Target::Pdf, [](int k) -> QString { return QStringLiteral("chart:%1").arg(k); });
        if (w.cancelled)
            return cancel();
        doc.setHtml(html);
        QPdfWriter writer(&file);
        w.device = &writer;
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(15, 14, 15, 12),
                                         QPageLayout::Millimeter));
        writer.setResolution(300);
        writer.setTitle(w.title());
        writer.setCreator(QStringLiteral("OpsDeck"));
        QPainter painter;
        if (!painter.begin(&writer))
            return fail(tr("cannot write %1: the PDF writer did not start").arg(QDir::toNativeSeparators(path)));
        const QString footer = w.title() + QStringLiteral(" \u00b7 ") + dateTimeText(plan.generatedMs);
        const int pages = printDocument(doc, writer, painter, footer, w);
        painter.end();
        if (pages < 0)
            return w.cancelled ? cancel()
                               : fail(tr("cannot write %1: a page could not be added").arg(QDir::toNativeSeparators(path)));
        outcome.pages = pages;
        if (!w.step())
            return cancel();
    }

    if (!file.flush() || file.error() != QFileDevice::NoError)
        return fail(tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    file.close();
    outcome.bytes = QFileInfo(partPath).size();
    if (QFile::exists(path) && !QFile::remove(path))
        return fail(tr("cannot replace %1").arg(QDir::toNativeSeparators(path)));
    if (!QFile::rename(partPath, path))
        return fail(tr("cannot rename %1 to %2").arg(QDir::toNativeSeparators(partPath), QDir::toNativeSeparators(path)));
    outcome.ok = true;
    return outcome;
}

} // namespace opsdeck::report

#include "CapacityReportWriter.moc"
