// ScrapeClient::scrapeOnce / ScrapeRequest: the fetch + parse path shared by
// the manager and `opsdeck scrape`, and its errors in plain words.
#include "FixtureTarget.h"
#include "scrape/ScrapeClient.h"
#include "scrape/ScrapeRequest.h"

#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <functional>

using namespace opsdeck;
using namespace opsdeck::scrape;

namespace {
const QByteArray kBody = "# HELP node_load1 1m load average.\n"
                         "# TYPE node_load1 gauge\n"
                         "node_load1 0.42\n"
                         "# TYPE node_cpu_seconds_total counter\n"
                         "node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} 1234.5\n"
                         "node_cpu_seconds_total{cpu=\"0\",mode=\"user\"} 99\n";

ScrapeTarget targetFor(const QUrl& url, int timeoutMs = 800)
{
    ScrapeTarget t;
    t.url = url;
    t.timeoutMs = timeoutMs;
    t.intervalMs = qMax(1000, timeoutMs);
    return t;
}

// scrapeOnce blocks its thread; the fixture server lives on the test thread,
// so run the scrape on another one, as the CLI's process would.
ScrapeResult scrapeFromThread(const ScrapeTarget& target, const metrics::ParseLimits& limits = {})
{
    ScrapeResult result;
    QThread* thread = QThread::create([&]() { result = ScrapeClient::scrapeOnce(target, limits); });
    thread->start();
    while (!thread->wait(5))
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    delete thread;
    return result;
}
// Runs `work` on another thread with its own event loop, pumping this one
// (where the servers live) until it is done.
void runOnThread(const std::function<void()>& work)
{
    QThread* thread = QThread::create(work);
    thread->start();
    while (!thread->wait(5))
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    delete thread;
}

// `count` scrapes, one after the other, through one ScrapeRequest (so a
// kept-alive connection is reused), as the scrape manager does.
QList<ScrapeResult> scrapeRepeatedly(
    const ScrapeTarget& target, int count, const metrics::ParseLimits& limits = {})
{
    QList<ScrapeResult> results;
    runOnThread([&]() {
        QObject owner;
        QNetworkAccessManager* nam = ScrapeClient::createNetworkAccessManager(&owner);
        ScrapeRequest request(nam);
        request.setTarget(target);
        request.setLimits(limits);
        for (int i = 0; i < count; ++i) {
            QEventLoop loop;
            request.start([&](ScrapeResult&& r) {
                results.append(std::move(r));
                loop.quit();
            });
            loop.exec();
        }
    });
    return results;
}

// RawTarget: answers every request with fixed bytes (chunked bodies, no
// length, redirects: what QHttpServer does not send), optionally closing
// the connection after each answer. Counts connections.
class RawTarget
{
public:
    RawTarget(QByteArray response, bool closeAfter)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this, response, closeAfter]() {
            while (QTcpSocket* s = m_server.nextPendingConnection()) {
                ++connections;
                auto* pending = new QByteArray;
                QObject::connect(s, &QObject::destroyed, s, [pending]() { delete pending; });
                QObject::connect(s, &QTcpSocket::readyRead, s, [s, pending, response, closeAfter]() {
                    *pending += s->readAll();
                    while (pending->contains("\r\n\r\n")) {
                        pending->remove(0, pending->indexOf("\r\n\r\n") + 4);
                        s->write(response);
                        if (closeAfter) {
                            s->disconnectFromHost();
                            return;
                        }
                    }
                });
            }
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(m_server.serverPort())); }
    int connections = 0;

private:
    QTcpServer m_server;
};

QByteArray chunked(const QByteArray& body)
{
    QByteArray out
        = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (qsizetype i = 0; i < body.size(); i += 50) {
        const QByteArray part = body.mid(i, 50);
        out += QByteArray::number(part.size(), 16) + (i == 0 ? ";ext=1" : "") + "\r\n" + part + "\r\n";
    }
    return out + "0\r\nX-Trailer: 1\r\n\r\n";
}

} // namespace

