#pragma once
#include "metrics/Labels.h" // storage -> metrics: allowed
