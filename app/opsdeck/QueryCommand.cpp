// `opsdeck query`: evaluates a PromQL-subset expression over history imported
// from a text exposition and/or series scraped live for a while, and prints
// the body Prometheus's /api/v1/query or /api/v1/query_range would return
// (Prometheus HTTP API v1 response format), errors included, on stdout.
#include "QueryCommand.h"

#include "CommandSupport.h"
#include "EngineConfigFile.h"

#include "cache/CacheService.h"

#include "metrics/Duration.h"
#include "metrics/SeriesStore.h"
#include "query/LocalQuerySource.h"
#include "query/PrometheusQuerySource.h"
#include "query/QueryResultJson.h"
#include "query/TextImport.h"
#include "scrape/ScrapeManager.h"
#include "sources/DataSourceRepository.h"
#include "storage/Database.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QStandardPaths>
#include <QTimer>
#include <QUrl>

#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <optional>

using namespace opsdeck;

namespace {

// Prometheus rejects range queries with more points per series than this.
constexpr qint64 kMaxRangePoints = 11'000;

// A data source by name: from the headless file's data_sources when configPath
// is set, else from the state database's (the console's Settings -> Data sources).
std::optional<query::RemoteSourceConfig> configuredSource(
    const QString& name, const QString& configPath, const QString& dataDir, QString* problem)
{
    QList<query::RemoteSourceConfig> known;
    QString where;
    if (!configPath.isEmpty()) {
        QList<config::ConfigIssue> issues;
        const auto file = EngineConfigFile::load(configPath, &issues);
        if (!file) {
            *problem
                = issues.isEmpty() ? QStringLiteral("cannot read %1").arg(configPath) : issues.first().toString();
            return std::nullopt;
        }
        known = file->dataSources;
        where = configPath;
    } else {
        storage::Database db;
        const QString dir = dataDir.isEmpty() ? storage::Database::defaultDirectory() : dataDir;
        if (dir.isEmpty() || !db.open(dir)) {
            *problem = QStringLiteral("cannot open the state database to look up '%1': %2")
                           .arg(name, dir.isEmpty() ? QStringLiteral("no data folder") : db.lastError());
            return std::nullopt;
        }
        sources::DataSourceRepository repo(db);
        const auto stored = repo.list();
        if (!stored) {
            *problem = repo.lastError();
            return std::nullopt;
        }
        known = *stored;
        where = db.filePath();
    }
    QStringList names;
    for (const auto& c : std::as_const(known)) {
        if (c.name == name)
            return c;
        names.append(c.name);
    }
    *problem = names.isEmpty()
        ? QStringLiteral("no data source named '%1' (none configured in %2)").arg(name, where)
        : QStringLiteral("no data source named '%1' in %2 (configured: %3)")
              .arg(name, where, names.join(QStringLiteral(", ")));
    return std::nullopt;
}

void writeOut(const QByteArray& bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void writeErr(const QString& text)
{
    const QByteArray bytes = QByteArrayLiteral("opsdeck query: ") + text.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
}

// Errors go to stdout in the API's shape (scripts parse one format) and, in
// words, to stderr. Exit 2 for a usage error, 1 otherwise.
int fail(const QString& errorType, const QString& message, int exitCode = 1)
{
    writeOut(query::QueryResultJson::errorJson(errorType, message));
    writeErr(message);
    return exitCode;
}

// Seconds as a float ("15", "0.5") or a Prometheus duration ("1m30s", "500ms", "1d").
std::optional<qint64> parseDuration(const QString& text)
{
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (ok && std::isfinite(seconds))
        return std::llround(seconds * 1000.0);
    return metrics::parseDuration(text);
}

QString invalidParameter(const QString& name, const QString& value, const char* what)
{
    return QStringLiteral("invalid parameter \"%1\": cannot parse \"%2\" to a valid %3")
        .arg(name, value, QLatin1String(what));
}

} // namespace

int runQueryCommand(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Evaluates a PromQL expression and prints the JSON body Prometheus's /api/v1/query\n"
        "(or /api/v1/query_range with --start/--end/--step) would return. Data comes from a\n"
        "text exposition with timestamps (--import) and/or targets scraped for a while (--target)."));
    parser.addPositionalArgument(QStringLiteral("EXPR"), QStringLiteral("PromQL expression"));
    const QCommandLineOption timeOpt(QStringLiteral("time"),
        QStringLiteral("Instant query at <t>: unix seconds or RFC 3339 (default: now)."), QStringLiteral("t"));
    const QCommandLineOption startOpt(QStringLiteral("start"),
        QStringLiteral("Range query start (unix seconds or RFC 3339)."), QStringLiteral("t"));
    const QCommandLineOption endOpt(
        QStringLiteral("end"), QStringLiteral("Range query end (unix seconds or RFC 3339)."), QStringLiteral("t"));
    const QCommandLineOption stepOpt(QStringLiteral("step"),
        QStringLiteral("Range query step: 15s, 1m, or seconds."), QStringLiteral("duration"));
    const QCommandLineOption importOpt(QStringLiteral("import"),
        QStringLiteral("Load history from <file>: OpenMetrics text ending in \"# EOF\" (seconds timestamps) or "
                       "Prometheus text 0.0.4 (millisecond timestamps)."),
        QStringLiteral("file"));
    const QCommandLineOption targetOpt(QStringLiteral("target"),
        QStringLiteral("Scrape <url> (repeatable) before querying."), QStringLiteral("url"));
    const QCommandLineOption scrapeForOpt(QStringLiteral("scrape-for"),
        QStringLiteral("Scrape the targets for <duration> (default 10s)."), QStringLiteral("duration"),
        QStringLiteral("10s"));
    const QCommandLineOption intervalOpt(QStringLiteral("scrape-interval"),
        QStringLiteral("Scrape interval (default 1s)."), QStringLiteral("duration"), QStringLiteral("1s"));
    const QCommandLineOption sourceOpt(QStringLiteral("source"),
        QStringLiteral("Query a remote Prometheus-compatible server instead of imported or scraped data: its "
                       "base URL (e.g. http://prom:9090) or the name of a configured data source."),
        QStringLiteral("url|name"));
    const QCommandLineOption configOpt(QStringLiteral("config"),
        QStringLiteral("With --source NAME: look the name up in this headless config file's data_sources "
                       "(default: the console's data sources in the state database)."),
        QStringLiteral("file"));
    const QCommandLineOption dataDirOpt(QStringLiteral("data-dir"),
        QStringLiteral("With --source NAME: the state database's folder (default: the console's)."),
        QStringLiteral("dir"));
    const QCommandLineOption tokenFileOpt(QStringLiteral("bearer-token-file"),
        QStringLiteral("With --source: send the token in this file as a bearer token."), QStringLiteral("file"));
    const QCommandLineOption timeoutOpt(QStringLiteral("timeout"),
        QStringLiteral("With --source: give up after this long (default 10s)."), QStringLiteral("duration"),
        QStringLiteral("10s"));
    const QCommandLineOption noCacheOpt(QStringLiteral("no-cache"),
        QStringLiteral("With --source: ask the server for everything, bypassing the query-result cache."));
    const QCommandLineOption helpOpt(
        QStringList { QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show this help."));
    parser.addOptions({ timeOpt, startOpt, endOpt, stepOpt, importOpt, targetOpt, scrapeForOpt, intervalOpt,
        sourceOpt, configOpt, dataDirOpt, tokenFileOpt, timeoutOpt, noCacheOpt, helpOpt });

    const QString usageLine = QStringLiteral(
        "Usage: opsdeck query EXPR [--time T] [--start S --end E --step D] [--import FILE]\n"
        "                          [--target URL ... [--scrape-for DUR] [--scrape-interval DUR]]\n"
        "       opsdeck query --source URL|NAME [--config FILE | --data-dir DIR] [--bearer-token-file F]\n"
        "                          [--timeout DUR] [--no-cache] [--time T | --start S --end E --step D] [--] "
        "EXPR\n");
    // An expression may start with '-' (`opsdeck query '-x % 7'`): a first
    // argument that names none of the options is the expression, as if it came
    // after "--"; "--" itself still separates options from the expression.
    QStringList arguments = args;
    if (!arguments.isEmpty() && arguments.first().startsWith(u'-') && arguments.first() != QLatin1String("--")) {
        QString name = arguments.first().section(u'=', 0, 0);
        name.remove(0, name.startsWith(QLatin1String("--")) ? 2 : 1);
        bool known = false;
        for (const QCommandLineOption& o :
            { timeOpt, startOpt, endOpt, stepOpt, importOpt, targetOpt, scrapeForOpt, intervalOpt, sourceOpt,
                configOpt, dataDirOpt, tokenFileOpt, timeoutOpt, noCacheOpt, helpOpt })
            known = known || o.names().contains(name);
        if (!known) {
            const QString expression = arguments.takeFirst();
            const qsizetype separator = arguments.indexOf(QStringLiteral("--"));
            if (separator < 0)
                arguments << QStringLiteral("--") << expression;
            else
                arguments.insert(separator + 1, expression);
        }
    }
    if (!parser.parse(QStringList { QStringLiteral("opsdeck query") } + arguments)) {
        std::fputs(usageLine.toUtf8().constData(), stderr);
        return fail(QStringLiteral("bad_data"), parser.errorText(), 2);
    }
    if (parser.isSet(helpOpt)) {
        const QByteArray help = (usageLine + parser.helpText().section(QLatin1Char('\n'), 1)).toUtf8();
        std::fwrite(help.constData(), 1, size_t(help.size()), stdout);
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        std::fputs(usageLine.toUtf8().constData(), stderr);
        return fail(QStringLiteral("bad_data"),
            positional.isEmpty()
                ? QStringLiteral("missing expression")
                : QStringLiteral("expected one expression, got %1 (quote it)").arg(positional.size()),
            2);
    }
    const QString expr = positional.first();

    // Time parameters, checked as Prometheus's API checks them.
    const bool isRange = parser.isSet(startOpt) || parser.isSet(endOpt) || parser.isSet(stepOpt);
    qint64 timeMs = QDateTime::currentMSecsSinceEpoch();
    qint64 startMs = 0, endMs = 0, stepMs = 0;
    if (isRange) {
        if (parser.isSet(timeOpt))
            return fail(QStringLiteral("bad_data"),
                QStringLiteral("--time cannot be combined with --start/--end/--step"), 2);
        if (!parser.isSet(startOpt) || !parser.isSet(endOpt) || !parser.isSet(stepOpt))
            return fail(
                QStringLiteral("bad_data"), QStringLiteral("a range query needs --start, --end and --step"), 2);
        const auto s = parseTime(parser.value(startOpt));
        if (!s)
            return fail(QStringLiteral("bad_data"),
                invalidParameter(QStringLiteral("start"), parser.value(startOpt), "timestamp"));
        const auto e = parseTime(parser.value(endOpt));
        if (!e)
            return fail(QStringLiteral("bad_data"),
                invalidParameter(QStringLiteral("end"), parser.value(endOpt), "timestamp"));
        const auto d = parseDuration(parser.value(stepOpt));
        if (!d)
            return fail(QStringLiteral("bad_data"),
                invalidParameter(QStringLiteral("step"), parser.value(stepOpt), "duration"));
        startMs = *s;
        endMs = *e;
        stepMs = *d;
        if (endMs < startMs)
            return fail(QStringLiteral("bad_data"), QStringLiteral("end timestamp must not be before start time"));
        if (stepMs <= 0)
            return fail(QStringLiteral("bad_data"),
                QStringLiteral(
                    "zero or negative query resolution step widths are not accepted. Try a positive integer"));
        if ((endMs - startMs) / stepMs > kMaxRangePoints)
            return fail(QStringLiteral("bad_data"),
                QStringLiteral("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the "
                               "query resolution (?step=XX)"));
    } else if (parser.isSet(timeOpt)) {
        const auto t = parseTime(parser.value(timeOpt));
        if (!t)
            return fail(QStringLiteral("bad_data"),
                invalidParameter(QStringLiteral("time"), parser.value(timeOpt), "timestamp"));
        timeMs = *t;
    }

    if (parser.isSet(sourceOpt)) {
        if (parser.isSet(importOpt) || parser.isSet(targetOpt))
            return fail(QStringLiteral("bad_data"),
                QStringLiteral("--source cannot be combined with --import or --target"), 2);
        const QString sourceText = parser.value(sourceOpt);
        query::RemoteSourceConfig config;
        if (sourceText.contains(QLatin1String("://"))) {
            config.url = QUrl(sourceText, QUrl::StrictMode);
            if (!config.url.isValid()
                || (config.url.scheme() != QLatin1String("http") && config.url.scheme() != QLatin1String("https")))
                return fail(QStringLiteral("bad_data"),
                    QStringLiteral("--source: '%1' is not an http:// or https:// URL").arg(sourceText), 2);
            config.name = config.url.toString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
        } else {
            QString problem;
            const auto named
                = configuredSource(sourceText, parser.value(configOpt), parser.value(dataDirOpt), &problem);
            if (!named)
                return fail(QStringLiteral("bad_data"), QStringLiteral("--source: ") + problem, 2);
            config = *named;
        }
        if (parser.isSet(timeoutOpt) || config.timeoutMs <= 0) {
            const auto timeout = parseDuration(parser.value(timeoutOpt));
            if (!timeout || *timeout <= 0)
                return fail(QStringLiteral("bad_data"),
                    invalidParameter(QStringLiteral("timeout"), parser.value(timeoutOpt), "duration"), 2);
            config.timeoutMs = *timeout;
        }
        if (parser.isSet(tokenFileOpt)) {
            QFile tokenFile(parser.value(tokenFileOpt));
            if (!tokenFile.open(QIODevice::ReadOnly))
                return fail(QStringLiteral("bad_data"),
                    QStringLiteral("--bearer-token-file: cannot read %1: %2")
                        .arg(tokenFile.fileName(), tokenFile.errorString()),
                    2);
            config.bearerToken = QString::fromUtf8(tokenFile.readAll().trimmed());
        }
        // The server parses the expression: it may support more than the local subset.
        // Through the query-result cache (the headless file's cache: section, else the
        // defaults), so a repeated query reads the pieces L3 kept from an earlier run.
        auto remote = std::make_shared<const query::PrometheusQuerySource>(config);
        std::unique_ptr<cache::CacheService> cache;
        std::shared_ptr<const query::QuerySource> source = remote;
        if (!parser.isSet(noCacheOpt)) {
            cache::CacheConfig cacheConfig;
            if (parser.isSet(configOpt)) {
                if (const auto file = EngineConfigFile::load(parser.value(configOpt), nullptr))
                    cacheConfig = file->cache;
            }
            // L3 in the state database of --data-dir, or in the console's when it exists;
            // a one-shot command never creates a state database of its own.
            QString l3;
            if (parser.isSet(dataDirOpt)) {
                QDir().mkpath(parser.value(dataDirOpt));
                l3 = QDir(parser.value(dataDirOpt)).filePath(QStringLiteral("opsdeck.sqlite"));
            } else if (const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
                       !dir.isEmpty()) {
                if (QFile::exists(QDir(dir).filePath(QStringLiteral("opsdeck.sqlite"))))
                    l3 = QDir(dir).filePath(QStringLiteral("opsdeck.sqlite"));
            }
            cache = std::make_unique<cache::CacheService>(cacheConfig, l3, nullptr);
            source = cache->decorate(remote, config.name, &config);
        }
        const query::QueryResult result
            = isRange ? source->range(expr, startMs, endMs, stepMs) : source->instant(expr, timeMs);
        writeOut(query::QueryResultJson::toJson(result));
        for (const QString& warning : result.warnings)
            writeErr(QStringLiteral("warning: ") + warning);
        if (!result.ok) {
            writeErr(result.error);
            return 1;
        }
        return 0;
    }

    // Reject a bad expression before loading anything.
    if (const QString problem = query::QueryEngine::check(expr); !problem.isEmpty())
        return fail(QStringLiteral("bad_data"), problem);

    const QStringList targets = parser.values(targetOpt);
    if (!parser.isSet(importOpt) && targets.isEmpty())
        return fail(QStringLiteral("bad_data"),
            QStringLiteral("no data to query: give --import FILE and/or --target URL"), 2);

    metrics::RetentionPolicy keepAll;
    keepAll.maxAgeMs = std::numeric_limits<qint64>::max() / 2;
    keepAll.maxBytes = std::numeric_limits<qint64>::max() / 2;
    metrics::SeriesStore store(keepAll);

    // The import finishes before any scrape starts: the store has one writer at a time.
    std::optional<query::ImportResult> imported;
    if (parser.isSet(importOpt)) {
        const query::ImportResult r = query::TextImport::importFile(parser.value(importOpt), &store);
        if (!r.ok)
            return fail(QStringLiteral("bad_data"), QStringLiteral("import ") + r.error);
        imported = r;
    }

    if (!targets.isEmpty()) {
        const auto scrapeFor = parseDuration(parser.value(scrapeForOpt));
        if (!scrapeFor || *scrapeFor <= 0)
            return fail(QStringLiteral("bad_data"),
                invalidParameter(QStringLiteral("scrape-for"), parser.value(scrapeForOpt), "duration"), 2);
        const auto interval = parseDuration(parser.value(intervalOpt));
        if (!interval || *interval < scrape::ScrapeTarget::kMinIntervalMs)
            return fail(QStringLiteral("bad_data"),
                QStringLiteral("--scrape-interval must be at least %1 ms")
                    .arg(scrape::ScrapeTarget::kMinIntervalMs),
                2);

        scrape::ScrapeManager manager(&store);
        for (const QString& url : targets) {
            scrape::ScrapeTarget target;
            target.url = QUrl(url, QUrl::StrictMode);
            target.intervalMs = int(*interval);
            target.timeoutMs = int(std::min<qint64>(*interval, 10'000));
            QString error;
            if (manager.addTarget(target, &error) == 0)
                return fail(QStringLiteral("bad_data"), QStringLiteral("target %1: %2").arg(url, error), 2);
        }
        QEventLoop loop;
        QTimer::singleShot(std::chrono::milliseconds(*scrapeFor), &loop, &QEventLoop::quit);
        loop.exec();
        // Evaluate at the end of the scrape window unless told otherwise.
        if (!isRange && !parser.isSet(timeOpt))
            timeMs = QDateTime::currentMSecsSinceEpoch();
        for (const scrape::TargetStatus& status : manager.targets())
            if (status.health != scrape::TargetHealth::Up)
                writeErr(QStringLiteral("target %1 is down: %2")
                             .arg(status.target.url.toDisplayString(),
                                 status.lastError.isEmpty() ? QStringLiteral("no successful scrape")
                                                            : status.lastError));
    } // the manager (and its writer thread) stops here, before the engine reads

    const query::LocalQuerySource source(&store);
    query::QueryResult result
        = isRange ? source.range(expr, startMs, endMs, stepMs) : source.instant(expr, timeMs);
    // Stable output: series by label set, as Prometheus orders range results.
    query::QueryResultJson::sortForOutput(result, expr, isRange);
    writeOut(query::QueryResultJson::toJson(result));
    if (!result.ok) {
        writeErr(result.error);
        return 1;
    }

    // A common surprise with history files: the default time is now, long after the data.
    const bool empty = result.type != query::ValueType::Scalar && result.series.isEmpty();
    if (empty && imported && imported->sampleCount > 0 && targets.isEmpty()) {
        const qint64 from = isRange ? startMs : timeMs;
        if (from > imported->maxTimestampMs + 5 * 60 * 1000
            || (isRange ? endMs : timeMs) < imported->minTimestampMs)
            writeErr(
                QStringLiteral("note: the imported history covers %1 .. %2; use --time or --start/--end within it")
                    .arg(QDateTime::fromMSecsSinceEpoch(imported->minTimestampMs, Qt::UTC)
                             .toString(Qt::ISODateWithMs),
                        QDateTime::fromMSecsSinceEpoch(imported->maxTimestampMs, Qt::UTC)
                            .toString(Qt::ISODateWithMs)));
    }
    return 0;
}
