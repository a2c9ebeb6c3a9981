// Parser for the Prometheus text exposition format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/) and the
// OpenMetrics 1.0 text format (https://openmetrics.io, "OpenMetrics 1.0").
//
// What is accepted follows the Go parsers Prometheus itself uses: expfmt's
// TextParser (promtool) for 0.0.4 and model/textparse for OpenMetrics: value
// syntax of strconv.ParseFloat without hex or '_', escapes \\ \" \n only,
// samples joined to the family declared by TYPE when their name is the family
// name plus a suffix the type allows (isSeriesPartOfFamily).
//
// Built for throughput: one pass over the bytes, no QString, label names and
// values interned in a small direct-mapped cache so repeated strings share one
// implicitly shared QByteArray instead of allocating per sample.
#include "ExpositionParser.h"
#include "ExpositionScanner.h"

#include <QHash>
#include <QLoggingCategory>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace opsdeck::metrics {

namespace {
Q_LOGGING_CATEGORY(lcExposition, "opsdeck.metrics")
} // namespace

QString ParseError::toString() const
{
    return QStringLiteral("line %1, column %2: %3").arg(line).arg(column).arg(message);
}

namespace {

// Character classes for names: bit 1 = may start a label name, bit 2 = may
// continue a label name, bit 4 = may start a metric name, bit 8 = may continue one.
struct NameTable
{
    unsigned char cls[256] = {};
    constexpr NameTable()
    {
        for (int c = 0; c < 256; ++c) {
            const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            const bool digit = c >= '0' && c <= '9';
            unsigned char v = 0;
            if (alpha)
                v |= 1 | 2 | 4 | 8;
            if (digit)
                v |= 2 | 8;
            if (c == ':')
                v |= 4 | 8;
            cls[c] = v;
        }
    }
};
constexpr NameTable kNames;

inline bool labelStart(char c)
{
    return kNames.cls[static_cast<unsigned char>(c)] & 1;
}
inline bool labelCont(char c)
{
    return kNames.cls[static_cast<unsigned char>(c)] & 2;
}
inline bool metricStart(char c)
{
    return kNames.cls[static_cast<unsigned char>(c)] & 4;
}
inline bool metricCont(char c)
{
    return kNames.cls[static_cast<unsigned char>(c)] & 8;
}
inline bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

bool equalsIgnoreCase(const char* s, const char* e, const char* word)
{
    const size_t n = std::strlen(word);
    if (size_t(e - s) != n)
        return false;
    for (size_t i = 0; i < n; ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        if (c != word[i])
            return false;
    }
    return true;
}

// strconv.ParseFloat as Prometheus calls it: decimal or Inf/Infinity/NaN
// (case-insensitive, NaN unsigned), no hex, no '_'. Overflow is an error.
bool parseGoFloat(const char* s, const char* e, double& out)
{
    if (s == e)
        return false;
    bool neg = false;
    const char* p = s;
    if (*p == '+' || *p == '-') {
        neg = *p == '-';
        ++p;
        if (p == e)
            return false;
    }
    if (*p == 'i' || *p == 'I') {
        if (equalsIgnoreCase(p, e, "inf") || equalsIgnoreCase(p, e, "infinity")) {
            out = neg ? -HUGE_VAL : HUGE_VAL;
            return true;
        }
        return false;
    }
    if (*p == 'n' || *p == 'N') {
        if (p == s && equalsIgnoreCase(p, e, "nan")) {
            out = std::numeric_limits<double>::quiet_NaN();
            return true;
        }
        return false;
    }
    // Validate the decimal syntax ourselves: from_chars would also take "nan(...)" etc.
    const char* q = p;
    bool digits = false;
    while (q < e && *q >= '0' && *q <= '9') {
        ++q;
        digits = true;
    }
    if (q < e && *q == '.') {
        ++q;
        while (q < e && *q >= '0' && *q <= '9') {
            ++q;
            digits = true;
        }
    }
    if (!digits)
        return false;
    if (q < e && (*q == 'e' || *q == 'E')) {
        ++q;
        if (q < e && (*q == '+' || *q == '-'))
            ++q;
        const char* expDigits = q;
        while (q < e && *q >= '0' && *q <= '9')
            ++q;
        if (q == expDigits)
            return false;
    }
    if (q != e)
        return false;
    double v = 0;
    const auto res = std::from_chars(p, e, v, std::chars_format::general);
    if (res.ec == std::errc::result_out_of_range) {
        // Tell overflow (an error, as in Go) from underflow (rounds to 0) with strtod,
        // which needs a NUL-terminated copy.
        const size_t n = size_t(e - p);
        char stackBuf[128];
        std::string heapBuf;
        char* buf = stackBuf;
        if (n + 1 > sizeof stackBuf) {
            heapBuf.assign(p, n);
            buf = heapBuf.data();
        } else {
            std::memcpy(stackBuf, p, n);
            stackBuf[n] = '\0';
        }
        v = std::strtod(buf, nullptr);
        if (std::isinf(v))
            return false;
    } else if (res.ec != std::errc() || res.ptr != e) {
        return false;
    }
    out = neg ? -v : v;
    return true;
}

bool parseInt64(const char* s, const char* e, qint64& out)
{
    if (s < e && *s == '+')
        ++s;
    if (s == e || (*s == '-' && s + 1 == e))
        return false;
    const auto res = std::from_chars(s, e, out);
    return res.ec == std::errc() && res.ptr == e;
}

// Returns the first byte that is not part of valid UTF-8, or e.
const char* findInvalidUtf8(const char* s, const char* e)
{
    const auto* p = reinterpret_cast<const unsigned char*>(s);
    const auto* end = reinterpret_cast<const unsigned char*>(e);
    while (p < end) {
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int n = 0;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F; // no surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else {
            return reinterpret_cast<const char*>(p);
        }
        if (end - p <= n)
            return reinterpret_cast<const char*>(p);
        if (p[1] < lo || p[1] > hi)
            return reinterpret_cast<const char*>(p);
        for (int i = 2; i <= n; ++i) {
            if (p[i] < 0x80 || p[i] > 0xBF)
                return reinterpret_cast<const char*>(p);
        }
        p += n + 1;
    }
    return e;
}

