#include "Parser.h"

#include "Lexer.h"

#include "metrics/Duration.h"

#include <cmath>
#include <limits>

namespace opsdeck::query {

using T = Token::Type;
using metrics::LabelMatcher;

QString exprTypeName(ExprType type)
{
    switch (type) {
    case ExprType::Scalar:
        return QStringLiteral("scalar");
    case ExprType::Vector:
        return QStringLiteral("instant vector");
    case ExprType::Matrix:
        return QStringLiteral("range vector");
    case ExprType::String:
        return QStringLiteral("string");
    }
    return {};
}

bool isComparison(BinOp op)
{
    return op == BinOp::Eql || op == BinOp::Neq || op == BinOp::Gtr || op == BinOp::Lss || op == BinOp::Gte
        || op == BinOp::Lte;
}

bool isSetOperator(BinOp op)
{
    return op == BinOp::And || op == BinOp::Or || op == BinOp::Unless;
}

QString binOpName(BinOp op)
{
    static const char* names[]
        = { "+", "-", "*", "/", "%", "^", "==", "!=", ">", "<", ">=", "<=", "and", "or", "unless" };
    return QString::fromLatin1(names[int(op)]);
}

QString aggOpName(AggOp op)
{
    static const char* names[] = { "sum", "avg", "min", "max", "count", "stddev", "stdvar", "group", "topk",
        "bottomk", "quantile", "count_values" };
    return QString::fromLatin1(names[int(op)]);
}

ExprType Expr::type() const
{
    switch (kind) {
    case Kind::Number:
        return ExprType::Scalar;
    case Kind::String:
        return ExprType::String;
    case Kind::VectorSelector:
        return ExprType::Vector;
    case Kind::MatrixSelector:
    case Kind::Subquery:
        return ExprType::Matrix;
    case Kind::Call: {
        const FunctionSignature* f = findFunction(function);
        return f ? f->returnType : ExprType::Vector;
    }
    case Kind::Aggregate:
        return ExprType::Vector;
    case Kind::Binary:
        return lhs->type() == ExprType::Scalar && rhs->type() == ExprType::Scalar ? ExprType::Scalar
                                                                                  : ExprType::Vector;
    case Kind::Unary:
    case Kind::Paren:
        return lhs->type();
    }
    return ExprType::Vector;
}

const FunctionSignature* findFunction(const QString& name)
{
    using E = ExprType;
    static const QList<FunctionSignature> functions = [] {
        QList<FunctionSignature> f;
        auto add = [&f](const char* n, QList<E> args, int minArgs, E ret) {
            f.append({ QString::fromLatin1(n), std::move(args), minArgs, ret });
        };
        for (const char* n :
            { "rate", "irate", "increase", "delta", "idelta", "deriv", "changes", "resets", "avg_over_time",
                "min_over_time", "max_over_time", "sum_over_time", "count_over_time", "stddev_over_time",
                "stdvar_over_time", "last_over_time", "present_over_time", "absent_over_time" })
            add(n, { E::Matrix }, 1, E::Vector);
        add("quantile_over_time", { E::Scalar, E::Matrix }, 2, E::Vector);
        add("predict_linear", { E::Matrix, E::Scalar }, 2, E::Vector);
        add("histogram_quantile", { E::Scalar, E::Vector }, 2, E::Vector);
        for (const char* n : { "abs", "ceil", "floor", "exp", "sqrt", "ln", "log2", "log10", "sgn", "timestamp",
                 "absent", "sort", "sort_desc" })
            add(n, { E::Vector }, 1, E::Vector);
        add("round", { E::Vector, E::Scalar }, 1, E::Vector);
        add("clamp", { E::Vector, E::Scalar, E::Scalar }, 3, E::Vector);
        add("clamp_min", { E::Vector, E::Scalar }, 2, E::Vector);
        add("clamp_max", { E::Vector, E::Scalar }, 2, E::Vector);
        add("time", {}, 0, E::Scalar);
        add("vector", { E::Scalar }, 1, E::Vector);
        add("scalar", { E::Vector }, 1, E::Scalar);
        add("label_replace", { E::Vector, E::String, E::String, E::String, E::String }, 5, E::Vector);
        add("label_join", { E::Vector, E::String, E::String, E::String }, 3, E::Vector);
        f.last().variadic = true;
        return f;
    }();
    for (const FunctionSignature& f : functions)
        if (f.name == name)
            return &f;
    return nullptr;
}

namespace {

struct ParseError
{
    int pos;
    QString message;
};

bool isLabelName(const QByteArray& s)
{
    if (s.isEmpty() || (s[0] >= '0' && s[0] <= '9'))
        return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    return true;
}

std::optional<AggOp> aggOpFromName(const QByteArray& lower)
{
    static const QList<QByteArray> names = { "sum", "avg", "min", "max", "count", "stddev", "stdvar", "group",
        "topk", "bottomk", "quantile", "count_values" };
    const qsizetype i = names.indexOf(lower);
    if (i < 0)
        return std::nullopt;
    return AggOp(i);
}

bool isKeyword(const QByteArray& lower)
{
    static const QList<QByteArray> kw = { "and", "or", "unless", "atan2", "by", "without", "on", "ignoring",
        "group_left", "group_right", "bool", "offset" };
    return kw.contains(lower) || aggOpFromName(lower).has_value();
}

class ParserImpl
{
public:
    explicit ParserImpl(QList<Token> tokens)
        : m_tokens(std::move(tokens))
    { }

