#include "profiler/RegressionsModel.h"

#include "profiler/ProfilerVocabulary.h"

#include <QLocale>

namespace opsdeck::models {

using namespace opsdeck::models::profiler;

RegressionsModel::RegressionsModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void RegressionsModel::setReport(const opsdeck::profiler::RegressionReport& report)
{
    beginResetModel();
    m_findings = report.worse;
    endResetModel();
}

int RegressionsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_findings.size());
}

int RegressionsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RegressionsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& f = m_findings[index.row()];
    if (role == SentenceRole || role == Qt::ToolTipRole)
        return f.sentence;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case HostColumn:
        return f.host;
    case SubjectColumn:
        return f.subject;
    case MeasureColumn:
        return f.measure;
    case BaselineColumn:
        return number(f.baseline);
    case CurrentColumn:
        return number(f.current);
    case PValueColumn:
        return f.pValue < 0.001 ? QStringLiteral("< %1").arg(QLocale().toString(0.001, 'f', 3))
                                : QLocale().toString(f.pValue, 'g', 2);
    case TestColumn:
        return f.test;
    default:
        return {};
    }
}

QVariant RegressionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case HostColumn:
        return tr("Host");
    case SubjectColumn:
        return tr("Component or resource");
    case MeasureColumn:
        return tr("Measure");
    case BaselineColumn:
        return tr("Baseline");
    case CurrentColumn:
        return tr("Now");
    case PValueColumn:
        return tr("p-value");
    case TestColumn:
        return tr("Test");
    default:
        return {};
    }
}

} // namespace opsdeck::models
