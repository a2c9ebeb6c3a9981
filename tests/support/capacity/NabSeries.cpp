#include "NabSeries.h"

#include <QDateTime>
#include <QFile>
#include <QTimeZone>

namespace opsdeck::testsupport {

capacity::Series loadNabSeries(const QString& path)
{
    capacity::Series s;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return s;
    f.readLine();
    qint64 prev = -1;
    while (!f.atEnd()) {
        const QList<QByteArray> parts = f.readLine().trimmed().split(',');
        if (parts.size() != 2)
            continue;
        QDateTime t = QDateTime::fromString(QString::fromLatin1(parts[0]), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        t.setTimeZone(QTimeZone::utc());
        const qint64 ms = t.toMSecsSinceEpoch();
        if (prev < 0)
            s.startMs = ms;
        else if (s.values.size() == 1)
            s.stepMs = ms - prev;
        prev = ms;
        s.values.append(parts[1].toDouble());
    }
    return s;
}

} // namespace opsdeck::testsupport
