#include "scrape/ScrapeTargetRepository.h"

#include "Clock.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/StorageLog.h"
#include "storage/WriteTransaction.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace opsdeck::scrape {

using storage::describeSqlError;
using storage::failWith;

namespace {

const QString kColumns = QStringLiteral("id, url, job, instance, extra_labels, interval_ms, timeout_ms, "
                                        "bearer_token_plaintext, tls_ca_file, tls_insecure, enabled");

QString urlText(const QUrl& url)
{
    return url.toString(QUrl::FullyEncoded);
}

QString describeTarget(const ScrapeTarget& target)
{
    return QStringLiteral("%1 (job \"%2\", instance \"%3\")")
        .arg(urlText(target.url), target.job, target.effectiveInstance());
}

QString labelsToJson(const metrics::Labels& labels)
{
    QJsonObject object;
    for (const metrics::Label& label : labels)
        object.insert(QString::fromUtf8(label.name), QString::fromUtf8(label.value));
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

std::optional<metrics::Labels> labelsFromJson(const QString& json, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                              : QStringLiteral("not a JSON object");
        return std::nullopt;
    }
    QList<metrics::Label> labels;
    const QJsonObject object = doc.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString()) {
            *error = QStringLiteral("value of label \"%1\" is not a string").arg(it.key());
            return std::nullopt;
        }
        labels.append(metrics::Label { it.key().toUtf8(), it.value().toString().toUtf8() });
    }
    return metrics::Labels::fromUnsorted(std::move(labels));
}

// Reads one row selected with kColumns.
std::optional<ScrapeTarget> targetFromRow(const QSqlQuery& query, QString* error)
{
    ScrapeTarget target;
    target.id = query.value(0).toLongLong();
    target.url = QUrl(query.value(1).toString(), QUrl::StrictMode);
    target.job = query.value(2).toString();
    target.instance = query.value(3).toString();
    QString labelError;
    const auto labels = labelsFromJson(query.value(4).toString(), &labelError);
    if (!labels) {
        *error = QStringLiteral("scrape target %1 has unreadable extra labels: %2").arg(target.id).arg(labelError);
        return std::nullopt;
    }
    target.extraLabels = *labels;
    target.intervalMs = query.value(5).toInt();
    target.timeoutMs = query.value(6).toInt();
    target.bearerToken = query.value(7).toString();
    target.tlsCaFile = query.value(8).toString();
    target.tlsInsecure = query.value(9).toLongLong() != 0;
    target.enabled = query.value(10).toLongLong() != 0;
    return target;
}

// Binds every stored field, in the order of the INSERT / UPDATE below.
void bindFields(QSqlQuery& query, const ScrapeTarget& target)
{
    query.addBindValue(urlText(target.url));
    query.addBindValue(target.job);
    query.addBindValue(target.instance.isNull() ? QStringLiteral("") : target.instance);
    query.addBindValue(labelsToJson(target.extraLabels));
    query.addBindValue(target.intervalMs);
    query.addBindValue(target.timeoutMs);
    query.addBindValue(target.bearerToken.isNull() ? QStringLiteral("") : target.bearerToken);
    query.addBindValue(target.tlsCaFile.isNull() ? QStringLiteral("") : target.tlsCaFile);
    query.addBindValue(target.tlsInsecure ? 1 : 0);
    query.addBindValue(target.enabled ? 1 : 0);
}

} // namespace

ScrapeTargetRepository::ScrapeTargetRepository(storage::Database& database, const Clock* clock)
    : m_database(database)
    , m_clock(clock ? clock : SystemClock::instance())
{ }

std::optional<QList<ScrapeTarget>> ScrapeTargetRepository::list() const
{
    m_lastError.clear();
    const QSqlDatabase db = m_database.connection();
    if (!db.isValid()) {
        failWith(m_lastError, QStringLiteral("cannot list scrape targets: ") + m_database.lastError());
        return std::nullopt;
    }
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM scrape_targets ORDER BY id"))) {
        failWith(m_lastError,
            QStringLiteral("cannot list scrape targets in %1: %2")
                .arg(m_database.filePath(), describeSqlError(query.lastError())));
        return std::nullopt;
    }
    QList<ScrapeTarget> targets;
    while (query.next()) {
        QString error;
        auto target = targetFromRow(query, &error);
        if (!target) {
            failWith(m_lastError,
                QStringLiteral("cannot list scrape targets in %1: %2").arg(m_database.filePath(), error));
            return std::nullopt;
        }
        targets.append(std::move(*target));
    }
    if (query.lastError().isValid()) {
        failWith(m_lastError,
            QStringLiteral("cannot list scrape targets in %1: %2")
                .arg(m_database.filePath(), describeSqlError(query.lastError())));
        return std::nullopt;
    }
    return targets;
}

std::optional<ScrapeTarget> ScrapeTargetRepository::get(qint64 id) const
{
    m_lastError.clear();
    const QSqlDatabase db = m_database.connection();
    if (!db.isValid()) {
        failWith(m_lastError, QStringLiteral("cannot read scrape target %1: ").arg(id) + m_database.lastError());
        return std::nullopt;
    }
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM scrape_targets WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec()) {
        failWith(m_lastError,
            QStringLiteral("cannot read scrape target %1 from %2: %3")
                .arg(id)
                .arg(m_database.filePath(), describeSqlError(query.lastError())));
        return std::nullopt;
    }
    if (!query.next()) {
        if (query.lastError().isValid())
            failWith(m_lastError,
                QStringLiteral("cannot read scrape target %1 from %2: %3")
                    .arg(id)
                    .arg(m_database.filePath(), describeSqlError(query.lastError())));
        else
            failWith(m_lastError, QStringLiteral("no scrape target with id %1").arg(id));
        return std::nullopt;
    }
    QString error;
    auto target = targetFromRow(query, &error);
    if (!target)
        failWith(m_lastError, error);
    return target;
}

