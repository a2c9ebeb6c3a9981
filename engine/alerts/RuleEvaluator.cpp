#include "alerts/RuleEvaluator.h"

#include "alerts/TemplateExpander.h"
#include "query/DataSourceRegistry.h"
#include "query/Parser.h"
#include "query/QuerySource.h"

#include <QLoggingCategory>

#include <algorithm>
#include <cmath>
#include <map>

Q_LOGGING_CATEGORY(lcEval, "opsdeck.alerts.eval")

namespace opsdeck::alerts {

using metrics::Labels;

struct RuleEvaluator::RuleState
{
    struct Instance
    {
        Alert alert;
        qint64 keepFiringSinceMs = 0; // first evaluation that missed a Firing series (0 = seen last time)
    };
    struct Flap
    {
        std::vector<qint64> changes; // state-change times within the window
        bool flapping = false;
    };

    QString group;
    AlertRule rule;
    int occurrence = 0; // among rules of the same name in the group (real files repeat names per severity)
    QStringList selectors; // the expression's vector selectors, for NoData
    QString lastTemplateError;
    QHash<QByteArray, Instance> active; // Pending / Firing, by fingerprint
    std::optional<Instance> special; // the rule's NoData / Error instance
    QList<Alert> resolved; // within the retention
    QHash<QByteArray, Flap> flaps; // by fingerprint, outliving instances
};

namespace {

using RuleState = RuleEvaluator::RuleState;

constexpr QByteArrayView kAlertName = "alertname";

// Collects one evaluation's output: each changed alert once, as of its last change.
struct Collector
{
    EvaluationResult& result;
    QHash<qint64, qsizetype>& index;

    void changed(const Alert& a)
    {
        const auto it = index.constFind(a.id);
        if (it != index.cend()) {
            result.changed[*it] = a;
            return;
        }
        index.insert(a.id, result.changed.size());
        result.changed.append(a);
    }
};

QByteArray escapeValue(const QByteArray& v)
{
    QByteArray out;
    out.reserve(v.size());
    for (const char c : v) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

QString selectorText(const query::Expr& vs)
{
    QByteArray s = vs.metricName;
    QList<QByteArray> parts;
    for (const metrics::LabelMatcher& m : vs.matchers) {
        if (m.name() == metrics::kMetricNameLabel && m.type() == metrics::LabelMatcher::Type::Equal
            && m.value() == vs.metricName)
            continue;
        const char* op = "=";
        switch (m.type()) {
        case metrics::LabelMatcher::Type::Equal:
            op = "=";
            break;
        case metrics::LabelMatcher::Type::NotEqual:
            op = "!=";
            break;
        case metrics::LabelMatcher::Type::Regex:
            op = "=~";
            break;
        case metrics::LabelMatcher::Type::NotRegex:
            op = "!~";
            break;
        }
        parts << m.name() + op + '"' + escapeValue(m.value()) + '"';
    }
    if (!parts.isEmpty() || s.isEmpty())
        s += '{' + parts.join(", ") + '}';
    return QString::fromUtf8(s);
}

void collectSelectors(const query::Expr* e, QStringList& out)
{
    if (!e)
        return;
    if (e->kind == query::Expr::Kind::VectorSelector) {
        const QString text = selectorText(*e);
        if (!out.contains(text))
            out << text;
        return;
    }
    collectSelectors(e->lhs.get(), out);
    collectSelectors(e->rhs.get(), out);
    collectSelectors(e->param.get(), out);
    for (const query::ExprPtr& arg : e->args)
        collectSelectors(arg.get(), out);
}

QString expandLogged(RuleState& rule, const QString& tmpl, const Labels& series, double value)
{
    if (TemplateExpander::isPlainText(tmpl))
        return tmpl;
    QString error;
    QString out = TemplateExpander::expand(tmpl, series, value, &error);
    if (!error.isEmpty() && error != rule.lastTemplateError) {
        qCWarning(lcEval).noquote() << "rule" << rule.rule.name << "template:" << error;
        rule.lastTemplateError = error;
    }
    return out;
}

// Series labels without __name__, then the (expanded) rule labels, then alertname, as Prometheus.
Labels alertLabels(RuleState& rule, const Labels& series, double value)
{
    QList<metrics::Label> list;
    list.reserve(series.size() + rule.rule.labels.size() + 1);
    for (const metrics::Label& l : series)
        if (l.name != metrics::kMetricNameLabel)
            list.append(l);
    Labels labels = Labels::fromSorted(std::move(list));
    for (auto it = rule.rule.labels.cbegin(); it != rule.rule.labels.cend(); ++it)
        labels = labels.with(it.key().toUtf8(), expandLogged(rule, it.value(), series, value).toUtf8());
    return labels.with(QByteArray(kAlertName.data(), kAlertName.size()), rule.rule.name.toUtf8());
}

QMap<QString, QString> alertAnnotations(RuleState& rule, const Labels& series, double value)
{
    QMap<QString, QString> out;
    for (auto it = rule.rule.annotations.cbegin(); it != rule.rule.annotations.cend(); ++it)
        out.insert(it.key(), expandLogged(rule, it.value(), series, value));
    return out;
}

Severity severityOf(const AlertRule& rule, const Labels& labels)
{
    const QByteArray s = labels.value("severity");
    if (!s.isEmpty())
        if (const auto sev = severityFromName(QString::fromUtf8(s)))
            return *sev;
    return rule.severity;
}

} // namespace

// ---------------------------------------------------------------------------

namespace {

struct Lifecycle
{
    Collector& out;
    const FlapSettings& flap;

