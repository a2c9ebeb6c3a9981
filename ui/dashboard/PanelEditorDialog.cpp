#include "dashboard/PanelEditorDialog.h"

#include "dashboard/DashboardService.h"
#include "query/QueryEngine.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

using opsdeck::dashboard::PanelDefinition;

PanelEditorDialog::PanelEditorDialog(const PanelDefinition& panel, QWidget* parent)
    : QDialog(parent)
    , m_panel(panel)
{
    setObjectName(QStringLiteral("panelEditor"));
    setWindowTitle(panel.id == 0 ? tr("Add panel") : tr("Edit panel"));
    setMinimumWidth(560);

    m_title = new QLineEdit(panel.title, this);
    m_title->setObjectName(QStringLiteral("panelTitle"));
    m_title->setPlaceholderText(tr("CPU by mode"));

    m_query = new QLineEdit(panel.query, this);
    m_query->setObjectName(QStringLiteral("panelQuery"));
    m_query->setPlaceholderText(
        QStringLiteral("sum by (mode) (rate(node_cpu_seconds_total{instance=~\"$host\"}[1m]))"));
    m_query->setToolTip(
        tr("A PromQL expression. $host stands for the host filter (all hosts when none is picked)."));
    auto* check = new QPushButton(tr("Check"), this);
    check->setObjectName(QStringLiteral("checkQueryButton"));
    check->setAutoDefault(false);
    auto* queryRow = new QHBoxLayout;
    queryRow->addWidget(m_query, 1);
    queryRow->addWidget(check);

    m_unit = new QComboBox(this);
    m_unit->setObjectName(QStringLiteral("panelUnit"));
    const QList<std::pair<QString, QString>> units = {
        { QString(), tr("Plain number") },
        { QStringLiteral("percent"), tr("Percent (0–100)") },
        { QStringLiteral("ratio"), tr("Ratio (0–1, shown as percent)") },
        { QStringLiteral("bytes"), tr("Bytes") },
        { QStringLiteral("bytes/s"), tr("Bytes per second") },
        { QStringLiteral("seconds"), tr("Duration (seconds)") },
        { QStringLiteral("ops/s"), tr("Operations per second") },
        { QStringLiteral("count"), tr("Count") },
    };
    for (const auto& [value, label] : units)
        m_unit->addItem(label, value);
    m_unit->setCurrentIndex(std::max(0, m_unit->findData(panel.unit)));

    m_legend = new QLineEdit(panel.legend, this);
    m_legend->setObjectName(QStringLiteral("panelLegend"));
    m_legend->setPlaceholderText(tr("{{instance}} {{mode}} — empty shows all labels"));

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("queryStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout;
    form->addRow(tr("&Title:"), m_title);
    auto* queryLabel = new QLabel(tr("&Query:"), this);
    queryLabel->setBuddy(m_query); // a row holding a layout gets no buddy by itself
    form->addRow(queryLabel, queryRow);
    form->addRow(QString(), m_status);
    form->addRow(tr("&Unit:"), m_unit);
    form->addRow(tr("&Legend:"), m_legend);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("panelEditorButtons"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("panelEditorOk"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("panelEditorCancel"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(check, &QPushButton::clicked, this, &PanelEditorDialog::checkQuery);
    connect(m_query, &QLineEdit::textEdited, m_status, &QLabel::clear);
    connect(buttons, &QDialogButtonBox::accepted, this, &PanelEditorDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &PanelEditorDialog::reject);
}

PanelDefinition PanelEditorDialog::panel() const
{
    PanelDefinition p = m_panel;
    p.title = m_title->text().trimmed();
    p.query = m_query->text().trimmed();
    p.unit = m_unit->currentData().toString();
    p.legend = m_legend->text().trimmed();
    return p;
}

QString PanelEditorDialog::checkQuery()
{
    const QString expr = m_query->text().trimmed();
    if (expr.isEmpty()) {
        m_status->setText(tr("Enter a query."));
        return m_status->text();
    }
    const QString error
        = opsdeck::query::QueryEngine::check(opsdeck::dashboard::expandHostVariable(expr, QStringLiteral(".+")));
    if (error.isEmpty()) {
        m_status->setText(tr("\u2713 The query is valid."));
        return QString();
    }
    m_status->setText(tr("\u2717 %1").arg(error));
    // "line:column: ..." — put the cursor where the parser stopped (only when
    // "$host" did not shift the columns, which it does before that point).
    static const QRegularExpression position(QStringLiteral("^(\\d+):(\\d+):"));
    const auto match = position.match(error);
    if (match.hasMatch() && !expr.contains(QLatin1String("$host"))) {
        m_query->setFocus();
        m_query->setCursorPosition(std::clamp(match.captured(2).toInt() - 1, 0, int(expr.size())));
    }
    return error;
}

void PanelEditorDialog::accept()
{
    const QString problem = opsdeck::dashboard::DashboardService::validate(panel());
    if (!problem.isEmpty()) {
        m_status->setText(tr("\u2717 Cannot save: %1").arg(problem));
        return;
    }
    QDialog::accept();
}
