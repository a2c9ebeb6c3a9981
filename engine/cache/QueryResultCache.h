#pragma once

#include "cache/MultiLevelCache.h"
#include "Clock.h"
#include "query/QuerySource.h"

#include <QByteArray>
#include <QMap>
#include <QString>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

// The query-result cache: a QuerySource in front of another one, as a PromQL
// query frontend (Cortex/Mimir query-frontend, Thanos Query Frontend) sits in
// front of its queriers.
//
// Range queries are cut into pieces aligned to absolute multiples of the piece
// length (splitMs rounded to a multiple of the step), offset by start % step so
// unaligned starts line up too. Each piece [p, p + len - step] is evaluated by
// the inner source with the same step and cached on its own through
// MultiLevelCache; the pieces are merged by series labels in time order and
// trimmed to the request. Every PromQL step is evaluated on its own (no
// @ start()/end(), no negative offset: those bypass), so a piece's points equal
// the same points of one big query, bit for bit.
//
// The trailing part newer than now - freshness is never cached and always asked
// from the source (late samples still arrive there, Mimir's max-cache-freshness).
// The piece that straddles that line is cached as an extent [p, covered] (as
// the Cortex results cache keeps extents per bucket) and extended later, so
// moving "last 1 h" forward asks the source only for [covered + step, end]: one
// call, whose part older than the freshness line extends the extent.
//
// Never cached (the gap-served-from-cache bugs Thanos #5075 and Cortex #7733):
// errors, results with warnings, anything from a cancelled or timed-out call,
// and expressions whose value depends on the query range (`@` of any kind,
// negative offset). A piece that cannot be had (error, warnings, a value that
// does not decode) makes the whole answer come uncached from the source, whose
// error or warnings are then returned as they are: never a merged answer with a
// silent gap. Each bypass is counted by reason.
//
// Keys: "qrc1|" + sourceKey + canonical expression (printed from the engine's
// own parser's tree: whitespace, redundant parentheses, matcher order and
// number spelling do not matter) + step, piece length, piece start,
// start % step and lookback; "|i|" marks an instant query, "|r|" a range
// piece. Keys longer than 160 bytes are stored as "qrc1#i#" or "qrc1#r#" +
// SHA-256; the full key is kept inside the value and compared on
// read (Thanos's collision check). An expression the engine's parser does not
// read (a dialect of the remote server) is passed through uncached.
//
// Series, label names and label values pass through uncached.
//
// Thread-safe: any number of worker threads may call it at once. It never
// runs on the GUI thread's behalf: the inner source may do blocking I/O.
namespace opsdeck::cache {

class QueryResultCache final : public query::QuerySource
{
public:
    struct Options
    {
        qint64 freshnessMs = 10 * 60'000; // never cache points newer than now - freshness (2 scrape intervals
                                          // for the local engine)
        qint64 splitMs = 15 * 60'000; // interval length each cached piece covers (rounded to a multiple of step)
        qint64 ttlMs = 24 * 3600'000; // TTL of a cached piece
        const Clock* clock = nullptr; // engine/Clock.h; nullptr: system clock
    };

    struct Stats
    {
        qint64 rangeQueries = 0;
        qint64 instantQueries = 0;
        qint64 piecesHit = 0; // piece lookups answered by the cache (also partly, by an extent)
        qint64 piecesComputed = 0; // pieces computed through the inner source on a miss
        qint64 sourceCalls = 0; // calls made to the inner source (all kinds)
        qint64 bypassed = 0; // queries answered uncached
        qint64 pointsFromCache = 0; // points of range answers that came from cached pieces
        qint64 pointsFromSource = 0; // points of range answers asked from the source during that call
        QMap<QString, qint64> bypassReasons;
        double pieceHitRatio() const
        {
            return piecesHit + piecesComputed > 0 ? double(piecesHit) / double(piecesHit + piecesComputed) : 0.0;
        }
    };

    // sourceKey: identifies the data source and its configuration (name + URL + an epoch the owner bumps on
    // change). cache is not owned and must outlive this object.
    QueryResultCache(std::shared_ptr<const query::QuerySource> inner, QString sourceKey, MultiLevelCache* cache,
        Options options);

    QString name() const override;
    query::QueryResult instant(
        const QString& expr, qint64 timeMs, const query::QueryOptions& options = {}) const override;
    query::QueryResult range(const QString& expr, qint64 startMs, qint64 endMs, qint64 stepMs,
        const query::QueryOptions& options = {}) const override;
    query::SeriesResult series(const QStringList& selectors, qint64 startMs, qint64 endMs,
        const query::QueryOptions& options = {}) const override;
    query::LabelsResult labelNames(const QStringList& selectors, qint64 startMs, qint64 endMs,
        const query::QueryOptions& options = {}) const override;
    query::LabelsResult labelValues(const QString& label, const QStringList& selectors, qint64 startMs,
        qint64 endMs, const query::QueryOptions& options = {}) const override;

    Stats stats() const;
    void setSourceKey(QString sourceKey); // owner bumps on config change
    QString sourceKey() const;
    const Options& options() const { return m_options; }

    // The canonical text of expr as the engine's parser reads it, and whether
    // its value depends on the query range (`@`, negative offset): then
    // bypassReason names why. Empty text when it does not parse.
    struct Normalized
    {
        QString text;
        QString bypassReason; // "unparsed", "at-modifier", "negative-offset", or empty
    };
    static Normalized normalize(const QString& expr);

    // The value encoding (public for its round-trip test). coveredEndMs: the
    // last timestamp the entry covers (range pieces), or the evaluation time.
    struct Entry
    {
        QByteArray fullKey;
        qint64 coveredEndMs = 0;
        query::QueryResult result;
    };
    static QByteArray encode(const Entry& entry);
    static std::optional<Entry> decode(const QByteArray& bytes); // nullopt: truncated or garbage

    // What a stored key holds, for the Cache page's "entries by kind" (any key
    // not written by this class is Other).
    enum class EntryKind { RangePiece, Instant, Other };
    static EntryKind entryKind(const QByteArray& key);

    // The key under which fullKey is stored (fullKey itself, or its SHA-256 when long).
    // kind: 'i' (instant) or 'r' (range piece), kept in a hashed key too.
    static QByteArray storageKey(const QByteArray& fullKey, char kind);

private:
    struct CallContext;
    struct Counters;

    query::QueryResult bypass(const QString& reason, const QString& expr, qint64 startMs, qint64 endMs,
        qint64 stepMs, const query::QueryOptions& options, bool rangeCall) const;
    query::QueryResult callRange(const QString& expr, qint64 startMs, qint64 endMs, qint64 stepMs,
        const query::QueryOptions& options) const;
    query::QueryResult callInstant(const QString& expr, qint64 timeMs, const query::QueryOptions& options) const;
    void countBypass(const QString& reason) const;

    std::shared_ptr<const query::QuerySource> m_inner;
    MultiLevelCache* m_cache;
    Options m_options;
    mutable std::mutex m_keyMutex;
    QString m_sourceKey;
    std::shared_ptr<Counters> m_counters;
};

} // namespace opsdeck::cache
