#include "cache/ReplacementPolicy.h"

#include <atomic>
#include <list>
#include <unordered_map>

namespace opsdeck::cache {

QString policyName(PolicyKind kind)
{
    switch (kind) {
    case PolicyKind::Lru:
        return QStringLiteral("lru");
    case PolicyKind::Sieve:
        return QStringLiteral("sieve");
    case PolicyKind::S3Fifo:
        return QStringLiteral("s3fifo");
    case PolicyKind::TinyLfu:
        return QStringLiteral("tinylfu");
    }
    return {};
}

std::optional<PolicyKind> policyFromName(QStringView name)
{
    for (PolicyKind kind : allPolicies())
        if (name.compare(policyName(kind), Qt::CaseInsensitive) == 0)
            return kind;
    return std::nullopt;
}

const QList<PolicyKind>& allPolicies()
{
    static const QList<PolicyKind> kinds { PolicyKind::Lru, PolicyKind::Sieve, PolicyKind::S3Fifo,
        PolicyKind::TinyLfu };
    return kinds;
}

namespace {

// ---------------------------------------------------------------- LRU

class LruPolicy final : public ReplacementPolicy
{
public:
    explicit LruPolicy(qint64 capacity)
        : ReplacementPolicy(capacity)
    { }
    PolicyKind kind() const override { return PolicyKind::Lru; }
    bool concurrentHits() const override { return false; }

    void hit(quint64 key) override
    {
        const auto it = m_index.find(key);
        if (it != m_index.end())
            m_list.splice(m_list.begin(), m_list, it->second);
    }

    void insert(quint64 key, qint64 weight, std::vector<quint64>* evicted) override
    {
        if (weight > m_capacity) {
            evicted->push_back(key);
            return;
        }
        evictToFit(m_capacity - weight, evicted);
        m_list.push_front(Node { key, weight });
        m_index.emplace(key, m_list.begin());
        m_weight += weight;
    }

    void update(quint64 key, qint64 weight, std::vector<quint64>* evicted) override
    {
        const auto it = m_index.find(key);
        if (it == m_index.end())
            return insert(key, weight, evicted);
        m_weight += weight - it->second->weight;
        it->second->weight = weight;
        m_list.splice(m_list.begin(), m_list, it->second);
        evictToFit(m_capacity, evicted);
    }

    void remove(quint64 key) override
    {
        const auto it = m_index.find(key);
        if (it == m_index.end())
            return;
        m_weight -= it->second->weight;
        m_list.erase(it->second);
        m_index.erase(it);
    }

    qint64 weight() const override { return m_weight; }
    qint64 count() const override { return qint64(m_index.size()); }
    void setCapacity(qint64 capacity, std::vector<quint64>* evicted) override
    {
        m_capacity = std::max<qint64>(1, capacity);
        evictToFit(m_capacity, evicted);
    }

private:
    struct Node
    {
        quint64 key;
        qint64 weight;
    };

    void evictToFit(qint64 limit, std::vector<quint64>* evicted)
    {
        while (m_weight > limit && !m_list.empty()) {
            const Node& victim = m_list.back();
            evicted->push_back(victim.key);
            m_weight -= victim.weight;
            m_index.erase(victim.key);
            m_list.pop_back();
        }
    }

    std::list<Node> m_list; // front: most recently used
    std::unordered_map<quint64, std::list<Node>::iterator> m_index;
    qint64 m_weight = 0;
};

// ---------------------------------------------------------------- SIEVE (NSDI'24, Algorithm 1)

class SievePolicy final : public ReplacementPolicy
{
public:
    explicit SievePolicy(qint64 capacity)
        : ReplacementPolicy(capacity)
    { }
    PolicyKind kind() const override { return PolicyKind::Sieve; }
    bool concurrentHits() const override { return true; }

    void hit(quint64 key) override
    {
        const auto it = m_index.find(key);
        if (it != m_index.end() && !it->second->visited.load(std::memory_order_relaxed))
            it->second->visited.store(true, std::memory_order_relaxed);
    }

    void insert(quint64 key, qint64 weight, std::vector<quint64>* evicted) override
    {
        if (weight > m_capacity) {
            evicted->push_back(key);
            return;
        }
        while (m_weight + weight > m_capacity && !m_list.empty())
            evictOne(evicted);
        m_list.emplace_front(key, weight);
        m_index.emplace(key, m_list.begin());
        m_weight += weight;
    }

