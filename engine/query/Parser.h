#pragma once

#include "Ast.h"

#include <QString>

// Recursive-descent parser for the PromQL subset with Prometheus 2.42 operator
// precedence (^ right-associative, then * / %, + -, comparisons, and/unless,
// or; unary minus binds like *), and the type checks of
// promql/parser/parse.go checkAST. Errors read "L:C: parse error: ...".
// Never throws and never crashes on any input.
namespace opsdeck::query {

struct FunctionSignature
{
    QString name;
    QList<ExprType> argTypes;
    int minArgs = 0; // fewer than argTypes.size() when trailing args are optional
    ExprType returnType = ExprType::Vector;
    bool variadic = false; // the last argument type repeats any number of times (label_join)
};
const FunctionSignature* findFunction(const QString& name);

struct ParseResult
{
    ExprPtr expr; // null on error
    QString error; // "1:14: parse error: ..."
};

class Parser
{
public:
    static ParseResult parse(const QString& query);
};

} // namespace opsdeck::query
