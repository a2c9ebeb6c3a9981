#include "alerts/AlertTypes.h" // same folder: allowed
#include "capacity/Rollup.h" // feature -> feature: forbidden
#include "storage/Database.h" // feature -> storage: allowed