    ExprPtr parseTop()
    {
        if (peek().type == T::End)
            throw ParseError { 0, QStringLiteral("no expression found in input") };
        ExprPtr e = parseExpr(1);
        if (peek().type != T::End)
            unexpected(QString(), QString());
        return e;
    }

private:
    const Token& peek(int ahead = 0) const
    {
        const qsizetype i = std::min<qsizetype>(m_i + ahead, m_tokens.size() - 1);
        return m_tokens[i];
    }
    const Token& next() { return m_tokens[std::min<qsizetype>(m_i++, m_tokens.size() - 1)]; }
    static QByteArray lower(const Token& t) { return t.type == T::Ident ? t.text.toLower() : QByteArray(); }
    bool peekKeyword(const char* kw, int ahead = 0) const { return lower(peek(ahead)) == kw; }

    [[noreturn]] void unexpected(const QString& context, const QString& expected)
    {
        const Token& t = peek();
        QString msg = QStringLiteral("unexpected ") + tokenDescription(t);
        if (!context.isEmpty())
            msg += QStringLiteral(" in ") + context;
        if (!expected.isEmpty())
            msg += QStringLiteral(", expected ") + expected;
        throw ParseError { t.pos, msg };
    }
    const Token& expect(T type, const QString& context, const QString& expected)
    {
        if (peek().type != type)
            unexpected(context, expected);
        return next();
    }

    struct DepthGuard
    {
        explicit DepthGuard(ParserImpl* p, int pos)
            : m_p(p)
        {
            if (++m_p->m_depth > 256)
                throw ParseError { pos, QStringLiteral("expression nesting too deep") };
        }
        ~DepthGuard() { --m_p->m_depth; }
        ParserImpl* m_p;
    };

    static int precedence(BinOp op)
    {
        switch (op) {
        case BinOp::Or:
            return 1;
        case BinOp::And:
        case BinOp::Unless:
            return 2;
        case BinOp::Eql:
        case BinOp::Neq:
        case BinOp::Gtr:
        case BinOp::Lss:
        case BinOp::Gte:
        case BinOp::Lte:
            return 3;
        case BinOp::Add:
        case BinOp::Sub:
            return 4;
        case BinOp::Mul:
        case BinOp::Div:
        case BinOp::Mod:
            return 5;
        case BinOp::Pow:
            return 6;
        }
        return 0;
    }

    std::optional<BinOp> peekBinOp() const
    {
        const Token& t = peek();
        switch (t.type) {
        case T::Add:
            return BinOp::Add;
        case T::Sub:
            return BinOp::Sub;
        case T::Mul:
            return BinOp::Mul;
        case T::Div:
            return BinOp::Div;
        case T::Mod:
            return BinOp::Mod;
        case T::Pow:
            return BinOp::Pow;
        case T::Eql:
            return BinOp::Eql;
        case T::Neq:
            return BinOp::Neq;
        case T::Gtr:
            return BinOp::Gtr;
        case T::Lss:
            return BinOp::Lss;
        case T::Gte:
            return BinOp::Gte;
        case T::Lte:
            return BinOp::Lte;
        case T::Ident: {
            const QByteArray l = lower(t);
            if (l == "and")
                return BinOp::And;
            if (l == "or")
                return BinOp::Or;
            if (l == "unless")
                return BinOp::Unless;
            if (l == "atan2")
                throw ParseError { t.pos, QStringLiteral("operator \"atan2\" is not supported") };
            return std::nullopt;
        }
        default:
            return std::nullopt;
        }
    }

