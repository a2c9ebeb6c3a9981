#pragma once

#include "PrometheusQuerySource.h"
#include "QuerySource.h"

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QReadWriteLock>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

// The query sources an engine can answer from, by the name an operator gives
// them: "" (and "local") is this engine's own store, every other name a
// remote Prometheus-compatible server (data_sources: in the headless file,
// Settings -> Data sources in the console). Dashboards, rule groups and the
// CLI ask it for a source by name and keep the shared pointer for as long as
// they query, so replacing or removing a source never pulls it from under a
// query that is running.
//
// Thread-safe: any thread may look a source up while the engine's thread
// replaces the remote ones. It holds no state of its own beyond the list.
namespace opsdeck::query {

class DataSourceRegistry final
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::query::DataSourceRegistry)

public:
    // local must outlive the registry (the engine's LocalQuerySource).
    explicit DataSourceRegistry(const QuerySource* local);

    // What source() hands out in place of a source: a cache in front of it
    // (engine/cache's QueryResultCache), or the source itself. Called with
    // config null for the local source, and once for every remote source
    // created (an unchanged configuration keeps its decorated source).
    using Decorator = std::function<std::shared_ptr<const QuerySource>(
        std::shared_ptr<const QuerySource> inner, const QString& name, const RemoteSourceConfig* config)>;
    // Applies to the local source and every remote source from now on.
    void setDecorator(Decorator decorator);

    // The local source for "" and "local"; nullptr for an unknown name.
    std::shared_ptr<const QuerySource> source(const QString& name) const;
    // As source(), but never null: an unknown name gets a source whose every
    // call fails with "data source NAME is not configured" (errorType
    // "unavailable"), so a dashboard or rule group naming a removed source
    // shows that instead of another source's data.
    std::shared_ptr<const QuerySource> resolve(const QString& name) const;
    // That failing source on its own.
    static std::shared_ptr<const QuerySource> missing(const QString& name);
    // The configuration of a remote source; nullopt for the local one or an unknown name.
    std::optional<RemoteSourceConfig> remoteConfig(const QString& name) const;
    QStringList names() const; // the remote ones, sorted
    QList<RemoteSourceConfig> remoteConfigs() const; // sorted by name
    QList<SourceHealth> health() const; // of the remote ones, sorted by name

    // Replaces every remote source (an unchanged configuration keeps its
    // source object). Names must be unique and not empty or "local".
    void setRemoteSources(const QList<RemoteSourceConfig>& configs);

    static bool isLocalName(const QString& name);
    // Empty when config may be used as a data source, else what is wrong in
    // plain words (name, URL scheme and host, type, timeout).
    static QString validate(const RemoteSourceConfig& config);

private:
    struct Remote
    {
        std::shared_ptr<const PrometheusQuerySource> source;
        std::shared_ptr<const QuerySource> served; // source, or the decorator's answer
    };

    std::shared_ptr<const QuerySource> m_localSource; // not owned
    mutable QReadWriteLock m_lock;
    std::shared_ptr<const QuerySource> m_local; // what source("") hands out
    QMap<QString, Remote> m_remote;
    Decorator m_decorator;
};

} // namespace opsdeck::query
