// `opsdeck import history ...`: history a user already has (NAB-style CSV,
// OpenMetrics / Prometheus text with timestamps) turned into capacity
// rollups in the state database. Thin: parsing of exposition text is
// query::TextImport's, of CSV capacity::HistoryCsv's, the arithmetic capacity::rollupStore's, storage
// capacity::RollupRepository's. The whole file is read and checked before
// anything is written, so a bad line never leaves half an import behind.
#include "ImportCommand.h"

#include "CommandSupport.h"

#include "capacity/HistoryCsv.h"
#include "capacity/Rollup.h"
#include "capacity/RollupRepository.h"
#include "metrics/SeriesStore.h"
#include "query/TextImport.h"
#include "storage/Database.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(ImportCommand)
};

const char* const kUsage
    = "Usage: opsdeck import history FILE --metric NAME [--label k=v ...] [--data-dir D]\n"
      "  FILE: CSV \"timestamp,value\" (optional header; timestamps as \"2014-04-10 00:02:00\""
      " (UTC),\n"
      "        ISO 8601, Unix seconds or milliseconds), or OpenMetrics / Prometheus text"
      " with timestamps\n";

struct ImportArgs
{
    QString file;
    QString metric;
    QList<opsdeck::metrics::Label> labels;
    QString dataDir;
};

int usageError(QTextStream& err, const QString& problem)
{
    err << "opsdeck import: " << problem << '\n' << kUsage;
    err.flush();
    return 2;
}

std::optional<ImportArgs> parseArgs(const QStringList& args, QString* problem)
{
    ImportArgs a;
    const auto valueOf = [&](qsizetype& i, const QString& option) -> std::optional<QString> {
        const QString& arg = args.at(i);
        if (arg.startsWith(option + QLatin1Char('=')))
            return arg.mid(option.size() + 1);
        if (i + 1 >= args.size()) {
            *problem = Tr::tr("%1 needs a value").arg(option);
            return std::nullopt;
        }
        return args.at(++i);
    };
    const auto isOption = [](const QString& arg, const char* name) {
        const QLatin1String n(name);
        return arg == n || arg.startsWith(n + QLatin1Char('='));
    };
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& arg = args.at(i);
        if (isOption(arg, "--metric")) {
            const auto v = valueOf(i, QStringLiteral("--metric"));
            if (!v)
                return std::nullopt;
            a.metric = *v;
        } else if (isOption(arg, "--data-dir")) {
            const auto v = valueOf(i, QStringLiteral("--data-dir"));
            if (!v)
                return std::nullopt;
            a.dataDir = *v;
        } else if (isOption(arg, "--label")) {
            const auto v = valueOf(i, QStringLiteral("--label"));
            if (!v)
                return std::nullopt;
            const qsizetype eq = v->indexOf(QLatin1Char('='));
            const QByteArray name = eq > 0 ? v->left(eq).toUtf8() : QByteArray();
            if (eq <= 0 || !opsdeck::metrics::isValidLabelName(name) || name.startsWith("__")) {
                *problem = Tr::tr("--label needs name=value with a label name like \"host\", not \"%1\"").arg(*v);
                return std::nullopt;
            }
            a.labels.append({ name, v->mid(eq + 1).toUtf8() });
        } else if (arg.startsWith(QLatin1String("--")) || !a.file.isEmpty()) {
            *problem = Tr::tr("unexpected argument \"%1\"").arg(arg);
            return std::nullopt;
        } else {
            a.file = arg;
        }
    }
    if (a.file.isEmpty()) {
        *problem = Tr::tr("no file given");
        return std::nullopt;
    }
    static const QRegularExpression metricName(QStringLiteral("^[a-zA-Z_:][a-zA-Z0-9_:]*$"));
    if (!a.metric.isEmpty() && !metricName.match(a.metric).hasMatch()) {
        *problem = Tr::tr("\"%1\" is not a metric name").arg(a.metric);
        return std::nullopt;
    }
    return a;
}

struct Loaded
{
    qint64 samples = 0;
    qint64 duplicates = 0;
    qint64 minMs = 0;
    qint64 maxMs = 0;
};

// The whole file is parsed before anything is appended: an error anywhere leaves the store empty.
bool loadCsv(const QString& path, const QByteArray& data, const opsdeck::metrics::Labels& labels,
    opsdeck::metrics::SeriesStore& store, Loaded* loaded, QString* error)
{
    const opsdeck::capacity::HistoryCsv csv = opsdeck::capacity::HistoryCsv::parse(data, path);
    if (!csv.error.isEmpty()) {
        *error = csv.error;
        return false;
    }
    const opsdeck::metrics::SeriesRef ref = store.getOrCreate(labels);
    for (const auto& s : csv.samples) {
        if (store.append(ref, s.timestampMs, s.value))
            ++loaded->samples;
        else
            ++loaded->duplicates; // the first value of a repeated timestamp is kept
    }
    loaded->minMs = csv.samples.constFirst().timestampMs;
    loaded->maxMs = csv.samples.constLast().timestampMs;
    return true;
}

