#include "Functions.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace opsdeck::query {

using metrics::Labels;
using metrics::Sample;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Neumaier-improved Kahan step, as Prometheus kahanSumInc.
inline void kahanInc(double inc, double& sum, double& c)
{
    const double t = sum + inc;
    if (std::fabs(sum) >= std::fabs(inc))
        c += (sum - t) + inc;
    else
        c += (inc - t) + sum;
    sum = t;
}

std::optional<double> extrapolatedRate(
    std::span<const Sample> s, const RangeContext& ctx, bool isCounter, bool isRate)
{
    if (s.size() < 2)
        return std::nullopt;
    const Sample& first = s.front();
    const Sample& last = s.back();
    double result = last.value - first.value;
    // Without a drop the scan adds nothing: x < lastValue fails for every pair, and
    // for the first sample it adds 0 only when first < 0, which leaves result as is.
    if (isCounter && !ctx.noCounterDrops) {
        double lastValue = 0;
        for (const Sample& x : s) {
            if (x.value < lastValue)
                result += lastValue;
            lastValue = x.value;
        }
    }
    double durationToStart = double(first.timestampMs - ctx.rangeStartMs) / 1000.0;
    const double durationToEnd = double(ctx.rangeEndMs - last.timestampMs) / 1000.0;
    const double sampledInterval = double(last.timestampMs - first.timestampMs) / 1000.0;
    const double averageDurationBetweenSamples = sampledInterval / double(s.size() - 1);
    if (isCounter && result > 0 && first.value >= 0) {
        const double durationToZero = sampledInterval * (first.value / result);
        if (durationToZero < durationToStart)
            durationToStart = durationToZero;
    }
    const double threshold = averageDurationBetweenSamples * 1.1;
    double extrapolateToInterval = sampledInterval;
    extrapolateToInterval += durationToStart < threshold ? durationToStart : averageDurationBetweenSamples / 2;
    extrapolateToInterval += durationToEnd < threshold ? durationToEnd : averageDurationBetweenSamples / 2;
    result = result * (extrapolateToInterval / sampledInterval);
    if (isRate)
        result = result / (double(ctx.rangeMs) / 1000.0);
    return result;
}

std::optional<double> instantValue(std::span<const Sample> s, bool isRate)
{
    if (s.size() < 2)
        return std::nullopt;
    const Sample& last = s[s.size() - 1];
    const Sample& prev = s[s.size() - 2];
    double result = (isRate && last.value < prev.value) ? last.value : last.value - prev.value;
    const qint64 interval = last.timestampMs - prev.timestampMs;
    if (interval == 0)
        return std::nullopt;
    if (isRate)
        result /= double(interval) / 1000.0;
    return result;
}

// Simple linear regression; x in seconds relative to interceptTime (Prometheus linearRegression).
void linearRegression(std::span<const Sample> s, qint64 interceptTime, double* slope, double* intercept)
{
    double n = 0, sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
    const double initY = s[0].value;
    bool constY = true;
    for (size_t i = 0; i < s.size(); ++i) {
        if (constY && i > 0 && s[i].value != initY)
            constY = false;
        n += 1.0;
        const double x = double(s[i].timestampMs - interceptTime) / 1e3;
        kahanInc(x, sumX, cX);
        kahanInc(s[i].value, sumY, cY);
        kahanInc(x * s[i].value, sumXY, cXY);
        kahanInc(x * x, sumX2, cX2);
    }
    if (constY) {
        if (std::isinf(initY)) {
            *slope = kNaN;
            *intercept = kNaN;
        } else {
            *slope = 0;
            *intercept = initY;
        }
        return;
    }
    sumX += cX;
    sumY += cY;
    sumXY += cXY;
    sumX2 += cX2;
    const double covXY = sumXY - sumX * sumY / n;
    const double varX = sumX2 - sumX * sumX / n;
    *slope = covXY / varX;
    *intercept = sumY / n - *slope * sumX / n;
}

double avgOverTime(std::span<const Sample> s)
{
    double mean = 0, count = 0, c = 0;
    for (const Sample& x : s) {
        count++;
        if (std::isinf(mean)) {
            if (std::isinf(x.value) && (mean > 0) == (x.value > 0))
                continue;
            if (!std::isinf(x.value) && !std::isnan(x.value))
                continue;
        }
        kahanInc(x.value / count - mean / count, mean, c);
    }
    if (std::isinf(mean))
        return mean;
    return mean + c;
}

