#include "capacity/RollupRepository.h"

#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/StorageLog.h"
#include "storage/WriteTransaction.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace opsdeck::capacity {

using storage::describeSqlError;
using storage::lcStorage;

namespace {

QString tableFor(RollupResolution r)
{
    return r == RollupResolution::Minute ? QStringLiteral("rollup_minute") : QStringLiteral("rollup_hour");
}

// Canonical text of a label set: compact JSON with sorted keys (QJsonObject
// keeps keys sorted), so equal label sets always give equal text.
QString canonicalLabels(const metrics::Labels& labels)
{
    QJsonObject o;
    for (const metrics::Label& l : labels)
        o.insert(QString::fromUtf8(l.name), QString::fromUtf8(l.value));
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

std::optional<metrics::Labels> labelsFromCanonical(const QString& text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    if (!doc.isObject())
        return std::nullopt;
    QList<metrics::Label> labels;
    const QJsonObject o = doc.object();
    for (auto it = o.begin(); it != o.end(); ++it)
        labels.append(metrics::Label { it.key().toUtf8(), it.value().toString().toUtf8() });
    return metrics::Labels::fromUnsorted(std::move(labels));
}

bool matchesAll(const metrics::Labels& labels, const QList<metrics::LabelMatcher>& matchers)
{
    for (const metrics::LabelMatcher& m : matchers) {
        if (!m.matches(labels.value(m.name())))
            return false;
    }
    return true;
}

} // namespace

RollupRepository::RollupRepository(storage::Database& database)
    : m_db(database)
{ }

bool RollupRepository::write(RollupResolution resolution, const QList<RolledUpSeries>& batch)
{
    m_error.clear();
    if (batch.isEmpty())
        return true;
    storage::WriteTransaction transaction(m_db);
    if (!transaction.isActive()) {
        m_error = m_db.lastError();
        return false;
    }
    const QSqlDatabase conn = m_db.connection();
    QSqlQuery insertSeries(conn);
    insertSeries.prepare(
        QStringLiteral("INSERT INTO rollup_series (name, labels) VALUES (?, ?) ON CONFLICT (labels) DO NOTHING"));
    QSqlQuery findSeries(conn);
    findSeries.setForwardOnly(true);
    findSeries.prepare(QStringLiteral("SELECT id FROM rollup_series WHERE labels = ?"));
    QSqlQuery insertRow(conn);
    insertRow.prepare(
        QStringLiteral("INSERT INTO %1 (series_id, start_ms, count, min, max, avg, last, p95)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (series_id, start_ms) DO UPDATE SET"
                       " count = excluded.count, min = excluded.min, max = excluded.max, avg = excluded.avg,"
                       " last = excluded.last, p95 = excluded.p95")
            .arg(tableFor(resolution)));

    const auto failWith = [&](const QString& what, const QSqlQuery& q) {
        m_error = QStringLiteral("cannot write %1 rollups to %2: %3: %4")
                      .arg(resolutionName(resolution), m_db.filePath(), what, describeSqlError(q.lastError()));
        qCWarning(lcStorage).noquote() << m_error;
        return false;
    };

    for (const RolledUpSeries& series : batch) {
        const QString text = canonicalLabels(series.labels);
        insertSeries.addBindValue(QString::fromUtf8(series.labels.metricName()));
        insertSeries.addBindValue(text);
        if (!insertSeries.exec())
            return failWith(QStringLiteral("series"), insertSeries);
        findSeries.addBindValue(text);
        if (!findSeries.exec() || !findSeries.next())
            return failWith(QStringLiteral("series id"), findSeries);
        const qint64 id = findSeries.value(0).toLongLong();
        findSeries.finish();
        for (const RollupRow& row : series.rows) {
            insertRow.addBindValue(id);
            insertRow.addBindValue(row.startMs);
            insertRow.addBindValue(row.count);
            insertRow.addBindValue(storage::realToSql(row.min));
            insertRow.addBindValue(storage::realToSql(row.max));
            insertRow.addBindValue(storage::realToSql(row.avg));
            insertRow.addBindValue(storage::realToSql(row.last));
            insertRow.addBindValue(storage::realToSql(row.p95));
            if (!insertRow.exec())
                return failWith(QStringLiteral("row"), insertRow);
        }
    }
    if (!transaction.commit()) {
        m_error = m_db.lastError();
        return false;
    }
    return true;
}

std::optional<QList<RollupSeriesInfo>> RollupRepository::series(const QList<metrics::LabelMatcher>& matchers)
{
    m_error.clear();
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    // An equality matcher on the name narrows the scan through the index.
    QString nameFilter;
    for (const metrics::LabelMatcher& m : matchers) {
        if (m.type() == metrics::LabelMatcher::Type::Equal && m.name() == metrics::kMetricNameLabel) {
            nameFilter = QString::fromUtf8(m.value());
            break;
        }
    }
    if (nameFilter.isNull()) {
        q.prepare(QStringLiteral("SELECT id, labels FROM rollup_series ORDER BY id"));
    } else {
        q.prepare(QStringLiteral("SELECT id, labels FROM rollup_series WHERE name = ? ORDER BY id"));
        q.addBindValue(nameFilter);
    }
    if (!q.exec()) {
        m_error = QStringLiteral("cannot read the rollup series from %1: %2")
                      .arg(m_db.filePath(), describeSqlError(q.lastError()));
        qCWarning(lcStorage).noquote() << m_error;
        return std::nullopt;
    }
    QList<RollupSeriesInfo> out;
    while (q.next()) {
        auto labels = labelsFromCanonical(q.value(1).toString());
        if (!labels) {
            m_error = QStringLiteral("rollup series %1 in %2 has unreadable labels")
                          .arg(q.value(0).toLongLong())
                          .arg(m_db.filePath());
            qCWarning(lcStorage).noquote() << m_error;
            return std::nullopt;
        }
        if (!matchesAll(*labels, matchers))
            continue;
        out.append(RollupSeriesInfo { q.value(0).toLongLong(), std::move(*labels) });
    }
    return out;
}

std::optional<QList<RollupRow>> RollupRepository::read(
    RollupResolution resolution, qint64 seriesId, qint64 fromMs, qint64 toMs)
{
    m_error.clear();
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT start_ms, count, min, max, avg, last, p95 FROM %1"
                             " WHERE series_id = ? AND start_ms >= ? AND start_ms < ? ORDER BY start_ms")
                  .arg(tableFor(resolution)));
    q.addBindValue(seriesId);
    q.addBindValue(fromMs);
    q.addBindValue(toMs);
    if (!q.exec()) {
        m_error = QStringLiteral("cannot read %1 rollups of series %2 from %3: %4")
                      .arg(resolutionName(resolution), QString::number(seriesId), m_db.filePath(),
                          describeSqlError(q.lastError()));
        qCWarning(lcStorage).noquote() << m_error;
        return std::nullopt;
    }
    QList<RollupRow> rows;
    while (q.next()) {
        RollupRow row;
        row.startMs = q.value(0).toLongLong();
        row.count = q.value(1).toLongLong();
        row.min = storage::realFromSql(q.value(2));
        row.max = storage::realFromSql(q.value(3));
        row.avg = storage::realFromSql(q.value(4));
        row.last = storage::realFromSql(q.value(5));
        row.p95 = storage::realFromSql(q.value(6));
        rows.append(row);
    }
    return rows;
}

