#include "alerts/RuleGroupRepository.h"

#include "alerts/AlertJson.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/WriteTransaction.h"

#include <QJsonArray>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace opsdeck::alerts {

using namespace json;
using storage::describeSqlError;
using storage::failWith;
using storage::runQuery;

RuleGroupRepository::RuleGroupRepository(storage::Database& db)
    : m_database(db)
{ }

QString RuleGroupRepository::lastError() const
{
    return m_lastError;
}

bool RuleGroupRepository::saveRuleGroups(const QList<RuleGroup>& groups)
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot save %1 rule groups in %2: ")
                                .arg(QString::number(groups.size()), m_database.filePath());
    QSet<QString> names;
    for (const RuleGroup& g : groups) {
        if (g.name.trimmed().isEmpty())
            return failWith(m_lastError, context + tr("a rule group has no name"));
        if (names.contains(g.name))
            return failWith(m_lastError, context + tr("the rule group name \"%1\" is used twice").arg(g.name));
        names.insert(g.name);
        if (g.intervalMs < 0)
            return failWith(m_lastError, context + tr("rule group \"%1\" has a negative interval").arg(g.name));
        for (const AlertRule& r : g.rules) {
            if (r.name.trimmed().isEmpty() || r.expr.trimmed().isEmpty())
                return failWith(
                    m_lastError, context + tr("a rule in group \"%1\" has no name or no expression").arg(g.name));
        }
    }
    storage::WriteTransaction transaction(m_database);
    if (!transaction.isActive())
        return failWith(m_lastError, context + m_database.lastError());
    QString error;
    QSqlQuery query(m_database.connection());
    bool ok = runQuery(query, QStringLiteral("DELETE FROM alert_rule_groups"), {}, &error);
    for (qsizetype i = 0; ok && i < groups.size(); ++i) {
        const RuleGroup& g = groups.at(i);
        QJsonArray rules;
        for (const AlertRule& r : g.rules)
            rules.append(ruleToObject(r));
        ok = runQuery(query,
            QStringLiteral("INSERT INTO alert_rule_groups (position, name, interval_ms, rules, data_source)"
                           " VALUES (?, ?, ?, ?, ?)"),
            { qint64(i), g.name, g.intervalMs, toJson(rules), storage::nonNull(g.dataSource) }, &error);
    }
    query.finish();
    if (!ok)
        return failWith(m_lastError, context + error);
    if (!transaction.commit())
        return failWith(m_lastError, context + m_database.lastError());
    return true;
}

std::optional<QList<RuleGroup>> RuleGroupRepository::ruleGroups() const
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot read the rule groups from %1: ").arg(m_database.filePath());
    QString selectError;
    auto selected = storage::selectQuery(m_database,
        QStringLiteral("SELECT name, interval_ms, rules, data_source FROM alert_rule_groups ORDER BY position"),
        {}, &selectError);
    if (!selected) {
        failWith(m_lastError, context + selectError);
        return std::nullopt;
    }
    QSqlQuery& query = *selected;
    QList<RuleGroup> result;
    while (query.next()) {
        RuleGroup g;
        g.name = query.value(0).toString();
        g.intervalMs = query.value(1).toLongLong();
        g.dataSource = query.value(3).toString();
        QString error;
        const auto rules = parseJson(query.value(2).toString(), &error);
        if (!rules || !rules->isArray()) {
            failWith(m_lastError, context + QStringLiteral("group \"%1\" is damaged: %2").arg(g.name, error));
            return std::nullopt;
        }
        for (const QJsonValue& v : rules->array()) {
            auto rule = ruleFromObject(v.toObject(), &error);
            if (!rule) {
                failWith(m_lastError, context + QStringLiteral("group \"%1\" is damaged: %2").arg(g.name, error));
                return std::nullopt;
            }
            g.rules.append(std::move(*rule));
        }
        result.append(std::move(g));
    }
    if (query.lastError().isValid()) {
        failWith(m_lastError, context + describeSqlError(query.lastError()));
        return std::nullopt;
    }
    return result;
}

} // namespace opsdeck::alerts
