#pragma once

#include <QByteArray>
#include <QString>

// Test fixture: Prometheus's own `promtool` (Debian package prometheus) as a
// checker for what OpsDeck writes. Each call runs it once, bounded.
namespace opsdeck::testsupport {

struct PromtoolRun
{
    int exitCode = -1; // -1: did not start or finish
    QByteArray output; // stdout and stderr, or why it did not run
};

// promtool from PATH; empty when not installed.
QString promtoolPath();
// `promtool check metrics` with the exposition on stdin: 0 clean, 3 lint remarks only, 1 format error.
PromtoolRun promtoolCheckMetrics(const QString& promtool, const QByteArray& exposition);
// `promtool check rules FILE`.
PromtoolRun promtoolCheckRules(const QString& promtool, const QString& ruleFile);

} // namespace opsdeck::testsupport
