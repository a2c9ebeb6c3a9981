#pragma once
#include "Labels.h" // same folder: allowed
#include "Clock.h" // engine root base: allowed
#include "query/Ast.h" // level 0 -> level 1: forbidden
#include "storage/Database.h" // metrics -> storage: forbidden
