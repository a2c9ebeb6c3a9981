#pragma once

#include <QByteArray>
#include <QtGlobal>

// A short lease across consoles sharing one cache (Facebook's memcache leases,
// Nishtala et al., "Scaling Memcache at Facebook", NSDI 2013): the console
// that misses first computes, the others wait a bounded time for its value
// instead of all hitting the source at once. MultiLevelCache asks for one on
// a full miss, after single-flight has already collapsed the misses inside
// this engine. A lease is advisory: Unavailable (the shared store is down or
// failing) means "compute without one", never "fail".
namespace opsdeck::cache {

class CacheLease
{
public:
    enum class Result {
        Acquired, // this caller computes; release() afterwards
        Busy, // another console holds it: wait for its value (bounded), then compute anyway
        Unavailable, // no lease service right now: compute
    };
    virtual ~CacheLease() = default;
    virtual Result tryAcquire(const QByteArray& key, qint64 ttlMs) = 0;
    // Releases a lease this object acquired for key (and only if it still holds it).
    virtual void release(const QByteArray& key) = 0;
};

} // namespace opsdeck::cache