QByteArray quoted(QByteArrayView v, qsizetype max = 40)
{
    QByteArray out = "\"";
    const bool cut = v.size() > max;
    for (char c : v.first(std::min(v.size(), max))) {
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(c));
            out += hex;
        } else if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else {
            out += c;
        }
    }
    out += cut ? "...\"" : "\"";
    return out;
}

// A byte for an error message: 'x', or '\x00' for control and non-ASCII bytes.
QByteArray shown(char c)
{
    char buf[16];
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f)
        std::snprintf(buf, sizeof buf, "'\\x%02x'", u);
    else
        std::snprintf(buf, sizeof buf, "'%c'", c);
    return buf;
}

// An escape sequence for an error message: '\t', or '\' + '\x00'.
QByteArray shownEscape(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f)
        return "'\\' followed by " + shown(c);
    return QByteArray("'\\") + c + '\'';
}

// Direct-mapped cache of recently seen byte strings: a hit hands out a shared
// copy (a reference-count increment) instead of allocating.
class InternCache
{
public:
    explicit InternCache(qsizetype bodySize)
    {
        size_t n = 256;
        while (n < 16384 && qsizetype(n) * 32 < bodySize)
            n *= 2;
        m_slots.resize(n);
        m_mask = n - 1;
    }

    const QByteArray& get(QByteArrayView v)
    {
        // FNV-1a: names and values are short.
        size_t h = 1469598103934665603ULL;
        for (char c : v)
            h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
        QByteArray& slot = m_slots[(h ^ (h >> 29)) & m_mask];
        if (slot.size() != v.size() || std::memcmp(slot.constData(), v.data(), size_t(v.size())) != 0)
            slot = v.toByteArray();
        return slot;
    }

private:
    std::vector<QByteArray> m_slots;
    size_t m_mask = 0;
};

struct PendingLabel
{
    QByteArrayView name;
    QByteArrayView value; // raw bytes (valueEscaped: still escaped)
    const char* namePos = nullptr;
    const char* valuePos = nullptr; // opening quote
    bool valueEscaped = false;
};

struct FamilyState
{
    bool help = false;
    bool type = false;
    bool unit = false;
    bool samples = false;
};

const QByteArray kNameLabelName = QByteArray::fromRawData("__name__", 8);

class Parser
{
public:
    Parser(QByteArrayView body, bool openMetrics, const ParseLimits& limits, ExpositionSink* sink = nullptr)
        : m_begin(body.data())
        , m_end(body.data() + body.size())
        , m_om(openMetrics)
        , m_limits(limits)
        , m_intern(sink ? 0 : body.size()) // a scan builds few labels
        , m_sink(sink)
    { }

    bool run();

    ParseError m_error;
    QList<MetricFamily> m_families;
    qsizetype m_sampleCount = 0;

private:
    bool fail(const char* at, const char* fmt, ...) Q_ATTRIBUTE_FORMAT_PRINTF(3, 4);
    bool parseComment(const char* p);
    bool parseSample(const char* p);
    bool parseLabels(const char*& p, std::vector<PendingLabel>& out, bool exemplar);
    bool parseExemplar(const char* p);
    bool parseOmTimestamp(const char* s, const char* e, qint64& ms);
    int familyFor(QByteArrayView name, bool create);
    int attachSample(QByteArrayView sampleName);
    bool acceptsSample(const MetricFamily& f, QByteArrayView sampleName) const;
    bool checkTypedLabels(const MetricFamily& f, QByteArrayView sampleName, const char* namePos);
    QByteArray unescapeValue(const PendingLabel& l) const;
    Labels buildLabels();
    const char* knownSeries(const char* p, QByteArrayView& name);
    bool addNameLabel(QByteArrayView name, const char* nameStart);
    const char* skipBlanks(const char* p) const
    {
        while (p < m_lineEnd && isBlank(*p))
            ++p;
        return p;
    }

