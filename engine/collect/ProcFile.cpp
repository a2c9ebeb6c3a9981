#include "ProcFile.h"

#include <QFile>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace opsdeck::collect {

std::optional<QByteArray> ProcFile::read(const QByteArray& path, QString* error, qsizetype maxBytes)
{
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(
                QFile::decodeName(path), QString::fromLocal8Bit(std::strerror(errno)));
        return std::nullopt;
    }
    QByteArray data;
    qsizetype used = 0;
    data.resize(4096);
    for (;;) {
        if (used == data.size()) {
            if (data.size() >= maxBytes)
                break;
            data.resize(qMin(data.size() * 2, maxBytes));
        }
        const ssize_t n = ::read(fd, data.data() + used, size_t(data.size() - used));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (error)
                *error = QStringLiteral("%1: %2").arg(
                    QFile::decodeName(path), QString::fromLocal8Bit(std::strerror(errno)));
            ::close(fd);
            return std::nullopt;
        }
        if (n == 0)
            break;
        used += n;
    }
    ::close(fd);
    data.truncate(used);
    return data;
}

std::optional<QByteArray> ProcFile::read(const QString& path, QString* error, qsizetype maxBytes)
{
    return read(QFile::encodeName(path), error, maxBytes);
}

std::optional<QByteArray> ProcFile::readLine(const QByteArray& path)
{
    auto data = read(path, nullptr, 64 * 1024);
    if (!data)
        return std::nullopt;
    const qsizetype nl = data->indexOf('\n');
    if (nl >= 0)
        data->truncate(nl);
    while (!data->isEmpty() && (data->back() == ' ' || data->back() == '\t' || data->back() == '\r'))
        data->chop(1);
    return data;
}

ProcFile::Fields ProcFile::split(QByteArrayView line)
{
    Fields fields;
    qsizetype i = 0;
    const qsizetype n = line.size();
    while (i < n) {
        while (i < n && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        const qsizetype start = i;
        while (i < n && line[i] != ' ' && line[i] != '\t')
            ++i;
        if (i > start)
            fields.append(line.sliced(start, i - start));
    }
    return fields;
}

std::optional<quint64> ProcFile::toU64(QByteArrayView text)
{
    quint64 v = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || ptr != end || text.isEmpty())
        return std::nullopt;
    return v;
}

std::optional<qint64> ProcFile::toI64(QByteArrayView text)
{
    qint64 v = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || ptr != end || text.isEmpty())
        return std::nullopt;
    return v;
}

std::optional<double> ProcFile::toDouble(QByteArrayView text)
{
    double v = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || ptr != end || text.isEmpty())
        return std::nullopt;
    return v;
}

} // namespace opsdeck::collect
