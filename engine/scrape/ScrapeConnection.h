#pragma once

#include <QAbstractSocket>
#include <QByteArray>
#include <QObject>
#include <QString>

class QTcpSocket;

// A keep-alive HTTP/1.1 connection to one plain-http target, used by
// ScrapeRequest instead of QNetworkAccessManager for the common case: QNAM
// runs every request through its own thread and a reply object, which cost
// more CPU than parsing the body. One GET at a time, on the owner's thread,
// never blocking; Content-Length, chunked and read-until-close bodies (RFC
// 9112), a body limit enforced while reading, no Accept-Encoding (so no
// compression), redirects not followed: a 3xx or a compressed answer is
// reported as Unsupported and the caller repeats the scrape through QNAM.
// The caller owns the deadline (abort()).
namespace opsdeck::scrape {

class ScrapeConnection final : public QObject
{
    Q_OBJECT

public:
    enum class Outcome {
        Ok, // a complete answer: status(), body()
        TooLarge, // the body exceeds maxBodyBytes
        Failed, // no complete answer: socketError(), errorString()
        Unsupported, // a redirect or a Content-Encoding: ask QNAM
    };

    explicit ScrapeConnection(QObject* parent = nullptr);
    ~ScrapeConnection() override;

    // request: the complete request bytes, sent as they are for every GET.
    void setTarget(const QString& host, quint16 port, const QByteArray& request, qint64 maxBodyBytes);
    // Sends the request; finished() follows exactly once unless abort() comes first.
    void get();
    // Stops a running GET and closes the connection; no finished().
    void abort();

    Outcome outcome() const { return m_outcome; }
    int status() const { return m_status; }
    const QByteArray& reasonPhrase() const { return m_reason; }
    const QByteArray& contentType() const { return m_contentType; }
    QByteArray takeBody() { return std::move(m_body); }
    QAbstractSocket::SocketError socketError() const { return m_socketError; }
    const QString& errorString() const { return m_errorString; }

signals:
    void finished();

private:
    enum class Phase { Idle, Connecting, Headers, Body, Done };
    enum class BodyMode { Length, Chunked, UntilClose };

    void connectSocket();
    void onConnected();
    void onReadyRead();
    void onDisconnected();
    void onError(QAbstractSocket::SocketError error);
    bool parseHeaders(); // false: need more bytes (or failed, then m_phase == Done)
    bool readBody(); // true when the body is complete (or failed)
    bool decodeChunks(); // true when the last chunk and trailers were read
    void complete(Outcome outcome);
    void fail(QAbstractSocket::SocketError error, const QString& text);
    void closeSocket();

    QString m_host;
    quint16 m_port = 0;
    QByteArray m_request;
    qint64 m_maxBody = 0;
    QTcpSocket* m_socket = nullptr;
    Phase m_phase = Phase::Idle;
    bool m_reused = false; // this GET went out on a connection kept from an earlier one
    bool m_gotBytes = false;
    bool m_keepAlive = true;
    BodyMode m_mode = BodyMode::Length;
    qint64 m_length = 0; // Length: bytes expected
    QByteArray m_buf; // undecoded bytes (headers, chunk framing)
    QByteArray m_body;
    qint64 m_chunkLeft = -1; // Chunked: data bytes left in the current chunk, -1 = at a size line
    bool m_trailers = false; // Chunked: past the last chunk
    Outcome m_outcome = Outcome::Failed;
    int m_status = 0;
    QByteArray m_reason;
    QByteArray m_contentType;
    QAbstractSocket::SocketError m_socketError = QAbstractSocket::UnknownSocketError;
    QString m_errorString;
};

} // namespace opsdeck::scrape
