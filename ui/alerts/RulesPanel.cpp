#include "alerts/RulesPanel.h"

#include "alerts/AlertService.h"
#include "alerts/ReadyTemplates.h"
#include "alerts/RuleEditorDialog.h"
#include "alerts/RuleFile.h"
#include "alerts/SeverityWords.h"
#include "Engine.h"
#include "metrics/Duration.h"
#include "shell/Dialogs.h"
#include "shell/Theme.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

using opsdeck::alerts::AlertRule;
using opsdeck::alerts::RuleFile;
using opsdeck::alerts::RuleFileResult;
using opsdeck::alerts::RuleGroup;
using opsdeck::alerts::Severity;

namespace {
const QString kErrorStyle
    = QStringLiteral("color: %1;").arg(Theme::toneColor(SeverityPalette::Tone::Critical).name());
constexpr qint64 kMaxRuleFileBytes = 16 * 1024 * 1024;
const QString kDefaultGroup = QStringLiteral("opsdeck");

// UI.md: severity colours only for severity, and always with the word.
QColor severityColor(Severity severity)
{
    return Theme::severityColor(severity);
}

QString severityText(Severity severity)
{
    return SeverityWords::label(severity); // "critical", as in the rule file
}

int groupIndex(const QList<RuleGroup>& groups, const QString& name)
{
    for (int i = 0; i < groups.size(); ++i) {
        if (groups.at(i).name == name)
            return i;
    }
    return -1;
}

// Puts rule into the group called name (created at the end when missing), at
// index or appended.
void placeRule(QList<RuleGroup>& groups, const QString& name, const AlertRule& rule, int index = -1)
{
    int g = groupIndex(groups, name);
    if (g < 0) {
        groups.append(RuleGroup { name, 0, {} });
        g = int(groups.size()) - 1;
    }
    QList<AlertRule>& rules = groups[g].rules;
    if (index >= 0 && index <= rules.size())
        rules.insert(index, rule);
    else
        rules.append(rule);
}

QString durationText(qint64 ms)
{
    return ms > 0 ? opsdeck::metrics::formatDuration(ms) : QString();
}
} // namespace

RulesPanel::RulesPanel(opsdeck::Engine* engine, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_tree(new QTreeWidget(this))
    , m_addButton(new QPushButton(tr("Add…"), this))
    , m_editButton(new QPushButton(tr("Edit…"), this))
    , m_removeButton(new QPushButton(tr("Remove"), this))
    , m_templateButton(new QPushButton(tr("Add from template…"), this))
    , m_importButton(new QPushButton(tr("Import…"), this))
    , m_exportButton(new QPushButton(tr("Export…"), this))
    , m_empty(new QLabel(this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("rulesPanel"));
    m_addButton->setObjectName(QStringLiteral("addRuleButton"));
    m_editButton->setObjectName(QStringLiteral("editRuleButton"));
    m_removeButton->setObjectName(QStringLiteral("removeRuleButton"));
    m_templateButton->setObjectName(QStringLiteral("addTemplateButton"));
    m_templateButton->setToolTip(
        tr("Host down, CPU, memory, disk filling, scrape failing and SLO burn-rate alerts, ready to use"));
    m_importButton->setObjectName(QStringLiteral("importRulesButton"));
    m_importButton->setToolTip(tr("Load a Prometheus rule file (YAML); rules outside the supported subset are "
                                  "listed with the reason"));
    m_exportButton->setObjectName(QStringLiteral("exportRulesButton"));
    m_exportButton->setToolTip(tr("Write the rules as a Prometheus rule file"));

    m_tree->setObjectName(QStringLiteral("rulesTree"));
    m_tree->setHeaderLabels({ tr("Name"), tr("Expression"), tr("For"), tr("Severity"), tr("Source") });
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setWordWrap(false);
    QHeaderView* header = m_tree->header();
    header->setSectionsMovable(true);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(false);
    m_tree->setColumnWidth(NameColumn, 230);
    m_tree->setColumnWidth(ExpressionColumn, 420);
    m_tree->setColumnWidth(ForColumn, 60);
    m_tree->setColumnWidth(SeverityColumn, 80);
    m_tree->setColumnWidth(SourceColumn, 160);

    m_empty->setObjectName(QStringLiteral("rulesEmptyState"));
    m_empty->setText(tr("<b>No alerting rules yet</b> — add one, start from a template (host down, disk filling, "
                        "SLO burn rate…), or import a Prometheus rule file."));
    m_empty->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("rulesMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto* toolbar = new QHBoxLayout;
    toolbar->addWidget(m_addButton);
    toolbar->addWidget(m_editButton);
    toolbar->addWidget(m_removeButton);
    toolbar->addSpacing(12);
    toolbar->addWidget(m_templateButton);
    toolbar->addWidget(m_importButton);
    toolbar->addWidget(m_exportButton);
    toolbar->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(m_empty);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_message);

    connect(m_addButton, &QPushButton::clicked, this, &RulesPanel::addRule);
    connect(m_editButton, &QPushButton::clicked, this, &RulesPanel::editSelected);
    connect(m_removeButton, &QPushButton::clicked, this, &RulesPanel::removeSelected);
    connect(m_templateButton, &QPushButton::clicked, this, &RulesPanel::addFromTemplates);
    connect(m_importButton, &QPushButton::clicked, this, [this] {
        if (const QString path = Dialogs::openFile(this, tr("Import alerting rules"), QString(),
                tr("Prometheus rule files (*.yml *.yaml);;All files (*)"));
            !path.isEmpty())
            importFile(path);
    });
    connect(m_exportButton, &QPushButton::clicked, this, [this] {
        if (const QString path = Dialogs::saveFile(this, tr("Export alerting rules"),
                QStringLiteral("opsdeck-rules.yml"), tr("Prometheus rule files (*.yml *.yaml)"));
            !path.isEmpty())
            exportFile(path);
    });
    connect(m_tree, &QTreeWidget::itemSelectionChanged, this, &RulesPanel::updateActions);
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        if (item->data(0, RuleIndexRole).toInt() >= 0)
            editSelected();
    });

    reload();
}

