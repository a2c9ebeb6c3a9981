#include "PrometheusQuerySource.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QUrlQuery>

#include <curl/curl.h>

#include <cmath>
#include <memory>
#include <mutex>

namespace opsdeck::query {

namespace {

void globalInit()
{
    // curl_global_init is not thread-safe in every build: once, before any handle.
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter
{
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter
{
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct Transfer
{
    QByteArray body;
    qint64 limit = 0;
    bool overLimit = false;
    const std::atomic_bool* cancelled = nullptr;
};

size_t writeBody(char* data, size_t size, size_t count, void* userData)
{
    auto* t = static_cast<Transfer*>(userData);
    const size_t n = size * count;
    if (t->body.size() + static_cast<qint64>(n) > t->limit) {
        t->overLimit = true;
        return 0; // aborts with CURLE_WRITE_ERROR
    }
    t->body.append(data, static_cast<qsizetype>(n));
    return n;
}

int progress(void* userData, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    const auto* t = static_cast<const Transfer*>(userData);
    return t->cancelled && t->cancelled->load() ? 1 : 0; // non-zero aborts the transfer
}

QString secondsText(qint64 ms)
{
    if (ms % 1000 == 0)
        return QString::number(ms / 1000);
    return QString::number(static_cast<double>(ms) / 1000.0, 'f', 3);
}

QString durationText(qint64 ms)
{
    return ms % 1000 == 0 ? QStringLiteral("%1 s").arg(ms / 1000) : QStringLiteral("%1 ms").arg(ms);
}

// Prometheus sends values as strings ("1.5", "NaN", "+Inf") and times as
// float seconds.
bool parseValue(const QJsonValue& v, double* out)
{
    if (!v.isString())
        return false;
    const QString s = v.toString();
    if (s == QLatin1String("+Inf") || s == QLatin1String("Inf")) {
        *out = INFINITY;
        return true;
    }
    if (s == QLatin1String("-Inf")) {
        *out = -INFINITY;
        return true;
    }
    if (s == QLatin1String("NaN")) {
        *out = NAN;
        return true;
    }
    bool ok = false;
    *out = s.toDouble(&ok);
    return ok;
}

bool parsePoint(const QJsonValue& v, metrics::Sample* out)
{
    const QJsonArray pair = v.toArray();
    if (pair.size() != 2 || !pair.at(0).isDouble())
        return false;
    out->timestampMs = std::llround(pair.at(0).toDouble() * 1000.0);
    return parseValue(pair.at(1), &out->value);
}

metrics::Labels parseMetric(const QJsonObject& metric)
{
    QList<metrics::Label> labels;
    labels.reserve(metric.size());
    for (auto it = metric.begin(); it != metric.end(); ++it)
        labels.append({ it.key().toUtf8(), it.value().toString().toUtf8() });
    return metrics::Labels::fromUnsorted(std::move(labels));
}

// The common envelope: {"status":"success"|"error","data":...,"errorType","error","warnings"}.
// Fills errorType/error/warnings and returns data when the call succeeded.
template <typename Result>
std::optional<QJsonValue> envelope(const QByteArray& body, int httpStatus, const QString& name, Result* r)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        if (httpStatus >= 500) {
            r->errorType = QStringLiteral("unavailable");
            r->error = QStringLiteral("data source %1: HTTP %2").arg(name).arg(httpStatus);
        } else {
            r->errorType = QStringLiteral("internal");
            r->error = QStringLiteral("data source %1: the answer is not the Prometheus API's JSON (HTTP %2, %3)")
                           .arg(name)
                           .arg(httpStatus)
                           .arg(parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                             : QStringLiteral("not an object"));
        }
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    for (const QJsonValue& w : o.value(QLatin1String("warnings")).toArray())
        r->warnings.append(QStringLiteral("%1: %2").arg(name, w.toString()));
    if (o.value(QLatin1String("status")).toString() != QLatin1String("success")) {
        r->errorType = o.value(QLatin1String("errorType")).toString();
        if (r->errorType.isEmpty())
            r->errorType = httpStatus >= 500 ? QStringLiteral("unavailable") : QStringLiteral("internal");
        r->error = QStringLiteral("data source %1: %2")
                       .arg(name,
                           o.contains(QLatin1String("error")) ? o.value(QLatin1String("error")).toString()
                                                              : QStringLiteral("HTTP %1").arg(httpStatus));
        return std::nullopt;
    }
    return o.value(QLatin1String("data"));
}

template <typename Result> Result malformed(const QString& name, const QString& what, Result r)
{
    r.ok = false;
    r.errorType = QStringLiteral("internal");
    r.error = QStringLiteral("data source %1: malformed answer: %2").arg(name, what);
    return r;
}

template <typename Result> Result fromFailedReply(const PrometheusQuerySource::Reply& reply)
{
    Result r;
    r.errorType = reply.errorType;
    r.error = reply.error;
    return r;
}

// start, end and one match[] per selector: the metadata endpoints' parameters.
PrometheusQuerySource::Params windowParams(const QStringList& selectors, qint64 startMs, qint64 endMs)
{
    PrometheusQuerySource::Params params { { QStringLiteral("start"), secondsText(startMs) },
        { QStringLiteral("end"), secondsText(endMs) } };
    for (const QString& s : selectors)
        params.append({ QStringLiteral("match[]"), s });
    return params;
}

} // namespace

PrometheusQuerySource::PrometheusQuerySource(RemoteSourceConfig config)
    : m_config(std::move(config))
{
    globalInit();
}

QString PrometheusQuerySource::name() const
{
    return m_config.name.isEmpty() ? m_config.url.toString(QUrl::RemoveUserInfo) : m_config.name;
}

void PrometheusQuerySource::noteHealth(const QString& errorType, const QString& error) const
{
    if (errorType == QLatin1String("canceled"))
        return;
    // No usable answer; an API error such as bad_data is the server working.
    const bool failing = errorType == QLatin1String("timeout") || errorType == QLatin1String("unavailable")
        || errorType == QLatin1String("internal");
    const std::lock_guard lock(m_healthMutex);
    if (m_health.sinceMs == 0 || failing != m_health.failing)
        m_health.sinceMs = QDateTime::currentMSecsSinceEpoch();
    m_health.failing = failing;
    if (failing)
        m_health.error = error;
}

template <typename Result>
Result PrometheusQuerySource::answered(
    const Reply& reply, Result (*decode)(const QByteArray&, int, const QString&)) const
{
    Result r = reply.transferred ? decode(reply.body, reply.httpStatus, name()) : fromFailedReply<Result>(reply);
    noteHealth(r.ok ? QString() : r.errorType, r.error);
    return r;
}

SourceHealth PrometheusQuerySource::health() const
{
    const std::lock_guard lock(m_healthMutex);
    SourceHealth h = m_health;
    h.name = name();
    return h;
}

PrometheusQuerySource::Reply PrometheusQuerySource::call(
    const QString& path, const Params& params, const QueryOptions& options, Method method) const
{
    const bool post = m_config.post && method == Method::Configured;
    Reply reply;
    const qint64 timeoutMs = options.timeoutMs > 0 ? options.timeoutMs : m_config.timeoutMs;
    if (options.cancelled && options.cancelled->load()) {
        reply.errorType = QStringLiteral("canceled");
        reply.error = QStringLiteral("query was canceled");
        return reply;
    }
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) {
        reply.errorType = QStringLiteral("internal");
        reply.error = QStringLiteral("data source %1: cannot create an HTTP handle").arg(name());
        return reply;
    }
    QUrl url = m_config.url;
    QString basePath = url.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + path);
    QUrlQuery query;
    for (const auto& [key, value] : params)
        query.addQueryItem(key, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    const QByteArray form = query.toString(QUrl::FullyEncoded).toLatin1();
    if (!post && !form.isEmpty())
        url.setQuery(QString::fromLatin1(form));
    const QByteArray urlBytes = url.toEncoded();

    Transfer transfer;
    transfer.limit = m_config.maxResponseBytes;
    transfer.cancelled = options.cancelled;

    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, urlBytes.constData());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeoutMs));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeoutMs));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, writeBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); // gzip when the server offers it
    curl_easy_setopt(c, CURLOPT_USERAGENT, "opsdeck/" OPSDECK_VERSION);
    if (post && !form.isEmpty()) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, form.constData());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(form.size()));
    }
    std::unique_ptr<curl_slist, SlistDeleter> headers;
    const QByteArray bearer = QByteArrayLiteral("Authorization: Bearer ") + m_config.bearerToken.toUtf8();
    if (!m_config.bearerToken.isEmpty()) {
        headers.reset(curl_slist_append(nullptr, bearer.constData()));
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    }
    const QByteArray user = m_config.basicUser.toUtf8();
    const QByteArray password = m_config.basicPassword.toUtf8();
    if (!m_config.basicUser.isEmpty()) {
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
        curl_easy_setopt(c, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(c, CURLOPT_PASSWORD, password.constData());
    }
    const QByteArray ca = m_config.caFile.toLocal8Bit();
    if (!ca.isEmpty())
        curl_easy_setopt(c, CURLOPT_CAINFO, ca.constData());
    if (m_config.insecureSkipVerify) {
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    }

    const CURLcode code = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (code == CURLE_OK) {
        reply.transferred = true;
        reply.httpStatus = static_cast<int>(status);
        reply.body = std::move(transfer.body);
        return reply;
    }
    if (code == CURLE_ABORTED_BY_CALLBACK) {
        reply.errorType = QStringLiteral("canceled");
        reply.error = QStringLiteral("query was canceled");
    } else if (code == CURLE_OPERATION_TIMEDOUT) {
        reply.errorType = QStringLiteral("timeout");
        reply.error = QStringLiteral("data source %1: timeout after %2").arg(name(), durationText(timeoutMs));
    } else if (transfer.overLimit) {
        reply.errorType = QStringLiteral("internal");
        reply.error = QStringLiteral("data source %1: the answer is larger than the limit of %2 MiB")
                          .arg(name())
                          .arg(m_config.maxResponseBytes / (1024.0 * 1024.0), 0, 'f', 1);
    } else {
        reply.errorType = QStringLiteral("unavailable");
        reply.error
            = QStringLiteral("data source %1: %2").arg(name(), QString::fromUtf8(curl_easy_strerror(code)));
    }
    return reply;
}

