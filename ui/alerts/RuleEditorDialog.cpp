#include "alerts/RuleEditorDialog.h"

#include "alerts/TemplateExpander.h"
#include "Engine.h"
#include "metrics/Duration.h"
#include "metrics/SeriesStore.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QtConcurrent/QtConcurrentRun>
#include <QTextBlock>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

using opsdeck::alerts::AlertRule;
using opsdeck::alerts::Severity;
using opsdeck::metrics::Labels;
using opsdeck::query::QueryEngine;
using opsdeck::query::QueryResult;

namespace {
const QString kOkStyle = QStringLiteral("color: #2e7d32;");
const QString kErrorStyle = QStringLiteral("color: #c62828;");
constexpr int kPreviewDebounceMs = 300;
constexpr int kMaxPreviewRows = 500; // a preview, not a query browser

QString escapeValue(const QString& value)
{
    QString out = value;
    out.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    out.replace(QLatin1Char('\n'), QLatin1String("\\n"));
    return out;
}

QString unescapeValue(QStringView value)
{
    QString out;
    out.reserve(value.size());
    for (qsizetype i = 0; i < value.size(); ++i) {
        if (value[i] == QLatin1Char('\\') && i + 1 < value.size()) {
            const QChar next = value[++i];
            out += next == QLatin1Char('n') ? QChar(QLatin1Char('\n')) : next;
        } else {
            out += value[i];
        }
    }
    return out;
}

// The labels an alert of this series would carry, as RuleEvaluator builds
// them: series labels without __name__, plus the rule's labels, plus alertname.
Labels alertLabels(const Labels& series, const AlertRule& rule)
{
    Labels labels = series.without(opsdeck::metrics::kMetricNameLabel);
    for (auto it = rule.labels.cbegin(); it != rule.labels.cend(); ++it)
        labels = labels.with(it.key().toUtf8(), it.value().toUtf8());
    return labels.with("alertname", rule.name.toUtf8());
}

QString labelsText(const Labels& labels)
{
    QStringList parts;
    for (const auto& label : labels) {
        parts.append(QStringLiteral("%1=\"%2\"")
                         .arg(QString::fromUtf8(label.name),
                             QString::fromUtf8(opsdeck::metrics::escapeLabelValue(label.value))));
    }
    return QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
}
} // namespace

