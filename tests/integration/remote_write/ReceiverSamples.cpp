#include "ReceiverSamples.h"

#include "metrics/LabelMatcher.h"
#include "metrics/SeriesStore.h"
#include "PrometheusServer.h"
#include "VictoriaMetricsServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <limits>

namespace remotewritetest {

namespace {

QString seriesKey(QList<QPair<QString, QString>> labels)
{
    std::sort(labels.begin(), labels.end());
    QStringList parts;
    for (const auto& [name, value] : labels)
        parts.append(name + QStringLiteral("=\"") + value + u'"');
    return u'{' + parts.join(u',') + u'}';
}

QString jsonKey(const QJsonObject& metric)
{
    QList<QPair<QString, QString>> labels;
    for (auto it = metric.begin(); it != metric.end(); ++it)
        labels.append({ it.key(), it.value().toString() });
    return seriesKey(labels);
}

} // namespace

SeriesSamples victoriaMetricsSamples(VictoriaMetricsServer& vm, QString* error)
{
    SeriesSamples out;
    if (!vm.flush(error))
        return out;
    int status = 0;
    const QByteArray body = vm.get(QStringLiteral("/api/v1/export"),
        { { QStringLiteral("match[]"), QStringLiteral("{__name__!=\"\"}") } }, &status);
    if (status != 200) {
        *error = QStringLiteral("export: HTTP %1 %2").arg(status).arg(QString::fromUtf8(body.left(300)));
        return out;
    }
    for (QByteArray line : body.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        // Staleness markers come out as bare NaN, which JSON has no word for.
        line.replace("NaN", "null");
        QJsonParseError parseError;
        const QJsonObject o = QJsonDocument::fromJson(line, &parseError).object();
        if (parseError.error != QJsonParseError::NoError) {
            *error = QStringLiteral("export: bad line: ") + QString::fromUtf8(line.left(200));
            return out;
        }
        const QJsonArray values = o.value(QStringLiteral("values")).toArray();
        const QJsonArray timestamps = o.value(QStringLiteral("timestamps")).toArray();
        QList<Point>& points = out[jsonKey(o.value(QStringLiteral("metric")).toObject())];
        for (qsizetype i = 0; i < values.size() && i < timestamps.size(); ++i) {
            if (values[i].isNull())
                continue;
            points.append({ qint64(timestamps[i].toDouble()), values[i].toDouble() });
        }
        std::sort(points.begin(), points.end(),
            [](const Point& a, const Point& b) { return a.timestampMs < b.timestampMs; });
        if (points.isEmpty())
            out.remove(jsonKey(o.value(QStringLiteral("metric")).toObject()));
    }
    return out;
}

SeriesSamples prometheusSamples(PrometheusServer& prometheus, qint64 timeMs, QString* error)
{
    int status = 0;
    const QByteArray body = prometheus.get(QStringLiteral("/api/v1/query"),
        { { QStringLiteral("query"), QStringLiteral("{__name__=~\".+\"}[1d]") },
            { QStringLiteral("time"), PrometheusServer::seconds(timeMs) } },
        &status);
    SeriesSamples out;
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    if (status != 200 || o.value(QStringLiteral("status")).toString() != QLatin1String("success")) {
        *error = QStringLiteral("query: HTTP %1 %2").arg(status).arg(QString::fromUtf8(body.left(300)));
        return out;
    }
    for (const QJsonValue& v :
        o.value(QStringLiteral("data")).toObject().value(QStringLiteral("result")).toArray()) {
        const QJsonObject series = v.toObject();
        QList<Point>& points = out[jsonKey(series.value(QStringLiteral("metric")).toObject())];
        for (const QJsonValue& p : series.value(QStringLiteral("values")).toArray()) {
            const QJsonArray pair = p.toArray();
            points.append({ qint64(std::llround(pair[0].toDouble() * 1000)), pair[1].toString().toDouble() });
        }
    }
    return out;
}

SeriesSamples storeSamples(const opsdeck::metrics::SeriesStore& store)
{
    using opsdeck::metrics::LabelMatcher;
    SeriesSamples out;
    for (const opsdeck::metrics::SeriesRef ref :
        store.select({ LabelMatcher(LabelMatcher::Type::Regex, "__name__", ".+") })) {
        QList<QPair<QString, QString>> labels;
        for (const opsdeck::metrics::Label& l : store.labels(ref))
            labels.append({ QString::fromUtf8(l.name), QString::fromUtf8(l.value) });
        QList<Point> points;
        for (const opsdeck::metrics::Sample& s :
            store.read(ref, std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max())) {
            if (!opsdeck::metrics::isStaleMarker(s.value))
                points.append({ s.timestampMs, s.value });
        }
        if (!points.isEmpty())
            out.insert(seriesKey(labels), points);
    }
    return out;
}

QString compare(const SeriesSamples& expected, const SeriesSamples& actual, int limit)
{
    QStringList diffs;
    for (auto it = expected.cbegin(); it != expected.cend() && diffs.size() < limit; ++it) {
        const auto other = actual.constFind(it.key());
        if (other == actual.cend()) {
            diffs.append(QStringLiteral("missing %1 (%2 samples)").arg(it.key()).arg(it->size()));
            continue;
        }
        if (other->size() != it->size()) {
            diffs.append(
                QStringLiteral("%1: %2 samples, expected %3").arg(it.key()).arg(other->size()).arg(it->size()));
            continue;
        }
        for (qsizetype i = 0; i < it->size(); ++i) {
            const Point& a = it->at(i);
            const Point& b = other->at(i);
            const bool same = a.timestampMs == b.timestampMs
                && (a.value == b.value
                    || std::abs(a.value - b.value) <= 1e-9 * std::max(std::abs(a.value), std::abs(b.value)));
            if (!same) {
                diffs.append(QStringLiteral("%1: sample %2 is (%3, %4), expected (%5, %6)")
                                 .arg(it.key())
                                 .arg(i)
                                 .arg(b.timestampMs)
                                 .arg(b.value, 0, 'g', 17)
                                 .arg(a.timestampMs)
                                 .arg(a.value, 0, 'g', 17));
                break;
            }
        }
    }
    for (auto it = actual.cbegin(); it != actual.cend() && diffs.size() < limit; ++it) {
        if (!expected.contains(it.key()))
            diffs.append(QStringLiteral("unexpected %1 (%2 samples)").arg(it.key()).arg(it->size()));
    }
    return diffs.join(u'\n');
}

qint64 sampleCount(const SeriesSamples& s)
{
    qint64 n = 0;
    for (const QList<Point>& points : s)
        n += points.size();
    return n;
}

} // namespace remotewritetest
