#include "MemInfoCollector.h"
#include "ProcFile.h"

#include <QFile>

namespace opsdeck::collect {

MemInfoCollector::MemInfoCollector(const QString& procRoot)
    : m_path(QFile::encodeName(procRoot + QStringLiteral("/meminfo")))
{ }

bool MemInfoCollector::collect(QList<metrics::MetricFamily>& out, QString& error)
{
    const auto text = ProcFile::read(m_path, &error);
    if (!text)
        return false;

    const qsizetype before = out.size();
    ProcFile::forEachLine(*text, [&](QByteArrayView line) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return;
        const auto fields = ProcFile::split(line.sliced(colon + 1));
        if (fields.isEmpty() || fields.size() > 2)
            return;
        const auto v = ProcFile::toU64(fields[0]);
        if (!v)
            return;
        double value = double(*v);
        // node_exporter: "Active(anon)" -> "Active_anon"; anything else outside
        // [A-Za-z0-9_] would not be a valid metric name, so it becomes '_'.
        QByteArray key;
        key.reserve(colon + 6);
        for (char c : line.first(colon)) {
            if (c == ')')
                continue;
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            key += ok ? c : '_';
        }
        if (fields.size() == 2) {
            if (fields[1] != "kB")
                return;
            value *= 1024;
            key += "_bytes";
        }
        auto family = makeFamily(
            "node_memory_" + key, metrics::MetricType::Gauge, "Memory information field " + key + '.');
        addSample(family, value);
        out.append(std::move(family));
    });
    if (out.size() == before) {
        error = QStringLiteral("%1: no fields").arg(QFile::decodeName(m_path));
        return false;
    }
    return true;
}

} // namespace opsdeck::collect
