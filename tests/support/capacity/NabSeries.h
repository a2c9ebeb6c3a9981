#pragma once

#include "capacity/CapacityTypes.h"

#include <QString>

// Test fixture: one NAB series (../shared/data/nab/*.csv: a header line, then
// "yyyy-MM-dd HH:mm:ss,value" in UTC at a fixed step) as a capacity::Series;
// the step is taken from the first two rows. Empty values when the file
// cannot be read.
namespace opsdeck::testsupport {

capacity::Series loadNabSeries(const QString& path);

} // namespace opsdeck::testsupport
