#pragma once

#include "metrics/ExpositionParser.h"

#include <QByteArray>
#include <QString>

// The outcome of one scrape (fetch + parse), shared by the scrape manager and
// the one-shot CLI path. `error` is in the operator's words ("connection
// refused", "timeout after 800 ms", "HTTP 401 Unauthorized — check the token",
// "parse error at line 3, column 17: ..."), never a raw Qt enum.
namespace opsdeck::scrape {

enum class ScrapeFailure {
    None,
    InvalidTarget, // the target's settings are wrong (bad URL, unreadable CA file)
    Connection, // refused, host not found, reset, ...
    Timeout, // no complete answer within the target's timeout
    Tls, // handshake or certificate problem
    Http, // a non-2xx status
    BodyTooLarge, // more than ParseLimits::maxBodyBytes
    Parse, // the body is not a valid exposition
};

struct ScrapeResult
{
    ScrapeFailure failure = ScrapeFailure::None;
    QString error; // empty when ok
    int httpStatus = 0; // 0 when no HTTP answer arrived
    QByteArray contentType; // of the answer
    qint64 bodyBytes = 0; // decompressed body size
    double durationSeconds = 0; // request start until the body was read (Prometheus's scrape_duration_seconds)
    metrics::ParseResult parsed; // families when ok (not set when the request defers parsing)
    QByteArray body; // the unparsed body, only when the request defers parsing

    bool ok() const { return failure == ScrapeFailure::None; }
};

// "parse error at line 3, column 17: expected ..."
QString describeParseError(const metrics::ParseError& error);
// "HTTP 401 Unauthorized — check the token"
QString describeHttpStatus(int status, const QByteArray& reasonPhrase);

} // namespace opsdeck::scrape
