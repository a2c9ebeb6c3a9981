#pragma once

#include "profiler/ProfilerTypes.h"
#include "style/SeverityPalette.h"

#include <QString>

// The Profiler page's words for the profiler's values: severity words (never
// colour alone), resource names as the operator reads them ("disk sda"), and the
// one figure a host tile shows for its worst resource. Shared by the models and
// the page so a tile, a table row and the verdict line say the same thing.
namespace opsdeck::models::profiler {

QString severityWord(opsdeck::profiler::Severity severity); // "critical", "warning", "ok" (translated)
SeverityPalette::Tone toneOf(opsdeck::profiler::Severity severity);
QString resourceLabel(const QString& resource); // "disk:sda" -> "disk sda", "cpu" -> "CPU"
// "CPU 97%", "disk sda 88% · await 41 ms", "first byte 420 ms"; for an ok host its busiest of CPU and memory.
QString resourceFigure(const opsdeck::profiler::HostProfile& host, const QString& resource);
QString percent(double value);
QString milliseconds(double ms);
QString bytes(double value);
QString bytesPerSecond(double value);
QString number(double value);

} // namespace opsdeck::models::profiler
