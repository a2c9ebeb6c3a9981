#include "storage/Migration.h"

namespace opsdeck::storage {

namespace {

QList<Migration> buildMigrations()
{
    QList<Migration> steps;

    // v1: scrape targets and typed settings.
    // bearer_token_plaintext holds the token in clear text on purpose and is
    // named so: it moves to the OS keychain (QtKeychain) later.
    steps.append(Migration {
        1,
        QStringLiteral("scrape targets and settings"),
        {
            QStringLiteral("CREATE TABLE scrape_targets ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " url TEXT NOT NULL,"
                           " job TEXT NOT NULL,"
                           " instance TEXT NOT NULL DEFAULT '',"
                           " extra_labels TEXT NOT NULL DEFAULT '{}',"
                           " interval_ms INTEGER NOT NULL,"
                           " timeout_ms INTEGER NOT NULL,"
                           " bearer_token_plaintext TEXT NOT NULL DEFAULT '',"
                           " tls_ca_file TEXT NOT NULL DEFAULT '',"
                           " tls_insecure INTEGER NOT NULL DEFAULT 0 CHECK (tls_insecure IN (0, 1)),"
                           " enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),"
                           " UNIQUE (job, instance, url))"),
            QStringLiteral("CREATE TABLE settings ("
                           " key TEXT PRIMARY KEY NOT NULL,"
                           " type TEXT NOT NULL,"
                           " value BLOB)"),
        },
    });

    // v2: when a target or setting was created / last changed (ms since the
    // epoch, from the injected Clock); rows from v1 get 0 = unknown.
    steps.append(Migration {
        2,
        QStringLiteral("creation and change times"),
        {
            QStringLiteral("ALTER TABLE scrape_targets ADD COLUMN created_ms INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE scrape_targets ADD COLUMN updated_ms INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE settings ADD COLUMN updated_ms INTEGER NOT NULL DEFAULT 0"),
        },
    });

    // v3: dashboards and their panels (engine/dashboard/PanelDefinition.h).
    // Positions are kept dense (0..n-1) by DashboardRepository, not by a
    // UNIQUE constraint, so a reorder can rewrite them one row at a time.
    steps.append(Migration {
        3,
        QStringLiteral("dashboards and panels"),
        {
            QStringLiteral("CREATE TABLE dashboards ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " name TEXT NOT NULL CHECK (length(name) > 0),"
                           " position INTEGER NOT NULL DEFAULT 0,"
                           " created_ms INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE TABLE dashboard_panels ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " dashboard_id INTEGER NOT NULL REFERENCES dashboards (id) ON DELETE CASCADE,"
                           " position INTEGER NOT NULL,"
                           " title TEXT NOT NULL CHECK (length(title) > 0),"
                           " query TEXT NOT NULL CHECK (length(query) > 0),"
                           " unit TEXT NOT NULL DEFAULT '',"
                           " legend TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE INDEX dashboard_panels_by_dashboard ON dashboard_panels (dashboard_id, position)"),
        },
    });

    return steps;
}

} // namespace

const QList<Migration>& schemaMigrations()
{
    static const QList<Migration> steps = buildMigrations();
    return steps;
}

int latestSchemaVersion()
{
    return schemaMigrations().isEmpty() ? 0 : schemaMigrations().constLast().version;
}

QString validateMigrations(const QList<Migration>& migrations)
{
    for (qsizetype i = 0; i < migrations.size(); ++i) {
        const Migration& step = migrations.at(i);
        if (step.version != i + 1)
            return QStringLiteral("migration #%1 has version %2, expected %3")
                .arg(i + 1)
                .arg(step.version)
                .arg(i + 1);
        if (step.statements.isEmpty())
            return QStringLiteral("migration to version %1 has no statements").arg(step.version);
    }
    return {};
}

} // namespace opsdeck::storage
