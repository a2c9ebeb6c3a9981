#include "SeriesStore.h"

#include "Gorilla.h"

#include <QLoggingCategory>
#include <QVarLengthArray>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <limits>
#include <mutex>
#include <queue>
#include <shared_mutex>
#include <thread>
#include <unordered_map>
#include <vector>

// Series store (see SeriesStore.h). Sample encoding: Gorilla (VLDB 2015) via
// Gorilla.h; chunking, postings and staleness follow Prometheus TSDB's head.
//
// Locking:
//  - Each series has a spin lock held only while the writer appends one sample
//    (or swaps a chunk list) and while a reader copies the chunk pointers it
//    needs plus the head's few hundred bytes. Appends to an existing ref take
//    no other lock.
//  - The index (symbols, postings, series labels) is behind a writer-preferring
//    shared mutex: readers hold it for a select or a label lookup, the writer
//    takes it exclusively only to create or remove series.
//  - Series live in fixed segments that never move, so a ref resolves to its
//    Series without a lock; the writer publishes new refs with a release store.
//  - Counters are atomics written only by the writer (load+store, no RMW).
namespace opsdeck::metrics {

namespace {

Q_LOGGING_CATEGORY(lcStore, "opsdeck.metrics.store")

using gorilla::ChunkPtr;
using gorilla::XorChunk;
using gorilla::XorEncoder;

// Prometheus cuts head chunks at 120 samples: two minutes at 1 s, small enough
// that retention and reads work at fine granularity. The span limit keeps
// slow series (one sample a minute) from holding hours in one open chunk that
// retention cannot drop.
constexpr int kChunkSamples = 120;
constexpr qint64 kChunkMaxSpanMs = 3600 * 1000;

constexpr int kSegmentBits = 11;
constexpr std::size_t kSegmentSize = std::size_t(1) << kSegmentBits;
constexpr std::size_t kMaxSegments = 32768; // 67 M refs over the store's lifetime

constexpr qint64 kMinTs = std::numeric_limits<qint64>::min();

class SpinLock
{
public:
    void lock() noexcept
    {
        int spins = 0;
        while (m_locked.exchange(true, std::memory_order_acquire)) {
            while (m_locked.load(std::memory_order_relaxed)) {
                // The holder may be descheduled on an oversubscribed machine.
                if (++spins > 64)
                    std::this_thread::yield();
            }
        }
    }
    void unlock() noexcept { m_locked.store(false, std::memory_order_release); }

private:
    std::atomic<bool> m_locked { false };
};

// glibc's rwlock prefers readers, so readers running selects back to back
// could starve series creation; new readers wait while a writer is queued.
class IndexLock
{
public:
    void lock()
    {
        m_writersWaiting.fetch_add(1, std::memory_order_acq_rel);
        m_mutex.lock();
        m_writersWaiting.fetch_sub(1, std::memory_order_acq_rel);
    }
    void unlock() { m_mutex.unlock(); }
    void lock_shared()
    {
        while (m_writersWaiting.load(std::memory_order_acquire) > 0)
            std::this_thread::yield();
        m_mutex.lock_shared();
    }
    void unlock_shared() { m_mutex.unlock_shared(); }

private:
    std::shared_mutex m_mutex;
    std::atomic<int> m_writersWaiting { 0 };
};

// Single-writer counter: readers may load it at any time.
template <typename T> void bump(std::atomic<T>& counter, T delta)
{
    counter.store(counter.load(std::memory_order_relaxed) + delta, std::memory_order_relaxed);
}

bool spanExceeded(qint64 first, qint64 ts)
{
    qint64 span;
    return __builtin_sub_overflow(ts, first, &span) || span >= kChunkMaxSpanMs;
}

using Postings = std::vector<SeriesRef>;

Postings intersect(const Postings& a, const Postings& b)
{
    Postings out;
    out.reserve(std::min(a.size(), b.size()));
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

void subtract(Postings& a, const Postings& b)
{
    if (a.empty() || b.empty())
        return;
    Postings out;
    out.reserve(a.size());
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    a.swap(out);
}

// Lists of one label name are disjoint (a series has one value per name).
// Many lists (a regex over instances) go through a bitmap over refs rather
// than a sort of their concatenation.
Postings unionOf(const std::vector<const Postings*>& lists)
{
    if (lists.size() == 1)
        return *lists.front();
    std::size_t total = 0;
    SeriesRef maxRef = 0;
    for (const Postings* p : lists) {
        total += p->size();
        if (!p->empty())
            maxRef = std::max(maxRef, p->back());
    }
    Postings out;
    out.reserve(total);
    if (lists.size() == 2) {
        std::merge(
            lists[0]->begin(), lists[0]->end(), lists[1]->begin(), lists[1]->end(), std::back_inserter(out));
        return out;
    }
    std::vector<std::uint64_t> bits(std::size_t(maxRef) / 64 + 1);
    for (const Postings* p : lists)
        for (SeriesRef r : *p)
            bits[r / 64] |= std::uint64_t(1) << (r % 64);
    for (std::size_t w = 0; w < bits.size(); ++w) {
        for (std::uint64_t word = bits[w]; word; word &= word - 1)
            out.push_back(SeriesRef(w * 64 + std::size_t(std::countr_zero(word))));
    }
    return out;
}

// Runs a matcher over many label values. Like Prometheus, a regex's literal
// prefix rules out most values with a byte compare, and "prefix.*" or
// "prefix.+" need no regex at all; UTF-8 conversion plus a regex run per value
// is what dominates selects over thousands of instances otherwise.
class ValueMatcher
{
public:
    explicit ValueMatcher(const LabelMatcher& m)
        : m_matcher(m)
    {
        const bool regex = m.type() == LabelMatcher::Type::Regex || m.type() == LabelMatcher::Type::NotRegex;
        if (!regex || m.value().contains('|'))
            return;
        const QByteArray& pattern = m.value();
        const auto literal = [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                || c == '-' || c == ':' || c == '/' || c == '@' || c == ',' || c == '=' || c == ' ' || c == '%';
        };
        qsizetype i = 0;
        while (i < pattern.size() && literal(pattern[i]))
            ++i;
        // A quantifier makes the literal before it optional.
        if (i < pattern.size() && i > 0 && (pattern[i] == '?' || pattern[i] == '*' || pattern[i] == '{'))
            --i;
        m_prefix = pattern.left(i);
        const QByteArrayView rest = QByteArrayView(pattern).sliced(i);
        if (rest.isEmpty())
            m_rest = Rest::Nothing;
        else if (rest == ".*")
            m_rest = Rest::Anything;
        else if (rest == ".+")
            m_rest = Rest::Something;
    }

    bool operator()(const QByteArray& value) const
    {
        switch (m_matcher.type()) {
        case LabelMatcher::Type::Equal:
            return value == m_matcher.value();
        case LabelMatcher::Type::NotEqual:
            return value != m_matcher.value();
        case LabelMatcher::Type::Regex:
            return regexMatches(value);
        case LabelMatcher::Type::NotRegex:
            return !regexMatches(value);
        }
        return false;
    }

private:
    enum class Rest { Regex, Nothing, Anything, Something };

    bool regexMatches(const QByteArray& value) const
    {
        if (!value.startsWith(m_prefix))
            return false;
        switch (m_rest) {
        case Rest::Nothing:
            return value.size() == m_prefix.size();
        case Rest::Anything:
            return true;
        case Rest::Something:
            return value.size() > m_prefix.size();
        case Rest::Regex:
            break;
        }
        const bool matches = m_matcher.matches(value);
        return m_matcher.type() == LabelMatcher::Type::Regex ? matches : !matches;
    }

    const LabelMatcher& m_matcher;
    QByteArray m_prefix;
    Rest m_rest = Rest::Regex;
};

struct Series
{
    mutable SpinLock lock;
    // Written under the exclusive index lock, read under the shared one.
    std::vector<std::uint32_t> labelSyms; // name, value, name, value ... sorted by name
    std::atomic<bool> live { false };
    bool everAppended = false; // writer only

    // Written by the writer under `lock`; readers copy them under `lock`.
    std::vector<ChunkPtr> chunks; // closed, oldest first
    XorEncoder head;
    qint64 floorTs = kMinTs; // retention dropped everything before this
    qint64 lastTs = kMinTs;
    double lastValue = 0;
    bool hasLast = false;
};

struct Segment
{
    std::array<Series, kSegmentSize> series;
};

// Interned label names and values: 10k series with job="node" hold one copy.
struct SymbolTable
{
    QHash<QByteArray, std::uint32_t> ids;
    std::vector<QByteArray> strings;
    std::vector<std::uint32_t> refs;
    std::vector<std::uint32_t> freeIds;

    static constexpr std::uint32_t kNone = 0xffffffffu;

    std::uint32_t find(const QByteArray& s) const { return ids.value(s, kNone); }

    std::uint32_t intern(const QByteArray& s)
    {
        auto it = ids.constFind(s);
        if (it != ids.constEnd()) {
            ++refs[*it];
            return *it;
        }
        std::uint32_t id;
        if (!freeIds.empty()) {
            id = freeIds.back();
            freeIds.pop_back();
            strings[id] = s;
            refs[id] = 1;
        } else {
            id = std::uint32_t(strings.size());
            strings.push_back(s);
            refs.push_back(1);
        }
        ids.insert(s, id);
        return id;
    }

    void release(std::uint32_t id)
    {
        if (--refs[id] == 0) {
            ids.remove(strings[id]);
            strings[id] = QByteArray();
            freeIds.push_back(id);
        }
    }
};

} // namespace

struct SeriesStore::Impl
{
    Impl()
        : segments(new std::atomic<Segment*>[kMaxSegments])
    { }
    ~Impl()
    {
        for (std::size_t i = 0; i < kMaxSegments; ++i)
            delete segments[i].load(std::memory_order_relaxed);
    }

