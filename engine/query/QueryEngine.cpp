#include "QueryEngine.h"

#include "Evaluator.h"
#include "Parser.h"

#include <QHash>

#include <algorithm>

namespace opsdeck::query {

namespace {

QueryResult failure(const QString& type, const QString& message)
{
    QueryResult r;
    r.ok = false;
    r.errorType = type;
    r.error = message;
    return r;
}

const Expr& unwrapParens(const Expr& e)
{
    const Expr* p = &e;
    while (p->kind == Expr::Kind::Paren)
        p = p->lhs.get();
    return *p;
}

} // namespace

QueryEngine::QueryEngine(const metrics::SeriesStore* store, QueryLimits limits)
    : m_store(store)
    , m_limits(limits)
{ }

QString QueryEngine::check(const QString& expr)
{
    return Parser::parse(expr).error;
}

QueryResult QueryEngine::canceledResult()
{
    return failure(QStringLiteral("canceled"), QStringLiteral("query was canceled"));
}

QueryResult QueryEngine::instant(const QString& expr, qint64 timeMs, const std::atomic_bool* cancelled) const
{
    if (cancelled && cancelled->load(std::memory_order_relaxed))
        return canceledResult();
    const ParseResult parsed = Parser::parse(expr);
    if (!parsed.expr)
        return failure(QStringLiteral("bad_data"), parsed.error);
    const Expr& root = *parsed.expr;
    QueryResult r;
    try {
        Evaluator ev(m_store, m_limits, timeMs, timeMs);
        switch (root.type()) {
        case ExprType::Matrix: {
            const Expr& ms = unwrapParens(root);
            r.type = ValueType::Matrix;
            r.series = ev.evalMatrix(ms, timeMs);
            break;
        }
        case ExprType::Scalar: {
            const Evaluator::Value v = ev.eval(root, timeMs);
            r.type = ValueType::Scalar;
            r.scalar = { timeMs, v.scalar };
            break;
        }
        case ExprType::String: {
            const Evaluator::Value v = ev.eval(root, timeMs);
            r.type = ValueType::String;
            r.string = QString::fromUtf8(v.string);
            r.scalar = { timeMs, 0 };
            break;
        }
        case ExprType::Vector: {
            const Evaluator::Value v = ev.eval(root, timeMs);
            r.type = ValueType::Vector;
            r.series.reserve(qsizetype(v.vector.size()));
            for (const VectorElement& e : v.vector)
                r.series.append({ e.labels, { metrics::Sample { timeMs, e.value } } });
            break;
        }
        }
    } catch (const EvalError& e) {
        return failure(QStringLiteral("execution"), e.message);
    } catch (const std::exception& e) {
        return failure(QStringLiteral("execution"), QString::fromUtf8(e.what()));
    }
    r.ok = true;
    return r;
}

QueryResult QueryEngine::range(
    const QString& expr, qint64 startMs, qint64 endMs, qint64 stepMs, const std::atomic_bool* cancelled) const
{
    if (cancelled && cancelled->load(std::memory_order_relaxed))
        return canceledResult();
    if (stepMs <= 0)
        return failure(QStringLiteral("bad_data"),
            QStringLiteral(
                "zero or negative query resolution step widths are not accepted. Try a positive integer"));
    if (endMs < startMs)
        return failure(QStringLiteral("bad_data"), QStringLiteral("end timestamp must not be before start time"));
    if ((endMs - startMs) / stepMs > 11000)
        return failure(QStringLiteral("bad_data"),
            QStringLiteral("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the "
                           "query resolution (?step=XX)"));
    const ParseResult parsed = Parser::parse(expr);
    if (!parsed.expr)
        return failure(QStringLiteral("bad_data"), parsed.error);
    const Expr& root = *parsed.expr;
    const ExprType type = root.type();
    if (type != ExprType::Scalar && type != ExprType::Vector)
        return failure(QStringLiteral("bad_data"),
            QStringLiteral("invalid expression type \"%1\" for range query, must be Scalar or instant Vector")
                .arg(exprTypeName(type)));
    QueryResult r;
    r.type = ValueType::Matrix;
    try {
        Evaluator ev(m_store, m_limits, startMs, endMs);
        QHash<size_t, qsizetype> index;
        // Steps mostly yield the same series in the same order: the series at
        // position k of the previous step is tried before the hash lookup.
        std::vector<size_t> seriesHash;
        std::vector<qsizetype> previousAt;
        // Points are written straight into storage sized for every step, trimmed at the end.
        std::vector<metrics::Sample*> writeAt;
        std::vector<qsizetype> written;
        const qint64 steps = (endMs - startMs) / stepMs + 1;
        qint64 points = 0;
        for (qint64 t = startMs; t <= endMs; t += stepMs) {
            if (cancelled && cancelled->load(std::memory_order_relaxed))
                return canceledResult();
            Evaluator::Value v = ev.eval(root, t);
            if (type == ExprType::Scalar) {
                if (r.series.isEmpty())
                    r.series.append(ResultSeries {});
                r.series[0].points.append({ t, v.scalar });
                continue;
            }
            if (previousAt.size() < v.vector.size())
                previousAt.resize(v.vector.size(), -1);
            for (size_t k = 0; k < v.vector.size(); ++k) {
                const VectorElement& e = v.vector[k];
                qsizetype i = previousAt[k];
                if (i < 0 || seriesHash[size_t(i)] != e.hash) {
                    auto it = index.constFind(e.hash);
                    if (it == index.cend()) {
                        i = r.series.size();
                        index.insert(e.hash, i);
                        seriesHash.push_back(e.hash);
                        ResultSeries s;
                        s.labels = e.labels;
                        s.points.resize(steps);
                        r.series.append(std::move(s));
                        writeAt.push_back(r.series.last().points.data());
                        written.push_back(0);
                    } else {
                        i = *it;
                    }
                    previousAt[k] = i;
                }
                QList<metrics::Sample>& seriesPoints = r.series[i].points;
                if (written[size_t(i)] == seriesPoints.size()) { // only when labels' hashes collide
                    seriesPoints.resize(seriesPoints.size() * 2 + 1);
                    writeAt[size_t(i)] = seriesPoints.data();
                }
                writeAt[size_t(i)][written[size_t(i)]++] = { t, e.value };
            }
            points += qint64(v.vector.size());
            ev.recycle(std::move(v.vector));
            if (points > m_limits.maxSamples)
                throw EvalError { QStringLiteral(
                    "query processing would load too many samples into memory in query "
                    "execution (limit %1 samples)")
                                      .arg(m_limits.maxSamples) };
        }
        for (size_t i = 0; i < written.size(); ++i)
            r.series[qsizetype(i)].points.resize(written[i]);
        std::sort(r.series.begin(), r.series.end(),
            [](const ResultSeries& a, const ResultSeries& b) { return a.labels < b.labels; });
    } catch (const EvalError& e) {
        return failure(QStringLiteral("execution"), e.message);
    } catch (const std::exception& e) {
        return failure(QStringLiteral("execution"), QString::fromUtf8(e.what()));
    }
    r.ok = true;
    return r;
}

} // namespace opsdeck::query