double stdvarOverTime(std::span<const Sample> s)
{
    double count = 0, mean = 0, cMean = 0, aux = 0, cAux = 0;
    for (const Sample& x : s) {
        count++;
        const double delta = x.value - (mean + cMean);
        kahanInc(delta / count, mean, cMean);
        kahanInc(delta * (x.value - (mean + cMean)), aux, cAux);
    }
    return (aux + cAux) / count;
}

bool parseGoFloat(const QByteArray& text, double* out)
{
    const QByteArray l = text.toLower();
    if (l == "+inf" || l == "inf" || l == "infinity" || l == "+infinity") {
        *out = kInf;
        return true;
    }
    if (l == "-inf" || l == "-infinity") {
        *out = -kInf;
        return true;
    }
    if (l == "nan") {
        *out = kNaN;
        return true;
    }
    if (text.isEmpty())
        return false;
    bool ok = false;
    *out = text.toDouble(&ok);
    return ok;
}

// Go regexp.Expand: $1, ${1}, $name, ${name}; $$ is a literal $.
QByteArray expandTemplate(const QByteArray& tpl, const QRegularExpressionMatch& m)
{
    QByteArray out;
    for (qsizetype i = 0; i < tpl.size(); ++i) {
        const char ch = tpl[i];
        if (ch != '$' || i + 1 >= tpl.size()) {
            out.append(ch);
            continue;
        }
        if (tpl[i + 1] == '$') {
            out.append('$');
            ++i;
            continue;
        }
        QByteArray name;
        qsizetype end = i + 1;
        if (tpl[i + 1] == '{') {
            const qsizetype close = tpl.indexOf('}', i + 2);
            if (close < 0) {
                out.append('$');
                continue;
            }
            name = tpl.mid(i + 2, close - i - 2);
            end = close + 1;
        } else {
            while (end < tpl.size()) {
                const char c = tpl[end];
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
                    break;
                ++end;
            }
            name = tpl.mid(i + 1, end - i - 1);
        }
        if (name.isEmpty()
            || !metrics::isValidLabelName(name.front() >= '0' && name.front() <= '9' ? QByteArray("x") : name)) {
            out.append('$');
            continue;
        }
        bool isNum = true;
        for (char c : name)
            isNum = isNum && c >= '0' && c <= '9';
        if (isNum) {
            bool ok = false;
            const int n = name.toInt(&ok);
            if (ok && n <= m.lastCapturedIndex())
                out.append(m.captured(n).toUtf8());
        } else {
            out.append(m.captured(QString::fromUtf8(name)).toUtf8());
        }
        i = end - 1;
    }
    return out;
}

} // namespace

std::optional<RangeFunction> rangeFunctionFromName(const QString& name)
{
    static const QHash<QString, RangeFunction> map = {
        { QStringLiteral("rate"), RangeFunction::Rate },
        { QStringLiteral("irate"), RangeFunction::Irate },
        { QStringLiteral("increase"), RangeFunction::Increase },
        { QStringLiteral("delta"), RangeFunction::Delta },
        { QStringLiteral("idelta"), RangeFunction::Idelta },
        { QStringLiteral("deriv"), RangeFunction::Deriv },
        { QStringLiteral("predict_linear"), RangeFunction::PredictLinear },
        { QStringLiteral("changes"), RangeFunction::Changes },
        { QStringLiteral("resets"), RangeFunction::Resets },
        { QStringLiteral("avg_over_time"), RangeFunction::AvgOverTime },
        { QStringLiteral("min_over_time"), RangeFunction::MinOverTime },
        { QStringLiteral("max_over_time"), RangeFunction::MaxOverTime },
        { QStringLiteral("sum_over_time"), RangeFunction::SumOverTime },
        { QStringLiteral("count_over_time"), RangeFunction::CountOverTime },
        { QStringLiteral("quantile_over_time"), RangeFunction::QuantileOverTime },
        { QStringLiteral("stddev_over_time"), RangeFunction::StddevOverTime },
        { QStringLiteral("stdvar_over_time"), RangeFunction::StdvarOverTime },
        { QStringLiteral("last_over_time"), RangeFunction::LastOverTime },
        { QStringLiteral("present_over_time"), RangeFunction::PresentOverTime },
    };
    const auto it = map.constFind(name);
    if (it == map.cend())
        return std::nullopt;
    return *it;
}

