// `opsdeck cache simulate`: the policy choice checked on any recorded key trace.
#include "CacheSimulateCommand.h"

#include "cache/CacheSimulator.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <optional>

using namespace opsdeck;

namespace {

const char* const kUsage
    = "Usage: opsdeck cache simulate --trace FILE --size N[,N...] [--policy NAME[,NAME...]|all] [--json]\n";

int usageError(QTextStream& err, const QString& message)
{
    err << "opsdeck cache simulate: " << message << '\n' << kUsage;
    err.flush();
    return 2;
}

// "1000", "10k", "2M": a positive number of entries.
std::optional<qint64> parseSize(QString text)
{
    text = text.trimmed();
    qint64 factor = 1;
    if (text.endsWith(QLatin1Char('k'), Qt::CaseInsensitive))
        factor = 1000;
    else if (text.endsWith(QLatin1Char('M')))
        factor = 1000 * 1000;
    if (factor != 1)
        text.chop(1);
    bool ok = false;
    const qint64 n = text.toLongLong(&ok);
    if (!ok || n <= 0 || n > (qint64(1) << 40) / factor)
        return std::nullopt;
    return n * factor;
}

QString percent(double ratio)
{
    return QString::number(ratio * 100.0, 'f', 2);
}

} // namespace

int runCacheSimulateCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    const QCommandLineOption traceOpt(QStringLiteral("trace"),
        QStringLiteral("Key trace: one key per line, in request order."), QStringLiteral("file"));
    const QCommandLineOption sizeOpt(QStringLiteral("size"),
        QStringLiteral("Cache sizes in entries, comma-separated (10k = 10000)."), QStringLiteral("n[,n...]"));
    const QCommandLineOption policyOpt(QStringLiteral("policy"),
        QStringLiteral("lru, sieve, s3fifo, tinylfu (comma-separated) or all (default)."), QStringLiteral("name"),
        QStringLiteral("all"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Print JSON."));
    const QCommandLineOption helpOpt(
        QStringList { QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show this help."));
    parser.addOptions({ traceOpt, sizeOpt, policyOpt, jsonOpt, helpOpt });

    if (!parser.parse(QStringList { QStringLiteral("opsdeck cache simulate") } + args))
        return usageError(err, parser.errorText());
    if (parser.isSet(helpOpt)) {
        out << kUsage << "\nReplays the trace through each L1 policy and Belady's optimal (MIN) and prints\n"
            << "the hit ratio per policy and size.\n\n"
            << parser.helpText().section(QLatin1Char('\n'), 2);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            err, QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
    if (!parser.isSet(traceOpt))
        return usageError(err, QStringLiteral("missing --trace FILE"));
    if (!parser.isSet(sizeOpt))
        return usageError(err, QStringLiteral("missing --size N[,N...]"));

    QList<qint64> sizes;
    for (const QString& part : parser.value(sizeOpt).split(QLatin1Char(','))) {
        const auto size = parseSize(part);
        if (!size)
            return usageError(
                err, QStringLiteral("--size: '%1' is not a positive number of entries").arg(part.trimmed()));
        if (!sizes.contains(*size))
            sizes.append(*size);
    }

    QList<cache::PolicyKind> policies;
    for (const QString& part : parser.value(policyOpt).split(QLatin1Char(','))) {
        const QString name = part.trimmed();
        if (name.compare(QLatin1String("all"), Qt::CaseInsensitive) == 0) {
            policies = cache::allPolicies();
            break;
        }
        const auto kind = cache::policyFromName(name);
        if (!kind) {
            QStringList known;
            for (const cache::PolicyKind k : cache::allPolicies())
                known.append(cache::policyName(k));
            return usageError(err,
                QStringLiteral("--policy: unknown policy '%1' (known: %2, all)")
                    .arg(name, known.join(QStringLiteral(", "))));
        }
        if (!policies.contains(*kind))
            policies.append(*kind);
    }

    const QString path = parser.value(traceOpt);
    QString error;
    const auto trace = cache::KeyTrace::readFile(path, &error);
    if (!trace) {
        err << "opsdeck cache simulate: " << error << '\n';
        return 1;
    }
    if (trace->requests.empty()) {
        err << "opsdeck cache simulate: " << QStringLiteral("%1 holds no key").arg(path) << '\n';
        return 1;
    }

    QList<cache::SimulationResult> results;
    for (const qint64 size : std::as_const(sizes)) {
        for (const cache::PolicyKind kind : std::as_const(policies))
            results.append(cache::simulatePolicy(*trace, kind, size));
        results.append(cache::simulateBelady(*trace, size));
    }

    QStringList columns;
    for (const cache::PolicyKind kind : std::as_const(policies))
        columns.append(cache::policyName(kind));
    columns.append(QStringLiteral("belady"));

    if (parser.isSet(jsonOpt)) {
        QJsonArray sizeArray, policyArray, resultArray;
        for (const qint64 size : std::as_const(sizes))
            sizeArray.append(size);
        for (const QString& c : std::as_const(columns))
            policyArray.append(c);
        for (const auto& r : std::as_const(results))
            resultArray.append(
                QJsonObject { { QStringLiteral("policy"), r.policy }, { QStringLiteral("size"), r.size },
                    { QStringLiteral("hits"), r.hits }, { QStringLiteral("hitRatio"), r.hitRatio() } });
        const QJsonObject doc { { QStringLiteral("trace"), path },
            { QStringLiteral("requests"), qint64(trace->requests.size()) },
            { QStringLiteral("distinctKeys"), trace->distinctKeys }, { QStringLiteral("sizes"), sizeArray },
            { QStringLiteral("policies"), policyArray }, { QStringLiteral("results"), resultArray } };
        out << QJsonDocument(doc).toJson(QJsonDocument::Indented);
        return 0;
    }

    out << "trace " << QFileInfo(path).fileName() << ": " << qint64(trace->requests.size()) << " requests, "
        << trace->distinctKeys << " distinct keys\n";
    out << "hit ratio in % by cache size (entries); belady is the optimum (upper bound)\n";
    constexpr int kWidth = 9;
    out << QStringLiteral("size").leftJustified(10);
    for (const QString& c : std::as_const(columns))
        out << c.rightJustified(kWidth);
    out << '\n';
    qsizetype i = 0;
    for (const qint64 size : std::as_const(sizes)) {
        out << QString::number(size).leftJustified(10);
        for (qsizetype c = 0; c < columns.size(); ++c)
            out << percent(results[i++].hitRatio()).rightJustified(kWidth);
        out << '\n';
    }
    return 0;
}