    const char* m_begin;
    const char* m_end;
    const char* m_lineStart = nullptr;
    const char* m_lineEnd = nullptr;
    int m_line = 0;
    bool m_om;
    const ParseLimits& m_limits;
    InternCache m_intern;
    QHash<QByteArray, int> m_familyIndex;
    std::vector<FamilyState> m_state;
    int m_lastFamily = -1;
    QByteArray m_lastSampleName; // sample name that last went to m_lastFamily
    std::vector<PendingLabel> m_labels;
    std::vector<PendingLabel> m_exemplarLabels;
    ExpositionSink* m_sink; // scan mode: samples go here instead of m_families
};

bool Parser::fail(const char* at, const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    m_error.line = m_line;
    m_error.column = int(at - m_lineStart) + 1;
    m_error.message = QString::vasprintf(fmt, ap);
    va_end(ap);
    return false;
}

bool Parser::run()
{
    if (m_end - m_begin > m_limits.maxBodyBytes) {
        // Point at the first byte past the limit.
        const char* at = m_begin + m_limits.maxBodyBytes;
        m_line = 1;
        m_lineStart = m_begin;
        for (const char* p = m_begin; p < at; ++p) {
            if (*p == '\n') {
                ++m_line;
                m_lineStart = p + 1;
            }
        }
        return fail(at, "body of %lld bytes exceeds the limit maxBodyBytes = %lld", qlonglong(m_end - m_begin),
            qlonglong(m_limits.maxBodyBytes));
    }
    m_labels.reserve(16);
    bool sawEof = false;
    const char* p = m_begin;
    while (p < m_end) {
        ++m_line;
        m_lineStart = p;
        const void* nl = std::memchr(p, '\n', size_t(m_end - p));
        m_lineEnd = nl ? static_cast<const char*>(nl) : m_end;
        const char* next = nl ? m_lineEnd + 1 : m_end;
        if (sawEof)
            return fail(
                p, "unexpected content after \"# EOF\": it must be the last line of an OpenMetrics exposition");
        const char* s = skipBlanks(p);
        if (s == m_lineEnd) {
            // Blank line: ignored.
        } else if (*s == '#') {
            if (m_om && m_lineEnd - p == 5 && std::memcmp(p, "# EOF", 5) == 0) {
                sawEof = true;
            } else if (!parseComment(s)) {
                return false;
            }
        } else if (!parseSample(s)) {
            return false;
        }
        p = next;
    }
    if (m_om && !sawEof) {
        // Past the last line: its end, or the start of the line after a final newline.
        if (m_begin < m_end && m_end[-1] == '\n') {
            ++m_line;
            m_lineStart = m_end;
        } else if (m_begin == m_end) {
            m_line = 1;
            m_lineStart = m_end;
        }
        return fail(m_end, "expected \"# EOF\" as the last line of an OpenMetrics exposition");
    }
    return true;
}

int Parser::familyFor(QByteArrayView name, bool create)
{
    const auto it = m_familyIndex.constFind(QByteArray::fromRawData(name.data(), name.size()));
    if (it != m_familyIndex.cend())
        return it.value();
    if (!create)
        return -1;
    MetricFamily f;
    f.name = m_intern.get(name);
    m_families.append(std::move(f));
    m_state.push_back({});
    const int index = int(m_families.size() - 1);
    m_familyIndex.insert(m_families.last().name, index);
    return index;
}

