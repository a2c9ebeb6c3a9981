#include "metrics/Labels.h" // collect -> metrics: allowed
