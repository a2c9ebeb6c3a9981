#include "alerts/Inhibitor.h"

#include <algorithm>

namespace opsdeck::alerts {

namespace {

bool matchesAll(const QList<metrics::LabelMatcher>& matchers, const metrics::Labels& labels)
{
    return std::all_of(matchers.cbegin(), matchers.cend(),
        [&labels](const metrics::LabelMatcher& m) { return m.matches(labels.value(m.name())); });
}

// The `equal` label values of one side, as one key ("\xff"-separated, so
// ("a", "bc") and ("ab", "c") differ; absent = "").
QByteArray equalKey(const QList<QByteArray>& names, const metrics::Labels& labels)
{
    QByteArray key;
    for (const QByteArray& name : names) {
        key += labels.value(name);
        key += '\xff';
    }
    return key;
}

} // namespace

void Inhibitor::setRules(const QList<InhibitRule>& rules)
{
    m_rules = rules;
    m_sources = QList<SourceIndex>(m_rules.size());
}

void Inhibitor::setAlerts(const QList<Alert>& alerts)
{
    m_sources = QList<SourceIndex>(m_rules.size());
    for (const Alert& alert : alerts) {
        if (alert.state != AlertState::Firing)
            continue;
        for (qsizetype i = 0; i < m_rules.size(); ++i) {
            const InhibitRule& rule = m_rules.at(i);
            if (!matchesAll(rule.sourceMatchers, alert.labels))
                continue;
            m_sources[i][equalKey(rule.equal, alert.labels)].append(
                { alert.fingerprint.isEmpty() ? alertFingerprint(alert.labels) : alert.fingerprint,
                    matchesAll(rule.targetMatchers, alert.labels) });
        }
    }
}

QByteArray Inhibitor::inhibitedBy(const metrics::Labels& target) const
{
    for (qsizetype i = 0; i < m_rules.size(); ++i) {
        const InhibitRule& rule = m_rules.at(i);
        if (m_sources.at(i).isEmpty() || !matchesAll(rule.targetMatchers, target))
            continue;
        const auto it = m_sources.at(i).constFind(equalKey(rule.equal, target));
        if (it == m_sources.at(i).cend())
            continue;
        // An alert on both sides is never muted by a source that is on both sides too
        // (that includes itself).
        const bool twoSided = matchesAll(rule.sourceMatchers, target);
        for (const Source& source : *it) {
            if (!(twoSided && source.matchesTarget))
                return source.fingerprint;
        }
    }
    return {};
}

} // namespace opsdeck::alerts
