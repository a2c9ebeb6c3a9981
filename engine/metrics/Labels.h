#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QMetaType>

#include <initializer_list>

// Series identity: a metric name plus a set of labels, kept sorted by label
// name, with the metric name stored as the label "__name__" (as Prometheus
// does). Names and values are UTF-8 bytes exactly as they appear in an
// exposition after unescaping. Cheap to copy (implicitly shared QByteArrays).
namespace opsdeck::metrics {

inline constexpr QByteArrayView kMetricNameLabel = "__name__";

struct Label
{
    QByteArray name;
    QByteArray value;

    friend bool operator==(const Label&, const Label&) = default;
};

class Labels
{
public:
    Labels() = default;
    // Sorts by name; when a name repeats, the last value wins.
    Labels(std::initializer_list<Label> labels);
    static Labels fromUnsorted(QList<Label> labels);
    static Labels fromSorted(QList<Label> labels); // caller guarantees order and uniqueness

    QByteArray metricName() const { return value(kMetricNameLabel); }
    // Empty when the label is absent (Prometheus treats "" and absent alike).
    QByteArray value(QByteArrayView name) const;
    bool has(QByteArrayView name) const;

    // Copies with one label set (empty value removes it) or removed.
    Labels with(const QByteArray& name, const QByteArray& value) const;
    Labels without(QByteArrayView name) const;

    const QList<Label>& list() const { return m_labels; }
    qsizetype size() const { return m_labels.size(); }
    bool isEmpty() const { return m_labels.isEmpty(); }
    QList<Label>::const_iterator begin() const { return m_labels.cbegin(); }
    QList<Label>::const_iterator end() const { return m_labels.cend(); }

    // `name{a="x",b="y"}` with exposition-format escaping of values.
    QByteArray toString() const;
    size_t hash() const;

    friend bool operator==(const Labels&, const Labels&) = default;
    // Order of Prometheus's labels.Compare: pairwise by name then value, shorter first.
    friend bool operator<(const Labels& a, const Labels& b);

private:
    QList<Label> m_labels;
};

size_t qHash(const Labels& labels, size_t seed = 0) noexcept;

// Escapes a label value for the text format: backslash, double quote, newline.
QByteArray escapeLabelValue(QByteArrayView value);
// [a-zA-Z_][a-zA-Z0-9_]*, the Prometheus label name syntax.
bool isValidLabelName(QByteArrayView name);

} // namespace opsdeck::metrics

Q_DECLARE_METATYPE(opsdeck::metrics::Labels)
