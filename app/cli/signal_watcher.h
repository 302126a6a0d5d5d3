#pragma once
// SIGTERM and SIGINT as a call on the event loop (the self-pipe trick): a signal handler may only
// write a byte, so the shutdown itself runs as ordinary code on the server thread.

#include <QObject>
#include <functional>

class QSocketNotifier;

namespace ts::cli {

class SignalWatcher : public QObject {
public:
    explicit SignalWatcher(std::function<void(int signal)> onSignal, QObject* parent = nullptr);
    ~SignalWatcher() override;

    // True once a signal arrived: for long synchronous work that cannot wait for the event loop.
    static bool received();

private:
    std::function<void(int)> m_onSignal;
    QSocketNotifier* m_notifier = nullptr;
};

} // namespace ts::cli