bool Parser::parseComment(const char* p)
{
    const char* hash = p;
    ++p; // '#'
    p = skipBlanks(p);
    const char* kw = p;
    while (p < m_lineEnd && !isBlank(*p))
        ++p;
    const QByteArrayView keyword(kw, p - kw);
    enum { Help, Type, Unit } kind;
    if (keyword == "HELP")
        kind = Help;
    else if (keyword == "TYPE")
        kind = Type;
    else if (m_om && keyword == "UNIT")
        kind = Unit;
    else if (m_om)
        return fail(
            hash, "unexpected comment: OpenMetrics allows only \"# HELP\", \"# TYPE\", \"# UNIT\" and \"# EOF\"");
    else
        return true; // a plain comment in 0.0.4

    p = skipBlanks(p);
    if (p == m_lineEnd) {
        if (!m_om)
            return true; // "# HELP" alone: Go's TextParser ignores it
        return fail(p, "expected metric name after \"# %.4s\"", kw);
    }
    const char* nameStart = p;
    if (!metricStart(*p))
        return fail(p, "invalid metric name in \"# %.4s\" line: expected a letter, '_' or ':', found %s", kw,
            shown(*p).constData());
    while (p < m_lineEnd && metricCont(*p))
        ++p;
    const QByteArrayView name(nameStart, p - nameStart);
    if (p < m_lineEnd && !isBlank(*p))
        return fail(p, "invalid character %s in metric name \"%s\"", shown(*p).constData(),
            name.toByteArray().constData());
    const char* afterName = p;
    p = skipBlanks(p);

    const int index = familyFor(name, true);
    MetricFamily& family = m_families[index];
    FamilyState& state = m_state[size_t(index)];

    if (kind == Help) {
        if (state.help)
            return fail(kw, "duplicate HELP line for metric \"%s\"", family.name.constData());
        if (m_om && state.samples)
            return fail(kw, "HELP line for metric \"%s\" after its samples", family.name.constData());
        state.help = true;
        const char* q = p;
        const void* firstEscape = std::memchr(p, '\\', size_t(m_lineEnd - p));
        if (!firstEscape) {
            family.help = QByteArray(p, m_lineEnd - p);
            return true;
        }
        q = static_cast<const char*>(firstEscape);
        QByteArray help;
        help.reserve(m_lineEnd - p);
        help.append(p, q - p);
        for (; q < m_lineEnd; ++q) {
            if (*q != '\\') {
                help += *q;
                continue;
            }
            // Unknown escapes stay as written, as Prometheus's scraper keeps
            // them: a sloppy HELP text must not cost the whole scrape.
            const char c = q + 1 < m_lineEnd ? q[1] : '\0';
            if (c == '\\') {
                help += '\\';
            } else if (c == 'n') {
                help += '\n';
            } else if (c == '"' && m_om) {
                help += '"';
            } else {
                help += '\\';
                continue;
            }
            ++q;
        }
        family.help = help;
        return true;
    }

    const char* wordStart = p;
    while (p < m_lineEnd && !isBlank(*p))
        ++p;
    const QByteArrayView word(wordStart, p - wordStart);
    if (skipBlanks(p) != m_lineEnd)
        return fail(skipBlanks(p), "unexpected text after \"# %.4s %s %.*s\"", kw, family.name.constData(),
            int(word.size()), word.data());

    if (kind == Unit) {
        if (state.unit)
            return fail(kw, "duplicate UNIT line for metric \"%s\"", family.name.constData());
        if (state.samples)
            return fail(kw, "UNIT line for metric \"%s\" after its samples", family.name.constData());
        if (!word.isEmpty()
            && !(family.name.size() > word.size() + 1 && family.name.endsWith(word)
                && family.name.at(family.name.size() - word.size() - 1) == '_'))
            return fail(wordStart, "unit \"%.*s\" is not a suffix of metric name \"%s\"", int(word.size()),
                word.data(), family.name.constData());
        state.unit = true;
        family.unit = word.toByteArray();
        return true;
    }

    // TYPE
    if (state.type)
        return fail(kw, "duplicate TYPE line for metric \"%s\"", family.name.constData());
    if (state.samples)
        return fail(kw, "TYPE line for metric \"%s\" after its samples", family.name.constData());
    if (word.isEmpty())
        return fail(afterName, "expected metric type after metric name \"%s\"", family.name.constData());
    MetricType type = MetricType::Untyped;
    bool known = true;
    if (m_om) {
        if (word == "counter")
            type = MetricType::Counter;
        else if (word == "gauge")
            type = MetricType::Gauge;
        else if (word == "histogram")
            type = MetricType::Histogram;
        else if (word == "gaugehistogram")
            type = MetricType::GaugeHistogram;
        else if (word == "summary")
            type = MetricType::Summary;
        else if (word == "info")
            type = MetricType::Info;
        else if (word == "stateset")
            type = MetricType::StateSet;
        else if (word == "unknown")
            type = MetricType::Untyped;
        else
            known = false;
    } else {
        // Go's TextParser matches the type name case-insensitively.
        const char* we = wordStart + word.size();
        if (equalsIgnoreCase(wordStart, we, "counter"))
            type = MetricType::Counter;
        else if (equalsIgnoreCase(wordStart, we, "gauge"))
            type = MetricType::Gauge;
        else if (equalsIgnoreCase(wordStart, we, "histogram"))
            type = MetricType::Histogram;
        else if (equalsIgnoreCase(wordStart, we, "summary"))
            type = MetricType::Summary;
        else if (equalsIgnoreCase(wordStart, we, "untyped"))
            type = MetricType::Untyped;
        else
            known = false;
    }
    if (!known)
        return fail(wordStart, "unknown metric type %s: expected %s", quoted(word).constData(),
            m_om ? "counter, gauge, histogram, gaugehistogram, summary, info, stateset or unknown"
                 : "counter, gauge, histogram, summary or untyped");
    state.type = true;
    family.type = type;
    return true;
}

QByteArray Parser::unescapeValue(const PendingLabel& l) const
{
    QByteArray out;
    out.reserve(l.value.size());
    for (qsizetype i = 0; i < l.value.size(); ++i) {
        char c = l.value[i];
        if (c == '\\') {
            c = l.value[++i]; // validated while scanning
            if (c == 'n')
                c = '\n';
        }
        out += c;
    }
    return out;
}

