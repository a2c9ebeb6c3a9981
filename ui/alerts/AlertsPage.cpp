#include "alerts/AlertsPage.h"

#include "alerts/AlertDetailPane.h"
#include "alerts/AlertInboxModel.h"
#include "alerts/AlertService.h"
#include "alerts/AnalyticsPanel.h"
#include "alerts/RulesPanel.h"
#include "alerts/SilencesPanel.h"
#include "Engine.h"

#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

using opsdeck::alerts::Alert;
using opsdeck::alerts::AlertState;
using opsdeck::alerts::Severity;

namespace {

QString systemUserName()
{
    for (const char* var : { "USER", "LOGNAME", "USERNAME" }) {
        const QString name = qEnvironmentVariable(var);
        if (!name.isEmpty())
            return name;
    }
    return QStringLiteral("operator");
}

} // namespace

AlertsPage::AlertsPage(opsdeck::Engine* engine, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
{
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("alertTabs"));
    m_tabs->setDocumentMode(true);
    outer->addWidget(m_tabs);

    auto* inbox = new QWidget(m_tabs);
    auto* layout = new QVBoxLayout(inbox);

    auto* filters = new QHBoxLayout;
    m_stateFilter = new QComboBox(inbox);
    m_stateFilter->setObjectName(QStringLiteral("stateFilter"));
    using SF = AlertInboxFilter::StateFilter;
    m_stateFilter->addItem(tr("Open"), static_cast<int>(SF::Open));
    m_stateFilter->addItem(tr("Firing"), static_cast<int>(SF::Firing));
    m_stateFilter->addItem(tr("Pending"), static_cast<int>(SF::Pending));
    m_stateFilter->addItem(tr("Not acknowledged"), static_cast<int>(SF::Unacknowledged));
    m_stateFilter->addItem(tr("Acknowledged"), static_cast<int>(SF::Acknowledged));
    m_stateFilter->addItem(tr("Resolved"), static_cast<int>(SF::Resolved));
    m_stateFilter->addItem(tr("All"), static_cast<int>(SF::All));
    m_severityFilter = new QComboBox(inbox);
    m_severityFilter->setObjectName(QStringLiteral("severityFilter"));
    m_severityFilter->addItem(tr("All severities"), -1);
    m_severityFilter->addItem(tr("Critical"), static_cast<int>(Severity::Critical));
    m_severityFilter->addItem(tr("Warning"), static_cast<int>(Severity::Warning));
    m_severityFilter->addItem(tr("Info"), static_cast<int>(Severity::Info));
    m_search = new QLineEdit(inbox);
    m_search->setObjectName(QStringLiteral("alertSearch"));
    m_search->setPlaceholderText(tr("Filter by name, label or text"));
    m_search->setClearButtonEnabled(true);
    m_counts = new QLabel(inbox);
    m_counts->setObjectName(QStringLiteral("alertCounts"));
    filters->addWidget(new QLabel(tr("Show:"), inbox));
    filters->addWidget(m_stateFilter);
    filters->addWidget(m_severityFilter);
    filters->addWidget(m_search, 1);
    filters->addWidget(m_counts);
    layout->addLayout(filters);

    auto* actions = new QHBoxLayout;
    m_ackButton = new QPushButton(tr("&Acknowledge selected…"), inbox);
    m_ackButton->setObjectName(QStringLiteral("acknowledgeSelected"));
    m_ackButton->setToolTip(tr("Acknowledge the selected alerts, with an optional note (Ctrl+K)"));
    m_unackButton = new QPushButton(tr("&Unacknowledge"), inbox);
    m_unackButton->setObjectName(QStringLiteral("unacknowledge"));
    m_silenceButton = new QPushButton(tr("&Silence…"), inbox);
    m_silenceButton->setObjectName(QStringLiteral("silenceAlert"));
    m_silenceButton->setToolTip(tr("Silence notifications for alerts with these labels"));
    m_message = new QLabel(inbox);
    m_message->setObjectName(QStringLiteral("alertMessage"));
    actions->addWidget(m_ackButton);
    actions->addWidget(m_unackButton);
    actions->addWidget(m_silenceButton);
    actions->addWidget(m_message, 1);
    layout->addLayout(actions);

    auto* ackAction = new QAction(tr("Acknowledge selected"), this);
    ackAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    ackAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(ackAction);
    connect(ackAction, &QAction::triggered, this, [this] { acknowledgeSelected(true); });

    m_empty = new QLabel(inbox);
    m_empty->setObjectName(QStringLiteral("alertsEmptyState"));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_empty);

    auto* split = new QSplitter(Qt::Horizontal, inbox);
    m_model = new AlertInboxModel(this);
    m_filter = new AlertInboxFilter(this);
    m_filter->setSourceModel(m_model);
    m_table = new QTableView(split);
    m_table->setObjectName(QStringLiteral("alertTable"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(AlertInboxModel::StartedColumn, Qt::DescendingOrder);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(AlertInboxModel::LabelsColumn, QHeaderView::Stretch);
    const QFontMetrics fm(m_table->font());
    m_table->setColumnWidth(
        AlertInboxModel::SeverityColumn, fm.horizontalAdvance(QStringLiteral("Critical ✓")) + 44);
    m_table->setColumnWidth(
        AlertInboxModel::StateColumn, fm.horizontalAdvance(QStringLiteral("Firing, flapping")) + 16);
    m_table->setColumnWidth(
        AlertInboxModel::NameColumn, fm.horizontalAdvance(QStringLiteral("FilesystemFillingUp")) + 16);
    m_table->setColumnWidth(AlertInboxModel::StartedColumn, fm.horizontalAdvance(QStringLiteral("00:00 AM")) + 16);
    m_table->setColumnWidth(
        AlertInboxModel::DurationColumn, fm.horizontalAdvance(QStringLiteral("12 h 59 min")) + 16);
    m_table->setColumnWidth(
        AlertInboxModel::AckColumn, fm.horizontalAdvance(QStringLiteral("✓ operator, 00:00")) + 16);
    m_table->viewport()->setMouseTracking(true);
    m_detail = new AlertDetailPane(engine, split);
    split->addWidget(m_table);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({ 900, 500 });
    layout->addWidget(split, 1);
    m_tabs->addTab(inbox, tr("Inbox"));
    m_rules = new RulesPanel(engine, m_tabs);
    m_tabs->addTab(m_rules, tr("Rules"));
    m_silences = new SilencesPanel(engine, m_tabs);
    m_tabs->addTab(m_silences, tr("Silences"));
    m_tabs->addTab(new AnalyticsPanel(engine, m_tabs), tr("Analytics"));

    connect(m_stateFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setStateFilter(static_cast<AlertInboxFilter::StateFilter>(m_stateFilter->currentData().toInt()));
        updateCounts();
    });
    connect(m_severityFilter, &QComboBox::currentIndexChanged, this, [this] {
        const int s = m_severityFilter->currentData().toInt();
        m_filter->setSeverityFilter(s < 0 ? std::nullopt : std::optional<Severity>(static_cast<Severity>(s)));
        updateCounts();
    });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_filter->setText(text);
        updateCounts();
    });
    // One click on "Acknowledge" in a row acknowledges that alert.
    connect(m_table, &QTableView::clicked, this, [this](const QModelIndex& index) {
        if (index.column() != AlertInboxModel::AckColumn)
            return;
        const QModelIndex source = m_filter->mapToSource(index);
        const Alert* alert = m_model->alertAt(source.row());
        if (alert && alert->isOpen() && !alert->ack)
            acknowledgeIds({ alert->id }, QString());
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        updateDetail();
    });
    connect(m_ackButton, &QPushButton::clicked, this, [this] { acknowledgeSelected(true); });
    connect(m_unackButton, &QPushButton::clicked, this, [this] {
        opsdeck::AlertService* service = m_engine->alertService();
        for (const qint64 id : selectedIds(true, false)) {
            const Alert* a = m_model->alertById(id);
            if (a && a->ack)
                service->unacknowledge(id, operatorName(), this, [this](const QString& error) {
                    m_message->setText(error.isEmpty() ? tr("Acknowledgement removed.") : error);
                });
        }
    });
    connect(m_silenceButton, &QPushButton::clicked, this, &AlertsPage::silenceSelected);

    m_tick = new QTimer(this);
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, m_model, &AlertInboxModel::refreshDurations);
    m_tick->start();

    if (opsdeck::AlertService* service = m_engine ? m_engine->alertService() : nullptr)
        connect(service, &opsdeck::AlertService::alertsChanged, this, &AlertsPage::refresh);
    refresh();
}

