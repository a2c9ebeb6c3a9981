#pragma once

#include "alerts/AlertTypes.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>

#include <limits>
#include <memory>
#include <optional>
#include <vector>

namespace opsdeck::query {
class DataSourceRegistry;
class QuerySource;
} // namespace opsdeck::query

// The alert state machine: evaluates rule groups against a query source and
// keeps every alert instance's lifecycle as Prometheus 2.42 rules/alerting.go
// does — a series returned by the expression becomes Pending, Firing once
// activeSince + `for` <= evaluation time, Resolved when it stops being
// returned (a Firing one first stays Firing for `keep_firing_for`, counted as
// Prometheus counts it: from the first evaluation that misses the series);
// resolved instances stay listed for 15 minutes; a recurrence after resolve is
// a new instance with a new id. On top of Prometheus: one NoData instance per
// rule when none of the expression's selectors has a series (5-minute
// lookback) and one Error instance when the query fails, both without `for`
// and resolved when the rule evaluates normally again; acknowledgements (kept
// until the instance resolves) and flapping detection per label set.
//
// `changed` lists instances whose lifecycle changed (new, state, flapping,
// acknowledgement); value, annotations, lastEvalMs and lastSeenMs advance on
// every evaluation without being reported — alerts() has the live values.
// A Pending instance that disappears before `for` elapsed is reported once as
// Resolved with firedAtMs == 0 and then forgotten (Prometheus deletes it).
//
// Not a QObject and not thread-safe: the alert service calls it from one
// thread. It never writes anything anywhere and never reads the clock: the
// evaluation time is passed in.
namespace opsdeck::alerts {

struct EvaluationResult
{
    QList<Alert> changed;
    QList<AlertTransition> transitions;

    bool isEmpty() const { return changed.isEmpty() && transitions.isEmpty(); }
};

struct FlapSettings
{
    qint64 windowMs = 10 * 60'000;
    int maxChanges = 6; // more state changes than this within windowMs = flapping
};

inline constexpr qint64 kResolvedRetentionMs = 15 * 60'000; // Prometheus resolvedRetention

class RuleEvaluator
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::alerts::RuleEvaluator)

public:
    RuleEvaluator();
    ~RuleEvaluator();
    RuleEvaluator(const RuleEvaluator&) = delete;
    RuleEvaluator& operator=(const RuleEvaluator&) = delete;

    // Alerts of rules that still exist (same group + name) keep their state;
    // open alerts of removed rules are resolved by the next evaluate().
    void setGroups(const QList<RuleGroup>& groups);
    QList<RuleGroup> groups() const;
    // After a restart: the stored open alerts and the next free id. Pending
    // alerts keep their activeSince (so `for` continues), Firing ones stay
    // Firing without a new transition. Call before or after setGroups().
    void restore(const QList<Alert>& openAlerts, qint64 nextId);

    // Evaluates the groups due at evalTimeMs (interval 0 = every call; others
    // on their own grid of intervalMs from their first evaluation).
    // Groups without a data source query source; the others query theirs
    // from sources (a name it does not know, or a null sources, makes their
    // rules Error "data source NAME is not configured").
    EvaluationResult evaluate(
        const query::QuerySource& source, qint64 evalTimeMs, const query::DataSourceRegistry* sources = nullptr);
    // Earliest time a group is due again: evalTime of the last call for groups
    // with interval 0, max() when there are no groups.
    qint64 nextDueMs() const;

    // nullopt: unknown or resolved id. Re-acknowledging replaces the ack.
    std::optional<EvaluationResult> acknowledge(qint64 alertId, const Acknowledgement& ack);
    // nullopt: unknown or resolved id; empty result when it was not acknowledged.
    std::optional<EvaluationResult> unacknowledge(qint64 alertId, qint64 atMs, const QString& by);

    // Open instances plus resolved ones within the retention, by id.
    QList<Alert> alerts() const;
    std::optional<Alert> alert(qint64 id) const;
    qint64 nextId() const { return m_nextId; }

    void setFlapSettings(FlapSettings settings) { m_flap = settings; }
    FlapSettings flapSettings() const { return m_flap; }
    void setResolvedRetentionMs(qint64 ms) { m_resolvedRetentionMs = ms; }

    // The rule editor's live preview: what evaluating `rule` alone at timeMs
    // would return (instances in Pending, or Firing when `for` is 0, or one
    // NoData/Error instance), without touching any state. Ids are 0.
    static QList<Alert> preview(
        const AlertRule& rule, const QString& groupName, const query::QuerySource& source, qint64 timeMs);

    struct RuleState; // implementation detail, public for the .cpp helpers

private:
    struct GroupState
    {
        QString name;
        QString dataSource;
        qint64 intervalMs = 0;
        qint64 nextDueMs = std::numeric_limits<qint64>::min(); // min = never evaluated
        std::vector<size_t> rules; // indexes into m_rules
    };

    void place(QList<Alert> alerts);
    void evaluateRule(RuleState& rule, const query::QuerySource& source, qint64 ts, EvaluationResult& result);
    Alert* findOpen(qint64 id);

    std::vector<std::unique_ptr<RuleState>> m_rules;
    std::vector<GroupState> m_groups;
    QList<Alert> m_unplaced; // restored or left over alerts whose rule is unknown
    bool m_groupsSet = false;
    qint64 m_nextId = 1;
    qint64 m_lastEvalMs = 0;
    qint64 m_resolvedRetentionMs = kResolvedRetentionMs;
    FlapSettings m_flap;
    // Per evaluate(): selector text -> has a series now (NoData checks share selectors).
    QHash<QString, bool> m_selectorCache;
    QHash<qint64, qsizetype> m_changedIndex; // per evaluate(): id -> position in `changed`
};

} // namespace opsdeck::alerts
