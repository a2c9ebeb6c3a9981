#pragma once

#include <QList>
#include <QString>
#include <QStringView>
#include <QtGlobal>

#include <memory>
#include <optional>
#include <vector>

// The eviction and admission policies of the L1 memory cache, shared by the
// cache itself (one instance per shard) and by `opsdeck cache simulate`, so a
// policy is judged offline by exactly the code that runs online.
//
// A policy sees keys as 64-bit numbers (a hash in the cache, a dense id in the
// simulator) and weights (bytes in the cache, 1 in the simulator); it decides
// which keys stay resident within its capacity and never holds values. It is
// not thread-safe: the owning shard locks it, except hit() of a policy whose
// concurrentHits() is true, which may run concurrently with other hit() calls
// under a shared lock (it only flips atomic bits).
//
// Policies (the names are the ones `--policy` and the config accept):
// - lru: recency list; every hit relinks a node, so hits need the exclusive lock.
// - sieve: SIEVE (Zhang et al., "SIEVE is Simpler than LRU", NSDI'24): one FIFO,
//   a visited bit and a moving hand; a hit only sets the bit.
// - s3fifo: S3-FIFO (Yang et al., "FIFO queues are all you need for cache
//   eviction", SOSP'23): a small FIFO (10 % of the bytes) that filters
//   one-hit wonders, a main FIFO with 2-bit reinsertion and a ghost FIFO of
//   recently evicted keys that readmits straight into main.
// - tinylfu: W-TinyLFU (Einziger, Friedman, Manes, "TinyLFU: A Highly
//   Efficient Cache Admission Policy", ACM ToS 2017; Caffeine's design): a 1 %
//   LRU window, a segmented LRU main (20 % probation, 80 % protected) and a
//   4-bit count-min sketch with periodic halving that admits a window victim
//   into main only when it is more frequent than main's victim. The window
//   size is fixed; Caffeine's adaptive hill climber is not reproduced.
//
// The L1 default is s3fifo. Why: on the S3-FIFO paper's 6,594 traces it had the
// lowest mean miss ratio on 10 of 14 datasets, with W-TinyLFU second; it resists
// scans because a scanned key leaves through the small queue without touching
// main; and a hit costs one relaxed atomic increment, so gets from several
// threads share a shard's read lock, where LRU and W-TinyLFU must relink lists
// on every hit (Caffeine needs read buffers and a maintenance thread to hide
// that). Its authors note TinyLFU wins on block-I/O traces; frequency can also
// lose to plain recency (caffeine#106), which is why `opsdeck cache simulate`
// replays any recorded trace through all of them and Belady's optimum.
namespace opsdeck::cache {

enum class PolicyKind { Lru, Sieve, S3Fifo, TinyLfu };

QString policyName(PolicyKind kind);
std::optional<PolicyKind> policyFromName(QStringView name);
// Every policy, in the order tables print them.
const QList<PolicyKind>& allPolicies();

class ReplacementPolicy
{
public:
    virtual ~ReplacementPolicy() = default;

    static std::unique_ptr<ReplacementPolicy> create(PolicyKind kind, qint64 capacity);

    virtual PolicyKind kind() const = 0;
    // True when hit() may run concurrently with other hit() calls (but never
    // with insert/update/remove).
    virtual bool concurrentHits() const = 0;

    // An access to a resident key.
    virtual void hit(quint64 key) = 0;
    // An access that missed and now makes key (not resident) resident with weight.
    // Keys that leave to make room are appended to evicted; that may include key
    // itself when the policy does not admit it or it is heavier than the capacity.
    virtual void insert(quint64 key, qint64 weight, std::vector<quint64>* evicted) = 0;
    // A resident key's weight changed (its value was replaced); counts as a hit.
    virtual void update(quint64 key, qint64 weight, std::vector<quint64>* evicted) = 0;
    // Forgets a resident key (expired or deleted); not an eviction.
    virtual void remove(quint64 key) = 0;

    virtual qint64 weight() const = 0; // total weight of the resident keys
    virtual qint64 count() const = 0; // resident keys
    qint64 capacity() const { return m_capacity; }
    // A new budget (L1's dynamic sizing): shrinking evicts, in the policy's own
    // order, what no longer fits (appended to evicted); growing only makes room.
    // The queues' shares (S3-FIFO's small 10 %, W-TinyLFU's window 1 % and
    // protected 80 %) follow the new capacity.
    virtual void setCapacity(qint64 capacity, std::vector<quint64>* evicted) = 0;

protected:
    explicit ReplacementPolicy(qint64 capacity)
        : m_capacity(capacity)
    { }
    qint64 m_capacity;
};

} // namespace opsdeck::cache
