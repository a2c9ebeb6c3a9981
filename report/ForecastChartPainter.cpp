#include "ForecastChartPainter.h"

#include "ReportFormatting.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFontMetricsF>
#include <QImage>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <functional>

namespace opsdeck::report {

using capacity::ResourceForecast;
using models::UnitFormatter;

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("opsdeck::report", text); // lupdate's context for this namespace
}

QDateTime utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

struct TimeTicks
{
    QList<qint64> times;
    QStringList labels;
};

TimeTicks timeTicks(qint64 from, qint64 to, int maxTicks)
{
    static const qint64 steps[] = { kHourMs, 2 * kHourMs, 3 * kHourMs, 6 * kHourMs, 12 * kHourMs, kDayMs,
        2 * kDayMs, 7 * kDayMs, 14 * kDayMs, 28 * kDayMs, 91 * kDayMs, 182 * kDayMs };
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

void drawLegendEntry(
    QPainter& p, qreal& x, qreal y, qreal u, const QString& text, const std::function<void(QRectF)>& swatch)
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
            QFontMetricsF(small).elidedText(
                facts.join(QStringLiteral(" \u00b7 ")), Qt::ElideLeft, factsRect.width()));
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
        for (double b : { pt.upper80, pt.upper95 })
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
        p.drawText(
            QRectF(rect.left() + 4 * u, plot.top() - 1.5 * fm.height() - 4 * u, labelWidth + 60 * u, fm.height()),
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
    dashed.setDashPattern({ 4, 3 });
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
        const QString label
            = tr("ceiling %1 = %2").arg(formatPercent(r.definition.ceiling * 100), formatValue(ceiling, unit));
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
        const QString why
            = r.problem.isEmpty() ? tr("No forecast for this item.") : tr("No forecast: %1").arg(r.problem);
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

} // namespace opsdeck::report