    ExprPtr parseExpr(int minPrec)
    {
        DepthGuard guard(this, peek().pos);
        ExprPtr lhs = parseUnary();
        while (true) {
            const std::optional<BinOp> op = peekBinOp();
            if (!op || precedence(*op) < minPrec)
                break;
            const Token opTok = next();
            auto bin = std::make_unique<Expr>();
            bin->kind = Expr::Kind::Binary;
            bin->pos = lhs->pos;
            bin->binOp = *op;
            VectorMatching matching;
            bool matchingGiven = false;
            if (peekKeyword("bool")) {
                next();
                bin->returnBool = true;
            }
            if (peekKeyword("on") || peekKeyword("ignoring")) {
                matching.on = peekKeyword("on");
                next();
                matching.matchingLabels = parseLabelList(QStringLiteral("grouping opts"));
                matchingGiven = true;
                if (peekKeyword("group_left") || peekKeyword("group_right")) {
                    matching.card = peekKeyword("group_left") ? Cardinality::ManyToOne : Cardinality::OneToMany;
                    next();
                    if (peek().type == T::LParen)
                        matching.include = parseLabelList(QStringLiteral("grouping opts"));
                }
            } else if (peekKeyword("group_left") || peekKeyword("group_right")) {
                unexpected(
                    QStringLiteral("binary expression"), QStringLiteral("\"on\" or \"ignoring\" before it"));
            }
            const int nextMin = *op == BinOp::Pow ? precedence(*op) : precedence(*op) + 1;
            bin->lhs = std::move(lhs);
            bin->rhs = parseExpr(nextMin);
            if (++m_binaryCount > 2000)
                throw ParseError { opTok.pos, QStringLiteral("too many binary operators in one expression") };
            checkBinary(*bin, opTok.pos, matching, matchingGiven);
            lhs = std::move(bin);
        }
        return lhs;
    }

    void checkBinary(Expr& n, int opPos, VectorMatching matching, bool matchingGiven)
    {
        const ExprType lt = n.lhs->type();
        const ExprType rt = n.rhs->type();
        const QString opName = binOpName(n.binOp);
        if (n.returnBool && !isComparison(n.binOp))
            throw ParseError { opPos, QStringLiteral("bool modifier can only be used on comparison operators") };
        if (isComparison(n.binOp) && !n.returnBool && lt == ExprType::Scalar && rt == ExprType::Scalar)
            throw ParseError { opPos, QStringLiteral("comparisons between scalars must use BOOL modifier") };
        if (isSetOperator(n.binOp) && matching.card == Cardinality::OneToOne)
            matching.card = Cardinality::ManyToMany;
        if (matching.on)
            for (const QByteArray& l1 : matching.matchingLabels)
                if (matching.include.contains(l1))
                    throw ParseError { opPos,
                        QStringLiteral("label \"%1\" must not occur in ON and GROUP clause at once")
                            .arg(QString::fromUtf8(l1)) };
        if (lt != ExprType::Scalar && lt != ExprType::Vector)
            throw ParseError { n.lhs->pos,
                QStringLiteral("binary expression must contain only scalar and instant vector types") };
        if (rt != ExprType::Scalar && rt != ExprType::Vector)
            throw ParseError { n.rhs->pos,
                QStringLiteral("binary expression must contain only scalar and instant vector types") };
        if (lt != ExprType::Vector || rt != ExprType::Vector) {
            if (matchingGiven && (!matching.matchingLabels.isEmpty() || matching.card != Cardinality::OneToOne)
                && (!matching.matchingLabels.isEmpty() || !isSetOperator(n.binOp)))
                throw ParseError { n.pos, QStringLiteral("vector matching only allowed between instant vectors") };
            if (isSetOperator(n.binOp))
                throw ParseError { n.pos,
                    QStringLiteral("set operator \"%1\" not allowed in binary scalar expression").arg(opName) };
            n.matching.reset();
            return;
        }
        if (isSetOperator(n.binOp)) {
            if (matching.card == Cardinality::OneToMany || matching.card == Cardinality::ManyToOne)
                throw ParseError { n.pos, QStringLiteral("no grouping allowed for \"%1\" operation").arg(opName) };
        }
        n.matching = matching;
    }

