#include "alerts/RouteMatcher.h"

#include <algorithm>

namespace opsdeck::alerts {

namespace {

using metrics::LabelMatcher;

const char* typeText(LabelMatcher::Type type)
{
    switch (type) {
    case LabelMatcher::Type::Equal:
        return "=";
    case LabelMatcher::Type::NotEqual:
        return "!=";
    case LabelMatcher::Type::Regex:
        return "=~";
    case LabelMatcher::Type::NotRegex:
        return "!~";
    }
    return "=";
}

// Go's %q for the strings Alertmanager prints (ASCII control characters
// escaped, printable UTF-8 kept as is).
QByteArray goQuote(QByteArrayView value)
{
    QByteArray out;
    out.reserve(value.size() + 2);
    out += '"';
    for (const char c : value) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                out += "\\x";
                out += QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0');
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

bool matchesAll(const QList<LabelMatcher>& matchers, const metrics::Labels& labels)
{
    return std::all_of(matchers.cbegin(), matchers.cend(),
        [&labels](const LabelMatcher& m) { return m.matches(labels.value(m.name())); });
}

} // namespace

RouteMatcher::RouteMatcher()
    : RouteMatcher(Route {})
{ }

RouteMatcher::RouteMatcher(const Route& root)
{
    Route top = root;
    top.matchers.clear(); // the root matches every alert (Alertmanager rejects root matchers)
    top.continueMatching = false;
    add(top, nullptr);
}

int RouteMatcher::add(const Route& route, const ResolvedRoute* parent)
{
    ResolvedRoute r;
    if (parent) {
        // Copy the inheritable options before m_routes may reallocate.
        r.parent = parent->id;
        r.receiver = parent->receiver;
        r.groupBy = parent->groupBy;
        r.groupByAll = parent->groupByAll;
        r.groupWaitMs = parent->groupWaitMs;
        r.groupIntervalMs = parent->groupIntervalMs;
        r.repeatIntervalMs = parent->repeatIntervalMs;
    }
    const QByteArray parentKey = parent ? parent->key : QByteArray();
    r.id = int(m_routes.size());
    if (!route.receiver.isEmpty())
        r.receiver = route.receiver;
    if (route.groupBy) {
        r.groupByAll = route.groupBy->contains(QByteArray("..."));
        r.groupBy = r.groupByAll ? QList<QByteArray>() : *route.groupBy;
    }
    if (route.groupWaitMs >= 0)
        r.groupWaitMs = route.groupWaitMs;
    if (route.groupIntervalMs >= 0)
        r.groupIntervalMs = route.groupIntervalMs;
    if (route.repeatIntervalMs >= 0)
        r.repeatIntervalMs = route.repeatIntervalMs;
    r.continueMatching = route.continueMatching;
    r.escalation = route.escalation;
    r.matchers = route.matchers;
    std::stable_sort(r.matchers.begin(), r.matchers.end(), [](const LabelMatcher& a, const LabelMatcher& b) {
        if (a.name() != b.name())
            return a.name() < b.name();
        if (a.value() != b.value())
            return a.value() < b.value();
        return int(a.type()) < int(b.type());
    });
    r.key = parent ? parentKey + '/' + formatMatchers(r.matchers) : formatMatchers(r.matchers);
    const int id = r.id;
    m_routes.append(r);
    for (const Route& child : route.routes) {
        const ResolvedRoute self = m_routes.at(id); // copy: add() appends
        const int childId = add(child, &self);
        m_routes[id].children.append(childId);
    }
    return id;
}

QList<int> RouteMatcher::match(const metrics::Labels& labels) const
{
    QList<int> out;
    matchInto(0, labels, &out);
    return out;
}

void RouteMatcher::matchInto(int id, const metrics::Labels& labels, QList<int>* out) const
{
    const ResolvedRoute& r = m_routes.at(id);
    const qsizetype before = out->size();
    for (const int childId : r.children) {
        const ResolvedRoute& child = m_routes.at(childId);
        if (!matchesAll(child.matchers, labels))
            continue;
        matchInto(childId, labels, out);
        if (!child.continueMatching)
            break;
    }
    if (out->size() == before)
        out->append(id);
}

metrics::Labels RouteMatcher::groupLabels(int routeId, const metrics::Labels& labels) const
{
    const ResolvedRoute& r = m_routes.at(routeId);
    if (r.groupByAll)
        return labels;
    QList<metrics::Label> picked;
    for (const metrics::Label& label : labels) {
        if (r.groupBy.contains(label.name))
            picked.append(label);
    }
    return metrics::Labels::fromSorted(picked);
}

QByteArray RouteMatcher::groupKey(int routeId, const metrics::Labels& groupLabels) const
{
    return m_routes.at(routeId).key + ':' + formatLabelSet(groupLabels);
}

QByteArray RouteMatcher::formatMatchers(const QList<LabelMatcher>& matchers)
{
    QByteArray out = "{";
    for (qsizetype i = 0; i < matchers.size(); ++i) {
        if (i > 0)
            out += ',';
        out += matchers[i].name() + typeText(matchers[i].type()) + goQuote(matchers[i].value());
    }
    out += '}';
    return out;
}

QByteArray RouteMatcher::formatLabelSet(const metrics::Labels& labels)
{
    // Go sorts the formatted `name="value"` strings; label names cannot contain
    // '=' so that is the order of the names, which Labels already keeps.
    QList<QByteArray> parts;
    for (const metrics::Label& label : labels)
        parts.append(label.name + '=' + goQuote(label.value));
    std::sort(parts.begin(), parts.end());
    return '{' + parts.join(", ") + '}';
}

} // namespace opsdeck::alerts
