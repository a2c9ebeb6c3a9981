// Encoder for the Prometheus text exposition format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/), written the
// way Go's expfmt.MetricFamilyToText writes it, so `promtool check metrics`
// accepts the output and ExpositionParser reads back exactly what went in.
//
// 0.0.4 knows only counter, gauge, histogram, summary and untyped. Families
// that came from OpenMetrics are written as 0.0.4 can carry them (as the
// official clients do): `_created` samples become a `<name>_created` gauge,
// info becomes a `<name>_info` gauge, stateset a gauge, and a gaugehistogram's
// `_bucket`/`_gcount`/`_gsum` series untyped families. Round trip is exact for
// families of the five 0.0.4 types.
#include "ExpositionEncoder.h"

#include <QHash>

#include <charconv>
#include <cmath>

namespace opsdeck::metrics {

namespace {

void appendEscapedHelp(QByteArray& out, QByteArrayView help)
{
    for (char c : help) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
}

void appendEscapedLabelValue(QByteArray& out, QByteArrayView value)
{
    for (char c : value) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '"':
            out += "\\\"";
            break;
        case '\n':
            out += "\\n";
            break;
        default:
            out += c;
        }
    }
}

// Go's strconv.AppendFloat(f, 'g', -1, 64): shortest round-trip digits, %e
// notation when the decimal exponent is < -4 or >= 6 (precision 6 is used for
// this decision when the precision is "shortest"), with a two-digit exponent.
void appendValue(QByteArray& out, double v)
{
    if (std::isnan(v)) {
        out += "NaN";
        return;
    }
    if (std::isinf(v)) {
        out += v > 0 ? "+Inf" : "-Inf";
        return;
    }
    if (v == 0) { // also -0, as Go's writeFloat does
        out += '0';
        return;
    }
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    // Exponent: text after 'e'.
    const char* e = buf;
    while (e < res.ptr && *e != 'e')
        ++e;
    int exp = 0;
    std::from_chars(e + 1 + (e[1] == '+' ? 1 : 0), res.ptr, exp);
    if (exp < -4 || exp >= 6) {
        out.append(buf, res.ptr - buf); // "1.5e+06", "1e-05": same as Go
        return;
    }
    res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    out.append(buf, res.ptr - buf);
}

void appendInt(QByteArray& out, qint64 v)
{
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr - buf);
}

void appendSample(QByteArray& out, const QByteArray& name, const ExposedSample& s)
{
    out += name;
    bool first = true;
    for (const Label& l : s.labels) {
        if (l.name == kMetricNameLabel || l.value.isEmpty())
            continue;
        out += first ? '{' : ',';
        first = false;
        out += l.name;
        out += "=\"";
        appendEscapedLabelValue(out, l.value);
        out += '"';
    }
    if (!first)
        out += '}';
    out += ' ';
    appendValue(out, s.value);
    if (s.timestampMs) {
        out += ' ';
        appendInt(out, *s.timestampMs);
    }
    out += '\n';
}

void appendHeader(QByteArray& out, const QByteArray& name, const QByteArray& help, QByteArrayView type)
{
    if (!help.isEmpty()) {
        out += "# HELP ";
        out += name;
        out += ' ';
        appendEscapedHelp(out, help);
        out += '\n';
    }
    out += "# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

bool hasSuffix(const QByteArray& name, const QByteArray& base, QByteArrayView suffix)
{
    return name.size() == base.size() + suffix.size() && name.startsWith(base) && name.endsWith(suffix);
}

// A sample belongs to the main 0.0.4 family when its metric name is the
// family's name or a suffix the family's type allows.
bool belongsToMain(MetricType type, const QByteArray& mainName, const QByteArray& sampleName)
{
    if (sampleName == mainName)
        return true;
    switch (type) {
    case MetricType::Histogram:
        return hasSuffix(sampleName, mainName, "_bucket") || hasSuffix(sampleName, mainName, "_sum")
            || hasSuffix(sampleName, mainName, "_count");
    case MetricType::Summary:
        return hasSuffix(sampleName, mainName, "_sum") || hasSuffix(sampleName, mainName, "_count");
    default:
        return false;
    }
}

} // namespace

QByteArray ExpositionEncoder::formatValue(double value)
{
    QByteArray out;
    appendValue(out, value);
    return out;
}

