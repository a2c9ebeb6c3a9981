#pragma once

#include <QObject>

class QSocketNotifier;

// Turns SIGTERM/SIGINT into a Qt signal on the event loop (the self-pipe
// trick over a socketpair), so the agent shuts down cleanly under systemd
// and Ctrl-C. The signal handler itself only writes one byte: it must never
// call Qt or allocate.
namespace opsdeck::agent {

class SignalWatcher final : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject* parent = nullptr);
    ~SignalWatcher() override;
    bool isValid() const { return m_notifier != nullptr; }

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    void onActivated();
    QSocketNotifier* m_notifier = nullptr;
};

} // namespace opsdeck::agent
