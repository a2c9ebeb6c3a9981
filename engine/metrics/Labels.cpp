#include "Labels.h"

#include <QHashFunctions>

#include <algorithm>

namespace opsdeck::metrics {

namespace {
bool nameLess(const Label& a, const Label& b)
{
    return a.name < b.name;
}
} // namespace

Labels::Labels(std::initializer_list<Label> labels)
    : Labels(fromUnsorted(QList<Label>(labels)))
{ }

Labels Labels::fromUnsorted(QList<Label> labels)
{
    std::stable_sort(labels.begin(), labels.end(), nameLess);
    // Keep the last of equal names, drop empty values.
    QList<Label> out;
    out.reserve(labels.size());
    for (const Label& l : labels) {
        if (!out.isEmpty() && out.last().name == l.name)
            out.last() = l;
        else
            out.append(l);
    }
    out.removeIf([](const Label& l) { return l.value.isEmpty(); });
    Labels result;
    result.m_labels = std::move(out);
    return result;
}

Labels Labels::fromSorted(QList<Label> labels)
{
    Labels result;
    result.m_labels = std::move(labels);
    return result;
}

QByteArray Labels::value(QByteArrayView name) const
{
    for (const Label& l : m_labels) {
        if (l.name == name)
            return l.value;
    }
    return {};
}

bool Labels::has(QByteArrayView name) const
{
    return std::any_of(m_labels.cbegin(), m_labels.cend(), [&](const Label& l) { return l.name == name; });
}

Labels Labels::with(const QByteArray& name, const QByteArray& value) const
{
    Labels copy = without(name);
    if (value.isEmpty())
        return copy;
    const Label label { name, value };
    auto it = std::lower_bound(copy.m_labels.begin(), copy.m_labels.end(), label, nameLess);
    copy.m_labels.insert(it, label);
    return copy;
}

Labels Labels::without(QByteArrayView name) const
{
    Labels copy = *this;
    copy.m_labels.removeIf([&](const Label& l) { return l.name == name; });
    return copy;
}

QByteArray Labels::toString() const
{
    QByteArray out = metricName();
    bool first = true;
    for (const Label& l : m_labels) {
        if (l.name == kMetricNameLabel)
            continue;
        out += first ? "{" : ",";
        first = false;
        out += l.name + "=\"" + escapeLabelValue(l.value) + '"';
    }
    if (!first)
        out += '}';
    else if (out.isEmpty())
        out = "{}";
    return out;
}

size_t Labels::hash() const
{
    size_t h = 0;
    for (const Label& l : m_labels)
        h = qHashMulti(h, l.name, l.value);
    return h;
}

bool operator<(const Labels& a, const Labels& b)
{
    const qsizetype n = std::min(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i) {
        const Label& x = a.m_labels.at(i);
        const Label& y = b.m_labels.at(i);
        if (x.name != y.name)
            return x.name < y.name;
        if (x.value != y.value)
            return x.value < y.value;
    }
    return a.size() < b.size();
}

size_t qHash(const Labels& labels, size_t seed) noexcept
{
    return labels.hash() ^ seed;
}

QByteArray escapeLabelValue(QByteArrayView value)
{
    QByteArray out;
    out.reserve(value.size());
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
    return out;
}

bool isValidLabelName(QByteArrayView name)
{
    if (name.isEmpty() || (name[0] >= '0' && name[0] <= '9'))
        return false;
    for (char ch : name)
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_'))
            return false;
    return true;
}

} // namespace opsdeck::metrics
