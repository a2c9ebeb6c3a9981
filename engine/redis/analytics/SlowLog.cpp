#include "redis/analytics/SlowLog.h"

#include <algorithm>

namespace opsdeck::redis::analytics {

QString displayArgument(const QByteArray& bytes, int maxChars)
{
    QString out;
    const QString text = QString::fromUtf8(bytes);
    const bool validUtf8 = text.toUtf8() == bytes;
    if (validUtf8) {
        for (const QChar c : text) {
            if (c.isPrint() || c == QLatin1Char(' '))
                out.append(c);
            else
                out.append(QStringLiteral("\\x%1").arg(c.unicode() & 0xff, 2, 16, QLatin1Char('0')));
            if (out.size() > maxChars)
                break;
        }
    } else {
        for (const char byte : bytes) {
            const auto b = static_cast<unsigned char>(byte);
            if (b >= 0x20 && b < 0x7f)
                out.append(QLatin1Char(char(b)));
            else
                out.append(QStringLiteral("\\x%1").arg(uint(b), 2, 16, QLatin1Char('0')));
            if (out.size() > maxChars)
                break;
        }
    }
    if (out.size() > maxChars) {
        out.truncate(maxChars);
        out.append(QChar(0x2026));
    }
    return out;
}

QString SlowLogEntry::display() const
{
    QStringList parts { command };
    parts += arguments;
    return parts.join(QLatin1Char(' '));
}

QList<SlowLogEntry> parseSlowLog(
    const RedisValue& reply, const SlowLogOptions& options, QString* error, int* skipped)
{
    QList<SlowLogEntry> entries;
    int bad = 0;
    if (reply.isError() || !reply.isArray()) {
        if (error)
            *error = reply.isError() ? QStringLiteral("SLOWLOG GET failed: %1").arg(QString::fromUtf8(reply.text))
                                     : QStringLiteral("SLOWLOG GET did not answer with an array");
        return entries;
    }
    for (const RedisValue& e : reply.elements) {
        if (!e.isArray() || e.elements.size() < 4 || e.elements[0].type != RedisValue::Type::Integer
            || e.elements[1].type != RedisValue::Type::Integer || e.elements[2].type != RedisValue::Type::Integer
            || !e.elements[3].isArray() || e.elements[3].elements.isEmpty()) {
            ++bad;
            continue;
        }
        SlowLogEntry entry;
        entry.id = e.elements[0].integer;
        entry.unixTime = e.elements[1].integer;
        entry.durationUsec = e.elements[2].integer;
        const QList<RedisValue>& args = e.elements[3].elements;
        entry.command = QString::fromUtf8(args[0].text).toUpper();
        for (qsizetype i = 1; i < args.size(); ++i) {
            if (entry.arguments.size() >= options.maxArguments) {
                entry.arguments.append(QStringLiteral("... (%1 more arguments)").arg(args.size() - i));
                break;
            }
            entry.arguments.append(displayArgument(args[i].text, options.maxArgumentChars));
        }
        if (e.elements.size() >= 6) {
            entry.client = QString::fromUtf8(e.elements[4].text);
            entry.clientName = QString::fromUtf8(e.elements[5].text);
        }
        entries.append(entry);
    }
    std::stable_sort(entries.begin(), entries.end(),
        [](const SlowLogEntry& a, const SlowLogEntry& b) { return a.durationUsec > b.durationUsec; });
    if (skipped)
        *skipped = bad;
    return entries;
}

} // namespace opsdeck::redis::analytics
