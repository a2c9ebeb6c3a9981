// The Alerts page's Rules, Silences and Analytics tabs on a real engine with
// a temporary data directory: a rule added through the editor is stored and
// back after a restart; the editor checks the expression as it is typed and
// previews the series that would alert; a Prometheus rule file with rules
// outside the subset imports the rest and lists what was skipped with
// file:line; the silence dialog prefills from an alert and refuses what the
// repository would refuse; a silence is created and expired (and stays listed);
// analytics show the figures of alerts written to the repository.

#include "alerts/AlertRepository.h"
#include "alerts/AlertService.h"
#include "alerts/AnalyticsPanel.h"
#include "alerts/RuleEditorDialog.h"
#include "alerts/RuleFile.h"
#include "alerts/RulesPanel.h"
#include "alerts/SilenceDialog.h"
#include "alerts/SilencesPanel.h"
#include "Engine.h"
#include "format/UnitFormatter.h"
#include "metrics/SeriesStore.h"
#include "shell/Dialogs.h"
#include "storage/Database.h"
#include "storage/StateWriter.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using opsdeck::Engine;
using opsdeck::alerts::Alert;
using opsdeck::alerts::AlertRule;
using opsdeck::alerts::AlertState;
using opsdeck::alerts::RuleGroup;
using opsdeck::metrics::Labels;

