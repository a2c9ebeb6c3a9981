#pragma once

#include "capacity/CapacityPlanner.h"

#include <QByteArray>

// The capacity plan as CSV (RFC 4180, CRLF records, UTF-8): one row per
// item in the order of capacity::resourceOrder, numbers in the C locale,
// times in ISO 8601 UTC. The status column holds capacity::statusName's
// machine words ("red", "amber", ...), not the translated page words: a CSV
// column is read by scripts and must not change with the operator's language.
// QtCore only; the report library writes the file.
namespace opsdeck::capacity {

QByteArray capacityCsv(const CapacityPlan& plan);

} // namespace opsdeck::capacity
