#include "profiler/StatementsModel.h"

#include "profiler/ProfilerVocabulary.h"

#include <algorithm>

namespace opsdeck::models {

using namespace opsdeck::models::profiler;

StatementsModel::StatementsModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void StatementsModel::setStatements(const QList<opsdeck::profiler::StatementStat>& statements)
{
    const bool sameRows = statements.size() == m_statements.size()
        && std::equal(statements.cbegin(), statements.cend(), m_statements.cbegin(),
            [](const auto& a, const auto& b) { return a.queryId == b.queryId && a.query == b.query; });
    if (sameRows) {
        m_statements = statements;
        if (!m_statements.isEmpty())
            emit dataChanged(index(0, 0), index(int(m_statements.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_statements = statements;
    endResetModel();
}

int StatementsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_statements.size());
}

int StatementsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StatementsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& s = m_statements[index.row()];
    if (role == QueryIdRole)
        return s.queryId;
    if (role == Qt::ToolTipRole && index.column() == QueryColumn)
        return s.query;
    if (role == Qt::TextAlignmentRole)
        return index.column() == QueryColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                             : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    const bool sort = role == SortRole;
    if (!sort && role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case QueryColumn:
        return sort ? s.query : QString(s.query).simplified();
    case CallsColumn:
        return sort ? QVariant(s.calls) : QVariant(number(s.calls));
    case TotalColumn:
        return sort ? QVariant(s.totalMs) : QVariant(milliseconds(s.totalMs));
    case MeanColumn:
        return sort ? QVariant(s.meanMs) : QVariant(milliseconds(s.meanMs));
    case RowsColumn:
        return sort ? QVariant(s.rows) : QVariant(number(s.rows));
    case HitRatioColumn:
        if (sort)
            return s.hitRatio ? *s.hitRatio : -1.0;
        return s.hitRatio ? percent(*s.hitRatio * 100.0) : tr("no block access");
    default:
        return {};
    }
}

QVariant StatementsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case QueryColumn:
        return tr("Query");
    case CallsColumn:
        return tr("Calls");
    case TotalColumn:
        return tr("Total");
    case MeanColumn:
        return tr("Mean");
    case RowsColumn:
        return tr("Rows");
    case HitRatioColumn:
        return tr("Hit ratio");
    default:
        return {};
    }
}

} // namespace opsdeck::models
