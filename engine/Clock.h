#pragma once

#include <QDateTime>
#include <QtGlobal>

#include <atomic>

// Time is injected (DESIGN.md, Testability): engine logic that depends on time
// reads a Clock, so tests advance a ManualClock instead of sleeping.
namespace opsdeck {

class Clock
{
public:
    virtual ~Clock() = default;
    // Milliseconds since the Unix epoch.
    virtual qint64 nowMs() const = 0;
};

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
    static SystemClock* instance()
    {
        static SystemClock clock;
        return &clock;
    }
};

class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 startMs = 0)
        : m_now(startMs)
    { }
    qint64 nowMs() const override { return m_now.load(); }
    void setNowMs(qint64 ms) { m_now.store(ms); }
    void advanceMs(qint64 ms) { m_now.fetch_add(ms); }

private:
    std::atomic<qint64> m_now;
};

} // namespace opsdeck
