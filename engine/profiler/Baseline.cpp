#include "profiler/Baseline.h"

#include "profiler/MannWhitney.h"
#include "profiler/ProfilerFormat.h"
#include "query/QuerySource.h"
#include "storage/Database.h"
#include "storage/Sql.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <cmath>

namespace opsdeck::profiler {

namespace {

QString key(const SampleSeries& s)
{
    return s.host + QChar(0x1f) + s.subject + QChar(0x1f) + s.measure;
}

SampleSeries& series(QList<SampleSeries>& list, QHash<QString, qsizetype>& index, const QString& host,
    const QString& subject, const QString& measure)
{
    SampleSeries probe { host, subject, measure, {} };
    const QString k = key(probe);
    auto it = index.find(k);
    if (it == index.end()) {
        list.append(probe);
        it = index.insert(k, list.size() - 1);
    }
    return list[*it];
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2.0;
}

QString quoted(const QString& text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

QString figure(const QString& measure, double value)
{
    if (measure == kMeasureRss)
        return formatBytes(value);
    if (measure == kMeasureLatency)
        return formatMs(value);
    return formatPercent(value);
}

} // namespace

QList<SampleSeries> samplesFromSnapshots(const QList<FleetSnapshot>& snapshots)
{
    QList<SampleSeries> out;
    QHash<QString, qsizetype> index;
    for (const FleetSnapshot& fleet : snapshots)
        for (const HostProfile& h : fleet.hosts) {
            if (!h.reachable)
                continue;
            for (const collect::ComponentUse& c : h.snapshot.components) {
                series(out, index, h.instance, c.name, kMeasureCpu).values.append(c.cpuPct);
                series(out, index, h.instance, c.name, kMeasureRss).values.append(static_cast<double>(c.rssBytes));
            }
        }
    return out;
}

QList<SampleSeries> samplesFromHistory(
    const query::QuerySource& source, const QStringList& instances, qint64 fromMs, qint64 toMs)
{
    QList<SampleSeries> out;
    constexpr qint64 kStep = 15'000;
    for (const QString& instance : instances) {
        const QString sel = QStringLiteral("instance=%1").arg(quoted(instance));
        const struct
        {
            QString subject;
            QString measure;
            QString expr;
        } asks[] = {
            { QStringLiteral("host"), kMeasureHostCpu,
                QStringLiteral("(1 - avg(rate(node_cpu_seconds_total{%1,mode=\"idle\"}[1m]))) * 100").arg(sel) },
            { QStringLiteral("probe"), kMeasureLatency,
                QStringLiteral("sum(opsdeck_probe_duration_seconds{%1}) * 1000").arg(sel) },
        };
        for (const auto& ask : asks) {
            const query::QueryResult r = source.range(ask.expr, fromMs, toMs, kStep);
            if (!r.ok || r.series.isEmpty())
                continue;
            SampleSeries s { instance, ask.subject, ask.measure, {} };
            for (const metrics::Sample& p : r.series.constFirst().points)
                if (std::isfinite(p.value))
                    s.values.append(p.value);
            if (!s.values.isEmpty())
                out.append(s);
        }
    }
    return out;
}

QJsonObject samplesToJson(const QList<SampleSeries>& samples)
{
    QJsonArray list;
    for (const SampleSeries& s : samples) {
        QJsonArray values;
        for (double v : s.values)
            values.append(v);
        list.append(QJsonObject { { QStringLiteral("host"), s.host }, { QStringLiteral("subject"), s.subject },
            { QStringLiteral("measure"), s.measure }, { QStringLiteral("values"), values } });
    }
    return QJsonObject { { QStringLiteral("samples"), list } };
}

QList<SampleSeries> samplesFromJson(const QJsonObject& json)
{
    QList<SampleSeries> out;
    for (const QJsonValue& v : json.value(QStringLiteral("samples")).toArray()) {
        const QJsonObject o = v.toObject();
        SampleSeries s { o.value(QStringLiteral("host")).toString(), o.value(QStringLiteral("subject")).toString(),
            o.value(QStringLiteral("measure")).toString(), {} };
        for (const QJsonValue& x : o.value(QStringLiteral("values")).toArray())
            s.values.append(x.toDouble());
        out.append(s);
    }
    return out;
}

RegressionReport compareSamples(const QString& baselineName, qint64 baselineTakenAtMs,
    const QList<SampleSeries>& baseline, const QList<SampleSeries>& current, qint64 nowMs,
    const CompareOptions& options)
{
    RegressionReport report;
    report.baseline = baselineName;
    report.baselineTakenAtMs = baselineTakenAtMs;
    report.comparedAtMs = nowMs;
    QHash<QString, const SampleSeries*> before;
    for (const SampleSeries& s : baseline)
        before.insert(key(s), &s);
    bool cpuCompared = false;
    int tooFew = 0;
    for (const SampleSeries& now : current) {
        const SampleSeries* then = before.value(key(now));
        if (!then)
            continue;
        if (then->values.size() < options.minSamples || now.values.size() < options.minSamples) {
            ++tooFew;
            continue;
        }
        cpuCompared |= now.measure == kMeasureCpu;
        const double b = median(then->values);
        const double c = median(now.values);
        // Higher is worse for every measure here; the effect must exceed minEffect of the baseline
        // (with a floor so 0.1 % -> 0.2 % CPU of an idle component is no "100 % regression").
        const double floor = now.measure == kMeasureRss ? 1024.0 * 1024.0 : 1.0;
        if (!(c > b * (1 + options.minEffect)) || c - b < floor * options.minEffect)
            continue;
        const UTestResult u = mannWhitneyU(then->values, now.values);
        if (!u.valid || u.pValue >= options.alpha)
            continue;
        RegressionFinding f;
        f.host = now.host;
        f.subject = now.subject;
        f.measure = now.measure;
        f.baseline = b;
        f.current = c;
        f.pValue = u.pValue;
        f.test = QStringLiteral("Mann-Whitney U (two-sided)");
        const double change = b > 0 ? (c - b) / b * 100 : 100;
        f.sentence = QCoreApplication::translate("Regression", "%1: %2 %3 rose from %4 to %5 (+%6, p = %7)")
                         .arg(now.host, now.subject, now.measure, figure(now.measure, b), figure(now.measure, c),
                             formatPercent(change), QString::number(u.pValue, 'g', 2));
        report.worse.append(f);
    }
    std::stable_sort(report.worse.begin(), report.worse.end(),
        [](const RegressionFinding& x, const RegressionFinding& y) { return x.pValue < y.pValue; });
    if (tooFew > 0)
        report.notes.append(
            QCoreApplication::translate("Regression", "%n series had too few samples to test", nullptr, tooFew));
    if (cpuCompared)
        report.notes.append(QCoreApplication::translate(
            "Regression", "no request-rate series: components' CPU % compared, not CPU per request"));
    return report;
}

BaselineRepository::BaselineRepository(const storage::Database& database)
    : m_database(database)
{ }

bool BaselineRepository::save(
    const QString& name, qint64 takenAtMs, const FleetSnapshot& fleet, const QList<SampleSeries>& samples)
{
    m_lastError.clear();
    if (name.trimmed().isEmpty())
        return storage::failWith(m_lastError, QStringLiteral("a baseline needs a name"));
    QSqlQuery query(m_database.connection());
    QString error;
    const QString fleetJson = QString::fromUtf8(QJsonDocument(toJson(fleet)).toJson(QJsonDocument::Compact));
    const QString historyJson
        = QString::fromUtf8(QJsonDocument(samplesToJson(samples)).toJson(QJsonDocument::Compact));
    if (!storage::runQuery(query,
            QStringLiteral(
                "INSERT INTO profile_baselines (name, taken_at_ms, fleet_json, history_json) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET taken_at_ms = excluded.taken_at_ms, "
                "fleet_json = excluded.fleet_json, history_json = excluded.history_json"),
            { name, takenAtMs, fleetJson, historyJson }, &error))
        return storage::failWith(m_lastError, QStringLiteral("cannot store baseline \"%1\": %2").arg(name, error));
    return true;
}

std::optional<QStringList> BaselineRepository::names() const
{
    m_lastError.clear();
    QString error;
    auto query = storage::selectQuery(
        m_database, QStringLiteral("SELECT name FROM profile_baselines ORDER BY name"), {}, &error);
    if (!query) {
        storage::failWith(m_lastError, QStringLiteral("cannot list baselines: ") + error);
        return std::nullopt;
    }
    QStringList out;
    while (query->next())
        out.append(query->value(0).toString());
    return out;
}

std::optional<StoredBaseline> BaselineRepository::load(const QString& name) const
{
    m_lastError.clear();
    QString error;
    auto query = storage::selectQuery(m_database,
        QStringLiteral("SELECT taken_at_ms, fleet_json, history_json FROM profile_baselines WHERE name = ?"),
        { name }, &error);
    if (!query) {
        storage::failWith(m_lastError, QStringLiteral("cannot read baseline \"%1\": %2").arg(name, error));
        return std::nullopt;
    }
    if (!query->next()) {
        m_lastError = QCoreApplication::translate("Regression", "no baseline named \"%1\"").arg(name);
        return std::nullopt;
    }
    StoredBaseline b;
    b.name = name;
    b.takenAtMs = query->value(0).toLongLong();
    b.fleetJson = query->value(1).toString();
    b.samples = samplesFromJson(QJsonDocument::fromJson(query->value(2).toString().toUtf8()).object());
    return b;
}

} // namespace opsdeck::profiler
