#pragma once

#include <QByteArray>
#include <QRegularExpression>

// One label matcher of a selector: {name="v"}, !=, =~, !~. Regexes are fully
// anchored, as in Prometheus. A matcher against an absent label sees "".
namespace opsdeck::metrics {

class LabelMatcher
{
public:
    enum class Type { Equal, NotEqual, Regex, NotRegex };

    LabelMatcher() = default;
    LabelMatcher(Type type, QByteArray name, QByteArray value);

    Type type() const { return m_type; }
    const QByteArray& name() const { return m_name; }
    const QByteArray& value() const { return m_value; }
    bool isValid() const; // false for a regex that does not compile
    QString errorString() const;

    bool matches(QByteArrayView labelValue) const;
    // True when the matcher also matches the empty string (so series without
    // the label match too); the store uses it to choose index lookups.
    bool matchesEmpty() const { return matches({}); }

private:
    Type m_type = Type::Equal;
    QByteArray m_name;
    QByteArray m_value;
    QRegularExpression m_re;
};

} // namespace opsdeck::metrics
