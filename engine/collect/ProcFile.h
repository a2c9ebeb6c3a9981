#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QVarLengthArray>

#include <optional>

// Reading and splitting /proc and /sys text files without QFile's buffering
// (those files report size 0 and are read every second). Never follows more
// than maxBytes of a file, never throws; a missing or unreadable file is an
// empty optional, not an error dialogue.
namespace opsdeck::collect {

class ProcFile
{
public:
    static constexpr qsizetype kDefaultMaxBytes = 4 * 1024 * 1024;

    // Whole file, or nullopt (errno-based reason in *error when given).
    static std::optional<QByteArray> read(
        const QByteArray& path, QString* error = nullptr, qsizetype maxBytes = kDefaultMaxBytes);
    static std::optional<QByteArray> read(
        const QString& path, QString* error = nullptr, qsizetype maxBytes = kDefaultMaxBytes);
    // First line of a small file (sysfs attributes), trailing whitespace removed.
    static std::optional<QByteArray> readLine(const QByteArray& path);

    using Fields = QVarLengthArray<QByteArrayView, 32>;
    // Splits on spaces and tabs, skipping empty fields.
    static Fields split(QByteArrayView line);
    // Calls f(line) for each line without the trailing '\n'.
    template <typename F> static void forEachLine(QByteArrayView text, F&& f)
    {
        qsizetype start = 0;
        while (start < text.size()) {
            qsizetype end = text.indexOf('\n', start);
            if (end < 0)
                end = text.size();
            f(text.sliced(start, end - start));
            start = end + 1;
        }
    }

    static std::optional<quint64> toU64(QByteArrayView text);
    static std::optional<qint64> toI64(QByteArrayView text);
    static std::optional<double> toDouble(QByteArrayView text);
};

} // namespace opsdeck::collect
