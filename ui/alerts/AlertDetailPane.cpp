// qcustomplot.h uses foreach in its templates, which QT_NO_FOREACH (set for
// our code) hides; it must come first, before any Qt header defines the macro.
#undef QT_NO_FOREACH
#include <qcustomplot.h>

#include "alerts/AlertDetailPane.h"

#include "alerts/AlertInboxModel.h"
#include "alerts/AlertService.h"
#include "Engine.h"
#include "format/UnitFormatter.h"
#include "query/QuerySource.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QRegularExpression>
#include <QtConcurrent/QtConcurrentRun>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

using opsdeck::alerts::Alert;
using opsdeck::alerts::AlertState;

namespace {

QString when(qint64 ms)
{
    return AlertInboxModel::timeText(ms);
}

QString stateName(AlertState state)
{
    Alert a;
    a.state = state;
    return AlertInboxModel::stateText(a, false);
}

QString sectionTitle(const QString& text)
{
    return QStringLiteral("<b>%1</b>").arg(text.toHtmlEscaped());
}

} // namespace

AlertDetailPane::AlertDetailPane(opsdeck::Engine* engine, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
{
    auto* layout = new QVBoxLayout(this);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("alertTitle"));
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::RichText);
    layout->addWidget(m_title);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("alertSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    m_labels = new QLabel(this);
    m_labels->setObjectName(QStringLiteral("alertLabels"));
    m_labels->setWordWrap(true);
    m_labels->setTextFormat(Qt::RichText);
    m_labels->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_labels);

    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(QStringLiteral("alertChart"));
    m_plot->setMinimumHeight(160);
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeFormat(QLocale().timeFormat(QLocale::ShortFormat));
    m_plot->xAxis->setTicker(ticker);
    m_plot->setInteractions({});
    layout->addWidget(m_plot, 2);
    m_chartNote = new QLabel(this);
    m_chartNote->setObjectName(QStringLiteral("alertChartNote"));
    m_chartNote->setWordWrap(true);
    layout->addWidget(m_chartNote);

    layout->addWidget(new QLabel(sectionTitle(tr("Timeline")), this));
    m_timeline = new QTreeWidget(this);
    m_timeline->setObjectName(QStringLiteral("alertTimeline"));
    m_timeline->setRootIsDecorated(false);
    m_timeline->setHeaderLabels({ tr("Time"), tr("Change"), tr("Value"), tr("Note") });
    layout->addWidget(m_timeline, 1);

    layout->addWidget(new QLabel(sectionTitle(tr("Notifications")), this));
    m_deliveries = new QTreeWidget(this);
    m_deliveries->setObjectName(QStringLiteral("alertNotifications"));
    m_deliveries->setRootIsDecorated(false);
    m_deliveries->setHeaderLabels(
        { tr("Time"), tr("Receiver"), tr("Kind"), tr("Status"), tr("Attempts"), tr("Error") });
    layout->addWidget(m_deliveries, 1);

    connect(&m_chartWatcher, &QFutureWatcherBase::finished, this, [this] {
        const ChartData data = m_chartWatcher.result();
        if (data.generation == m_generation)
            showChart(data);
    });
    if (opsdeck::AlertService* service = m_engine ? m_engine->alertService() : nullptr) {
        connect(service, &opsdeck::AlertService::notificationRecorded, this,
            [this](const opsdeck::alerts::NotificationRecord& record) {
                if (m_alert && record.alertIds.contains(m_alert->id))
                    loadHistory();
            });
    }
    showAlert(std::nullopt);
}

