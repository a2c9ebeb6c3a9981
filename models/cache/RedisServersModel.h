#pragma once

#include "redis/analytics/RedisInfo.h"

#include <QAbstractTableModel>
#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <optional>

// One Redis server the operator watches on the Cache page: its URL
// (redis://[user:password@]host:port[/db]) and an optional file holding the
// password, so the password need not sit in the settings.
struct RedisInstance
{
    QString url;
    QString passwordFile;

    bool operator==(const RedisInstance& other) const = default;
};

// The health of one server as the operator reads it. Colour is never the only
// signal: healthWord() says it too.
enum class RedisHealth { Pending, Ok, Warning, Critical, Unreachable };

struct RedisHealthAssessment
{
    RedisHealth health = RedisHealth::Pending;
    QStringList reasons; // why it is not ok, in the operator's words
};

// Thresholds (for the README's Cache page section):
// critical: noeviction with used memory >= 95 % of maxmemory (writes start to
//   fail), or evictions with an interval hit ratio below 50 %;
// warning: used memory >= 90 % of maxmemory under noeviction, evictions at
//   all, an interval hit ratio below 80 %, fragmentation above 1.5 with more
//   than 64 MiB wasted, or blocked clients above a tenth of connected ones.
RedisHealthAssessment assessRedisHealth(
    const opsdeck::redis::analytics::RedisInfo& info, const opsdeck::redis::analytics::InfoRates* rates);
QString redisHealthWord(RedisHealth health);

// The Redis servers tab's rows: one per instance, adapted from parsed INFO
// readings (the polling happens in ui/cache/RedisServersTab, off the GUI
// thread). Rates come from two consecutive readings through
// analytics::computeRates; the hit ratio over time is kept per row for the
// last 15 minutes. Pure adaptation: no sockets here.
class RedisServersModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        HealthColumn,
        ServerColumn,
        HitRatioColumn,
        OpsColumn,
        MemoryColumn,
        PolicyColumn,
        EvictionsColumn,
        ExpirationsColumn,
        FragmentationColumn,
        ClientsColumn,
        KeysColumn,
        NotesColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1,
        HealthRole, // int(RedisHealth)
        UrlRole, // the instance's URL as configured
    };

    static constexpr qint64 kHistoryMs = 15 * 60 * 1000;

    explicit RedisServersModel(QObject* parent = nullptr);

    void setInstances(const QList<RedisInstance>& instances);
    QList<RedisInstance> instances() const;
    int rowOfUrl(const QString& url) const;

    // A successful INFO reading of the row's server at atMs (unix ms).
    void addReading(int row, const opsdeck::redis::analytics::RedisInfo& info, qint64 atMs);
    // A failed poll: the row shows "unreachable since HH:MM: reason" (the
    // time of the first failure in a row of failures).
    void setUnreachable(int row, const QString& reason, qint64 atMs);

    RedisHealth health(int row) const;
    const opsdeck::redis::analytics::RedisInfo* info(int row) const;
    std::optional<opsdeck::redis::analytics::InfoRates> rates(int row) const;
    // The interval hit ratio over time: x = unix seconds, y = 0..1.
    QList<QPointF> hitRatioHistory(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        RedisInstance instance;
        QString endpoint; // describe(): no password
        std::optional<opsdeck::redis::analytics::RedisInfo> info;
        qint64 infoAtMs = 0;
        std::optional<opsdeck::redis::analytics::InfoRates> rates;
        RedisHealthAssessment assessment;
        QString error;
        qint64 unreachableSinceMs = 0;
        QList<QPointF> history;
    };

    QVariant display(const Row& row, int column) const;
    QVariant sortValue(const Row& row, int column) const;

    QList<Row> m_rows;
};