bool RollupRepository::prune(RollupResolution resolution, qint64 olderThanMs, qint64* removed)
{
    m_error.clear();
    if (removed)
        *removed = 0;
    storage::WriteTransaction transaction(m_db);
    if (!transaction.isActive()) {
        m_error = m_db.lastError();
        return false;
    }
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM %1 WHERE start_ms < ?").arg(tableFor(resolution)));
    q.addBindValue(olderThanMs);
    if (!q.exec()) {
        m_error = QStringLiteral("cannot prune %1 rollups in %2: %3")
                      .arg(resolutionName(resolution), m_db.filePath(), describeSqlError(q.lastError()));
        qCWarning(lcStorage).noquote() << m_error;
        return false;
    }
    const qint64 n = q.numRowsAffected();
    // Series left without rows in either table go too, so a vanished host
    // does not stay in the history list for ever.
    QSqlQuery orphans(m_db.connection());
    if (n > 0
        && !orphans.exec(
            QStringLiteral("DELETE FROM rollup_series WHERE"
                           " NOT EXISTS (SELECT 1 FROM rollup_minute WHERE series_id = rollup_series.id)"
                           " AND NOT EXISTS (SELECT 1 FROM rollup_hour WHERE series_id = rollup_series.id)"))) {
        m_error = QStringLiteral("cannot prune rollup series in %1: %2")
                      .arg(m_db.filePath(), describeSqlError(orphans.lastError()));
        qCWarning(lcStorage).noquote() << m_error;
        return false;
    }
    if (!transaction.commit()) {
        m_error = m_db.lastError();
        return false;
    }
    if (removed)
        *removed = n;
    return true;
}

std::optional<RollupStats> RollupRepository::stats()
{
    m_error.clear();
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    const QString sql = QStringLiteral(
        "SELECT (SELECT count(*) FROM rollup_series),"
        " (SELECT count(*) FROM rollup_minute), (SELECT coalesce(min(start_ms), 0) FROM rollup_minute),"
        " (SELECT coalesce(max(start_ms), 0) FROM rollup_minute),"
        " (SELECT count(*) FROM rollup_hour), (SELECT coalesce(min(start_ms), 0) FROM rollup_hour),"
        " (SELECT coalesce(max(start_ms), 0) FROM rollup_hour)");
    if (!q.exec(sql) || !q.next()) {
        m_error = QStringLiteral("cannot read rollup statistics from %1: %2")
                      .arg(m_db.filePath(), describeSqlError(q.lastError()));
        qCWarning(lcStorage).noquote() << m_error;
        return std::nullopt;
    }
    RollupStats s;
    s.seriesCount = q.value(0).toLongLong();
    s.minuteRows = q.value(1).toLongLong();
    s.oldestMinuteMs = q.value(2).toLongLong();
    s.newestMinuteMs = q.value(3).toLongLong();
    s.hourRows = q.value(4).toLongLong();
    s.oldestHourMs = q.value(5).toLongLong();
    s.newestHourMs = q.value(6).toLongLong();
    return s;
}

} // namespace opsdeck::capacity
