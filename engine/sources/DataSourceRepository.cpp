#include "sources/DataSourceRepository.h"

#include "query/DataSourceRegistry.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/WriteTransaction.h"

#include <QDateTime>
#include <QSqlQuery>

namespace opsdeck::sources {

using storage::failWith;
using storage::nonNull;

namespace {

const QString kColumns
    = QStringLiteral("name, url, type, bearer_token_plaintext, basic_user, "
                     "basic_password_plaintext, tls_ca_file, tls_insecure, timeout_ms, use_post");

query::RemoteSourceConfig configFromRow(const QSqlQuery& q)
{
    query::RemoteSourceConfig c;
    c.name = q.value(0).toString();
    c.url = QUrl(q.value(1).toString(), QUrl::StrictMode);
    c.type = q.value(2).toString();
    c.bearerToken = q.value(3).toString();
    c.basicUser = q.value(4).toString();
    c.basicPassword = q.value(5).toString();
    c.caFile = q.value(6).toString();
    c.insecureSkipVerify = q.value(7).toLongLong() != 0;
    c.timeoutMs = q.value(8).toLongLong();
    c.post = q.value(9).toLongLong() != 0;
    return c;
}

} // namespace

DataSourceRepository::DataSourceRepository(storage::Database& db)
    : m_database(db)
{ }

std::optional<QList<query::RemoteSourceConfig>> DataSourceRepository::list() const
{
    m_lastError.clear();
    QString error;
    auto q = storage::selectQuery(m_database,
        QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM data_sources ORDER BY name"), {}, &error);
    if (!q) {
        failWith(m_lastError, QStringLiteral("cannot list data sources: ") + error);
        return std::nullopt;
    }
    QList<query::RemoteSourceConfig> out;
    while (q->next())
        out.append(configFromRow(*q));
    return out;
}

bool DataSourceRepository::save(const query::RemoteSourceConfig& config, const QString& previousName)
{
    m_lastError.clear();
    if (const QString invalid = query::DataSourceRegistry::validate(config); !invalid.isEmpty())
        return failWith(m_lastError, invalid);
    const QString context = QStringLiteral("cannot save data source \"%1\": ").arg(config.name);
    const QString oldName = previousName.isEmpty() ? config.name : previousName;
    storage::WriteTransaction transaction(m_database);
    if (!transaction.isActive())
        return failWith(m_lastError, context + m_database.lastError());
    QString error;
    if (oldName != config.name) {
        auto taken = storage::selectQuery(
            m_database, QStringLiteral("SELECT 1 FROM data_sources WHERE name = ?"), { config.name }, &error);
        if (!taken)
            return failWith(m_lastError, context + error);
        if (taken->next())
            return failWith(m_lastError, context + QStringLiteral("a data source with that name exists"));
    }
    QSqlQuery del(m_database.connection());
    if (!storage::runQuery(del, QStringLiteral("DELETE FROM data_sources WHERE name = ?"), { oldName }, &error))
        return failWith(m_lastError, context + error);
    QSqlQuery insert(m_database.connection());
    if (!storage::runQuery(insert,
            QStringLiteral("INSERT INTO data_sources (") + kColumns
                + QStringLiteral(", updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            { config.name, config.url.toString(QUrl::FullyEncoded), config.type, nonNull(config.bearerToken),
                nonNull(config.basicUser), nonNull(config.basicPassword), nonNull(config.caFile),
                config.insecureSkipVerify ? 1 : 0, config.timeoutMs, config.post ? 1 : 0,
                QDateTime::currentMSecsSinceEpoch() },
            &error))
        return failWith(m_lastError, context + error);
    if (!transaction.commit())
        return failWith(m_lastError, context + m_database.lastError());
    return true;
}

bool DataSourceRepository::remove(const QString& name)
{
    m_lastError.clear();
    QSqlQuery q(m_database.connection());
    QString error;
    if (!storage::runQuery(q, QStringLiteral("DELETE FROM data_sources WHERE name = ?"), { name }, &error))
        return failWith(m_lastError, QStringLiteral("cannot remove data source \"%1\": %2").arg(name, error));
    if (q.numRowsAffected() == 0)
        return failWith(m_lastError, QStringLiteral("there is no data source \"%1\"").arg(name));
    return true;
}

} // namespace opsdeck::sources
