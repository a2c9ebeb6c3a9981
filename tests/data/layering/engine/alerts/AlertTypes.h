#pragma once
#include "query/Ast.h" // feature -> query: allowed
