#include "ScrapeCommand.h"

#include "metrics/Sample.h"
#include "scrape/ScrapeClient.h"

#include <QCommandLineParser>
#include <QFile>
#include <QTextStream>

#include <charconv>
#include <cmath>
#include <cstdio>

using namespace opsdeck;

namespace {

// Go's strconv.FormatFloat(v, 'g', -1, 64), as Prometheus prints values:
// shortest round-trip digits, exponent form below 1e-4 and from 1e6 up (Go shortest %g).
QByteArray formatValue(double v)
{
    if (std::isnan(v))
        return "NaN";
    if (std::isinf(v))
        return v > 0 ? "+Inf" : "-Inf";
    char buf[64];
    auto sci = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    const QByteArray scientific(buf, sci.ptr - buf);
    const int exponent = scientific.mid(scientific.indexOf('e') + 1).toInt();
    if (exponent < -4 || exponent >= 6)
        return scientific;
    auto fixed = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    return QByteArray(buf, fixed.ptr - buf);
}

void writeErr(const QString& text)
{
    const QByteArray bytes = QByteArrayLiteral("opsdeck scrape: ") + text.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
}

int usage(const QString& problem, const QString& helpText)
{
    if (!problem.isEmpty())
        writeErr(problem);
    const QByteArray help = helpText.toUtf8();
    std::fwrite(help.constData(), 1, size_t(help.size()), stderr);
    return 2;
}

} // namespace

int runScrapeCommand(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Scrapes one Prometheus-format endpoint once and prints its series, one per line,\n"
                       "grouped by family with # TYPE lines, labels sorted."));
    parser.addPositionalArgument(QStringLiteral("URL"), QStringLiteral("http(s)://host:port/metrics"));
    const QCommandLineOption tokenFile(QStringLiteral("token-file"),
        QStringLiteral("Send the bearer token read from <file>."), QStringLiteral("file"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
        QStringLiteral("Give up after <ms> milliseconds (default 10000)."), QStringLiteral("ms"),
        QStringLiteral("10000"));
    const QCommandLineOption caFile(QStringLiteral("ca-file"),
        QStringLiteral("Verify https targets against the PEM CA bundle <file>."), QStringLiteral("file"));
    const QCommandLineOption insecure(
        QStringLiteral("insecure"), QStringLiteral("Do not verify the https target's certificate."));
    const QCommandLineOption help(
        QStringList { QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show this help."));
    parser.addOptions({ tokenFile, timeout, caFile, insecure, help });

    const QString helpText = QStringLiteral("Usage: opsdeck scrape URL [--token-file FILE] [--timeout MS] "
                                            "[--ca-file FILE] [--insecure]\n");
    if (!parser.parse(QStringList { QStringLiteral("opsdeck scrape") } + args))
        return usage(parser.errorText(), helpText);
    if (parser.isSet(help)) {
        QTextStream(stdout) << helpText << parser.helpText().section(QLatin1Char('\n'), 1);
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usage(
            positional.isEmpty() ? QStringLiteral("missing URL") : QStringLiteral("expected one URL"), helpText);

    scrape::ScrapeTarget target;
    target.url = QUrl(positional.first(), QUrl::StrictMode);
    bool ok = false;
    target.timeoutMs = parser.value(timeout).toInt(&ok);
    if (!ok || target.timeoutMs <= 0)
        return usage(QStringLiteral("--timeout needs a positive number of milliseconds"), helpText);
    target.intervalMs = qMax(target.timeoutMs, scrape::ScrapeTarget::kMinIntervalMs);
    target.tlsCaFile = parser.value(caFile);
    target.tlsInsecure = parser.isSet(insecure);
    if (parser.isSet(tokenFile)) {
        QFile file(parser.value(tokenFile));
        if (!file.open(QIODevice::ReadOnly))
            return usage(QStringLiteral("cannot read token file %1: %2").arg(file.fileName(), file.errorString()),
                helpText);
        target.bearerToken = QString::fromUtf8(file.readAll()).trimmed();
    }
    if (const QString problem = target.validate(); !problem.isEmpty())
        return usage(problem, helpText);

    const scrape::ScrapeResult result = scrape::ScrapeClient::scrapeOnce(target);
    if (!result.ok()) {
        writeErr(result.failure == scrape::ScrapeFailure::Parse
                ? result.error
                : target.url.toDisplayString() + QStringLiteral(": ") + result.error);
        return 1;
    }

    QByteArray out;
    out.reserve(result.bodyBytes + 1024);
    for (const metrics::MetricFamily& family : result.parsed.families) {
        out += "# TYPE " + family.name + ' ' + metrics::metricTypeName(family.type) + '\n';
        for (const metrics::ExposedSample& s : family.samples) {
            out += s.labels.toString() + ' ' + formatValue(s.value);
            if (s.timestampMs)
                out += ' ' + QByteArray::number(*s.timestampMs);
            out += '\n';
        }
    }
    std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    std::fflush(stdout);
    return 0;
}