    Series& at(SeriesRef ref) const
    {
        return segments[ref >> kSegmentBits].load(std::memory_order_acquire)->series[ref & (kSegmentSize - 1)];
    }
    // Null for refs not yet published.
    Series* find(SeriesRef ref) const
    {
        if (ref >= nextRef.load(std::memory_order_acquire))
            return nullptr;
        return &at(ref);
    }

    SeriesRef lookup(const Labels& labels, std::size_t hash) const;
    bool sameLabels(const Series& s, const Labels& labels) const;
    SeriesRef create(const Labels& labels, std::size_t hash);
    void cutHead(Series& s);
    bool appendSample(SeriesRef ref, qint64 ts, double value);
    void removeSeries(std::vector<SeriesRef> dead);
    qint64 budgetBytes() const
    {
        return compressedBytes.load(std::memory_order_relaxed) + headBytes.load(std::memory_order_relaxed)
            + chunkCount.load(std::memory_order_relaxed) * qint64(XorChunk::kOverheadBytes);
    }

    std::unique_ptr<std::atomic<Segment*>[]> segments;
    std::atomic<SeriesRef> nextRef { 0 };

    mutable IndexLock indexLock;
    SymbolTable symbols;
    // name symbol -> value symbol -> sorted refs
    std::unordered_map<std::uint32_t, std::unordered_map<std::uint32_t, Postings>> postings;
    Postings allRefs; // sorted live refs

