#include "capacity/CapacityPage.h"

#include "capacity/CapacityResourceModel.h"
#include "capacity/CapacityService.h"
#include "capacity/CapacityVocabulary.h"
#include "capacity/ForecastChart.h"
#include "Engine.h"
#include "format/UnitFormatter.h"
#include "shell/Dialogs.h"

#include <QComboBox>
#include <QDate>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMenu>
#include <QProgressBar>
#include <QPromise>
#include <QPushButton>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QtConcurrent/QtConcurrentRun>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <cmath>

Q_LOGGING_CATEGORY(lcCapacityUi, "opsdeck.ui.capacity")

using opsdeck::capacity::CapacityPlan;
using opsdeck::capacity::ResourceForecast;
using opsdeck::capacity::ResourceStatus;
using opsdeck::report::ReportFormat;
using opsdeck::report::ReportOutcome;

namespace {

constexpr qint64 kDayMs = 24LL * 3600 * 1000;

QString formatName(ReportFormat format)
{
    switch (format) {
    case ReportFormat::Pdf:
        return QStringLiteral("pdf");
    case ReportFormat::Html:
        return QStringLiteral("html");
    case ReportFormat::Csv:
        return QStringLiteral("csv");
    }
    return {};
}

QString money(double value)
{
    return QLocale().toString(value, 'f', 2);
}

} // namespace