// Parses `{name="value",...}` starting at '{'; on return p is past '}'.
bool Parser::parseLabels(const char*& p, std::vector<PendingLabel>& out, bool exemplar)
{
    const char* const what = exemplar ? "exemplar label" : "label";
    ++p; // '{'
    const bool lenient = !m_om; // 0.0.4 allows blanks around tokens and a trailing comma
    for (;;) {
        if (lenient)
            p = skipBlanks(p);
        if (p < m_lineEnd && *p == '}') {
            if (m_om && !out.empty())
                return fail(p, "expected %s name after ',', found '}'", what);
            ++p;
            return true;
        }
        if (p == m_lineEnd)
            return fail(p, "expected %s name or '}', found end of line", what);
        PendingLabel l;
        l.namePos = p;
        if (!labelStart(*p))
            return fail(p, "invalid %s name: expected a letter or '_', found %s", what, shown(*p).constData());
        while (p < m_lineEnd && labelCont(*p))
            ++p;
        l.name = QByteArrayView(l.namePos, p - l.namePos);
        const auto nameForMsg = [&l] { return quoted(l.name); };
        if (!exemplar && l.name == kMetricNameLabel)
            return fail(l.namePos, "label name \"__name__\" is reserved");
        if (!exemplar && l.name.size() > m_limits.maxLabelNameLength)
            return fail(l.namePos, "label name of %lld bytes exceeds the limit maxLabelNameLength = %lld",
                qlonglong(l.name.size()), qlonglong(m_limits.maxLabelNameLength));
        if (lenient)
            p = skipBlanks(p);
        if (p == m_lineEnd || *p != '=')
            return fail(p, "expected '=' after %s name %s", what, nameForMsg().constData());
        ++p;
        if (lenient)
            p = skipBlanks(p);
        if (p == m_lineEnd || *p != '"')
            return fail(p, "expected '\"' to start the value of %s %s", what, nameForMsg().constData());
        l.valuePos = p;
        ++p;
        const char* vs = p;
        bool highBytes = false;
        for (;;) {
            if (p == m_lineEnd)
                return fail(l.valuePos, "unterminated value of %s %s: expected closing '\"' before end of line",
                    what, nameForMsg().constData());
            const char c = *p;
            if (c == '"')
                break;
            if (c == '\\') {
                if (p + 1 == m_lineEnd)
                    return fail(l.valuePos,
                        "unterminated value of %s %s: expected closing '\"' before end of line", what,
                        nameForMsg().constData());
                const char n = p[1];
                if (n != '\\' && n != '"' && n != 'n')
                    return fail(p, "invalid escape sequence %s in value of %s %s: expected \\\\, \\\" or \\n",
                        shownEscape(n).constData(), what, nameForMsg().constData());
                l.valueEscaped = true;
                p += 2;
                continue;
            }
            if (static_cast<unsigned char>(c) >= 0x80)
                highBytes = true;
            ++p;
        }
        l.value = QByteArrayView(vs, p - vs);
        if (highBytes) {
            if (const char* bad = findInvalidUtf8(vs, p); bad != p)
                return fail(bad, "invalid UTF-8 in value of %s %s", what, nameForMsg().constData());
        }
        if (!exemplar) {
            qsizetype len = l.value.size();
            if (l.valueEscaped && len > m_limits.maxLabelValueLength)
                len = unescapeValue(l).size();
            if (len > m_limits.maxLabelValueLength)
                return fail(l.valuePos,
                    "value of label %s of %lld bytes exceeds the limit maxLabelValueLength = %lld",
                    nameForMsg().constData(), qlonglong(len), qlonglong(m_limits.maxLabelValueLength));
        }
        ++p; // closing quote
        out.push_back(l);
        if (lenient)
            p = skipBlanks(p);
        if (p < m_lineEnd && *p == ',') {
            ++p;
            continue;
        }
        if (p < m_lineEnd && *p == '}') {
            ++p;
            return true;
        }
        return fail(p, "expected ',' or '}' after the value of %s %s", what, nameForMsg().constData());
    }
}

bool Parser::acceptsSample(const MetricFamily& f, QByteArrayView s) const
{
    if (s.size() < f.name.size() || std::memcmp(s.data(), f.name.constData(), size_t(f.name.size())) != 0)
        return false;
    if (s.size() == f.name.size())
        return true;
    const QByteArrayView suffix = s.sliced(f.name.size());
    switch (f.type) {
    case MetricType::Counter:
        return suffix == "_total" || (m_om && suffix == "_created");
    case MetricType::Histogram:
        return suffix == "_bucket" || suffix == "_count" || suffix == "_sum" || (m_om && suffix == "_created");
    case MetricType::GaugeHistogram:
        return suffix == "_bucket" || suffix == "_gcount" || suffix == "_gsum";
    case MetricType::Summary:
        return suffix == "_count" || suffix == "_sum" || (m_om && suffix == "_created");
    case MetricType::Info:
        return suffix == "_info";
    case MetricType::Gauge:
    case MetricType::StateSet:
    case MetricType::Untyped:
        break;
    }
    return false;
}

