#include "metrics/Duration.h"

#include <limits>

namespace opsdeck::metrics {

namespace {

struct Unit
{
    const char* suffix;
    qint64 ms;
};

// The only order model.ParseDuration accepts.
constexpr Unit kUnits[] = { { "y", 365LL * 86'400'000 }, { "w", 7LL * 86'400'000 }, { "d", 86'400'000 },
    { "h", 3'600'000 }, { "m", 60'000 }, { "s", 1000 }, { "ms", 1 } };
constexpr int kUnitCount = int(std::size(kUnits));

bool isDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

} // namespace

std::optional<qint64> parseDuration(QStringView s)
{
    if (s == u"0")
        return 0;
    if (s.isEmpty())
        return std::nullopt;
    qsizetype i = 0;
    int nextUnit = 0;
    qint64 total = 0;
    while (i < s.size()) {
        const qsizetype start = i;
        while (i < s.size() && isDigit(s[i]))
            ++i;
        if (i == start)
            return std::nullopt;
        bool ok = false;
        const qint64 n = s.sliced(start, i - start).toLongLong(&ok);
        if (!ok)
            return std::nullopt;
        const qsizetype unitStart = i;
        while (i < s.size() && s[i].isLetter())
            ++i;
        const QStringView unit = s.sliced(unitStart, i - unitStart);
        int found = -1;
        for (int u = nextUnit; u < kUnitCount; ++u) {
            if (unit == QLatin1String(kUnits[u].suffix)) {
                found = u;
                break;
            }
        }
        if (found < 0 || n > (std::numeric_limits<qint64>::max() - total) / kUnits[found].ms)
            return std::nullopt;
        total += n * kUnits[found].ms;
        nextUnit = found + 1;
    }
    return total;
}

QString formatDuration(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("0s");
    QString out;
    for (const Unit& u : kUnits) {
        if (ms >= u.ms) {
            out += QString::number(ms / u.ms) + QLatin1String(u.suffix);
            ms %= u.ms;
        }
    }
    return out;
}

} // namespace opsdeck::metrics