    void update(quint64 key, qint64 weight, std::vector<quint64>* evicted) override
    {
        const auto it = m_index.find(key);
        if (it == m_index.end())
            return insert(key, weight, evicted);
        m_weight += weight - it->second->weight;
        it->second->weight = weight;
        it->second->visited.store(true, std::memory_order_relaxed);
        while (m_weight > m_capacity && !m_list.empty())
            evictOne(evicted);
    }

    void remove(quint64 key) override
    {
        const auto it = m_index.find(key);
        if (it == m_index.end())
            return;
        erase(it->second);
    }

    qint64 weight() const override { return m_weight; }
    qint64 count() const override { return qint64(m_index.size()); }
    void setCapacity(qint64 capacity, std::vector<quint64>* evicted) override
    {
        m_capacity = std::max<qint64>(1, capacity);
        while (m_weight > m_capacity && !m_list.empty())
            evictOne(evicted);
    }

private:
    struct Node
    {
        Node(quint64 k, qint64 w)
            : key(k)
            , weight(w)
        { }
        quint64 key;
        qint64 weight;
        std::atomic<bool> visited { false };
    };
    using Iter = std::list<Node>::iterator;

    // The hand walks from the tail (oldest) towards the head and wraps.
    Iter towardsHead(Iter it) { return it == m_list.begin() ? m_list.end() : std::prev(it); }

    void evictOne(std::vector<quint64>* evicted)
    {
        Iter hand = m_hand == m_list.end() ? std::prev(m_list.end()) : m_hand;
        while (hand->visited.load(std::memory_order_relaxed)) {
            hand->visited.store(false, std::memory_order_relaxed);
            hand = towardsHead(hand);
            if (hand == m_list.end())
                hand = std::prev(m_list.end());
        }
        evicted->push_back(hand->key);
        erase(hand);
    }

    void erase(Iter it)
    {
        if (it == m_hand)
            m_hand = towardsHead(it);
        m_weight -= it->weight;
        m_index.erase(it->key);
        m_list.erase(it);
    }

    std::list<Node> m_list; // front: newest
    std::unordered_map<quint64, Iter> m_index;
    Iter m_hand = m_list.end();
    qint64 m_weight = 0;
};

// ---------------------------------------------------------------- S3-FIFO (SOSP'23, Algorithm 1)

class S3FifoPolicy final : public ReplacementPolicy
{
public:
    explicit S3FifoPolicy(qint64 capacity)
        : ReplacementPolicy(capacity)
        , m_smallCapacity(std::max<qint64>(1, capacity / 10))
        , m_mainCapacity(std::max<qint64>(1, capacity - m_smallCapacity))
    { }
    PolicyKind kind() const override { return PolicyKind::S3Fifo; }
    bool concurrentHits() const override { return true; }

    void hit(quint64 key) override
    {
        const auto it = m_index.find(key);
        if (it == m_index.end())
            return;
        // A capped 2-bit counter; a lost race loses one increment, which the paper allows.
        const quint8 f = it->second->freq.load(std::memory_order_relaxed);
        if (f < 3)
            it->second->freq.store(quint8(f + 1), std::memory_order_relaxed);
    }

    void insert(quint64 key, qint64 weight, std::vector<quint64>* evicted) override
    {
        if (weight > m_capacity) {
            evicted->push_back(key);
            return;
        }
        while (m_smallWeight + m_mainWeight + weight > m_capacity && !(m_small.empty() && m_main.empty()))
            evictOne(evicted);
        const auto ghost = m_ghostIndex.find(key);
        if (ghost != m_ghostIndex.end()) {
            m_ghostWeight -= ghost->second->second;
            m_ghost.erase(ghost->second);
            m_ghostIndex.erase(ghost);
            m_main.emplace_front(key, weight, true);
            m_index.emplace(key, m_main.begin());
            m_mainWeight += weight;
        } else {
            m_small.emplace_front(key, weight, false);
            m_index.emplace(key, m_small.begin());
            m_smallWeight += weight;
        }
    }

