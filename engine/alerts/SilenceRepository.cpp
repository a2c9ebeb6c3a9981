#include "alerts/SilenceRepository.h"

#include "alerts/AlertJson.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/WriteTransaction.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace opsdeck::alerts {

using namespace json;
using metrics::LabelMatcher;
using storage::describeSqlError;
using storage::failWith;
using storage::nonNull;
using storage::runQuery;

SilenceRepository::SilenceRepository(storage::Database& db)
    : m_database(db)
{ }

QString SilenceRepository::lastError() const
{
    return m_lastError;
}

QString SilenceRepository::validateSilence(const Silence& silence, bool allowEmptySpan)
{
    if (silence.matchers.isEmpty())
        return tr("a silence needs at least one matcher");
    bool mutesEverything = true;
    for (const LabelMatcher& m : silence.matchers) {
        if (!metrics::isValidLabelName(m.name()))
            return tr("\"%1\" is not a valid label name").arg(QString::fromUtf8(m.name()));
        if (!m.isValid())
            return tr("the matcher on \"%1\" is not valid: %2").arg(QString::fromUtf8(m.name()), m.errorString());
        if (!m.matchesEmpty())
            mutesEverything = false;
    }
    if (mutesEverything)
        return tr("at least one matcher must not match an empty value, or the silence would mute every alert");
    if (silence.endsAtMs < silence.startsAtMs || (!allowEmptySpan && silence.endsAtMs == silence.startsAtMs))
        return tr("the silence must end after it starts");
    return {};
}

std::optional<qint64> SilenceRepository::addSilence(const Silence& silence)
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot add a silence in %1: ").arg(m_database.filePath());
    if (const QString invalid = validateSilence(silence); !invalid.isEmpty()) {
        failWith(m_lastError, context + invalid);
        return std::nullopt;
    }
    storage::WriteTransaction transaction(m_database);
    if (!transaction.isActive()) {
        failWith(m_lastError, context + m_database.lastError());
        return std::nullopt;
    }
    QString error;
    qint64 id = 0;
    {
        QSqlQuery query(m_database.connection());
        if (!runQuery(query,
                QStringLiteral("INSERT INTO silences (matchers, starts_at_ms, ends_at_ms, created_by, comment,"
                               " created_at_ms) VALUES (?, ?, ?, ?, ?, ?) RETURNING id"),
                { matchersToJson(silence.matchers), silence.startsAtMs, silence.endsAtMs,
                    nonNull(silence.createdBy), nonNull(silence.comment), silence.createdAtMs },
                &error)) {
            failWith(m_lastError, context + error);
            return std::nullopt;
        }
        id = storage::insertedId(query);
    }
    if (!transaction.commit()) {
        failWith(m_lastError, context + m_database.lastError());
        return std::nullopt;
    }
    return id;
}

bool SilenceRepository::updateSilence(const Silence& silence)
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot update silence %1 in %2: ")
                                .arg(QString::number(silence.id), m_database.filePath());
    if (silence.id <= 0)
        return failWith(m_lastError, context + QStringLiteral("it was never saved"));
    if (const QString invalid = validateSilence(silence, true); !invalid.isEmpty())
        return failWith(m_lastError, context + invalid);
    storage::WriteTransaction transaction(m_database);
    if (!transaction.isActive())
        return failWith(m_lastError, context + m_database.lastError());
    QString error;
    QSqlQuery query(m_database.connection());
    if (!runQuery(query,
            QStringLiteral("UPDATE silences SET matchers = ?, starts_at_ms = ?, ends_at_ms = ?, created_by = ?,"
                           " comment = ?, created_at_ms = ? WHERE id = ?"),
            { matchersToJson(silence.matchers), silence.startsAtMs, silence.endsAtMs, nonNull(silence.createdBy),
                nonNull(silence.comment), silence.createdAtMs, silence.id },
            &error)) {
        return failWith(m_lastError, context + error);
    }
    if (query.numRowsAffected() != 1)
        return failWith(m_lastError, context + tr("there is no silence with id %1").arg(silence.id));
    query.finish();
    if (!transaction.commit())
        return failWith(m_lastError, context + m_database.lastError());
    return true;
}

std::optional<QList<Silence>> SilenceRepository::silences() const
{
    m_lastError.clear();
    const QString context = QStringLiteral("cannot read the silences from %1: ").arg(m_database.filePath());
    QString selectError;
    auto selected = storage::selectQuery(m_database,
        QStringLiteral("SELECT id, matchers, starts_at_ms, ends_at_ms, created_by, comment, created_at_ms"
                       " FROM silences ORDER BY id DESC"),
        {}, &selectError);
    if (!selected) {
        failWith(m_lastError, context + selectError);
        return std::nullopt;
    }
    QSqlQuery& query = *selected;
    QList<Silence> result;
    while (query.next()) {
        Silence s;
        s.id = query.value(0).toLongLong();
        QString error;
        auto matchers = matchersFromJson(query.value(1).toString(), &error);
        if (!matchers) {
            failWith(m_lastError,
                context + QStringLiteral("silence %1 is damaged: %2").arg(QString::number(s.id), error));
            return std::nullopt;
        }
        s.matchers = std::move(*matchers);
        s.startsAtMs = query.value(2).toLongLong();
        s.endsAtMs = query.value(3).toLongLong();
        s.createdBy = query.value(4).toString();
        s.comment = query.value(5).toString();
        s.createdAtMs = query.value(6).toLongLong();
        result.append(std::move(s));
    }
    if (query.lastError().isValid()) {
        failWith(m_lastError, context + describeSqlError(query.lastError()));
        return std::nullopt;
    }
    return result;
}

} // namespace opsdeck::alerts
