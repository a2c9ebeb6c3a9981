#include "capacity/HistoryCsv.h"

#include <QDateTime>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace opsdeck::capacity {

// CSV timestamps: "2014-04-10 00:02:00" (NAB; UTC), ISO 8601 with or without a
// zone (none = UTC), Unix seconds (may be fractional) or milliseconds (told
// apart by size: 1e11 s is the year 5138, 1e11 ms is 1973).
std::optional<qint64> HistoryCsv::parseTimestamp(QString text)
{
    text = text.trimmed();
    if (text.size() >= 2 && text.startsWith(QLatin1Char('"')) && text.endsWith(QLatin1Char('"')))
        text = text.mid(1, text.size() - 2).trimmed();
    if (text.isEmpty())
        return std::nullopt;
    static const QRegularExpression number(QStringLiteral("^[+-]?\\d+(\\.\\d+)?$"));
    if (number.match(text).hasMatch()) {
        bool ok = false;
        const double v = text.toDouble(&ok);
        if (!ok || !std::isfinite(v))
            return std::nullopt;
        const double ms = std::abs(v) >= 1e11 ? v : v * 1000.0;
        if (std::abs(ms) > 1e16)
            return std::nullopt;
        return std::llround(ms);
    }
    static const QRegularExpression dateTime(
        QStringLiteral("^(\\d{4}-\\d{2}-\\d{2})(?:[T "
                       "](\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d{1,9})?)?))?\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?$"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = dateTime.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    QString time = m.captured(2);
    if (time.isEmpty())
        time = QStringLiteral("00:00:00");
    else if (time.size() == 5)
        time += QStringLiteral(":00");
    time.replace(QLatin1Char(','), QLatin1Char('.'));
    // Qt::ISODateWithMs takes at most milliseconds: cut longer fractions.
    if (const qsizetype dot = time.indexOf(QLatin1Char('.')); dot >= 0 && time.size() - dot - 1 > 3)
        time.truncate(dot + 4);
    QString zone = m.captured(3).toUpper();
    if (zone.isEmpty())
        zone = QStringLiteral("Z");
    else if (zone.size() == 3)
        zone += QStringLiteral(":00");
    else if (zone.size() == 5)
        zone.insert(3, QLatin1Char(':'));
    const QDateTime dt = QDateTime::fromString(m.captured(1) + QLatin1Char('T') + time + zone, Qt::ISODateWithMs);
    if (!dt.isValid())
        return std::nullopt;
    return dt.toMSecsSinceEpoch();
}

// NAB and other CSVs are "timestamp,value" (possibly a header); exposition
// text starts with "#" or "name{" / "name value".
bool HistoryCsv::looksLikeCsv(const QString& path, const QByteArray& data)
{
    if (QFileInfo(path).suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0)
        return true;
    qsizetype pos = 0;
    while (pos < data.size()) {
        qsizetype end = data.indexOf('\n', pos);
        if (end < 0)
            end = data.size();
        const QByteArray line = data.mid(pos, end - pos).trimmed();
        pos = end + 1;
        if (line.isEmpty())
            continue;
        return !line.startsWith('#') && !line.contains('{') && line.contains(',');
    }
    return false;
}

HistoryCsv HistoryCsv::parse(const QByteArray& data, const QString& path)
{
    HistoryCsv result;
    QList<metrics::Sample>& samples = result.samples;
    const QList<QByteArray> lines = data.split('\n');
    bool sawData = false;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const int lineNo = int(i + 1);
        const QString line = QString::fromUtf8(lines.at(i)).trimmed(); // also drops "\r"
        if (line.isEmpty())
            continue;
        const QStringList fields = line.split(QLatin1Char(','));
        if (fields.size() != 2) {
            result.error = tr("%1:%2: expected \"timestamp,value\", found %3 fields")
                               .arg(path)
                               .arg(lineNo)
                               .arg(fields.size());
            result.samples.clear();
            return result;
        }
        const auto ts = parseTimestamp(fields.at(0));
        bool valueOk = false;
        const double value = fields.at(1).trimmed().toDouble(&valueOk);
        if (!sawData && !ts && !valueOk) { // a header line such as "timestamp,value"
            sawData = true;
            continue;
        }
        sawData = true;
        if (!ts) {
            result.error
                = tr("%1:%2: cannot read the timestamp \"%3\"").arg(path).arg(lineNo).arg(fields.at(0).trimmed());
            result.samples.clear();
            return result;
        }
        if (!valueOk) {
            result.error
                = tr("%1:%2: cannot read the value \"%3\"").arg(path).arg(lineNo).arg(fields.at(1).trimmed());
            result.samples.clear();
            return result;
        }
        samples.append({ *ts, value });
    }
    if (samples.isEmpty()) {
        result.error = tr("%1: no samples").arg(path);
        return result;
    }
    std::stable_sort(samples.begin(), samples.end(),
        [](const auto& a, const auto& b) { return a.timestampMs < b.timestampMs; });
    return result;
}

} // namespace opsdeck::capacity
