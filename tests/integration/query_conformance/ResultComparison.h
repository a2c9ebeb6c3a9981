#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// Compares two Prometheus HTTP API v1 query responses (one from Prometheus,
// one written by OpsDeck's QueryResultJson) the way the conformance suite
// defines equality: same status; both errors count as equal whatever the
// message; same resultType; series sorted by label set on both sides (result
// order is not compared); identical label sets and timestamps; values equal
// within a relative tolerance of 1e-6 (absolute 1e-9 near zero), NaN equal
// to NaN, infinities by sign.
namespace ResultComparison {

struct Series
{
    QString labels; // canonical "{a=\"x\",b=\"y\"}", keys sorted
    QList<qint64> timestampsMs;
    QList<double> values;
    QStringList rawValues; // the value strings as written, for byte-exact format checks
};

struct Response
{
    bool parsed = false; // false: not JSON in the API's shape
    bool success = false;
    QString errorType;
    QString error;
    QString resultType;
    QList<Series> series; // a scalar is one series with empty labels
};

Response parse(const QByteArray& json);
bool valuesEqual(double a, double b);
// Empty when equal, else the first difference in words.
QString compare(const Response& expected, const Response& actual);
// Short rendering for failure reports.
QString summarize(const QByteArray& json, int maxChars = 600);

} // namespace ResultComparison
