#pragma once

#include "alerts/AlertTypes.h"

#include <QByteArray>
#include <QList>
#include <QString>

// Alertmanager's routing tree (dispatch/route.go, 0.25) flattened for
// matching: every node carries its effective options after inheritance
// (receiver, group_by and the three timings come from the parent when unset;
// matchers, `continue` and `escalation` are never inherited), and its
// Alertmanager route key ("{}/{severity=\"critical\"}"), which is the first
// half of a group key. Matching follows Route.Match: a node matches when its
// matchers do (the root matches everything); its children are tried in order,
// the first matching child stops the search unless it has `continue`; a node
// none of whose children matched is itself the result. Pure and immutable
// after construction; it must never hold alerts or any time-dependent state.
namespace opsdeck::alerts {

struct ResolvedRoute
{
    int id = 0; // depth-first index, root = 0
    int parent = -1;
    QByteArray key; // Alertmanager Route.Key(): parent key + "/" + sorted matchers
    QString receiver;
    QList<QByteArray> groupBy; // empty + !groupByAll = one group per route
    bool groupByAll = false; // group_by: ['...']
    qint64 groupWaitMs = kDefaultGroupWaitMs;
    qint64 groupIntervalMs = kDefaultGroupIntervalMs;
    qint64 repeatIntervalMs = kDefaultRepeatIntervalMs;
    bool continueMatching = false;
    QString escalation; // not inherited: set it on every route that should page
    QList<metrics::LabelMatcher> matchers; // sorted as Alertmanager sorts them
    QList<int> children;
};

class RouteMatcher
{
public:
    RouteMatcher();
    explicit RouteMatcher(const Route& root);

    // Ids of the routes an alert with these labels goes to, in tree order; never empty.
    QList<int> match(const metrics::Labels& labels) const;
    const ResolvedRoute& route(int id) const { return m_routes.at(id); }
    int size() const { return int(m_routes.size()); }

    // The alert's labels named in the route's group_by (all of them for '...').
    metrics::Labels groupLabels(int routeId, const metrics::Labels& labels) const;
    // Alertmanager's aggregation group key: routeKey + ":" + LabelSet.String(),
    // e.g. {}/{severity="critical"}:{alertname="X", instance="a"}.
    QByteArray groupKey(int routeId, const metrics::Labels& groupLabels) const;

    // Go's Matchers.String() / LabelSet.String() as Alertmanager prints them.
    static QByteArray formatMatchers(const QList<metrics::LabelMatcher>& matchers);
    static QByteArray formatLabelSet(const metrics::Labels& labels);

private:
    int add(const Route& route, const ResolvedRoute* parent);
    void matchInto(int id, const metrics::Labels& labels, QList<int>* out) const;

    QList<ResolvedRoute> m_routes;
};

} // namespace opsdeck::alerts