std::optional<double> evalRangeFunction(RangeFunction fn, std::span<const Sample> s, const RangeContext& ctx)
{
    if (s.empty())
        return std::nullopt;
    switch (fn) {
    case RangeFunction::Rate:
        return extrapolatedRate(s, ctx, true, true);
    case RangeFunction::Increase:
        return extrapolatedRate(s, ctx, true, false);
    case RangeFunction::Delta:
        return extrapolatedRate(s, ctx, false, false);
    case RangeFunction::Irate:
        return instantValue(s, true);
    case RangeFunction::Idelta:
        return instantValue(s, false);
    case RangeFunction::Deriv: {
        if (s.size() < 2)
            return std::nullopt;
        double slope = 0, intercept = 0;
        linearRegression(s, s[0].timestampMs, &slope, &intercept);
        return slope;
    }
    case RangeFunction::PredictLinear: {
        if (s.size() < 2)
            return std::nullopt;
        double slope = 0, intercept = 0;
        linearRegression(s, ctx.evalTimeMs, &slope, &intercept);
        return slope * ctx.scalarArg + intercept;
    }
    case RangeFunction::Changes: {
        int changes = 0;
        double prev = s[0].value;
        for (size_t i = 1; i < s.size(); ++i) {
            const double cur = s[i].value;
            if (cur != prev && !(std::isnan(cur) && std::isnan(prev)))
                ++changes;
            prev = cur;
        }
        return double(changes);
    }
    case RangeFunction::Resets: {
        int resets = 0;
        double prev = s[0].value;
        for (size_t i = 1; i < s.size(); ++i) {
            if (s[i].value < prev)
                ++resets;
            prev = s[i].value;
        }
        return double(resets);
    }
    case RangeFunction::AvgOverTime:
        return avgOverTime(s);
    case RangeFunction::MinOverTime: {
        double v = s[0].value;
        for (const Sample& x : s)
            if (x.value < v || std::isnan(v))
                v = x.value;
        return v;
    }
    case RangeFunction::MaxOverTime: {
        double v = s[0].value;
        for (const Sample& x : s)
            if (x.value > v || std::isnan(v))
                v = x.value;
        return v;
    }
    case RangeFunction::SumOverTime: {
        double sum = 0, c = 0;
        for (const Sample& x : s)
            kahanInc(x.value, sum, c);
        return std::isinf(sum) ? sum : sum + c;
    }
    case RangeFunction::CountOverTime:
        return double(s.size());
    case RangeFunction::QuantileOverTime: {
        std::vector<double> values;
        values.reserve(s.size());
        for (const Sample& x : s)
            values.push_back(x.value);
        return quantile(ctx.scalarArg, std::move(values));
    }
    case RangeFunction::StddevOverTime:
        return std::sqrt(stdvarOverTime(s));
    case RangeFunction::StdvarOverTime:
        return stdvarOverTime(s);
    case RangeFunction::LastOverTime:
        return s.back().value;
    case RangeFunction::PresentOverTime:
        return 1.0;
    }
    return std::nullopt;
}

double kahanSum(std::span<const double> values)
{
    double sum = 0, c = 0;
    for (double v : values)
        kahanInc(v, sum, c);
    return std::isinf(sum) ? sum : sum + c;
}

double quantile(double q, std::vector<double> values)
{
    if (values.empty() || std::isnan(q))
        return kNaN;
    if (q < 0)
        return -kInf;
    if (q > 1)
        return kInf;
    // vectorByValueHeap order: NaN first, then ascending
    std::sort(values.begin(), values.end(), [](double a, double b) {
        if (std::isnan(a) && !std::isnan(b))
            return true;
        return a < b;
    });
    const double n = double(values.size());
    const double rank = q * (n - 1);
    const double lowerIndex = std::max(0.0, std::floor(rank));
    const double upperIndex = std::min(n - 1, lowerIndex + 1);
    const double weight = rank - std::floor(rank);
    return values[size_t(lowerIndex)] * (1 - weight) + values[size_t(upperIndex)] * weight;
}

