#pragma once
#include "Clock.h"
