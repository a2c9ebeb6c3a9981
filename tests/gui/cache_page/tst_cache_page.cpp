// The Cache page's "OpsDeck cache" tab on a real engine: with the local
// source cached, a dashboard-like range query run twice shows in the level
// table (L1 memory and L3 database, hits after the second run), in the data
// sources table (pieces from the cache) and in the state line; the Clear
// button empties L1; a profile with the cache off says so and how to turn it on.

// qcustomplot.h uses foreach, which QT_NO_FOREACH removes: it comes before any Qt header.
#undef QT_NO_FOREACH
#include <qcustomplot.h>

#include "cache/CacheLevelsModel.h"
#include "cache/CachePage.h"
#include "cache/CacheService.h"
#include "cache/OpsDeckCacheTab.h"
#include "Engine.h"
#include "query/QuerySource.h"

#include <QDateTime>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

namespace {

QString dump(QAbstractItemModel* model)
{
    QStringList lines;
    for (int row = 0; row < model->rowCount(); ++row) {
        QStringList cells;
        for (int column = 0; column < model->columnCount(); ++column)
            cells << model->index(row, column).data().toString();
        lines << cells.join(QStringLiteral(" | "));
    }
    return lines.join(QLatin1Char('\n'));
}

// 90 minutes of a counter on two hosts, ending 20 minutes ago, as OpenMetrics.
QByteArray history(qint64 nowMs)
{
    QByteArray out = "# TYPE demo_requests counter\n";
    const qint64 end = (nowMs - 20 * 60'000) / 1000;
    for (const char* host : { "plc-1", "plc-2" }) {
        double value = 0;
        for (qint64 t = end - 90 * 60; t <= end; t += 15) {
            value += (host[4] == '1' ? 3 : 5);
            out += QByteArray("demo_requests_total{instance=\"") + host + "\"} " + QByteArray::number(value) + " "
                + QByteArray::number(t) + "\n";
        }
    }
    out += "# EOF\n";
    return out;
}

int rowOf(QAbstractItemModel* model, const QString& first)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data().toString() == first)
            return row;
    }
    return -1;
}

} // namespace

class TestCachePage : public QObject
{
    Q_OBJECT

private slots:
    void levelsAndSourcesFill()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QFile file(dir.filePath(QStringLiteral("history.om")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(history(now));
        file.close();

        opsdeck::EngineOptions options;
        options.dataDirectory = dir.path();
        options.localSource = opsdeck::scrape::LocalSourceMode::Off;
        options.historyFiles = { file.fileName() };
        options.cache.cacheLocalSource = true;
        opsdeck::Engine engine(options);
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        QVERIFY(engine.cacheService());
        QVERIFY(engine.cacheService()->enabled());

        CachePage page(&engine, nullptr);
        page.resize(1400, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto* tab = page.ownCacheTab();
        auto* levels = page.findChild<QTableView*>(QStringLiteral("cacheLevelsTable"));
        auto* sources = page.findChild<QTableView*>(QStringLiteral("cacheSourcesTable"));
        QVERIFY(levels && sources);
        QCOMPARE(page.tabs()->count(), 2);
        QCOMPARE(page.tabs()->tabText(0), QStringLiteral("OpsDeck cache"));
        QCOMPARE(page.tabs()->tabText(1), QStringLiteral("Redis servers"));
        QVERIFY(page.redisTab());

        // The dashboard's query, twice: the second is answered from the cache.
        const auto source = engine.querySource(QString());
        QVERIFY(source);
        const QString expr = QStringLiteral("sum by (instance) (rate(demo_requests_total[1m]))");
        const qint64 end = (now - 30 * 60'000) / 15'000 * 15'000;
        const qint64 start = end - 60 * 60'000;
        const opsdeck::query::QueryResult first = source->range(expr, start, end, 15'000);
        QVERIFY2(first.ok, qPrintable(first.error));
        QCOMPARE(first.series.size(), 2);
        tab->sample();
        const opsdeck::query::QueryResult second = source->range(expr, start, end, 15'000);
        QVERIFY2(second.ok, qPrintable(second.error));
        QCOMPARE(second.series.size(), first.series.size());
        for (int i = 0; i < first.series.size(); ++i)
            QCOMPARE(second.series[i].points.size(), first.series[i].points.size());
        QTest::qWait(50); // the snapshots' interval must not be zero
        tab->sample();

        const int l1 = rowOf(levels->model(), QStringLiteral("L1 memory"));
        QVERIFY2(l1 >= 0, qPrintable(dump(levels->model())));
        QVERIFY2(rowOf(levels->model(), QStringLiteral("L3 database")) > l1, qPrintable(dump(levels->model())));
        const QString ratio
            = levels->model()->index(l1, opsdeck::models::CacheLevelsModel::HitRatio).data().toString();
        QVERIFY2(ratio.endsWith(QLatin1Char('%')), qPrintable(dump(levels->model())));
        QCOMPARE(ratio, QStringLiteral("100%")); // the second run's lookups were all hits
        const QString size = levels->model()->index(l1, opsdeck::models::CacheLevelsModel::Size).data().toString();
        QVERIFY2(size.contains(QStringLiteral("256 MiB")), qPrintable(size));

        const int local = rowOf(sources->model(), QStringLiteral("local"));
        QVERIFY2(local >= 0, qPrintable(dump(sources->model())));
        const QString hit
            = sources->model()->index(local, opsdeck::models::CacheSourcesModel::PiecesHit).data().toString();
        QVERIFY2(!hit.startsWith(QLatin1Char('0')), qPrintable(dump(sources->model())));

        auto* state = page.findChild<QLabel*>(QStringLiteral("cacheState"));
        QVERIFY(state);
        QVERIFY2(state->text().contains(QStringLiteral("L1 memory")), qPrintable(state->text()));
        auto* l2 = page.findChild<QLabel*>(QStringLiteral("cacheL2State"));
        QVERIFY(l2);
        QVERIFY2(l2->text().contains(QStringLiteral("off")), qPrintable(l2->text()));
        auto* plot = page.findChild<QCustomPlot*>(QStringLiteral("cacheLatencyPlot"));
        QVERIFY(plot);
        QVERIFY(plot->plottableCount() >= 1);

        // Clear, confirmed: L1 holds nothing afterwards.
        QTimer::singleShot(0, this, [] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget()))
                box->button(QMessageBox::Yes)->click();
        });
        page.findChild<QPushButton*>(QStringLiteral("clearCacheButton"))->click();
        const int entries = opsdeck::models::CacheLevelsModel::Entries;
        QTRY_COMPARE(levels->model()->index(l1, entries).data().toString(), QStringLiteral("0"));
    }

    void offSaysHowToTurnOn()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        opsdeck::EngineOptions options;
        options.dataDirectory = dir.path();
        options.localSource = opsdeck::scrape::LocalSourceMode::Off;
        options.cache.enabled = false;
        opsdeck::Engine engine(options);
        QVERIFY2(engine.start(), qPrintable(engine.errorString()));
        CachePage page(&engine, nullptr);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY2(page.ownCacheTab()->stateText().contains(QStringLiteral("Settings → Cache")),
            qPrintable(page.ownCacheTab()->stateText()));
        QVERIFY(!page.findChild<QPushButton*>(QStringLiteral("clearCacheButton"))->isEnabled());
    }
};

QTEST_MAIN(TestCachePage)
#include "tst_cache_page.moc"