QueryResult PrometheusQuerySource::instant(const QString& expr, qint64 timeMs, const QueryOptions& options) const
{
    const Reply reply = call(QStringLiteral("/api/v1/query"),
        { { QStringLiteral("query"), expr }, { QStringLiteral("time"), secondsText(timeMs) } }, options);
    return answered(reply, &decodeQuery);
}

QueryResult PrometheusQuerySource::range(
    const QString& expr, qint64 startMs, qint64 endMs, qint64 stepMs, const QueryOptions& options) const
{
    const Reply reply = call(QStringLiteral("/api/v1/query_range"),
        { { QStringLiteral("query"), expr }, { QStringLiteral("start"), secondsText(startMs) },
            { QStringLiteral("end"), secondsText(endMs) }, { QStringLiteral("step"), secondsText(stepMs) } },
        options);
    return answered(reply, &decodeQuery);
}

SeriesResult PrometheusQuerySource::series(
    const QStringList& selectors, qint64 startMs, qint64 endMs, const QueryOptions& options) const
{
    const Params params = windowParams(selectors, startMs, endMs);
    const Reply reply = call(QStringLiteral("/api/v1/series"), params, options);
    return answered(reply, &decodeSeries);
}

LabelsResult PrometheusQuerySource::labelNames(
    const QStringList& selectors, qint64 startMs, qint64 endMs, const QueryOptions& options) const
{
    const Params params = windowParams(selectors, startMs, endMs);
    const Reply reply = call(QStringLiteral("/api/v1/labels"), params, options);
    return answered(reply, &decodeLabels);
}