QString ScrapeTargetRepository::checkDuplicate(const ScrapeTarget& target, qint64 exceptId) const
{
    // Compared by effective instance, so "" and the URL's host:port count as the same series source.
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT ") + kColumns
        + QStringLiteral(" FROM scrape_targets WHERE job = ? AND url = ? AND id <> ?"));
    query.addBindValue(target.job);
    query.addBindValue(urlText(target.url));
    query.addBindValue(exceptId);
    if (!query.exec())
        return describeSqlError(query.lastError());
    while (query.next()) {
        QString error;
        const auto other = targetFromRow(query, &error);
        if (other && other->effectiveInstance() == target.effectiveInstance())
            return QStringLiteral("scrape target %1 already exists (id %2)")
                .arg(describeTarget(target), QString::number(other->id));
    }
    return {};
}

std::optional<qint64> ScrapeTargetRepository::add(const ScrapeTarget& target)
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot add scrape target %1: ").arg(describeTarget(target));
    if (const QString invalid = target.validate(); !invalid.isEmpty()) {
        failWith(m_lastError, context + invalid);
        return std::nullopt;
    }
    storage::WriteTransaction transaction(m_database);
    if (!transaction.isActive()) {
        failWith(m_lastError, context + m_database.lastError());
        return std::nullopt;
    }
    if (const QString duplicate = checkDuplicate(target, 0); !duplicate.isEmpty()) {
        failWith(m_lastError, context + duplicate);
        return std::nullopt;
    }
    qint64 id = 0;
    {
        QSqlQuery query(m_database.connection());
        query.prepare(
            QStringLiteral("INSERT INTO scrape_targets (url, job, instance, extra_labels, interval_ms, "
                           "timeout_ms, bearer_token_plaintext, tls_ca_file, tls_insecure, enabled, "
                           "created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"));
        bindFields(query, target);
        const qint64 now = m_clock->nowMs();
        query.addBindValue(now);
        query.addBindValue(now);
        if (!query.exec()) {
            const QString error = describeSqlError(query.lastError());
            failWith(m_lastError, context + error);
            return std::nullopt;
        }
        id = storage::insertedId(query);
    }
    if (!transaction.commit()) {
        failWith(m_lastError, context + m_database.lastError());
        return std::nullopt;
    }
    qCDebug(storage::lcStorage).noquote()
        << QStringLiteral("added scrape target %1 as id %2").arg(describeTarget(target), QString::number(id));
    return id;
}

bool ScrapeTargetRepository::update(const ScrapeTarget& target)
{
    m_lastError.clear();
    const QString context
        = QStringLiteral("cannot update scrape target %1 %2: ").arg(target.id).arg(describeTarget(target));
    if (target.id <= 0)
        return failWith(m_lastError, context + QStringLiteral("it was never saved (id %1)").arg(target.id));
    if (const QString invalid = target.validate(); !invalid.isEmpty())
        return failWith(m_lastError, context + invalid);
    storage::WriteTransaction transaction(m_database);
    if (!transaction.isActive())
        return failWith(m_lastError, context + m_database.lastError());
    if (const QString duplicate = checkDuplicate(target, target.id); !duplicate.isEmpty())
        return failWith(m_lastError, context + duplicate);
    {
        QSqlQuery query(m_database.connection());
        query.prepare(QStringLiteral("UPDATE scrape_targets SET url = ?, job = ?, instance = ?, extra_labels = ?, "
                                     "interval_ms = ?, timeout_ms = ?, bearer_token_plaintext = ?, "
                                     "tls_ca_file = ?, tls_insecure = ?, enabled = ?, updated_ms = ? "
                                     "WHERE id = ?"));
        bindFields(query, target);
        query.addBindValue(m_clock->nowMs());
        query.addBindValue(target.id);
        if (!query.exec()) {
            const QString error = describeSqlError(query.lastError());
            return failWith(m_lastError, context + error);
        }
        if (query.numRowsAffected() != 1) {
            return failWith(m_lastError,
                QStringLiteral("cannot update scrape target %1: there is no scrape target with that id")
                    .arg(target.id));
        }
    }
    if (!transaction.commit())
        return failWith(m_lastError, context + m_database.lastError());
    return true;
}

bool ScrapeTargetRepository::remove(qint64 id)
{
    m_lastError.clear();
    const QSqlDatabase db = m_database.connection();
    if (!db.isValid())
        return failWith(
            m_lastError, QStringLiteral("cannot remove scrape target %1: ").arg(id) + m_database.lastError());
    QSqlQuery query(db);
    query.prepare(QStringLiteral("DELETE FROM scrape_targets WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec())
        return failWith(m_lastError,
            QStringLiteral("cannot remove scrape target %1 from %2: %3")
                .arg(id)
                .arg(m_database.filePath(), describeSqlError(query.lastError())));
    if (query.numRowsAffected() != 1)
        return failWith(m_lastError,
            QStringLiteral("cannot remove scrape target %1: there is no scrape target with that id").arg(id));
    return true;
}

} // namespace opsdeck::scrape
