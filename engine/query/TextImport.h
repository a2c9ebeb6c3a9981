#pragma once

#include "metrics/ExpositionParser.h"

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace opsdeck::metrics {
class SeriesStore;
}

// Loads history from a text exposition with timestamps (OpenMetrics 1.0 text
// ending in "# EOF", seconds timestamps; or Prometheus text format 0.0.4 with
// millisecond timestamps) into a SeriesStore: the offline counterpart of
// `promtool tsdb create-blocks-from openmetrics`. A family's samples may be
// listed grouped by series or by time; they are sorted per series and
// appended in timestamp order. Large files are parsed in line-aligned chunks
// so memory stays bounded by the samples, not by the parser's families.
//
// Writes to the store: call it from the store's single writer, and finish the
// import before anything queries the store. No staleness markers are written
// (as promtool): a series that stops in the file stays visible for the
// lookback window after its last sample. Never imports half a file: parse
// errors are reported before the first append.
namespace opsdeck::query {

struct ImportOptions
{
    metrics::ExpositionFormat format
        = metrics::ExpositionFormat::Auto; // Auto: OpenMetrics when it ends in "# EOF"
    // Timestamp for samples that carry none; unset = the time of the import.
    std::optional<qint64> defaultTimestampMs;
    qsizetype maxFileBytes = 8LL * 1024 * 1024 * 1024;
    qint64 maxSamples = 500'000'000;
    qsizetype chunkBytes = 4 * 1024 * 1024; // parse granularity (small: parsed families are short-lived)
};

struct ImportResult
{
    bool ok = false;
    QString error; // "line 12, column 40: invalid value ..." (line of the whole file)
    int errorLine = 0;
    int errorColumn = 0;
    metrics::ExpositionFormat format = metrics::ExpositionFormat::Prometheus;
    qsizetype seriesCount = 0;
    qint64 sampleCount = 0; // samples appended
    qint64 duplicateCount = 0; // samples with a timestamp already present for their series (first one kept)
    qint64 minTimestampMs = 0;
    qint64 maxTimestampMs = 0;
};

class TextImport
{
public:
    static ImportResult importText(
        QByteArrayView text, metrics::SeriesStore* store, const ImportOptions& options = {});
    // error names the file: "FILE: line 3, column 5: ..."
    static ImportResult importFile(
        const QString& path, metrics::SeriesStore* store, const ImportOptions& options = {});
};

} // namespace opsdeck::query
