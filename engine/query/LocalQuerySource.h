#pragma once

#include "QuerySource.h"

namespace opsdeck::metrics {
class SeriesStore;
}

// The query source over a series store in this process: the engine's live
// store, or a history store the capacity planner loaded from rollups. Reads
// only, so any number of threads may call it while the store's writer
// appends. It never writes to the store and never does I/O.
namespace opsdeck::query {

class LocalQuerySource final : public QuerySource
{
public:
    // store must outlive the source.
    explicit LocalQuerySource(
        const metrics::SeriesStore* store, QueryLimits limits = {}, QString name = QString());

    QString name() const override;
    QueryResult instant(const QString& expr, qint64 timeMs, const QueryOptions& options = {}) const override;
    QueryResult range(const QString& expr, qint64 startMs, qint64 endMs, qint64 stepMs,
        const QueryOptions& options = {}) const override;
    SeriesResult series(const QStringList& selectors, qint64 startMs, qint64 endMs,
        const QueryOptions& options = {}) const override;
    LabelsResult labelNames(const QStringList& selectors, qint64 startMs, qint64 endMs,
        const QueryOptions& options = {}) const override;
    LabelsResult labelValues(const QString& label, const QStringList& selectors, qint64 startMs, qint64 endMs,
        const QueryOptions& options = {}) const override;

private:
    const metrics::SeriesStore* m_store;
    QueryLimits m_limits;
    QString m_name;
};

} // namespace opsdeck::query
