#pragma once

#include "alerts/AlertTypes.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>
#include <QSortFilterProxyModel>

#include <functional>

// The alert inbox as rows: one per alert instance of the latest AlertService
// snapshot. A new snapshot is merged by alert id (rows removed, changed in
// place, appended), never reset, so the operator's selection and scroll
// position survive the ~10 updates a second a busy fleet can cause.
class AlertInboxModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        SeverityColumn,
        StateColumn,
        NameColumn,
        LabelsColumn,
        StartedColumn,
        DurationColumn,
        AckColumn,
        ColumnCount
    };
    enum Role {
        AlertIdRole = Qt::UserRole + 1,
        SeverityRole, // int(alerts::Severity)
        StateRole, // int(alerts::AlertState)
        AcknowledgedRole,
        MutedRole,
        SortRole,
        SearchTextRole, // name, labels and annotations in one string for the text filter
    };

    explicit AlertInboxModel(QObject* parent = nullptr);

    void setAlerts(const QList<opsdeck::alerts::Alert>& alerts, const QSet<QByteArray>& muted);
    // Durations of open alerts grow: call once a second.
    void refreshDurations();
    // For tests and the "now" of durations; default: the wall clock.
    void setNow(std::function<qint64()> now) { m_now = std::move(now); }

    const opsdeck::alerts::Alert* alertAt(int row) const;
    const opsdeck::alerts::Alert* alertById(qint64 id) const;
    int rowOf(qint64 id) const { return m_rowOf.value(id, -1); }

    // "instance=vm, job=node" without alertname and severity (they have columns).
    static QString keyLabels(const opsdeck::metrics::Labels& labels);
    static QString stateText(const opsdeck::alerts::Alert& alert, bool muted);
    static QString severityText(opsdeck::alerts::Severity severity); // SeverityWords::title
    // Today's times as a clock time, older ones with their date (QLocale short formats).
    static QString timeText(qint64 ms);
    // SeverityPalette: muted when acknowledged.
    static QColor severityColor(opsdeck::alerts::Severity severity, bool acknowledged);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString durationText(const opsdeck::alerts::Alert& alert) const;
    qint64 durationMs(const opsdeck::alerts::Alert& alert) const;
    void reindex();

    QList<opsdeck::alerts::Alert> m_rows;
    QHash<qint64, int> m_rowOf;
    QSet<QByteArray> m_muted;
    std::function<qint64()> m_now;
};

// Filters for the inbox: state group, severity and free text.
class AlertInboxFilter final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    enum class StateFilter { Open, Firing, Pending, Unacknowledged, Acknowledged, Resolved, All };

    explicit AlertInboxFilter(QObject* parent = nullptr);

    void setStateFilter(StateFilter filter);
    void setSeverityFilter(std::optional<opsdeck::alerts::Severity> severity);
    void setText(const QString& text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    StateFilter m_state = StateFilter::Open;
    std::optional<opsdeck::alerts::Severity> m_severity;
    QString m_text;
};
