#pragma once

#include <QtGlobal>

#include <vector>

// Test fixture: deterministic key traces for the cache tests and bench. A Zipf
// popularity over `keys` ids (inverse CDF over raw std::mt19937_64 output, no
// std:: distributions, so the same options give the same trace everywhere),
// interrupted every `scanEvery` requests by a scan of `scanLength` ids never
// seen before (a report reading a table once), ids from `keys` upwards.
namespace opsdeck::testsupport {

struct KeyWorkloadOptions
{
    quint32 keys = 10'000;
    double alpha = 0.99;
    qint64 requests = 200'000;
    qint64 scanEvery = 0; // 0: no scans
    quint32 scanLength = 0;
    quint64 seed = 7;
};

std::vector<quint32> zipfWithScans(const KeyWorkloadOptions& options);

} // namespace opsdeck::testsupport