    // Writer only: labels hash -> refs, to find a series without taking a lock.
    std::unordered_multimap<std::size_t, SeriesRef> byHash;

    std::vector<AppendedSample>* appendLog = nullptr; // writer only
    std::atomic<qint64> maxAgeMs;
    std::atomic<qint64> maxBytes;

    std::atomic<qsizetype> liveSeries { 0 };
    std::atomic<qint64> sampleCount { 0 };
    std::atomic<qint64> compressedBytes { 0 };
    std::atomic<qint64> headBytes { 0 };
    std::atomic<qint64> chunkCount { 0 };
    std::atomic<qint64> appendedTotal { 0 };
    std::atomic<qint64> outOfOrderTotal { 0 };
};

bool SeriesStore::Impl::sameLabels(const Series& s, const Labels& labels) const
{
    if (s.labelSyms.size() != std::size_t(labels.size()) * 2)
        return false;
    std::size_t i = 0;
    for (const Label& l : labels) {
        if (symbols.strings[s.labelSyms[i]] != l.name || symbols.strings[s.labelSyms[i + 1]] != l.value)
            return false;
        i += 2;
    }
    return true;
}

SeriesRef SeriesStore::Impl::lookup(const Labels& labels, std::size_t hash) const
{
    auto [it, end] = byHash.equal_range(hash);
    for (; it != end; ++it) {
        if (sameLabels(at(it->second), labels))
            return it->second;
    }
    return kInvalidSeriesRef;
}

SeriesRef SeriesStore::Impl::create(const Labels& labels, std::size_t hash)
{
    const SeriesRef ref = nextRef.load(std::memory_order_relaxed);
    const std::size_t seg = ref >> kSegmentBits;
    if (seg >= kMaxSegments) {
        qCCritical(lcStore) << "series store: out of series refs; not adding" << labels.toString();
        return kInvalidSeriesRef;
    }
    if (!segments[seg].load(std::memory_order_relaxed))
        segments[seg].store(new Segment, std::memory_order_release);
    // Publish the ref before it can appear in postings, so a reader that
    // selects it can always resolve it.
    nextRef.store(ref + 1, std::memory_order_release);

    Series& s = at(ref);
    {
        std::unique_lock guard(indexLock);
        s.labelSyms.reserve(std::size_t(labels.size()) * 2);
        for (const Label& l : labels) {
            const std::uint32_t name = symbols.intern(l.name);
            const std::uint32_t value = symbols.intern(l.value);
            s.labelSyms.push_back(name);
            s.labelSyms.push_back(value);
            postings[name][value].push_back(ref); // refs only grow, so lists stay sorted
        }
        allRefs.push_back(ref);
        s.live.store(true, std::memory_order_relaxed);
    }
    byHash.emplace(hash, ref);
    bump<qsizetype>(liveSeries, 1);
    return ref;
}

void SeriesStore::Impl::cutHead(Series& s)
{
    ChunkPtr chunk = XorChunk::create(s.head);
    {
        std::lock_guard guard(s.lock);
        s.chunks.push_back(chunk);
        s.head.reset();
    }
    bump<qint64>(headBytes, -qint64(chunk->byteCount()));
    bump<qint64>(compressedBytes, qint64(chunk->byteCount()));
    bump<qint64>(chunkCount, 1);
}

bool SeriesStore::Impl::appendSample(SeriesRef ref, qint64 ts, double value)
{
    if (ref >= nextRef.load(std::memory_order_relaxed))
        return false;
    Series& s = at(ref);
    if (!s.live.load(std::memory_order_relaxed))
        return false;
    if (s.hasLast && ts <= s.lastTs) {
        bump<qint64>(outOfOrderTotal, 1);
        return false;
    }
    const int n = s.head.count();
    if (n >= kChunkSamples || (n > 0 && spanExceeded(s.head.firstTimestamp(), ts)))
        cutHead(s);
    const std::size_t before = s.head.byteCount();
    {
        std::lock_guard guard(s.lock);
        s.head.append(ts, value);
        s.lastTs = ts;
        s.lastValue = value;
        s.hasLast = true;
    }
    s.everAppended = true;
    if (appendLog)
        appendLog->push_back({ ts, value, ref });
    bump<qint64>(headBytes, qint64(s.head.byteCount() - before));
    bump<qint64>(sampleCount, 1);
    bump<qint64>(appendedTotal, 1);
    return true;
}

void SeriesStore::Impl::removeSeries(std::vector<SeriesRef> dead)
{
    if (dead.empty())
        return;
    std::sort(dead.begin(), dead.end());
    const auto isDead = [&](SeriesRef r) { return std::binary_search(dead.begin(), dead.end(), r); };

    for (SeriesRef ref : dead) {
        Series& s = at(ref);
        Labels labels;
        {
            QList<Label> list;
            for (std::size_t i = 0; i < s.labelSyms.size(); i += 2)
                list.append({ symbols.strings[s.labelSyms[i]], symbols.strings[s.labelSyms[i + 1]] });
            labels = Labels::fromSorted(std::move(list));
        }
        auto [it, end] = byHash.equal_range(labels.hash());
        for (; it != end; ++it) {
            if (it->second == ref) {
                byHash.erase(it);
                break;
            }
        }
        std::vector<ChunkPtr> chunks;
        {
            std::lock_guard guard(s.lock);
            chunks.swap(s.chunks);
            bump<qint64>(headBytes, -qint64(s.head.byteCount()));
            bump<qint64>(sampleCount, -qint64(s.head.count()));
            s.head.release();
            s.hasLast = false;
        }
        for (const ChunkPtr& c : chunks) {
            bump<qint64>(compressedBytes, -qint64(c->byteCount()));
            bump<qint64>(sampleCount, -qint64(c->count()));
        }
        bump<qint64>(chunkCount, -qint64(chunks.size()));
    }

    std::unique_lock guard(indexLock);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> touched;
    for (SeriesRef ref : dead) {
        Series& s = at(ref);
        s.live.store(false, std::memory_order_relaxed);
        for (std::size_t i = 0; i < s.labelSyms.size(); i += 2)
            touched.emplace_back(s.labelSyms[i], s.labelSyms[i + 1]);
    }
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    for (const auto& [name, value] : touched) {
        auto nameIt = postings.find(name);
        auto valueIt = nameIt->second.find(value);
        std::erase_if(valueIt->second, isDead);
        if (valueIt->second.empty()) {
            nameIt->second.erase(valueIt);
            if (nameIt->second.empty())
                postings.erase(nameIt);
        }
    }
    std::erase_if(allRefs, isDead);
    // Symbols go last: postings are keyed by their ids.
    for (SeriesRef ref : dead) {
        Series& s = at(ref);
        for (std::uint32_t sym : s.labelSyms)
            symbols.release(sym);
        std::vector<std::uint32_t>().swap(s.labelSyms);
    }
    bump<qsizetype>(liveSeries, -qsizetype(dead.size()));
}

// --- public API ---------------------------------------------------------------

SeriesStore::SeriesStore(RetentionPolicy policy)
    : d(std::make_unique<Impl>())
{
    setRetentionPolicy(policy);
}

SeriesStore::~SeriesStore() = default;

SeriesRef SeriesStore::getOrCreate(const Labels& labels)
{
    const bool normalized
        = std::none_of(labels.begin(), labels.end(), [](const Label& l) { return l.value.isEmpty(); });
    if (!normalized)
        return getOrCreate(Labels::fromUnsorted(labels.list())); // an empty value means absent
    if (labels.isEmpty())
        return kInvalidSeriesRef;
    const std::size_t hash = labels.hash();
    const SeriesRef ref = d->lookup(labels, hash);
    return ref != kInvalidSeriesRef ? ref : d->create(labels, hash);
}

bool SeriesStore::append(SeriesRef ref, qint64 timestampMs, double value)
{
    return d->appendSample(ref, timestampMs, value);
}

bool SeriesStore::append(const Labels& labels, qint64 timestampMs, double value)
{
    const SeriesRef ref = getOrCreate(labels);
    return ref != kInvalidSeriesRef && d->appendSample(ref, timestampMs, value);
}

void SeriesStore::setAppendLog(std::vector<AppendedSample>* log)
{
    d->appendLog = log;
}

void SeriesStore::markStale(SeriesRef ref, qint64 timestampMs)
{
    d->appendSample(ref, timestampMs, staleNaN());
}

void SeriesStore::applyRetention(qint64 nowMs)
{
    const qint64 maxAge = d->maxAgeMs.load(std::memory_order_relaxed);
    const qint64 maxBytes = d->maxBytes.load(std::memory_order_relaxed);
    std::vector<SeriesRef> dead;
    // The writer is the only mutator of allRefs, so it reads it unlocked.
    const Postings live = d->allRefs;

    qint64 cutoff;
    if (maxAge > 0 && !__builtin_sub_overflow(nowMs, maxAge, &cutoff)) {
        for (SeriesRef ref : live) {
            Series& s = d->at(ref);
            std::size_t drop = 0;
            while (drop < s.chunks.size() && s.chunks[drop]->maxTime() < cutoff)
                ++drop;
            const bool dropHead = s.head.count() > 0 && s.head.lastTimestamp() < cutoff;
            if (drop == 0 && !dropHead && s.floorTs >= cutoff)
                continue;
            std::vector<ChunkPtr> dropped; // freed outside the lock
            int headSamples = 0;
            std::size_t headSize = 0;
            {
                std::lock_guard guard(s.lock);
                dropped.assign(std::make_move_iterator(s.chunks.begin()),
                    std::make_move_iterator(s.chunks.begin() + qsizetype(drop)));
                s.chunks.erase(s.chunks.begin(), s.chunks.begin() + qsizetype(drop));
                if (dropHead) {
                    headSamples = s.head.count();
                    headSize = s.head.byteCount();
                    s.head.release();
                }
                s.floorTs = std::max(s.floorTs, cutoff);
            }
            for (const ChunkPtr& c : dropped) {
                bump<qint64>(d->compressedBytes, -qint64(c->byteCount()));
                bump<qint64>(d->sampleCount, -qint64(c->count()));
            }
            bump<qint64>(d->chunkCount, -qint64(dropped.size()));
            bump<qint64>(d->headBytes, -qint64(headSize));
            bump<qint64>(d->sampleCount, -qint64(headSamples));
            if (s.everAppended && s.chunks.empty() && s.head.count() == 0)
                dead.push_back(ref);
        }
    }

    if (maxBytes > 0 && d->budgetBytes() > maxBytes) {
        // Oldest closed chunk across all series first; open heads stay, since
        // dropping them would cut live series.
        using Entry = std::pair<qint64, SeriesRef>; // first chunk's maxTime
        std::priority_queue<Entry, std::vector<Entry>, std::greater<>> oldest;
        for (SeriesRef ref : live) {
            const Series& s = d->at(ref);
            if (!s.chunks.empty())
                oldest.emplace(s.chunks.front()->maxTime(), ref);
        }
        while (d->budgetBytes() > maxBytes && !oldest.empty()) {
            const SeriesRef ref = oldest.top().second;
            oldest.pop();
            Series& s = d->at(ref);
            ChunkPtr chunk;
            {
                std::lock_guard guard(s.lock);
                chunk = std::move(s.chunks.front());
                s.chunks.erase(s.chunks.begin());
                s.floorTs = std::max(s.floorTs, chunk->maxTime() + 1);
            }
            bump<qint64>(d->compressedBytes, -qint64(chunk->byteCount()));
            bump<qint64>(d->sampleCount, -qint64(chunk->count()));
            bump<qint64>(d->chunkCount, -1);
            if (!s.chunks.empty())
                oldest.emplace(s.chunks.front()->maxTime(), ref);
            else if (s.everAppended && s.head.count() == 0)
                dead.push_back(ref);
        }
        if (d->budgetBytes() > maxBytes)
            qCWarning(lcStore) << "series store: open head chunks alone use" << d->budgetBytes()
                               << "bytes, over the budget of" << maxBytes;
    }

    std::sort(dead.begin(), dead.end());
    dead.erase(std::unique(dead.begin(), dead.end()), dead.end());
    d->removeSeries(std::move(dead));
}

void SeriesStore::setRetentionPolicy(const RetentionPolicy& policy)
{
    d->maxAgeMs.store(policy.maxAgeMs, std::memory_order_relaxed);
    d->maxBytes.store(policy.maxBytes, std::memory_order_relaxed);
}

RetentionPolicy SeriesStore::retentionPolicy() const
{
    return { d->maxAgeMs.load(std::memory_order_relaxed), d->maxBytes.load(std::memory_order_relaxed) };
}

QList<SeriesRef> SeriesStore::select(const QList<LabelMatcher>& matchers) const
{
    for (const LabelMatcher& m : matchers) {
        if (!m.isValid())
            return {};
    }
    std::shared_lock guard(d->indexLock);
    const auto& symbols = d->symbols;

    std::vector<Postings> owned; // unions built for this query
    owned.reserve(std::size_t(matchers.size()));
    std::vector<const Postings*> required; // result is inside each
    std::vector<const Postings*> excluded; // result is outside each
    std::vector<const Postings*> lists;

    for (const LabelMatcher& m : matchers) {
        const std::uint32_t nameId = symbols.find(m.name());
        const auto nameIt = nameId == SymbolTable::kNone ? d->postings.end() : d->postings.find(nameId);
        const bool haveName = nameIt != d->postings.end();
        const bool matchesEmpty = m.matchesEmpty();

        if (!matchesEmpty) {
            // Only series carrying a matching value qualify.
            if (!haveName)
                return {};
            if (m.type() == LabelMatcher::Type::Equal) {
                const std::uint32_t valueId = symbols.find(m.value());
                const auto valueIt = nameIt->second.find(valueId);
                if (valueIt == nameIt->second.end())
                    return {};
                required.push_back(&valueIt->second);
                continue;
            }
            lists.clear();
            const ValueMatcher matches(m);
            for (const auto& [valueId, refs] : nameIt->second) {
                if (matches(symbols.strings[valueId]))
                    lists.push_back(&refs);
            }
            if (lists.empty())
                return {};
            owned.push_back(unionOf(lists));
            required.push_back(&owned.back());
        } else {
            // Series without the label match; drop those whose value fails.
            if (!haveName)
                continue;
            if (m.type() == LabelMatcher::Type::NotEqual) {
                const auto valueIt = nameIt->second.find(symbols.find(m.value()));
                if (valueIt != nameIt->second.end())
                    excluded.push_back(&valueIt->second);
                continue;
            }
            lists.clear();
            const ValueMatcher matches(m);
            for (const auto& [valueId, refs] : nameIt->second) {
                if (!matches(symbols.strings[valueId]))
                    lists.push_back(&refs);
            }
            if (!lists.empty()) {
                owned.push_back(unionOf(lists));
                excluded.push_back(&owned.back());
            }
        }
    }

    Postings result;
    if (required.empty()) {
        result = d->allRefs;
    } else {
        std::sort(required.begin(), required.end(), [](auto* a, auto* b) { return a->size() < b->size(); });
        result = *required.front();
        for (std::size_t i = 1; i < required.size() && !result.empty(); ++i)
            result = intersect(result, *required[i]);
    }
    for (const Postings* p : excluded)
        subtract(result, *p);
    guard.unlock();
    return QList<SeriesRef>(result.begin(), result.end());
}

Labels SeriesStore::labels(SeriesRef ref) const
{
    const Series* s = d->find(ref);
    if (!s)
        return {};
    std::shared_lock guard(d->indexLock);
    QList<Label> list;
    list.reserve(qsizetype(s->labelSyms.size() / 2));
    for (std::size_t i = 0; i < s->labelSyms.size(); i += 2)
        list.append({ d->symbols.strings[s->labelSyms[i]], d->symbols.strings[s->labelSyms[i + 1]] });
    return Labels::fromSorted(std::move(list));
}

bool SeriesStore::contains(SeriesRef ref) const
{
    const Series* s = d->find(ref);
    return s && s->live.load(std::memory_order_relaxed);
}

QList<Sample> SeriesStore::read(SeriesRef ref, qint64 minTs, qint64 maxTs) const
{
    const Series* s = d->find(ref);
    if (!s || minTs > maxTs)
        return {};

    // Copy what the range needs under the series lock, decode after.
    QVarLengthArray<ChunkPtr, 64> chunks;
    QVarLengthArray<std::uint8_t, 512> head;
    int headCount = 0;
    {
        std::lock_guard guard(s->lock);
        minTs = std::max(minTs, s->floorTs);
        if (minTs > maxTs)
            return {};
        const auto first = std::partition_point(
            s->chunks.begin(), s->chunks.end(), [&](const ChunkPtr& c) { return c->maxTime() < minTs; });
        for (auto it = first; it != s->chunks.end() && (*it)->minTime() <= maxTs; ++it)
            chunks.append(*it);
        const XorEncoder& h = s->head;
        if (h.count() > 0 && h.firstTimestamp() <= maxTs && h.lastTimestamp() >= minTs) {
            head.append(h.data(), qsizetype(h.byteCount()));
            headCount = h.count();
        }
    }

    qsizetype capacity = headCount;
    for (const ChunkPtr& c : chunks)
        capacity += c->count();
    QList<Sample> out;
    out.resize(capacity);
    Sample* p = out.data();
    std::size_t n = 0;
    for (const ChunkPtr& c : chunks)
        n += c->decode(minTs, maxTs, p + n);
    if (headCount)
        n += gorilla::decodeRange(head.data(), std::size_t(head.size()), headCount, minTs, maxTs, p + n);
    out.resize(qsizetype(n));
    return out;
}

std::optional<Sample> SeriesStore::last(SeriesRef ref) const
{
    const Series* s = d->find(ref);
    if (!s)
        return std::nullopt;
    std::lock_guard guard(s->lock);
    if (!s->hasLast || s->lastTs < s->floorTs)
        return std::nullopt;
    return Sample { s->lastTs, s->lastValue };
}

QList<QByteArray> SeriesStore::labelNames() const
{
    QList<QByteArray> names;
    {
        std::shared_lock guard(d->indexLock);
        names.reserve(qsizetype(d->postings.size()));
        for (const auto& entry : d->postings)
            names.append(d->symbols.strings[entry.first]);
    }
    std::sort(names.begin(), names.end());
    return names;
}

QList<QByteArray> SeriesStore::labelValues(QByteArrayView name) const
{
    QList<QByteArray> values;
    {
        std::shared_lock guard(d->indexLock);
        const auto it = d->postings.find(d->symbols.find(name.toByteArray()));
        if (it == d->postings.end())
            return {};
        values.reserve(qsizetype(it->second.size()));
        for (const auto& entry : it->second)
            values.append(d->symbols.strings[entry.first]);
    }
    std::sort(values.begin(), values.end());
    return values;
}

StoreStats SeriesStore::stats() const
{
    StoreStats st;
    st.seriesCount = d->liveSeries.load(std::memory_order_relaxed);
    st.sampleCount = d->sampleCount.load(std::memory_order_relaxed);
    st.compressedBytes = d->compressedBytes.load(std::memory_order_relaxed);
    st.headBytes = d->headBytes.load(std::memory_order_relaxed);
    st.appendedTotal = d->appendedTotal.load(std::memory_order_relaxed);
    st.outOfOrderTotal = d->outOfOrderTotal.load(std::memory_order_relaxed);
    return st;
}

} // namespace opsdeck::metrics
