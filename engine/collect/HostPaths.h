#pragma once

#include <QString>

// Where the host collectors read from. Defaults are the live system; tests
// point them at recorded fixtures under tests/data/proc/.
namespace opsdeck::collect {

struct HostPaths
{
    QString procRoot = QStringLiteral("/proc");
    QString sysRoot = QStringLiteral("/sys");
    // Mount table for the filesystem collector; empty means procRoot + "/self/mounts",
    // falling back to procRoot + "/mounts".
    QString mountsFile;
};

} // namespace opsdeck::collect