double bucketQuantile(double q, std::vector<Bucket> buckets)
{
    if (std::isnan(q))
        return kNaN;
    if (q < 0)
        return -kInf;
    if (q > 1)
        return kInf;
    if (buckets.empty())
        return kNaN;
    std::stable_sort(buckets.begin(), buckets.end(),
        [](const Bucket& a, const Bucket& b) { return a.upperBound < b.upperBound; });
    if (!(std::isinf(buckets.back().upperBound) && buckets.back().upperBound > 0))
        return kNaN;
    // coalesceBuckets: merge equal upper bounds
    std::vector<Bucket> merged;
    for (const Bucket& b : buckets) {
        if (!merged.empty() && merged.back().upperBound == b.upperBound)
            merged.back().count += b.count;
        else
            merged.push_back(b);
    }
    // ensureMonotonic
    double max = -kInf;
    for (Bucket& b : merged) {
        if (b.count > max)
            max = b.count;
        else if (b.count < max)
            b.count = max;
    }
    if (merged.size() < 2)
        return kNaN;
    const double observations = merged.back().count;
    if (observations == 0)
        return kNaN;
    double rank = q * observations;
    size_t b = 0;
    while (b < merged.size() - 1 && !(merged[b].count >= rank))
        ++b;
    if (b == merged.size() - 1)
        return merged[merged.size() - 2].upperBound;
    if (b == 0 && merged[0].upperBound <= 0)
        return merged[0].upperBound;
    double bucketStart = 0;
    const double bucketEnd = merged[b].upperBound;
    double count = merged[b].count;
    if (b > 0) {
        bucketStart = merged[b - 1].upperBound;
        count -= merged[b - 1].count;
        rank -= merged[b - 1].count;
    }
    return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

bool applySimpleFunction(const QString& name, Vector& vec, const std::vector<double>& a)
{
    std::function<double(const VectorElement&)> f;
    if (name == u"abs") {
        f = [](const VectorElement& e) { return std::fabs(e.value); };
    } else if (name == u"ceil") {
        f = [](const VectorElement& e) { return std::ceil(e.value); };
    } else if (name == u"floor") {
        f = [](const VectorElement& e) { return std::floor(e.value); };
    } else if (name == u"exp") {
        f = [](const VectorElement& e) { return std::exp(e.value); };
    } else if (name == u"sqrt") {
        f = [](const VectorElement& e) { return std::sqrt(e.value); };
    } else if (name == u"ln") {
        f = [](const VectorElement& e) { return std::log(e.value); };
    } else if (name == u"log2") {
        f = [](const VectorElement& e) { return std::log2(e.value); };
    } else if (name == u"log10") {
        f = [](const VectorElement& e) { return std::log10(e.value); };
    } else if (name == u"sgn") {
        f = [](const VectorElement& e) { return e.value < 0 ? -1.0 : e.value > 0 ? 1.0 : e.value; };
    } else if (name == u"timestamp") {
        f = [](const VectorElement& e) { return double(e.timestampMs) / 1000.0; };
    } else if (name == u"round") {
        const double toNearestInverse = 1.0 / (a.empty() ? 1.0 : a[0]);
        f = [toNearestInverse](const VectorElement& e) {
            return std::floor(e.value * toNearestInverse + 0.5) / toNearestInverse;
        };
    } else if (name == u"clamp") {
        const double mn = a.at(0), mx = a.at(1);
        if (mx < mn) {
            vec.clear();
            return true;
        }
        f = [mn, mx](const VectorElement& e) { return goMax(mn, goMin(mx, e.value)); };
    } else if (name == u"clamp_min") {
        const double mn = a.at(0);
        f = [mn](const VectorElement& e) { return goMax(mn, e.value); };
    } else if (name == u"clamp_max") {
        const double mx = a.at(0);
        f = [mx](const VectorElement& e) { return goMin(mx, e.value); };
    } else {
        return false;
    }
    for (VectorElement& e : vec) {
        e.value = f(e);
        if (e.labels.has(metrics::kMetricNameLabel)) {
            e.labels = dropMetricName(e.labels);
            e.hash = labelsHash(e.labels);
        }
    }
    return true;
}

Vector histogramQuantile(double q, const Vector& in)
{
    struct Group
    {
        Labels labels;
        std::vector<Bucket> buckets;
    };
    std::vector<Group> groups;
    QHash<Labels, size_t> index; // keyed by labels without le, plus the metric name
    for (const VectorElement& e : in) {
        double upper = 0;
        if (!parseGoFloat(e.labels.value("le"), &upper))
            continue;
        const Labels key = e.labels.without("le");
        auto it = index.constFind(key);
        size_t gi;
        if (it == index.cend()) {
            gi = groups.size();
            index.insert(key, gi);
            groups.push_back({ dropMetricName(key), {} });
        } else {
            gi = *it;
        }
        groups[gi].buckets.push_back({ upper, e.value });
    }
    Vector out;
    for (Group& g : groups) {
        VectorElement e;
        e.labels = g.labels;
        e.hash = labelsHash(e.labels);
        e.value = bucketQuantile(q, std::move(g.buckets));
        out.push_back(std::move(e));
    }
    return out;
}

void labelJoin(Vector& vec, const QByteArray& dst, const QByteArray& sep, const QList<QByteArray>& sources)
{
    for (const QByteArray& src : sources)
        if (!metrics::isValidLabelName(src))
            throw EvalError {
                QStringLiteral("invalid source label name in label_join(): %1").arg(QString::fromUtf8(src))
            };
    if (!metrics::isValidLabelName(dst))
        throw EvalError {
            QStringLiteral("invalid destination label name in label_join(): %1").arg(QString::fromUtf8(dst))
        };
    for (VectorElement& e : vec) {
        QByteArray joined;
        for (qsizetype i = 0; i < sources.size(); ++i) {
            if (i > 0)
                joined += sep;
            joined += e.labels.value(sources[i]);
        }
        e.labels = e.labels.with(dst, joined); // an empty value removes dst
        e.hash = labelsHash(e.labels);
    }
}

LabelReplacer::LabelReplacer(
    const QByteArray& dst, const QByteArray& replacement, const QByteArray& src, const QByteArray& regex)
    : m_re(QStringLiteral("^(?:") + QString::fromUtf8(regex) + QStringLiteral(")$"),
        QRegularExpression::DotMatchesEverythingOption)
    , m_dst(dst)
    , m_replacement(replacement)
    , m_src(src)
{
    if (!m_re.isValid())
        throw EvalError {
            QStringLiteral("invalid regular expression in label_replace(): %1").arg(QString::fromUtf8(regex))
        };
    if (!metrics::isValidLabelName(dst))
        throw EvalError {
            QStringLiteral("invalid destination label name in label_replace(): %1").arg(QString::fromUtf8(dst))
        };
}

std::optional<Labels> LabelReplacer::apply(const Labels& labels) const
{
    const QRegularExpressionMatch m = m_re.match(QString::fromUtf8(labels.value(m_src)));
    if (!m.hasMatch())
        return std::nullopt;
    const QByteArray res = expandTemplate(m_replacement, m);
    return labels.with(m_dst, res); // an empty value removes the label
}

Vector labelReplace(const Vector& in, const QByteArray& dst, const QByteArray& replacement, const QByteArray& src,
    const QByteArray& regex)
{
    const LabelReplacer replacer(dst, replacement, src, regex);
    Vector out;
    out.reserve(in.size());
    for (const VectorElement& e : in) {
        VectorElement o = e;
        if (std::optional<Labels> replaced = replacer.apply(e.labels)) {
            o.labels = std::move(*replaced);
            o.hash = labelsHash(o.labels);
        }
        out.push_back(std::move(o));
    }
    return out;
}

QString labelsToString(const Labels& labels)
{
    QString s = QStringLiteral("{");
    bool first = true;
    for (const metrics::Label& l : labels) {
        if (!first)
            s += QStringLiteral(", ");
        first = false;
        QString v = QString::fromUtf8(l.value);
        v.replace(u'\\', QStringLiteral("\\\\"))
            .replace(u'"', QStringLiteral("\\\""))
            .replace(u'\n', QStringLiteral("\\n"));
        s += QString::fromUtf8(l.name) + QStringLiteral("=\"") + v + u'"';
    }
    return s + u'}';
}

Labels dropMetricName(const Labels& labels)
{
    return labels.has(metrics::kMetricNameLabel) ? labels.without(metrics::kMetricNameLabel) : labels;
}

size_t labelsHash(const Labels& labels)
{
    return labels.hash();
}

double goMax(double a, double b)
{
    if (std::isinf(a) && a > 0)
        return a;
    if (std::isinf(b) && b > 0)
        return b;
    if (std::isnan(a) || std::isnan(b))
        return kNaN;
    return a > b ? a : b;
}

double goMin(double a, double b)
{
    if (std::isinf(a) && a < 0)
        return a;
    if (std::isinf(b) && b < 0)
        return b;
    if (std::isnan(a) || std::isnan(b))
        return kNaN;
    return a < b ? a : b;
}

} // namespace opsdeck::query
