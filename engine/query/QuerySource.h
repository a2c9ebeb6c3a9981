#pragma once

#include "QueryEngine.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <optional>

// The one seam every caller queries through: the alert service and rule
// editor, the live dashboard feed, the capacity planner, the alert detail
// chart and the `query` / `forecast` commands. The methods mirror Prometheus's
// HTTP API (/api/v1/query, query_range, series, labels, label/<name>/values)
// so a remote Prometheus-compatible server, a cache in front of any source, or
// the local series store (LocalQuerySource) answer the same calls.
//
// Calls are synchronous and made from worker threads (the feed thread, the
// alerts thread, QtConcurrent, the CLI); an implementation must be safe to
// call from several threads at once and must never be called on the GUI
// thread when it does I/O. A call that is cancelled returns errorType
// "canceled"; one that runs out of time returns "timeout", as Prometheus does.
namespace opsdeck::query {

struct QueryOptions
{
    // Checked between evaluation steps (and by remote sources while waiting);
    // when it becomes true the call returns errorType "canceled".
    const std::atomic_bool* cancelled = nullptr;
    // Evaluation limits for this call; a source uses its own when unset. A
    // remote source applies what its server allows.
    std::optional<QueryLimits> limits;
    // 0 = the source's own timeout.
    qint64 timeoutMs = 0;
};

// /api/v1/series: the label sets of the series matching any of the selectors
// (unioned) that have samples in [startMs, endMs].
struct SeriesResult
{
    bool ok = false;
    QString errorType;
    QString error;
    QStringList warnings;
    QList<metrics::Labels> series; // sorted by labels
};

// /api/v1/labels and /api/v1/label/<name>/values.
struct LabelsResult
{
    bool ok = false;
    QString errorType;
    QString error;
    QStringList warnings;
    QStringList values; // sorted, unique
};

class QuerySource
{
public:
    virtual ~QuerySource();

    // What the operator calls it ("this engine", a data source's name).
    virtual QString name() const = 0;

    virtual QueryResult instant(const QString& expr, qint64 timeMs, const QueryOptions& options = {}) const = 0;
    virtual QueryResult range(const QString& expr, qint64 startMs, qint64 endMs, qint64 stepMs,
        const QueryOptions& options = {}) const = 0;
    // selectors: series selectors such as `up{job="api"}`; at least one.
    virtual SeriesResult series(
        const QStringList& selectors, qint64 startMs, qint64 endMs, const QueryOptions& options = {}) const = 0;
    // selectors may be empty: every series counts.
    virtual LabelsResult labelNames(
        const QStringList& selectors, qint64 startMs, qint64 endMs, const QueryOptions& options = {}) const = 0;
    virtual LabelsResult labelValues(const QString& label, const QStringList& selectors, qint64 startMs,
        qint64 endMs, const QueryOptions& options = {}) const = 0;

protected:
    QuerySource() = default;
    QuerySource(const QuerySource&) = default;
    QuerySource& operator=(const QuerySource&) = default;
};

} // namespace opsdeck::query