    ExprPtr parseUnary()
    {
        const Token& t = peek();
        if (t.type == T::Sub || t.type == T::Add) {
            const Token opTok = next();
            ExprPtr operand = parseExpr(6);
            if (operand->kind == Expr::Kind::Number) {
                if (opTok.type == T::Sub)
                    operand->number = -operand->number;
                operand->pos = opTok.pos;
                return operand;
            }
            const ExprType type = operand->type();
            if (type != ExprType::Scalar && type != ExprType::Vector)
                throw ParseError { opTok.pos,
                    QStringLiteral(
                        "unary expression only allowed on expressions of type scalar or instant vector") };
            if (opTok.type == T::Add)
                return operand;
            auto u = std::make_unique<Expr>();
            u->kind = Expr::Kind::Unary;
            u->pos = opTok.pos;
            u->negate = true;
            u->lhs = std::move(operand);
            return u;
        }
        return parsePostfix(parsePrimary());
    }

    QList<QByteArray> parseLabelList(const QString& context)
    {
        expect(T::LParen, context, QStringLiteral("\"(\""));
        QList<QByteArray> labels;
        while (peek().type != T::RParen) {
            const Token& t = peek();
            if (t.type != T::Ident || !isLabelName(t.text))
                unexpected(context, QStringLiteral("label"));
            labels.append(next().text);
            if (peek().type == T::Comma)
                next();
            else if (peek().type != T::RParen)
                unexpected(context, QStringLiteral("\",\" or \")\""));
        }
        next();
        return labels;
    }

    ExprPtr parsePrimary()
    {
        const Token& t = peek();
        switch (t.type) {
        case T::Number: {
            auto e = std::make_unique<Expr>();
            e->kind = Expr::Kind::Number;
            e->pos = t.pos;
            e->number = next().number;
            return e;
        }
        case T::String: {
            auto e = std::make_unique<Expr>();
            e->kind = Expr::Kind::String;
            e->pos = t.pos;
            e->string = next().text;
            return e;
        }
        case T::LParen: {
            auto e = std::make_unique<Expr>();
            e->kind = Expr::Kind::Paren;
            e->pos = next().pos;
            e->lhs = parseExpr(1);
            expect(T::RParen, QStringLiteral("paren expression"), QStringLiteral("\")\""));
            return e;
        }
        case T::LBrace:
            return parseSelector(QByteArray(), t.pos);
        case T::Ident: {
            const QByteArray l = lower(t);
            if (l == "inf" || l == "nan") {
                auto e = std::make_unique<Expr>();
                e->kind = Expr::Kind::Number;
                e->pos = next().pos;
                e->number = l == "inf" ? std::numeric_limits<double>::infinity()
                                       : std::numeric_limits<double>::quiet_NaN();
                return e;
            }
            if (const std::optional<AggOp> agg = aggOpFromName(l))
                return parseAggregate(*agg);
            if (isKeyword(l))
                unexpected(QString(), QString());
            if (peek(1).type == T::LParen)
                return parseCall();
            const Token& name = next();
            return parseSelector(name.text, name.pos);
        }
        default:
            unexpected(QString(), QStringLiteral("expression"));
        }
    }