void AlertDetailPane::showAlert(const std::optional<Alert>& alert)
{
    const bool same = alert && m_alert && alert->id == m_alert->id;
    const bool changedState = same && (alert->state != m_alert->state || alert->ack != m_alert->ack);
    m_alert = alert;
    if (!alert) {
        ++m_generation;
        m_title->setText(tr("Select an alert to see its details."));
        m_summary->clear();
        m_labels->clear();
        m_timeline->clear();
        m_deliveries->clear();
        m_plot->clearGraphs();
        m_plot->clearItems();
        m_plot->hide();
        m_chartNote->clear();
        return;
    }
    m_plot->show();
    const QColor color = AlertInboxModel::severityColor(alert->severity, alert->ack.has_value());
    m_title->setText(QStringLiteral("<span style=\"color:%1\">■</span> <b>%2</b> — %3 · %4")
                         .arg(color.name(), alert->ruleName.toHtmlEscaped(),
                             AlertInboxModel::severityText(alert->severity).toHtmlEscaped(),
                             AlertInboxModel::stateText(*alert, false).toHtmlEscaped()));
    QStringList summary;
    for (const QString& key : { QStringLiteral("summary"), QStringLiteral("description") }) {
        if (!alert->annotations.value(key).isEmpty())
            summary.append(alert->annotations.value(key));
    }
    if (!alert->error.isEmpty())
        summary.append(alert->error);
    if (alert->ack)
        summary.append(alert->ack->note.isEmpty()
                ? tr("Acknowledged by %1 at %2.").arg(alert->ack->by, when(alert->ack->atMs))
                : tr("Acknowledged by %1 at %2: %3")
                      .arg(alert->ack->by, when(alert->ack->atMs), alert->ack->note));
    m_summary->setText(summary.join(QLatin1Char('\n')));

    QString rows;
    for (const opsdeck::metrics::Label& l : alert->labels)
        rows += QStringLiteral("<tr><td>%1</td><td><code>%2</code></td></tr>")
                    .arg(QString::fromUtf8(l.name).toHtmlEscaped(), QString::fromUtf8(l.value).toHtmlEscaped());
    for (auto it = alert->annotations.cbegin(); it != alert->annotations.cend(); ++it) {
        if (it.key() == QLatin1String("summary") || it.key() == QLatin1String("description"))
            continue;
        rows += QStringLiteral("<tr><td><i>%1</i></td><td>%2</td></tr>")
                    .arg(it.key().toHtmlEscaped(), it.value().toHtmlEscaped());
    }
    m_labels->setText(
        QStringLiteral("%1<table cellspacing=\"2\">%2</table>").arg(sectionTitle(tr("Labels")), rows));

    if (!same || changedState) {
        if (!same)
            ++m_generation;
        loadHistory();
    }
    if (!same)
        startChart();
}

void AlertDetailPane::loadHistory()
{
    opsdeck::AlertService* service = m_engine ? m_engine->alertService() : nullptr;
    if (!service || !m_alert)
        return;
    const qint64 id = m_alert->id;
    service->transitions(id, this, [this, id](QList<opsdeck::alerts::AlertTransition> list) {
        if (!m_alert || m_alert->id != id)
            return;
        m_timeline->clear();
        const opsdeck::models::UnitFormatter number;
        for (const auto& t : list) {
            auto* item = new QTreeWidgetItem(m_timeline);
            item->setText(0, when(t.atMs));
            item->setText(
                1, t.from == t.to ? stateName(t.to) : tr("%1 → %2").arg(stateName(t.from), stateName(t.to)));
            item->setText(2, std::isnan(t.value) ? QString() : number.format(t.value));
            item->setText(3, t.note);
        }
        m_timeline->resizeColumnToContents(0);
        m_timeline->resizeColumnToContents(1);
    });
    service->notifications(id, this, [this, id](QList<opsdeck::alerts::NotificationRecord> list) {
        if (!m_alert || m_alert->id != id)
            return;
        m_deliveries->clear();
        for (const auto& r : list) {
            auto* item = new QTreeWidgetItem(m_deliveries);
            item->setText(0, when(r.createdAtMs));
            item->setText(1, tr("%1 (%2)").arg(r.receiver, r.receiverType));
            item->setText(2, r.kind);
            item->setText(3, r.status);
            item->setText(4, QString::number(r.attempts));
            item->setText(5, r.error);
        }
        if (list.isEmpty()) {
            auto* item = new QTreeWidgetItem(m_deliveries);
            item->setText(1, tr("No notification sent for this alert yet."));
        }
        m_deliveries->resizeColumnToContents(0);
    });
}

QString AlertDetailPane::ruleExpression() const
{
    if (!m_alert || !m_engine || !m_engine->alertService())
        return {};
    for (const auto& group : m_engine->alertService()->ruleGroups()) {
        for (const auto& rule : group.rules) {
            if (rule.name == m_alert->ruleName
                && (m_alert->groupName.isEmpty() || group.name == m_alert->groupName))
                return rule.expr;
        }
    }
    return {};
}

