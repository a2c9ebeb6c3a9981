#include "SeriesStore.h"