LabelsResult PrometheusQuerySource::labelValues(const QString& label, const QStringList& selectors, qint64 startMs,
    qint64 endMs, const QueryOptions& options) const
{
    const Params params = windowParams(selectors, startMs, endMs);
    // Prometheus serves this endpoint by GET only (405 to a POST).
    const Reply reply
        = call(QStringLiteral("/api/v1/label/%1/values").arg(QString::fromLatin1(QUrl::toPercentEncoding(label))),
            params, options, Method::Get);
    return answered(reply, &decodeLabels);
}

BuildInfo PrometheusQuerySource::buildInfo(const QueryOptions& options) const
{
    BuildInfo info;
    const Reply reply = call(QStringLiteral("/api/v1/status/buildinfo"), {}, options, Method::Get);
    if (!reply.transferred) {
        info.error = reply.error;
        return info;
    }
    LabelsResult scratch;
    const auto data = envelope(reply.body, reply.httpStatus, name(), &scratch);
    if (!data) {
        info.error = scratch.error;
        return info;
    }
    // A success envelope is a working Prometheus API even without a version:
    // Debian's VictoriaMetrics 1.79 answers {"status":"success","data":{}}.
    info.version = data->toObject().value(QLatin1String("version")).toString();
    info.ok = true;
    return info;
}

