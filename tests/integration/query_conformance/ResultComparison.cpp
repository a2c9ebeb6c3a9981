#include "ResultComparison.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ResultComparison {

namespace {

double parseValue(const QString& s)
{
    if (s == QLatin1String("NaN"))
        return std::numeric_limits<double>::quiet_NaN();
    if (s == QLatin1String("+Inf") || s == QLatin1String("Inf"))
        return std::numeric_limits<double>::infinity();
    if (s == QLatin1String("-Inf"))
        return -std::numeric_limits<double>::infinity();
    bool ok = false;
    const double v = s.toDouble(&ok);
    return ok ? v : std::numeric_limits<double>::quiet_NaN();
}

bool parsePoint(const QJsonValue& v, Series* s)
{
    const QJsonArray a = v.toArray();
    if (a.size() != 2 || !a[0].isDouble() || !a[1].isString())
        return false;
    s->timestampsMs.append(std::llround(a[0].toDouble() * 1000.0));
    s->rawValues.append(a[1].toString());
    s->values.append(parseValue(a[1].toString()));
    return true;
}

QString canonicalLabels(const QJsonObject& metric)
{
    QStringList keys = metric.keys();
    std::sort(keys.begin(), keys.end());
    QStringList parts;
    for (const QString& k : std::as_const(keys))
        parts.append(k + QStringLiteral("=\"") + metric.value(k).toString() + QLatin1Char('"'));
    return QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

} // namespace

Response parse(const QByteArray& json)
{
    Response r;
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return r;
    const QJsonObject root = doc.object();
    const QString status = root.value(QLatin1String("status")).toString();
    if (status == QLatin1String("error")) {
        r.parsed = true;
        r.errorType = root.value(QLatin1String("errorType")).toString();
        r.error = root.value(QLatin1String("error")).toString();
        return r;
    }
    if (status != QLatin1String("success"))
        return r;
    const QJsonObject data = root.value(QLatin1String("data")).toObject();
    r.resultType = data.value(QLatin1String("resultType")).toString();
    const QJsonValue result = data.value(QLatin1String("result"));
    if (r.resultType == QLatin1String("scalar") || r.resultType == QLatin1String("string")) {
        Series s;
        if (!parsePoint(result, &s))
            return r;
        s.labels = QStringLiteral("{}");
        r.series.append(s);
    } else {
        if (!result.isArray())
            return r;
        const bool matrix = r.resultType == QLatin1String("matrix");
        for (const QJsonValue& item : result.toArray()) {
            const QJsonObject o = item.toObject();
            Series s;
            s.labels = canonicalLabels(o.value(QLatin1String("metric")).toObject());
            const QJsonArray points = matrix ? o.value(QLatin1String("values")).toArray()
                                             : QJsonArray { o.value(QLatin1String("value")) };
            for (const QJsonValue& p : points)
                if (!parsePoint(p, &s))
                    return r;
            r.series.append(s);
        }
        std::stable_sort(r.series.begin(), r.series.end(),
            [](const Series& a, const Series& b) { return a.labels < b.labels; });
    }
    r.parsed = true;
    r.success = true;
    return r;
}

bool valuesEqual(double a, double b)
{
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    if (std::isinf(a) || std::isinf(b))
        return a == b;
    const double diff = std::fabs(a - b);
    return diff <= 1e-9 || diff <= 1e-6 * std::max(std::fabs(a), std::fabs(b));
}

QString compare(const Response& expected, const Response& actual)
{
    if (!expected.parsed)
        return QStringLiteral("reference response is not API JSON");
    if (!actual.parsed)
        return QStringLiteral("OpsDeck response is not API JSON");
    if (!expected.success || !actual.success) {
        if (expected.success == actual.success)
            return {};
        return expected.success ? QStringLiteral("OpsDeck returned an error, Prometheus a result")
                                : QStringLiteral("Prometheus returned an error, OpsDeck a result");
    }
    if (expected.resultType != actual.resultType)
        return QStringLiteral("resultType %1, expected %2").arg(actual.resultType, expected.resultType);
    if (expected.series.size() != actual.series.size())
        return QStringLiteral("%1 series, expected %2").arg(actual.series.size()).arg(expected.series.size());
    for (qsizetype i = 0; i < expected.series.size(); ++i) {
        const Series& e = expected.series[i];
        const Series& a = actual.series[i];
        if (e.labels != a.labels)
            return QStringLiteral("series %1 is %2, expected %3").arg(i).arg(a.labels, e.labels);
        if (e.timestampsMs != a.timestampsMs) {
            if (e.timestampsMs.size() != a.timestampsMs.size())
                return QStringLiteral("%1: %2 points, expected %3")
                    .arg(e.labels)
                    .arg(a.timestampsMs.size())
                    .arg(e.timestampsMs.size());
            for (qsizetype j = 0; j < e.timestampsMs.size(); ++j)
                if (e.timestampsMs[j] != a.timestampsMs[j])
                    return QStringLiteral("%1: point %2 at %3 ms, expected %4 ms")
                        .arg(e.labels)
                        .arg(j)
                        .arg(a.timestampsMs[j])
                        .arg(e.timestampsMs[j]);
        }
        if (expected.resultType == QLatin1String("string")) {
            if (e.rawValues != a.rawValues)
                return QStringLiteral("string %1, expected %2")
                    .arg(a.rawValues.join(QLatin1Char(',')), e.rawValues.join(QLatin1Char(',')));
            continue;
        }
        for (qsizetype j = 0; j < e.values.size(); ++j)
            if (!valuesEqual(e.values[j], a.values[j]))
                return QStringLiteral("%1: value %2 at %3 ms, expected %4")
                    .arg(e.labels)
                    .arg(a.values[j], 0, 'g', 17)
                    .arg(e.timestampsMs[j])
                    .arg(e.values[j], 0, 'g', 17);
    }
    return {};
}

QString summarize(const QByteArray& json, int maxChars)
{
    QString s = QString::fromUtf8(json);
    if (s.size() > maxChars)
        s = s.left(maxChars) + QStringLiteral("... (%1 bytes)").arg(json.size());
    return s;
}

} // namespace ResultComparison
