#include "storage/Migration.h"

#include <QRegularExpression>

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
            QStringLiteral(
                "CREATE INDEX dashboard_panels_by_dashboard ON dashboard_panels (dashboard_id, position)"),
        },
    });

    // v4: alerting (engine/alerts/AlertTypes.h, alerts/AlertRepository.h).
    // Alert ids come from the evaluator (never reused), so no AUTOINCREMENT.
    // Labels, annotations and matchers are JSON; value NULL stands for NaN;
    // the ack_* columns are NULL when not acknowledged. ack_cleared_ms (NULL = never)
    // is when the last unacknowledge happened, so a stale snapshot cannot bring an
    // old acknowledgement back; ever_flapping is sticky for the analytics.
    // The partial index serves the inbox's open-alert query, which repeats
    // its WHERE clause word for word.
    steps.append(Migration {
        4,
        QStringLiteral("alerts, transitions, silences, notification log, rule groups"),
        {
            QStringLiteral("CREATE TABLE alerts ("
                           " id INTEGER PRIMARY KEY CHECK (id > 0),"
                           " fingerprint TEXT NOT NULL,"
                           " rule_name TEXT NOT NULL,"
                           " group_name TEXT NOT NULL DEFAULT '',"
                           " labels TEXT NOT NULL DEFAULT '{}',"
                           " annotations TEXT NOT NULL DEFAULT '{}',"
                           " severity TEXT NOT NULL CHECK (severity IN ('critical', 'warning', 'info')),"
                           " state TEXT NOT NULL"
                           "  CHECK (state IN ('inactive', 'pending', 'firing', 'resolved', 'nodata', 'error')),"
                           " value REAL,"
                           " active_since_ms INTEGER NOT NULL DEFAULT 0,"
                           " fired_at_ms INTEGER NOT NULL DEFAULT 0,"
                           " resolved_at_ms INTEGER NOT NULL DEFAULT 0,"
                           " last_eval_ms INTEGER NOT NULL DEFAULT 0,"
                           " last_seen_ms INTEGER NOT NULL DEFAULT 0,"
                           " error TEXT NOT NULL DEFAULT '',"
                           " flapping INTEGER NOT NULL DEFAULT 0 CHECK (flapping IN (0, 1)),"
                           " ever_flapping INTEGER NOT NULL DEFAULT 0 CHECK (ever_flapping IN (0, 1)),"
                           " ack_by TEXT,"
                           " ack_at_ms INTEGER,"
                           " ack_note TEXT,"
                           " ack_cleared_ms INTEGER)"),
            QStringLiteral("CREATE INDEX alerts_open ON alerts (active_since_ms DESC, id DESC)"
                           " WHERE state NOT IN ('resolved', 'inactive')"),
            QStringLiteral("CREATE INDEX alerts_newest ON alerts (active_since_ms DESC, id DESC)"),
            QStringLiteral("CREATE INDEX alerts_by_state ON alerts (state, active_since_ms DESC, id DESC)"),
            QStringLiteral("CREATE INDEX alerts_by_rule ON alerts (rule_name, active_since_ms)"),
            QStringLiteral("CREATE INDEX alerts_by_fingerprint ON alerts (fingerprint, active_since_ms)"),
            QStringLiteral("CREATE TABLE alert_transitions ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " alert_id INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,"
                           " from_state TEXT NOT NULL,"
                           " to_state TEXT NOT NULL,"
                           " at_ms INTEGER NOT NULL,"
                           " value REAL,"
                           " note TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE INDEX alert_transitions_by_alert ON alert_transitions (alert_id, at_ms, id)"),
            QStringLiteral("CREATE TABLE silences ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " matchers TEXT NOT NULL CHECK (matchers <> '[]'),"
                           " starts_at_ms INTEGER NOT NULL,"
                           " ends_at_ms INTEGER NOT NULL,"
                           " created_by TEXT NOT NULL DEFAULT '',"
                           " comment TEXT NOT NULL DEFAULT '',"
                           " created_at_ms INTEGER NOT NULL DEFAULT 0,"
                           " CHECK (ends_at_ms >= starts_at_ms))"),
            QStringLiteral("CREATE INDEX silences_by_end ON silences (ends_at_ms)"),
            QStringLiteral("CREATE TABLE notification_log ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " delivery_id INTEGER NOT NULL DEFAULT 0,"
                           " receiver TEXT NOT NULL,"
                           " receiver_type TEXT NOT NULL DEFAULT '',"
                           " group_key TEXT NOT NULL DEFAULT '',"
                           " kind TEXT NOT NULL DEFAULT '',"
                           " alert_ids TEXT NOT NULL DEFAULT '[]',"
                           " status TEXT NOT NULL DEFAULT '',"
                           " attempts INTEGER NOT NULL DEFAULT 0,"
                           " http_status INTEGER NOT NULL DEFAULT 0,"
                           " error TEXT NOT NULL DEFAULT '',"
                           " created_at_ms INTEGER NOT NULL DEFAULT 0,"
                           " finished_at_ms INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE INDEX notification_log_by_delivery ON notification_log (delivery_id)"),
            // Which records are about which alert (the detail pane's log); no
            // foreign key to alerts: a record may name an alert not saved yet.
            QStringLiteral("CREATE TABLE notification_alerts ("
                           " notification_id INTEGER NOT NULL REFERENCES notification_log (id) ON DELETE CASCADE,"
                           " alert_id INTEGER NOT NULL,"
                           " PRIMARY KEY (notification_id, alert_id)) WITHOUT ROWID"),
            QStringLiteral("CREATE INDEX notification_alerts_by_alert"
                           " ON notification_alerts (alert_id, notification_id)"),
            // One row per group, its rules as a JSON array, in file order.
            QStringLiteral("CREATE TABLE alert_rule_groups ("
                           " position INTEGER PRIMARY KEY,"
                           " name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),"
                           " interval_ms INTEGER NOT NULL DEFAULT 0 CHECK (interval_ms >= 0),"
                           " rules TEXT NOT NULL DEFAULT '[]')"),
        },
    });

    // v5: capacity history (capacity/RollupRepository.h, issue 5). One row per
    // rolled-up series, its full label set as canonical JSON (sorted keys,
    // compact) so the same labels always map to the same id; minute and hour
    // rollup rows keyed by (series, bucket start), NULL standing for NaN.
    // WITHOUT ROWID: the primary key is the access path of every read and prune.
    steps.append(Migration {
        5,
        QStringLiteral("capacity history rollups"),
        {
            QStringLiteral("CREATE TABLE rollup_series ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " name TEXT NOT NULL,"
                           " labels TEXT NOT NULL UNIQUE)"),
            QStringLiteral("CREATE INDEX rollup_series_by_name ON rollup_series (name)"),
            QStringLiteral("CREATE TABLE rollup_minute ("
                           " series_id INTEGER NOT NULL REFERENCES rollup_series (id) ON DELETE CASCADE,"
                           " start_ms INTEGER NOT NULL,"
                           " count INTEGER NOT NULL,"
                           " min REAL, max REAL, avg REAL, last REAL, p95 REAL,"
                           " PRIMARY KEY (series_id, start_ms)) WITHOUT ROWID"),
            QStringLiteral("CREATE INDEX rollup_minute_by_start ON rollup_minute (start_ms)"),
            QStringLiteral("CREATE TABLE rollup_hour ("
                           " series_id INTEGER NOT NULL REFERENCES rollup_series (id) ON DELETE CASCADE,"
                           " start_ms INTEGER NOT NULL,"
                           " count INTEGER NOT NULL,"
                           " min REAL, max REAL, avg REAL, last REAL, p95 REAL,"
                           " PRIMARY KEY (series_id, start_ms)) WITHOUT ROWID"),
            QStringLiteral("CREATE INDEX rollup_hour_by_start ON rollup_hour (start_ms)"),
        },
    });

    // v6: remote data sources (sources/DataSourceRepository.h, issue 13), by
    // name; the secrets are in clear text and named so, as in v1, until they
    // move to the OS keychain. A dashboard and a rule group name the source
    // they query ("" = this engine); a name that no longer exists shows as an
    // error on the panel or rule, never as data from another source.
    steps.append(Migration {
        6,
        QStringLiteral("remote data sources"),
        {
            QStringLiteral("CREATE TABLE data_sources ("
                           " name TEXT PRIMARY KEY NOT NULL CHECK (length(name) > 0),"
                           " url TEXT NOT NULL,"
                           " type TEXT NOT NULL DEFAULT 'prometheus',"
                           " bearer_token_plaintext TEXT NOT NULL DEFAULT '',"
                           " basic_user TEXT NOT NULL DEFAULT '',"
                           " basic_password_plaintext TEXT NOT NULL DEFAULT '',"
                           " tls_ca_file TEXT NOT NULL DEFAULT '',"
                           " tls_insecure INTEGER NOT NULL DEFAULT 0 CHECK (tls_insecure IN (0, 1)),"
                           " timeout_ms INTEGER NOT NULL DEFAULT 10000,"
                           " use_post INTEGER NOT NULL DEFAULT 1 CHECK (use_post IN (0, 1)),"
                           " updated_ms INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("ALTER TABLE dashboards ADD COLUMN data_source TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE alert_rule_groups ADD COLUMN data_source TEXT NOT NULL DEFAULT ''"),
        },
    });

    // v7: engines sharing one state database (PostgreSQL, issue 13). Each
    // engine start takes a row; its id numbers that engine's new alerts and
    // deliveries (id << 40), so engines never hand out the same alert id.
    steps.append(Migration {
        7,
        QStringLiteral("engine starts"),
        {
            QStringLiteral("CREATE TABLE engine_starts ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " started_ms INTEGER NOT NULL DEFAULT 0,"
                           " host TEXT NOT NULL DEFAULT '',"
                           " pid INTEGER NOT NULL DEFAULT 0)"),
        },
    });

    // The L3 level of the multi-level cache (engine/cache/DatabaseCacheLevel):
    // values keyed by the cache key, with the absolute expiry and compute time
    // every level carries; stored_at orders the oldest-first eviction that
    // keeps the table inside its byte budget.
    steps.append(Migration {
        8,
        QStringLiteral("cache entries (L3)"),
        {
            QStringLiteral("CREATE TABLE cache_entries ("
                           " key BLOB PRIMARY KEY NOT NULL,"
                           " value BLOB NOT NULL,"
                           " expires_at_ms INTEGER NOT NULL DEFAULT 0,"
                           " compute_ms INTEGER NOT NULL DEFAULT 0,"
                           " stored_at_ms INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID"),
            QStringLiteral("CREATE INDEX cache_entries_stored_at ON cache_entries (stored_at_ms)"),
        },
    });

    // Which dashboard views operators open when (engine/dashboard/DashboardUsage):
    // the cache warmer learns from it which results to compute before the
    // hour they are usually needed.
    steps.append(Migration {
        9,
        QStringLiteral("dashboard views"),
        {
            QStringLiteral("CREATE TABLE dashboard_views ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " viewed_at_ms INTEGER NOT NULL DEFAULT 0,"
                           " dashboard_id INTEGER NOT NULL DEFAULT 0,"
                           " data_source TEXT NOT NULL DEFAULT '',"
                           " range_ms INTEGER NOT NULL DEFAULT 0,"
                           " host_filter TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE INDEX dashboard_views_at ON dashboard_views (viewed_at_ms)"),
        },
    });

    // Profiler baselines (engine/profiler/BaselineRepository): a named fleet
    // snapshot (JSON as `opsdeck profile --json` writes it) and the per (host,
    // component) samples taken with it, that later snapshots are compared
    // against (Mann-Whitney U).
    steps.append(Migration {
        10,
        QStringLiteral("profiler baselines"),
        {
            QStringLiteral("CREATE TABLE profile_baselines ("
                           " name TEXT PRIMARY KEY NOT NULL,"
                           " taken_at_ms INTEGER NOT NULL DEFAULT 0,"
                           " fleet_json TEXT NOT NULL DEFAULT '',"
                           " history_json TEXT NOT NULL DEFAULT '')"),
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

QString postgresStatement(const QString& sqliteStatement)
{
    static const QRegularExpression identity(QStringLiteral("\\bINTEGER PRIMARY KEY AUTOINCREMENT\\b"));
    static const QRegularExpression integer(QStringLiteral("\\bINTEGER\\b"));
    static const QRegularExpression real(QStringLiteral("\\bREAL\\b"));
    static const QRegularExpression blob(QStringLiteral("\\bBLOB\\b"));
    static const QRegularExpression withoutRowid(QStringLiteral("\\s+WITHOUT ROWID\\b"));
    QString sql = sqliteStatement;
    sql.replace(identity, QStringLiteral("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"));
    sql.replace(integer, QStringLiteral("BIGINT"));
    sql.replace(real, QStringLiteral("DOUBLE PRECISION"));
    sql.replace(blob, QStringLiteral("BYTEA"));
    sql.replace(withoutRowid, QString());
    return sql;
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