RuleEditorDialog::RuleEditorDialog(opsdeck::Engine* engine, QWidget* parent)
    : QDialog(parent)
    , m_engine(engine)
    , m_debounce(new QTimer(this))
    , m_group(new QComboBox(this))
    , m_name(new QLineEdit(this))
    , m_expr(new QPlainTextEdit(this))
    , m_exprStatus(new QLabel(this))
    , m_for(new QLineEdit(this))
    , m_keepFiring(new QLineEdit(this))
    , m_severity(new QComboBox(this))
    , m_labels(new QPlainTextEdit(this))
    , m_annotations(new QPlainTextEdit(this))
    , m_preview(new QTreeWidget(this))
    , m_previewStatus(new QLabel(this))
    , m_validation(new QLabel(this))
{
    setObjectName(QStringLiteral("ruleEditor"));
    setWindowTitle(tr("Add alerting rule"));
    setMinimumSize(720, 640);

    m_group->setObjectName(QStringLiteral("ruleGroup"));
    m_group->setEditable(true);
    m_group->setInsertPolicy(QComboBox::NoInsert);
    m_group->setToolTip(tr("Rules are evaluated in groups; type a new name to start a group"));
    m_name->setObjectName(QStringLiteral("ruleName"));
    m_name->setPlaceholderText(tr("HostDown"));

    m_expr->setObjectName(QStringLiteral("ruleExpression"));
    m_expr->setPlaceholderText(QStringLiteral("up{job=\"node\"} == 0"));
    m_expr->setTabChangesFocus(true);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_expr->setFont(mono);
    m_expr->setFixedHeight(m_expr->fontMetrics().lineSpacing() * 4 + 12);
    m_expr->setToolTip(tr("A PromQL expression; every series it returns is an alert"));
    m_exprStatus->setObjectName(QStringLiteral("ruleExpressionStatus"));
    m_exprStatus->setWordWrap(true);
    m_exprStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_for->setObjectName(QStringLiteral("ruleFor"));
    m_for->setPlaceholderText(tr("0s — e.g. 5m"));
    m_for->setToolTip(
        tr("How long a series must keep matching before the alert fires (Prometheus duration: 30s, 5m, 1h)"));
    m_keepFiring->setObjectName(QStringLiteral("ruleKeepFiringFor"));
    m_keepFiring->setPlaceholderText(tr("0s"));
    m_keepFiring->setToolTip(tr("How long the alert keeps firing after the series stopped matching"));

    m_severity->setObjectName(QStringLiteral("ruleSeverity"));
    for (Severity s : { Severity::Critical, Severity::Warning, Severity::Info })
        m_severity->addItem(opsdeck::alerts::severityName(s), int(s));
    m_severity->setItemText(0, tr("critical"));
    m_severity->setItemText(1, tr("warning"));
    m_severity->setItemText(2, tr("info"));
    m_severity->setCurrentIndex(1);

    m_labels->setObjectName(QStringLiteral("ruleLabels"));
    m_labels->setPlaceholderText(tr("team=plant-ops"));
    m_labels->setTabChangesFocus(true);
    m_labels->setFixedHeight(m_labels->fontMetrics().lineSpacing() * 3 + 12);
    m_annotations->setObjectName(QStringLiteral("ruleAnnotations"));
    m_annotations->setPlaceholderText(
        tr("summary={{ $labels.instance }} is down\ndescription=No scrape for {{ $value | humanizeDuration }}"));
    m_annotations->setTabChangesFocus(true);
    m_annotations->setFixedHeight(m_annotations->fontMetrics().lineSpacing() * 4 + 12);
    m_annotations->setToolTip(tr("One key=value per line; values may use {{ $labels.name }}, {{ $value }} and "
                                 "humanize. Write \\n for a line break."));

    m_preview->setObjectName(QStringLiteral("rulePreview"));
    m_preview->setRootIsDecorated(false);
    m_preview->setAlternatingRowColors(true);
    m_preview->setHeaderLabels({ tr("Would be"), tr("Labels"), tr("Value"), tr("Summary") });
    m_preview->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_preview->setColumnWidth(PreviewStateColumn, 110);
    m_preview->setColumnWidth(PreviewLabelsColumn, 330);
    m_preview->setColumnWidth(PreviewValueColumn, 90);
    m_previewStatus->setObjectName(QStringLiteral("rulePreviewStatus"));
    m_previewStatus->setWordWrap(true);
    m_previewStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_validation->setObjectName(QStringLiteral("ruleValidation"));
    m_validation->setStyleSheet(kErrorStyle);
    m_validation->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&Group:"), m_group);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Expression:"), m_expr);
    form->addRow(QString(), m_exprStatus);
    auto* timing = new QHBoxLayout;
    timing->addWidget(m_for, 1);
    auto* keepLabel = new QLabel(tr("&Keep firing for:"), this);
    keepLabel->setBuddy(m_keepFiring);
    timing->addWidget(keepLabel);
    timing->addWidget(m_keepFiring, 1);
    auto* forLabel = new QLabel(tr("&For:"), this);
    forLabel->setBuddy(m_for);
    form->addRow(forLabel, timing);
    form->addRow(tr("&Severity:"), m_severity);
    form->addRow(tr("&Labels:"), m_labels);
    form->addRow(tr("&Annotations:"), m_annotations);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(QStringLiteral("ruleOk"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("<b>Preview</b> — the expression evaluated now"), this));
    layout->addWidget(m_previewStatus);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_validation);
    layout->addWidget(buttons);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kPreviewDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &RuleEditorDialog::refreshPreview);
    connect(&m_watcher, &QFutureWatcher<Preview>::finished, this, [this] {
        if (m_watcher.future().resultCount() > 0)
            showPreview(m_watcher.result());
        if (m_previewAgain) {
            m_previewAgain = false;
            refreshPreview();
        }
    });

    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (problem().isEmpty())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &RuleEditorDialog::reject);
    connect(m_expr, &QPlainTextEdit::textChanged, this, [this] {
        checkExpression();
        validate();
        schedulePreview();
    });
    for (QLineEdit* edit : { m_name, m_for, m_keepFiring })
        connect(edit, &QLineEdit::textChanged, this, &RuleEditorDialog::validate);
    // for changes what the preview calls pending or firing; labels and annotations what it shows.
    connect(m_for, &QLineEdit::textChanged, this, &RuleEditorDialog::schedulePreview);
    for (QPlainTextEdit* edit : { m_labels, m_annotations }) {
        connect(edit, &QPlainTextEdit::textChanged, this, &RuleEditorDialog::validate);
        connect(edit, &QPlainTextEdit::textChanged, this, &RuleEditorDialog::schedulePreview);
    }
    connect(m_group, &QComboBox::currentTextChanged, this, &RuleEditorDialog::validate);

    setPreviewMessage(tr("Enter an expression to see which series would alert."), false);
    validate();
}

