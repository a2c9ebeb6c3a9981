#pragma once

#include "ScrapeManager.h"
#include "ScrapeTarget.h"

#include <QHash>
#include <QMap>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace opsdeck::storage {
class StateWriter;
}

// The stored scrape targets and the one way the console and the CLI edit
// them. Each edit is validated at once (validate() and the duplicate check),
// persisted through the state writer (never blocking the caller on SQLite),
// and only once the row is stored applied to the scrape manager, so what is
// scraped is always what survives a restart. It must never apply a change it
// could not store. Lives on (and is called on) the engine's thread.
namespace opsdeck::scrape {

class TargetCatalog final : public QObject
{
    Q_OBJECT

public:
    // manager and writer must outlive the catalog.
    TargetCatalog(ScrapeManager* manager, storage::StateWriter* writer, QObject* parent = nullptr);

    // At start-up: the stored targets (enabled or not) and the scrape
    // manager's keys of the enabled ones, in the order they were given to it.
    void setInitial(
        const QList<ScrapeTarget>& stored, const QList<ScrapeTarget>& enabled, const QList<TargetKey>& keys);

    // done(id, error) runs on context's thread (dropped when context is gone):
    // id is the target's repository id and error empty on success; on failure
    // id is 0 and error says what is wrong in plain words, and nothing was
    // stored or applied. Bad input is refused before anything is written.
    using TargetDone = std::function<void(qint64 id, QString error)>;
    void addTarget(const ScrapeTarget& target, QObject* context, TargetDone done);
    // Replaces the stored target with target.id. A disabled target stays
    // stored but is not scraped.
    void updateTarget(const ScrapeTarget& target, QObject* context, TargetDone done);
    void removeTarget(qint64 id, QObject* context, TargetDone done);

    // The stored targets as last written (enabled or not), ordered by id.
    QList<ScrapeTarget> targets() const;
    std::optional<ScrapeTarget> target(qint64 id) const;
    // The scrape manager's key for a stored target (0 when not scraped: disabled or unknown).
    TargetKey scrapeKey(qint64 id) const { return m_keys.value(id, 0); }
    // Empty when target could be added (or, with exceptId, replace that
    // target): validate() and the duplicate check, in the operator's words.
    QString checkTarget(const ScrapeTarget& target, qint64 exceptId = 0) const;

signals:
    // A target was added, changed or removed (after it was stored and applied).
    void targetsEdited();

private:
    void applyStored(const ScrapeTarget& target);
    void applyRemoved(qint64 id);
    void finishEdit(QObject* context, const TargetDone& done, qint64 id, const QString& error);

    ScrapeManager* m_scrape;
    storage::StateWriter* m_writer;
    QMap<qint64, ScrapeTarget> m_targets; // stored targets by repository id
    QHash<qint64, TargetKey> m_keys; // repository id -> scrape manager key (enabled targets only)
};

} // namespace opsdeck::scrape
