#pragma once

#include "capacity/CapacityPlanner.h"
#include "ForecastChartPainter.h"

#include <QString>

#include <functional>

// Capacity reports for management, from a capacity::CapacityPlan: PDF
// (QPdfWriter + QTextDocument, charts drawn with QPainter), self-contained
// HTML (charts embedded as PNG data URIs, no external files) and CSV (the
// per-resource table, one row per item). Sections: scope, summary of the top
// resources by time remaining with status, per-resource table, charts,
// anomalies, reclaimable capacity, assumptions and method.
//
// The entry point for the CLI and the Capacity page: ReportDocument writes
// HTML and PDF, ForecastChartPainter draws the charts, capacity::capacityCsv
// (engine/capacity, QtCore only) makes the CSV.
//
// QtGui only (no widgets), so `opsdeck report capacity` runs without a
// display (offscreen platform). Writes go to FILE.part and are renamed at
// the end: a cancelled or failed export never leaves a half file behind.
namespace opsdeck::report {

enum class ReportFormat { Pdf, Html, Csv };
std::optional<ReportFormat> reportFormatFromName(const QString& name); // "pdf", "html", "csv"

struct ReportOptions
{
    ReportFormat format = ReportFormat::Pdf;
    QString title; // empty = "Capacity report"
    int maxCharts = 200; // charts beyond this are listed in the table only
};

struct ReportOutcome
{
    bool ok = false;
    bool cancelled = false;
    QString error; // names the file and what went wrong
    int pages = 0; // PDF only
    qint64 bytes = 0;
};

// progress(done, total) after each section/chart; returning false cancels.
// Safe on a worker thread.
using ReportProgress = std::function<bool(int done, int total)>;
ReportOutcome writeCapacityReport(const capacity::CapacityPlan& plan, const QString& path,
    const ReportOptions& options, const ReportProgress& progress = {});

} // namespace opsdeck::report
