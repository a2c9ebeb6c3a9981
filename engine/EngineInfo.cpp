#include "EngineInfo.h"

namespace opsdeck {

QString engineVersion()
{
    return QStringLiteral(OPSDECK_VERSION);
}

} // namespace opsdeck