    // Records a state change (or, with from == to, a note on the timeline) and
    // updates flapping for the alert's label set.
    void transition(RuleState* rule, Alert& a, AlertState from, AlertState to, qint64 ts, const QString& note = {})
    {
        out.result.transitions.append({ a.id, from, to, ts, a.value, note });
        if (rule && from != to) {
            RuleState::Flap& f = rule->flaps[a.fingerprint];
            f.changes.push_back(ts);
            const qint64 horizon = ts - flap.windowMs;
            f.changes.erase(f.changes.begin(),
                std::find_if(f.changes.begin(), f.changes.end(), [&](qint64 t) { return t > horizon; }));
            if (!f.flapping && qsizetype(f.changes.size()) > flap.maxChanges) {
                f.flapping = true;
                a.flapping = true;
                out.result.transitions.append({ a.id, to, to, ts, a.value,
                    RuleEvaluator::tr("flapping: %n state changes within %1 min", nullptr, int(f.changes.size()))
                        .arg(flap.windowMs / 60'000.0) });
            }
        }
        out.changed(a);
    }
};

} // namespace

RuleEvaluator::RuleEvaluator() = default;
RuleEvaluator::~RuleEvaluator() = default;

void RuleEvaluator::setGroups(const QList<RuleGroup>& groups)
{
    std::map<QString, std::unique_ptr<RuleState>> old;
    for (std::unique_ptr<RuleState>& r : m_rules)
        old.emplace(
            r->group + QChar(0x1f) + r->rule.name + QChar(0x1f) + QString::number(r->occurrence), std::move(r));
    QHash<QString, std::pair<qint64, qint64>> oldDue; // group -> (interval, nextDue)
    for (const GroupState& g : m_groups)
        oldDue.insert(g.name, { g.intervalMs, g.nextDueMs });
    m_rules.clear();
    m_groups.clear();

    for (const RuleGroup& g : groups) {
        GroupState gs;
        gs.name = g.name;
        gs.dataSource = g.dataSource;
        gs.intervalMs = qMax<qint64>(0, g.intervalMs);
        const auto due = oldDue.constFind(g.name);
        if (due != oldDue.cend() && due->first == gs.intervalMs)
            gs.nextDueMs = due->second;
        QHash<QString, int> occurrences;
        for (const AlertRule& r : g.rules) {
            const int occ = occurrences[r.name]++;
            std::unique_ptr<RuleState> state;
            const auto found = old.find(g.name + QChar(0x1f) + r.name + QChar(0x1f) + QString::number(occ));
            if (found != old.end()) {
                state = std::move(found->second);
                old.erase(found);
            }
            if (!state)
                state = std::make_unique<RuleState>();
            state->group = g.name;
            state->rule = r;
            state->occurrence = occ;
            state->selectors.clear();
            // Parsed once here for NoData; evaluation goes through QuerySource::instant,
            // which takes text (it has no prepared-query API yet).
            const query::ParseResult parsed = query::Parser::parse(r.expr);
            collectSelectors(parsed.expr.get(), state->selectors);
            gs.rules.push_back(m_rules.size());
            m_rules.push_back(std::move(state));
        }
        m_groups.push_back(std::move(gs));
    }

    QList<Alert> leftovers = std::move(m_unplaced);
    m_unplaced.clear();
    for (const auto& [key, state] : old) {
        for (const RuleState::Instance& inst : std::as_const(state->active))
            leftovers.append(inst.alert);
        if (state->special)
            leftovers.append(state->special->alert);
    }
    m_groupsSet = true;
    place(std::move(leftovers));
}

QList<RuleGroup> RuleEvaluator::groups() const
{
    QList<RuleGroup> out;
    for (const GroupState& g : m_groups) {
        RuleGroup rg { g.name, g.intervalMs, {}, g.dataSource };
        for (size_t i : g.rules)
            rg.rules.append(m_rules[i]->rule);
        out.append(rg);
    }
    return out;
}

void RuleEvaluator::restore(const QList<Alert>& openAlerts, qint64 nextId)
{
    QList<Alert> open;
    qint64 maxId = 0;
    for (const Alert& a : openAlerts) {
        maxId = qMax(maxId, a.id);
        if (a.isOpen() && !findOpen(a.id)) // restoring twice must not duplicate an instance
            open.append(a);
    }
    m_nextId = std::max({ m_nextId, nextId, maxId + 1 });
    place(std::move(open));
}

// Gives each alert to the rule it came from (group + name; among rules sharing
// a name, the one whose plain labels it carries). Alerts without a rule wait
// in m_unplaced: resolved by the next evaluate() once groups are known.
void RuleEvaluator::place(QList<Alert> alerts)
{
    for (Alert& a : alerts) {
        if (a.fingerprint.isEmpty())
            a.fingerprint = alertFingerprint(a.labels);
        RuleState* target = nullptr;
        for (const std::unique_ptr<RuleState>& r : m_rules) {
            if (r->group != a.groupName || r->rule.name != a.ruleName)
                continue;
            const bool labelsMatch
                = std::all_of(r->rule.labels.keyValueBegin(), r->rule.labels.keyValueEnd(), [&](const auto& kv) {
                      return !TemplateExpander::isPlainText(kv.second)
                          || a.labels.value(kv.first.toUtf8()) == kv.second.toUtf8();
                  });
            if (!target || labelsMatch)
                target = r.get();
            if (labelsMatch)
                break;
        }
        bool placed = false;
        if (target) {
            if (a.state == AlertState::NoData || a.state == AlertState::Error) {
                if (!target->special) {
                    target->special = RuleState::Instance { a, 0 };
                    placed = true;
                }
            } else if (!target->active.contains(a.fingerprint)) {
                // keep_firing_for already running when stopped: count it from the last evaluation we know of.
                const qint64 keepSince
                    = a.state == AlertState::Firing && a.lastSeenMs < a.lastEvalMs ? a.lastEvalMs : 0;
                target->active.insert(a.fingerprint, RuleState::Instance { a, keepSince });
                placed = true;
            }
            if (placed && a.flapping) {
                RuleState::Flap& f = target->flaps[a.fingerprint];
                f.flapping = true;
                f.changes.push_back(a.lastEvalMs);
            }
        }
        if (!placed)
            m_unplaced.append(a);
    }
}

EvaluationResult RuleEvaluator::evaluate(
    const query::QuerySource& source, qint64 evalTimeMs, const query::DataSourceRegistry* sources)
{
    EvaluationResult result;
    m_changedIndex.clear();
    Collector out { result, m_changedIndex };
    Lifecycle life { out, m_flap };
    m_selectorCache.clear();
    m_lastEvalMs = evalTimeMs;

    if (m_groupsSet && !m_unplaced.isEmpty()) {
        for (Alert& a : m_unplaced) {
            const AlertState from = a.state;
            a.state = AlertState::Resolved;
            a.resolvedAtMs = evalTimeMs;
            a.lastEvalMs = evalTimeMs;
            life.transition(nullptr, a, from, AlertState::Resolved, evalTimeMs, tr("rule removed"));
        }
        m_unplaced.clear();
    }

    for (GroupState& g : m_groups) {
        if (g.intervalMs > 0 && g.nextDueMs != std::numeric_limits<qint64>::min()) {
            if (evalTimeMs < g.nextDueMs - g.intervalMs) // the clock went back: start a new grid
                g.nextDueMs = evalTimeMs;
            if (evalTimeMs < g.nextDueMs)
                continue;
        }
        if (g.dataSource.isEmpty()) {
            for (size_t i : g.rules)
                evaluateRule(*m_rules[i], source, evalTimeMs, result);
        } else {
            // Selector checks (NoData) are per source: the cache is for the local one.
            const QHash<QString, bool> localSelectors = std::exchange(m_selectorCache, {});
            const std::shared_ptr<const query::QuerySource> remote
                = sources ? sources->resolve(g.dataSource) : query::DataSourceRegistry::missing(g.dataSource);
            for (size_t i : g.rules)
                evaluateRule(*m_rules[i], *remote, evalTimeMs, result);
            m_selectorCache = localSelectors;
        }
        if (g.intervalMs > 0) {
            if (g.nextDueMs == std::numeric_limits<qint64>::min())
                g.nextDueMs = evalTimeMs + g.intervalMs;
            else
                g.nextDueMs += ((evalTimeMs - g.nextDueMs) / g.intervalMs + 1) * g.intervalMs;
        }
    }
    return result;
}

void RuleEvaluator::evaluateRule(
    RuleState& rule, const query::QuerySource& source, qint64 ts, EvaluationResult& result)
{
    Collector out { result, m_changedIndex };
    Lifecycle life { out, m_flap };
    const AlertRule& r = rule.rule;

    const auto newAlert = [&](const Labels& labels, const QByteArray& fp, AlertState state) {
        Alert a;
        a.id = m_nextId++;
        a.fingerprint = fp;
        a.ruleName = r.name;
        a.groupName = rule.group;
        a.labels = labels;
        a.severity = severityOf(r, labels);
        a.state = state;
        a.activeSinceMs = ts;
        a.lastEvalMs = ts;
        a.lastSeenMs = ts;
        const auto f = rule.flaps.constFind(fp);
        a.flapping = f != rule.flaps.cend() && f->flapping;
        return a;
    };

    // The rule's NoData / Error instance: opened, switched or resolved.
    const auto setSpecial = [&](AlertState state, const QString& message) {
        if (rule.special) {
            Alert& a = rule.special->alert;
            a.lastEvalMs = ts;
            if (a.state != state) {
                const AlertState from = a.state;
                a.state = state;
                a.error = message;
                life.transition(&rule, a, from, state, ts, message);
            } else if (a.error != message) {
                a.error = message;
                out.changed(a);
            }
            return;
        }
        const Labels labels = alertLabels(rule, {}, std::nan(""));
        Alert a = newAlert(labels, alertFingerprint(labels), state);
        a.annotations = alertAnnotations(rule, {}, std::nan(""));
        a.error = message;
        rule.special = RuleState::Instance { a, 0 };
        life.transition(&rule, rule.special->alert, AlertState::Inactive, state, ts, message);
    };
    const auto clearSpecial = [&] {
        if (!rule.special)
            return;
        Alert a = rule.special->alert;
        rule.special.reset();
        const AlertState from = a.state;
        a.state = AlertState::Resolved;
        a.resolvedAtMs = ts;
        a.lastEvalMs = ts;
        life.transition(&rule, a, from, AlertState::Resolved, ts);
        rule.resolved.append(a);
    };

    const query::QueryResult qr = source.instant(r.expr, ts);
    struct Hit
    {
        QByteArray fp;
        Labels labels;
        Labels series;
        double value;
    };
    std::vector<Hit> hits;
    QString failure;
    if (!qr.ok) {
        failure = qr.error;
    } else if (qr.type == query::ValueType::Scalar) { // as Prometheus's EngineQueryFunc: one unlabelled sample
        hits.push_back({ {}, {}, {}, qr.scalar.value });
    } else if (qr.type == query::ValueType::Vector) {
        hits.reserve(size_t(qr.series.size()));
        for (const query::ResultSeries& s : qr.series)
            hits.push_back({ {}, {}, s.labels, s.points.isEmpty() ? std::nan("") : s.points.constFirst().value });
    } else {
        failure = tr("rule result is not a vector or scalar");
    }
    QHash<QByteArray, qsizetype> seen;
    if (failure.isEmpty()) {
        seen.reserve(qsizetype(hits.size()));
        for (Hit& h : hits) {
            h.labels = alertLabels(rule, h.series, h.value);
            h.fp = alertFingerprint(h.labels);
            if (seen.contains(h.fp)) {
                failure = tr("vector contains metrics with the same labelset after applying alert labels");
                break;
            }
            seen.insert(h.fp, &h - hits.data());
        }
    }
    if (!failure.isEmpty()) {
        // As Prometheus: a failed evaluation leaves the series' alerts as they are.
        qCDebug(lcEval).noquote() << "rule" << r.name << "failed:" << failure;
        setSpecial(AlertState::Error, failure);
        return;
    }

    bool noData = false;
    if (hits.empty() && !rule.selectors.isEmpty()) {
        noData = true;
        for (const QString& sel : std::as_const(rule.selectors)) {
            auto cached = m_selectorCache.constFind(sel);
            if (cached == m_selectorCache.cend()) {
                const query::QueryResult c = source.instant(QStringLiteral("count(") + sel + u')', ts);
                cached = m_selectorCache.insert(sel, c.ok && !c.series.isEmpty());
            }
            if (*cached) {
                noData = false;
                break;
            }
        }
    }
    if (noData)
        setSpecial(AlertState::NoData, tr("no series for %1").arg(rule.selectors.join(QStringLiteral(", "))));
    else
        clearSpecial();

    for (const Hit& h : hits) {
        const auto it = rule.active.find(h.fp);
        if (it != rule.active.end()) {
            Alert& a = it->alert;
            a.value = h.value;
            a.lastEvalMs = ts;
            a.lastSeenMs = ts;
            a.annotations = alertAnnotations(rule, h.series, h.value);
            it->keepFiringSinceMs = 0;
            continue;
        }
        Alert a = newAlert(h.labels, h.fp, r.forMs <= 0 ? AlertState::Firing : AlertState::Pending);
        a.value = h.value;
        a.annotations = alertAnnotations(rule, h.series, h.value);
        if (a.state == AlertState::Firing)
            a.firedAtMs = ts;
        auto inserted = rule.active.insert(h.fp, RuleState::Instance { a, 0 });
        life.transition(&rule, inserted->alert, AlertState::Inactive, a.state, ts);
    }

    for (auto it = rule.active.begin(); it != rule.active.end();) {
        Alert& a = it->alert;
        if (!seen.contains(it.key())) {
            a.lastEvalMs = ts;
            if (a.state == AlertState::Firing && r.keepFiringForMs > 0) {
                if (it->keepFiringSinceMs == 0)
                    it->keepFiringSinceMs = ts;
                if (ts - it->keepFiringSinceMs < r.keepFiringForMs) {
                    ++it;
                    continue;
                }
            }
            const AlertState from = a.state;
            a.state = AlertState::Resolved;
            a.resolvedAtMs = ts;
            life.transition(&rule, a, from, AlertState::Resolved, ts);
            if (from == AlertState::Firing)
                rule.resolved.append(a);
            it = rule.active.erase(it);
            continue;
        }
        if (a.state == AlertState::Pending && ts - a.activeSinceMs >= r.forMs) {
            a.state = AlertState::Firing;
            a.firedAtMs = ts;
            life.transition(&rule, a, AlertState::Pending, AlertState::Firing, ts);
        }
        ++it;
    }

    rule.resolved.removeIf([&](const Alert& a) { return ts - a.resolvedAtMs > m_resolvedRetentionMs; });

    // Flapping ends after a window without state changes.
    for (auto it = rule.flaps.begin(); it != rule.flaps.end();) {
        RuleState::Flap& f = it.value();
        const qint64 horizon = ts - m_flap.windowMs;
        f.changes.erase(f.changes.begin(),
            std::find_if(f.changes.begin(), f.changes.end(), [&](qint64 t) { return t > horizon; }));
        if (f.flapping && f.changes.empty()) {
            f.flapping = false;
            Alert* a = nullptr;
            const auto act = rule.active.find(it.key());
            if (act != rule.active.end())
                a = &act->alert;
            else if (rule.special && rule.special->alert.fingerprint == it.key())
                a = &rule.special->alert;
            else
                for (qsizetype k = rule.resolved.size() - 1; k >= 0 && !a; --k)
                    if (rule.resolved[k].fingerprint == it.key())
                        a = &rule.resolved[k];
            if (a) {
                a->flapping = false;
                life.transition(nullptr, *a, a->state, a->state, ts, tr("flapping stopped"));
            }
        }
        if (!f.flapping && f.changes.empty())
            it = rule.flaps.erase(it);
        else
            ++it;
    }
}

qint64 RuleEvaluator::nextDueMs() const
{
    qint64 next = std::numeric_limits<qint64>::max();
    for (const GroupState& g : m_groups) {
        if (g.intervalMs == 0 || g.nextDueMs == std::numeric_limits<qint64>::min())
            return m_lastEvalMs;
        next = qMin(next, g.nextDueMs);
    }
    return next;
}

Alert* RuleEvaluator::findOpen(qint64 id)
{
    for (const std::unique_ptr<RuleState>& r : m_rules) {
        for (RuleState::Instance& inst : r->active)
            if (inst.alert.id == id)
                return &inst.alert;
        if (r->special && r->special->alert.id == id)
            return &r->special->alert;
    }
    for (Alert& a : m_unplaced)
        if (a.id == id)
            return &a;
    return nullptr;
}

std::optional<EvaluationResult> RuleEvaluator::acknowledge(qint64 alertId, const Acknowledgement& ack)
{
    Alert* a = findOpen(alertId);
    if (!a)
        return std::nullopt;
    a->ack = ack;
    EvaluationResult result;
    QHash<qint64, qsizetype> index;
    Collector out { result, index };
    Lifecycle life { out, m_flap };
    const QString note = ack.note.isEmpty() ? tr("acknowledged by %1").arg(ack.by)
                                            : tr("acknowledged by %1: %2").arg(ack.by, ack.note);
    life.transition(nullptr, *a, a->state, a->state, ack.atMs, note);
    return result;
}

std::optional<EvaluationResult> RuleEvaluator::unacknowledge(qint64 alertId, qint64 atMs, const QString& by)
{
    Alert* a = findOpen(alertId);
    if (!a)
        return std::nullopt;
    EvaluationResult result;
    if (!a->ack)
        return result;
    a->ack.reset();
    QHash<qint64, qsizetype> index;
    Collector out { result, index };
    Lifecycle life { out, m_flap };
    life.transition(nullptr, *a, a->state, a->state, atMs, tr("acknowledgement withdrawn by %1").arg(by));
    return result;
}

QList<Alert> RuleEvaluator::alerts() const
{
    QList<Alert> out;
    for (const std::unique_ptr<RuleState>& r : m_rules) {
        for (const RuleState::Instance& inst : r->active)
            out.append(inst.alert);
        if (r->special)
            out.append(r->special->alert);
        out.append(r->resolved);
    }
    out.append(m_unplaced);
    std::sort(out.begin(), out.end(), [](const Alert& a, const Alert& b) { return a.id < b.id; });
    return out;
}

std::optional<Alert> RuleEvaluator::alert(qint64 id) const
{
    for (const Alert& a : alerts())
        if (a.id == id)
            return a;
    return std::nullopt;
}

QList<Alert> RuleEvaluator::preview(
    const AlertRule& rule, const QString& groupName, const query::QuerySource& source, qint64 timeMs)
{
    RuleEvaluator evaluator;
    evaluator.setGroups({ RuleGroup { groupName, 0, { rule } } });
    evaluator.evaluate(source, timeMs);
    QList<Alert> out = evaluator.alerts();
    for (Alert& a : out)
        a.id = 0;
    return out;
}

} // namespace opsdeck::alerts
