#include "profiler/FleetTilesModel.h"

#include "profiler/ProfilerVocabulary.h"
#include "style/SeverityPalette.h"

#include <QCoreApplication>

#include <algorithm>

namespace opsdeck::models {

using opsdeck::profiler::Severity;

FleetTilesModel::FleetTilesModel(QObject* parent)
    : QAbstractListModel(parent)
{ }

void FleetTilesModel::setFleet(const opsdeck::profiler::FleetSnapshot& fleet)
{
    QList<Tile> tiles;
    tiles.reserve(fleet.hosts.size());
    for (const auto& host : fleet.hosts) {
        Tile tile { host, {} };
        for (const auto& b : fleet.bottlenecks) {
            if (b.host == host.instance) {
                tile.sentence = b.sentence;
                break; // ranked worst first
            }
        }
        tiles.append(tile);
    }
    // Worst first; unreachable hosts after the measured ones; stable for equal severity.
    std::stable_sort(tiles.begin(), tiles.end(), [](const Tile& a, const Tile& b) {
        if (a.host.reachable != b.host.reachable)
            return a.host.reachable;
        return int(a.host.worst) > int(b.host.worst);
    });
    bool sameHosts = tiles.size() == m_tiles.size();
    for (int i = 0; sameHosts && i < tiles.size(); ++i)
        sameHosts = tiles[i].host.instance == m_tiles[i].host.instance;
    if (sameHosts) {
        m_tiles = std::move(tiles);
        if (!m_tiles.isEmpty())
            emit dataChanged(index(0), index(int(m_tiles.size()) - 1));
        return;
    }
    beginResetModel();
    m_tiles = std::move(tiles);
    endResetModel();
}

const opsdeck::profiler::HostProfile* FleetTilesModel::host(int row) const
{
    return row >= 0 && row < m_tiles.size() ? &m_tiles[row].host : nullptr;
}

int FleetTilesModel::rowOf(const QString& instance) const
{
    for (int i = 0; i < m_tiles.size(); ++i) {
        if (m_tiles[i].host.instance == instance)
            return i;
    }
    return -1;
}

int FleetTilesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_tiles.size());
}

QVariant FleetTilesModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Tile& tile = m_tiles[index.row()];
    const auto& host = tile.host;
    const QString word
        = host.reachable ? profiler::severityWord(host.worst) : QCoreApplication::translate("Profiler", "missing");
    const QString figure = host.reachable ? profiler::resourceFigure(host, host.worstResource) : host.error;
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1\n%2\n%3").arg(host.instance, word.toUpper(), figure);
    case Qt::ToolTipRole:
        return tile.sentence.isEmpty() ? QStringLiteral("%1: %2 — %3").arg(host.instance, word, figure)
                                       : tile.sentence;
    case Qt::BackgroundRole:
        return host.reachable ? SeverityPalette::color(profiler::toneOf(host.worst))
                              : SeverityPalette::color(SeverityPalette::Tone::Unknown);
    case InstanceRole:
        return host.instance;
    case SeverityRole:
        return int(host.worst);
    case SeverityWordRole:
        return word;
    case WorstResourceRole:
        return host.worstResource;
    case FigureRole:
        return figure;
    case ReachableRole:
        return host.reachable;
    case ErrorRole:
        return host.error;
    case SentenceRole:
        return tile.sentence;
    default:
        return {};
    }
}

QHash<int, QByteArray> FleetTilesModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(InstanceRole, "instance");
    names.insert(SeverityRole, "severity");
    names.insert(SeverityWordRole, "severityWord");
    names.insert(WorstResourceRole, "worstResource");
    names.insert(FigureRole, "figure");
    names.insert(ReachableRole, "reachable");
    names.insert(ErrorRole, "error");
    names.insert(SentenceRole, "sentence");
    return names;
}

} // namespace opsdeck::models
