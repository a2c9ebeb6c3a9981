#include "ForecastCommand.h"

#include "CommandSupport.h"

#include "capacity/CapacityService.h"
#include "capacity/Forecaster.h"
#include "capacity/RollupRepository.h"
#include "metrics/Duration.h"
#include "query/QueryEngine.h"
#include "storage/Database.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <optional>

using namespace opsdeck;

namespace {

constexpr qint64 kMinuteMs = 60'000;
constexpr qint64 kHourMs = 3'600'000;
constexpr qint64 kDayMs = 86'400'000;
// More points than this per series is almost certainly a mistaken --step.
constexpr qint64 kMaxHorizonSteps = 20'000;

const char* const kUsage
    = "Usage: opsdeck forecast QUERY --horizon DUR [--window DUR] [--step DUR] [--end TIME] [--json] [--data-dir "
      "D]\n"
      "  QUERY      PromQL over the capacity history, e.g. 'node_filesystem_avail_bytes{instance=\"web-1\"}'\n"
      "  --horizon  how far ahead to forecast (30s, 5m, 3h, 30d, 1w)\n"
      "  --window   history to fit on, ending at --end (default 7d)\n"
      "  --step     1m (minute rollups) or 1h (hour rollups); default 1m up to a 2d window, else 1h\n"
      "  --end      end of the window: unix seconds or RFC 3339 (default: the newest stored history)\n"
      "  --json     print JSON (fields documented in ForecastCommand.h)\n"
      "  --data-dir state database folder (default: the application's data folder)\n";

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(ForecastCommand)
};

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

QString shortTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QJsonValue number(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

QString fmt(double v)
{
    return std::isfinite(v) ? QString::number(v, 'g', 6) : QStringLiteral("-");
}

QString labelsText(const metrics::Labels& labels)
{
    const QByteArray s = labels.toString();
    return s.isEmpty() ? QStringLiteral("{}") : QString::fromUtf8(s);
}

int usageError(QTextStream& err, const QString& message)
{
    err << "opsdeck forecast: " << message << '\n' << kUsage;
    return 2;
}

} // namespace

int runForecastCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QString expr, dataDir;
    std::optional<qint64> horizonMs, windowMs, stepMs, endMs;
    bool json = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args.at(i);
        auto durationArg = [&](std::optional<qint64>& target) -> bool {
            if (i + 1 >= args.size())
                return false;
            const QString value = args.at(++i);
            target = metrics::parseDuration(value.trimmed());
            if (!target || *target <= 0) {
                usageError(err, Tr::tr("%1: '%2' is not a duration (30s, 5m, 3h, 30d, 1w)").arg(a, value));
                target = std::nullopt;
                return false;
            }
            return true;
        };
        if (a == QLatin1String("--json")) {
            json = true;
        } else if (a == QLatin1String("--horizon") || a == QLatin1String("--window")
            || a == QLatin1String("--step")) {
            std::optional<qint64>& target = a == QLatin1String("--horizon") ? horizonMs
                : a == QLatin1String("--window")                            ? windowMs
                                                                            : stepMs;
            if (i + 1 >= args.size())
                return usageError(err, Tr::tr("%1 needs a value").arg(a));
            if (!durationArg(target))
                return 2;
        } else if (a == QLatin1String("--end")) {
            if (i + 1 >= args.size())
                return usageError(err, Tr::tr("--end needs a value"));
            endMs = parseTime(args.at(++i));
            if (!endMs)
                return usageError(
                    err, Tr::tr("--end: '%1' is not unix seconds or an RFC 3339 time").arg(args.at(i)));
        } else if (a == QLatin1String("--data-dir")) {
            if (i + 1 >= args.size())
                return usageError(err, Tr::tr("--data-dir needs a value"));
            dataDir = args.at(++i);
        } else if (a == QLatin1String("-h") || a == QLatin1String("--help")) {
            out << kUsage;
            return 0;
        } else if (expr.isNull() && !(a.startsWith(QLatin1String("--")))) {
            expr = a;
        } else {
            return usageError(err, Tr::tr("unexpected argument '%1'").arg(a));
        }
    }
    if (expr.trimmed().isEmpty())
        return usageError(err, Tr::tr("missing QUERY"));
    if (!horizonMs)
        return usageError(err, Tr::tr("missing --horizon"));
    const qint64 window = windowMs.value_or(7 * kDayMs);
    const qint64 step = stepMs.value_or(capacity::defaultStepForWindow(window));
    if (step != kMinuteMs && step != kHourMs)
        return usageError(err, Tr::tr("--step must be 1m or 1h (the rollup resolutions)"));
    if (*horizonMs < step)
        return usageError(err,
            Tr::tr("--horizon must be at least one step (%1)")
                .arg(step == kMinuteMs ? QLatin1String("1m") : QLatin1String("1h")));
    if (*horizonMs / step > kMaxHorizonSteps)
        return usageError(err,
            Tr::tr("--horizon is %1 steps of %2; use --step 1h or a shorter horizon")
                .arg(*horizonMs / step)
                .arg(step == kMinuteMs ? QLatin1String("1m") : QLatin1String("1h")));

    if (const QString parseError = query::QueryEngine::check(expr); !parseError.isEmpty()) {
        err << "opsdeck forecast: bad query: " << parseError << '\n';
        return 1;
    }

    storage::Database db;
    if (!openStateDatabase(db, dataDir, QStringLiteral("forecast"), err))
        return 1;
    if (!endMs) {
        capacity::RollupRepository repo(db);
        const auto stats = repo.stats();
        if (!stats) {
            err << "opsdeck forecast: " << repo.lastError() << '\n';
            return 1;
        }
        const qint64 newest = step == kMinuteMs ? stats->newestMinuteMs : stats->newestHourMs;
        endMs = newest > 0 ? newest : QDateTime::currentMSecsSinceEpoch();
    }
    // The grid the loader puts samples on: bucket starts.
    const qint64 end = (*endMs / step) * step;
    const qint64 start = ((end - window + step - 1) / step) * step;
    const QString noHistory
        = Tr::tr("no capacity history between %1 and %2; import some with `opsdeck import history`")
              .arg(isoTime(start), isoTime(end));

    // Up to the end of the newest bucket, unless that bucket is still being filled.
    const qint64 loadEnd = std::min(end + step, QDateTime::currentMSecsSinceEpoch());
    capacity::HistorySource history
        = capacity::CapacityService::history(db, capacity::HistoryWindow { start, loadEnd, step });
    const capacity::HistoryLoad& load = history.load;
    if (!load.store) {
        err << "opsdeck forecast: " << (load.error.isEmpty() ? noHistory : load.error) << '\n';
        return 1;
    }
    if (load.sampleCount == 0) {
        err << "opsdeck forecast: " << noHistory << '\n';
        return 1;
    }
    const query::QueryResult result = history.source->range(expr, start, end, step);
    if (!result.ok) {
        err << "opsdeck forecast: " << result.error << '\n';
        return 1;
    }
    if (result.series.isEmpty()) {
        err << "opsdeck forecast: "
            << Tr::tr("the query returned no series between %1 and %2 (%3 series of history loaded)")
                   .arg(isoTime(start), isoTime(end))
                   .arg(load.seriesCount)
            << '\n';
        return 1;
    }

    const int horizonSteps = int(*horizonMs / step);
    const qsizetype gridSize = qsizetype((end - start) / step) + 1;
    QJsonArray seriesJson;
    for (const query::ResultSeries& s : result.series) {
        capacity::Series series;
        series.startMs = start;
        series.stepMs = step;
        series.values = QList<double>(gridSize, std::nan(""));
        qsizetype known = 0, lastKnown = -1;
        for (const metrics::Sample& p : s.points) {
            const qint64 idx = (p.timestampMs - start) / step;
            if (idx >= 0 && idx < gridSize && std::isfinite(p.value)) {
                series.values[idx] = p.value;
                ++known;
                lastKnown = std::max<qsizetype>(lastKnown, idx);
            }
        }
        // Forecast from the last known point, not from a flat-filled tail.
        series.values.resize(lastKnown + 1);
        const capacity::ForecastResult f = capacity::forecast(series, horizonSteps);
        const QString problem = f.points.isEmpty()
            ? Tr::tr("%1 points of history; a forecast needs at least 8").arg(known)
            : QString();

        if (json) {
            QJsonObject labels;
            for (const metrics::Label& l : s.labels)
                labels.insert(QString::fromUtf8(l.name), QString::fromUtf8(l.value));
            QJsonArray points;
            for (const capacity::ForecastPoint& p : f.points) {
                points.append(QJsonObject { { QStringLiteral("time"), isoTime(p.timeMs) },
                    { QStringLiteral("timestamp"), double(p.timeMs) / 1000.0 },
                    { QStringLiteral("value"), number(p.value) }, { QStringLiteral("lower80"), number(p.lower80) },
                    { QStringLiteral("upper80"), number(p.upper80) },
                    { QStringLiteral("lower95"), number(p.lower95) },
                    { QStringLiteral("upper95"), number(p.upper95) } });
            }
            QJsonArray scores;
            for (const capacity::ModelScore& sc : f.scores) {
                scores.append(QJsonObject { { QStringLiteral("model"), capacity::modelName(sc.model) },
                    { QStringLiteral("mase"), number(sc.mase) }, { QStringLiteral("smape"), number(sc.smape) } });
            }
            QJsonObject o { { QStringLiteral("labels"), labels },
                { QStringLiteral("model"), f.points.isEmpty() ? QJsonValue() : QJsonValue(f.modelName) },
                { QStringLiteral("seasonSteps"), f.seasonSteps },
                { QStringLiteral("seasonSeconds"), double(f.seasonSteps) * double(step) / 1000.0 },
                { QStringLiteral("mase"), number(f.mase) }, { QStringLiteral("smape"), number(f.smape) },
                { QStringLiteral("historyPoints"), double(known) }, { QStringLiteral("scores"), scores },
                { QStringLiteral("points"), points } };
            if (!problem.isEmpty())
                o.insert(QStringLiteral("error"), problem);
            seriesJson.append(o);
            continue;
        }

        out << labelsText(s.labels) << '\n';
        if (f.points.isEmpty()) {
            out << "  " << Tr::tr("no forecast: %1").arg(problem) << "\n\n";
            continue;
        }
        const QString season = f.seasonSteps > 0
            ? Tr::tr("%1 steps (%2 h)").arg(f.seasonSteps).arg(double(f.seasonSteps) * double(step) / kHourMs)
            : Tr::tr("none");
        out << "  "
            << Tr::tr("model: %1   season: %2   MASE: %3   sMAPE: %4 %   history: %5 points")
                   .arg(f.modelName, season, fmt(f.mase), fmt(f.smape))
                   .arg(known)
            << '\n';
        out << "  " << qSetFieldWidth(18) << Qt::left << Tr::tr("TIME (UTC)") << Qt::right << qSetFieldWidth(13)
            << Tr::tr("VALUE") << Tr::tr("LOWER95") << Tr::tr("LOWER80") << Tr::tr("UPPER80") << Tr::tr("UPPER95")
            << qSetFieldWidth(0) << '\n';
        for (const capacity::ForecastPoint& p : f.points) {
            out << "  " << qSetFieldWidth(18) << Qt::left << shortTime(p.timeMs) << Qt::right << qSetFieldWidth(13)
                << fmt(p.value) << fmt(p.lower95) << fmt(p.lower80) << fmt(p.upper80) << fmt(p.upper95)
                << qSetFieldWidth(0) << '\n';
        }
        out << '\n';
    }
    if (json) {
        const QJsonObject doc { { QStringLiteral("query"), expr }, { QStringLiteral("from"), isoTime(start) },
            { QStringLiteral("to"), isoTime(end) }, { QStringLiteral("stepSeconds"), double(step) / 1000.0 },
            { QStringLiteral("horizonSeconds"), double(*horizonMs) / 1000.0 },
            { QStringLiteral("series"), seriesJson } };
        out << QJsonDocument(doc).toJson(QJsonDocument::Indented);
    }
    return 0;
}
