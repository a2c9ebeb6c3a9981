#include "TextImport.h"

#include "metrics/SeriesStore.h"

#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QList>

#include <algorithm>
#include <limits>

namespace opsdeck::query {

using namespace opsdeck::metrics;

namespace {

struct SeriesBuffer
{
    Labels labels;
    QList<Sample> samples;
};

bool endsWithEof(QByteArrayView text)
{
    QByteArrayView t = text;
    while (!t.isEmpty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' '))
        t.chop(1);
    return t.endsWith("# EOF");
}

// One line-aligned slice of the file, parsed on its own. The metadata lines
// (# HELP/# TYPE/# UNIT) in effect where it starts are repeated in front of
// it, and OpenMetrics slices get their own "# EOF", so each slice is a valid
// exposition and the parser's line numbers map back to the file's.
struct Chunk
{
    qsizetype begin = 0;
    qsizetype end = 0;
    int firstLine = 1; // file line number of the byte at begin
    QByteArray header; // repeated metadata lines
    int headerLines = 0;
};

} // namespace

ImportResult TextImport::importText(QByteArrayView text, SeriesStore* store, const ImportOptions& options)
{
    ImportResult result;
    const bool openMetrics = options.format == ExpositionFormat::OpenMetrics
        || (options.format == ExpositionFormat::Auto && endsWithEof(text));
    const ExpositionFormat format = openMetrics ? ExpositionFormat::OpenMetrics : ExpositionFormat::Prometheus;
    result.format = format;

    ParseLimits limits;
    limits.maxBodyBytes = std::numeric_limits<qsizetype>::max();
    limits.maxSamples = std::numeric_limits<qsizetype>::max();
    const qint64 defaultTs = options.defaultTimestampMs.value_or(QDateTime::currentMSecsSinceEpoch());

    QHash<Labels, qsizetype> index;
    QList<SeriesBuffer> series;
    qint64 total = 0;

    // Walk the lines once, cutting a chunk before a sample line once it is big enough.
    QByteArray metadata; // metadata block in effect (lines since the last sample line)
    int metadataLines = 0;
    bool lastWasSample = false;
    Chunk chunk;
    int line = 1;
    qsizetype pos = 0;
    const qsizetype n = text.size();

    const auto parseChunk = [&](const Chunk& c, bool last) -> bool {
        QByteArray body;
        body.reserve(c.header.size() + (c.end - c.begin) + 8);
        body += c.header;
        body += text.sliced(c.begin, c.end - c.begin);
        if (openMetrics && !last)
            body += "# EOF\n";
        const ParseResult parsed = ExpositionParser::parse(body, format, limits);
        if (!parsed.ok) {
            const int fileLine = parsed.error.line <= c.headerLines
                ? c.firstLine
                : c.firstLine + parsed.error.line - c.headerLines - 1;
            result.errorLine = fileLine;
            result.errorColumn = parsed.error.column;
            result.error = QStringLiteral("line %1, column %2: %3")
                               .arg(fileLine)
                               .arg(parsed.error.column)
                               .arg(parsed.error.message);
            return false;
        }
        for (const MetricFamily& family : parsed.families) {
            for (const ExposedSample& s : family.samples) {
                auto it = index.constFind(s.labels);
                qsizetype i;
                if (it == index.constEnd()) {
                    i = series.size();
                    index.insert(s.labels, i);
                    series.append(SeriesBuffer { s.labels, {} });
                } else {
                    i = it.value();
                }
                series[i].samples.append(Sample { s.timestampMs.value_or(defaultTs), s.value });
                if (++total > options.maxSamples) {
                    result.error = QStringLiteral("more than %1 samples (import limit)").arg(options.maxSamples);
                    return false;
                }
            }
        }
        return true;
    };

    while (pos < n) {
        qsizetype eol = text.indexOf('\n', pos);
        const qsizetype next = eol < 0 ? n : eol + 1;
        const QByteArrayView lineText = text.sliced(pos, next - pos);
        const bool isComment = lineText.startsWith('#');
        const bool isBlank = lineText.trimmed().isEmpty();
        const bool isSample = !isComment && !isBlank;

        if (isSample && pos - chunk.begin >= options.chunkBytes) {
            chunk.end = pos;
            if (!parseChunk(chunk, false))
                return result;
            chunk = Chunk { pos, 0, line, metadata, metadataLines };
        }
        // Only HELP/TYPE/UNIT lines are carried into the next chunk; other comments are not metadata.
        const bool isMetadata
            = lineText.startsWith("# HELP ") || lineText.startsWith("# TYPE ") || lineText.startsWith("# UNIT ");
        if (isMetadata) {
            if (lastWasSample) {
                metadata.clear();
                metadataLines = 0;
            }
            metadata += lineText;
            if (!metadata.endsWith('\n'))
                metadata += '\n';
            ++metadataLines;
            lastWasSample = false;
        } else if (isSample) {
            lastWasSample = true;
        }
        pos = next;
        ++line;
    }
    chunk.end = n;
    if (!parseChunk(chunk, true))
        return result;

    // Sort per series (the file may list a family by time or by series) and append in time order.
    qint64 minTs = std::numeric_limits<qint64>::max();
    qint64 maxTs = std::numeric_limits<qint64>::min();
    for (SeriesBuffer& b : series) {
        std::stable_sort(b.samples.begin(), b.samples.end(),
            [](const Sample& x, const Sample& y) { return x.timestampMs < y.timestampMs; });
        const SeriesRef ref = store->getOrCreate(b.labels);
        qint64 prev = std::numeric_limits<qint64>::min();
        for (const Sample& s : std::as_const(b.samples)) {
            if (s.timestampMs == prev) {
                ++result.duplicateCount;
                continue;
            }
            prev = s.timestampMs;
            if (store->append(ref, s.timestampMs, s.value)) {
                ++result.sampleCount;
                minTs = std::min(minTs, s.timestampMs);
                maxTs = std::max(maxTs, s.timestampMs);
            } else {
                ++result.duplicateCount; // older than what the store already held for this series
            }
        }
        b.samples = {};
    }
    result.seriesCount = series.size();
    if (result.sampleCount > 0) {
        result.minTimestampMs = minTs;
        result.maxTimestampMs = maxTs;
    }
    result.ok = true;
    return result;
}

ImportResult TextImport::importFile(const QString& path, SeriesStore* store, const ImportOptions& options)
{
    ImportResult result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return result;
    }
    if (file.size() > options.maxFileBytes) {
        result.error = QStringLiteral("%1: %2 bytes, more than the import limit of %3")
                           .arg(path)
                           .arg(file.size())
                           .arg(options.maxFileBytes);
        return result;
    }
    // Map rather than read: history files can be gigabytes.
    const qint64 size = file.size();
    uchar* mapped = size > 0 ? file.map(0, size) : nullptr;
    QByteArray copy;
    QByteArrayView text;
    if (mapped) {
        text = QByteArrayView(reinterpret_cast<const char*>(mapped), size);
    } else {
        copy = file.readAll();
        text = copy;
    }
    result = importText(text, store, options);
    if (!result.ok)
        result.error = path + QStringLiteral(": ") + result.error;
    return result;
}

} // namespace opsdeck::query