CapacityPage::CapacityPage(opsdeck::Engine* engine, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
{
    setObjectName(QStringLiteral("capacityPage"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildControls());

    m_progressRow = new QWidget(this);
    auto* progress = new QHBoxLayout(m_progressRow);
    progress->setContentsMargins(0, 0, 0, 0);
    m_progressLabel = new QLabel(m_progressRow);
    m_progressLabel->setObjectName(QStringLiteral("progressLabel"));
    m_progress = new QProgressBar(m_progressRow);
    m_progress->setObjectName(QStringLiteral("capacityProgress"));
    m_progress->setMaximumWidth(360);
    m_cancel = new QPushButton(tr("Cancel"), m_progressRow);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    progress->addWidget(m_progressLabel);
    progress->addWidget(m_progress, 1);
    progress->addWidget(m_cancel);
    progress->addStretch(1);
    m_progressRow->hide();
    layout->addWidget(m_progressRow);

    auto* messageRow = new QHBoxLayout;
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("capacityMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_open = new QPushButton(tr("Open"), this);
    m_open->setObjectName(QStringLiteral("openReportButton"));
    m_open->setToolTip(tr("Open the exported report with the desktop's viewer"));
    m_open->hide();
    messageRow->addWidget(m_message, 1);
    messageRow->addWidget(m_open);
    layout->addLayout(messageRow);

    m_stack = new QStackedWidget(this);
    m_empty = new QLabel(m_stack);
    m_empty->setObjectName(QStringLiteral("capacityEmptyState"));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_empty->setMargin(24);
    m_empty->setText(tr("Reading capacity history…"));
    m_stack->addWidget(m_empty);

    auto* content = new QWidget(m_stack);
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    auto* summaryRow = new QHBoxLayout;
    m_summary = new QLabel(content);
    m_summary->setObjectName(QStringLiteral("capacitySummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_filter = new QLineEdit(content);
    m_filter->setObjectName(QStringLiteral("resourceFilter"));
    m_filter->setPlaceholderText(tr("Filter by resource or item"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMaximumWidth(280);
    summaryRow->addWidget(m_summary, 1);
    summaryRow->addWidget(m_filter);
    contentLayout->addLayout(summaryRow);

    auto* split = new QSplitter(Qt::Vertical, content);
    split->setObjectName(QStringLiteral("capacitySplit"));
    m_model = new CapacityResourceModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(CapacityResourceModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setDynamicSortFilter(true);
    m_table = new QTableView(split);
    m_table->setObjectName(QStringLiteral("resourceTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(CapacityResourceModel::RemainingColumn, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setStretchLastSection(true);
    {
        const QFontMetrics fm(m_table->font());
        const struct
        {
            int column;
            const char* sample;
        } widths[] = { { CapacityResourceModel::StatusColumn, "Order soon" },
            { CapacityResourceModel::ResourceColumn, "Filesystem" },
            { CapacityResourceModel::ItemColumn, "host-00:9100:/data" },
            { CapacityResourceModel::UsageColumn, "999 GiB / 1000 GiB" },
            { CapacityResourceModel::HeadroomColumn, "Headroom" },
            { CapacityResourceModel::GrowthColumn, "+1023.9 MiB/d" },
            { CapacityResourceModel::RemainingColumn, "beyond 90 d (8–90+ d)" },
            { CapacityResourceModel::RunOutColumn, "12/31/2026" },
            { CapacityResourceModel::OrderByColumn, "12/31/2026" },
            { CapacityResourceModel::RecommendedColumn, "12 × 1023.9 GiB" },
            { CapacityResourceModel::ModelColumn, "Holt-Winters" } };
        // Wide enough for a typical value and for the header with its sort arrow.
        const QFontMetrics header(m_table->horizontalHeader()->font());
        // Status words and resource names as the operator's language has them.
        int statusWidth = 0;
        for (const auto status :
            { opsdeck::capacity::ResourceStatus::Red, opsdeck::capacity::ResourceStatus::Amber,
                opsdeck::capacity::ResourceStatus::Green, opsdeck::capacity::ResourceStatus::Unknown })
            statusWidth = std::max(statusWidth, fm.horizontalAdvance(CapacityVocabulary::statusText(status)));
        int resourceWidth = 0;
        for (const auto& def : opsdeck::capacity::defaultResources())
            resourceWidth = std::max(resourceWidth, fm.horizontalAdvance(def.name));
        for (const auto& w : widths) {
            const int decoration = w.column == CapacityResourceModel::StatusColumn ? 24 : 0; // the colour square
            const QString title = m_model->headerData(w.column, Qt::Horizontal).toString();
            int sample = fm.horizontalAdvance(QString::fromUtf8(w.sample));
            if (w.column == CapacityResourceModel::StatusColumn)
                sample = std::max(sample, statusWidth);
            else if (w.column == CapacityResourceModel::ResourceColumn)
                sample = std::max(sample, resourceWidth);
            m_table->setColumnWidth(
                w.column, std::max(sample + 16 + decoration, header.horizontalAdvance(title) + 32));
        }
    }

    auto* lower = new QSplitter(Qt::Horizontal, split);
    m_chart = new ForecastChart(lower);
    auto* sizingScroll = new QScrollArea(lower);
    sizingScroll->setWidgetResizable(true);
    sizingScroll->setFrameShape(QFrame::StyledPanel);
    m_sizing = new QLabel(sizingScroll);
    m_sizing->setObjectName(QStringLiteral("sizingPanel"));
    m_sizing->setWordWrap(true);
    m_sizing->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_sizing->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sizing->setMargin(8);
    sizingScroll->setWidget(m_sizing);
    lower->addWidget(m_chart);
    lower->addWidget(sizingScroll);
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 1);
    lower->setSizes({ 900, 340 });
    split->addWidget(m_table);
    split->addWidget(lower);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({ 480, 420 });
    contentLayout->addWidget(split, 1);
    m_stack->addWidget(content);
    layout->addWidget(m_stack, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(
        m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &CapacityPage::updateSelection);
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &CapacityPage::updateSelection);
    connect(m_cancel, &QPushButton::clicked, this, &CapacityPage::cancel);
    connect(m_open, &QPushButton::clicked, this, [this] {
        const QString path = m_open->property("path").toString();
        if (!QDesktopServices::openUrl(QUrl::fromLocalFile(path)))
            showMessage(tr("No program to open %1 was found.").arg(QDir::toNativeSeparators(path)));
    });
    connect(&m_loadWatcher, &QFutureWatcherBase::finished, this, &CapacityPage::onLoaded);
    connect(&m_exportWatcher, &QFutureWatcherBase::finished, this, &CapacityPage::onExported);
    for (QFutureWatcherBase* watcher :
        { static_cast<QFutureWatcherBase*>(&m_loadWatcher), static_cast<QFutureWatcherBase*>(&m_exportWatcher) }) {
        connect(watcher, &QFutureWatcherBase::progressRangeChanged, m_progress, &QProgressBar::setRange);
        connect(watcher, &QFutureWatcherBase::progressValueChanged, m_progress, &QProgressBar::setValue);
        connect(watcher, &QFutureWatcherBase::progressTextChanged, m_progressLabel, &QLabel::setText);
    }
    updateSizing(nullptr);
}

CapacityPage::~CapacityPage()
{
    // The workers own copies of what they use; they stop at the next check.
    m_loadWatcher.cancel();
    m_exportWatcher.cancel();
    m_loadWatcher.waitForFinished();
    m_exportWatcher.waitForFinished();
}

QWidget* CapacityPage::buildControls()
{
    auto* bar = new QWidget(this);
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);

    m_window = new QComboBox(bar);
    m_window->setObjectName(QStringLiteral("windowCombo"));
    m_window->setToolTip(tr("How much history the forecasts learn from"));
    for (int days : { 7, 30, 90 })
        m_window->addItem(tr("%1 d").arg(days), qint64(days) * kDayMs);
    m_window->setCurrentIndex(1);
    m_horizon = new QComboBox(bar);
    m_horizon->setObjectName(QStringLiteral("horizonCombo"));
    m_horizon->setToolTip(tr("How far ahead to forecast"));
    for (int days : { 30, 90, 180, 365 })
        m_horizon->addItem(tr("%1 d").arg(days), qint64(days) * kDayMs);
    m_horizon->setCurrentIndex(1);

    m_whatIf = new QDoubleSpinBox(bar);
    m_whatIf->setObjectName(QStringLiteral("whatIfSpin"));
    m_whatIf->setPrefix(QStringLiteral("×"));
    m_whatIf->setRange(1.0, 100.0);
    m_whatIf->setDecimals(1);
    m_whatIf->setSingleStep(0.5);
    m_whatIf->setValue(1.0);
    m_whatIf->setKeyboardTracking(false);
    m_whatIf->setToolTip(tr("What-if: multiply demand (traffic, CPU, growth) and see run-out dates and sizes"));

    row->addWidget(new QLabel(tr("Window:"), bar));
    row->addWidget(m_window);
    row->addSpacing(8);
    row->addWidget(new QLabel(tr("Horizon:"), bar));
    row->addWidget(m_horizon);
    row->addSpacing(8);
    row->addWidget(new QLabel(tr("What-if growth:"), bar));
    row->addWidget(m_whatIf);
    for (double factor : { 1.0, 2.0, 10.0 }) {
        auto* quick = new QToolButton(bar);
        quick->setObjectName(QStringLiteral("whatIfX%1").arg(int(factor)));
        quick->setText(tr("×%1").arg(int(factor)));
        quick->setToolTip(factor == 1.0 ? tr("No growth: demand as forecast") : tr("Demand ×%1").arg(int(factor)));
        connect(quick, &QToolButton::clicked, this, [this, factor] { m_whatIf->setValue(factor); });
        row->addWidget(quick);
    }
    row->addStretch(1);

    m_refresh = new QPushButton(tr("&Refresh"), bar);
    m_refresh->setObjectName(QStringLiteral("refreshButton"));
    m_refresh->setToolTip(tr("Read the history again and refit the forecasts"));
    row->addWidget(m_refresh);

    m_export = new QToolButton(bar);
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_export->setText(tr("&Export"));
    m_export->setToolTip(tr("Export a capacity report for management"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    m_export->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* menu = new QMenu(m_export);
    menu->setObjectName(QStringLiteral("exportMenu"));
    const struct
    {
        QString text;
        const char* name;
        ReportFormat format;
    } formats[] = { { tr("&PDF…"), "exportPdfAction", ReportFormat::Pdf },
        { tr("&HTML…"), "exportHtmlAction", ReportFormat::Html },
        { tr("&CSV…"), "exportCsvAction", ReportFormat::Csv } };
    for (const auto& f : formats) {
        QAction* action = menu->addAction(f.text);
        action->setObjectName(QString::fromLatin1(f.name));
        const ReportFormat format = f.format;
        connect(action, &QAction::triggered, this, [this, format] { exportReport(format); });
    }
    m_export->setMenu(menu);
    m_export->setEnabled(false); // until there is a plan to export
    row->addWidget(m_export);

    connect(m_window, &QComboBox::currentIndexChanged, this, &CapacityPage::refresh);
    connect(m_horizon, &QComboBox::currentIndexChanged, this, &CapacityPage::refresh);
    connect(m_whatIf, &QDoubleSpinBox::valueChanged, this, &CapacityPage::applyWhatIf);
    connect(m_refresh, &QPushButton::clicked, this, &CapacityPage::refresh);
    return bar;
}

bool CapacityPage::isBusy() const
{
    // Busy until the finished handler ran, not only while the worker runs.
    return m_busy || m_loadWatcher.isRunning() || m_exportWatcher.isRunning();
}

void CapacityPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (!m_loadedOnce)
        refresh();
}

void CapacityPage::setBusy(const QString& what)
{
    m_busy = true;
    m_progressLabel->setText(what);
    m_progress->setRange(0, 0);
    m_progressRow->show();
    m_refresh->setEnabled(false);
    m_export->setEnabled(false);
    m_window->setEnabled(false);
    m_horizon->setEnabled(false);
}

void CapacityPage::setIdle()
{
    m_busy = false;
    m_progressRow->hide();
    m_refresh->setEnabled(true);
    m_export->setEnabled(!m_plan.resources.isEmpty());
    m_window->setEnabled(true);
    m_horizon->setEnabled(true);
}

void CapacityPage::cancel()
{
    m_loadWatcher.cancel();
    m_exportWatcher.cancel();
    m_progressLabel->setText(tr("Cancelling…"));
}

void CapacityPage::showMessage(const QString& text, const QString& openPath)
{
    m_message->setText(text);
    m_open->setProperty("path", openPath);
    m_open->setVisible(!openPath.isEmpty());
}

void CapacityPage::setResourcesFile(const QString& path)
{
    m_resourcesFile = path;
}

void CapacityPage::refresh()
{
    m_loadedOnce = true;
    if (isBusy())
        return;
    const opsdeck::capacity::CapacityService* service = m_engine ? m_engine->capacityService() : nullptr;
    if (!service) {
        m_empty->setText(tr("The state database is not open, so there is no capacity history to plan from."));
        m_stack->setCurrentWidget(m_empty);
        return;
    }
    const qint64 windowMs = m_window->currentData().toLongLong();
    opsdeck::capacity::PlanRequest request;
    request.nowMs = QDateTime::currentMSecsSinceEpoch();
    request.windowMs = windowMs;
    request.horizonMs = m_horizon->currentData().toLongLong();
    request.growthFactor = m_whatIf->value();
    request.resourcesFile = m_resourcesFile;

    setBusy(tr("Reading history…"));
    showMessage(QString());
    qCDebug(lcCapacityUi) << "planning" << windowMs / kDayMs << "d window," << request.horizonMs / kDayMs
                          << "d horizon from" << service->databasePath();
    // The service opens a connection of its own on the worker thread.
    m_loadWatcher.setFuture(QtConcurrent::run([service, request](QPromise<Loaded>& promise) {
        using Event = opsdeck::capacity::PlanEvent;
        const opsdeck::capacity::PlanOutcome outcome = service->plan(
            request,
            [&promise](const Event& e) {
                if (e.stage == Event::Stage::HistoryRead) {
                    promise.setProgressValueAndText(0, tr("Forecasting…"));
                } else if (e.stage == Event::Stage::Forecasting) {
                    promise.setProgressRange(0, e.total);
                    promise.setProgressValueAndText(e.done, tr("Forecasting %1 of %2…").arg(e.done).arg(e.total));
                }
            },
            [&promise] { return promise.isCanceled(); });
        if (promise.isCanceled())
            return;
        Loaded out;
        out.fileErrors = outcome.resourceErrors;
        using Failure = opsdeck::capacity::PlanOutcome::Failure;
        if (outcome.failure == Failure::OpenDatabase) {
            out.error = tr("Cannot read the capacity history: %1").arg(outcome.error);
        } else if (outcome.failure != Failure::None) {
            out.error = outcome.error.isEmpty() ? tr("Cannot read the capacity history.")
                                                : tr("Cannot read the capacity history: %1").arg(outcome.error);
        } else {
            out.samples = outcome.samples;
            out.plan = outcome.plan;
            out.cancelled = outcome.cancelled;
        }
        promise.addResult(std::move(out));
    }));
}

void CapacityPage::onLoaded()
{
    const QFuture<Loaded> future = m_loadWatcher.future();
    const bool cancelled = future.isCanceled() || future.resultCount() == 0 || future.result().cancelled;
    setIdle();
    if (cancelled) {
        showMessage(tr("Cancelled; the table shows the previous forecasts."));
        setIdle();
        return;
    }
    const Loaded loaded = future.result();
    if (!loaded.error.isEmpty()) {
        qCWarning(lcCapacityUi) << loaded.error;
        m_empty->setText(loaded.error);
        m_stack->setCurrentWidget(m_empty);
        return;
    }
    if (!loaded.fileErrors.isEmpty())
        showMessage(tr("Capacity resources file: %1").arg(loaded.fileErrors.join(QStringLiteral("; "))));
    const QString key = selectedKey();
    m_plan = loaded.plan;
    // The plan was made with the factor asked for then; the spin box may have moved since.
    if (m_plan.growthFactor != m_whatIf->value())
        opsdeck::capacity::applyWhatIf(m_plan, m_whatIf->value());
    m_model->setResources(m_plan.resources, m_plan.toMs, m_plan.horizonMs);

    const bool anyForecast = std::any_of(m_plan.resources.cbegin(), m_plan.resources.cend(),
        [](const ResourceForecast& r) { return !r.forecast.points.isEmpty(); });
    if (!anyForecast) {
        QString text = tr("Not enough history to forecast yet (samples in the window: %1).")
                           .arg(QLocale().toString(loaded.samples));
        text += QStringLiteral("\n\n")
            + tr("Capacity history starts when OpsDeck scrapes; forecasts need at least 2 days. Import older data "
                 "with `opsdeck import history FILE --metric NAME`.");
        if (!m_plan.warnings.isEmpty())
            text += QStringLiteral("\n\n") + m_plan.warnings.join(QLatin1Char('\n'));
        m_empty->setText(text);
        m_stack->setCurrentWidget(m_empty);
    } else {
        m_stack->setCurrentIndex(1);
    }
    setIdle();
    updateSummary();

    // Keep the operator's row; otherwise the most urgent one.
    int row = key.isEmpty() ? -1 : m_model->rowOfKey(key);
    QModelIndex index = row >= 0 ? m_proxy->mapFromSource(m_model->index(row, 0)) : m_proxy->index(0, 0);
    if (index.isValid())
        m_table->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    updateSelection();
    emit planLoaded();
}

void CapacityPage::applyWhatIf()
{
    if (m_plan.resources.isEmpty())
        return;
    opsdeck::capacity::applyWhatIf(m_plan, m_whatIf->value());
    m_model->setResources(m_plan.resources, m_plan.toMs, m_plan.horizonMs);
    updateSummary();
    updateSelection();
}

QString CapacityPage::selectedKey() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    return current.isValid() ? current.data(CapacityResourceModel::KeyRole).toString() : QString();
}

void CapacityPage::updateSelection()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const ResourceForecast* r
        = current.isValid() ? m_model->resourceAt(m_proxy->mapToSource(current).row()) : nullptr;
    if (r)
        m_chart->setResource(*r, m_plan.toMs);
    else
        m_chart->clear(tr("Select a resource to see its forecast."));
    updateSizing(r);
}

void CapacityPage::updateSummary()
{
    int red = 0, amber = 0;
    for (const ResourceForecast& r : std::as_const(m_plan.resources)) {
        red += r.status == ResourceStatus::Red;
        amber += r.status == ResourceStatus::Amber;
    }
    const QLocale locale;
    QStringList parts;
    parts << tr("Items: %1 on hosts: %2").arg(m_plan.resources.size()).arg(m_plan.hosts.size());
    if (red > 0)
        parts << tr("<b>run out inside the lead time: %1</b>").arg(red);
    if (amber > 0)
        parts << tr("to order soon: %1").arg(amber);
    if (red == 0 && amber == 0)
        parts << tr("nothing runs out within the horizon");
    const QString step = opsdeck::models::UnitFormatter(opsdeck::models::UnitFormatter::Unit::Seconds)
                             .format(double(m_plan.stepMs) / 1000.0);
    parts << tr("history to %1 at %2 steps")
                 .arg(locale.toString(QDateTime::fromMSecsSinceEpoch(m_plan.toMs), QLocale::ShortFormat), step);
    if (m_plan.growthFactor != 1.0)
        parts << tr("what-if demand ×%1").arg(locale.toString(m_plan.growthFactor, 'g', 3));
    m_summary->setText(parts.join(QStringLiteral(" · ")));
    m_summary->setToolTip(m_plan.warnings.isEmpty()
            ? tr("Models: %1").arg(m_plan.models.join(QStringLiteral(", ")))
            : m_plan.warnings.join(QLatin1Char('\n')));
}

void CapacityPage::updateSizing(const ResourceForecast* r)
{
    QString html;
    if (!r) {
        html = tr("<b>Sizing</b><br>Select a resource.");
    } else {
        const QString unit = r->definition.unit;
        const auto amount
            = [&unit](double v) { return CapacityVocabulary::formatAmount(v, unit).toHtmlEscaped(); };
        const auto pct = [](double v) {
            return opsdeck::models::UnitFormatter(opsdeck::models::UnitFormatter::Unit::Percent).format(v);
        };
        html += tr("<b>Sizing — %1 %2</b>").arg(r->definition.name.toHtmlEscaped(), r->item.toHtmlEscaped());
        html += QStringLiteral("<p>");
        html += tr("Status: <b>%1</b>").arg(CapacityVocabulary::statusText(r->status));
        if (!r->statusReason.isEmpty())
            html += QStringLiteral(" — ") + r->statusReason.toHtmlEscaped();
        if (!r->problem.isEmpty())
            html += QStringLiteral("<br>") + r->problem.toHtmlEscaped();
        html += QStringLiteral("</p><p>");
        if (r->recommendedInstances > 0)
            html += tr("Recommended: <b>%1 × %2</b> for the forecast peak at the %3 ceiling, safety factor ×%4")
                        .arg(r->recommendedInstances)
                        .arg(amount(r->capacity), pct(r->definition.ceiling * 100),
                            QLocale().toString(r->definition.safetyFactor, 'g', 3));
        else
            html += tr("Recommended size: – (no forecast)");
        if (r->definition.costPerInstanceHour > 0)
            html += QStringLiteral("<br>")
                + tr("Monthly cost: %1 now, %2 at the horizon")
                      .arg(money(r->monthlyCostNow), money(r->monthlyCostAtHorizon));
        else
            html += QStringLiteral("<br>") + tr("No cost per instance-hour set for %1.").arg(r->definition.name);
        if (r->definition.latencyTargetS > 0) {
            const opsdeck::models::UnitFormatter secs(opsdeck::models::UnitFormatter::Unit::Seconds);
            html += QStringLiteral("<br>");
            if (r->latencyServers > 0)
                html += tr("Latency: <b>%1 servers</b> keep p%2 ≤ %3 (computed %4, M/M/c)")
                            .arg(r->latencyServers)
                            .arg(int(std::round(r->definition.latencyPercentile * 100)))
                            .arg(secs.format(r->definition.latencyTargetS), secs.format(r->latencyPercentileS));
            else
                html += tr("Latency: the target %1 cannot be met at this service time.")
                            .arg(secs.format(r->definition.latencyTargetS));
        }
        html += QStringLiteral("</p>");
    }

    // Fleet-wide: hosts whose CPU peak needs far less than they have.
    html += tr("<b>Reclaimable capacity</b>");
    QStringList lines;
    for (const opsdeck::capacity::Reclaimable& c : std::as_const(m_plan.reclaimable)) {
        if (!c.oversized)
            continue;
        QString line = tr("%1: %2 cores of %3 reclaimable (%4)")
                           .arg(c.host.toHtmlEscaped(), QLocale().toString(c.reclaimable, 'f', 1),
                               QLocale().toString(c.needed + c.reclaimable, 'f', 1),
                               opsdeck::models::UnitFormatter(opsdeck::models::UnitFormatter::Unit::Percent)
                                   .format(c.fraction * 100));
        if (c.monthlySavings > 0)
            line += tr(", saves %1 a month").arg(money(c.monthlySavings));
        lines << line;
    }
    html += lines.isEmpty() ? tr("<br>No oversized hosts.")
                            : QStringLiteral("<ul style=\"margin-left:-20px\"><li>")
            + lines.join(QStringLiteral("</li><li>")) + QStringLiteral("</li></ul>");
    m_sizing->setText(html);
}

QByteArray CapacityPage::saveTableState() const
{
    return m_table->horizontalHeader()->saveState();
}

bool CapacityPage::restoreTableState(const QByteArray& state)
{
    return !state.isEmpty() && m_table->horizontalHeader()->restoreState(state);
}

void CapacityPage::exportReport(ReportFormat format)
{
    if (isBusy() || m_plan.resources.isEmpty()) {
        showMessage(tr("Nothing to export yet: wait for the forecasts."));
        return;
    }
    const QString ext = formatName(format);
    QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (dir.isEmpty())
        dir = QDir::homePath();
    const QString suggested = QDir(dir).filePath(
        QStringLiteral("capacity-report-%1.%2").arg(QDate::currentDate().toString(Qt::ISODate), ext));
    const QString filter = format == ReportFormat::Pdf ? tr("PDF documents (*.pdf)")
        : format == ReportFormat::Html                 ? tr("Web pages (*.html)")
                                                       : tr("CSV tables (*.csv)");
    const QString path = Dialogs::saveFile(this, tr("Export capacity report"), suggested, filter, ext);
    if (path.isEmpty())
        return;

    m_exportPath = path;
    setBusy(tr("Exporting %1…").arg(QFileInfo(path).fileName()));
    showMessage(QString());
    opsdeck::report::ReportOptions options;
    options.format = format;
    m_exportWatcher.setFuture(QtConcurrent::run([plan = m_plan, path, options](QPromise<ReportOutcome>& promise) {
        ReportOutcome outcome
            = opsdeck::report::writeCapacityReport(plan, path, options, [&promise](int done, int total) {
                  promise.setProgressRange(0, total);
                  promise.setProgressValue(done);
                  return !promise.isCanceled();
              });
        promise.addResult(std::move(outcome));
    }));
}

void CapacityPage::onExported()
{
    const QFuture<ReportOutcome> future = m_exportWatcher.future();
    setIdle();
    const QString shown = QDir::toNativeSeparators(m_exportPath);
    if (future.isCanceled() || future.resultCount() == 0 || future.result().cancelled) {
        showMessage(tr("Export cancelled; no file was written."));
        emit exportFinished(m_exportPath, false);
        return;
    }
    const ReportOutcome outcome = future.result();
    if (!outcome.ok) {
        qCWarning(lcCapacityUi) << "export failed:" << outcome.error;
        showMessage(outcome.error.isEmpty() ? tr("Could not write %1.").arg(shown) : outcome.error);
        emit exportFinished(m_exportPath, false);
        return;
    }
    showMessage(tr("Report saved to %1.").arg(shown), m_exportPath);
    emit exportFinished(m_exportPath, true);
}