QueryResult PrometheusQuerySource::decodeQuery(const QByteArray& body, int httpStatus, const QString& name)
{
    QueryResult r;
    const auto data = envelope(body, httpStatus, name, &r);
    if (!data)
        return r;
    const QJsonObject d = data->toObject();
    const QString type = d.value(QLatin1String("resultType")).toString();
    const QJsonValue result = d.value(QLatin1String("result"));
    if (type == QLatin1String("vector") || type == QLatin1String("matrix")) {
        const bool matrix = type == QLatin1String("matrix");
        r.type = matrix ? ValueType::Matrix : ValueType::Vector;
        const QJsonArray items = result.toArray();
        r.series.reserve(items.size());
        for (const QJsonValue& item : items) {
            const QJsonObject o = item.toObject();
            ResultSeries s;
            s.labels = parseMetric(o.value(QLatin1String("metric")).toObject());
            if (matrix) {
                const QJsonArray values = o.value(QLatin1String("values")).toArray();
                s.points.reserve(values.size());
                for (const QJsonValue& v : values) {
                    metrics::Sample p;
                    if (!parsePoint(v, &p))
                        return malformed(name, QStringLiteral("a matrix point is not [time, \"value\"]"), r);
                    s.points.append(p);
                }
            } else {
                metrics::Sample p;
                if (!parsePoint(o.value(QLatin1String("value")), &p))
                    return malformed(name, QStringLiteral("a vector sample is not [time, \"value\"]"), r);
                s.points.append(p);
            }
            r.series.append(std::move(s));
        }
    } else if (type == QLatin1String("scalar")) {
        r.type = ValueType::Scalar;
        if (!parsePoint(result, &r.scalar))
            return malformed(name, QStringLiteral("a scalar is not [time, \"value\"]"), r);
    } else if (type == QLatin1String("string")) {
        r.type = ValueType::String;
        const QJsonArray pair = result.toArray();
        if (pair.size() != 2)
            return malformed(name, QStringLiteral("a string is not [time, \"text\"]"), r);
        r.scalar.timestampMs = std::llround(pair.at(0).toDouble() * 1000.0);
        r.string = pair.at(1).toString();
    } else {
        return malformed(name, QStringLiteral("unknown resultType \"%1\"").arg(type), r);
    }
    r.ok = true;
    return r;
}

SeriesResult PrometheusQuerySource::decodeSeries(const QByteArray& body, int httpStatus, const QString& name)
{
    SeriesResult r;
    const auto data = envelope(body, httpStatus, name, &r);
    if (!data)
        return r;
    if (!data->isArray())
        return malformed(name, QStringLiteral("series data is not a list"), r);
    for (const QJsonValue& v : data->toArray())
        r.series.append(parseMetric(v.toObject()));
    std::sort(r.series.begin(), r.series.end());
    r.ok = true;
    return r;
}

LabelsResult PrometheusQuerySource::decodeLabels(const QByteArray& body, int httpStatus, const QString& name)
{
    LabelsResult r;
    const auto data = envelope(body, httpStatus, name, &r);
    if (!data)
        return r;
    if (!data->isArray())
        return malformed(name, QStringLiteral("label data is not a list"), r);
    for (const QJsonValue& v : data->toArray())
        r.values.append(v.toString());
    r.values.sort();
    r.values.removeDuplicates();
    r.ok = true;
    return r;
}

} // namespace opsdeck::query
