#include "alerts/AlertInboxModel.h"

#include "alerts/SeverityWords.h"
#include "format/UnitFormatter.h"
#include "style/SeverityPalette.h"

#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QLocale>

#include <cmath>

using opsdeck::alerts::Alert;
using opsdeck::alerts::AlertState;
using opsdeck::alerts::Severity;

AlertInboxModel::AlertInboxModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{ }

void AlertInboxModel::setAlerts(const QList<Alert>& alerts, const QSet<QByteArray>& muted)
{
    m_muted = muted;
    QHash<qint64, const Alert*> incoming;
    incoming.reserve(alerts.size());
    for (const Alert& a : alerts)
        incoming.insert(a.id, &a);

    // Remove vanished rows from the bottom up, in contiguous runs.
    for (int row = static_cast<int>(m_rows.size()) - 1; row >= 0;) {
        if (incoming.contains(m_rows.at(row).id)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !incoming.contains(m_rows.at(first - 1).id))
            --first;
        beginRemoveRows({}, first, row);
        m_rows.remove(first, row - first + 1);
        endRemoveRows();
        row = first - 1;
    }
    reindex();

    QList<Alert> added;
    for (const Alert& a : alerts) {
        const int row = m_rowOf.value(a.id, -1);
        if (row < 0) {
            added.append(a);
            continue;
        }
        m_rows[row] = a;
    }
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(static_cast<int>(m_rows.size()) - 1, ColumnCount - 1));
    if (!added.isEmpty()) {
        const int first = static_cast<int>(m_rows.size());
        beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
        m_rows.append(added);
        reindex();
        endInsertRows();
    }
}

void AlertInboxModel::refreshDurations()
{
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, DurationColumn), index(static_cast<int>(m_rows.size()) - 1, DurationColumn),
            { Qt::DisplayRole, SortRole });
}

void AlertInboxModel::reindex()
{
    m_rowOf.clear();
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowOf.insert(m_rows.at(i).id, i);
}

const Alert* AlertInboxModel::alertAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

const Alert* AlertInboxModel::alertById(qint64 id) const
{
    return alertAt(m_rowOf.value(id, -1));
}

QString AlertInboxModel::keyLabels(const opsdeck::metrics::Labels& labels)
{
    QStringList parts;
    for (const opsdeck::metrics::Label& l : labels) {
        if (l.name == "alertname" || l.name == "severity")
            continue;
        parts.append(QString::fromUtf8(l.name) + QLatin1Char('=') + QString::fromUtf8(l.value));
    }
    return parts.join(QStringLiteral(", "));
}

QString AlertInboxModel::timeText(qint64 ms)
{
    if (ms <= 0)
        return {};
    const QLocale locale;
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms);
    return t.date() == QDate::currentDate() ? locale.toString(t.time(), QLocale::ShortFormat)
                                            : locale.toString(t, QLocale::ShortFormat);
}

QString AlertInboxModel::severityText(Severity severity)
{
    return SeverityWords::title(severity);
}

QString AlertInboxModel::stateText(const Alert& alert, bool muted)
{
    QString text;
    switch (alert.state) {
    case AlertState::Inactive:
        text = tr("Inactive");
        break;
    case AlertState::Pending:
        text = tr("Pending");
        break;
    case AlertState::Firing:
        text = tr("Firing");
        break;
    case AlertState::Resolved:
        text = tr("Resolved");
        break;
    case AlertState::NoData:
        text = tr("No data");
        break;
    case AlertState::Error:
        text = tr("Error");
        break;
    }
    if (alert.flapping)
        text = tr("%1, flapping").arg(text);
    if (muted)
        text = tr("%1, silenced").arg(text);
    return text;
}

QColor AlertInboxModel::severityColor(Severity severity, bool acknowledged)
{
    return SeverityPalette::severityColor(severity, acknowledged);
}

qint64 AlertInboxModel::durationMs(const Alert& alert) const
{
    const qint64 end
        = alert.state == AlertState::Resolved && alert.resolvedAtMs > 0 ? alert.resolvedAtMs : m_now();
    const qint64 start = alert.firedAtMs > 0 ? alert.firedAtMs : alert.activeSinceMs;
    return std::max<qint64>(0, end - start);
}

QString AlertInboxModel::durationText(const Alert& alert) const
{
    const opsdeck::models::UnitFormatter seconds(opsdeck::models::UnitFormatter::Unit::Seconds);
    return seconds.format(std::floor(static_cast<double>(durationMs(alert)) / 1000.0));
}

int AlertInboxModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int AlertInboxModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertInboxModel::data(const QModelIndex& index, int role) const
{
    const Alert* a = alertAt(index.row());
    if (!a || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    const bool muted = m_muted.contains(a->fingerprint);
    const QLocale locale;
    const auto when = &AlertInboxModel::timeText;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return a->ack ? tr("%1 ✓").arg(severityText(a->severity)) : severityText(a->severity);
        case StateColumn:
            return stateText(*a, muted);
        case NameColumn:
            return a->ruleName;
        case LabelsColumn:
            return keyLabels(a->labels);
        case StartedColumn:
            return when(a->firedAtMs > 0 ? a->firedAtMs : a->activeSinceMs);
        case DurationColumn:
            return durationText(*a);
        case AckColumn:
            if (a->ack)
                return tr("✓ %1, %2")
                    .arg(a->ack->by,
                        locale.toString(
                            QDateTime::fromMSecsSinceEpoch(a->ack->atMs).time(), QLocale::ShortFormat));
            return a->isOpen() ? tr("Acknowledge") : QString();
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == SeverityColumn)
            return severityColor(a->severity, a->ack.has_value() || !a->isOpen());
        break;
    case Qt::ToolTipRole:
        if (index.column() == AckColumn) {
            if (a->ack)
                return a->ack->note.isEmpty()
                    ? tr("Acknowledged by %1 at %2").arg(a->ack->by, when(a->ack->atMs))
                    : tr("Acknowledged by %1 at %2: %3").arg(a->ack->by, when(a->ack->atMs), a->ack->note);
            return a->isOpen() ? tr("Click to acknowledge this alert") : QString();
        }
        if (index.column() == StateColumn && !a->error.isEmpty())
            return a->error;
        return a->annotations.value(
            QStringLiteral("summary"), a->annotations.value(QStringLiteral("description")));
    case Qt::ForegroundRole:
        if (!a->isOpen())
            return QColor(Qt::gray);
        if (index.column() == AckColumn && !a->ack)
            return QColor(0x1e, 0x78, 0xd2); // reads as a link: one click acknowledges
        break;
    case Qt::BackgroundRole:
        // Firing and nobody on it yet: the row carries a tint of its severity.
        if (a->state == AlertState::Firing && !a->ack) {
            QColor tint = severityColor(a->severity, false);
            tint.setAlpha(38);
            return tint;
        }
        break;
    case Qt::FontRole:
        if (index.column() == AckColumn && a->isOpen() && !a->ack) {
            QFont font;
            font.setUnderline(true);
            return font;
        }
        break;
    case AlertIdRole:
        return a->id;
    case SeverityRole:
        return static_cast<int>(a->severity);
    case StateRole:
        return static_cast<int>(a->state);
    case AcknowledgedRole:
        return a->ack.has_value();
    case MutedRole:
        return muted;
    case SearchTextRole: {
        QString text = a->ruleName + QLatin1Char(' ') + QString::fromUtf8(a->labels.toString());
        for (auto it = a->annotations.cbegin(); it != a->annotations.cend(); ++it)
            text += QLatin1Char(' ') + it.value();
        return text;
    }
    case SortRole:
        switch (index.column()) {
        case SeverityColumn:
            // Open before resolved, then severity, then newest first.
            return (a->isOpen() ? 0 : 10) + static_cast<int>(a->severity);
        case StartedColumn:
            return a->firedAtMs > 0 ? a->firedAtMs : a->activeSinceMs;
        case DurationColumn:
            return durationMs(*a);
        case AckColumn:
            return a->ack ? a->ack->atMs : 0;
        default:
            return data(index, Qt::DisplayRole);
        }
    default:
        break;
    }
    return {};
}

QVariant AlertInboxModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case StateColumn:
        return tr("State");
    case NameColumn:
        return tr("Alert");
    case LabelsColumn:
        return tr("Labels");
    case StartedColumn:
        return tr("Started");
    case DurationColumn:
        return tr("Duration");
    case AckColumn:
        return tr("Acknowledged");
    }
    return {};
}

AlertInboxFilter::AlertInboxFilter(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(AlertInboxModel::SortRole);
    setDynamicSortFilter(true);
}

void AlertInboxFilter::setStateFilter(StateFilter filter)
{
    m_state = filter;
    invalidateFilter();
}

void AlertInboxFilter::setSeverityFilter(std::optional<Severity> severity)
{
    m_severity = severity;
    invalidateFilter();
}

void AlertInboxFilter::setText(const QString& text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

bool AlertInboxFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex idx = sourceModel()->index(sourceRow, 0, sourceParent);
    const auto state = static_cast<AlertState>(idx.data(AlertInboxModel::StateRole).toInt());
    const bool acked = idx.data(AlertInboxModel::AcknowledgedRole).toBool();
    const bool open = state != AlertState::Resolved && state != AlertState::Inactive;
    bool accept = true;
    switch (m_state) {
    case StateFilter::Open:
        accept = open;
        break;
    case StateFilter::Firing:
        accept = state == AlertState::Firing;
        break;
    case StateFilter::Pending:
        accept = state == AlertState::Pending;
        break;
    case StateFilter::Unacknowledged:
        accept = open && !acked;
        break;
    case StateFilter::Acknowledged:
        accept = open && acked;
        break;
    case StateFilter::Resolved:
        accept = !open;
        break;
    case StateFilter::All:
        break;
    }
    if (!accept)
        return false;
    if (m_severity && idx.data(AlertInboxModel::SeverityRole).toInt() != static_cast<int>(*m_severity))
        return false;
    if (!m_text.isEmpty()
        && !idx.data(AlertInboxModel::SearchTextRole).toString().contains(m_text, Qt::CaseInsensitive))
        return false;
    return true;
}
