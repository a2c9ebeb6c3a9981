#include "ExpositionParser.h"
