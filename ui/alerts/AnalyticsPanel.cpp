#include "alerts/AnalyticsPanel.h"

#include "alerts/AlertAnalytics.h"
#include "alerts/AlertService.h"
#include "Engine.h"
#include "format/UnitFormatter.h"

#include <QComboBox>
#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

using opsdeck::models::UnitFormatter;
using Analytics = opsdeck::alerts::AlertAnalytics::Analytics;

namespace {
constexpr qint64 kDayMs = 24 * 3600'000LL;
constexpr int kCoalesceMs = 5'000; // alerts change up to 10×/s; the figures need not

QLabel* figureLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(QStringLiteral("–"), parent);
    label->setObjectName(objectName);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 1.6);
    font.setBold(true);
    label->setFont(font);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// A number in the table that sorts as a number.
QTableWidgetItem* countItem(int value)
{
    auto* item = new QTableWidgetItem;
    item->setData(Qt::DisplayRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}
} // namespace

AnalyticsPanel::AnalyticsPanel(opsdeck::Engine* engine, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
    , m_period(new QComboBox(this))
    , m_refresh(new QPushButton(tr("Refresh"), this))
    , m_alerts(figureLabel(QStringLiteral("analyticsAlerts"), this))
    , m_acknowledged(figureLabel(QStringLiteral("analyticsAcknowledged"), this))
    , m_mtta(figureLabel(QStringLiteral("analyticsMtta"), this))
    , m_mttr(figureLabel(QStringLiteral("analyticsMttr"), this))
    , m_flapping(new QLabel(this))
    , m_status(new QLabel(this))
    , m_rules(new QTableWidget(0, ColumnCount, this))
    , m_coalesce(new QTimer(this))
{
    setObjectName(QStringLiteral("analyticsPanel"));
    m_period->setObjectName(QStringLiteral("analyticsPeriod"));
    m_period->addItem(tr("Last 24 hours"), kDayMs);
    m_period->addItem(tr("Last 7 days"), 7 * kDayMs);
    m_period->addItem(tr("Last 30 days"), 30 * kDayMs);
    m_refresh->setObjectName(QStringLiteral("analyticsRefresh"));
    m_mtta->setToolTip(tr("Mean time to acknowledge: from firing to the first acknowledgement"));
    m_mttr->setToolTip(tr("Mean time to resolve: from firing to resolved"));
    m_flapping->setObjectName(QStringLiteral("analyticsFlapping"));
    m_flapping->setWordWrap(true);
    m_flapping->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setObjectName(QStringLiteral("analyticsStatus"));
    m_status->setWordWrap(true);

    m_rules->setObjectName(QStringLiteral("analyticsRules"));
    m_rules->setHorizontalHeaderLabels({ tr("Rule"), tr("Alerts"), tr("Flapping") });
    m_rules->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_rules->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rules->setAlternatingRowColors(true);
    m_rules->verticalHeader()->hide();
    m_rules->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_rules->horizontalHeader()->setStretchLastSection(false);
    m_rules->setColumnWidth(RuleColumn, 320);
    m_rules->setColumnWidth(AlertsColumn, 90);
    m_rules->setColumnWidth(FlappingColumn, 90);
    // Rows come noisiest first from the repository; they are sorted only once
    // the operator clicks a column (setSortingEnabled would sort at once).
    m_rules->horizontalHeader()->setSectionsClickable(true);
    m_rules->horizontalHeader()->setSortIndicatorShown(false);
    connect(m_rules->horizontalHeader(), &QHeaderView::sectionClicked, this, [this](int column) {
        QHeaderView* header = m_rules->horizontalHeader();
        const Qt::SortOrder order = header->isSortIndicatorShown() && header->sortIndicatorSection() == column
                && header->sortIndicatorOrder() == Qt::DescendingOrder
            ? Qt::AscendingOrder
            : Qt::DescendingOrder;
        header->setSortIndicatorShown(true);
        header->setSortIndicator(column, order);
        m_rules->sortItems(column, order);
    });

    auto* toolbar = new QHBoxLayout;
    toolbar->addWidget(new QLabel(tr("Period:"), this));
    toolbar->addWidget(m_period);
    toolbar->addWidget(m_refresh);
    toolbar->addStretch(1);
    toolbar->addWidget(m_status);

    auto* figures = new QGridLayout;
    const QList<std::pair<QString, QLabel*>> cells = {
        { tr("Alerts started"), m_alerts },
        { tr("Acknowledged"), m_acknowledged },
        { tr("MTTA"), m_mtta },
        { tr("MTTR"), m_mttr },
    };
    for (int i = 0; i < cells.size(); ++i) {
        auto* caption = new QLabel(cells[i].first, this);
        caption->setToolTip(cells[i].second->toolTip());
        figures->addWidget(caption, 0, i);
        figures->addWidget(cells[i].second, 1, i);
        figures->setColumnStretch(i, 1);
    }

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addLayout(figures);
    layout->addWidget(new QLabel(tr("<b>Alerts per rule</b> (noisiest first)"), this));
    layout->addWidget(m_rules, 1);
    layout->addWidget(m_flapping);

    m_coalesce->setSingleShot(true);
    m_coalesce->setInterval(kCoalesceMs);
    connect(m_coalesce, &QTimer::timeout, this, [this] {
        if (isVisible())
            reload();
    });
    connect(engine->alertService(), &opsdeck::AlertService::alertsChanged, this, [this] {
        if (isVisible() && !m_coalesce->isActive())
            m_coalesce->start();
    });
    connect(m_period, &QComboBox::currentIndexChanged, this, &AnalyticsPanel::reload);
    connect(m_refresh, &QPushButton::clicked, this, &AnalyticsPanel::reload);
}

void AnalyticsPanel::setPeriod(Period period)
{
    m_period->setCurrentIndex(int(period)); // reloads when it changes
}

AnalyticsPanel::Period AnalyticsPanel::period() const
{
    return Period(m_period->currentIndex());
}

void AnalyticsPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    reload();
}