    void update(quint64 key, qint64 weight, std::vector<quint64>* evicted) override
    {
        const auto it = m_index.find(key);
        if (it == m_index.end())
            return insert(key, weight, evicted);
        (it->second->inMain ? m_mainWeight : m_smallWeight) += weight - it->second->weight;
        it->second->weight = weight;
        hit(key);
        while (m_smallWeight + m_mainWeight > m_capacity && !(m_small.empty() && m_main.empty()))
            evictOne(evicted);
    }

    void remove(quint64 key) override
    {
        const auto it = m_index.find(key);
        if (it == m_index.end())
            return;
        const Iter node = it->second;
        m_index.erase(it);
        if (node->inMain) {
            m_mainWeight -= node->weight;
            m_main.erase(node);
        } else {
            m_smallWeight -= node->weight;
            m_small.erase(node);
        }
    }

    qint64 weight() const override { return m_smallWeight + m_mainWeight; }
    qint64 count() const override { return qint64(m_index.size()); }
    void setCapacity(qint64 capacity, std::vector<quint64>* evicted) override
    {
        m_capacity = std::max<qint64>(1, capacity);
        m_smallCapacity = std::max<qint64>(1, m_capacity / 10);
        m_mainCapacity = std::max<qint64>(1, m_capacity - m_smallCapacity);
        while (m_smallWeight + m_mainWeight > m_capacity && !(m_small.empty() && m_main.empty()))
            evictOne(evicted);
        trimGhost();
    }

private:
    struct Node
    {
        Node(quint64 k, qint64 w, bool main)
            : key(k)
            , weight(w)
            , inMain(main)
        { }
        quint64 key;
        qint64 weight;
        std::atomic<quint8> freq { 0 };
        bool inMain;
    };
    using Iter = std::list<Node>::iterator;

    void evictOne(std::vector<quint64>* evicted)
    {
        if (!m_small.empty() && (m_smallWeight >= m_smallCapacity || m_main.empty()))
            evictSmall(evicted);
        else
            evictMain(evicted);
    }

    // The small queue's tail moves to main when it was hit while in small, else
    // leaves for the ghost queue. Ends after one key left the cache.
    void evictSmall(std::vector<quint64>* evicted)
    {
        while (!m_small.empty()) {
            const Iter tail = std::prev(m_small.end());
            if (tail->freq.load(std::memory_order_relaxed) >= 1) {
                tail->freq.store(0, std::memory_order_relaxed);
                tail->inMain = true;
                m_smallWeight -= tail->weight;
                m_mainWeight += tail->weight;
                m_main.splice(m_main.begin(), m_small, tail);
                if (m_mainWeight > m_mainCapacity) {
                    evictMain(evicted);
                    return;
                }
            } else {
                addGhost(tail->key, tail->weight);
                evicted->push_back(tail->key);
                m_smallWeight -= tail->weight;
                m_index.erase(tail->key);
                m_small.erase(tail);
                return;
            }
        }
        evictMain(evicted);
    }

    // FIFO with reinsertion: a key hit since its last pass goes round again with one hit less.
    void evictMain(std::vector<quint64>* evicted)
    {
        while (!m_main.empty()) {
            const Iter tail = std::prev(m_main.end());
            const quint8 f = tail->freq.load(std::memory_order_relaxed);
            if (f > 0) {
                tail->freq.store(quint8(f - 1), std::memory_order_relaxed);
                m_main.splice(m_main.begin(), m_main, tail);
            } else {
                evicted->push_back(tail->key);
                m_mainWeight -= tail->weight;
                m_index.erase(tail->key);
                m_main.erase(tail);
                return;
            }
        }
    }

    // The ghost queue remembers as many bytes of keys as main holds.
    void addGhost(quint64 key, qint64 weight)
    {
        if (m_ghostIndex.count(key))
            return;
        m_ghost.emplace_front(key, weight);
        m_ghostIndex.emplace(key, m_ghost.begin());
        m_ghostWeight += weight;
        trimGhost();
    }

    void trimGhost()
    {
        while (m_ghostWeight > m_mainCapacity && !m_ghost.empty()) {
            m_ghostWeight -= m_ghost.back().second;
            m_ghostIndex.erase(m_ghost.back().first);
            m_ghost.pop_back();
        }
    }