// The family a sample named `name` belongs to: the current one when it
// accepts the name, else a family called `name`, else a typed family the name
// is a suffixed member of, else a new untyped family.
int Parser::attachSample(QByteArrayView name)
{
    if (m_lastFamily >= 0 && name == m_lastSampleName)
        return m_lastFamily;
    // Exact name first, as Go's TextParser does.
    int index = familyFor(name, false);
    if (index < 0 && m_lastFamily >= 0 && acceptsSample(m_families[m_lastFamily], name))
        index = m_lastFamily;
    if (index < 0) {
        static constexpr const char* suffixes[]
            = { "_total", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info", "_created" };
        for (const char* suffix : suffixes) {
            const qsizetype n = qsizetype(std::strlen(suffix));
            if (name.size() > n && name.endsWith(QByteArrayView(suffix, n))) {
                const int candidate = familyFor(name.first(name.size() - n), false);
                if (candidate >= 0 && acceptsSample(m_families[candidate], name)) {
                    index = candidate;
                    break;
                }
            }
        }
    }
    if (index < 0)
        index = familyFor(name, true);
    m_lastFamily = index;
    m_lastSampleName = m_intern.get(name);
    return index;
}

bool Parser::checkTypedLabels(const MetricFamily& f, QByteArrayView sampleName, const char* namePos)
{
    const char* needed = nullptr;
    if (f.type == MetricType::Histogram || f.type == MetricType::GaugeHistogram) {
        const QByteArrayView suffix = sampleName.sliced(f.name.size());
        if (suffix.isEmpty() || suffix == "_bucket")
            needed = "le";
    } else if (f.type == MetricType::Summary && sampleName.size() == f.name.size()) {
        needed = "quantile";
    }
    if (!needed)
        return true;
    for (const PendingLabel& l : m_labels) {
        if (l.name != QByteArrayView(needed))
            continue;
        double v = 0;
        if (l.valueEscaped || !parseGoFloat(l.value.data(), l.value.data() + l.value.size(), v))
            return fail(l.valuePos + 1, "expected a float as value of label \"%s\", found %s", needed,
                quoted(l.valueEscaped ? QByteArrayView(unescapeValue(l)) : l.value).constData());
        return true;
    }
    if (needed[0] == 'l')
        return fail(
            namePos, "histogram bucket \"%.*s\" has no \"le\" label", int(sampleName.size()), sampleName.data());
    return fail(namePos, "summary quantile sample \"%.*s\" has no \"quantile\" label", int(sampleName.size()),
        sampleName.data());
}

bool Parser::parseOmTimestamp(const char* s, const char* e, qint64& ms)
{
    double seconds = 0;
    if (!parseGoFloat(s, e, seconds) || !std::isfinite(seconds))
        return false;
    if (std::abs(seconds) >= 9.2e15)
        return false;
    // Exact for plain decimals ("1520879607.789" must give ...789, not ...788).
    const char* p = s;
    bool neg = false;
    if (p < e && (*p == '-' || *p == '+'))
        neg = *p++ == '-';
    qint64 whole = 0;
    bool plain = true;
    const char* q = p;
    while (q < e && *q >= '0' && *q <= '9')
        ++q;
    if (q - p > 15)
        plain = false;
    else if (q > p)
        std::from_chars(p, q, whole);
    qint64 frac = 0;
    if (plain && q < e && *q == '.') {
        ++q;
        int digits = 0;
        while (q < e && *q >= '0' && *q <= '9') {
            if (digits < 3)
                frac = frac * 10 + (*q - '0');
            ++digits;
            ++q;
        }
        for (; digits < 3; ++digits)
            frac *= 10;
    }
    if (plain && q == e) {
        ms = whole * 1000 + frac;
        if (neg)
            ms = -ms;
        return true;
    }
    ms = qint64(std::llround(seconds * 1000.0));
    return true;
}

bool Parser::parseExemplar(const char* p)
{
    // " # {labels} value [timestamp]" after the sample.
    ++p; // '#'
    if (p == m_lineEnd || *p != ' ')
        return fail(p, "expected ' ' after '#' that starts an exemplar");
    ++p;
    if (p == m_lineEnd || *p != '{')
        return fail(p, "expected '{' to start the exemplar's labels");
    m_exemplarLabels.clear();
    if (!parseLabels(p, m_exemplarLabels, true))
        return false;
    if (p == m_lineEnd || *p != ' ')
        return fail(p, "expected ' ' and a value after the exemplar's labels");
    ++p;
    const char* vs = p;
    while (p < m_lineEnd && *p != ' ')
        ++p;
    double v = 0;
    if (!parseGoFloat(vs, p, v))
        return fail(
            vs, "invalid exemplar value %s: expected a float", quoted(QByteArrayView(vs, p - vs)).constData());
    if (p < m_lineEnd) {
        ++p;
        const char* ts = p;
        while (p < m_lineEnd && *p != ' ')
            ++p;
        qint64 ms = 0;
        if (!parseOmTimestamp(ts, p, ms))
            return fail(ts, "invalid exemplar timestamp %s: expected seconds as a float",
                quoted(QByteArrayView(ts, p - ts)).constData());
        if (p < m_lineEnd)
            return fail(p, "expected end of line after the exemplar's timestamp");
    }
    return true;
}

// Whether samples called `sampleName` of family f must carry a label whose
// value checkTypedLabels() checks (le of a bucket, quantile of a summary).
bool needsTypedLabel(const MetricFamily& f, QByteArrayView sampleName)
{
    if (f.type == MetricType::Histogram || f.type == MetricType::GaugeHistogram) {
        const QByteArrayView suffix = sampleName.sliced(f.name.size());
        return suffix.isEmpty() || suffix == "_bucket";
    }
    return f.type == MetricType::Summary && sampleName.size() == f.name.size();
}

// The scan fast path: a line that starts with the series bytes the sink
// expects (ones it received before, under the same format and limits) has a
// series part that passed every check before; the same bytes give the same
// verdict, so only the family and the value are looked at. Returns the end of
// the series bytes, or nullptr when the line must be parsed in full.
const char* Parser::knownSeries(const char* p, QByteArrayView& name)
{
    const QByteArrayView k = m_sink->expectedKey();
    if (k.isEmpty() || m_lineEnd - p <= k.size() || std::memcmp(p, k.data(), size_t(k.size())) != 0)
        return nullptr;
    const char* end = p + k.size();
    if (!isBlank(*end))
        return nullptr;
    if (k.back() != '}') {
        // A bare name: the same only when no labels follow ("x {a=\"1\"} 1" in 0.0.4).
        const char* q = skipBlanks(end);
        if (q < m_lineEnd && *q == '{')
            return nullptr;
    }
    const char* q = p;
    while (q < end && metricCont(*q))
        ++q;
    name = QByteArrayView(p, q - p);
    // Whether a typed family wants a label checked depends on this
    // exposition's TYPE lines, not only on the bytes: the long way then.
    if (needsTypedLabel(m_families[attachSample(name)], name))
        return nullptr;
    return end;
}

// Adds __name__ to the parsed labels and sorts them; false on a duplicate label name.
bool Parser::addNameLabel(QByteArrayView name, const char* nameStart)
{
    PendingLabel nameLabel;
    nameLabel.name = kMetricNameLabel;
    nameLabel.value = name;
    nameLabel.namePos = nameStart;
    // Insert where a sorted list wants it ('A'-'Z' < '_' < 'a'-'z'), so
    // exporters that write sorted labels need no sort.
    auto pos = m_labels.begin();
    while (pos != m_labels.end() && pos->name < kMetricNameLabel)
        ++pos;
    m_labels.insert(pos, nameLabel);
    const auto less = [](const PendingLabel& a, const PendingLabel& b) { return a.name < b.name; };
    if (!std::is_sorted(m_labels.begin(), m_labels.end(), less))
        std::sort(m_labels.begin(), m_labels.end(), less);
    for (size_t i = 1; i < m_labels.size(); ++i) {
        if (m_labels[i].name == m_labels[i - 1].name) {
            const PendingLabel& later
                = m_labels[i].namePos > m_labels[i - 1].namePos ? m_labels[i] : m_labels[i - 1];
            return fail(later.namePos, "duplicate label name %s", quoted(later.name).constData());
        }
    }
    return true;
}

bool Parser::parseSample(const char* p)
{
    const char* nameStart = p;
    QByteArrayView name;
    const char* keyEnd = m_sink ? knownSeries(p, name) : nullptr; // the series as written: name and labels
    const bool known = keyEnd != nullptr;
    if (known) {
        p = skipBlanks(keyEnd);
    } else {
        if (!metricStart(*p))
            return fail(p, "invalid metric name: expected a letter, '_' or ':', found %s", shown(*p).constData());
        while (p < m_lineEnd && metricCont(*p))
            ++p;
        name = QByteArrayView(nameStart, p - nameStart);
        keyEnd = p;
        if (name.size() > m_limits.maxLabelValueLength)
            return fail(nameStart, "metric name of %lld bytes exceeds the limit maxLabelValueLength = %lld",
                qlonglong(name.size()), qlonglong(m_limits.maxLabelValueLength));
        p = skipBlanks(p);
        m_labels.clear();
        if (p < m_lineEnd && *p == '{') {
            if (!parseLabels(p, m_labels, false))
                return false;
            keyEnd = p;
            if (p < m_lineEnd && !isBlank(*p))
                return fail(
                    p, "expected ' ' and a value after the labels of \"%.*s\"", int(name.size()), name.data());
            p = skipBlanks(p);
        } else if (p < m_lineEnd && p == nameStart + name.size()) {
            return fail(p, "invalid character %s in metric name \"%.*s\"", shown(*p).constData(), int(name.size()),
                name.data());
        }
    }
    if (p == m_lineEnd)
        return fail(p, "expected a value after \"%.*s\"", int(name.size()), name.data());

    if (++m_sampleCount > m_limits.maxSamples)
        return fail(nameStart, "more than %lld samples: exceeds the limit maxSamples = %lld",
            qlonglong(m_limits.maxSamples), qlonglong(m_limits.maxSamples));

    const char* valueStart = p;
    while (p < m_lineEnd && !isBlank(*p))
        ++p;
    ExposedSample sample;
    if (!parseGoFloat(valueStart, p, sample.value))
        return fail(valueStart, "invalid value %s: expected a float (e.g. 1.5, -2e-3, NaN, +Inf)",
            quoted(QByteArrayView(valueStart, p - valueStart)).constData());
    p = skipBlanks(p);
    if (p < m_lineEnd && *p != '#') {
        const char* tsStart = p;
        while (p < m_lineEnd && !isBlank(*p))
            ++p;
        const auto tsText = [=] { return quoted(QByteArrayView(tsStart, p - tsStart)); };
        qint64 ms = 0;
        if (m_om) {
            if (!parseOmTimestamp(tsStart, p, ms))
                return fail(tsStart, "invalid timestamp %s: expected seconds since the epoch as a float",
                    tsText().constData());
        } else if (!parseInt64(tsStart, p, ms)) {
            return fail(tsStart, "invalid timestamp %s: expected integer milliseconds since the epoch",
                tsText().constData());
        }
        sample.timestampMs = ms;
        p = skipBlanks(p);
    }
    if (p < m_lineEnd) {
        if (*p == '#' && m_om) {
            if (!parseExemplar(p))
                return false;
        } else {
            return fail(p, "expected end of line after the %s, found %s",
                sample.timestampMs ? "timestamp" : "value", shown(*p).constData());
        }
    }

    // Family, and the label checks its type asks for.
    const int index = attachSample(name);
    MetricFamily& family = m_families[index];
    m_state[size_t(index)].samples = true;
    if (known) {
        // Labels checked when these bytes were first seen; parsed again only if the sink asks.
        if (m_sink->sample(QByteArrayView(nameStart, keyEnd - nameStart), sample.value, sample.timestampMs)) {
            m_labels.clear();
            const char* q = skipBlanks(nameStart + name.size());
            if (q < m_lineEnd && *q == '{' && !parseLabels(q, m_labels, false))
                return false;
            if (!addNameLabel(name, nameStart))
                return false;
            m_sink->labels(buildLabels());
        }
        return true;
    }
    if (family.type != MetricType::Untyped && !checkTypedLabels(family, name, nameStart))
        return false;

    // Labels: add __name__, sort (usually already sorted), reject duplicates.
    const qsizetype count = qsizetype(m_labels.size()) + 1;
    if (count > m_limits.maxLabelsPerSeries)
        return fail(m_labels.empty() ? nameStart : m_labels.back().namePos,
            "series has %lld labels (with __name__): exceeds the limit maxLabelsPerSeries = %lld",
            qlonglong(count), qlonglong(m_limits.maxLabelsPerSeries));
    if (!addNameLabel(name, nameStart))
        return false;

    if (m_sink) {
        if (m_sink->sample(QByteArrayView(nameStart, keyEnd - nameStart), sample.value, sample.timestampMs))
            m_sink->labels(buildLabels());
        return true;
    }
    sample.labels = buildLabels();
    family.samples.append(std::move(sample));
    return true;
}

// The validated, sorted m_labels as Labels.
Labels Parser::buildLabels()
{
    QList<Label> labels;
    labels.reserve(qsizetype(m_labels.size()));
    for (const PendingLabel& l : m_labels) {
        if (l.value.isEmpty())
            continue; // "" and absent are the same label set (Labels drops them too)
        if (l.name.data() == kMetricNameLabel.data()) {
            labels.append(Label { kNameLabelName, m_lastSampleName }); // set by attachSample()
            continue;
        }
        // Copy (share) the name before the next get() may reuse its cache slot.
        QByteArray labelName = m_intern.get(l.name);
        if (l.valueEscaped)
            labels.append(Label { std::move(labelName), m_intern.get(unescapeValue(l)) });
        else
            labels.append(Label { std::move(labelName), m_intern.get(l.value) });
    }
    return Labels::fromSorted(std::move(labels));
}

ExpositionFormat resolveFormat(QByteArrayView body, ExpositionFormat format, QByteArrayView contentType)
{
    if (format != ExpositionFormat::Auto)
        return format;
    QByteArrayView tail = body;
    if (tail.endsWith('\n'))
        tail.chop(1);
    if (contentType.contains(QByteArrayView("application/openmetrics-text"))
        || tail.endsWith(QByteArrayView("# EOF")))
        return ExpositionFormat::OpenMetrics;
    return ExpositionFormat::Prometheus;
}

} // namespace

