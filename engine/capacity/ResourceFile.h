#pragma once

#include "capacity/CapacityPlanner.h"

#include <QList>
#include <QString>
#include <QStringList>

// The capacity resources an operator adjusts or adds, from a YAML file:
//
//   resources:
//     - kind: requests            # a default kind (cpu, memory, filesystem,
//       capacity: 800             #   requests): the fields given override it
//       mean_service: 50ms        # Erlang C sizing for a latency target
//       latency_target: 200ms
//       latency_percentile: 0.95
//       cost_per_hour: 0.12
//     - kind: cpu
//       ceiling: 0.75
//       lead_time: 60d
//     - name: Disk queue          # kind custom (or omitted): a new resource
//       usage: 'avg by (instance) (rate(node_disk_io_time_seconds_total[$range]))'
//       capacity: 1
//       unit: ''
//
// Fields: name, kind, usage, capacity_query, capacity (a number), unit,
// ceiling (fraction, or a percentage such as 85%), safety_factor, lead_time
// (duration or days), cost_per_hour, mean_service, latency_target,
// latency_percentile. Parsing never throws; every problem names file:line and
// the entry, and entries with problems are left out (the rest applies).
namespace opsdeck::capacity {

struct ResourceFileResult
{
    QList<ResourceDefinition> resources; // defaultResources() with the file applied
    QStringList errors; // "file:12: resource 2: ceiling must be between 0 and 1"
    bool readable = true; // false when the file could not be read or parsed at all
};

ResourceFileResult loadResourceFile(const QString& path);
ResourceFileResult parseResourceText(const QByteArray& yaml, const QString& name = QStringLiteral("<text>"));

} // namespace opsdeck::capacity