void AlertsPage::setOperatorName(const QString& name)
{
    m_operator = name.trimmed();
}

QString AlertsPage::operatorName() const
{
    return m_operator.isEmpty() ? systemUserName() : m_operator;
}

QByteArray AlertsPage::saveTableState() const
{
    return m_table->horizontalHeader()->saveState();
}

bool AlertsPage::restoreTableState(const QByteArray& state)
{
    return !state.isEmpty() && m_table->horizontalHeader()->restoreState(state);
}

void AlertsPage::refresh()
{
    opsdeck::AlertService* service = m_engine ? m_engine->alertService() : nullptr;
    if (!service)
        return;
    QSet<QByteArray> muted;
    const QList<Alert> alerts = service->alerts();
    for (const Alert& a : alerts) {
        if (service->isMuted(a.fingerprint))
            muted.insert(a.fingerprint);
    }
    m_model->setAlerts(alerts, muted);
    updateCounts();
    updateActions();
    updateDetail();
}

void AlertsPage::updateCounts()
{
    int firing = 0, pending = 0, acked = 0, resolved = 0, other = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const Alert* a = m_model->alertAt(row);
        if (!a->isOpen())
            ++resolved;
        else if (a->ack)
            ++acked;
        else if (a->state == AlertState::Firing)
            ++firing;
        else if (a->state == AlertState::Pending)
            ++pending;
        else
            ++other;
    }
    QStringList parts { tr("%n firing", nullptr, firing), tr("%n pending", nullptr, pending),
        tr("%n acknowledged", nullptr, acked), tr("%n resolved", nullptr, resolved) };
    if (other > 0)
        parts.append(tr("%n without data or failing", nullptr, other));
    m_counts->setText(parts.join(QStringLiteral(" · ")));

    opsdeck::AlertService* service = m_engine ? m_engine->alertService() : nullptr;
    int rules = 0;
    if (service) {
        for (const auto& g : service->ruleGroups())
            rules += static_cast<int>(g.rules.size());
    }
    QString empty;
    if (rules == 0)
        empty
            = tr("No alert rules yet. Add rules or ready templates on the Rules tab, or import a Prometheus rule "
                 "file.");
    else if (m_filter->rowCount() == 0 && m_model->rowCount() == 0)
        empty = tr("All clear: %n rule(s) evaluated as data arrives, nothing pending or firing.", nullptr, rules);
    else if (m_filter->rowCount() == 0)
        empty = tr("No alert matches these filters.");
    m_empty->setText(empty);
    m_empty->setVisible(!empty.isEmpty());
}