namespace {
std::unique_ptr<Engine> startEngine(const QString& dir)
{
    opsdeck::EngineOptions options;
    options.dataDirectory = dir;
    options.localSource = opsdeck::scrape::LocalSourceMode::Off; // the test's own series only
    auto engine = std::make_unique<Engine>(options);
    if (!engine->start()) {
        qWarning("engine did not start: %s", qPrintable(engine->errorString()));
        return nullptr;
    }
    return engine;
}

void setText(QPlainTextEdit* edit, const QString& text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

void setText(QLineEdit* edit, const QString& text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

// The rule rows of the tree as "group/name".
QStringList ruleRows(QTreeWidget* tree)
{
    QStringList rows;
    for (int g = 0; g < tree->topLevelItemCount(); ++g) {
        QTreeWidgetItem* group = tree->topLevelItem(g);
        for (int r = 0; r < group->childCount(); ++r)
            rows.append(group->text(0) + QLatin1Char('/') + group->child(r)->text(RulesPanel::NameColumn));
    }
    return rows;
}

QTreeWidgetItem* findRule(QTreeWidget* tree, const QString& name)
{
    for (int g = 0; g < tree->topLevelItemCount(); ++g) {
        QTreeWidgetItem* group = tree->topLevelItem(g);
        for (int r = 0; r < group->childCount(); ++r) {
            if (group->child(r)->text(RulesPanel::NameColumn) == name)
                return group->child(r);
        }
    }
    return nullptr;
}

// With OPSDECK_SHOT_DIR set, saves what the widget shows, for a person to look at.
void shot(QWidget* widget, const char* name)
{
    const QString dir = qEnvironmentVariable("OPSDECK_SHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
}

Alert makeAlert(qint64 id, const QString& rule, qint64 firedAtMs)
{
    Alert a;
    a.id = id;
    a.ruleName = rule;
    a.groupName = QStringLiteral("test");
    a.labels = Labels { { "alertname", rule.toUtf8() }, { "instance", "web-" + QByteArray::number(id) } };
    a.fingerprint = opsdeck::alerts::alertFingerprint(a.labels);
    a.state = AlertState::Firing;
    a.value = 1;
    a.activeSinceMs = firedAtMs;
    a.firedAtMs = firedAtMs;
    a.lastEvalMs = firedAtMs;
    a.lastSeenMs = firedAtMs;
    return a;
}
} // namespace

class TestAlertsPanels : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void addRuleThroughEditorIsStored();
    void editorChecksAndPreviews();
    void importReportsSkippedRules();
    void templatesAreAdded();
    void silenceDialogPrefillAndValidation();
    void createAndExpireSilence();
    void analyticsShowFigures();

private:
    QString dataDir(const char* name) const { return m_dir.filePath(QString::fromLatin1(name)); }
    QTemporaryDir m_dir;
};

void TestAlertsPanels::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TestAlertsPanels::addRuleThroughEditorIsStored()
{
    const QString data = dataDir("add-rule");
    {
        auto engine = startEngine(data);
        QVERIFY(engine);
        RulesPanel panel(engine.get());
        panel.resize(1200, 600);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("rulesEmptyState"))->isVisible());
        QVERIFY(!panel.findChild<QPushButton*>(QStringLiteral("editRuleButton"))->isEnabled());

        QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("addRuleButton")), Qt::LeftButton);
        QTRY_VERIFY(panel.editor() && panel.editor()->isVisible());
        RuleEditorDialog* editor = panel.editor();
        QVERIFY(!editor->okButton()->isEnabled()); // nothing entered yet

        setText(editor->nameEdit(), QStringLiteral("DiskAlmostFull"));
        setText(editor->expressionEdit(), QStringLiteral("h6_disk_used_ratio > 0.9"));
        setText(editor->forEdit(), QStringLiteral("5m"));
        editor->severityCombo()->setCurrentIndex(
            editor->severityCombo()->findData(int(opsdeck::alerts::Severity::Critical)));
        setText(editor->labelsEdit(), QStringLiteral("team=plant-ops"));
        setText(editor->annotationsEdit(), QStringLiteral("summary=Disk of {{ $labels.instance }} almost full"));
        QVERIFY2(editor->okButton()->isEnabled(), qPrintable(editor->problem()));
        shot(editor, "rule-editor");
        QSignalSpy saved(&panel, &RulesPanel::saveFinished);
        QTest::mouseClick(editor->okButton(), Qt::LeftButton);
        QTRY_COMPARE(saved.size(), 1);
        QCOMPARE(saved.at(0).at(0).toString(), QString());
        QCOMPARE(ruleRows(panel.tree()), QStringList { QStringLiteral("opsdeck/DiskAlmostFull") });
        QVERIFY(panel.messageLabel()->text().contains(QStringLiteral("DiskAlmostFull")));
        QTreeWidgetItem* row = findRule(panel.tree(), QStringLiteral("DiskAlmostFull"));
        QCOMPARE(row->text(RulesPanel::ForColumn), QStringLiteral("5m"));
        QCOMPARE(row->text(RulesPanel::SeverityColumn), QStringLiteral("critical"));
        QVERIFY(!panel.findChild<QLabel*>(QStringLiteral("rulesEmptyState"))->isVisible());
        engine->alertService()->waitForIdle();
    }
    // After a restart the rule comes back from the database, and the tab shows it.
    auto engine = startEngine(data);
    QVERIFY(engine);
    const QList<RuleGroup> groups = engine->alertService()->ruleGroups();
    QCOMPARE(groups.size(), 1);
    QCOMPARE(groups.at(0).rules.size(), 1);
    const AlertRule rule = groups.at(0).rules.at(0);
    QCOMPARE(rule.name, QStringLiteral("DiskAlmostFull"));
    QCOMPARE(rule.expr, QStringLiteral("h6_disk_used_ratio > 0.9"));
    QCOMPARE(rule.forMs, 300'000);
    QCOMPARE(rule.severity, opsdeck::alerts::Severity::Critical);
    QCOMPARE(rule.labels.value(QStringLiteral("team")), QStringLiteral("plant-ops"));
    QCOMPARE(rule.labels.value(QStringLiteral("severity")), QStringLiteral("critical"));
    QCOMPARE(rule.annotations.value(QStringLiteral("summary")),
        QStringLiteral("Disk of {{ $labels.instance }} almost full"));
    RulesPanel panel(engine.get());
    QCOMPARE(ruleRows(panel.tree()), QStringList { QStringLiteral("opsdeck/DiskAlmostFull") });

    // Edit it (in place) and remove it after the confirmation.
    panel.show();
    panel.tree()->setCurrentItem(findRule(panel.tree(), QStringLiteral("DiskAlmostFull")));
    panel.editSelected();
    QTRY_VERIFY(panel.editor());
    QCOMPARE(panel.editor()->forEdit()->text(), QStringLiteral("5m"));
    QCOMPARE(
        panel.editor()->labelsEdit()->toPlainText(), QStringLiteral("team=plant-ops")); // severity has its box
    setText(panel.editor()->forEdit(), QStringLiteral("10m"));
    QSignalSpy saved(&panel, &RulesPanel::saveFinished);
    QTest::mouseClick(panel.editor()->okButton(), Qt::LeftButton);
    QTRY_COMPARE(saved.size(), 1);
    QCOMPARE(engine->alertService()->ruleGroups().at(0).rules.at(0).forMs, 600'000);

    Dialogs::clearAsked();
    Dialogs::setNextAnswer(true);
    panel.tree()->setCurrentItem(findRule(panel.tree(), QStringLiteral("DiskAlmostFull")));
    QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("removeRuleButton")), Qt::LeftButton);
    QCOMPARE(Dialogs::asked().size(), 1);
    QVERIFY2(Dialogs::asked().constFirst().text.contains(QStringLiteral("DiskAlmostFull")),
        qPrintable(Dialogs::asked().constFirst().text));
    QTRY_COMPARE(saved.size(), 2);
    QVERIFY(engine->alertService()->ruleGroups().isEmpty());
    QVERIFY(ruleRows(panel.tree()).isEmpty());
}