    qint64 m_smallCapacity;
    qint64 m_mainCapacity;
    std::list<Node> m_small; // front: newest
    std::list<Node> m_main;
    std::unordered_map<quint64, Iter> m_index;
    std::list<std::pair<quint64, qint64>> m_ghost;
    std::unordered_map<quint64, std::list<std::pair<quint64, qint64>>::iterator> m_ghostIndex;
    qint64 m_smallWeight = 0;
    qint64 m_mainWeight = 0;
    qint64 m_ghostWeight = 0;
};

// ---------------------------------------------------------------- W-TinyLFU

// Count-min sketch of 4 rows with saturating 4-bit counters (kept one per
// byte for simplicity); every 10 x width increments all counters halve, so
// the frequency ages (TinyLFU's "reset" operation).
class FrequencySketch
{
public:
    void ensureCapacity(qint64 entries)
    {
        quint64 width = 16;
        while (width < quint64(entries))
            width <<= 1;
        if (width <= m_width)
            return;
        m_width = width;
        m_table.assign(size_t(width) * kRows, 0);
        m_sampleSize = qint64(width) * 10;
        m_additions = 0;
    }

    void increment(quint64 key)
    {
        bool added = false;
        for (int row = 0; row < kRows; ++row) {
            quint8& c = m_table[slot(row, key)];
            if (c < 15) {
                ++c;
                added = true;
            }
        }
        if (added && ++m_additions >= m_sampleSize) {
            for (quint8& c : m_table)
                c >>= 1;
            m_additions /= 2;
        }
    }

    int frequency(quint64 key) const
    {
        int f = 15;
        for (int row = 0; row < kRows; ++row)
            f = std::min<int>(f, m_table[slot(row, key)]);
        return f;
    }

private:
    static constexpr int kRows = 4;
    static quint64 mix(quint64 x)
    { // splitmix64's finalizer
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9ULL;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebULL;
        return x ^ (x >> 31);
    }
    size_t slot(int row, quint64 key) const
    {
        const quint64 h = mix(key + 0x9e3779b97f4a7c15ULL * quint64(row + 1));
        return size_t(row) * size_t(m_width) + size_t(h & (m_width - 1));
    }

    std::vector<quint8> m_table;
    quint64 m_width = 0;
    qint64 m_sampleSize = 0;
    qint64 m_additions = 0;
};

class TinyLfuPolicy final : public ReplacementPolicy
{
public:
    explicit TinyLfuPolicy(qint64 capacity)
        : ReplacementPolicy(capacity)
        , m_windowCapacity(std::max<qint64>(1, capacity / 100))
        , m_protectedCapacity(std::max<qint64>(1, (capacity - m_windowCapacity) * 8 / 10))
    {
        m_sketch.ensureCapacity(64);
    }
    PolicyKind kind() const override { return PolicyKind::TinyLfu; }
    bool concurrentHits() const override { return false; }

    void hit(quint64 key) override
    {
        m_sketch.increment(key);
        const auto it = m_index.find(key);
        if (it != m_index.end())
            touch(it->second);
    }

    void insert(quint64 key, qint64 weight, std::vector<quint64>* evicted) override
    {
        m_sketch.increment(key);
        if (weight > m_capacity) {
            evicted->push_back(key);
            return;
        }
        m_window.emplace_front(key, weight, Segment::Window);
        m_index.emplace(key, m_window.begin());
        m_windowWeight += weight;
        m_sketch.ensureCapacity(count());

        // Window overflow: its LRU entries become candidates at probation's MRU end.
        std::vector<Iter> candidates;
        while (m_windowWeight > m_windowCapacity && m_window.size() > 1) {
            const Iter last = std::prev(m_window.end());
            move(last, Segment::Probation);
            last->candidate = true;
            candidates.push_back(last);
        }
        // Over capacity: each candidate duels main's victim on frequency (TinyLFU admission).
        while (weight_() > m_capacity) {
            std::list<Node>& victims = !m_probation.empty() ? m_probation
                : !m_protected.empty()                      ? m_protected
                                                            : m_window;
            const Iter victim = std::prev(victims.end());
            Iter loser = victim;
            if (!candidates.empty() && !victim->candidate) {
                const Iter candidate = candidates.back();
                if (m_sketch.frequency(candidate->key) <= m_sketch.frequency(victim->key))
                    loser = candidate;
            }
            if (loser->candidate)
                std::erase(candidates, loser);
            evicted->push_back(loser->key);
            erase(loser);
        }
        for (const Iter& c : candidates)
            c->candidate = false;
    }

