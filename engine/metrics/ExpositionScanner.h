#pragma once

#include "ExpositionParser.h"

#include <optional>

// Streaming form of ExpositionParser for the scrape hot path, after
// Prometheus's scrape cache (scrape/scrape.go: the cache is keyed by the raw
// series bytes of a sample line, so a known series costs no label building).
// The same parser validates the same way and fails with the same line:column
// errors; instead of building a MetricFamily list it hands each sample line
// to a sink with the raw series key, and builds the line's Labels only when
// the sink asks for them.
//
// Samples reach the sink while the body is still being read: a body with an
// error anywhere makes scan() return !ok after some samples were delivered,
// so a sink must buffer and commit nothing until scan() succeeded.
namespace opsdeck::metrics {

class ExpositionSink
{
public:
    virtual ~ExpositionSink() = default;
    // Before the first line: the format being read (Auto resolved).
    virtual void begin(ExpositionFormat format) { Q_UNUSED(format) }
    // The key the sink expects on the next sample line, or empty. It must be
    // one the sink got from sample() before, under the same format and
    // limits: a line that starts with it has its series part validated
    // already (same bytes, same verdict), so only the family, the value and
    // the timestamp are checked. Typically the key at the same position in
    // the previous scrape.
    virtual QByteArrayView expectedKey() { return {}; }
    // One valid sample line. key: the series as written, from the first byte
    // of the metric name to the closing '}' of its labels (or the end of the
    // name), e.g. `http_requests_total{code="200"}`; the same key always
    // means the same label set. Valid only during the call. Return true to
    // receive the line's labels through labels() right away.
    virtual bool sample(QByteArrayView key, double value, std::optional<qint64> timestampMs) = 0;
    // The labels of the line just passed to sample(), exactly as
    // ExpositionParser::parse would give them.
    virtual void labels(Labels&& labels) = 0;
};

struct ScanResult
{
    bool ok = false;
    ParseError error; // set when !ok
    ExpositionFormat format = ExpositionFormat::Prometheus;
    qsizetype sampleCount = 0; // sample lines, duplicates included (as ParseResult::sampleCount)
};

class ExpositionScanner
{
public:
    // Same arguments, validation and errors as ExpositionParser::parse.
    static ScanResult scan(QByteArrayView body, ExpositionSink& sink,
        ExpositionFormat format = ExpositionFormat::Auto, const ParseLimits& limits = {},
        QByteArrayView contentType = {});
};

} // namespace opsdeck::metrics