bool loadExposition(const QString& path, const QByteArray& data, opsdeck::metrics::SeriesStore& store,
    Loaded* loaded, QString* error)
{
    const opsdeck::query::ImportResult r = opsdeck::query::TextImport::importText(data, &store);
    if (!r.ok) {
        if (r.errorLine > 0) {
            // "line 12, column 5: message" -> "FILE:12: message (column 5)"
            QString message = r.error;
            static const QRegularExpression prefix(QStringLiteral("^line \\d+, column \\d+: "));
            message.remove(prefix);
            *error = Tr::tr("%1:%2: %3 (column %4)").arg(path).arg(r.errorLine).arg(message).arg(r.errorColumn);
        } else {
            *error = Tr::tr("%1: %2").arg(path, r.error);
        }
        return false;
    }
    loaded->samples = r.sampleCount;
    loaded->duplicates = r.duplicateCount;
    loaded->minMs = r.minTimestampMs;
    loaded->maxMs = r.maxTimestampMs;
    return true;
}

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

qint64 countRows(const QList<opsdeck::capacity::RolledUpSeries>& batch)
{
    qint64 n = 0;
    for (const auto& s : batch)
        n += s.rows.size();
    return n;
}

int importHistory(const ImportArgs& a, QTextStream& out, QTextStream& err)
{
    using namespace opsdeck;
    QFile file(a.file);
    if (!file.open(QIODevice::ReadOnly)) {
        err << Tr::tr("opsdeck import: %1: %2").arg(a.file, file.errorString()) << '\n';
        return 1;
    }
    const QByteArray data = file.readAll();
    file.close();

    const bool csv = opsdeck::capacity::HistoryCsv::looksLikeCsv(a.file, data);
    if (csv && a.metric.isEmpty()) {
        return usageError(err, Tr::tr("a CSV file needs --metric NAME"));
    }

    // A store of its own with nothing dropped by age: the file may span years.
    metrics::RetentionPolicy keepAll;
    keepAll.maxAgeMs = std::numeric_limits<qint64>::max() / 4;
    keepAll.maxBytes = std::numeric_limits<qint64>::max() / 4;
    metrics::SeriesStore store(keepAll);
    Loaded loaded;
    QString error;
    const bool ok = csv
        ? loadCsv(a.file, data, metrics::Labels { { "__name__", a.metric.toUtf8() } }, store, &loaded, &error)
        : loadExposition(a.file, data, store, &loaded, &error);
    if (!ok) {
        err << "opsdeck import: " << error << '\n';
        return 1;
    }

    QList<QList<metrics::LabelMatcher>> selectors;
    if (!a.metric.isEmpty())
        selectors.append(
            { metrics::LabelMatcher(metrics::LabelMatcher::Type::Equal, "__name__", a.metric.toUtf8()) });
    const qint64 from = loaded.minMs;
    const qint64 to = loaded.maxMs + 1;
    QList<capacity::RolledUpSeries> minutes
        = capacity::rollupStore(store, capacity::RollupResolution::Minute, from, to, selectors);
    QList<capacity::RolledUpSeries> hours
        = capacity::rollupStore(store, capacity::RollupResolution::Hour, from, to, selectors);
    if (minutes.isEmpty()) {
        err << "opsdeck import: "
            << (a.metric.isEmpty() ? Tr::tr("%1: no samples with a value").arg(a.file)
                                   : Tr::tr("%1: no samples of metric \"%2\"").arg(a.file, a.metric))
            << '\n';
        return 1;
    }
    for (auto* batch : { &minutes, &hours }) {
        for (capacity::RolledUpSeries& s : *batch) {
            for (const metrics::Label& l : a.labels)
                s.labels = s.labels.with(l.name, l.value);
        }
    }
    qint64 sampleCount = 0;
    qint64 firstMs = std::numeric_limits<qint64>::max();
    qint64 lastMs = std::numeric_limits<qint64>::min();
    for (const capacity::RolledUpSeries& s : minutes) {
        for (const capacity::RollupRow& r : s.rows)
            sampleCount += r.count;
    }
    if (csv || a.metric.isEmpty()) {
        firstMs = loaded.minMs;
        lastMs = loaded.maxMs;
    } else {
        // --metric kept part of the file: its range, to the minute.
        for (const capacity::RolledUpSeries& s : minutes) {
            firstMs = std::min(firstMs, s.rows.constFirst().startMs);
            lastMs = std::max(lastMs, s.rows.constLast().startMs);
        }
    }

    storage::Database db;
    if (!openStateDatabase(db, a.dataDir, QStringLiteral("import"), err))
        return 1;
    capacity::RollupRepository repo(db);
    if (!repo.write(capacity::RollupResolution::Minute, minutes)
        || !repo.write(capacity::RollupResolution::Hour, hours)) {
        err << "opsdeck import: " << repo.lastError() << '\n';
        return 1;
    }
    out << Tr::tr("imported %1 samples of %2 series from %3 to %4 into %5: %6 minute and %7 hour rows written")
               .arg(sampleCount)
               .arg(minutes.size())
               .arg(isoTime(firstMs), isoTime(lastMs), db.filePath())
               .arg(countRows(minutes))
               .arg(countRows(hours));
    if (loaded.duplicates > 0)
        out << Tr::tr(" (%1 repeated timestamps skipped)").arg(loaded.duplicates);
    out << '\n';
    out.flush();
    return 0;
}

} // namespace

int runImportCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    if (args.isEmpty() || args.constFirst() == QLatin1String("--help")
        || args.constFirst() == QLatin1String("-h")) {
        (args.isEmpty() ? err : out) << kUsage;
        return args.isEmpty() ? 2 : 0;
    }
    if (args.constFirst() != QLatin1String("history"))
        return usageError(err, Tr::tr("unknown import \"%1\" (only \"history\")").arg(args.constFirst()));
    QString problem;
    const auto parsed = parseArgs(args.mid(1), &problem);
    if (!parsed)
        return usageError(err, problem);
    return importHistory(*parsed, out, err);
}