RuleEditorDialog::~RuleEditorDialog()
{
    // The worker reads the engine's store; the owner may destroy the engine
    // right after the dialog. One evaluation at most, usually milliseconds.
    m_watcher.waitForFinished();
}

void RuleEditorDialog::setGroupNames(const QStringList& names)
{
    const QString current = m_group->currentText();
    m_group->clear();
    m_group->addItems(names);
    m_group->setCurrentText(current.isEmpty() && !names.isEmpty() ? names.constFirst() : current);
}

void RuleEditorDialog::setRule(const AlertRule& rule, const QString& groupName)
{
    m_original = rule;
    setWindowTitle(rule.name.isEmpty() ? tr("Add alerting rule") : tr("Edit rule %1").arg(rule.name));
    m_group->setCurrentText(groupName);
    m_name->setText(rule.name);
    m_for->setText(rule.forMs > 0 ? opsdeck::metrics::formatDuration(rule.forMs) : QString());
    m_keepFiring->setText(
        rule.keepFiringForMs > 0 ? opsdeck::metrics::formatDuration(rule.keepFiringForMs) : QString());
    Severity severity = rule.severity;
    if (const auto fromLabel = opsdeck::alerts::severityFromName(rule.labels.value(QStringLiteral("severity"))))
        severity = *fromLabel;
    m_severity->setCurrentIndex(m_severity->findData(int(severity)));
    QMap<QString, QString> labels = rule.labels;
    labels.remove(QStringLiteral("severity")); // the severity box says it
    m_labels->setPlainText(formatPairs(labels));
    m_annotations->setPlainText(formatPairs(rule.annotations));
    m_expr->setPlainText(rule.expr); // last: triggers the check and the preview
}

QString RuleEditorDialog::formatPairs(const QMap<QString, QString>& pairs)
{
    QStringList lines;
    for (auto it = pairs.cbegin(); it != pairs.cend(); ++it)
        lines.append(it.key() + QLatin1Char('=') + escapeValue(it.value()));
    return lines.join(QLatin1Char('\n'));
}

QMap<QString, QString> RuleEditorDialog::parsePairs(const QString& text, QString* error)
{
    QMap<QString, QString> pairs;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        const QString key = eq < 0 ? line : line.left(eq).trimmed();
        if (eq < 0) {
            if (error && error->isEmpty())
                *error = tr("line %1: \u201c%2\u201d needs a value (key=value)").arg(i + 1).arg(line);
            continue;
        }
        if (!opsdeck::metrics::isValidLabelName(key.toUtf8())) {
            if (error && error->isEmpty())
                *error
                    = tr("line %1: \u201c%2\u201d is not a valid name (letters, digits and _, not starting with a "
                         "digit)")
                          .arg(i + 1)
                          .arg(key);
            continue;
        }
        if (pairs.contains(key) && error && error->isEmpty())
            *error = tr("line %1: \u201c%2\u201d is given twice").arg(i + 1).arg(key);
        pairs.insert(key, unescapeValue(QStringView(line).mid(eq + 1).trimmed()));
    }
    return pairs;
}

AlertRule RuleEditorDialog::rule() const
{
    AlertRule r = m_original;
    r.name = m_name->text().trimmed();
    r.expr = m_expr->toPlainText().trimmed();
    r.forMs = opsdeck::metrics::parseDuration(m_for->text().trimmed()).value_or(0);
    r.keepFiringForMs = opsdeck::metrics::parseDuration(m_keepFiring->text().trimmed()).value_or(0);
    r.severity = Severity(m_severity->currentData().toInt());
    r.labels = parsePairs(m_labels->toPlainText(), nullptr);
    r.labels.insert(QStringLiteral("severity"), opsdeck::alerts::severityName(r.severity));
    r.annotations = parsePairs(m_annotations->toPlainText(), nullptr);
    return r;
}