QList<qint64> AlertsPage::selectedIds(bool openOnly, bool unacknowledgedOnly) const
{
    QList<qint64> ids;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows()) {
        const Alert* a = m_model->alertAt(m_filter->mapToSource(index).row());
        if (!a || (openOnly && !a->isOpen()) || (unacknowledgedOnly && a->ack))
            continue;
        ids.append(a->id);
    }
    return ids;
}

void AlertsPage::updateActions()
{
    const QList<qint64> open = selectedIds(true, false);
    bool anyAcked = false;
    bool anyUnacked = false;
    for (const qint64 id : open) {
        const Alert* a = m_model->alertById(id);
        (a && a->ack ? anyAcked : anyUnacked) = true;
    }
    m_ackButton->setEnabled(anyUnacked);
    m_unackButton->setEnabled(anyAcked);
    m_silenceButton->setEnabled(m_table->selectionModel()->selectedRows().size() == 1);
}

void AlertsPage::updateDetail()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.size() != 1) {
        m_detail->showAlert(std::nullopt);
        return;
    }
    const Alert* a = m_model->alertAt(m_filter->mapToSource(rows.constFirst()).row());
    m_detail->showAlert(a ? std::optional<Alert>(*a) : std::nullopt);
}

void AlertsPage::acknowledgeSelected(bool ask)
{
    const QList<qint64> ids = selectedIds(true, true);
    if (ids.isEmpty())
        return;
    QString note;
    if (ask) {
        QDialog dialog(this);
        dialog.setObjectName(QStringLiteral("acknowledgeDialog"));
        dialog.setWindowTitle(tr("Acknowledge alerts"));
        auto* layout = new QVBoxLayout(&dialog);
        layout->addWidget(new QLabel(tr("Acknowledge %n alert(s) as %1. They stay listed until they resolve; "
                                        "repeats and escalation stop.",
                                         nullptr, static_cast<int>(ids.size()))
                                         .arg(operatorName()),
            &dialog));
        auto* noteEdit = new QPlainTextEdit(&dialog);
        noteEdit->setObjectName(QStringLiteral("acknowledgeNote"));
        noteEdit->setPlaceholderText(tr("Optional note, e.g. \"looking into it\""));
        noteEdit->setTabChangesFocus(true);
        layout->addWidget(noteEdit);
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
        buttons->button(QDialogButtonBox::Ok)->setText(tr("Acknowledge"));
        connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        layout->addWidget(buttons);
        if (dialog.exec() != QDialog::Accepted)
            return;
        note = noteEdit->toPlainText().trimmed();
    }
    acknowledgeIds(ids, note);
}

void AlertsPage::acknowledgeIds(const QList<qint64>& ids, const QString& note)
{
    opsdeck::AlertService* service = m_engine ? m_engine->alertService() : nullptr;
    if (!service || ids.isEmpty())
        return;
    m_message->setText(tr("Acknowledging…"));
    service->acknowledge(ids, operatorName(), note, this, [this, count = ids.size()](const QString& error) {
        m_message->setText(
            error.isEmpty() ? tr("%n alert(s) acknowledged.", nullptr, static_cast<int>(count)) : error);
    });
}

void AlertsPage::silenceSelected()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.size() != 1)
        return;
    const Alert* a = m_model->alertAt(m_filter->mapToSource(rows.constFirst()).row());
    if (!a)
        return;
    // "Silence this alert": the dialog prefilled with its labels; the Silences tab lists the result.
    m_silences->newSilenceFor(*a);
}
