#pragma once

#include "alerts/AlertTypes.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

// Persists the alerting rule groups (schema version 4, table
// alert_rule_groups) in their order, each with its rules as JSON, so the
// evaluator starts from the rules the operator last applied.
//
// Used on the thread that opened its Database. saveRuleGroups() replaces all
// groups in one transaction and reports failure with the reason in
// lastError(), logged under "opsdeck.storage"; it never stores a group
// without a name, a name used twice, or a rule without name or expression.
namespace opsdeck::storage {
class Database;
}

namespace opsdeck::alerts {

class RuleGroupRepository final
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::alerts::RuleGroupRepository)

public:
    explicit RuleGroupRepository(storage::Database& db);

    bool saveRuleGroups(const QList<RuleGroup>& groups); // replaces all; group names unique and non-empty
    std::optional<QList<RuleGroup>> ruleGroups() const; // in the saved order

    QString lastError() const;

private:
    storage::Database& m_database;
    mutable QString m_lastError;
};

} // namespace opsdeck::alerts
