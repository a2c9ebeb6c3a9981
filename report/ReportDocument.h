#pragma once

#include "CapacityReportWriter.h"

class QIODevice;

// The HTML and PDF capacity reports: the sections (scope, summary of the
// most urgent resources, per-resource table, charts, anomalies, reclaimable
// capacity, assumptions and method) as one HTML document, rendered
// self-contained (charts as PNG data URIs) or laid out on landscape A4 pages
// with QTextDocument and QPdfWriter (charts painted when their page prints,
// footer "title · page i of n"). Resources appear in capacity::resourceOrder,
// with CapacityVocabulary's status words and time remaining, as on the
// Capacity page. Writes to a device; writeCapacityReport owns the file.
namespace opsdeck::report {

enum class DocumentResult { Written, Cancelled, WriteFailed, PdfWriterDidNotStart, PageNotAdded };

DocumentResult writeHtmlReport(const capacity::CapacityPlan& plan, const ReportOptions& options,
    const ReportProgress& progress, QIODevice& out);
DocumentResult writePdfReport(const capacity::CapacityPlan& plan, const ReportOptions& options,
    const ReportProgress& progress, QIODevice& out, int& pages);

} // namespace opsdeck::report
