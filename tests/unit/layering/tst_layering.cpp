// Unit: the include graph follows DESIGN.md "Layers and folders". Every
// `#include "..."` in engine/ is resolved to the folder it names, and an edge
// outside the dependency order fails with file:line and the edge; engine/
// never includes a models/, ui/, report/, agent/, web/ or app/ header, and
// models/ never includes a ui/, report/, agent/, web/ or app/ header. A fixture tree with forbidden
// edges (tests/data/layering) proves the check finds them.
#include <QDebug>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <algorithm>
#include <tuple>

namespace {

// DESIGN.md, "Layers and folders": inside the engine the order is
//   metrics, collect, storage, config -> query -> scrape, sources -> the features
//   (dashboard, alerts, capacity, cache, balancer, scaling, profiler, bench)
//   -> optimizer,
// and Engine.{h,cpp} and EngineConfigFile.{h,cpp} (the headless file, which
// reads every feature's section) at engine/ root compose everything. An include may name
// its own folder or a strictly lower level: a feature never includes a
// feature beside it, and storage never includes a feature. The other headers
// at engine/ root (Clock.h, EngineInfo.h, ...) are the base under level 0:
// anything may include them, and they include only each other.
const QString kBase = QStringLiteral("(engine root)");
const QString kComposition = QStringLiteral("(Engine)");

const QHash<QString, int> kLevels = {
    { kBase, -1 },
    { QStringLiteral("metrics"), 0 },
    { QStringLiteral("collect"), 0 },
    { QStringLiteral("storage"), 0 },
    { QStringLiteral("config"), 0 },
    { QStringLiteral("redis"), 0 }, // infrastructure like storage: the hiredis client, no feature
    { QStringLiteral("query"), 1 },
    { QStringLiteral("scrape"), 2 },
    { QStringLiteral("sources"), 2 },
    { QStringLiteral("dashboard"), 3 },
    { QStringLiteral("alerts"), 3 },
    { QStringLiteral("capacity"), 3 },
    { QStringLiteral("cache"), 3 },
    { QStringLiteral("balancer"), 3 },
    { QStringLiteral("scaling"), 3 },
    { QStringLiteral("profiler"), 3 },
    { QStringLiteral("bench"), 3 },
    { QStringLiteral("remotewrite"), 3 },
    { QStringLiteral("optimizer"), 4 },
    { kComposition, 5 },
};

// Level 0 has no order of its own; these are its allowed edges. metrics is
// the lowest: it includes no other folder.
const QSet<QPair<QString, QString>> kLevelZeroEdges = {
    { QStringLiteral("collect"), QStringLiteral("metrics") }, // collectors produce samples and labels
    { QStringLiteral("storage"), QStringLiteral("metrics") }, // label sets stored as they are
    { QStringLiteral("config"), QStringLiteral("metrics") }, // YAML durations use the one duration parser
};

// Edges that break the order but are accepted for now, each with its reason:
// {from file (relative to the scanned root), included path}. None today.
const QSet<QPair<QString, QString>> kExceptions = {};

struct Violation
{
    QString file; // relative to the scanned root
    int line = 0;
    QString what;

