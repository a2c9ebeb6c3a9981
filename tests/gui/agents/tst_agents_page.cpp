// UI.md journey 2 on the real Agents page with a real engine and a real
// opsdeck-agent: Add → URL and a wrong token → Test says 401/token → right
// token → Test shows what it found → Save → the row comes up; edit the
// interval, remove after a confirmation, import a file, and find everything
// again after the page and engine are rebuilt on the same data.

#include "AgentProcess.h"
#include "agents/AgentsPage.h"
#include "agents/TargetEditorDialog.h"
#include "Engine.h"
#include "scrape/TargetStatusModel.h"
#include "shell/Dialogs.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using opsdeck::Engine;
using opsdeck::models::TargetStatusModel;
using opsdeck::scrape::TargetHealth;

namespace {
const QByteArray kToken = "line-3-agent-token";

// The model row of the target with this URL, or -1.
int rowOf(const TargetStatusModel* model, const QString& url)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, TargetStatusModel::TargetColumn).data().toString() == url)
            return row;
    }
    return -1;
}

TargetHealth healthOf(const TargetStatusModel* model, const QString& url)
{
    const int row = rowOf(model, url);
    return row < 0 ? TargetHealth::Unknown
                   : TargetHealth(model->index(row, 0).data(TargetStatusModel::HealthRole).toInt());
}

void typeInto(QLineEdit* edit, const QString& text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

// With OPSDECK_SHOT_DIR set (run under Xvfb with QT_QPA_PLATFORM=xcb), takes
// a screenshot of the screen at the journey's main steps, for a person to look at.
void shot(const QString& name)
{
    const QString dir = qEnvironmentVariable("OPSDECK_SHOT_DIR");
    if (dir.isEmpty())
        return;
    QTest::qWait(300); // let the window manager-less X server paint
    QProcess::execute(QStringLiteral("import"),
        { QStringLiteral("-window"), QStringLiteral("root"),
            dir + QLatin1Char('/') + name + QStringLiteral(".png") });
}

// Selects the table row showing url (through the proxy).
bool selectRow(AgentsPage* page, const QString& url)
{
    QTableView* table = page->table();
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const QModelIndex index = table->model()->index(row, TargetStatusModel::TargetColumn);
        if (index.data().toString() == url) {
            table->selectRow(row);
            return true;
        }
    }
    return false;
}
} // namespace

class TestAgentsPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void journey();

private:
    QTemporaryDir m_dir;
    QString m_tokenFile;
    AgentProcess m_agent;
    QByteArray m_tableState;
};

void TestAgentsPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_tokenFile = m_dir.filePath(QStringLiteral("token"));
    QFile f(m_tokenFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kToken + '\n');
    f.close();
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    // /metrics needs the token too, so a wrong token fails the scrape itself.
    QVERIFY2(m_agent.start({ QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                 QStringLiteral("--token-file"), m_tokenFile, QStringLiteral("--metrics-auth") }),
        qPrintable(m_agent.errorText()));
}

