#pragma once

#include "profiler/ProfilerTypes.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace opsdeck::query {
class QuerySource;
}
namespace opsdeck::storage {
class Database;
}

// Baselines and regressions: a baseline is a fleet snapshot plus samples per
// (host, subject, measure) -- the components' CPU % and RSS over a few
// snapshots a second apart, and from the series history where it exists (the
// hosts' CPU utilisation and the engine -> host probe latency over the last
// hour). A comparison takes the same samples now and reports what got worse:
// a two-sided Mann-Whitney U test at alpha 0.05 (MannWhitney.h) AND a median
// change beyond the minimum effect (10 %), so a significant but tiny drift is
// not a regression (google/benchmark compare.py shows both for the same reason).
namespace opsdeck::profiler {

struct SampleSeries
{
    QString host;
    QString subject; // component name, or "host" / "probe"
    QString measure; // kMeasureCpu, kMeasureRss, kMeasureHostCpu, kMeasureLatency
    QList<double> values;
};

inline const QString kMeasureCpu = QStringLiteral("CPU %");
inline const QString kMeasureRss = QStringLiteral("RSS growth");
inline const QString kMeasureHostCpu = QStringLiteral("host CPU %");
inline const QString kMeasureLatency = QStringLiteral("probe latency");

// Per (host, component) CPU % and RSS (bytes), one value per snapshot.
QList<SampleSeries> samplesFromSnapshots(const QList<FleetSnapshot>& snapshots);
// From the series history in [fromMs, toMs] (step 15 s): host CPU % and the probe
// latency (opsdeck_probe_duration_seconds summed over phases, ms) per instance.
QList<SampleSeries> samplesFromHistory(
    const query::QuerySource& source, const QStringList& instances, qint64 fromMs, qint64 toMs);

QJsonObject samplesToJson(const QList<SampleSeries>& samples);
QList<SampleSeries> samplesFromJson(const QJsonObject& json);

struct CompareOptions
{
    double alpha = 0.05;
    double minEffect = 0.10; // relative change of the median
    int minSamples = 3;
};

// What got worse from baseline to current (higher CPU, RSS, latency).
RegressionReport compareSamples(const QString& baselineName, qint64 baselineTakenAtMs,
    const QList<SampleSeries>& baseline, const QList<SampleSeries>& current, qint64 nowMs,
    const CompareOptions& options = {});

struct StoredBaseline
{
    QString name;
    qint64 takenAtMs = 0;
    QString fleetJson;
    QList<SampleSeries> samples;
};

// profile_baselines (migration 10) on one connection (the thread that opened it).
class BaselineRepository
{
public:
    explicit BaselineRepository(const storage::Database& database);
    bool save(
        const QString& name, qint64 takenAtMs, const FleetSnapshot& fleet, const QList<SampleSeries>& samples);
    std::optional<QStringList> names() const; // sorted
    std::optional<StoredBaseline> load(const QString& name) const; // nullopt: unknown (lastError says) or failure
    QString lastError() const { return m_lastError; }

private:
    const storage::Database& m_database;
    mutable QString m_lastError;
};

} // namespace opsdeck::profiler
