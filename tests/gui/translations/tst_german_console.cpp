// The German console (translations issue): with the German catalogue from
// opsdeck_ui's resources installed, the real MainWindow speaks German in the
// rail, the placeholder pages, the Agents page and the status bar; and
// translations/opsdeck_de.ts has no unfinished or empty message and keeps
// every placeholder, tag and accelerator of its source texts.
//
// OPSDECK_SCREENSHOT_DIR=<dir> also saves each page as de-<page>.png, for
// looking at clipped German texts (run with QT_QPA_PLATFORM=xcb under Xvfb).

#include "Engine.h"
#include "MainWindow.h"
#include "settings/ConsoleSettings.h"
#include "shell/Theme.h"
#include "shell/TrayIndicator.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QCheckBox>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTranslator>
#include <QXmlStreamReader>

namespace {

struct TsMessage
{
    QString context;
    QString source;
    bool numerus = false;
    QString type; // translation's type attribute: "", "unfinished", "vanished", "obsolete"
    QStringList translations; // one entry, or the numerus forms
};

QList<TsMessage> readTs(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<TsMessage> messages;
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            current = TsMessage {};
            current.context = context;
            current.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (name == QLatin1String("source")) {
            current.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            current.type = xml.attributes().value(QLatin1String("type")).toString();
            if (current.numerus) {
                while (xml.readNextStartElement()) {
                    if (xml.name() == QLatin1String("numerusform"))
                        current.translations.append(xml.readElementText());
                    else
                        xml.skipCurrentElement();
                }
            } else {
                current.translations.append(xml.readElementText());
            }
            messages.append(current);
        }
    }
    if (xml.hasError())
        *error = QStringLiteral("%1 at line %2").arg(xml.errorString()).arg(xml.lineNumber());
    return messages;
}

// %1…%99 and %n, as a sorted list so a dropped duplicate shows too.
QStringList placeholders(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("%(\\d{1,2}|n)"));
    QStringList found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.append(it.next().captured(0));
    found.sort();
    return found;
}

QStringList htmlTags(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("</?[a-zA-Z][a-zA-Z0-9]*[^>]*>"));
    QStringList found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.append(it.next().captured(0));
    found.sort();
    return found;
}

// The mnemonic letter of "&File" (lower case), or a null QChar; "&&" is a literal ampersand.
QChar accelerator(const QString& text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return {};
}

QString tsPath()
{
    return QStringLiteral(OPSDECK_TRANSLATIONS_DIR "/opsdeck_de.ts");
}

QString describe(const TsMessage& m)
{
    return QStringLiteral("[%1] \"%2\"").arg(m.context, m.source);
}

} // namespace

class TestGermanConsole : public QObject
{
    Q_OBJECT

private:
    QTranslator m_translator;

    static QWidget* currentPageWidget(MainWindow& window)
    {
        auto* stack = window.findChild<QStackedWidget*>(QStringLiteral("pages"));
        return stack ? stack->currentWidget() : nullptr;
    }

