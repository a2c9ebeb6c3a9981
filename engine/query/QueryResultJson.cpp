#include "QueryResultJson.h"

#include "Parser.h"

#include <QRegularExpression>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace opsdeck::query {

namespace {

void appendPoint(QByteArray& out, const metrics::Sample& s)
{
    out += '[';
    out += QueryResultJson::formatTimestamp(s.timestampMs);
    out += ",\"";
    out += QueryResultJson::formatValue(s.value);
    out += "\"]";
}

void appendMetric(QByteArray& out, const metrics::Labels& labels)
{
    out += "\"metric\":";
    out += QueryResultJson::labelsJson(labels);
}

const char* resultTypeName(ValueType type)
{
    switch (type) {
    case ValueType::Scalar:
        return "scalar";
    case ValueType::Vector:
        return "vector";
    case ValueType::Matrix:
        return "matrix";
    case ValueType::String:
        return "string";
    }
    return "vector";
}

} // namespace

QByteArray QueryResultJson::formatValue(double v)
{
    if (std::isnan(v))
        return QByteArrayLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QByteArrayLiteral("+Inf") : QByteArrayLiteral("-Inf");
    const double a = std::fabs(v);
    const bool exponent = a != 0 && (a < 1e-6 || a >= 1e21);
    // std::to_chars without a precision gives the shortest round-trip digits,
    // as Go's precision -1; its exponent has at least two digits, as Go's.
    char buf[400];
    const auto r = std::to_chars(
        buf, buf + sizeof buf, v, exponent ? std::chars_format::scientific : std::chars_format::fixed);
    return QByteArray(buf, r.ptr - buf);
}

QByteArray QueryResultJson::formatTimestamp(qint64 ms)
{
    QByteArray out;
    if (ms < 0) {
        out += '-';
        ms = -ms;
    }
    out += QByteArray::number(ms / 1000);
    const qint64 fraction = ms % 1000;
    if (fraction != 0) {
        out += '.';
        if (fraction < 100)
            out += '0';
        if (fraction < 10)
            out += '0';
        out += QByteArray::number(fraction);
    }
    return out;
}

