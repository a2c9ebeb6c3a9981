#pragma once
#include "storage/Database.h" // same folder: allowed
#include "alerts/AlertTypes.h" // storage -> feature: forbidden
