#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

// Test fixture: a real redis-server (Debian's redis-server 7.0) on a free
// loopback port: `--port P --bind 127.0.0.1 --save '' --appendonly no` plus
// the test's extra arguments (maxmemory, requirepass, ...), started as a
// child process in a temporary directory; start() returns once PING answers.
// stop() ends it with SIGTERM, kill() with SIGKILL (a crash); restart() starts
// it again on the same port with the same arguments. The destructor stops it.
//
//     RedisServer redis({ QStringLiteral("--maxmemory"), QStringLiteral("8mb") });
//     QVERIFY2(redis.start(), qPrintable(redis.errorString()));
//     parseRedisUrl(redis.url(), &error);
namespace opsdeck::testsupport {

class RedisServer final
{
public:
    explicit RedisServer(QStringList extraArguments = {});
    ~RedisServer();
    RedisServer(const RedisServer&) = delete;
    RedisServer& operator=(const RedisServer&) = delete;

    static bool available(); // redis-server and redis-cli are installed

    bool start(); // picks a free port the first time, then keeps it
    void stop();
    void kill();
    bool restart() { return start(); }
    bool isRunning() const;
    QString errorString() const { return m_error; }
    int port() const { return m_port; }
    QString url() const; // redis://127.0.0.1:P (no password)

    // Runs redis-cli against the server (with -a when the arguments set requirepass); its stdout.
    QString cli(const QStringList& arguments, bool* ok = nullptr) const;

private:
    bool ping() const;

    QStringList m_extra;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    int m_port = 0;
    QString m_error;
};

} // namespace opsdeck::testsupport