QByteArray QueryResultJson::quoted(QByteArrayView utf8)
{
    static const char hex[] = "0123456789abcdef";
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out += '"';
    for (const char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (u < 0x20) {
                out += "\\u00";
                out += hex[u >> 4];
                out += hex[u & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

QByteArray QueryResultJson::labelsJson(const metrics::Labels& labels)
{
    QByteArray out = QByteArrayLiteral("{");
    for (const metrics::Label& l : labels) {
        if (out.size() > 1)
            out += ',';
        out += quoted(l.name);
        out += ':';
        out += quoted(l.value);
    }
    out += '}';
    return out;
}

void QueryResultJson::sortByLabels(QList<ResultSeries>& series)
{
    const auto less = [](const ResultSeries& a, const ResultSeries& b) {
        const QList<metrics::Label>& x = a.labels.list();
        const QList<metrics::Label>& y = b.labels.list();
        const qsizetype n = std::min(x.size(), y.size());
        for (qsizetype i = 0; i < n; ++i) {
            if (x[i].name != y[i].name)
                return x[i].name < y[i].name;
            if (x[i].value != y[i].value)
                return x[i].value < y[i].value;
        }
        return x.size() < y.size();
    };
    std::stable_sort(series.begin(), series.end(), less);
}

// Prometheus 2.42 keeps an instant query's evaluation order (engine.go
// rangeEval's instant shortcut "so as not to change sort order"), and its own
// tests check that order (eval_ordered) for sort, sort_desc, topk and bottomk:
// topk gives each group's series by descending value, bottomk by ascending.
// Range results are sorted by labels (execEvalStmt's sort.Sort(mat)).
void QueryResultJson::sortForOutput(QueryResult& result, const QString& expr, bool isRange)
{
    if (isRange || !ordersByValue(expr))
        sortByLabels(result.series);
}

bool QueryResultJson::ordersByValue(const QString& expr)
{
    const ParseResult parsed = Parser::parse(expr);
    if (!parsed.expr)
        return false;
    const Expr* e = parsed.expr.get();
    while (e->kind == Expr::Kind::Paren)
        e = e->lhs.get();
    if (e->kind == Expr::Kind::Call)
        return e->function == u"sort" || e->function == u"sort_desc";
    if (e->kind == Expr::Kind::Aggregate)
        return e->aggOp == AggOp::Topk || e->aggOp == AggOp::Bottomk;
    return false;
}

QByteArray QueryResultJson::errorJson(const QString& errorType, const QString& error)
{
    return QByteArrayLiteral("{\"status\":\"error\",\"errorType\":")
        + quoted(errorType.isEmpty() ? QByteArrayLiteral("execution") : errorType.toUtf8())
        + QByteArrayLiteral(",\"error\":") + quoted(error.toUtf8()) + '}';
}

QByteArray QueryResultJson::toJson(const QueryResult& result)
{
    if (!result.ok)
        return errorJson(result.errorType, result.error);

    QByteArray out;
    out += "{\"status\":\"success\",\"data\":{\"resultType\":\"";
    out += resultTypeName(result.type);
    out += "\",\"result\":";
    switch (result.type) {
    case ValueType::Scalar:
        appendPoint(out, result.scalar);
        break;
    case ValueType::String:
        out += '[';
        out += formatTimestamp(result.scalar.timestampMs);
        out += ',';
        out += quoted(result.string.toUtf8());
        out += ']';
        break;
    case ValueType::Vector:
    case ValueType::Matrix: {
        const bool matrix = result.type == ValueType::Matrix;
        out += '[';
        bool firstSeries = true;
        for (const ResultSeries& s : result.series) {
            if (!firstSeries)
                out += ',';
            firstSeries = false;
            out += '{';
            appendMetric(out, s.labels);
            if (matrix) {
                out += ",\"values\":[";
                bool firstPoint = true;
                for (const metrics::Sample& p : s.points) {
                    if (!firstPoint)
                        out += ',';
                    firstPoint = false;
                    appendPoint(out, p);
                }
                out += ']';
            } else {
                out += ",\"value\":";
                appendPoint(out, s.points.isEmpty() ? metrics::Sample {} : s.points.first());
            }
            out += '}';
        }
        out += ']';
        break;
    }
    }
    out += "}}";
    return out;
}

namespace {

void appendWarnings(QByteArray& out, const QStringList& warnings)
{
    if (warnings.isEmpty())
        return;
    out += ",\"warnings\":[";
    for (qsizetype i = 0; i < warnings.size(); ++i) {
        if (i > 0)
            out += ',';
        out += QueryResultJson::quoted(warnings.at(i).toUtf8());
    }
    out += ']';
}

} // namespace

QByteArray QueryResultJson::toJson(const SeriesResult& result)
{
    if (!result.ok)
        return errorJson(result.errorType, result.error);
    QByteArray out = QByteArrayLiteral("{\"status\":\"success\",\"data\":[");
    for (qsizetype i = 0; i < result.series.size(); ++i) {
        if (i > 0)
            out += ',';
        out += labelsJson(result.series.at(i));
    }
    out += ']';
    appendWarnings(out, result.warnings);
    out += '}';
    return out;
}

QByteArray QueryResultJson::toJson(const LabelsResult& result)
{
    if (!result.ok)
        return errorJson(result.errorType, result.error);
    QByteArray out = QByteArrayLiteral("{\"status\":\"success\",\"data\":[");
    for (qsizetype i = 0; i < result.values.size(); ++i) {
        if (i > 0)
            out += ',';
        out += quoted(result.values.at(i).toUtf8());
    }
    out += ']';
    appendWarnings(out, result.warnings);
    out += '}';
    return out;
}

} // namespace opsdeck::query