RuleEditorDialog* RulesPanel::editor() const
{
    return findChild<RuleEditorDialog*>(QStringLiteral("ruleEditor"));
}

void RulesPanel::reload()
{
    const auto [selGroup, selRule] = selected();
    const QString selGroupName
        = selGroup >= 0 && selGroup < m_groups.size() ? m_groups.at(selGroup).name : QString();
    m_groups = m_engine->alertService()->ruleGroups();

    const QSignalBlocker block(m_tree);
    m_tree->clear();
    QTreeWidgetItem* reselect = nullptr;
    for (int g = 0; g < m_groups.size(); ++g) {
        const RuleGroup& group = m_groups.at(g);
        auto* groupItem = new QTreeWidgetItem(m_tree);
        groupItem->setText(NameColumn, group.name);
        QFont bold = groupItem->font(NameColumn);
        bold.setBold(true);
        groupItem->setFont(NameColumn, bold);
        groupItem->setText(ExpressionColumn,
            (group.intervalMs > 0
                    ? tr("evaluated every %1").arg(opsdeck::metrics::formatDuration(group.intervalMs))
                    : tr("evaluated after every scrape round"))
                + QStringLiteral(" · ") + tr("%n rule(s)", nullptr, int(group.rules.size())));
        groupItem->setData(0, GroupIndexRole, g);
        groupItem->setData(0, RuleIndexRole, -1);
        for (int r = 0; r < group.rules.size(); ++r) {
            const AlertRule& rule = group.rules.at(r);
            auto* item = new QTreeWidgetItem(groupItem);
            item->setText(NameColumn, rule.name);
            item->setText(ExpressionColumn, rule.expr.simplified());
            item->setToolTip(ExpressionColumn, rule.expr);
            item->setText(ForColumn, durationText(rule.forMs));
            item->setText(SeverityColumn, severityText(rule.severity));
            item->setForeground(SeverityColumn, severityColor(rule.severity));
            if (!rule.sourceFile.isEmpty()) {
                const QString source = rule.sourceLine > 0
                    ? QStringLiteral("%1:%2").arg(QFileInfo(rule.sourceFile).fileName()).arg(rule.sourceLine)
                    : QFileInfo(rule.sourceFile).fileName();
                item->setText(SourceColumn, source);
                item->setToolTip(SourceColumn, rule.sourceFile);
            }
            item->setData(0, GroupIndexRole, g);
            item->setData(0, RuleIndexRole, r);
            if (group.name == selGroupName && r == selRule)
                reselect = item;
        }
        if (group.name == selGroupName && selRule < 0)
            reselect = groupItem;
    }
    m_tree->expandAll();
    if (reselect)
        m_tree->setCurrentItem(reselect);
    m_empty->setVisible(m_groups.isEmpty());
    updateActions();
}

std::pair<int, int> RulesPanel::selected() const
{
    const QList<QTreeWidgetItem*> items = m_tree->selectedItems();
    if (items.isEmpty())
        return { -1, -1 };
    return { items.constFirst()->data(0, GroupIndexRole).toInt(),
        items.constFirst()->data(0, RuleIndexRole).toInt() };
}

