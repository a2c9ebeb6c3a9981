#include "widgets/Gauge.h" // not an engine header: forbidden
#include "alerts/AlertTypes.h" // optimizer -> feature: allowed
