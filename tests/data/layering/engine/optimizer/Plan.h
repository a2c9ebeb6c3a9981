#pragma once
#include "capacity/Rollup.h" // optimizer -> feature: allowed