std::optional<AlertDetailPane::Threshold> AlertDetailPane::splitThreshold(const QString& expr)
{
    static const QRegularExpression re(
        QStringLiteral(
            R"(^\s*(.+?)\s*(>=|<=|==|!=|>|<)\s*(?:bool\s+)?([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$)"),
        QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch m = re.match(expr);
    if (!m.hasMatch())
        return std::nullopt;
    bool ok = false;
    const double value = m.captured(3).toDouble(&ok);
    if (!ok || !opsdeck::query::QueryEngine::check(m.captured(1)).isEmpty())
        return std::nullopt;
    return Threshold { m.captured(1), m.captured(2), value };
}

void AlertDetailPane::startChart()
{
    m_plot->clearGraphs();
    m_plot->clearItems();
    m_plot->replot();
    const QString expr = ruleExpression();
    if (expr.isEmpty() || !m_engine || !m_alert) {
        m_chartNote->setText(tr("The rule of this alert is not loaded, so there is no chart."));
        return;
    }
    m_chartNote->setText(tr("Loading the chart…"));
    const auto threshold = splitThreshold(expr);
    const QString plotted = threshold ? threshold->lhs : expr;
    const Alert alert = *m_alert;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 start = alert.activeSinceMs - 15 * 60'000;
    const qint64 end = std::min(now, alert.resolvedAtMs > 0 ? alert.resolvedAtMs + 5 * 60'000 : now);
    const qint64 step = std::max<qint64>(1000, (end - start) / 400 / 1000 * 1000);
    const quint64 generation = m_generation;
    const opsdeck::query::QuerySource* source = m_engine->querySource();
    std::optional<double> limit;
    if (threshold)
        limit = threshold->value;
    m_chartWatcher.setFuture(QtConcurrent::run([=]() {
        ChartData data;
        data.generation = generation;
        data.threshold = limit;
        data.startS = static_cast<double>(start) / 1000.0;
        data.endS = static_cast<double>(end) / 1000.0;
        const opsdeck::query::QueryResult result = source->range(plotted, start, end, step);
        if (!result.ok) {
            data.error = result.error;
            return data;
        }
        // The series this alert came from: every label of the series is in the alert's labels.
        for (const auto& series : result.series) {
            bool match = true;
            for (const auto& l : series.labels) {
                if (l.name != opsdeck::metrics::kMetricNameLabel && alert.labels.value(l.name) != l.value) {
                    match = false;
                    break;
                }
            }
            if (!match)
                continue;
            for (const auto& p : series.points) {
                data.times.append(static_cast<double>(p.timestampMs) / 1000.0);
                data.values.append(p.value);
            }
            break;
        }
        return data;
    }));
}

void AlertDetailPane::showChart(const ChartData& data)
{
    m_plot->clearGraphs();
    m_plot->clearItems();
    if (!data.error.isEmpty()) {
        m_chartNote->setText(tr("The chart's query failed: %1").arg(data.error));
        m_plot->replot();
        return;
    }
    if (data.times.isEmpty()) {
        m_chartNote->setText(tr("No data in the store for this alert's series around its time."));
        m_plot->replot();
        return;
    }
    QCPGraph* graph = m_plot->addGraph();
    graph->setData(QVector<double>(data.times.cbegin(), data.times.cend()),
        QVector<double>(data.values.cbegin(), data.values.cend()), true);
    graph->setPen(QPen(palette().color(QPalette::Highlight), 1));
    graph->setScatterStyle(
        data.times.size() < 30 ? QCPScatterStyle(QCPScatterStyle::ssDisc, 4) : QCPScatterStyle());
    double lo = *std::min_element(data.values.cbegin(), data.values.cend());
    double hi = *std::max_element(data.values.cbegin(), data.values.cend());
    if (data.threshold) {
        auto* line = new QCPItemStraightLine(m_plot);
        line->setObjectName(QStringLiteral("threshold"));
        line->point1->setCoords(data.startS, *data.threshold);
        line->point2->setCoords(data.endS, *data.threshold);
        line->setPen(QPen(AlertInboxModel::severityColor(
                              m_alert ? m_alert->severity : opsdeck::alerts::Severity::Warning, false),
            1, Qt::DashLine));
        lo = std::min(lo, *data.threshold);
        hi = std::max(hi, *data.threshold);
    }
    if (m_alert && m_alert->firedAtMs > 0) {
        auto* fired = new QCPItemStraightLine(m_plot);
        fired->point1->setCoords(static_cast<double>(m_alert->firedAtMs) / 1000.0, lo);
        fired->point2->setCoords(static_cast<double>(m_alert->firedAtMs) / 1000.0, hi);
        fired->setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DotLine));
    }
    const double pad = hi > lo ? (hi - lo) * 0.1 : std::max(1.0, std::abs(hi) * 0.1);
    // The whole window asked for (15 min before the alert to now or shortly after it resolved).
    m_plot->xAxis->setRange(data.startS, data.endS);
    m_plot->yAxis->setRange(lo - pad, hi + pad);
    m_plot->replot();
    m_chartNote->setText(data.threshold ? tr("Dashed line: the rule's threshold; dotted: when it fired.")
                                        : tr("Dotted line: when it fired."));
}
