#pragma once

#include "scrape/ScrapeTarget.h"

#include <QList>
#include <QString>

#include <optional>

namespace opsdeck {
class Clock;
}

// Persists scrape targets (table scrape_targets): every field of
// scrape::ScrapeTarget, extra labels as a JSON object, plus creation and change
// times from the injected Clock. A target is unique by job + instance + URL.
//
// Used on the thread that opened its Database. Every call reports failure
// (nullopt / false) with the reason in lastError(), logged under
// "opsdeck.storage"; it must never store a target that fails validate() or
// silently replace an existing one.
//
// The bearer token is stored in clear text in the column bearer_token_plaintext
// for now; it moves to the OS keychain (QtKeychain) later.
namespace opsdeck::storage {
class Database;
}

namespace opsdeck::scrape {

class ScrapeTargetRepository final
{
public:
    explicit ScrapeTargetRepository(
        storage::Database& database, const Clock* clock = nullptr); // null: system clock

    // All targets ordered by id.
    std::optional<QList<ScrapeTarget>> list() const;
    // nullopt when there is no such target (lastError says so) or on error.
    std::optional<ScrapeTarget> get(qint64 id) const;
    // Inserts a new target (its id is ignored) and returns the id it got.
    std::optional<qint64> add(const ScrapeTarget& target);
    // Overwrites the stored target with target.id.
    bool update(const ScrapeTarget& target);
    bool remove(qint64 id);

    QString lastError() const { return m_lastError; }

private:
    QString checkDuplicate(const ScrapeTarget& target, qint64 exceptId) const;

    storage::Database& m_database;
    const Clock* m_clock;
    mutable QString m_lastError;
};

} // namespace opsdeck::scrape