    ExprPtr parseSelector(const QByteArray& name, int pos)
    {
        auto e = std::make_unique<Expr>();
        e->kind = Expr::Kind::VectorSelector;
        e->pos = pos;
        e->metricName = name;
        if (peek().type == T::LBrace) {
            next();
            const QString ctx = QStringLiteral("label matching");
            while (peek().type != T::RBrace) {
                const Token& ln = peek();
                if (ln.type != T::Ident || !isLabelName(ln.text))
                    unexpected(ctx, QStringLiteral("label matching operator"));
                const QByteArray labelName = next().text;
                const Token& opTok = peek();
                LabelMatcher::Type type;
                switch (opTok.type) {
                case T::Assign:
                    type = LabelMatcher::Type::Equal;
                    break;
                case T::Neq:
                    type = LabelMatcher::Type::NotEqual;
                    break;
                case T::RegexMatch:
                    type = LabelMatcher::Type::Regex;
                    break;
                case T::RegexNoMatch:
                    type = LabelMatcher::Type::NotRegex;
                    break;
                default:
                    unexpected(ctx, QStringLiteral("label matching operator"));
                }
                next();
                const Token& value = expect(T::String, ctx, QStringLiteral("string"));
                LabelMatcher m(type, labelName, value.text);
                if (!m.isValid())
                    throw ParseError { value.pos,
                        QStringLiteral("invalid regular expression \"%1\": %2")
                            .arg(QString::fromUtf8(value.text), m.errorString()) };
                if (labelName == metrics::kMetricNameLabel && !name.isEmpty())
                    throw ParseError { ln.pos,
                        QStringLiteral("metric name must not be set twice: \"%1\" or \"%2\"")
                            .arg(QString::fromUtf8(name), QString::fromUtf8(value.text)) };
                e->matchers.append(m);
                if (peek().type == T::Comma)
                    next();
                else if (peek().type != T::RBrace)
                    unexpected(ctx, QStringLiteral("\",\" or \"}\""));
            }
            next();
        }
        if (!name.isEmpty())
            e->matchers.prepend(
                LabelMatcher(LabelMatcher::Type::Equal, metrics::kMetricNameLabel.toByteArray(), name));
        bool nonEmpty = false;
        for (const LabelMatcher& m : e->matchers)
            nonEmpty = nonEmpty || !m.matchesEmpty();
        if (!nonEmpty)
            throw ParseError { pos,
                QStringLiteral("vector selector must contain at least one non-empty matcher") };
        return e;
    }

    ExprPtr parsePostfix(ExprPtr e)
    {
        while (true) {
            const Token& t = peek();
            if (t.type == T::LBracket) {
                e = parseRangeOrSubquery(std::move(e));
                continue;
            }
            Expr* vs = e->kind == Expr::Kind::MatrixSelector                               ? e->lhs.get()
                : e->kind == Expr::Kind::VectorSelector || e->kind == Expr::Kind::Subquery ? e.get()
                                                                                           : nullptr;
            if (peekKeyword("offset")) {
                const Token kw = next();
                if (!vs)
                    throw ParseError { kw.pos,
                        QStringLiteral("offset modifier must be preceded by an instant vector "
                                       "selector or range vector selector or a subquery") };
                if (vs->offsetSet)
                    throw ParseError { kw.pos, QStringLiteral("offset may not be set multiple times") };
                bool neg = false;
                if (peek().type == T::Sub || peek().type == T::Add) {
                    neg = peek().type == T::Sub;
                    next();
                }
                const Token& d = peek();
                if (d.type != T::Duration)
                    unexpected(QStringLiteral("offset"), QStringLiteral("duration"));
                next();
                if (d.durationMs <= 0)
                    throw ParseError { d.pos, QStringLiteral("duration must be greater than 0") };
                vs->offsetMs = neg ? -d.durationMs : d.durationMs;
                vs->offsetSet = true;
                continue;
            }
            if (t.type == T::At) {
                const Token at = next();
                if (!vs)
                    throw ParseError { at.pos,
                        QStringLiteral("@ modifier must be preceded by an instant vector "
                                       "selector or range vector selector or a subquery") };
                if (vs->at != AtKind::None)
                    throw ParseError { at.pos, QStringLiteral("@ <timestamp> may not be set multiple times") };
                if (peekKeyword("start") || peekKeyword("end")) {
                    vs->at = peekKeyword("start") ? AtKind::Start : AtKind::End;
                    next();
                    expect(T::LParen, QStringLiteral("@ modifier"), QStringLiteral("\"(\""));
                    expect(T::RParen, QStringLiteral("@ modifier"), QStringLiteral("\")\""));
                    continue;
                }
                double sign = 1;
                if (peek().type == T::Sub || peek().type == T::Add) {
                    sign = peek().type == T::Sub ? -1 : 1;
                    next();
                }
                double v = 0;
                const Token& n = peek();
                if (n.type == T::Number) {
                    v = n.number;
                } else if (n.type == T::Ident && (lower(n) == "inf" || lower(n) == "nan")) {
                    v = std::numeric_limits<double>::infinity();
                } else {
                    unexpected(QStringLiteral("@"), QStringLiteral("timestamp"));
                }
                next();
                v *= sign;
                const double ms = std::round(v * 1000.0);
                if (!std::isfinite(v) || ms > 9.2e18 || ms < -9.2e18)
                    throw ParseError { n.pos,
                        QStringLiteral("timestamp out of bounds for @ modifier: %1").arg(v) };
                vs->at = AtKind::Timestamp;
                vs->atMs = qint64(ms);
                continue;
            }
            return e;
        }
    }

