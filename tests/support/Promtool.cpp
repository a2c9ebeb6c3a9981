#include "Promtool.h"

#include <QProcess>
#include <QStandardPaths>

namespace opsdeck::testsupport {

namespace {

PromtoolRun finish(QProcess& p)
{
    if (!p.waitForFinished(60'000) || p.exitStatus() != QProcess::NormalExit)
        return { -1, "promtool did not finish: " + p.errorString().toUtf8() };
    return { p.exitCode(), p.readAllStandardOutput() + p.readAllStandardError() };
}

} // namespace

QString promtoolPath()
{
    return QStandardPaths::findExecutable(QStringLiteral("promtool"));
}

PromtoolRun promtoolCheckMetrics(const QString& promtool, const QByteArray& exposition)
{
    QProcess p;
    p.start(promtool, { QStringLiteral("check"), QStringLiteral("metrics") });
    if (!p.waitForStarted(10'000))
        return { -1, "promtool did not start: " + p.errorString().toUtf8() };
    p.write(exposition);
    p.closeWriteChannel();
    return finish(p);
}

PromtoolRun promtoolCheckRules(const QString& promtool, const QString& ruleFile)
{
    QProcess p;
    p.start(promtool, { QStringLiteral("check"), QStringLiteral("rules"), ruleFile });
    return finish(p);
}

} // namespace opsdeck::testsupport