void RulesPanel::updateActions()
{
    const auto [group, rule] = selected();
    for (QPushButton* button : { m_addButton, m_templateButton, m_importButton })
        button->setEnabled(!m_saving);
    m_editButton->setEnabled(!m_saving && rule >= 0);
    m_removeButton->setEnabled(!m_saving && group >= 0);
    m_exportButton->setEnabled(!m_saving && !m_groups.isEmpty());
    m_editButton->setToolTip(rule >= 0 ? QString() : tr("Select a rule first"));
    m_removeButton->setToolTip(group >= 0 ? QString() : tr("Select a rule or a group first"));
}

void RulesPanel::showMessage(const QString& text, bool error)
{
    m_message->setStyleSheet(error ? kErrorStyle : QString());
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void RulesPanel::save(const QList<RuleGroup>& groups, const QString& doneText)
{
    m_saving = true;
    updateActions();
    showMessage(tr("Saving rules…"), false);
    m_engine->alertService()->setRuleGroups(groups, this, [this, doneText](const QString& error) {
        m_saving = false;
        if (error.isEmpty())
            showMessage(doneText, false);
        else
            showMessage(tr("\u2717 The rules were not saved: %1").arg(error), true);
        reload();
        emit saveFinished(error);
    });
}

void RulesPanel::openEditor(RuleEditorDialog* dialog, int groupIdx, int ruleIdx)
{
    if (RuleEditorDialog* open = editor(); open && open != dialog) {
        dialog->deleteLater();
        open->raise();
        open->activateWindow();
        return;
    }
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, groupIdx, ruleIdx] {
        if (m_saving) {
            showMessage(tr("\u2717 Another change is being saved; try again in a moment."), true);
            return;
        }
        QList<RuleGroup> groups = m_groups;
        const AlertRule rule = dialog->rule();
        const QString target = dialog->groupName();
        int insertAt = -1;
        if (groupIdx >= 0 && groupIdx < groups.size() && ruleIdx >= 0 && ruleIdx < groups[groupIdx].rules.size()) {
            groups[groupIdx].rules.removeAt(ruleIdx);
            if (groups[groupIdx].name == target)
                insertAt = ruleIdx; // edited in place keeps its position
            else if (groups[groupIdx].rules.isEmpty())
                groups.removeAt(groupIdx); // the rule moved out of a group of one
        }
        placeRule(groups, target, rule, insertAt);
        save(groups, ruleIdx >= 0 ? tr("Rule %1 updated.").arg(rule.name) : tr("Rule %1 added.").arg(rule.name));
    });
    dialog->open();
}

void RulesPanel::addRule()
{
    auto* dialog = new RuleEditorDialog(m_engine, this);
    QStringList names;
    for (const RuleGroup& g : std::as_const(m_groups))
        names.append(g.name);
    dialog->setGroupNames(names.isEmpty() ? QStringList { kDefaultGroup } : names);
    const auto [group, rule] = selected();
    if (group >= 0 && group < m_groups.size())
        dialog->groupCombo()->setCurrentText(m_groups.at(group).name);
    openEditor(dialog, -1, -1);
}

void RulesPanel::editSelected()
{
    const auto [group, rule] = selected();
    if (group < 0 || group >= m_groups.size() || rule < 0 || rule >= m_groups.at(group).rules.size())
        return;
    auto* dialog = new RuleEditorDialog(m_engine, this);
    QStringList names;
    for (const RuleGroup& g : std::as_const(m_groups))
        names.append(g.name);
    dialog->setGroupNames(names);
    dialog->setRule(m_groups.at(group).rules.at(rule), m_groups.at(group).name);
    openEditor(dialog, group, rule);
}

void RulesPanel::removeSelected()
{
    const auto [group, rule] = selected();
    if (group < 0 || group >= m_groups.size() || m_saving)
        return;
    QList<RuleGroup> groups = m_groups;
    QString done;
    if (rule < 0) {
        const RuleGroup& g = groups.at(group);
        if (!Dialogs::confirm(this, tr("Remove rule group"),
                tr("Remove the group %1 and its %n rule(s)? Their open alerts resolve.", nullptr,
                    int(g.rules.size()))
                    .arg(g.name)))
            return;
        done = tr("Group %1 removed.").arg(g.name);
        groups.removeAt(group);
    } else {
        if (rule >= groups.at(group).rules.size())
            return;
        const QString name = groups.at(group).rules.at(rule).name;
        if (!Dialogs::confirm(
                this, tr("Remove rule"), tr("Remove the rule %1? Its open alerts resolve.").arg(name)))
            return;
        done = tr("Rule %1 removed.").arg(name);
        groups[group].rules.removeAt(rule);
        if (groups.at(group).rules.isEmpty())
            groups.removeAt(group);
    }
    save(groups, done);
}

