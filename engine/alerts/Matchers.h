#pragma once

#include "metrics/LabelMatcher.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

// Text form of label matchers as Alertmanager writes them in silences, routes
// and inhibit rules (`name="value"`, `name!=value`, `name=~"re"`, `name!~"re"`,
// quotes optional, lists as `{a="b", c=~"d"}` or `a="b",c=~"d"`), following
// Alertmanager's pkg/labels/parse.go. Pure functions: no I/O, no state. They
// must never accept what they cannot give back: every parsed matcher has a
// valid label name and, for regex types, a regex that compiles, and
// formatMatchers(parseMatchers(x)) parses back to the same matchers.
namespace opsdeck::alerts {

class Matchers
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::alerts::Matchers)

public:
    static std::optional<metrics::LabelMatcher> parseMatcher(QStringView text, QString* error);
    static std::optional<QList<metrics::LabelMatcher>> parseMatchers(QStringView text, QString* error);
    static QString formatMatcher(const metrics::LabelMatcher& matcher);
    static QString formatMatchers(const QList<metrics::LabelMatcher>& matchers); // "{a="b", c=~"d"}"
};

// The contract's free-function spelling.
inline std::optional<metrics::LabelMatcher> parseMatcher(QStringView text, QString* error)
{
    return Matchers::parseMatcher(text, error);
}
inline std::optional<QList<metrics::LabelMatcher>> parseMatchers(QStringView text, QString* error)
{
    return Matchers::parseMatchers(text, error);
}
inline QString formatMatcher(const metrics::LabelMatcher& matcher)
{
    return Matchers::formatMatcher(matcher);
}
inline QString formatMatchers(const QList<metrics::LabelMatcher>& matchers)
{
    return Matchers::formatMatchers(matchers);
}

} // namespace opsdeck::alerts
