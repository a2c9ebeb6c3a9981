#pragma once
#include "Clock.h" // engine root base: allowed