void TestAgentsPage::journey()
{
    const QString data = m_dir.filePath(QStringLiteral("data"));
    const QString url = QStringLiteral("http://127.0.0.1:%1/metrics").arg(m_agent.port());
    const QString urlB = QStringLiteral("http://127.0.0.1:%1/metrics").arg(freeLoopbackPort());
    const QString urlC = QStringLiteral("http://127.0.0.1:%1/metrics").arg(freeLoopbackPort());
    {
        auto engine = std::make_unique<Engine>(opsdeck::EngineOptions { data });
        QVERIFY2(engine->start(), qPrintable(engine->errorString()));
        auto page = std::make_unique<AgentsPage>(engine.get());
        page->resize(1400, 700);
        page->show();
        QVERIFY(QTest::qWaitForWindowExposed(page.get()));
        QAbstractItemModelTester tester(
            page->table()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        TargetStatusModel* model = page->model();

        // Empty profile: this machine is listed and the page says what to do next.
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() == 1, 3000);
        QVERIFY(model->index(0, 0).data(TargetStatusModel::LocalRole).toBool());
        auto* emptyState = page->findChild<QWidget*>(QStringLiteral("agentsEmptyState"));
        QVERIFY(emptyState && emptyState->isVisible());
        QVERIFY(page->findChild<QLabel*>(QStringLiteral("emptyStateText"))
                    ->text()
                    .contains(QStringLiteral("No agents yet")));
        auto* editButton = page->findChild<QPushButton*>(QStringLiteral("editAgentButton"));
        QVERIFY(!editButton->isEnabled());
        shot(QStringLiteral("agents-1-empty"));

        // Add → URL and a wrong token → Test.
        QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("addAgentButton")), Qt::LeftButton);
        QTRY_VERIFY(page->editor() && page->editor()->isVisible());
        TargetEditorDialog* editor = page->editor();
        auto* urlEdit = editor->findChild<QLineEdit*>(QStringLiteral("targetUrl"));
        auto* tokenEdit = editor->findChild<QLineEdit*>(QStringLiteral("targetToken"));
        auto* save = editor->findChild<QPushButton*>(QStringLiteral("saveTargetButton"));
        auto* test = editor->findChild<QPushButton*>(QStringLiteral("testConnectionButton"));
        auto* result = editor->findChild<QLabel*>(QStringLiteral("testResult"));
        QVERIFY(urlEdit && tokenEdit && save && test && result);
        QCOMPARE(tokenEdit->echoMode(), QLineEdit::Password);
        QVERIFY(!save->isEnabled()); // no URL yet
        typeInto(urlEdit, QStringLiteral("ftp://nowhere"));
        QVERIFY(!save->isEnabled());
        QVERIFY(editor->findChild<QLabel*>(QStringLiteral("validationMessage"))
                    ->text()
                    .contains(QStringLiteral("http")));
        typeInto(urlEdit, url);
        QVERIFY(save->isEnabled());
        typeInto(tokenEdit, QStringLiteral("not-the-token"));
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("401")), 10000);
        QVERIFY2(result->text().contains(QStringLiteral("token")), qPrintable(result->text()));
        shot(QStringLiteral("agents-2-wrong-token"));

        // Right token → Test shows what it found.
        typeInto(tokenEdit, QString::fromLatin1(kToken));
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("samples in")), 10000);
        QVERIFY2(result->text().contains(QStringLiteral("opsdeck-agent")), qPrintable(result->text()));
        auto* labels = editor->findChild<QLineEdit*>(QStringLiteral("targetLabels"));
        typeInto(labels, QStringLiteral("env=test, line=3"));
        shot(QStringLiteral("agents-3-test-ok"));

        // Save → the dialog closes once stored, the row turns up, the empty state goes.
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!page->editor(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(healthOf(model, url) == TargetHealth::Up, 10000);
        QTRY_VERIFY(!emptyState->isVisible());
        const int row = rowOf(model, url);
        QCOMPARE(model->index(row, TargetStatusModel::HealthColumn).data().toString(), QStringLiteral("up"));
        QCOMPARE(model->index(row, TargetStatusModel::LabelsColumn).data().toString(),
            QStringLiteral("env=test, line=3"));
        QVERIFY(model->index(row, TargetStatusModel::SamplesColumn).data().toLongLong() > 0);
        QCOMPARE(engine->targetCatalog()->targets().size(), 1);
        shot(QStringLiteral("agents-4-up"));

        // Edit the interval.
        QVERIFY(selectRow(page.get(), url));
        QVERIFY(editButton->isEnabled());
        QTest::mouseClick(editButton, Qt::LeftButton);
        QTRY_VERIFY(page->editor() && page->editor()->isVisible());
        editor = page->editor();
        QCOMPARE(
            editor->findChild<QLineEdit*>(QStringLiteral("targetToken"))->text(), QString::fromLatin1(kToken));
        auto* interval = editor->findChild<QSpinBox*>(QStringLiteral("targetInterval"));
        interval->setValue(2000);
        QTest::mouseClick(editor->findChild<QPushButton*>(QStringLiteral("saveTargetButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!page->editor(), 5000);
        QTRY_COMPARE(model->index(rowOf(model, url), TargetStatusModel::IntervalColumn).data().toString(),
            QStringLiteral("2 s"));
        QCOMPARE(engine->targetCatalog()->targets().constFirst().intervalMs, 2000);

        // Saving the same agent twice is refused inline; the dialog stays open.
        QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("addAgentButton")), Qt::LeftButton);
        QTRY_VERIFY(page->editor() && page->editor()->isVisible());
        editor = page->editor();
        typeInto(editor->findChild<QLineEdit*>(QStringLiteral("targetUrl")), url);
        QTest::mouseClick(editor->findChild<QPushButton*>(QStringLiteral("saveTargetButton")), Qt::LeftButton);
        auto* saveError = editor->findChild<QLabel*>(QStringLiteral("saveError"));
        QTRY_VERIFY(saveError->isVisible() && saveError->text().contains(QStringLiteral("already configured")));
        QVERIFY(editor->isVisible());
        editor->reject();
        QTRY_VERIFY(!page->editor());
        QCOMPARE(engine->targetCatalog()->targets().size(), 1);

        // Import two more targets from a text list.
        const QString list = m_dir.filePath(QStringLiteral("agents.txt"));
        QFile f(list);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            QStringLiteral("# two more\n%1 job=node env=test\n%2 job=node\n%3\n").arg(urlB, urlC, url).toUtf8());
        f.close();
        Dialogs::setNextFile(list);
        QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("importAgentsButton")), Qt::LeftButton);
        auto* summary = page->findChild<QLabel*>(QStringLiteral("importSummary"));
        QTRY_VERIFY_WITH_TIMEOUT(summary->text().contains(QStringLiteral("2 added")), 5000);
        // The agent already on the list is skipped, with the reason.
        QVERIFY2(summary->text().contains(QStringLiteral("1 skipped"))
                && summary->text().contains(QStringLiteral("already")),
            qPrintable(summary->text()));
        QTRY_VERIFY(rowOf(model, urlB) >= 0 && rowOf(model, urlC) >= 0);
        QTRY_VERIFY_WITH_TIMEOUT(healthOf(model, urlB) == TargetHealth::Down, 5000);
        shot(QStringLiteral("agents-5-imported"));
        if (qEnvironmentVariableIsSet("OPSDECK_SHOT_DIR")) {
            page->resize(1024, 700); // the small screen size of issue 4
            shot(QStringLiteral("agents-6-1024x700"));
        }

        // Remove: declined first, then confirmed.
        Dialogs::clearAsked();
        Dialogs::setNextAnswer(false);
        QVERIFY(selectRow(page.get(), urlC));
        QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("removeAgentButton")), Qt::LeftButton);
        const QString asked = Dialogs::asked().isEmpty() ? QString() : Dialogs::asked().constLast().text;
        QVERIFY2(asked.contains(urlC), qPrintable(asked));
        QCOMPARE(engine->targetCatalog()->targets().size(), 3);
        Dialogs::setNextAnswer(true);
        QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("removeAgentButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(model, urlC) < 0, 5000);
        QCOMPARE(engine->targetCatalog()->targets().size(), 2);

        // Column widths survive through the state the window keeps.
        page->table()->setColumnWidth(TargetStatusModel::JobColumn, 123);
        m_tableState = page->saveTableState();
        page.reset();
        engine.reset();
    }

    // Rebuilt on the same data: the targets are back and the agent comes up again.
    auto engine = std::make_unique<Engine>(opsdeck::EngineOptions { data });
    QVERIFY2(engine->start(), qPrintable(engine->errorString()));
    AgentsPage page(engine.get());
    QVERIFY(page.restoreTableState(m_tableState));
    QCOMPARE(page.table()->columnWidth(TargetStatusModel::JobColumn), 123);
    page.show();
    TargetStatusModel* model = page.model();
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(model, url) >= 0 && rowOf(model, urlB) >= 0, 3000);
    QCOMPARE(rowOf(model, urlC), -1);
    QCOMPARE(model->index(rowOf(model, url), TargetStatusModel::IntervalColumn).data().toString(),
        QStringLiteral("2 s"));
    QTRY_VERIFY_WITH_TIMEOUT(healthOf(model, url) == TargetHealth::Up, 10000);
    QVERIFY(!page.findChild<QWidget*>(QStringLiteral("agentsEmptyState"))->isVisible());
}

QTEST_MAIN(TestAgentsPage)
#include "tst_agents_page.moc"