    void update(quint64 key, qint64 weight, std::vector<quint64>* evicted) override
    {
        const auto it = m_index.find(key);
        if (it == m_index.end())
            return insert(key, weight, evicted);
        segmentWeight(it->second->segment) += weight - it->second->weight;
        it->second->weight = weight;
        hit(key);
        evictOverCapacity(evicted);
    }

    void remove(quint64 key) override
    {
        const auto it = m_index.find(key);
        if (it != m_index.end())
            erase(it->second);
    }

    qint64 weight() const override { return weight_(); }
    qint64 count() const override { return qint64(m_index.size()); }
    void setCapacity(qint64 capacity, std::vector<quint64>* evicted) override
    {
        m_capacity = std::max<qint64>(1, capacity);
        m_windowCapacity = std::max<qint64>(1, m_capacity / 100);
        m_protectedCapacity = std::max<qint64>(1, (m_capacity - m_windowCapacity) * 8 / 10);
        evictOverCapacity(evicted);
    }

private:
    // Main's victims first (probation, then protected), the window last.
    void evictOverCapacity(std::vector<quint64>* evicted)
    {
        while (weight_() > m_capacity) {
            std::list<Node>& victims = !m_probation.empty() ? m_probation
                : !m_protected.empty()                      ? m_protected
                                                            : m_window;
            const Iter victim = std::prev(victims.end());
            evicted->push_back(victim->key);
            erase(victim);
        }
    }

    enum class Segment : quint8 { Window, Probation, Protected };
    struct Node
    {
        Node(quint64 k, qint64 w, Segment s)
            : key(k)
            , weight(w)
            , segment(s)
        { }
        quint64 key;
        qint64 weight;
        Segment segment;
        bool candidate = false;
    };
    using Iter = std::list<Node>::iterator;

    qint64 weight_() const { return m_windowWeight + m_probationWeight + m_protectedWeight; }
    std::list<Node>& segmentList(Segment s)
    {
        return s == Segment::Window ? m_window : s == Segment::Probation ? m_probation : m_protected;
    }
    qint64& segmentWeight(Segment s)
    {
        return s == Segment::Window   ? m_windowWeight
            : s == Segment::Probation ? m_probationWeight
                                      : m_protectedWeight;
    }

    void move(Iter it, Segment to)
    {
        segmentWeight(it->segment) -= it->weight;
        segmentWeight(to) += it->weight;
        segmentList(to).splice(segmentList(to).begin(), segmentList(it->segment), it);
        it->segment = to;
    }

    // SLRU: a hit in probation promotes to protected, whose overflow is demoted back.
    void touch(Iter it)
    {
        switch (it->segment) {
        case Segment::Window:
        case Segment::Protected:
            segmentList(it->segment).splice(segmentList(it->segment).begin(), segmentList(it->segment), it);
            break;
        case Segment::Probation:
            move(it, Segment::Protected);
            while (m_protectedWeight > m_protectedCapacity && m_protected.size() > 1)
                move(std::prev(m_protected.end()), Segment::Probation);
            break;
        }
    }

    void erase(Iter it)
    {
        segmentWeight(it->segment) -= it->weight;
        m_index.erase(it->key);
        segmentList(it->segment).erase(it);
    }

    qint64 m_windowCapacity;
    qint64 m_protectedCapacity;
    FrequencySketch m_sketch;
    std::list<Node> m_window, m_probation, m_protected; // front: most recent
    std::unordered_map<quint64, Iter> m_index;
    qint64 m_windowWeight = 0, m_probationWeight = 0, m_protectedWeight = 0;
};

} // namespace

std::unique_ptr<ReplacementPolicy> ReplacementPolicy::create(PolicyKind kind, qint64 capacity)
{
    switch (kind) {
    case PolicyKind::Lru:
        return std::make_unique<LruPolicy>(capacity);
    case PolicyKind::Sieve:
        return std::make_unique<SievePolicy>(capacity);
    case PolicyKind::S3Fifo:
        return std::make_unique<S3FifoPolicy>(capacity);
    case PolicyKind::TinyLfu:
        return std::make_unique<TinyLfuPolicy>(capacity);
    }
    return nullptr;
}

} // namespace opsdeck::cache