void TestAlertsPanels::editorChecksAndPreviews()
{
    auto engine = startEngine(dataDir("preview"));
    QVERIFY(engine);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto* store = engine->store();
    QVERIFY(store->append(
        Labels { { "__name__", "h6_oven_celsius" }, { "instance", "line3-oven" }, { "job", "plant" } }, now - 1000,
        95));
    QVERIFY(store->append(
        Labels { { "__name__", "h6_oven_celsius" }, { "instance", "line4-oven" }, { "job", "plant" } }, now - 1000,
        40));

    RuleEditorDialog editor(engine.get());
    editor.setGroupNames({ QStringLiteral("plant") });
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    setText(editor.nameEdit(), QStringLiteral("OvenHot"));

    // A parse error is shown with its position as it is typed, and OK refuses.
    setText(editor.expressionEdit(), QStringLiteral("h6_oven_celsius >"));
    QVERIFY(editor.expressionStatus()->text().contains(QStringLiteral("column")));
    QVERIFY(!editor.okButton()->isEnabled());
    QVERIFY(!editor.expressionEdit()->extraSelections().isEmpty()); // the error is underlined
    shot(&editor, "rule-parse-error");

    // The preview lists the series above the threshold, as firing with for 0.
    setText(editor.expressionEdit(), QStringLiteral("h6_oven_celsius > 80"));
    QVERIFY(editor.expressionStatus()->text().contains(QStringLiteral("valid")));
    QVERIFY(editor.expressionEdit()->extraSelections().isEmpty());
    setText(editor.annotationsEdit(), QStringLiteral("summary=Oven {{ $labels.instance }} at {{ $value }} °C"));
    QTRY_COMPARE_WITH_TIMEOUT(editor.previewList()->topLevelItemCount(), 1, 5000);
    QTRY_VERIFY(editor.previewStatus()->text().contains(QStringLiteral("firing")));
    QTreeWidgetItem* row = editor.previewList()->topLevelItem(0);
    QVERIFY(row->text(RuleEditorDialog::PreviewLabelsColumn).contains(QStringLiteral("instance=\"line3-oven\"")));
    QVERIFY(row->text(RuleEditorDialog::PreviewLabelsColumn).contains(QStringLiteral("alertname=\"OvenHot\"")));
    QVERIFY(!row->text(RuleEditorDialog::PreviewLabelsColumn).contains(QStringLiteral("line4-oven")));
    QCOMPARE(row->text(RuleEditorDialog::PreviewValueColumn), QLocale().toString(95.0, 'g', 6));
    QCOMPARE(row->text(RuleEditorDialog::PreviewSummaryColumn), QStringLiteral("Oven line3-oven at 95 °C"));
    QVERIFY(editor.okButton()->isEnabled());
    shot(&editor, "rule-preview");

    // With a `for`, the same series would be pending.
    QSignalSpy updated(&editor, &RuleEditorDialog::previewUpdated);
    setText(editor.forEdit(), QStringLiteral("2m"));
    QTRY_VERIFY(editor.previewStatus()->text().contains(QStringLiteral("pending")));
    QTRY_VERIFY(editor.previewList()->topLevelItemCount() == 1
        && editor.previewList()
               ->topLevelItem(0)
               ->text(RuleEditorDialog::PreviewStateColumn)
               .contains(QStringLiteral("pending")));

    // Nothing above the threshold: the rule would be inactive.
    setText(editor.expressionEdit(), QStringLiteral("h6_oven_celsius > 200"));
    QTRY_VERIFY_WITH_TIMEOUT(editor.previewStatus()->text().contains(QStringLiteral("No series match")), 5000);
    QCOMPARE(editor.previewList()->topLevelItemCount(), 0);

    // A bad duration is refused with the reason.
    setText(editor.forEdit(), QStringLiteral("5 minutes"));
    QVERIFY(!editor.okButton()->isEnabled());
    QVERIFY(editor.problem().contains(QStringLiteral("5 minutes")));

    // Pairs round-trip, newlines escaped.
    QString error;
    const QMap<QString, QString> pairs { { QStringLiteral("description"),
        QStringLiteral("line one\nline \\two") } };
    QCOMPARE(RuleEditorDialog::parsePairs(RuleEditorDialog::formatPairs(pairs), &error), pairs);
    QVERIFY(error.isEmpty());
    RuleEditorDialog::parsePairs(QStringLiteral("1bad=x"), &error);
    QVERIFY(error.contains(QStringLiteral("1bad")));
}