    QString toString() const { return QStringLiteral("%1:%2: %3").arg(file).arg(line).arg(what); }
};

// The folder a file under engine/ belongs to.
QString folderOf(const QString& pathInEngine)
{
    const qsizetype slash = pathInEngine.indexOf(QLatin1Char('/'));
    if (slash >= 0)
        return pathInEngine.left(slash);
    const QString base = pathInEngine.section(QLatin1Char('.'), 0, 0);
    return base == QLatin1String("Engine") || base == QLatin1String("EngineConfigFile") ? kComposition : kBase;
}

// Empty when an include from folder `from` of folder `to` is allowed, else why not.
QString checkEdge(const QString& from, const QString& to)
{
    if (from == to || from == kComposition)
        return {};
    if (!kLevels.contains(from))
        return QStringLiteral("folder %1 is not in the layer table (DESIGN.md, tests/unit/layering)").arg(from);
    if (!kLevels.contains(to))
        return QStringLiteral("folder %1 is not in the layer table (DESIGN.md, tests/unit/layering)").arg(to);
    const int fromLevel = kLevels.value(from);
    const int toLevel = kLevels.value(to);
    if (from == QLatin1String("storage") && toLevel == 3)
        return QStringLiteral("storage never includes a feature");
    if (fromLevel == 3 && toLevel == 3)
        return QStringLiteral("a feature never includes another feature");
    if (fromLevel == 0 && toLevel == 0) {
        if (kLevelZeroEdges.contains({ from, to }))
            return {};
        return QStringLiteral("%1 -> %2 is not an allowed edge between level-0 folders").arg(from, to);
    }
    if (toLevel < fromLevel)
        return {};
    return QStringLiteral("%1 (level %2) may only include lower levels, not %3 (level %4)")
        .arg(from, QString::number(fromLevel), to, QString::number(toLevel));
}

// Every forbidden include under root/engine and root/models; root is a source
// tree (engine/, models/, ui/, app/).
QList<Violation> scan(const QString& root)
{
    const QDir top(root);
    const QStringList upperLayers { QStringLiteral("models"), QStringLiteral("ui"), QStringLiteral("report"),
        QStringLiteral("agent"), QStringLiteral("web"), QStringLiteral("app/opsdeck"), QStringLiteral("app/agent"),
        QStringLiteral("app") };
    const auto existsIn = [&](const QString& layer, const QString& include) {
        return QFileInfo(top.filePath(layer + QLatin1Char('/') + include)).isFile();
    };
    static const QRegularExpression includeLine(QStringLiteral(R"re(^\s*#\s*include\s*"([^"]+)")re"));

    QList<Violation> violations;
    for (const QString& layer : { QStringLiteral("engine"), QStringLiteral("models") }) {
        QDirIterator it(top.filePath(layer), { QStringLiteral("*.h"), QStringLiteral("*.cpp") }, QDir::Files,
            QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            const QString relative = top.relativeFilePath(path);
            const QString inLayer = QDir(top.filePath(layer)).relativeFilePath(path);
            const QString ownDir = QFileInfo(inLayer).path(); // "." at the layer's root
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
                violations.append({ relative, 0, QStringLiteral("cannot read the file") });
                continue;
            }
            int lineNumber = 0;
            while (!file.atEnd()) {
                const QString line = QString::fromUtf8(file.readLine());
                ++lineNumber;
                const QRegularExpressionMatch m = includeLine.match(line);
                if (!m.hasMatch())
                    continue;
                const QString include = m.captured(1);
                if (include.endsWith(QLatin1String(".moc")) || kExceptions.contains({ relative, include }))
                    continue;
                // Quoted includes search the including file's folder first, then the include roots.
                const QString sameDir
                    = ownDir == QLatin1String(".") ? include : ownDir + QLatin1Char('/') + include;
                const bool inOwnDir = existsIn(layer, sameDir);
                // protoc's output for a .proto in the same folder (remotewrite/remote.proto).
                if (include.endsWith(QLatin1String(".pb.h"))
                    && existsIn(layer, sameDir.chopped(5) + QStringLiteral(".proto")))
                    continue;

                if (layer == QLatin1String("models")) {
                    if (inOwnDir || existsIn(QStringLiteral("models"), include)
                        || existsIn(QStringLiteral("engine"), include))
                        continue;
                    for (const QString& upper : { QStringLiteral("ui"), QStringLiteral("report"),
                             QStringLiteral("agent"), QStringLiteral("web"), QStringLiteral("app/opsdeck"),
                             QStringLiteral("app/agent"), QStringLiteral("app") }) {
                        if (existsIn(upper, include)) {
                            violations.append({ relative, lineNumber,
                                QStringLiteral("models never includes %1 headers: \"%2\" is %1/%2")
                                    .arg(upper, include) });
                            break;
                        }
                    }
                    continue;
                }

                QString target;
                if (inOwnDir)
                    target = sameDir;
                else if (existsIn(QStringLiteral("engine"), include))
                    target = include;
                if (target.isEmpty()) {
                    QString upperHit;
                    for (const QString& upper : upperLayers) {
                        if (existsIn(upper, include)) {
                            upperHit = upper;
                            break;
                        }
                    }
                    violations.append({ relative, lineNumber,
                        upperHit.isEmpty()
                            ? QStringLiteral("\"%1\" is not an engine header").arg(include)
                            : QStringLiteral("the engine never includes %1 headers: \"%2\" is %1/%2")
                                  .arg(upperHit, include) });
                    continue;
                }
                const QString from = folderOf(inLayer);
                const QString to = folderOf(target);
                if (const QString why = checkEdge(from, to); !why.isEmpty())
                    violations.append({ relative, lineNumber,
                        QStringLiteral("%1 -> %2 (\"%3\"): %4").arg(from, to, include, why) });
            }
        }
    }
    std::sort(violations.begin(), violations.end(), [](const Violation& a, const Violation& b) {
        return std::tie(a.file, a.line) < std::tie(b.file, b.line);
    });
    return violations;
}

} // namespace

class TestLayering : public QObject
{
    Q_OBJECT

private slots:
    void edges_data();
    void edges();
    void fixtureViolationsFound();
    void sourceTreeFollowsTheLayers();
};

void TestLayering::edges_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<bool>("allowed");

    const auto row = [](const char* from, const char* to, bool allowed) {
        QTest::addRow("%s -> %s", from, to) << QString::fromLatin1(from) << QString::fromLatin1(to) << allowed;
    };
    row("alerts", "alerts", true);
    row("collect", "metrics", true);
    row("storage", "metrics", true);
    row("metrics", "collect", false);
    row("metrics", "storage", false);
    row("storage", "collect", false);
    row("config", "storage", false);
    row("config", "metrics", true);
    row("query", "metrics", true);
    row("metrics", "query", false);
    row("scrape", "query", true);
    row("query", "scrape", false);
    row("alerts", "storage", true);
    row("alerts", "scrape", true);
    row("storage", "alerts", false);
    row("storage", "dashboard", false);
    row("storage", "query", false);
    row("alerts", "capacity", false);
    row("capacity", "alerts", false);
    row("remotewrite", "scrape", true); // the appended-samples sink
    row("remotewrite", "alerts", false);
    row("scrape", "remotewrite", false);
    row("dashboard", "optimizer", false);
    row("optimizer", "alerts", true);
    row("metrics", "(engine root)", true);
    row("storage", "(engine root)", true);
    row("(engine root)", "metrics", false);
    row("(engine root)", "(Engine)", false);
    row("(Engine)", "optimizer", true);
    row("(Engine)", "alerts", true);
    row("(Engine)", "config", true);
    row("config", "(Engine)", false);
    row("alerts", "(Engine)", false);
    row("newfeature", "metrics", false);
}

void TestLayering::edges()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(bool, allowed);
    const QString why = checkEdge(from, to);
    QVERIFY2(why.isEmpty() == allowed, qPrintable(why.isEmpty() ? QStringLiteral("allowed") : why));
}

