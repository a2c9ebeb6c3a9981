#include "LocalQuerySource.h"

#include "Ast.h"
#include "Parser.h"

#include "metrics/SeriesStore.h"

#include <QCoreApplication>
#include <QSet>

#include <algorithm>

namespace opsdeck::query {

QuerySource::~QuerySource() = default;

namespace {

template <typename Result> Result failed(const QString& type, const QString& message)
{
    Result r;
    r.errorType = type;
    r.error = message;
    return r;
}

bool isCancelled(const QueryOptions& options)
{
    return options.cancelled && options.cancelled->load(std::memory_order_relaxed);
}

// The refs of the series matching any selector (as /api/v1/series' match[]),
// with at least one sample in [startMs, endMs]. Empty selectors: every series.
struct Selection
{
    QList<metrics::SeriesRef> refs;
    QString error;
};

Selection select(const metrics::SeriesStore& store, const QStringList& selectors, qint64 startMs, qint64 endMs,
    bool emptyMeansAll)
{
    Selection out;
    QSet<metrics::SeriesRef> seen;
    QList<QList<metrics::LabelMatcher>> matcherSets;
    for (const QString& selector : selectors) {
        const ParseResult parsed = Parser::parse(selector);
        if (!parsed.expr) {
            out.error = parsed.error;
            return out;
        }
        const Expr* e = parsed.expr.get();
        while (e->kind == Expr::Kind::Paren)
            e = e->lhs.get();
        if (e->kind != Expr::Kind::VectorSelector) {
            out.error = QStringLiteral("invalid parameter \"match[]\": %1 is not a series selector").arg(selector);
            return out;
        }
        matcherSets.append(e->matchers);
    }
    if (matcherSets.isEmpty() && emptyMeansAll)
        matcherSets.append(QList<metrics::LabelMatcher> {});
    for (const QList<metrics::LabelMatcher>& matchers : matcherSets) {
        for (metrics::SeriesRef ref : store.select(matchers)) {
            if (seen.contains(ref))
                continue;
            seen.insert(ref);
            if (!store.read(ref, startMs, endMs).isEmpty())
                out.refs.append(ref);
        }
    }
    return out;
}

LabelsResult sortedUnique(QSet<QString> values)
{
    LabelsResult r;
    r.ok = true;
    r.values = QStringList(values.begin(), values.end());
    std::sort(r.values.begin(), r.values.end());
    return r;
}

} // namespace

LocalQuerySource::LocalQuerySource(const metrics::SeriesStore* store, QueryLimits limits, QString name)
    : m_store(store)
    , m_limits(limits)
    , m_name(std::move(name))
{ }

QString LocalQuerySource::name() const
{
    return m_name.isEmpty() ? QCoreApplication::translate("opsdeck::query::LocalQuerySource", "this engine")
                            : m_name;
}

QueryResult LocalQuerySource::instant(const QString& expr, qint64 timeMs, const QueryOptions& options) const
{
    return QueryEngine(m_store, options.limits.value_or(m_limits)).instant(expr, timeMs, options.cancelled);
}

QueryResult LocalQuerySource::range(
    const QString& expr, qint64 startMs, qint64 endMs, qint64 stepMs, const QueryOptions& options) const
{
    return QueryEngine(m_store, options.limits.value_or(m_limits))
        .range(expr, startMs, endMs, stepMs, options.cancelled);
}

SeriesResult LocalQuerySource::series(
    const QStringList& selectors, qint64 startMs, qint64 endMs, const QueryOptions& options) const
{
    if (selectors.isEmpty())
        return failed<SeriesResult>(QStringLiteral("bad_data"), QStringLiteral("no match[] parameter provided"));
    if (isCancelled(options))
        return failed<SeriesResult>(QStringLiteral("canceled"), QStringLiteral("query was canceled"));
    const Selection selection = select(*m_store, selectors, startMs, endMs, false);
    if (!selection.error.isEmpty())
        return failed<SeriesResult>(QStringLiteral("bad_data"), selection.error);
    SeriesResult r;
    r.ok = true;
    r.series.reserve(selection.refs.size());
    for (metrics::SeriesRef ref : selection.refs)
        r.series.append(m_store->labels(ref));
    std::sort(r.series.begin(), r.series.end());
    return r;
}

namespace {

// Label names or values: from the store's index when no selector narrows
// them (the store holds recent data only, so its index is the answer), else
// from the labels of the selected series; fromSeries adds one series' strings.
template <typename FromIndex, typename FromSeries>
LabelsResult collectLabels(const metrics::SeriesStore& store, const QStringList& selectors, qint64 startMs,
    qint64 endMs, const QueryOptions& options, FromIndex fromIndex, FromSeries fromSeries)
{
    if (isCancelled(options))
        return failed<LabelsResult>(QStringLiteral("canceled"), QStringLiteral("query was canceled"));
    QSet<QString> out;
    if (selectors.isEmpty()) {
        for (const QByteArray& v : fromIndex())
            out.insert(QString::fromUtf8(v));
        return sortedUnique(std::move(out));
    }
    const Selection selection = select(store, selectors, startMs, endMs, true);
    if (!selection.error.isEmpty())
        return failed<LabelsResult>(QStringLiteral("bad_data"), selection.error);
    for (metrics::SeriesRef ref : selection.refs)
        fromSeries(store.labels(ref), out);
    return sortedUnique(std::move(out));
}

} // namespace

LabelsResult LocalQuerySource::labelNames(
    const QStringList& selectors, qint64 startMs, qint64 endMs, const QueryOptions& options) const
{
    return collectLabels(
        *m_store, selectors, startMs, endMs, options, [this] { return m_store->labelNames(); },
        [](const metrics::Labels& labels, QSet<QString>& out) {
            for (const metrics::Label& l : labels)
                out.insert(QString::fromUtf8(l.name));
        });
}

LabelsResult LocalQuerySource::labelValues(const QString& label, const QStringList& selectors, qint64 startMs,
    qint64 endMs, const QueryOptions& options) const
{
    const QByteArray name = label.toUtf8();
    return collectLabels(
        *m_store, selectors, startMs, endMs, options, [this, &name] { return m_store->labelValues(name); },
        [&name](const metrics::Labels& labels, QSet<QString>& out) {
            if (const QByteArray v = labels.value(name); !v.isEmpty())
                out.insert(QString::fromUtf8(v));
        });
}

} // namespace opsdeck::query
