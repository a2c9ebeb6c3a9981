// Builds the packages from this build tree with cpack and inspects them the
// way a user or a distribution would: the .deb's file list and control fields,
// the tarball's file list, and the installed desktop entry and metainfo run
// through desktop-file-validate and appstreamcli.
#include <QtTest>

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

// Runs a tool to completion; a tool that cannot start or times out is a failure
// with its name in the message, not a hang.
Run run(const QString& program, const QStringList& args, int timeoutMs = 60000)
{
    QProcess p;
    p.start(program, args);
    Run r;
    if (!p.waitForStarted(10000)) {
        r.err = QStringLiteral("could not start %1: %2").arg(program, p.errorString());
        return r;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("%1 timed out").arg(program);
        return r;
    }
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return r;
}

QString describe(const Run& r)
{
    return QStringLiteral("exit %1\nstdout:\n%2\nstderr:\n%3").arg(r.exitCode).arg(r.out, r.err);
}

// Regular files in a `tar -tv`-style listing (dpkg-deb -c prints the same
// format), as paths without the leading "./" or top directory.
QStringList filesInListing(const QString& listing, int dropComponents)
{
    QStringList files;
    const QStringList lines = listing.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString& line : lines) {
        if (!line.startsWith(QLatin1Char('-')))
            continue; // directories, links
        QString path = line.section(QLatin1Char(' '), -1);
        if (path.startsWith(QLatin1String("./")))
            path.remove(0, 2);
        files << path.section(QLatin1Char('/'), dropComponents);
    }
    files.sort();
    return files;
}

const QStringList kPackagedFiles = {
    QStringLiteral("bin/opsdeck"),
    QStringLiteral("bin/opsdeck-agent"),
    QStringLiteral("lib/systemd/system/opsdeck-agent.service"),
    QStringLiteral("lib/systemd/system/opsdeck-headless.service"),
    QStringLiteral("share/applications/org.opsdeck.OpsDeck.desktop"),
    QStringLiteral("share/icons/hicolor/scalable/apps/org.opsdeck.OpsDeck.svg"),
    QStringLiteral("share/metainfo/org.opsdeck.OpsDeck.metainfo.xml"),
};

} // namespace

class TestInstaller : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void debFileList();
    void debControl();
    void tarballFileList();
    void desktopEntryValidates();
    void metainfoValidates();
    void agentUnitPointsAtPackagedBinary();
    void headlessUnitRunsTheHeadlessEngine();

private:
    QTemporaryDir m_dir;
    QString m_deb;
    QString m_tarball;
    QString m_root; // the .deb extracted here
};

void TestInstaller::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Own output directory (staging included), so parallel runs do not collide.
    const Run cpack = run(QStringLiteral(OPSDECK_CPACK_BIN),
        { QStringLiteral("-G"), QStringLiteral("DEB;TGZ"), QStringLiteral("--config"),
            QStringLiteral(OPSDECK_CPACK_CONFIG), QStringLiteral("-B"), m_dir.path() },
        240000);
    QVERIFY2(cpack.exitCode == 0, qPrintable(describe(cpack)));

    const QDir out(m_dir.path());
    const QStringList debs = out.entryList({ QStringLiteral("opsdeck_*.deb") }, QDir::Files);
    const QStringList tars = out.entryList({ QStringLiteral("opsdeck-*.tar.gz") }, QDir::Files);
    QVERIFY2(debs.size() == 1, qPrintable(out.entryList().join(QLatin1Char(' '))));
    QVERIFY2(tars.size() == 1, qPrintable(out.entryList().join(QLatin1Char(' '))));
    m_deb = out.filePath(debs.first());
    m_tarball = out.filePath(tars.first());
    QVERIFY2(
        debs.first().startsWith(QStringLiteral("opsdeck_" OPSDECK_PACKAGE_VERSION "_")), qPrintable(debs.first()));

    m_root = out.filePath(QStringLiteral("root"));
    const Run extract = run(QStringLiteral("dpkg-deb"), { QStringLiteral("-x"), m_deb, m_root });
    QVERIFY2(extract.exitCode == 0, qPrintable(describe(extract)));
}

void TestInstaller::debFileList()
{
    const Run list = run(QStringLiteral("dpkg-deb"), { QStringLiteral("-c"), m_deb });
    QVERIFY2(list.exitCode == 0, qPrintable(describe(list)));
    const QStringList files = filesInListing(list.out, 0);
    for (const QString& expected : kPackagedFiles)
        QVERIFY2(files.contains(QStringLiteral("usr/") + expected),
            qPrintable(QStringLiteral("%1 missing from\n%2").arg(expected, list.out)));
    // The binaries are executable.
    for (const QString& line : list.out.split(QLatin1Char('\n')))
        if (line.endsWith(QLatin1String("/usr/bin/opsdeck"))
            || line.endsWith(QLatin1String("/usr/bin/opsdeck-agent")))
            QVERIFY2(line.startsWith(QLatin1String("-rwxr-xr-x")), qPrintable(line));
}