QString RuleEditorDialog::groupName() const
{
    return m_group->currentText().trimmed();
}

QString RuleEditorDialog::problem() const
{
    if (groupName().isEmpty())
        return tr("Enter a group name.");
    const QString name = m_name->text().trimmed();
    if (name.isEmpty())
        return tr("Enter a rule name.");
    // alertname is a label value, so any text works; Prometheus's own rules use identifiers.
    if (name.contains(QLatin1Char('\n')))
        return tr("The name must be one line.");
    const QString expr = m_expr->toPlainText().trimmed();
    if (expr.isEmpty())
        return tr("Enter an expression.");
    if (const QString error = QueryEngine::check(expr); !error.isEmpty())
        return tr("The expression does not parse: %1").arg(error);
    for (const auto& [edit, what] :
        { std::pair { m_for, tr("For") }, std::pair { m_keepFiring, tr("Keep firing for") } }) {
        const QString text = edit->text().trimmed();
        if (!text.isEmpty() && !opsdeck::metrics::parseDuration(text))
            return tr("%1: \u201c%2\u201d is not a duration (e.g. 30s, 5m, 1h30m).").arg(what, text);
    }
    QString error;
    const auto labels = parsePairs(m_labels->toPlainText(), &error);
    if (!error.isEmpty())
        return tr("Labels, %1.").arg(error);
    if (labels.contains(QStringLiteral("alertname")))
        return tr("Labels: alertname is the rule name; remove it.");
    parsePairs(m_annotations->toPlainText(), &error);
    if (!error.isEmpty())
        return tr("Annotations, %1.").arg(error);
    return QString();
}

void RuleEditorDialog::validate()
{
    const QString why = problem();
    m_validation->setText(why.isEmpty() ? QString() : tr("\u2717 %1").arg(why));
    m_validation->setVisible(!why.isEmpty());
    m_ok->setEnabled(why.isEmpty());
}

QString RuleEditorDialog::checkExpression()
{
    const QString expr = m_expr->toPlainText();
    QList<QTextEdit::ExtraSelection> marks;
    QString error;
    if (expr.trimmed().isEmpty()) {
        m_exprStatus->clear();
    } else if (error = QueryEngine::check(expr); error.isEmpty()) {
        m_exprStatus->setStyleSheet(kOkStyle);
        m_exprStatus->setText(tr("\u2713 The expression is valid."));
    } else {
        m_exprStatus->setStyleSheet(kErrorStyle);
        // "line:column: parse error: ..." — underline where the parser stopped.
        static const QRegularExpression position(QStringLiteral("^(\\d+):(\\d+):"));
        const auto match = position.match(error);
        if (match.hasMatch()) {
            const int line = match.captured(1).toInt();
            const int column = match.captured(2).toInt();
            m_exprStatus->setText(tr("\u2717 Line %1, column %2: %3")
                                      .arg(line)
                                      .arg(column)
                                      .arg(error.mid(match.capturedLength()).trimmed()));
            const QTextBlock block = m_expr->document()->findBlockByNumber(line - 1);
            if (block.isValid()) {
                QTextEdit::ExtraSelection mark;
                mark.cursor = QTextCursor(block);
                const int at = std::clamp(column - 1, 0, std::max(0, block.length() - 1));
                mark.cursor.setPosition(block.position() + at);
                // At the end of the text there is no character to underline: mark the last one.
                if (at >= block.length() - 1 && at > 0)
                    mark.cursor.setPosition(block.position() + at - 1);
                mark.cursor.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
                mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
                mark.format.setUnderlineColor(QColor(0xc6, 0x28, 0x28));
                marks.append(mark);
            }
        } else {
            m_exprStatus->setText(tr("\u2717 %1").arg(error));
        }
    }
    m_expr->setExtraSelections(marks);
    return error;
}

void RuleEditorDialog::schedulePreview()
{
    // Never leave an old verdict under a changed rule while the debounce runs.
    if (!m_expr->toPlainText().trimmed().isEmpty())
        setPreviewMessage(tr("Evaluating…"), false);
    m_debounce->start();
}

