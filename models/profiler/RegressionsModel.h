#pragma once

#include "profiler/ProfilerTypes.h"

#include <QAbstractTableModel>
#include <QList>

// What got worse against a baseline: one row per finding with the statistical
// test that says so (named, with its p-value), the sentence as the tooltip.
namespace opsdeck::models {

class RegressionsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        HostColumn,
        SubjectColumn,
        MeasureColumn,
        BaselineColumn,
        CurrentColumn,
        PValueColumn,
        TestColumn,
        ColumnCount,
    };
    enum Role {
        SentenceRole = Qt::UserRole + 1,
    };

    explicit RegressionsModel(QObject* parent = nullptr);

    void setReport(const opsdeck::profiler::RegressionReport& report);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<opsdeck::profiler::RegressionFinding> m_findings;
};

} // namespace opsdeck::models