    static void saveScreenshot(QWidget& window, const QString& page)
    {
        const QString dir = qEnvironmentVariable("OPSDECK_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QDir().mkpath(dir);
        const QString file = QDir(dir).filePath(QStringLiteral("de-%1.png").arg(page));
        QVERIFY2(window.grab().save(file), qPrintable(file));
        qInfo("screenshot %s", qPrintable(file));
    }

    // Buttons, check boxes and one-line labels narrower than their text: a German
    // word that no longer fits. (Word-wrapped labels grow in height instead.)
    static QStringList clippedTexts(QWidget* root)
    {
        QStringList clipped;
        for (QWidget* w : root->findChildren<QWidget*>()) {
            if (!w->isVisible())
                continue;
            QString text;
            if (auto* button = qobject_cast<QAbstractButton*>(w))
                text = button->text();
            else if (auto* label = qobject_cast<QLabel*>(w); label && !label->wordWrap())
                text = label->text();
            if (text.isEmpty())
                continue;
            if (w->width() < w->minimumSizeHint().width() || w->width() < w->sizeHint().width() * 9 / 10)
                clipped.append(QStringLiteral("%1 \"%2\" is %3 px wide, needs %4")
                                   .arg(w->objectName(), text)
                                   .arg(w->width())
                                   .arg(w->sizeHint().width()));
        }
        return clipped;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // Numbers and dates as a German desktop formats them, as in the running app.
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        // The same lookup main.cpp does for a German system locale.
        QVERIFY2(m_translator.load(QLocale(QLocale::German, QLocale::Germany), QStringLiteral("opsdeck"),
                     QStringLiteral("_"), QStringLiteral(":/i18n")),
            "no German catalogue in opsdeck_ui's resources (:/i18n/opsdeck_de.qm)");
        QCOMPARE(m_translator.language(), QStringLiteral("de_DE"));
        QVERIFY(QCoreApplication::installTranslator(&m_translator));
        Theme::initialize();
    }

    void windowSpeaksGerman()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        opsdeck::Engine engine({ dir.path() });
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        ConsoleSettings settings(dir.filePath(QStringLiteral("opsdeck.conf")));
        MainWindow window(&engine, &settings);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // Navigation rail, in rail order.
        auto* rail = window.findChild<QListWidget*>(QStringLiteral("navigation"));
        QVERIFY(rail);
        QStringList rows;
        for (int i = 0; i < rail->count(); ++i)
            rows.append(rail->item(i)->text());
        const QStringList german
            = { QStringLiteral("Dashboard"), QStringLiteral("Alarme"), QStringLiteral("Cache"),
                  QStringLiteral("Kapazität"), QStringLiteral("Skalierung"), QStringLiteral("Agenten"),
                  QStringLiteral("Profiler"), QStringLiteral("Benchmarks"), QStringLiteral("Einstellungen") };
        QCOMPARE(rows, german);
        // The rail is sized for the German words: icon and text fit, none is elided.
        for (const QString& row : std::as_const(rows)) {
            const int needed = rail->iconSize().width() + rail->fontMetrics().horizontalAdvance(row) + 16;
            QVERIFY2(needed <= rail->viewport()->width(),
                qPrintable(
                    QStringLiteral("%1 needs %2 px of %3").arg(row).arg(needed).arg(rail->viewport()->width())));
        }

        // Top bar.
        auto* pause = window.findChild<QToolButton*>(QStringLiteral("pauseButton"));
        QVERIFY(pause);
        QCOMPARE(pause->text(), QStringLiteral("Anhalten"));
        QVERIFY(pause->toolTip().contains(QStringLiteral("Live-Aktualisierung")));
        auto* health = window.findChild<QLabel*>(QStringLiteral("agentsHealth"));
        QVERIFY(health);
        QTRY_VERIFY_WITH_TIMEOUT(health->text().contains(QStringLiteral("1/1 erreichbar")), 5000);
        auto* alerts = window.findChild<QLabel*>(QStringLiteral("firingAlerts"));
        QVERIFY(alerts);
        QVERIFY2(alerts->text().endsWith(QStringLiteral("⚠</span> 0 ausgelöst")), qPrintable(alerts->text()));

        // Status bar: engine facts in German once the local collector has scraped.
        auto* status = window.findChild<QLabel*>(QStringLiteral("engineStatus"));
        QVERIFY(status);
        QTRY_VERIFY_WITH_TIMEOUT(
            status->text().startsWith(QStringLiteral("Agenten 1/1 erreichbar · Aufnahme ")), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("letzter Abruf vor ")), 5000);
        QVERIFY2(status->text().contains(QStringLiteral(" Zeitreihen · ")), qPrintable(status->text()));
        QVERIFY2(status->text().contains(QStringLiteral("0 Alarme ausgelöst · DB ")), qPrintable(status->text()));
        QVERIFY(window.trayIndicator()->toolTip().contains(QStringLiteral("1 von 1 Zielen erreichbar")));
        QVERIFY(window.trayIndicator()->toolTip().contains(QStringLiteral("keine Alarme ausgelöst")));
        saveScreenshot(window, QStringLiteral("dashboard"));

