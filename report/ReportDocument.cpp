#include "ReportDocument.h"

#include "capacity/CapacityVocabulary.h"
#include "capacity/ResourceUrgency.h"
#include "ForecastChartPainter.h"
#include "ReportFormatting.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QCoreApplication>
#include <QImage>
#include <QLocale>
#include <QPainter>
#include <QPdfWriter>
#include <QSet>
#include <QTextDocument>
#include <QTextObjectInterface>

#include <algorithm>
#include <cmath>

namespace opsdeck::report {

using capacity::CapacityPlan;
using capacity::ResourceForecast;
using capacity::ResourceStatus;

namespace {

constexpr int kSummaryRows = 10;
constexpr int kMaxAnomalyRows = 500;
// Chart size in CSS pixels (96 dpi): fits the landscape A4 text width (267 mm),
// two charts to a page.
constexpr int kChartWidth = 960;
constexpr int kChartHeight = 265;

QString tr(const char* text)
{
    return QCoreApplication::translate("opsdeck::report", text); // lupdate's context for this namespace
}

QString escaped(const QString& s)
{
    return s.toHtmlEscaped();
}

// The page's status word in the palette's colour (CapacityVocabulary).
QString statusHtml(ResourceStatus s)
{
    return QStringLiteral("<span style=\"color:%1; font-weight:bold\">%2</span>")
        .arg(CapacityVocabulary::statusColor(s).name(), escaped(CapacityVocabulary::statusText(s)));
}

enum class Target { Pdf, Html };

// The report's content as one HTML document (sections, tables, chart
// placeholders) and the progress count shared by both formats.
struct ReportDocument
{
    // lupdate files the tr() calls in here under this context.
    static QString tr(const char* text)
    {
        return QCoreApplication::translate("opsdeck::report::ReportDocument", text);
    }

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
        row(tr("Hosts"),
            QStringLiteral("%1 &nbsp; <span style=\"color:#555\">%2</span>")
                .arg(QString::number(hostCount), hostText));
        row(tr("Items"), QString::number(plan.resources.size()));
        row(tr("History window"),
            escaped(dateTimeText(plan.fromMs) + QStringLiteral(" \u2013 ") + dateTimeText(plan.toMs)
                + QStringLiteral(" (") + formatDuration(plan.toMs - plan.fromMs) + QLatin1Char(')')));
        row(tr("Resolution"), escaped(formatDuration(plan.stepMs)));
        row(tr("Forecast horizon"), escaped(formatDuration(plan.horizonMs)));
        row(tr("Models used"),
            escaped(plan.models.isEmpty() ? tr("none") : plan.models.join(QStringLiteral(", "))));
        row(tr("Growth factor"),
            escaped(plan.growthFactor == 1.0 ? tr("×1 (as observed)")
                                             : tr("\u00d7%1 (what-if: forecast demand multiplied)")
                                                   .arg(QLocale().toString(plan.growthFactor, 'g', 4))));
        row(tr("Generated"), escaped(dateTimeText(plan.generatedMs)));
        s += QStringLiteral("</table>");
        if (!plan.warnings.isEmpty()) {
            s += QStringLiteral("<p style=\"color:#b45309\"><b>") + escaped(tr("Warnings:"))
                + QStringLiteral("</b> ") + escaped(plan.warnings.join(QStringLiteral("; ")))
                + QStringLiteral("</p>");
        }
        return s;
    }

    QString tableOpen(const QStringList& headers) const
    {
        QString s = QStringLiteral(
            "<table class=\"grid\" width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\" "
            "style=\"border-collapse:collapse; border-color:#bbbbbb\"><thead><tr>");
        for (const QString& h : headers)
            s += QStringLiteral("<th bgcolor=\"#eeeeee\" align=\"left\">") + escaped(h) + QStringLiteral("</th>");
        return s + QStringLiteral("</tr></thead><tbody>");
    }

