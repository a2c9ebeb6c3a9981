#pragma once

#include "query/DataSourceRegistry.h"
#include "query/PrometheusQuerySource.h"

#include <QCoreApplication>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>

namespace opsdeck::storage {
class StateWriter;
}

// The remote data sources as one service, what Settings -> Data sources and
// the engine call: the ones from the headless file (read-only here: they
// change with the file) and the ones stored in the state database (added,
// edited and removed from the console). Every edit is validated at once,
// stored through the state writer (never blocking the caller on SQLite) and
// only then applied to the registry every query looks sources up in, so what
// is queried is always what survives a restart. Test runs buildinfo on a
// worker thread, never on the caller's.
//
// Lives on (and is called on) the engine's thread; callbacks run on their
// context's thread and are dropped when the context is gone.
namespace opsdeck::sources {

struct DataSourceEntry
{
    query::RemoteSourceConfig config;
    bool fromFile = false; // data_sources: in the headless file; not editable in the console
};

class DataSourceCatalog final : public QObject
{
    Q_OBJECT

public:
    // registry and writer must outlive the catalog; writer may be null (no
    // state database: edits then fail with a message).
    DataSourceCatalog(
        query::DataSourceRegistry* registry, storage::StateWriter* writer, QObject* parent = nullptr);

    // At start-up: the file's sources and the stored ones (a stored source
    // with a file source's name is shadowed by the file's, and said so in the log).
    void setInitial(
        const QList<query::RemoteSourceConfig>& fromFile, const QList<query::RemoteSourceConfig>& stored);

    QList<DataSourceEntry> sources() const; // sorted by name
    // Empty when config may be stored (as a rename of previousName when that
    // is set), else what is wrong in the operator's words.
    QString check(const query::RemoteSourceConfig& config, const QString& previousName = {}) const;

    using Done = std::function<void(QString error)>; // empty error = stored and applied
    void save(const query::RemoteSourceConfig& config, const QString& previousName, QObject* context, Done done);
    void remove(const QString& name, QObject* context, Done done);

    // GET /api/v1/status/buildinfo with config (saved or not) on a worker
    // thread; done(info) on context's thread.
    using TestDone = std::function<void(query::BuildInfo info)>;
    void test(const query::RemoteSourceConfig& config, QObject* context, TestDone done) const;

signals:
    // A source was added, changed or removed (after it was stored and applied).
    void sourcesEdited();

private:
    void apply();
    void finish(QObject* context, const Done& done, const QString& error);

    query::DataSourceRegistry* m_registry;
    storage::StateWriter* m_writer;
    QList<query::RemoteSourceConfig> m_fromFile;
    QList<query::RemoteSourceConfig> m_stored;
};

} // namespace opsdeck::sources