class TestScrapeClient : public QObject
{
    Q_OBJECT

private slots:
    void parsesFamiliesInOrder()
    {
        FixtureTarget server;
        server.body = kBody;
        const ScrapeResult r = scrapeFromThread(targetFor(server.url()));
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.httpStatus, 200);
        QCOMPARE(r.parsed.families.size(), 2);
        QCOMPARE(r.parsed.families[0].name, QByteArray("node_load1"));
        QCOMPARE(r.parsed.families[1].samples.size(), 2);
        QCOMPARE(r.bodyBytes, kBody.size());
        QVERIFY(r.durationSeconds > 0);
    }

    void sendsAcceptAndToken()
    {
        FixtureTarget server;
        server.body = kBody;
        server.token = "s3cret";
        ScrapeTarget t = targetFor(server.url());
        t.bearerToken = QStringLiteral("s3cret\n"); // as read from a token file
        const ScrapeResult r = scrapeFromThread(t);
        QVERIFY2(r.ok(), qPrintable(r.error));
    }

    void errorsInPlainWords_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("failure");
        QTest::addColumn<QString>("pattern");
        QTest::newRow("refused") << "refused" << int(ScrapeFailure::Connection) << "^connection refused$";
        QTest::newRow("timeout") << "silent" << int(ScrapeFailure::Timeout) << "^timeout after 300 ms$";
        QTest::newRow("401") << "token" << int(ScrapeFailure::Http) << "^HTTP 401 Unauthorized — check the token$";
        QTest::newRow("404") << "404" << int(ScrapeFailure::Http) << "^HTTP 404 Not Found — check the URL path";
        QTest::newRow("500") << "500" << int(ScrapeFailure::Http) << "^HTTP 500 Internal Server Error$";
        QTest::newRow("parse") << "malformed" << int(ScrapeFailure::Parse)
                               << "^parse error at line 3, column \\d+: .+";
        QTest::newRow("too large") << "large" << int(ScrapeFailure::BodyTooLarge)
                                   << "^response body exceeds the limit of 1000 bytes$";
        QTest::newRow("bad url") << "badurl" << int(ScrapeFailure::InvalidTarget) << "^URL must be http";
    }
    void errorsInPlainWords()
    {
        QFETCH(QString, kind);
        QFETCH(int, failure);
        QFETCH(QString, pattern);
        FixtureTarget server;
        SilentTarget silent;
        server.body = kBody;
        metrics::ParseLimits limits;
        ScrapeTarget t = targetFor(server.url(), 300);
        if (kind == QLatin1String("refused"))
            t.url = QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(closedPort()));
        else if (kind == QLatin1String("silent"))
            t.url = silent.url();
        else if (kind == QLatin1String("token"))
            server.token = "right";
        else if (kind == QLatin1String("404"))
            t.url.setPath(QStringLiteral("/nope"));
        else if (kind == QLatin1String("500"))
            server.status = QHttpServerResponder::StatusCode::InternalServerError;
        else if (kind == QLatin1String("malformed"))
            server.body = "# TYPE x gauge\nx 1\nx{a=\"1\" 2\n";
        else if (kind == QLatin1String("large")) {
            server.body = QByteArray(5000, '#') + "\nx 1\n";
            limits.maxBodyBytes = 1000;
        } else if (kind == QLatin1String("badurl"))
            t.url = QUrl(QStringLiteral("ftp://127.0.0.1/metrics"));

        const ScrapeResult r = scrapeFromThread(t, limits);
        QVERIFY(!r.ok());
        QCOMPARE(int(r.failure), failure);
        QVERIFY2(QRegularExpression(pattern).match(r.error).hasMatch(), qPrintable(r.error));
        QVERIFY(r.parsed.families.isEmpty());
    }

    // Plain http goes through ScrapeConnection: chunked bodies, one
    // connection kept alive across scrapes.
    void chunkedBodyOverAKeptAliveConnection()
    {
        RawTarget raw(chunked(kBody), false);
        const QList<ScrapeResult> results = scrapeRepeatedly(targetFor(raw.url()), 3);
        QCOMPARE(results.size(), 3);
        for (const ScrapeResult& r : results) {
            QVERIFY2(r.ok(), qPrintable(r.error));
            QCOMPARE(r.bodyBytes, kBody.size());
            QCOMPARE(r.parsed.sampleCount, 3);
        }
        QCOMPARE(raw.connections, 1);
    }

    // No Content-Length: the body ends when the target closes; the next
    // scrape opens a new connection.
    void bodyUntilCloseAndReconnect()
    {
        RawTarget raw("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n" + kBody, true);
        const QList<ScrapeResult> results = scrapeRepeatedly(targetFor(raw.url()), 2);
        QCOMPARE(results.size(), 2);
        for (const ScrapeResult& r : results) {
            QVERIFY2(r.ok(), qPrintable(r.error));
            QCOMPARE(r.parsed.sampleCount, 3);
        }
        QCOMPARE(raw.connections, 2);
    }

    // A length-delimited answer, then the target drops the idle connection:
    // the next scrape retries on a fresh one instead of failing.
    void targetClosingAnIdleConnectionIsNotAFailure()
    {
        RawTarget raw(
            "HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(kBody.size()) + "\r\n\r\n" + kBody, true);
        const QList<ScrapeResult> results = scrapeRepeatedly(targetFor(raw.url()), 3);
        QCOMPARE(results.size(), 3);
        for (const ScrapeResult& r : results)
            QVERIFY2(r.ok(), qPrintable(r.error));
    }

    // Redirects are followed (through QNAM), as Prometheus does.
    void redirectIsFollowed()
    {
        FixtureTarget server;
        server.body = kBody;
        RawTarget raw(
            "HTTP/1.1 302 Found\r\nLocation: " + server.url().toEncoded() + "\r\nContent-Length: 0\r\n\r\n",
            false);
        const ScrapeResult r = scrapeFromThread(targetFor(raw.url()));
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.parsed.sampleCount, 3);
    }

    void chunkedBodyOverTheLimit()
    {
        RawTarget raw(chunked(QByteArray(3000, '#') + "\nx 1\n"), false);
        metrics::ParseLimits limits;
        limits.maxBodyBytes = 1000;
        const ScrapeResult r = scrapeFromThread(targetFor(raw.url()), limits);
        QCOMPARE(r.failure, ScrapeFailure::BodyTooLarge);
        QCOMPARE(r.error, QStringLiteral("response body exceeds the limit of 1000 bytes"));
    }

    void timeoutIsBoundedEvenWhenTheServerTrickles()
    {
        // The deadline is total (not Qt's transfer timeout, which a trickling
        // body keeps resetting), so a stuck target costs at most timeoutMs.
        TricklingTarget trickling;
        QElapsedTimer t;
        t.start();
        const ScrapeResult r = scrapeFromThread(targetFor(trickling.url(), 250));
        QCOMPARE(r.failure, ScrapeFailure::Timeout);
        QCOMPARE(r.error, QStringLiteral("timeout after 250 ms"));
        QVERIFY2(t.elapsed() < 3000, qPrintable(QString::number(t.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestScrapeClient)
#include "tst_scrape_client.moc"
