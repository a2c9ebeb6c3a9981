#pragma once

#include "metrics/LabelMatcher.h"
#include "metrics/Labels.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

// Abstract syntax tree of the PromQL subset, shaped after Prometheus 2.42's
// promql/parser/ast.go. Nodes are immutable once the parser has checked them;
// the evaluator keys its per-query caches on node addresses, so a tree must
// outlive the evaluation that uses it.
namespace opsdeck::query {

enum class ExprType { Scalar, Vector, Matrix, String };
QString exprTypeName(ExprType type); // "scalar", "instant vector", "range vector", "string"

enum class BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Eql,
    Neq,
    Gtr,
    Lss,
    Gte,
    Lte,
    And,
    Or,
    Unless,
};
bool isComparison(BinOp op);
bool isSetOperator(BinOp op);
QString binOpName(BinOp op);

enum class AggOp { Sum, Avg, Min, Max, Count, Stddev, Stdvar, Group, Topk, Bottomk, Quantile, CountValues };
QString aggOpName(AggOp op);

enum class AtKind { None, Timestamp, Start, End };

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

enum class Cardinality { OneToOne, ManyToOne, OneToMany, ManyToMany };

struct VectorMatching
{
    Cardinality card = Cardinality::OneToOne;
    bool on = false; // on(...) given; otherwise ignoring(...) (possibly empty)
    QList<QByteArray> matchingLabels;
    QList<QByteArray> include; // extra labels of group_left/group_right
};

struct Expr
{
    enum class Kind {
        Number,
        String,
        VectorSelector,
        MatrixSelector,
        Subquery,
        Call,
        Aggregate,
        Binary,
        Unary,
        Paren
    };

    Kind kind = Kind::Number;
    int pos = 0; // byte offset of the node's first character in the query text

    // Number
    double number = 0;
    // String
    QByteArray string;

    // VectorSelector (and the selector inside a MatrixSelector); offset and @
    // also belong to a Subquery node (`expr[range:step] offset d @ t`)
    QByteArray metricName;
    QList<metrics::LabelMatcher> matchers; // includes __name__="metricName" when given
    qint64 offsetMs = 0;
    AtKind at = AtKind::None;
    qint64 atMs = 0;
    bool offsetSet = false;
    // MatrixSelector: `lhs` holds the VectorSelector node. Subquery: `lhs` holds
    // the instant-vector expression, stepMs its resolution (0: the default).
    qint64 rangeMs = 0;
    qint64 stepMs = 0;

    // Call
    QString function;
    std::vector<ExprPtr> args;

    // Aggregate
    AggOp aggOp = AggOp::Sum;
    QList<QByteArray> grouping;
    bool without = false;
    ExprPtr param; // topk/bottomk/quantile/count_values

    // Binary / Unary / Paren / Aggregate argument / MatrixSelector's vector selector
    BinOp binOp = BinOp::Add;
    bool returnBool = false;
    std::optional<VectorMatching> matching;
    ExprPtr lhs; // also: Unary/Paren/Aggregate operand, MatrixSelector selector, Subquery expression
    ExprPtr rhs;
    bool negate = false; // Unary: true for '-'

    ExprType type() const;
};

} // namespace opsdeck::query
