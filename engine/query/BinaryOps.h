#pragma once

#include "Ast.h"
#include "Value.h"

// Binary operators with Prometheus 2.42 promql/engine.go semantics:
// vectorElemBinop arithmetic/comparisons (filtering or `bool`), scalar-vector
// operations, one-to-one and many-to-one/one-to-many matching with on/ignoring
// and group_left/group_right (with the many-to-many errors Prometheus gives),
// and/or/unless set operations. The metric name is dropped as Prometheus does.
namespace opsdeck::query {

// Returns {value, keep}.
std::pair<double, bool> vectorElemBinop(BinOp op, double lhs, double rhs);
double scalarBinop(BinOp op, double lhs, double rhs); // comparisons give 0/1 (bool is mandatory there)

Vector vectorScalarBinop(BinOp op, Vector lhs, double scalar, bool swap, bool returnBool);
Vector vectorBinop(BinOp op, const Vector& lhs, const Vector& rhs, const VectorMatching& matching, bool returnBool);
Vector vectorAnd(const Vector& lhs, const Vector& rhs, const VectorMatching& matching);
Vector vectorOr(const Vector& lhs, const Vector& rhs, const VectorMatching& matching);
Vector vectorUnless(const Vector& lhs, const Vector& rhs, const VectorMatching& matching);

} // namespace opsdeck::query
