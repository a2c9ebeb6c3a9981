#include "Engine.h"
#include "alerts/AlertTypes.h"
#include "optimizer/Plan.h"
#include "storage/Database.h"