void RulesPanel::addFromTemplates()
{
    if (findChild<QDialog*>(QStringLiteral("templatePicker")))
        return;
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("templatePicker"));
    dialog->setWindowTitle(tr("Add rules from templates"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->resize(760, 480);
    auto* tree = new QTreeWidget(dialog);
    tree->setObjectName(QStringLiteral("templateTree"));
    tree->setHeaderLabels({ tr("Template"), tr("Expression"), tr("For"), tr("Severity") });
    tree->setColumnWidth(0, 220);
    tree->setColumnWidth(1, 360);
    tree->setColumnWidth(2, 50);
    const QList<RuleGroup> templates = opsdeck::alerts::ReadyTemplates::all();
    for (int g = 0; g < templates.size(); ++g) {
        auto* groupItem = new QTreeWidgetItem(tree);
        groupItem->setText(0, templates.at(g).name);
        groupItem->setFlags(groupItem->flags() | Qt::ItemIsAutoTristate | Qt::ItemIsUserCheckable);
        groupItem->setCheckState(0, Qt::Unchecked);
        for (int r = 0; r < templates.at(g).rules.size(); ++r) {
            const AlertRule& rule = templates.at(g).rules.at(r);
            auto* item = new QTreeWidgetItem(groupItem);
            item->setText(0, rule.name);
            item->setText(1, rule.expr.simplified());
            item->setToolTip(1, rule.expr);
            item->setToolTip(0, rule.annotations.value(QStringLiteral("summary")));
            item->setText(2, durationText(rule.forMs));
            item->setText(3, severityText(rule.severity));
            item->setForeground(3, severityColor(rule.severity));
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(0, Qt::Unchecked);
            item->setData(0, GroupIndexRole, g);
            item->setData(0, RuleIndexRole, r);
        }
    }
    tree->expandAll();
    auto* hint = new QLabel(tr("Tick the rules to add; they join a group of the same name. Thresholds and metric "
                               "names can be changed afterwards (Edit…)."),
        dialog);
    hint->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    QPushButton* ok = buttons->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("templatePickerOk"));
    ok->setText(tr("Add selected"));
    ok->setEnabled(false);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(hint);
    layout->addWidget(tree, 1);
    layout->addWidget(buttons);

    // The ticked rules, in the templates' order.
    const auto picked = [tree]() {
        QList<std::pair<int, int>> out;
        for (int g = 0; g < tree->topLevelItemCount(); ++g) {
            QTreeWidgetItem* groupItem = tree->topLevelItem(g);
            for (int r = 0; r < groupItem->childCount(); ++r) {
                if (groupItem->child(r)->checkState(0) == Qt::Checked)
                    out.append({ g, r });
            }
        }
        return out;
    };
    connect(tree, &QTreeWidget::itemChanged, dialog, [ok, picked] { ok->setEnabled(!picked().isEmpty()); });
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, dialog, [this, dialog, picked, templates] {
        const auto chosen = picked();
        if (chosen.isEmpty() || m_saving)
            return;
        QList<RuleGroup> groups = m_groups;
        int added = 0;
        int present = 0;
        for (const auto& [g, r] : chosen) {
            const RuleGroup& from = templates.at(g);
            const AlertRule& rule = from.rules.at(r);
            const int existing = groupIndex(groups, from.name);
            if (existing >= 0 && groups.at(existing).rules.contains(rule)) {
                ++present; // the same template twice would alert twice
                continue;
            }
            if (existing < 0)
                groups.append(RuleGroup { from.name, from.intervalMs, {} });
            placeRule(groups, from.name, rule);
            ++added;
        }
        dialog->accept();
        if (added == 0) {
            showMessage(tr("Those templates are in the rules already."), false);
            return;
        }
        QString text = tr("%n rule(s) added from templates.", nullptr, added);
        if (present > 0)
            text += QLatin1Char(' ') + tr("%n were there already.", nullptr, present);
        save(groups, text);
    });
    dialog->open();
}