void TestAlertsPanels::importReportsSkippedRules()
{
    const QString path = m_dir.filePath(QStringLiteral("node-rules.yml"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"(groups:
  - name: node
    rules:
      - alert: HostDown
        expr: up{job="node"} == 0
        for: 1m
        labels:
          severity: critical
      - record: instance:cpu:rate5m
        expr: sum by (instance) (rate(node_cpu_seconds_total[5m]))
      - alert: DiskFilling
        expr: predict_linear(node_filesystem_avail_bytes[6h], 86400) < 0
        labels:
          severity: warning
      - alert: CpuSubquery
        expr: max_over_time(rate(node_cpu_seconds_total[5m])[1h:5m]) > 1
)");
    }
    auto engine = startEngine(dataDir("import"));
    QVERIFY(engine);
    RulesPanel panel(engine.get());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    Dialogs::setNextFile(path);
    QSignalSpy imported(&panel, &RulesPanel::importFinished);
    QSignalSpy saved(&panel, &RulesPanel::saveFinished);
    QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("importRulesButton")), Qt::LeftButton);
    QCOMPARE(imported.size(), 1);
    QCOMPARE(imported.at(0).at(0).toInt(), 3); // loaded, the subquery included
    QCOMPARE(imported.at(0).at(1).toInt(), 1); // skipped: the recording rule

    auto* report = panel.findChild<QDialog*>(QStringLiteral("ruleImportReport"));
    QVERIFY(report);
    QTRY_VERIFY(report->isVisible());
    const QString summary = report->findChild<QLabel*>(QStringLiteral("importReportSummary"))->text();
    QVERIFY2(summary.contains(QStringLiteral("3 rule(s) loaded")) && summary.contains(QStringLiteral("1 skipped")),
        qPrintable(summary));
    auto* issueList = report->findChild<QTreeWidget*>(QStringLiteral("importReportIssues"));
    QCOMPARE(issueList->topLevelItemCount(), 1);
    QString issues;
    for (int i = 0; i < issueList->topLevelItemCount(); ++i) {
        for (int column = 0; column < 3; ++column)
            issues += issueList->topLevelItem(i)->text(column) + QLatin1Char(' ');
    }
    QVERIFY2(
        issues.contains(QStringLiteral("node-rules.yml:9")) && issues.contains(QStringLiteral("recording rule")),
        qPrintable(issues));
    QVERIFY2(!issues.contains(QStringLiteral("CpuSubquery")), qPrintable(issues));
    shot(report, "rule-import-report");

    QTRY_COMPARE(saved.size(), 1);
    QCOMPARE(saved.at(0).at(0).toString(), QString());
    QCOMPARE(ruleRows(panel.tree()),
        (QStringList { QStringLiteral("node/HostDown"), QStringLiteral("node/DiskFilling"),
            QStringLiteral("node/CpuSubquery") }));
    QCOMPARE(findRule(panel.tree(), QStringLiteral("HostDown"))->text(RulesPanel::SourceColumn),
        QStringLiteral("node-rules.yml:4"));
    QCOMPARE(findRule(panel.tree(), QStringLiteral("CpuSubquery"))->text(RulesPanel::SourceColumn),
        QStringLiteral("node-rules.yml:15"));
    QVERIFY(panel.messageLabel()->text().contains(QStringLiteral("1 skipped")));
    shot(&panel, "rules-panel");

    // Export writes a file that reads back to the same rules.
    const QString out = m_dir.filePath(QStringLiteral("exported.yml"));
    Dialogs::setNextFile(out);
    QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("exportRulesButton")), Qt::LeftButton);
    const auto back = opsdeck::alerts::RuleFile::load(out);
    QVERIFY(back.ok());
    QCOMPARE(back.groups.size(), 1);
    QCOMPARE(back.groups.at(0).rules.size(), 3);
    QCOMPARE(back.groups.at(0).rules.at(0).expr, QStringLiteral("up{job=\"node\"} == 0"));
    QCOMPARE(back.groups.at(0).rules.at(2).expr,
        QStringLiteral("max_over_time(rate(node_cpu_seconds_total[5m])[1h:5m]) > 1"));

    // A file that cannot be read at all imports nothing and says so.
    const QString broken = m_dir.filePath(QStringLiteral("broken.yml"));
    {
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("groups: [\n  - name: x\n    rules: {\n");
    }
    panel.importFile(broken);
    QCOMPARE(imported.size(), 2);
    QCOMPARE(imported.at(1).at(0).toInt(), 0);
    QVERIFY(panel.messageLabel()->text().contains(QStringLiteral("Nothing imported")));
    QCOMPARE(ruleRows(panel.tree()).size(), 3);
}