void AnalyticsPanel::reload()
{
    const qint64 to = m_now();
    const qint64 from = to - m_period->currentData().toLongLong();
    const int generation = ++m_generation;
    m_status->setText(tr("Loading…"));
    m_engine->alertService()->analytics(from, to, this, [this, generation](std::optional<Analytics> result) {
        if (generation != m_generation)
            return;
        if (!result) {
            m_status->setStyleSheet(QStringLiteral("color: #c62828;"));
            m_status->setText(tr("\u2717 Could not read the alert history; see the log."));
            return;
        }
        m_status->setStyleSheet(QString());
        m_status->clear();
        const UnitFormatter duration(UnitFormatter::Unit::Seconds);
        m_alerts->setText(QLocale().toString(result->alerts));
        m_acknowledged->setText(QLocale().toString(result->acknowledged));
        // NaN (nothing acknowledged / resolved yet) reads "–" through the formatter.
        m_mtta->setText(duration.format(result->mttaMs / 1000.0));
        m_mttr->setText(duration.format(result->mttrMs / 1000.0));

        m_rules->clearContents();
        m_rules->setRowCount(int(result->perRule.size()));
        QStringList flapping;
        for (int row = 0; row < result->perRule.size(); ++row) {
            const auto& stats = result->perRule.at(row);
            m_rules->setItem(row, RuleColumn, new QTableWidgetItem(stats.rule));
            m_rules->setItem(row, AlertsColumn, countItem(stats.alerts));
            m_rules->setItem(row, FlappingColumn, countItem(stats.flapping));
            if (stats.flapping > 0)
                flapping.append(tr("%1 (%n time(s))", nullptr, stats.flapping).arg(stats.rule));
        }
        if (QHeaderView* header = m_rules->horizontalHeader(); header->isSortIndicatorShown())
            m_rules->sortItems(header->sortIndicatorSection(), header->sortIndicatorOrder());
        m_flapping->setText(flapping.isEmpty()
                ? tr("No rule flapped in this period.")
                : tr("<b>Flapping rules:</b> %1").arg(flapping.join(QStringLiteral(", ")).toHtmlEscaped()));
        emit loaded();
    });
}
