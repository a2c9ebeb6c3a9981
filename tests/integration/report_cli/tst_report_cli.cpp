#include "ProgramRun.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <functional>

// `opsdeck report capacity` as an operator runs it from a terminal: the real
// binary, no display (no DISPLAY, no QT_QPA_PLATFORM), history imported with
// `opsdeck import history` from CSV files that end now (a filesystem filling
// up, steady memory), then the report in PDF, HTML and CSV.
class TestReportCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void noHistoryIsAClearError();
    void reportsInEveryFormat_data();
    void reportsInEveryFormat();
    void resourcesFileAdjustsThePlan();

private:
    struct Result
    {
        int exitCode = -1;
        QString out, err;
    };
    Result opsdeck(const QStringList& args, const QString& dataDir) const;
    void writeCsv(const QString& path, const std::function<double(int)>& value) const;

    QTemporaryDir m_dir;
    QString m_dataDir;
    qint64 m_endMs = 0;
};

TestReportCli::Result TestReportCli::opsdeck(const QStringList& args, const QString& dataDir) const
{
    // No display at all, as on a server.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : { "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM" })
        env.remove(QLatin1String(name));
    env.insert(QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("home")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("home/.config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("home/.local/share")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_dir.filePath(QStringLiteral("runtime")));
    const auto r = opsdeck::testsupport::runProgram(
        QStringLiteral(OPSDECK_BIN), args + QStringList { QStringLiteral("--data-dir"), dataDir }, 240'000, env);
    return Result { r.exitCode, QString::fromUtf8(r.out), QString::fromUtf8(r.err) };
}

// NAB layout: "timestamp,value", hourly for 30 days up to the current hour, UTC.
void TestReportCli::writeCsv(const QString& path, const std::function<double(int)>& value) const
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("timestamp,value\n");
    const int n = 30 * 24;
    for (int i = 0; i < n; ++i) {
        const qint64 t = m_endMs - qint64(n - 1 - i) * 3'600'000;
        f.write(QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")).toUtf8()
            + ',' + QByteArray::number(value(i), 'f', 0) + '\n');
    }
}

void TestReportCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QDir(m_dir.path()).mkpath(QStringLiteral("home"));
    QDir(m_dir.path()).mkpath(QStringLiteral("runtime"));
    m_dataDir = m_dir.filePath(QStringLiteral("data"));
    m_endMs = QDateTime::currentMSecsSinceEpoch() / 3'600'000 * 3'600'000 - 3'600'000;
    const double gib = 1024.0 * 1024 * 1024;
    const QString size = m_dir.filePath(QStringLiteral("fs_size.csv"));
    const QString avail = m_dir.filePath(QStringLiteral("fs_avail.csv"));
    const QString memTotal = m_dir.filePath(QStringLiteral("mem_total.csv"));
    const QString memAvail = m_dir.filePath(QStringLiteral("mem_avail.csv"));
    writeCsv(size, [&](int) { return 100 * gib; });
    // 55 GiB free, losing 0.5 GiB a day: the 90 % ceiling is reached about 70 days from now.
    writeCsv(avail, [&](int i) { return 55 * gib - 0.5 * gib * i / 24.0 + 0.2 * gib * std::sin(i * 0.26); });
    writeCsv(memTotal, [&](int) { return 16 * gib; });
    writeCsv(memAvail, [&](int i) { return 8 * gib + 0.5 * gib * std::sin(2 * M_PI * (i % 24) / 24.0); });
    const QStringList fsLabels = { QStringLiteral("--label"), QStringLiteral("instance=web-1:9100"),
        QStringLiteral("--label"), QStringLiteral("mountpoint=/var"), QStringLiteral("--label"),
        QStringLiteral("fstype=ext4"), QStringLiteral("--label"), QStringLiteral("device=/dev/sda1") };
    const QStringList memLabels = { QStringLiteral("--label"), QStringLiteral("instance=web-1:9100") };
    const struct
    {
        QString file;
        const char* metric;
        QStringList labels;
    } imports[] = { { size, "node_filesystem_size_bytes", fsLabels },
        { avail, "node_filesystem_avail_bytes", fsLabels }, { memTotal, "node_memory_MemTotal_bytes", memLabels },
        { memAvail, "node_memory_MemAvailable_bytes", memLabels } };
    for (const auto& imp : imports) {
        const Result r = opsdeck(QStringList { QStringLiteral("import"), QStringLiteral("history"), imp.file,
                                     QStringLiteral("--metric"), QLatin1String(imp.metric) }
                + imp.labels,
            m_dataDir);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    }
}

void TestReportCli::noHistoryIsAClearError()
{
    const QString empty = m_dir.filePath(QStringLiteral("empty-data"));
    const QString out = m_dir.filePath(QStringLiteral("none.pdf"));
    const Result r = opsdeck({ QStringLiteral("report"), QStringLiteral("capacity"), QStringLiteral("--format"),
                                 QStringLiteral("pdf"), QStringLiteral("--out"), out },
        empty);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QLatin1String("no capacity history between")), qPrintable(r.err));
    QVERIFY(r.err.contains(QLatin1String("opsdeck import history")));
    QVERIFY(!QFile::exists(out));
}

