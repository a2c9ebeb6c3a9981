#pragma once

#include <QList>
#include <QString>

#include <cmath>
#include <optional>

// The Analytics tab's figures, computed in SQL over the stored alerts
// (schema version 4, table alerts): how many alerts started and were
// acknowledged in a period, the mean time to acknowledge and to resolve, and
// the noisiest rules. Read-only; reports failure (nullopt) with the reason in
// lastError(), logged under "opsdeck.storage".
namespace opsdeck::storage {
class Database;
}

namespace opsdeck::alerts {

class AlertAnalytics final
{
public:
    explicit AlertAnalytics(storage::Database& db);

    struct RuleStats
    {
        QString rule;
        int alerts = 0; // instances that started in the period
        int flapping = 0; // of those, how many were ever marked flapping
    };
    struct Analytics
    {
        int alerts = 0; // instances that started (activeSinceMs) in [fromMs, toMs)
        int acknowledged = 0; // instances acknowledged in [fromMs, toMs)
        double mttaMs = NAN; // mean(ack − fired) over alerts fired and then acknowledged in the period
        double mttrMs = NAN; // mean(resolved − fired) over fired alerts resolved in the period
        QList<RuleStats> perRule; // noisiest first (alerts, then flapping, descending; then by name)
    };
    std::optional<Analytics> analytics(qint64 fromMs, qint64 toMs) const;

    QString lastError() const;

private:
    storage::Database& m_database;
    mutable QString m_lastError;
};

} // namespace opsdeck::alerts
