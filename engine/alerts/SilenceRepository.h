#pragma once

#include "alerts/AlertTypes.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

// Persists silences (schema version 4, table silences), expired ones
// included, so the Silences tab and the inhibitor read back what the
// operator set after a restart.
//
// Used on the thread that opened its Database (through StateWriter from the
// GUI). Every call is one transaction and reports failure (nullopt / false)
// with the reason in lastError(), logged under "opsdeck.storage". It must
// never store a silence that would mute everything or has no time span.
namespace opsdeck::storage {
class Database;
}

namespace opsdeck::alerts {

class SilenceRepository final
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::alerts::SilenceRepository)

public:
    explicit SilenceRepository(storage::Database& db);

    // Validates (validateSilence) and stores; returns the new id.
    std::optional<qint64> addSilence(const Silence& silence);
    // By id; e.g. expire = set endsAtMs to now (and startsAtMs too when it was
    // still pending: an update allows endsAtMs == startsAtMs).
    bool updateSilence(const Silence& silence);
    std::optional<QList<Silence>> silences() const; // expired ones included, newest first
    // Empty when the silence may be stored, else what is wrong in plain words.
    // Like Alertmanager: at least one matcher, each valid, at least one that
    // does not match the empty string, and endsAtMs after startsAtMs.
    static QString validateSilence(const Silence& silence, bool allowEmptySpan = false);

    QString lastError() const;

private:
    storage::Database& m_database;
    mutable QString m_lastError;
};

} // namespace opsdeck::alerts