    // `selector[range]`, or a subquery `expr[range:step]` / `expr[range:]`
    // (promql/parser/generated_parser.y subquery_expr). The lexer reads ":1m"
    // and ":" as identifiers (metric names may contain colons).
    ExprPtr parseRangeOrSubquery(ExprPtr e)
    {
        const Token open = next();
        const Token& d = peek();
        if (d.type != T::Duration) {
            if (e->kind != Expr::Kind::VectorSelector)
                throw ParseError { open.pos, QStringLiteral("ranges only allowed for vector selectors") };
            unexpected(QStringLiteral("range selector"), QStringLiteral("duration"));
        }
        const Token rangeTok = next();
        if (rangeTok.durationMs <= 0)
            throw ParseError { rangeTok.pos, QStringLiteral("duration must be greater than 0") };
        const Token& colon = peek();
        const bool subquery = colon.type == T::Colon || (colon.type == T::Ident && colon.text.startsWith(':'));
        if (!subquery) {
            if (e->kind != Expr::Kind::VectorSelector)
                throw ParseError { open.pos, QStringLiteral("ranges only allowed for vector selectors") };
            if (e->offsetSet || e->at != AtKind::None)
                throw ParseError { open.pos, QStringLiteral("no offset or @ modifiers allowed before range") };
            expect(T::RBracket, QStringLiteral("range selector"), QStringLiteral("\"]\""));
            auto m = std::make_unique<Expr>();
            m->kind = Expr::Kind::MatrixSelector;
            m->pos = e->pos;
            m->rangeMs = rangeTok.durationMs;
            m->lhs = std::move(e);
            return m;
        }
        const Token colonTok = next();
        qint64 stepMs = 0;
        const QByteArray inlineStep = colonTok.type == T::Ident ? colonTok.text.mid(1) : QByteArray();
        if (!inlineStep.isEmpty()) {
            const std::optional<qint64> ms = metrics::parseDuration(QString::fromLatin1(inlineStep));
            if (!ms)
                throw ParseError { colonTok.pos + 1,
                    QStringLiteral("bad duration syntax: \"%1\"").arg(QString::fromLatin1(inlineStep)) };
            stepMs = *ms;
        } else if (peek().type == T::Duration) {
            stepMs = next().durationMs;
        }
        expect(T::RBracket, QStringLiteral("subquery selector"), QStringLiteral("\"]\""));
        const ExprType inner = e->type();
        if (inner != ExprType::Vector) {
            const char* typeName = inner == ExprType::Matrix ? "matrix"
                : inner == ExprType::Scalar                  ? "scalar"
                                                             : "string";
            throw ParseError { e->pos,
                QStringLiteral("subquery is only allowed on instant vector, got %1 instead")
                    .arg(QLatin1String(typeName)) };
        }
        auto sq = std::make_unique<Expr>();
        sq->kind = Expr::Kind::Subquery;
        sq->pos = e->pos;
        sq->rangeMs = rangeTok.durationMs;
        sq->stepMs = stepMs;
        sq->lhs = std::move(e);
        return sq;
    }

    ExprPtr parseCall()
    {
        const Token nameTok = next();
        const QString name = QString::fromUtf8(nameTok.text);
        const FunctionSignature* f = findFunction(name);
        if (!f)
            throw ParseError { nameTok.pos, QStringLiteral("unknown function with name \"%1\"").arg(name) };
        auto e = std::make_unique<Expr>();
        e->kind = Expr::Kind::Call;
        e->pos = nameTok.pos;
        e->function = name;
        expect(T::LParen, QStringLiteral("function call"), QStringLiteral("\"(\""));
        while (peek().type != T::RParen) {
            e->args.push_back(parseExpr(1));
            if (peek().type == T::Comma)
                next();
            else if (peek().type != T::RParen)
                unexpected(QStringLiteral("argument list"), QStringLiteral("\",\" or \")\""));
        }
        next();
        const int n = int(e->args.size());
        const int maxArgs = f->variadic ? std::numeric_limits<int>::max() : int(f->argTypes.size());
        if (f->minArgs == maxArgs && n != maxArgs)
            throw ParseError {
                nameTok.pos,
                QStringLiteral("expected %1 argument(s) in call to \"%2\", got %3").arg(maxArgs).arg(name).arg(n)
            };
        if (n < f->minArgs)
            throw ParseError { nameTok.pos,
                QStringLiteral("expected at least %1 argument(s) in call to \"%2\", got %3")
                    .arg(f->minArgs)
                    .arg(name)
                    .arg(n) };
        if (n > maxArgs)
            throw ParseError { nameTok.pos,
                QStringLiteral("expected at most %1 argument(s) in call to \"%2\", got %3")
                    .arg(maxArgs)
                    .arg(name)
                    .arg(n) };
        for (int i = 0; i < n; ++i)
            expectType(*e->args[size_t(i)], f->argTypes[std::min<int>(i, int(f->argTypes.size()) - 1)],
                QStringLiteral("call to function \"%1\"").arg(name));
        return e;
    }

