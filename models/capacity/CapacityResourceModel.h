#pragma once

#include "capacity/CapacityPlanner.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

// The capacity plan's resources as table rows for the Capacity page: status
// (colour and word, from CapacityVocabulary), resource, item, current p95 against capacity, headroom,
// growth, time remaining with its 95 % interval, run-out and order-by dates,
// recommended size, model and backtest MASE. Numbers go through
// UnitFormatter; SortRole gives numbers so every column sorts by value, and
// time remaining sorts as the planner orders (capacity::urgencyKey).
//
// A new plan with the same items (a what-if change) updates the rows in
// place, so the operator's selection and sort survive; other plans reset.
class CapacityResourceModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        StatusColumn,
        ResourceColumn,
        ItemColumn,
        UsageColumn,
        HeadroomColumn,
        GrowthColumn,
        RemainingColumn,
        RunOutColumn,
        OrderByColumn,
        RecommendedColumn,
        ModelColumn,
        MaseColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1,
        StatusRole, // int(capacity::ResourceStatus)
        RemainingMsRole, // qint64, or invalid when it does not run out within the horizon
        KeyRole, // "resource\nitem": stable across what-if changes
    };

    explicit CapacityResourceModel(QObject* parent = nullptr);

    // nowMs: the end of the history window (the planner's "now"); horizonMs
    // for "beyond 90 d".
    void setResources(const QList<opsdeck::capacity::ResourceForecast>& resources, qint64 nowMs, qint64 horizonMs);
    void clear();

    const opsdeck::capacity::ResourceForecast* resourceAt(int row) const;
    int rowOfKey(const QString& key) const;
    qint64 nowMs() const { return m_nowMs; }
    qint64 horizonMs() const { return m_horizonMs; }

    static QString keyOf(const opsdeck::capacity::ResourceForecast& resource);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const opsdeck::capacity::ResourceForecast& r, int column) const;
    QVariant sortValue(const opsdeck::capacity::ResourceForecast& r, int column) const;
    QString toolTip(const opsdeck::capacity::ResourceForecast& r, int column) const;

    QList<opsdeck::capacity::ResourceForecast> m_rows;
    qint64 m_nowMs = 0;
    qint64 m_horizonMs = 0;
};
