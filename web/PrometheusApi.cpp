#include "PrometheusApi.h"

#include "metrics/ExpositionEncoder.h"
#include "metrics/Labels.h"
#include "query/QueryResultJson.h"
#include "query/QuerySource.h"

#include <QHash>
#include <QMap>
#include <QSet>

#include <algorithm>

namespace opsdeck::web {

namespace {

using query::QueryResultJson;

const QString kBadData = QStringLiteral("bad_data");

QString invalidParameter(const QString& name, const QString& value, const char* what)
{
    return QStringLiteral("invalid parameter \"%1\": cannot parse \"%2\" to a valid %3")
        .arg(name, value, QLatin1String(what));
}

ApiResponse fromJson(const QByteArray& body, bool ok, const QString& errorType)
{
    ApiResponse r;
    r.status = ok ? 200 : PrometheusApi::httpStatus(errorType);
    r.body = body;
    return r;
}

// start/end of the metadata endpoints: absent means all time (up to now for
// end would hide nothing either: the store has no future samples).
struct TimeRange
{
    qint64 startMs = 0;
    qint64 endMs = 0;
    QString error;
};

TimeRange metadataRange(const ApiRequest& request)
{
    TimeRange r;
    r.startMs = *ApiRequest::parseTimeMs(u"-292273086-05-16T16:47:06Z");
    r.endMs = *ApiRequest::parseTimeMs(u"292277025-08-18T07:12:54.999999999Z");
    for (const auto& [name, target] :
        { std::pair { QStringLiteral("start"), &r.startMs }, std::pair { QStringLiteral("end"), &r.endMs } }) {
        if (!request.has(name))
            continue;
        const QString v = request.value(name);
        const auto t = ApiRequest::parseTimeMs(v);
        if (!t) {
            r.error = invalidParameter(name, v, "timestamp");
            return r;
        }
        *target = *t;
    }
    return r;
}

} // namespace

PrometheusApi::PrometheusApi(const query::QuerySource* source, ApiLimits limits)
    : m_source(source)
    , m_limits(limits)
{ }

int PrometheusApi::httpStatus(const QString& errorType)
{
    if (errorType == QLatin1String("bad_data"))
        return 400;
    if (errorType == QLatin1String("execution"))
        return 422;
    if (errorType == QLatin1String("canceled") || errorType == QLatin1String("timeout")
        || errorType == QLatin1String("unavailable"))
        return 503;
    if (errorType == QLatin1String("not_found"))
        return 404;
    return 500;
}

ApiResponse PrometheusApi::error(const QString& errorType, const QString& message)
{
    return fromJson(QueryResultJson::errorJson(errorType, message), false, errorType);
}

std::optional<ApiResponse> PrometheusApi::checkSize(const ApiRequest& request) const
{
    if (request.largestValueBytes() > m_limits.maxParameterBytes)
        return error(kBadData,
            QStringLiteral("a parameter is larger than the limit of %1 bytes").arg(m_limits.maxParameterBytes));
    return std::nullopt;
}

ApiResponse PrometheusApi::query(const ApiRequest& request, qint64 nowMs) const
{
    if (auto refused = checkSize(request))
        return std::move(*refused);
    qint64 timeMs = nowMs;
    if (request.has(QStringLiteral("time"))) {
        const QString v = request.value(QStringLiteral("time"));
        const auto t = ApiRequest::parseTimeMs(v);
        if (!t)
            return error(kBadData, invalidParameter(QStringLiteral("time"), v, "timestamp"));
        timeMs = *t;
    }
    const QString expr = request.value(QStringLiteral("query"));
    query::QueryOptions options;
    options.limits = query::QueryLimits {};
    options.limits->maxSamples = m_limits.maxSamples;
    query::QueryResult result = m_source->instant(expr, timeMs, options);
    QueryResultJson::sortForOutput(result, expr, false);
    return fromJson(QueryResultJson::toJson(result), result.ok, result.errorType);
}

ApiResponse PrometheusApi::queryRange(const ApiRequest& request) const
{
    if (auto refused = checkSize(request))
        return std::move(*refused);
    const QString startText = request.value(QStringLiteral("start"));
    const auto start = ApiRequest::parseTimeMs(startText);
    if (!start)
        return error(kBadData, invalidParameter(QStringLiteral("start"), startText, "timestamp"));
    const QString endText = request.value(QStringLiteral("end"));
    const auto end = ApiRequest::parseTimeMs(endText);
    if (!end)
        return error(kBadData, invalidParameter(QStringLiteral("end"), endText, "timestamp"));
    if (*end < *start)
        return error(kBadData, QStringLiteral("end timestamp must not be before start time"));
    const QString stepText = request.value(QStringLiteral("step"));
    const auto step = ApiRequest::parseDurationMs(stepText);
    if (!step)
        return error(kBadData, invalidParameter(QStringLiteral("step"), stepText, "duration"));
    if (*step <= 0)
        return error(kBadData,
            QStringLiteral(
                "zero or negative query resolution step widths are not accepted. Try a positive integer"));
    if ((*end - *start) / *step > m_limits.maxRangePoints)
        return error(kBadData,
            QStringLiteral("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query "
                           "resolution (?step=XX)"));
    const QString expr = request.value(QStringLiteral("query"));
    query::QueryOptions options;
    options.limits = query::QueryLimits {};
    options.limits->maxSamples = m_limits.maxSamples;
    query::QueryResult result = m_source->range(expr, *start, *end, *step, options);
    QueryResultJson::sortForOutput(result, expr, true);
    return fromJson(QueryResultJson::toJson(result), result.ok, result.errorType);
}

ApiResponse PrometheusApi::series(const ApiRequest& request, qint64 nowMs) const
{
    Q_UNUSED(nowMs)
    if (auto refused = checkSize(request))
        return std::move(*refused);
    const QStringList matchers = request.values(QStringLiteral("match[]"));
    if (matchers.isEmpty())
        return error(kBadData, QStringLiteral("no match[] parameter provided"));
    const TimeRange range = metadataRange(request);
    if (!range.error.isEmpty())
        return error(kBadData, range.error);
    const query::SeriesResult result = m_source->series(matchers, range.startMs, range.endMs);
    return fromJson(QueryResultJson::toJson(result), result.ok, result.errorType);
}

ApiResponse PrometheusApi::labels(const ApiRequest& request, qint64 nowMs) const
{
    Q_UNUSED(nowMs)
    if (auto refused = checkSize(request))
        return std::move(*refused);
    const TimeRange range = metadataRange(request);
    if (!range.error.isEmpty())
        return error(kBadData, range.error);
    const query::LabelsResult result
        = m_source->labelNames(request.values(QStringLiteral("match[]")), range.startMs, range.endMs);
    return fromJson(QueryResultJson::toJson(result), result.ok, result.errorType);
}

ApiResponse PrometheusApi::labelValues(const QString& name, const ApiRequest& request, qint64 nowMs) const
{
    Q_UNUSED(nowMs)
    if (auto refused = checkSize(request))
        return std::move(*refused);
    if (!metrics::isValidLabelName(name.toUtf8()))
        return error(kBadData, QStringLiteral("invalid label name: \"%1\"").arg(name));
    const TimeRange range = metadataRange(request);
    if (!range.error.isEmpty())
        return error(kBadData, range.error);
    const query::LabelsResult result
        = m_source->labelValues(name, request.values(QStringLiteral("match[]")), range.startMs, range.endMs);
    return fromJson(QueryResultJson::toJson(result), result.ok, result.errorType);
}

ApiResponse PrometheusApi::federate(const ApiRequest& request, qint64 nowMs) const
{
    ApiResponse r;
    r.contentType = metrics::kPrometheusTextContentType;
    if (auto refused = checkSize(request))
        return std::move(*refused);
    const auto textError = [](const QString& message) {
        ApiResponse e;
        e.status = 400;
        e.contentType = QByteArrayLiteral("text/plain; charset=utf-8");
        e.body = message.toUtf8() + '\n';
        return e;
    };
    const QString lookback = QString::number(std::max<qint64>(1, m_limits.federationLookbackMs / 1000)) + u's';
    query::QueryOptions options;
    options.limits = query::QueryLimits {};
    options.limits->maxSamples = m_limits.maxSamples;
    // Series in the instant vector at now are the live ones (stale markers and
    // series older than the lookback drop out); the range selector gives their
    // newest raw sample with its own timestamp, as Prometheus federates.
    QMap<QByteArray, metrics::ExposedSample> newest; // by label text: sorted, unique
    for (const QString& selector : request.values(QStringLiteral("match[]"))) {
        const query::QueryResult live = m_source->instant(selector, nowMs, options);
        if (!live.ok)
            return textError(live.error);
        if (live.type != query::ValueType::Vector)
            return textError(QStringLiteral("match[] must be a series selector, not \"%1\"").arg(selector));
        QSet<QByteArray> alive;
        for (const query::ResultSeries& s : live.series)
            alive.insert(s.labels.toString());
        const query::QueryResult raw = m_source->instant(selector + u'[' + lookback + u']', nowMs, options);
        if (!raw.ok || raw.type != query::ValueType::Matrix)
            return textError(raw.ok ? QStringLiteral("match[] must be a series selector") : raw.error);
        for (const query::ResultSeries& s : raw.series) {
            const QByteArray key = s.labels.toString();
            if (s.points.isEmpty() || !alive.contains(key))
                continue;
            newest.insert(
                key, metrics::ExposedSample { s.labels, s.points.last().value, s.points.last().timestampMs });
        }
    }
    QList<metrics::MetricFamily> families;
    QHash<QByteArray, qsizetype> byName;
    for (const metrics::ExposedSample& s : std::as_const(newest)) {
        const QByteArray name = s.labels.metricName();
        auto it = byName.find(name);
        if (it == byName.end()) {
            it = byName.insert(name, families.size());
            metrics::MetricFamily family;
            family.name = name;
            families.append(family);
        }
        families[*it].samples.append(s);
    }
    std::sort(families.begin(), families.end(),
        [](const metrics::MetricFamily& a, const metrics::MetricFamily& b) { return a.name < b.name; });
    r.body = metrics::ExpositionEncoder::encode(families);
    return r;
}

} // namespace opsdeck::web
