#include "CapacityReportWriter.h"

#include "capacity/CapacityCsv.h"
#include "ReportDocument.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcReport, "opsdeck.report")

namespace opsdeck::report {

using capacity::CapacityPlan;

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("opsdeck::report", text); // lupdate's context for this namespace
}

} // namespace

std::optional<ReportFormat> reportFormatFromName(const QString& name)
{
    const QString n = name.toLower();
    if (n == QLatin1String("pdf"))
        return ReportFormat::Pdf;
    if (n == QLatin1String("html") || n == QLatin1String("htm"))
        return ReportFormat::Html;
    if (n == QLatin1String("csv"))
        return ReportFormat::Csv;
    return std::nullopt;
}

ReportOutcome writeCapacityReport(
    const CapacityPlan& plan, const QString& path, const ReportOptions& options, const ReportProgress& progress)
{
    ReportOutcome outcome;
    const QString partPath = path + QStringLiteral(".part");
    QFile file(partPath);
    const auto fail = [&](const QString& what) {
        if (file.isOpen())
            file.close();
        QFile::remove(partPath);
        outcome.ok = false;
        outcome.error = what;
        qCWarning(lcReport) << what;
        return outcome;
    };
    const auto cancel = [&]() {
        if (file.isOpen())
            file.close();
        QFile::remove(partPath);
        outcome.ok = false;
        outcome.cancelled = true;
        outcome.error = tr("export of %1 cancelled").arg(QDir::toNativeSeparators(path));
        return outcome;
    };
    if (path.isEmpty())
        return fail(tr("no output file given"));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return fail(tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));

    const auto cannotWrite = [&]() {
        return fail(tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    };
    switch (options.format) {
    case ReportFormat::Csv: {
        const QByteArray csv = capacity::capacityCsv(plan);
        if (file.write(csv) != csv.size())
            return cannotWrite();
        if (progress && !progress(1, 1))
            return cancel();
        break;
    }
    case ReportFormat::Html:
        switch (writeHtmlReport(plan, options, progress, file)) {
        case DocumentResult::Written:
            break;
        case DocumentResult::Cancelled:
            return cancel();
        default:
            return cannotWrite();
        }
        break;
    case ReportFormat::Pdf:
        switch (writePdfReport(plan, options, progress, file, outcome.pages)) {
        case DocumentResult::Written:
            break;
        case DocumentResult::Cancelled:
            return cancel();
        case DocumentResult::PdfWriterDidNotStart:
            return fail(tr("cannot write %1: the PDF writer did not start").arg(QDir::toNativeSeparators(path)));
        case DocumentResult::PageNotAdded:
            return fail(tr("cannot write %1: a page could not be added").arg(QDir::toNativeSeparators(path)));
        case DocumentResult::WriteFailed:
            return cannotWrite();
        }
        break;
    }

    if (!file.flush() || file.error() != QFileDevice::NoError)
        return fail(tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    file.close();
    outcome.bytes = QFileInfo(partPath).size();
    if (QFile::exists(path) && !QFile::remove(path))
        return fail(tr("cannot replace %1").arg(QDir::toNativeSeparators(path)));
    if (!QFile::rename(partPath, path))
        return fail(
            tr("cannot rename %1 to %2").arg(QDir::toNativeSeparators(partPath), QDir::toNativeSeparators(path)));
    outcome.ok = true;
    return outcome;
}

} // namespace opsdeck::report
