#pragma once

#include "Sample.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

// Parser for the Prometheus text exposition format 0.0.4 and OpenMetrics 1.0
// text. A pure function over bytes: never crashes on bad input and never
// returns half a scrape; an error names line, column and what was expected.
namespace opsdeck::metrics {

enum class ExpositionFormat {
    Auto, // OpenMetrics when the content type says so or the body ends in "# EOF"
    Prometheus, // text/plain; version=0.0.4
    OpenMetrics, // application/openmetrics-text; version=1.0.0
};

// Explicit limits (DESIGN.md, Errors and bad input). Exceeding one is an error
// naming the limit, never a silent truncation.
struct ParseLimits
{
    qsizetype maxBodyBytes = 64 * 1024 * 1024;
    qsizetype maxSamples = 200'000;
    qsizetype maxLabelsPerSeries = 64;
    qsizetype maxLabelNameLength = 256;
    qsizetype maxLabelValueLength = 4096;
};

struct ParseError
{
    int line = 0; // 1-based
    int column = 0; // 1-based, in bytes
    QString message; // what was found and what was expected
    QString toString() const; // "line 3, column 17: expected '=' after label name \"job\""
};

struct ParseResult
{
    bool ok = false;
    ParseError error; // set when !ok
    ExpositionFormat format = ExpositionFormat::Prometheus; // the format actually parsed
    QList<MetricFamily> families; // in order of first appearance; empty when !ok
    qsizetype sampleCount = 0;
};

class ExpositionParser
{
public:
    // contentType is the HTTP Content-Type, may be empty; used by Auto.
    static ParseResult parse(QByteArrayView body, ExpositionFormat format = ExpositionFormat::Auto,
        const ParseLimits& limits = {}, QByteArrayView contentType = {});
};

} // namespace opsdeck::metrics