void TestAlertsPanels::templatesAreAdded()
{
    auto engine = startEngine(dataDir("templates"));
    QVERIFY(engine);
    RulesPanel panel(engine.get());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("addTemplateButton")), Qt::LeftButton);
    auto* picker = panel.findChild<QDialog*>(QStringLiteral("templatePicker"));
    QVERIFY(picker);
    auto* tree = picker->findChild<QTreeWidget*>(QStringLiteral("templateTree"));
    auto* ok = picker->findChild<QPushButton*>(QStringLiteral("templatePickerOk"));
    QVERIFY(tree->topLevelItemCount() >= 3);
    QVERIFY(!ok->isEnabled());
    // Tick the whole first group and one rule of the last (the SLO burn rates).
    QTreeWidgetItem* first = tree->topLevelItem(0);
    first->setCheckState(0, Qt::Checked);
    QTreeWidgetItem* last = tree->topLevelItem(tree->topLevelItemCount() - 1);
    last->child(0)->setCheckState(0, Qt::Checked);
    QVERIFY(ok->isEnabled());
    shot(picker, "template-picker");
    const int expected = first->childCount() + 1;
    QSignalSpy saved(&panel, &RulesPanel::saveFinished);
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_COMPARE(saved.size(), 1);
    QCOMPARE(saved.at(0).at(0).toString(), QString());
    QCOMPARE(ruleRows(panel.tree()).size(), expected);
    int stored = 0;
    for (const RuleGroup& g : engine->alertService()->ruleGroups())
        stored += int(g.rules.size());
    QCOMPARE(stored, expected);
}

