#pragma once
#include "metrics/Labels.h" // query -> metrics: allowed