    static void expectType(const Expr& e, ExprType want, const QString& context)
    {
        const ExprType got = e.type();
        if (got != want)
            throw ParseError { e.pos,
                QStringLiteral("expected type %1 in %2, got %3")
                    .arg(exprTypeName(want), context, exprTypeName(got)) };
    }

    ExprPtr parseAggregate(AggOp op)
    {
        const Token opTok = next();
        auto e = std::make_unique<Expr>();
        e->kind = Expr::Kind::Aggregate;
        e->pos = opTok.pos;
        e->aggOp = op;
        bool groupingGiven = false;
        auto parseGrouping = [&] {
            e->without = peekKeyword("without");
            next();
            e->grouping = parseLabelList(QStringLiteral("grouping opts"));
            groupingGiven = true;
        };
        if (peekKeyword("by") || peekKeyword("without"))
            parseGrouping();
        expect(T::LParen, QStringLiteral("aggregation"), QStringLiteral("\"(\""));
        std::vector<ExprPtr> args;
        while (peek().type != T::RParen) {
            args.push_back(parseExpr(1));
            if (peek().type == T::Comma)
                next();
            else if (peek().type != T::RParen)
                unexpected(QStringLiteral("aggregation"), QStringLiteral("\",\" or \")\""));
        }
        next();
        if (peekKeyword("by") || peekKeyword("without")) {
            if (groupingGiven)
                unexpected(QStringLiteral("aggregation"), QString());
            parseGrouping();
        }
        const bool hasParam
            = op == AggOp::Topk || op == AggOp::Bottomk || op == AggOp::Quantile || op == AggOp::CountValues;
        const size_t want = hasParam ? 2 : 1;
        if (args.size() != want)
            throw ParseError { opTok.pos,
                QStringLiteral("wrong number of arguments for aggregate expression "
                               "provided, expected %1, got %2")
                    .arg(want)
                    .arg(args.size()) };
        if (hasParam) {
            e->param = std::move(args[0]);
            e->lhs = std::move(args[1]);
            expectType(*e->param, op == AggOp::CountValues ? ExprType::String : ExprType::Scalar,
                QStringLiteral("aggregation parameter"));
        } else {
            e->lhs = std::move(args[0]);
        }
        expectType(*e->lhs, ExprType::Vector, QStringLiteral("aggregation expression"));
        return e;
    }

    QList<Token> m_tokens;
    qsizetype m_i = 0;
    int m_depth = 0;
    int m_binaryCount = 0;
};

QString formatError(const QByteArray& query, int pos, const QString& message)
{
    int line = 1;
    int lastBreak = -1;
    pos = std::clamp(pos, 0, int(query.size()));
    for (int i = 0; i < pos; ++i) {
        if (query[i] == '\n') {
            ++line;
            lastBreak = i;
        }
    }
    return QStringLiteral("%1:%2: parse error: %3").arg(line).arg(pos - lastBreak).arg(message);
}

} // namespace

ParseResult Parser::parse(const QString& query)
{
    const QByteArray utf8 = query.toUtf8();
    ParseResult result;
    Lexer lexer(utf8);
    if (!lexer.run()) {
        result.error = formatError(utf8, lexer.errorPos(), lexer.error());
        return result;
    }
    try {
        ParserImpl p(lexer.tokens());
        result.expr = p.parseTop();
    } catch (const ParseError& e) {
        result.expr.reset();
        result.error = formatError(utf8, e.pos, e.message);
    }
    return result;
}

} // namespace opsdeck::query
