#pragma once

#include <QString>

// Facts about the engine build, shown by the agent's /api/v1/info and the
// console's About box.
namespace opsdeck {

QString engineVersion();

} // namespace opsdeck
