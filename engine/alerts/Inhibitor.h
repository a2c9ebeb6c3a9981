#pragma once

#include "alerts/AlertTypes.h"

#include <QByteArray>
#include <QHash>
#include <QList>

// Alertmanager's inhibition (inhibit/inhibit.go, 0.25): an alert matching a
// rule's target matchers is muted while some *firing* alert matches the same
// rule's source matchers and has the same value (absent = "") for every
// `equal` label. As in Alertmanager, a source that is itself silenced or
// inhibited still inhibits, and when an alert matches both sides of a rule,
// sources that also match both sides are skipped, so an alert never inhibits
// itself and two "both sides" alerts never mute each other. Only Firing
// alerts are sources: Alertmanager never sees pending ones, and NoData/Error
// instances are not firing. Pure: it holds the last set of sources it was
// given and must never read a clock or change an alert.
namespace opsdeck::alerts {

class Inhibitor
{
public:
    void setRules(const QList<InhibitRule>& rules);
    // Replaces the sources with the Firing alerts among `alerts`.
    void setAlerts(const QList<Alert>& alerts);

    // Fingerprint of an alert that inhibits `target`, or empty when none does.
    QByteArray inhibitedBy(const metrics::Labels& target) const;
    bool mutes(const metrics::Labels& target) const { return !inhibitedBy(target).isEmpty(); }

private:
    struct Source
    {
        QByteArray fingerprint;
        bool matchesTarget = false; // also matches the rule's target side
    };
    // Per rule, its sources indexed by their `equal` label values, so a check
    // costs one lookup instead of a scan of every firing alert.
    using SourceIndex = QHash<QByteArray, QList<Source>>;
    QList<InhibitRule> m_rules;
    QList<SourceIndex> m_sources;
};

} // namespace opsdeck::alerts