        // The panel editor.
        auto* addPanel = currentPageWidget(window)->findChild<QPushButton*>(QStringLiteral("addPanelButton"));
        QVERIFY(addPanel);
        QCOMPARE(addPanel->text(), QStringLiteral("Panel hinzufügen"));
        QTest::mouseClick(addPanel, Qt::LeftButton);
        QDialog* panelEditor = nullptr;
        QTRY_VERIFY(
            (panelEditor = window.findChild<QDialog*>(QStringLiteral("panelEditor"))) && panelEditor->isVisible());
        QVERIFY(QTest::qWaitForWindowExposed(panelEditor));
        QCOMPARE(panelEditor->windowTitle(), QStringLiteral("Panel hinzufügen"));
        QCOMPARE(panelEditor->findChild<QPushButton*>(QStringLiteral("checkQueryButton"))->text(),
            QStringLiteral("Prüfen"));
        saveScreenshot(*panelEditor, QStringLiteral("panel-editor"));
        QVERIFY2(
            clippedTexts(panelEditor).isEmpty(), qPrintable(clippedTexts(panelEditor).join(QLatin1Char('\n'))));
        panelEditor->reject();

        // The Alerts page: tabs, inbox buttons and the empty state in German.
        window.showPage(QStringLiteral("alerts"));
        auto* tabs = currentPageWidget(window)->findChild<QTabWidget*>(QStringLiteral("alertTabs"));
        QVERIFY(tabs);
        QCOMPARE(tabs->count(), 4);
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            QVERIFY2(clippedTexts(tabs->currentWidget()).isEmpty(),
                qPrintable(clippedTexts(tabs->currentWidget()).join(QLatin1Char('\n'))));
        }
        tabs->setCurrentIndex(0);
        auto* ackSelected
            = currentPageWidget(window)->findChild<QPushButton*>(QStringLiteral("acknowledgeSelected"));
        QVERIFY(ackSelected);
        QCOMPARE(ackSelected->text(), QStringLiteral("Ausgewählte &bestätigen…"));
        auto* empty = currentPageWidget(window)->findChild<QLabel*>(QStringLiteral("alertsEmptyState"));
        QVERIFY(empty && empty->text().contains(QStringLiteral("Regel")));
        saveScreenshot(window, QStringLiteral("alerts"));
        // The Cache page's tabs in German.
        window.showPage(QStringLiteral("cache"));
        auto* cacheTabs = currentPageWidget(window)->findChild<QTabWidget*>(QStringLiteral("cacheTabs"));
        QVERIFY(cacheTabs);
        QCOMPARE(cacheTabs->tabText(0), QStringLiteral("OpsDeck-Cache"));
        QCOMPARE(cacheTabs->tabText(1), QStringLiteral("Redis-Server"));
        // A page whose feature has not landed says so in German.
        window.showPage(QStringLiteral("scaling"));
        auto* state = currentPageWidget(window)->findChild<QLabel*>(QStringLiteral("placeholderState"));
        QVERIFY(state);
        QCOMPARE(state->text(), QStringLiteral("In dieser Version noch nicht verfügbar."));

        // Agents page: buttons, empty state and table header.
        window.showPage(QStringLiteral("agents"));
        QWidget* agents = currentPageWidget(window);
        auto* add = agents->findChild<QPushButton*>(QStringLiteral("addAgentButton"));
        QVERIFY(add);
        QCOMPARE(add->text(), QStringLiteral("Hinzufügen…"));
        QVERIFY(add->toolTip().contains(QStringLiteral("hinzufügen")));
        QCOMPARE(agents->findChild<QPushButton*>(QStringLiteral("editAgentButton"))->text(),
            QStringLiteral("Bearbeiten…"));
        QCOMPARE(agents->findChild<QPushButton*>(QStringLiteral("removeAgentButton"))->text(),
            QStringLiteral("Entfernen"));
        QCOMPARE(agents->findChild<QPushButton*>(QStringLiteral("importAgentsButton"))->text(),
            QStringLiteral("Importieren…"));
        QCOMPARE(agents->findChild<QPushButton*>(QStringLiteral("emptyAddAgentButton"))->text(),
            QStringLiteral("Agent hinzufügen"));
        auto* emptyText = agents->findChild<QLabel*>(QStringLiteral("emptyStateText"));
        QVERIFY(emptyText);
        QVERIFY(emptyText->text().startsWith(QStringLiteral("<b>Noch keine Agenten</b>")));
        auto* table = agents->findChild<QTableView*>(QStringLiteral("agentsTable"));
        QVERIFY(table);
        QCOMPARE(table->model()->headerData(0, Qt::Horizontal).toString(), QStringLiteral("Ziel"));
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, 5000);
        QCOMPARE(table->model()->index(0, 0).data().toString(),
            QStringLiteral("dieser Rechner (integrierter Collector)"));
        saveScreenshot(window, QStringLiteral("agents"));
        QVERIFY2(clippedTexts(agents).isEmpty(), qPrintable(clippedTexts(agents).join(QLatin1Char('\n'))));

        // The agent editor: German title, buttons and form labels that keep their mnemonics.
        QTest::mouseClick(add, Qt::LeftButton);
        QDialog* editor = nullptr;
        QTRY_VERIFY((editor = agents->findChild<QDialog*>(QStringLiteral("targetEditor"))) && editor->isVisible());
        QVERIFY(QTest::qWaitForWindowExposed(editor));
        QCOMPARE(editor->windowTitle(), QStringLiteral("Agent hinzufügen"));
        QCOMPARE(editor->findChild<QPushButton*>(QStringLiteral("testConnectionButton"))->text(),
            QStringLiteral("Verbindung testen"));
        QCOMPARE(editor->findChild<QPushButton*>(QStringLiteral("saveTargetButton"))->text(),
            QStringLiteral("Speichern"));
        QStringList buddies;
        for (QLabel* label : editor->findChildren<QLabel*>()) {
            if (label->buddy())
                buddies.append(label->text());
        }
        buddies.sort();
        QCOMPARE(buddies,
            (QStringList { QStringLiteral("&Intervall:"), QStringLiteral("&Job:"), QStringLiteral("&Labels:"),
                QStringLiteral("&Token:"), QStringLiteral("&URL:"), QStringLiteral("&Zeitlimit:"),
                QStringLiteral("TLS-&CA-Datei:") }));
        saveScreenshot(*editor, QStringLiteral("agent-editor"));
        QVERIFY2(clippedTexts(editor).isEmpty(), qPrintable(clippedTexts(editor).join(QLatin1Char('\n'))));
        editor->reject();

        window.showPage(QStringLiteral("settings"));
        QVERIFY(currentPageWidget(window)->findChild<QLabel*>());
        saveScreenshot(window, QStringLiteral("settings"));
        QVERIFY2(clippedTexts(currentPageWidget(window)).isEmpty(),
            qPrintable(clippedTexts(currentPageWidget(window)).join(QLatin1Char('\n'))));
    }

    void catalogueIsComplete()
    {
        QString error;
        const QList<TsMessage> messages = readTs(tsPath(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(tsPath() + QStringLiteral(": ") + error));
        QVERIFY2(messages.size() > 150, qPrintable(QString::number(messages.size())));

        QStringList problems;
        for (const TsMessage& m : messages) {
            if (m.type == QLatin1String("vanished") || m.type == QLatin1String("obsolete"))
                continue; // not shipped; lupdate -no-obsolete drops them
            if (m.type == QLatin1String("unfinished"))
                problems.append(QStringLiteral("unfinished: ") + describe(m));
            if (m.numerus && m.translations.size() != 2)
                problems.append(QStringLiteral("German needs 2 plural forms: ") + describe(m));
            for (const QString& t : m.translations) {
                if (t.trimmed().isEmpty()) {
                    problems.append(QStringLiteral("empty translation: ") + describe(m));
                    break;
                }
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    // Every message of the .ts is in the compiled catalogue, i.e. the .qm is not stale.
    void compiledCatalogueMatchesTheTsFile()
    {
        QString error;
        const QList<TsMessage> messages = readTs(tsPath(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList problems;
        for (const TsMessage& m : messages) {
            if (m.type == QLatin1String("vanished") || m.type == QLatin1String("obsolete"))
                continue;
            const QByteArray context = m.context.toUtf8();
            const QByteArray source = m.source.toUtf8();
            for (int n : { 1, 2 }) {
                const QString shown
                    = m_translator.translate(context.constData(), source.constData(), nullptr, m.numerus ? n : -1);
                const QString expected = m.translations.value(m.numerus && n != 1 ? 1 : 0);
                if (shown != expected)
                    problems.append(
                        QStringLiteral("%1 gives \"%2\", the .ts says \"%3\"").arg(describe(m), shown, expected));
                if (!m.numerus)
                    break;
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void translationsKeepPlaceholdersTagsAndAccelerators()
    {
        QString error;
        const QList<TsMessage> messages = readTs(tsPath(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList problems;
        QHash<QString, QHash<QChar, QString>> acceleratorsByContext;
        for (const TsMessage& m : messages) {
            if (m.type == QLatin1String("vanished") || m.type == QLatin1String("obsolete"))
                continue;
            const QStringList wanted = placeholders(m.source);
            const QStringList tags = htmlTags(m.source);
            const QChar sourceKey = accelerator(m.source);
            for (const QString& t : m.translations) {
                if (placeholders(t) != wanted)
                    problems.append(QStringLiteral("placeholders %1 became %2: %3")
                                        .arg(wanted.join(QLatin1Char(' ')), placeholders(t).join(QLatin1Char(' ')),
                                            describe(m)));
                if (htmlTags(t) != tags)
                    problems.append(QStringLiteral("HTML tags differ: ") + describe(m));
                if (sourceKey.isNull() != accelerator(t).isNull())
                    problems.append(QStringLiteral("accelerator added or lost: ") + describe(m));
                if (m.source.endsWith(QStringLiteral("…")) != t.endsWith(QStringLiteral("…")))
                    problems.append(QStringLiteral("ellipsis (opens a dialog) added or lost: ") + describe(m));
            }
            // Labels of one dialog share a context: their mnemonics must not clash.
            const QChar key = m.translations.isEmpty() ? QChar() : accelerator(m.translations.constFirst());
            if (!key.isNull()) {
                auto& used = acceleratorsByContext[m.context];
                if (used.contains(key))
                    problems.append(QStringLiteral("accelerator '%1' used twice in %2: \"%3\" and \"%4\"")
                                        .arg(key)
                                        .arg(m.context, used.value(key), m.translations.constFirst()));
                used.insert(key, m.translations.constFirst());
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    // Texts exactly as the running code builds them must find their translation.
    void runtimeTextsAreInTheCatalogue_data()
    {
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("source");
        QTest::addColumn<int>("n");
        QTest::addColumn<QString>("german");
        QTest::newRow("pause") << "MainWindow"
                               << "Pause" << -1 << "Anhalten";
        QTest::newRow("health column") << "opsdeck::models::TargetStatusModel"
                                       << "Health" << -1 << "Zustand";
        QTest::newRow("default panel") << "opsdeck::dashboard::DefaultPanels"
                                       << "Load average" << -1 << "Systemlast";
        QTest::newRow("singular") << "TrayIndicator"
                                  << "%n alert(s) firing" << 1 << "1 Alarm ausgelöst";
        QTest::newRow("plural") << "TrayIndicator"
                                << "%n alert(s) firing" << 3 << "3 Alarme ausgelöst";
        // DashboardPage.cpp writes the quotes as \u201cAdd, which lupdate 6.4 reads as one
        // escape (U+CADD), so the extracted source never matches the running text.
        QTest::newRow("escaped quotes") << "DashboardPage"
                                        << "No panels on this dashboard — use “Add panel” to add one." << -1
                                        << "Keine Panels auf diesem Dashboard — fügen Sie mit „Panel hinzufügen“ "
                                           "eines hinzu.";
    }

    void runtimeTextsAreInTheCatalogue()
    {
        QFETCH(QString, context);
        QFETCH(QString, source);
        QFETCH(int, n);
        QFETCH(QString, german);
        QCOMPARE(
            QCoreApplication::translate(context.toUtf8().constData(), source.toUtf8().constData(), nullptr, n),
            german);
    }
};

QTEST_MAIN(TestGermanConsole)
#include "tst_german_console.moc"