void ExpositionEncoder::encodeFamily(const MetricFamily& family, QByteArray& out)
{
    const auto sampleName = [&](const ExposedSample& s) {
        QByteArray n = s.labels.metricName();
        return n.isEmpty() ? family.name : n;
    };

    QByteArray mainName = family.name;
    QByteArrayView mainType = "untyped";
    switch (family.type) {
    case MetricType::Counter:
        mainType = "counter";
        // An OpenMetrics counter "x" has samples "x_total"; in 0.0.4 the family is "x_total".
        if (!mainName.endsWith("_total")) {
            const QByteArray total = mainName + "_total";
            for (const ExposedSample& s : family.samples) {
                if (sampleName(s) == total) {
                    mainName = total;
                    break;
                }
            }
        }
        break;
    case MetricType::Info:
        mainType = "gauge";
        if (!mainName.endsWith("_info"))
            mainName += "_info";
        break;
    case MetricType::Gauge:
    case MetricType::StateSet:
        mainType = "gauge";
        break;
    case MetricType::Histogram:
        mainType = "histogram";
        break;
    case MetricType::Summary:
        mainType = "summary";
        break;
    case MetricType::GaugeHistogram:
    case MetricType::Untyped:
        mainType = "untyped";
        break;
    }

    // Fast path: every sample belongs to the main family (the usual case).
    bool allMain = true;
    QByteArray last;
    for (const ExposedSample& s : family.samples) {
        const QByteArray n = sampleName(s);
        if (n == last)
            continue;
        if (!belongsToMain(family.type, mainName, n)) {
            allMain = false;
            break;
        }
        last = n;
    }
    const bool gaugeHistogram = family.type == MetricType::GaugeHistogram;
    if (allMain && !gaugeHistogram) {
        appendHeader(out, mainName, family.help, mainType);
        for (const ExposedSample& s : family.samples)
            appendSample(out, sampleName(s), s);
        return;
    }

    // Split: main family first, then one family per other metric name in order
    // of first appearance (`_created` as gauge, the rest untyped).
    QList<QByteArray> otherNames;
    bool anyMain = false;
    for (const ExposedSample& s : family.samples) {
        const QByteArray n = sampleName(s);
        if (!gaugeHistogram && belongsToMain(family.type, mainName, n))
            anyMain = true;
        else if (!otherNames.contains(n))
            otherNames.append(n);
    }
    if (anyMain || (otherNames.isEmpty() && !gaugeHistogram)) {
        appendHeader(out, mainName, family.help, mainType);
        for (const ExposedSample& s : family.samples) {
            const QByteArray n = sampleName(s);
            if (belongsToMain(family.type, mainName, n))
                appendSample(out, n, s);
        }
    }
    for (const QByteArray& name : std::as_const(otherNames)) {
        const bool created = hasSuffix(name, family.name, "_created");
        appendHeader(out, name, family.help, created ? "gauge" : "untyped");
        for (const ExposedSample& s : family.samples) {
            if (sampleName(s) == name)
                appendSample(out, name, s);
        }
    }
}

QByteArray ExpositionEncoder::encode(const QList<MetricFamily>& families)
{
    QByteArray out;
    qsizetype samples = 0;
    for (const MetricFamily& f : families)
        samples += f.samples.size();
    out.reserve(samples * 64 + families.size() * 96);

    // The same family name twice (two sources filling one family) would be a
    // second TYPE line, which promtool rejects: merge into the first.
    QHash<QByteArray, qsizetype> firstIndex;
    firstIndex.reserve(families.size());
    bool duplicates = false;
    for (qsizetype i = 0; i < families.size() && !duplicates; ++i) {
        duplicates = firstIndex.contains(families[i].name);
        firstIndex.insert(families[i].name, i);
    }
    if (!duplicates) {
        for (const MetricFamily& f : families)
            encodeFamily(f, out);
        return out;
    }
    QList<MetricFamily> merged;
    QHash<QByteArray, qsizetype> mergedIndex;
    for (const MetricFamily& f : families) {
        const auto it = mergedIndex.constFind(f.name);
        if (it == mergedIndex.cend()) {
            mergedIndex.insert(f.name, merged.size());
            merged.append(f);
        } else {
            MetricFamily& into = merged[it.value()];
            into.samples += f.samples;
            if (into.help.isEmpty())
                into.help = f.help;
        }
    }
    for (const MetricFamily& f : std::as_const(merged))
        encodeFamily(f, out);
    return out;
}

} // namespace opsdeck::metrics
