#include "ReportCommand.h"

#include "CommandSupport.h"

#include "capacity/CapacityPlanner.h"
#include "capacity/CapacityService.h"
#include "capacity/ResourceFile.h"
#include "CapacityReportWriter.h"
#include "metrics/Duration.h"
#include "storage/Database.h"

#include <QDateTime>
#include <QDir>
#include <QLocale>
#include <QTextStream>

#include <cmath>

namespace {

const char* const kUsage = "Usage: opsdeck report capacity --format pdf|html|csv --out FILE [--window 30d] "
                           "[--horizon 90d] [--growth X] [--resources FILE] [--data-dir D]\n";

// Prometheus durations (30d, 12h, 1w), above zero.
bool parseDuration(const QString& text, qint64* ms)
{
    const std::optional<qint64> parsed = opsdeck::metrics::parseDuration(text);
    if (!parsed || *parsed <= 0)
        return false;
    *ms = *parsed;
    return true;
}

QString utcText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm"))
        + QStringLiteral(" UTC");
}

int capacityReport(const QStringList& args, QTextStream& out, QTextStream& err)
{
    std::optional<opsdeck::report::ReportFormat> format;
    QString outPath;
    QString dir;
    qint64 windowMs = 30LL * 24 * 3600 * 1000;
    qint64 horizonMs = 90LL * 24 * 3600 * 1000;
    double growth = 1.0;
    QString resourcesPath;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args.at(i);
        const bool hasValue = i + 1 < args.size();
        if (a == QLatin1String("--format") && hasValue) {
            format = opsdeck::report::reportFormatFromName(args.at(++i));
            if (!format) {
                err << "opsdeck report capacity: unknown format '" << args.at(i) << "' (pdf, html, csv)\n";
                return 2;
            }
        } else if (a == QLatin1String("--out") && hasValue) {
            outPath = args.at(++i);
        } else if (a == QLatin1String("--data-dir") && hasValue) {
            dir = args.at(++i);
        } else if (a == QLatin1String("--resources") && hasValue) {
            resourcesPath = args.at(++i);
        } else if ((a == QLatin1String("--window") || a == QLatin1String("--horizon")) && hasValue) {
            qint64 ms = 0;
            if (!parseDuration(args.at(++i), &ms)) {
                err << "opsdeck report capacity: " << a << " needs a duration such as 30d, 12h or 2w, not '"
                    << args.at(i) << "'\n";
                return 2;
            }
            (a == QLatin1String("--window") ? windowMs : horizonMs) = ms;
        } else if (a == QLatin1String("--growth") && hasValue) {
            bool ok = false;
            growth = args.at(++i).toDouble(&ok);
            if (!ok || !(growth > 0) || !std::isfinite(growth)) {
                err << "opsdeck report capacity: --growth needs a positive number such as 1.5 or 10\n";
                return 2;
            }
        } else {
            err << "opsdeck report capacity: unexpected argument '" << a << "'\n" << kUsage;
            return 2;
        }
    }
    if (!format || outPath.isEmpty()) {
        err << "opsdeck report capacity: --format and --out are required\n" << kUsage;
        return 2;
    }

    // The resource file first: a mistake in it is reported before any work.
    QList<opsdeck::capacity::ResourceDefinition> resources;
    if (!resourcesPath.isEmpty()) {
        const opsdeck::capacity::ResourceFileResult file = opsdeck::capacity::loadResourceFile(resourcesPath);
        for (const QString& e : file.errors)
            err << "opsdeck report capacity: " << e << '\n';
        if (!file.errors.isEmpty())
            return 1;
        resources = file.resources;
    }

    opsdeck::storage::Database db;
    if (!openStateDatabase(db, dir, QStringLiteral("report"), err))
        return 1;
    int lastPercent = -1;
    const auto progressLine = [&](const char* what, int done, int total) {
        const int percent = total > 0 ? done * 100 / total : 100;
        if (percent / 10 != lastPercent / 10 || done == total) {
            err << what << ' ' << done << '/' << total << '\n';
            err.flush();
            lastPercent = percent;
        }
        return true;
    };
    opsdeck::capacity::PlanRequest request;
    request.nowMs = QDateTime::currentMSecsSinceEpoch();
    request.windowMs = windowMs;
    request.horizonMs = horizonMs;
    request.growthFactor = growth;
    request.resources = resources;
    request.requireHistory = true;
    using Event = opsdeck::capacity::PlanEvent;
    const opsdeck::capacity::PlanOutcome planned
        = opsdeck::capacity::CapacityService::plan(db, request, [&](const Event& e) {
              switch (e.stage) {
              case Event::Stage::ReadingHistory:
                  err << "loading history " << utcText(e.fromMs) << " \u2013 " << utcText(e.toMs) << " at "
                      << e.stepMs / 1000 << " s steps\n";
                  err.flush();
                  break;
              case Event::Stage::HistoryRead:
                  err << "planning " << e.series << " series (" << e.samples << " samples)\n";
                  err.flush();
                  break;
              case Event::Stage::Forecasting:
                  progressLine("planned", e.done, e.total);
                  break;
              }
          });
    const qint64 fromMs = planned.fromMs;
    const qint64 nowMs = planned.toMs;
    if (planned.failure == opsdeck::capacity::PlanOutcome::Failure::ReadHistory) {
        err << "opsdeck report capacity: cannot read the capacity history: "
            << (planned.error.isEmpty() ? QStringLiteral("unknown error") : planned.error) << '\n';
        return 1;
    }
    if (planned.failure == opsdeck::capacity::PlanOutcome::Failure::NoHistory) {
        err << "opsdeck report capacity: no capacity history between " << utcText(fromMs) << " and "
            << utcText(nowMs) << "; import some with `opsdeck import history`\n";
        return 1;
    }
    const opsdeck::capacity::CapacityPlan& plan = planned.plan;
    if (plan.resources.isEmpty()) {
        err << "opsdeck report capacity: the history between " << utcText(fromMs) << " and " << utcText(nowMs)
            << " holds no CPU, memory, filesystem or request series to plan";
        if (!plan.warnings.isEmpty())
            err << " (" << plan.warnings.join(QStringLiteral("; ")) << ')';
        err << "; import some with `opsdeck import history`\n";
        return 1;
    }

    opsdeck::report::ReportOptions reportOptions;
    reportOptions.format = *format;
    lastPercent = -1;
    const opsdeck::report::ReportOutcome outcome = opsdeck::report::writeCapacityReport(
        plan, outPath, reportOptions, [&](int done, int total) { return progressLine("written", done, total); });
    if (!outcome.ok) {
        err << "opsdeck report capacity: " << outcome.error << '\n';
        return 1;
    }
    const QString size = QLocale::c().toString(double(outcome.bytes) / 1024.0, 'f', 1);
    out << "wrote " << QDir::toNativeSeparators(outPath);
    if (*format == opsdeck::report::ReportFormat::Pdf)
        out << " (" << outcome.pages << (outcome.pages == 1 ? " page, " : " pages, ") << size << " KiB)\n";
    else
        out << " (" << plan.resources.size() << " items, " << size << " KiB)\n";
    return 0;
}

} // namespace

int runReportCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    if (args.isEmpty() || args.first() != QLatin1String("capacity")) {
        err << kUsage;
        return 2;
    }
    return capacityReport(args.mid(1), out, err);
}
