#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

// The parameters of one Prometheus HTTP API request and the parsers for their
// values, as Prometheus 2.42's web/api/v1 reads them: the URL query and, for
// a form POST, the application/x-www-form-urlencoded body (Go's
// Request.ParseForm: body values first, '+' is a space); times are unix
// seconds with a fraction or RFC 3339; durations are seconds or Prometheus
// durations (1m30s). Pure functions; no I/O.
namespace opsdeck::web {

class ApiRequest
{
public:
    ApiRequest() = default;
    // urlQuery: the part after '?', still percent-encoded; formBody: the body
    // of a form POST (empty otherwise).
    static ApiRequest parse(QByteArrayView urlQuery, QByteArrayView formBody);

    bool has(const QString& name) const;
    // The first value ("" when absent).
    QString value(const QString& name) const;
    // Every value, in order ("match[]").
    QStringList values(const QString& name) const;
    // The longest single value, for the size limit.
    qsizetype largestValueBytes() const { return m_largest; }

    // nullopt when text is not a time; Prometheus's minTime/maxTime for the
    // Go client's "-292273086-05-16T16:47:06Z" style bounds are clamped.
    static std::optional<qint64> parseTimeMs(QStringView text);
    static std::optional<qint64> parseDurationMs(QStringView text);

private:
    QList<QPair<QString, QString>> m_params;
    qsizetype m_largest = 0;
};

} // namespace opsdeck::web