void RuleEditorDialog::refreshPreview()
{
    m_debounce->stop();
    if (m_watcher.isRunning()) {
        m_previewAgain = true;
        return;
    }
    const AlertRule r = rule();
    if (r.expr.isEmpty()) {
        m_preview->clear();
        setPreviewMessage(tr("Enter an expression to see which series would alert."), false);
        emit previewUpdated();
        return;
    }
    if (const QString error = QueryEngine::check(r.expr); !error.isEmpty()) {
        m_preview->clear();
        setPreviewMessage(tr("\u2717 Fix the expression to see a preview."), true);
        emit previewUpdated();
        return;
    }
    setPreviewMessage(tr("Evaluating…"), false);
    const opsdeck::query::QuerySource* source = m_engine->querySource();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_watcher.setFuture(QtConcurrent::run([source, r, now]() {
        Preview preview;
        preview.evalTimeMs = now;
        preview.result = source->instant(r.expr, now);
        const QString summary = r.annotations.value(QStringLiteral("summary"));
        for (const auto& series : std::as_const(preview.result.series)) {
            if (summary.isEmpty() || preview.summaries.size() >= kMaxPreviewRows)
                break;
            const double value = series.points.isEmpty() ? std::nan("") : series.points.constLast().value;
            QString error;
            preview.summaries.append(
                opsdeck::alerts::TemplateExpander::expand(summary, alertLabels(series.labels, r), value, &error));
        }
        return preview;
    }));
}

void RuleEditorDialog::setPreviewMessage(const QString& text, bool error)
{
    m_previewStatus->setStyleSheet(error ? kErrorStyle : QString());
    m_previewStatus->setText(text);
}

void RuleEditorDialog::showPreview(const Preview& preview)
{
    m_preview->clear();
    const QueryResult& result = preview.result;
    if (!result.ok) {
        setPreviewMessage(tr("\u2717 Evaluation failed: %1").arg(result.error), true);
        emit previewUpdated();
        return;
    }
    const AlertRule r = rule();
    const QString state = r.forMs > 0
        ? tr("pending (fires after %1)").arg(opsdeck::metrics::formatDuration(r.forMs))
        : tr("firing");
    const QLocale locale;
    int shown = 0;
    const auto addRow = [&](const Labels& labels, double value, const QString& summary) {
        auto* item = new QTreeWidgetItem(m_preview);
        item->setText(PreviewStateColumn, state);
        item->setText(PreviewLabelsColumn, labelsText(alertLabels(labels, r)));
        item->setToolTip(PreviewLabelsColumn, item->text(PreviewLabelsColumn));
        item->setText(
            PreviewValueColumn, std::isnan(value) ? QStringLiteral("NaN") : locale.toString(value, 'g', 6));
        item->setTextAlignment(PreviewValueColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(PreviewSummaryColumn, summary);
        ++shown;
    };
    qsizetype total = 0;
    switch (result.type) {
    case opsdeck::query::ValueType::Scalar:
        // Prometheus turns a scalar rule result into one series without labels.
        total = 1;
        addRow(Labels(), result.scalar.value, QString());
        break;
    case opsdeck::query::ValueType::Vector:
        total = result.series.size();
        for (qsizetype i = 0; i < result.series.size() && shown < kMaxPreviewRows; ++i) {
            const auto& series = result.series.at(i);
            addRow(series.labels, series.points.isEmpty() ? std::nan("") : series.points.constLast().value,
                preview.summaries.value(i));
        }
        break;
    case opsdeck::query::ValueType::Matrix:
    case opsdeck::query::ValueType::String:
        setPreviewMessage(tr("\u2717 An alerting rule needs an instant vector; this expression gives a range "
                             "vector or a string."),
            true);
        emit previewUpdated();
        return;
    }
    if (total == 0) {
        setPreviewMessage(tr("No series match — the rule would be inactive now."), false);
    } else {
        QString text = r.forMs > 0
            ? tr("%n series would be pending now (firing once they keep matching for %1).", nullptr, int(total))
                  .arg(opsdeck::metrics::formatDuration(r.forMs))
            : tr("%n series would be firing now.", nullptr, int(total));
        if (total > shown)
            text += QLatin1Char(' ') + tr("The first %n are listed.", nullptr, shown);
        setPreviewMessage(text, false);
    }
    emit previewUpdated();
}
