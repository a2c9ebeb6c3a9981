#include "ExpositionEncoder.h"
