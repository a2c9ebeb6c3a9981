#pragma once

#include "query/PrometheusQuerySource.h"

#include <QList>
#include <QString>

#include <optional>

namespace opsdeck::storage {
class Database;
}

// Persists the console's remote data sources (table data_sources, schema
// version 6) by name: URL, type, auth, TLS, timeout and GET/POST. The bearer
// token and basic-auth password are stored in clear text (columns named
// *_plaintext) until secrets move to the OS keychain.
//
// Used on the thread that opened its Database (through StateWriter for
// writes). Every call reports failure (nullopt / false) with the reason in
// lastError(); it must never store a source that DataSourceRegistry::validate
// refuses.
namespace opsdeck::sources {

class DataSourceRepository final
{
public:
    explicit DataSourceRepository(storage::Database& db);

    std::optional<QList<query::RemoteSourceConfig>> list() const; // sorted by name
    // Inserts config, or replaces the row named previousName (config.name when
    // empty): a rename keeps one row. False when the new name is taken by another row.
    bool save(const query::RemoteSourceConfig& config, const QString& previousName = {});
    bool remove(const QString& name);
    QString lastError() const { return m_lastError; }

private:
    storage::Database& m_database;
    mutable QString m_lastError;
};

} // namespace opsdeck::sources
