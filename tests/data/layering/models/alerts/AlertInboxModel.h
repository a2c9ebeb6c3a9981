#pragma once
#include "alerts/AlertTypes.h" // models -> engine: allowed