void TestReportCli::reportsInEveryFormat_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("pdf") << QStringLiteral("pdf");
    QTest::newRow("html") << QStringLiteral("html");
    QTest::newRow("csv") << QStringLiteral("csv");
}

void TestReportCli::reportsInEveryFormat()
{
    QFETCH(QString, format);
    const QString out = m_dir.filePath(QStringLiteral("capacity.") + format);
    const Result r = opsdeck({ QStringLiteral("report"), QStringLiteral("capacity"), QStringLiteral("--format"),
                                 format, QStringLiteral("--out"), out, QStringLiteral("--window"),
                                 QStringLiteral("30d"), QStringLiteral("--horizon"), QStringLiteral("90d") },
        m_dataDir);
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.startsWith(QStringLiteral("wrote ") + out), qPrintable(r.out));
    QVERIFY(!QFile::exists(out + QStringLiteral(".part")));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    if (format == QLatin1String("pdf")) {
        QVERIFY(bytes.startsWith("%PDF-"));
        const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("\\((\\d+) pages?, ")).match(r.out);
        QVERIFY2(m.hasMatch() && m.captured(1).toInt() >= 2, qPrintable(r.out));
    } else if (format == QLatin1String("html")) {
        QVERIFY(bytes.contains("data:image/png;base64,"));
        QVERIFY(bytes.contains("web-1"));
    } else {
        const QList<QByteArray> lines = bytes.trimmed().split('\n');
        QVERIFY(lines.first().startsWith("resource,item,host,status,"));
        QVERIFY2(lines.size() >= 3, bytes.constData()); // filesystem and memory
        bool filesystemRunsOut = false;
        for (const QByteArray& line : lines)
            if (line.contains("/var")
                && QRegularExpression(QStringLiteral(",\\d{4}-\\d\\d-\\d\\dT"))
                       .match(QString::fromUtf8(line))
                       .hasMatch())
                filesystemRunsOut = true;
        QVERIFY2(filesystemRunsOut, bytes.constData());
    }
}

void TestReportCli::resourcesFileAdjustsThePlan()
{
    const auto csvRow = [](const QByteArray& csv, const char* needle) {
        const QList<QByteArray> lines = csv.trimmed().split('\n');
        const QList<QByteArray> header = lines.first().trimmed().split(',');
        for (const QByteArray& line : lines) {
            if (!line.contains(needle))
                continue;
            QHash<QByteArray, QByteArray> row;
            const QList<QByteArray> cells = line.trimmed().split(',');
            for (qsizetype i = 0; i < header.size() && i < cells.size(); ++i)
                row.insert(header.at(i), cells.at(i));
            return row;
        }
        return QHash<QByteArray, QByteArray>();
    };
    const auto report = [this](const QStringList& extra, const QString& out) {
        return opsdeck(QStringList { QStringLiteral("report"), QStringLiteral("capacity"),
                           QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--out"), out }
                + extra,
            m_dataDir);
    };
    const QString plainOut = m_dir.filePath(QStringLiteral("plain.csv"));
    Result r = report({}, plainOut);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QFile plainFile(plainOut);
    QVERIFY(plainFile.open(QIODevice::ReadOnly));
    const auto plain = csvRow(plainFile.readAll(), "/var");
    QCOMPARE(plain.value("ceiling"), QByteArray("0.9"));

    // A 75 % ceiling for filesystems: 60 GiB used of 100 at the end, +0.5 GiB
    // a day, so the run-out moves from ~60 days to ~30 days.
    const QString yaml = m_dir.filePath(QStringLiteral("resources.yml"));
    {
        QFile f(yaml);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("resources:\n  - kind: filesystem\n    ceiling: 75%\n    lead_time: 10d\n");
    }
    const QString tunedOut = m_dir.filePath(QStringLiteral("tuned.csv"));
    r = report({ QStringLiteral("--resources"), yaml }, tunedOut);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QFile tunedFile(tunedOut);
    QVERIFY(tunedFile.open(QIODevice::ReadOnly));
    const auto tuned = csvRow(tunedFile.readAll(), "/var");
    QCOMPARE(tuned.value("ceiling"), QByteArray("0.75"));
    const double days = tuned.value("time_remaining_days").toDouble();
    QVERIFY2(days > 20 && days < 40, tuned.value("time_remaining_days").constData());
    QVERIFY(
        plain.value("time_remaining_days").isEmpty() || plain.value("time_remaining_days").toDouble() > days + 20);

    // A mistake names the file and line, and nothing is written.
    {
        QFile f(yaml);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("resources:\n  - kind: filesystem\n    ceiling: 2\n");
    }
    const QString badOut = m_dir.filePath(QStringLiteral("bad.csv"));
    r = report({ QStringLiteral("--resources"), yaml }, badOut);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(yaml + QStringLiteral(":2: ")) && r.err.contains(QLatin1String("ceiling")),
        qPrintable(r.err));
    QVERIFY(!QFile::exists(badOut));
}

QTEST_GUILESS_MAIN(TestReportCli)
#include "tst_report_cli.moc"