void TestAlertsPanels::silenceDialogPrefillAndValidation()
{
    SilenceDialog dialog;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    dialog.setNow([now] { return now; });
    Alert alert;
    alert.ruleName = QStringLiteral("HostDown");
    alert.labels
        = Labels { { "alertname", "HostDown" }, { "instance", "web-3:9100" }, { "severity", "critical" } };
    alert.state = AlertState::Firing;
    Alert other = alert;
    other.labels
        = Labels { { "alertname", "HostDown" }, { "instance", "web-4:9100" }, { "severity", "critical" } };
    dialog.setCurrentAlerts({ alert, other });
    dialog.prefillFrom(alert);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    QCOMPARE(dialog.matchersEdit()->toPlainText().split(QLatin1Char('\n')).size(), 3);
    QVERIFY(dialog.matchersEdit()->toPlainText().contains(QStringLiteral("instance=\"web-3:9100\"")));
    auto* affects = dialog.findChild<QLabel*>(QStringLiteral("silenceAffects"));
    QVERIFY2(affects->text().contains(QStringLiteral("1 of the 2")), qPrintable(affects->text()));
    QCOMPARE(dialog.authorEdit()->text(), SilenceDialog::osUserName());
    QVERIFY(!dialog.authorEdit()->text().isEmpty());
    setText(dialog.authorEdit(), QStringLiteral("ana"));
    // The comment is required.
    QVERIFY(!dialog.okButton()->isEnabled());
    QVERIFY(dialog.problem().contains(QStringLiteral("comment")));
    setText(dialog.commentEdit(), QStringLiteral("disk swap on web-3, OPS-112"));
    QVERIFY2(dialog.okButton()->isEnabled(), qPrintable(dialog.problem()));
    shot(&dialog, "silence-dialog");

    opsdeck::alerts::Silence silence = dialog.silence();
    QCOMPARE(silence.matchers.size(), 3);
    QCOMPARE(silence.startsAtMs, now);
    QCOMPARE(silence.endsAtMs, now + 3600'000); // 1 h preset by default
    QCOMPARE(silence.createdBy, QStringLiteral("ana"));
    QCOMPARE(silence.comment, QStringLiteral("disk swap on web-3, OPS-112"));
    dialog.durationCombo()->setCurrentIndex(2); // 1 day
    QCOMPARE(dialog.silence().endsAtMs, now + 24 * 3600'000LL);

    // A custom end in the past is refused.
    dialog.durationCombo()->setCurrentIndex(3);
    QVERIFY(dialog.endEdit()->isEnabled());
    dialog.endEdit()->setDateTime(QDateTime::fromMSecsSinceEpoch(now - 60'000));
    QVERIFY(!dialog.okButton()->isEnabled());
    dialog.endEdit()->setDateTime(QDateTime::fromMSecsSinceEpoch(now + 2 * 3600'000));
    QVERIFY(dialog.okButton()->isEnabled());

    // Broken or all-matching matchers are refused with the reason.
    setText(dialog.matchersEdit(), QStringLiteral("instance=~\"web-[\""));
    QVERIFY(!dialog.okButton()->isEnabled());
    QVERIFY(dialog.problem().startsWith(QStringLiteral("Matchers")));
    setText(dialog.matchersEdit(), QStringLiteral("instance=~\".*\""));
    QVERIFY(!dialog.okButton()->isEnabled());
    setText(dialog.matchersEdit(), QString());
    QVERIFY(!dialog.okButton()->isEnabled());
    // Alertmanager's one-line list works too.
    setText(dialog.matchersEdit(), QStringLiteral("{alertname=\"HostDown\", instance=~\"web-.*\"}"));
    QVERIFY2(dialog.okButton()->isEnabled(), qPrintable(dialog.problem()));
    QCOMPARE(dialog.silence().matchers.size(), 2);
    QVERIFY(affects->text().contains(QStringLiteral("2 of the 2")));
    // No author: refused.
    setText(dialog.authorEdit(), QString());
    QVERIFY(!dialog.okButton()->isEnabled());
}

void TestAlertsPanels::createAndExpireSilence()
{
    const QString data = dataDir("silences");
    {
        auto engine = startEngine(data);
        QVERIFY(engine);
        SilencesPanel panel(engine.get());
        panel.resize(1100, 500);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCOMPARE(panel.table()->rowCount(), 0);
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("silencesEmptyState"))->isVisible());

        QSignalSpy added(&panel, &SilencesPanel::silenceAdded);
        QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("newSilenceButton")), Qt::LeftButton);
        QTRY_VERIFY(panel.dialog() && panel.dialog()->isVisible());
        SilenceDialog* dialog = panel.dialog();
        setText(dialog->matchersEdit(), QStringLiteral("alertname=\"HostDown\""));
        setText(dialog->commentEdit(), QStringLiteral("maintenance window"));
        setText(dialog->authorEdit(), QStringLiteral("ana"));
        QVERIFY2(dialog->okButton()->isEnabled(), qPrintable(dialog->problem()));
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QTRY_COMPARE(added.size(), 1);
        QTRY_COMPARE(panel.table()->rowCount(), 1);
        QCOMPARE(panel.table()->item(0, SilencesPanel::StatusColumn)->text(), QStringLiteral("Active"));
        QCOMPARE(panel.table()->item(0, SilencesPanel::MatchersColumn)->text(),
            QStringLiteral("{alertname=\"HostDown\"}"));
        QCOMPARE(panel.table()->item(0, SilencesPanel::AuthorColumn)->text(), QStringLiteral("ana"));

        auto* expire = panel.findChild<QPushButton*>(QStringLiteral("expireSilenceButton"));
        QVERIFY(!expire->isEnabled()); // nothing selected
        panel.table()->selectRow(0);
        QVERIFY(expire->isEnabled());
        // Cancelled confirmation: nothing happens.
        Dialogs::clearAsked();
        Dialogs::setNextAnswer(false);
        QTest::mouseClick(expire, Qt::LeftButton);
        QCOMPARE(Dialogs::asked().size(), 1);
        QCOMPARE(panel.table()->item(0, SilencesPanel::StatusColumn)->text(), QStringLiteral("Active"));

        QSignalSpy expired(&panel, &SilencesPanel::silenceExpired);
        Dialogs::setNextAnswer(true);
        QTest::mouseClick(expire, Qt::LeftButton);
        QCOMPARE(Dialogs::asked().size(), 2);
        QTRY_COMPARE(expired.size(), 1);
        // Still listed, as expired and greyed, and cannot be expired again.
        QTRY_COMPARE(panel.table()->item(0, SilencesPanel::StatusColumn)->text(), QStringLiteral("Expired"));
        QCOMPARE(panel.table()->rowCount(), 1);
        QCOMPARE(panel.table()->item(0, SilencesPanel::MatchersColumn)->foreground().color(),
            panel.palette().color(QPalette::Disabled, QPalette::Text));
        panel.table()->selectRow(0);
        QVERIFY(!expire->isEnabled());

        // A newer active silence is listed before the expired one.
        opsdeck::alerts::Silence second;
        second.matchers = { opsdeck::metrics::LabelMatcher(
            opsdeck::metrics::LabelMatcher::Type::Regex, "instance", "web-.*") };
        second.startsAtMs = QDateTime::currentMSecsSinceEpoch();
        second.endsAtMs = second.startsAtMs + 3600'000;
        second.createdBy = QStringLiteral("bo");
        second.comment = QStringLiteral("rack move");
        qint64 secondId = -1;
        engine->alertService()->addSilence(
            second, &panel, [&secondId](qint64 id, const QString&) { secondId = id; });
        QTRY_VERIFY(secondId > 0);
        QTRY_COMPARE(panel.table()->rowCount(), 2);
        QCOMPARE(panel.table()->item(0, SilencesPanel::StatusColumn)->text(), QStringLiteral("Active"));
        QCOMPARE(panel.table()->item(0, SilencesPanel::AuthorColumn)->text(), QStringLiteral("bo"));
        QCOMPARE(panel.table()->item(1, SilencesPanel::StatusColumn)->text(), QStringLiteral("Expired"));
        shot(&panel, "silences-panel");
        engine->alertService()->waitForIdle();
    }
    auto engine = startEngine(data);
    QVERIFY(engine);
    const auto silences = engine->alertService()->silences();
    QCOMPARE(silences.size(), 2);
    SilencesPanel panel(engine.get());
    QCOMPARE(panel.table()->rowCount(), 2);
    QCOMPARE(panel.table()->item(1, SilencesPanel::StatusColumn)->text(), QStringLiteral("Expired"));
    QCOMPARE(
        panel.table()->item(1, SilencesPanel::MatchersColumn)->text(), QStringLiteral("{alertname=\"HostDown\"}"));
}

void TestAlertsPanels::analyticsShowFigures()
{
    auto engine = startEngine(dataDir("analytics"));
    QVERIFY(engine);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 hourAgo = now - 3600'000;
    // Two HostDown alerts (one acknowledged after 60 s and resolved after
    // 120 s), one flapping DiskFull, and one HostDown three days ago.
    bool ok = true;
    engine->stateWriter()->post([&](opsdeck::storage::Database& db) {
        opsdeck::alerts::AlertRepository repo(db);
        Alert a = makeAlert(101, QStringLiteral("HostDown"), hourAgo);
        Alert b = makeAlert(102, QStringLiteral("HostDown"), hourAgo + 10'000);
        Alert c = makeAlert(103, QStringLiteral("DiskFull"), hourAgo + 20'000);
        c.flapping = true;
        Alert old = makeAlert(104, QStringLiteral("HostDown"), now - 3 * 24 * 3600'000LL);
        ok = ok && repo.saveAlerts({ a, b, c, old });
        ok = ok && repo.acknowledge(101, { QStringLiteral("ana"), hourAgo + 60'000, QString() });
        a.state = AlertState::Resolved;
        a.resolvedAtMs = hourAgo + 120'000;
        old.state = AlertState::Resolved;
        old.resolvedAtMs = old.firedAtMs + 600'000;
        ok = ok && repo.saveAlerts({ a, old });
        if (!ok)
            qWarning("repository: %s", qPrintable(repo.lastError()));
    });
    engine->stateWriter()->waitForIdle();
    QVERIFY(ok);

    AnalyticsPanel panel(engine.get());
    QSignalSpy loaded(&panel, &AnalyticsPanel::loaded);
    panel.resize(900, 500);
    panel.show(); // loads the default period: 24 h
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTRY_VERIFY(loaded.size() >= 1);
    const opsdeck::models::UnitFormatter duration(opsdeck::models::UnitFormatter::Unit::Seconds);
    QCOMPARE(panel.alertsLabel()->text(), QStringLiteral("3"));
    QCOMPARE(panel.acknowledgedLabel()->text(), QStringLiteral("1"));
    QCOMPARE(panel.mttaLabel()->text(), duration.format(60));
    QCOMPARE(panel.mttrLabel()->text(), duration.format(120));
    QTableWidget* table = panel.rulesTable();
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(0, AnalyticsPanel::RuleColumn)->text(), QStringLiteral("HostDown"));
    QCOMPARE(table->item(0, AnalyticsPanel::AlertsColumn)->data(Qt::DisplayRole).toInt(), 2);
    QCOMPARE(table->item(1, AnalyticsPanel::RuleColumn)->text(), QStringLiteral("DiskFull"));
    QCOMPARE(table->item(1, AnalyticsPanel::FlappingColumn)->data(Qt::DisplayRole).toInt(), 1);
    QVERIFY(panel.flappingLabel()->text().contains(QStringLiteral("DiskFull")));
    QVERIFY(!panel.flappingLabel()->text().contains(QStringLiteral("HostDown")));
    shot(&panel, "analytics-panel");

    // Seven days include the older alert and its 10 min to resolve.
    const int before = int(loaded.size());
    panel.setPeriod(AnalyticsPanel::Last7Days);
    QTRY_VERIFY(loaded.size() > before);
    QCOMPARE(panel.alertsLabel()->text(), QStringLiteral("4"));
    QCOMPARE(table->item(0, AnalyticsPanel::AlertsColumn)->data(Qt::DisplayRole).toInt(), 3);
    QCOMPARE(panel.mttrLabel()->text(), duration.format((120 + 600) / 2.0));
}

QTEST_MAIN(TestAlertsPanels)
#include "tst_alerts_panels.moc"