void TestInstaller::debControl()
{
    const Run fields = run(QStringLiteral("dpkg-deb"), { QStringLiteral("-f"), m_deb });
    QVERIFY2(fields.exitCode == 0, qPrintable(describe(fields)));
    const QString& f = fields.out;
    QVERIFY2(
        f.contains(QLatin1String("\nPackage: opsdeck\n")) || f.startsWith(QLatin1String("Package: opsdeck\n")),
        qPrintable(f));
    QVERIFY2(f.contains(QLatin1String("\nVersion: " OPSDECK_PACKAGE_VERSION "\n")), qPrintable(f));
    QVERIFY2(f.contains(QLatin1String("\nSection: admin\n")), qPrintable(f));

    const QString depends = f.section(QLatin1String("\nDepends: "), 1).section(QLatin1Char('\n'), 0, 0);
    QVERIFY2(!depends.isEmpty(), qPrintable(f));
    // Computed by dpkg-shlibdeps from the binaries ...
    QVERIFY2(depends.contains(QLatin1String("libqt6widgets6")), qPrintable(depends));
    QVERIFY2(depends.contains(QLatin1String("libqt6core6")), qPrintable(depends));
    // ... plus the plugins Qt loads at run time, which it cannot see.
    QVERIFY2(depends.contains(QLatin1String("libqt6svg6")), qPrintable(depends));
    QVERIFY2(depends.contains(QLatin1String("libqt6sql6-sqlite")), qPrintable(depends));
}

void TestInstaller::tarballFileList()
{
    const Run list = run(QStringLiteral("tar"), { QStringLiteral("-tvzf"), m_tarball });
    QVERIFY2(list.exitCode == 0, qPrintable(describe(list)));
    // Relocatable layout under one top directory: opsdeck-<version>-Linux/bin/...
    const QStringList files = filesInListing(list.out, 1);
    for (const QString& expected : kPackagedFiles)
        QVERIFY2(
            files.contains(expected), qPrintable(QStringLiteral("%1 missing from\n%2").arg(expected, list.out)));

    // Exactly what the .deb ships, under /usr there.
    const Run deb = run(QStringLiteral("dpkg-deb"), { QStringLiteral("-c"), m_deb });
    QStringList debFiles = filesInListing(deb.out, 0);
    for (QString& path : debFiles)
        path.remove(0, int(qstrlen("usr/")));
    QCOMPARE(files, debFiles);
}

void TestInstaller::desktopEntryValidates()
{
    const QString desktop = m_root + QStringLiteral("/usr/share/applications/org.opsdeck.OpsDeck.desktop");
    QVERIFY(QFile::exists(desktop));
    const Run check = run(QStringLiteral("desktop-file-validate"), { desktop });
    // desktop-file-validate exits 0 on hints too; anything it prints is a finding.
    QVERIFY2(check.exitCode == 0 && check.out.trimmed().isEmpty(), qPrintable(describe(check)));
}

void TestInstaller::metainfoValidates()
{
    const QString metainfo = m_root + QStringLiteral("/usr/share/metainfo/org.opsdeck.OpsDeck.metainfo.xml");
    QVERIFY(QFile::exists(metainfo));
    const Run check = run(
        QStringLiteral("appstreamcli"), { QStringLiteral("validate"), QStringLiteral("--no-net"), metainfo });
    QVERIFY2(check.exitCode == 0, qPrintable(describe(check)));
}

void TestInstaller::agentUnitPointsAtPackagedBinary()
{
    QFile unit(m_root + QStringLiteral("/usr/lib/systemd/system/opsdeck-agent.service"));
    QVERIFY(unit.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(unit.readAll());
    QVERIFY(text.contains(QLatin1String("\nExecStart=/usr/bin/opsdeck-agent ")));
    QVERIFY(QFileInfo(m_root + QStringLiteral("/usr/bin/opsdeck-agent")).isExecutable());
}

void TestInstaller::headlessUnitRunsTheHeadlessEngine()
{
    QFile unit(m_root + QStringLiteral("/usr/lib/systemd/system/opsdeck-headless.service"));
    QVERIFY(unit.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(unit.readAll());
    QVERIFY(text.contains(
        QLatin1String("\nExecStart=/usr/bin/opsdeck --headless --config /etc/opsdeck/headless.yml\n")));
    QVERIFY(text.contains(QLatin1String("\nStateDirectory=opsdeck-headless\n")));
    // systemd's own checker, when it is installed, must accept the unit.
    const QString analyze = QStandardPaths::findExecutable(QStringLiteral("systemd-analyze"));
    if (!analyze.isEmpty()) {
        const Run check = run(analyze, { QStringLiteral("verify"), QStringLiteral("--man=no"), unit.fileName() });
        const QString said = check.out + check.err;
        QVERIFY2(!said.contains(QLatin1String("Unknown key")) && !said.contains(QLatin1String("Unknown section"))
                && !said.contains(QLatin1String("Unknown lvalue")),
            qPrintable(describe(check)));
    }
}

QTEST_GUILESS_MAIN(TestInstaller)
#include "tst_installer.moc"