// The check must be able to fail: each forbidden edge in the fixture tree is found, and nothing else.
void TestLayering::fixtureViolationsFound()
{
    const QString fixture = QStringLiteral(OPSDECK_TEST_DATA "/layering");
    QVERIFY(QFileInfo(fixture + QStringLiteral("/engine")).isDir());
    QStringList found;
    for (const Violation& v : scan(fixture))
        found.append(v.toString());
    const QStringList expected {
        QStringLiteral("engine/alerts/Sibling.cpp:2: alerts -> capacity (\"capacity/Rollup.h\"): a feature never "
                       "includes another feature"),
        QStringLiteral("engine/metrics/Up.h:4: metrics -> query (\"query/Ast.h\"): metrics (level 0) may only "
                       "include lower levels, not query (level 1)"),
        QStringLiteral("engine/metrics/Up.h:5: metrics -> storage (\"storage/Database.h\"): metrics -> storage is "
                       "not an allowed edge between level-0 folders"),
        QStringLiteral("engine/optimizer/Unknown.cpp:1: \"widgets/Gauge.h\" is not an engine header"),
        QStringLiteral("engine/query/Page.cpp:3: the engine never includes ui headers: \"alerts/AlertsPage.h\" is "
                       "ui/alerts/AlertsPage.h"),
        QStringLiteral("engine/query/Page.cpp:4: the engine never includes models headers: "
                       "\"alerts/AlertInboxModel.h\" is models/alerts/AlertInboxModel.h"),
        QStringLiteral("engine/query/Page.cpp:5: the engine never includes report headers: \"ReportWriter.h\" is "
                       "report/ReportWriter.h"),
        QStringLiteral("engine/query/Page.cpp:6: the engine never includes agent headers: \"RouteRegistry.h\" is "
                       "agent/RouteRegistry.h"),
        QStringLiteral("engine/query/Page.cpp:7: the engine never includes web headers: \"PrometheusApi.h\" is "
                       "web/PrometheusApi.h"),
        QStringLiteral("engine/storage/Repo.h:3: storage -> alerts (\"alerts/AlertTypes.h\"): storage never "
                       "includes a feature"),
        QStringLiteral("engine/telemetry/Probe.h:1: telemetry -> metrics (\"metrics/Labels.h\"): folder telemetry "
                       "is not in the layer table (DESIGN.md, tests/unit/layering)"),
        QStringLiteral("models/alerts/InboxModel.cpp:3: models never includes ui headers: \"shell/Theme.h\" is "
                       "ui/shell/Theme.h"),
        QStringLiteral("models/alerts/InboxModel.cpp:4: models never includes report headers: \"ReportWriter.h\" "
                       "is report/ReportWriter.h"),
    };
    if (found != expected) {
        qWarning().noquote() << QStringLiteral("found:\n") + found.join(QLatin1Char('\n'));
        qWarning().noquote() << QStringLiteral("expected:\n") + expected.join(QLatin1Char('\n'));
    }
    QCOMPARE(found, expected);
}

void TestLayering::sourceTreeFollowsTheLayers()
{
    const QString root = QStringLiteral(OPSDECK_SOURCE_DIR);
    QVERIFY(QFileInfo(root + QStringLiteral("/engine/Engine.h")).isFile());
    QStringList lines;
    for (const Violation& v : scan(root))
        lines.append(v.toString());
    QVERIFY2(lines.isEmpty(),
        qPrintable(QStringLiteral("%1 include(s) against DESIGN.md \"Layers and folders\":\n").arg(lines.size())
            + lines.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestLayering)
#include "tst_layering.moc"