void RulesPanel::importFile(const QString& path)
{
    const QString name = QFileInfo(path).fileName();
    if (QFileInfo(path).size() > kMaxRuleFileBytes) {
        showMessage(tr("\u2717 %1 is too large for a rule file (more than 16 MiB).").arg(name), true);
        return;
    }
    if (m_saving) {
        showMessage(tr("\u2717 Another change is being saved; try again in a moment."), true);
        return;
    }
    const RuleFileResult result = RuleFile::load(path);
    int loaded = 0;
    for (const RuleGroup& g : result.groups)
        loaded += int(g.rules.size());
    // Every non-fatal issue about a rule is a rule left out (recording rules,
    // expressions outside the subset); group-level ones are notes.
    int skipped = 0;
    QStringList issues;
    for (const auto& issue : result.issues) {
        if (!issue.fatal && !issue.rule.isEmpty())
            ++skipped;
        issues.append(issue.toString());
    }
    showImportReport(name, result, loaded, skipped);
    emit importFinished(result.ok() ? loaded : 0, skipped, issues);
    if (!result.ok()) {
        showMessage(tr("\u2717 Nothing imported from %1: the file has errors (see the list).").arg(name), true);
        return;
    }
    if (loaded == 0) {
        showMessage(tr("\u2717 %1 holds no alerting rule OpsDeck can use.").arg(name), true);
        return;
    }
    // A group of the same name is replaced, as Prometheus does when a file is reloaded.
    QList<RuleGroup> groups = m_groups;
    int replaced = 0;
    for (const RuleGroup& g : result.groups) {
        const int at = groupIndex(groups, g.name);
        if (at >= 0) {
            groups[at] = g;
            ++replaced;
        } else {
            groups.append(g);
        }
    }
    QString text = tr("Imported %n rule(s) from %1", nullptr, loaded).arg(name);
    if (skipped > 0)
        text += tr(", %n skipped", nullptr, skipped);
    if (replaced > 0)
        text += tr("; %n group(s) of the same name replaced", nullptr, replaced);
    save(groups, text + QLatin1Char('.'));
}

void RulesPanel::showImportReport(const QString& fileName, const RuleFileResult& result, int loaded, int skipped)
{
    if (result.issues.isEmpty())
        return; // the message line says it all
    if (auto* old = findChild<QDialog*>(QStringLiteral("ruleImportReport")))
        old->close();
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("ruleImportReport"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Import of %1").arg(fileName));
    dialog->resize(760, 420);
    auto* summary = new QLabel(dialog);
    summary->setObjectName(QStringLiteral("importReportSummary"));
    summary->setWordWrap(true);
    if (result.ok()) {
        summary->setText(tr("<b>%n rule(s) loaded</b>", nullptr, loaded) + QStringLiteral(", ")
            + tr("%n skipped. ", nullptr, skipped) + tr("What was left out, and why:"));
    } else {
        summary->setStyleSheet(kErrorStyle);
        summary->setText(tr("\u2717 <b>Nothing imported</b>: the file has errors that make it unreadable."));
    }
    // Where, which rule, why: the file name keeps the reason in view; the full path is in the tooltip.
    auto* list = new QTreeWidget(dialog);
    list->setObjectName(QStringLiteral("importReportIssues"));
    list->setRootIsDecorated(false);
    list->setAlternatingRowColors(true);
    list->setHeaderLabels({ tr("Where"), tr("Rule"), tr("Problem") });
    list->setColumnWidth(0, 150);
    list->setColumnWidth(1, 180);
    for (const auto& issue : result.issues) {
        auto* item = new QTreeWidgetItem(list);
        QString where = QFileInfo(issue.file).fileName();
        if (issue.line > 0)
            where += QLatin1Char(':') + QString::number(issue.line);
        item->setText(0, where);
        item->setToolTip(0, issue.toString());
        item->setText(1, issue.rule.isEmpty() ? issue.group : issue.rule);
        item->setText(2, (issue.fatal ? tr("error: ") : QString()) + issue.message);
        item->setToolTip(2, issue.message);
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(summary);
    layout->addWidget(list, 1);
    layout->addWidget(buttons);
    dialog->open();
}

void RulesPanel::exportFile(const QString& path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        showMessage(tr("\u2717 Cannot write %1: %2").arg(path, file.errorString()), true);
        return;
    }
    file.write(RuleFile::write(m_groups));
    if (!file.commit()) {
        showMessage(tr("\u2717 Cannot write %1: %2").arg(path, file.errorString()), true);
        return;
    }
    int rules = 0;
    for (const RuleGroup& g : std::as_const(m_groups))
        rules += int(g.rules.size());
    showMessage(tr("Exported %n rule(s) to %1.", nullptr, rules).arg(QFileInfo(path).fileName()), false);
}