ParseResult ExpositionParser::parse(
    QByteArrayView body, ExpositionFormat format, const ParseLimits& limits, QByteArrayView contentType)
{
    format = resolveFormat(body, format, contentType);
    ParseResult result;
    result.format = format;
    Parser parser(body, format == ExpositionFormat::OpenMetrics, limits);
    if (!parser.run()) {
        result.error = parser.m_error;
        qCDebug(lcExposition) << "exposition rejected:" << result.error.toString();
        return result;
    }
    result.ok = true;
    result.families = std::move(parser.m_families);
    result.sampleCount = parser.m_sampleCount;
    return result;
}

ScanResult ExpositionScanner::scan(QByteArrayView body, ExpositionSink& sink, ExpositionFormat format,
    const ParseLimits& limits, QByteArrayView contentType)
{
    format = resolveFormat(body, format, contentType);
    ScanResult result;
    result.format = format;
    sink.begin(format);
    Parser parser(body, format == ExpositionFormat::OpenMetrics, limits, &sink);
    if (!parser.run()) {
        result.error = parser.m_error;
        qCDebug(lcExposition) << "exposition rejected:" << result.error.toString();
        return result;
    }
    result.ok = true;
    result.sampleCount = parser.m_sampleCount;
    return result;
}

} // namespace opsdeck::metrics
