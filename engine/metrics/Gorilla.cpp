#include "Gorilla.h"