    QString summaryHtml() const
    {
        QString s = QStringLiteral("<h2>") + escaped(tr("Summary")) + QStringLiteral("</h2>");
        if (plan.resources.isEmpty())
            return s + QStringLiteral("<p>") + escaped(tr("No resources had enough history to plan."))
                + QStringLiteral("</p>");
        int red = 0, amber = 0;
        for (const auto& r : plan.resources) {
            red += r.status == ResourceStatus::Red;
            amber += r.status == ResourceStatus::Amber;
        }
        s += QStringLiteral("<p>")
            + escaped(tr("%1 items planned: %2 run out, %3 to order soon. The %4 items that run out soonest:")
                          .arg(plan.resources.size())
                          .arg(red)
                          .arg(amber)
                          .arg(std::min<qsizetype>(kSummaryRows, plan.resources.size())))
            + QStringLiteral("</p>");
        s += tableOpen({ tr("Status"), tr("Resource"), tr("Item"), tr("Time remaining (95 % interval)"),
            tr("Run-out"), tr("Order by"), tr("Why") });
        for (int k = 0; k < order.size() && k < kSummaryRows; ++k) {
            const ResourceForecast& r = plan.resources.at(order.at(k));
            s += QStringLiteral("<tr><td>") + statusHtml(r.status) + QStringLiteral("</td><td>")
                + escaped(r.definition.name) + QStringLiteral("</td><td>") + escaped(r.item)
                + QStringLiteral("</td><td>")
                + escaped(CapacityVocabulary::timeRemainingText(r, plan.toMs, plan.horizonMs))
                + QStringLiteral("</td><td>")
                + escaped(r.runOutMs ? dateText(*r.runOutMs) : QStringLiteral("\u2013"))
                + QStringLiteral("</td><td>")
                + escaped(r.orderByMs ? dateText(*r.orderByMs) : QStringLiteral("\u2013"))
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
        s += QStringLiteral(
            "<table class=\"grid\" width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"2\" "
            "style=\"border-collapse:collapse; border-color:#bbbbbb; font-size:7pt\"><thead><tr>");
        const QStringList headers = { tr("Item"), tr("Status"), tr("Avg"), tr("p95"), tr("Peak"), tr("Capacity"),
            tr("Ceiling"), tr("Headroom"), tr("Growth/day"), tr("Time remaining"), tr("Run-out"), tr("Order by"),
            tr("Size"), tr("Model"), tr("MASE") };
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
            QString row = QStringLiteral("<tr><td><b>") + escaped(r.item)
                + QStringLiteral("</b><br><span style=\"color:#555\">") + escaped(r.definition.name)
                + QStringLiteral("</span></td><td>") + statusHtml(r.status) + QStringLiteral("</td>");
            row += cell(formatValue(r.currentAvg, unit), true);
            row += cell(formatValue(r.currentP95, unit), true);
            row += cell(formatValue(r.peak, unit), true);
            row += cell(formatValue(r.capacity, unit), true);
            row += cell(formatPercent(r.definition.ceiling * 100), true);
            row += cell(
                std::isfinite(r.headroomPct) ? formatPercent(r.headroomPct) : QStringLiteral("\u2013"), true);
            row += cell(std::isfinite(growth)
                    ? (growth > 0 ? QStringLiteral("+") : QString()) + formatValue(growth, unit)
                    : QStringLiteral("\u2013"),
                true);
            row += cell(CapacityVocabulary::timeRemainingText(r, plan.toMs, plan.horizonMs));
            row += cell(r.runOutMs ? dateText(*r.runOutMs) : QStringLiteral("\u2013"));
            row += cell(r.orderByMs ? dateText(*r.orderByMs) : QStringLiteral("\u2013"));
            QString size
                = r.recommendedInstances > 0 ? QString::number(r.recommendedInstances) : QStringLiteral("\u2013");
            if (r.latencyServers > 0)
                size += QStringLiteral(" / ")
                    + tr("%1 for p%2 %3")
                          .arg(r.latencyServers)
                          .arg(qRound(r.definition.latencyPercentile * 100))
                          .arg(formatDuration(qint64(r.latencyPercentileS * 1000)));
            row += cell(size, true);
            row += cell(r.forecast.points.isEmpty() ? QStringLiteral("\u2013") : r.forecast.modelName);
            row += cell(std::isfinite(r.forecast.mase) ? QLocale().toString(r.forecast.mase, 'f', 2)
                                                       : QStringLiteral("\u2013"),
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
        return QStringLiteral("<p style=\"margin-top:4px; margin-bottom:4px\"><img src=\"%1\" width=\"%2\" "
                              "height=\"%3\" alt=\"%4\"></p>")
            .arg(src)
            .arg(kChartWidth)
            .arg(kChartHeight)
            .arg(escaped(tr("Forecast chart: %1 %2").arg(r.definition.name, r.item)));
    }

    QString anomaliesHtml() const
    {
        QString s = QStringLiteral("<h2 style=\"page-break-before:always\">")
            + escaped(tr("Anomalies in the period")) + QStringLiteral("</h2>");
        struct Row
        {
            const ResourceForecast* r;
            const capacity::AnomalyMark* a;
        };
        QList<Row> rows;
        for (int index : order)
            for (const auto& a : plan.resources.at(index).anomalies)
                rows.append({ &plan.resources.at(index), &a });
        if (rows.isEmpty())
            return s + QStringLiteral("<p>") + escaped(tr("No anomalies were detected in the window."))
                + QStringLiteral("</p>");
        std::stable_sort(
            rows.begin(), rows.end(), [](const Row& x, const Row& y) { return x.a->timeMs < y.a->timeMs; });
        s += QStringLiteral("<p>")
            + escaped(
                tr("%1 points stood out from their seasonal pattern (robust seasonal median \u00b1 k\u00b7MAD).")
                    .arg(rows.size()))
            + QStringLiteral("</p>");
        s += tableOpen({ tr("Item"), tr("Resource"), tr("Time"), tr("Value"), tr("Expected") });
        for (int i = 0; i < rows.size() && i < kMaxAnomalyRows; ++i) {
            const Row& row = rows.at(i);
            const QString unit = row.r->definition.unit;
            s += QStringLiteral("<tr><td>") + escaped(row.r->item) + QStringLiteral("</td><td>")
                + escaped(row.r->definition.name) + QStringLiteral("</td><td>")
                + escaped(dateTimeText(row.a->timeMs)) + QStringLiteral("</td><td align=\"right\">")
                + escaped(formatValue(row.a->value, unit)) + QStringLiteral("</td><td align=\"right\">")
                + escaped(formatValue(row.a->expected, unit)) + QStringLiteral("</td></tr>");
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
            return s + QStringLiteral("<p>") + escaped(tr("No CPU capacity data to assess."))
                + QStringLiteral("</p>");
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
        s += tableOpen({ tr("Host"), tr("Needed at peak"), tr("Reclaimable"), tr("Share"), tr("Savings / month"),
            tr("Oversized") });
        for (const auto& c : plan.reclaimable) {
            s += QStringLiteral("<tr><td>") + escaped(c.host) + QStringLiteral("</td><td align=\"right\">")
                + escaped(formatValue(c.needed, cpuUnit)) + QStringLiteral("</td><td align=\"right\">")
                + escaped(formatValue(c.reclaimable, cpuUnit)) + QStringLiteral("</td><td align=\"right\">")
                + escaped(formatPercent(c.fraction * 100)) + QStringLiteral("</td><td align=\"right\">")
                + escaped(
                    c.monthlySavings > 0 ? QLocale().toString(c.monthlySavings, 'f', 0) : QStringLiteral("\u2013"))
                + QStringLiteral("</td><td>") + escaped(c.oversized ? tr("yes") : tr("no"))
                + QStringLiteral("</td></tr>");
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
               "polynomials of degree 2 and 3, an exponential trend, Holt's linear trend and, when a daily or "
               "weekly "
               "season is detected, a line plus the season's harmonics and additive Holt-Winters. Each model is "
               "scored by a rolling-origin "
               "backtest: it is fitted on the history up to several past points and its forecasts are compared "
               "with "
               "what happened next. The model with the lowest MASE is used."),
            tr("MASE (mean absolute scaled error) divides the backtest's mean absolute error by that of a "
               "seasonal "
               "naive forecast (tomorrow equals today, or next week equals this week). Below 1 the model beats "
               "the "
               "naive forecast; 0.5 means half its error. sMAPE, the symmetric mean absolute percentage error, is "
               "given in the CSV export."),
            tr("Intervals. The shaded bands are 80 % and 95 % prediction intervals: the exact least-squares "
               "prediction error for regression models, and the ETS state-space variance for Holt and "
               "Holt-Winters "
               "(Hyndman & Athanasopoulos, Forecasting: Principles and Practice). Time remaining is until the "
               "forecast reaches the ceiling; its interval runs from the upper 95 % bound (earliest) to the lower "
               "95 % bound (latest)."),
            tr("Ceilings and safety factor. A resource is planned against a ceiling, the fraction of capacity "
               "that "
               "may be used (85 % for CPU by default), not against 100 %. Recommended sizes cover the forecast "
               "peak "
               "at the horizon at the ceiling, multiplied by the safety factor."),
            tr("Lead time and status. The order-by date is the earliest plausible run-out minus the procurement "
               "lead "
               "time. Red: already above the ceiling, or the forecast itself reaches it inside the lead time. "
               "Amber: the "
               "earliest run-out falls within the lead time plus 90 days. Green: later or never within the "
               "horizon."),
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
    explicit ChartObject(ReportDocument& writer)
        : m_writer(writer)
    { }

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
        painter->drawImage(rect,
            renderForecastChart(m_writer.plan.resources.at(m_writer.order.at(k)), kChartWidth, kChartHeight, 2.0));
        if (!m_drawn.contains(k)) {
            m_drawn.insert(k);
            m_writer.step();
        }
    }

private:
    ReportDocument& m_writer;
    QSet<int> m_drawn;
};

QByteArray pngBase64(const QImage& image)
{
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png.toBase64();
}

// Prints the laid-out document page by page with a footer "title · page i of n".
int printDocument(
    QTextDocument& doc, QPdfWriter& writer, QPainter& painter, const QString& footerLeft, ReportDocument& w)
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

ReportDocument makeDocument(const CapacityPlan& plan, const ReportOptions& options, const ReportProgress& progress)
{
    ReportDocument w { plan, options, progress, capacity::resourceOrder(plan.resources, plan.toMs) };
    const int sections = 6;
    w.total = sections + w.chartCount() + 1;
    return w;
}

} // namespace

DocumentResult writeHtmlReport(
    const CapacityPlan& plan, const ReportOptions& options, const ReportProgress& progress, QIODevice& out)
{
    ReportDocument w = makeDocument(plan, options, progress);
    const QString html = w.html(Target::Html, [&](int k) -> QString {
        const QImage image = renderForecastChart(plan.resources.at(w.order.at(k)), kChartWidth, kChartHeight, 2.0);
        return QStringLiteral("data:image/png;base64,") + QString::fromLatin1(pngBase64(image));
    });
    if (w.cancelled)
        return DocumentResult::Cancelled;
    const QByteArray bytes = html.toUtf8();
    if (out.write(bytes) != bytes.size())
        return DocumentResult::WriteFailed;
    return w.step() ? DocumentResult::Written : DocumentResult::Cancelled;
}

DocumentResult writePdfReport(const CapacityPlan& plan, const ReportOptions& options,
    const ReportProgress& progress, QIODevice& out, int& pages)
{
    ReportDocument w = makeDocument(plan, options, progress);
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
        return DocumentResult::Cancelled;
    doc.setHtml(html);
    QPdfWriter writer(&out);
    w.device = &writer;
    writer.setPageLayout(QPageLayout(
        QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(15, 14, 15, 12), QPageLayout::Millimeter));
    writer.setResolution(300);
    writer.setTitle(w.title());
    writer.setCreator(QStringLiteral("OpsDeck"));
    QPainter painter;
    if (!painter.begin(&writer))
        return DocumentResult::PdfWriterDidNotStart;
    const QString footer = w.title() + QStringLiteral(" \u00b7 ") + dateTimeText(plan.generatedMs);
    pages = printDocument(doc, writer, painter, footer, w);
    painter.end();
    if (pages < 0)
        return w.cancelled ? DocumentResult::Cancelled : DocumentResult::PageNotAdded;
    return w.step() ? DocumentResult::Written : DocumentResult::Cancelled;
}

} // namespace opsdeck::report

#include "ReportDocument.moc"
