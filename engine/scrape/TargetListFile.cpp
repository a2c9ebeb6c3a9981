#include "TargetListFile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace opsdeck::scrape {

namespace {

const QString kJob = QStringLiteral("job");
const QString kInstance = QStringLiteral("instance");

// Applies one label from either format; false with *error for a bad one.
bool applyLabel(
    ScrapeTarget& target, QList<metrics::Label>& extra, const QString& name, const QString& value, QString* error)
{
    if (!TargetListFile::isValidLabelName(name)) {
        *error = TargetListFile::tr(
            "\"%1\" is not a valid label name (letters, digits and _, not starting with a digit)")
                     .arg(name);
        return false;
    }
    if (name == kJob) {
        if (value.isEmpty()) {
            *error = TargetListFile::tr("job must not be empty");
            return false;
        }
        target.job = value;
    } else if (name == kInstance) {
        target.instance = value;
    } else if (name.startsWith(QLatin1String("__"))) {
        // Reserved labels have been handled by the caller or are dropped, as after Prometheus relabelling.
    } else if (!value.isEmpty()) {
        extra.append(metrics::Label { name.toUtf8(), value.toUtf8() });
    }
    return true;
}

QList<ScrapeTarget> parseJson(const QByteArray& data, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Qt gives a byte offset: turn it into line:column for the operator.
        const QByteArray before = data.left(parseError.offset);
        const int line = int(before.count('\n')) + 1;
        const int column = int(parseError.offset - (before.lastIndexOf('\n') + 1)) + 1;
        *error = TargetListFile::tr("JSON error at line %1, column %2: %3")
                     .arg(line)
                     .arg(column)
                     .arg(parseError.errorString());
        return {};
    }
    if (!doc.isArray()) {
        *error
            = TargetListFile::tr("a file_sd list must be a JSON array of {\"targets\": [...], \"labels\": {...}}");
        return {};
    }
    QList<ScrapeTarget> out;
    const QJsonArray entries = doc.array();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QString where = TargetListFile::tr("entry %1: ").arg(i + 1);
        if (!entries.at(i).isObject()) {
            *error = where + TargetListFile::tr("not a JSON object");
            return {};
        }
        const QJsonObject entry = entries.at(i).toObject();
        if (!entry.value(QStringLiteral("targets")).isArray()) {
            *error = where + TargetListFile::tr("\"targets\" must be an array of \"host:port\" strings");
            return {};
        }
        const QJsonValue labelsValue = entry.value(QStringLiteral("labels"));
        if (!labelsValue.isUndefined() && !labelsValue.isObject()) {
            *error = where + TargetListFile::tr("\"labels\" must be an object of strings");
            return {};
        }
        const QJsonObject labels = labelsValue.toObject();
        QString scheme = QStringLiteral("http");
        QString path = QStringLiteral("/metrics");
        ScrapeTarget base;
        QList<metrics::Label> extra;
        for (auto it = labels.begin(); it != labels.end(); ++it) {
            if (!it.value().isString()) {
                *error = where + TargetListFile::tr("value of label \"%1\" is not a string").arg(it.key());
                return {};
            }
            const QString value = it.value().toString();
            if (it.key() == QLatin1String("__scheme__"))
                scheme = value;
            else if (it.key() == QLatin1String("__metrics_path__"))
                path = value;
            QString labelError;
            if (!applyLabel(base, extra, it.key(), value, &labelError)) {
                *error = where + labelError;
                return {};
            }
        }
        if (scheme != QLatin1String("http") && scheme != QLatin1String("https")) {
            *error = where + TargetListFile::tr("__scheme__ must be http or https, not \"%1\"").arg(scheme);
            return {};
        }
        if (!path.startsWith(QLatin1Char('/')))
            path.prepend(QLatin1Char('/'));
        base.extraLabels = metrics::Labels::fromUnsorted(extra);
        const QJsonArray hosts = entry.value(QStringLiteral("targets")).toArray();
        for (qsizetype h = 0; h < hosts.size(); ++h) {
            const QString hostPort = hosts.at(h).toString();
            if (!hosts.at(h).isString() || hostPort.isEmpty() || hostPort.contains(QLatin1Char('/'))) {
                *error = where + TargetListFile::tr("target %1 must be a \"host:port\" string").arg(h + 1);
                return {};
            }
            ScrapeTarget target = base;
            target.url = QUrl(scheme + QStringLiteral("://") + hostPort + path, QUrl::StrictMode);
            if (const QString invalid = target.validate(); !invalid.isEmpty()) {
                *error = where + TargetListFile::tr("target \"%1\": %2").arg(hostPort, invalid);
                return {};
            }
            out.append(target);
        }
    }
    if (out.isEmpty())
        *error = TargetListFile::tr("the file lists no targets");
    return out;
}

QList<ScrapeTarget> parseText(const QByteArray& data, QString* error)
{
    QList<ScrapeTarget> out;
    const QList<QByteArray> lines = data.split('\n');
    static const QRegularExpression space(QStringLiteral("\\s+"));
    for (qsizetype n = 0; n < lines.size(); ++n) {
        QString line = QString::fromUtf8(lines.at(n));
        if (const qsizetype hash = line.indexOf(QLatin1Char('#')); hash >= 0)
            line.truncate(hash);
        line = line.trimmed();
        if (line.isEmpty())
            continue;
        const QString where = TargetListFile::tr("line %1: ").arg(n + 1);
        const QStringList words = line.split(space, Qt::SkipEmptyParts);
        ScrapeTarget target;
        target.url = TargetListFile::normaliseUrl(words.first());
        if (!target.url.isValid() || target.url.host().isEmpty()) {
            *error = where + TargetListFile::tr("\"%1\" is not a URL").arg(words.first());
            return {};
        }
        QList<metrics::Label> extra;
        for (qsizetype w = 1; w < words.size(); ++w) {
            const qsizetype eq = words.at(w).indexOf(QLatin1Char('='));
            if (eq <= 0) {
                *error = where + TargetListFile::tr("\"%1\" is not a key=value label").arg(words.at(w));
                return {};
            }
            QString labelError;
            if (!applyLabel(target, extra, words.at(w).left(eq), words.at(w).mid(eq + 1), &labelError)) {
                *error = where + labelError;
                return {};
            }
        }
        target.extraLabels = metrics::Labels::fromUnsorted(extra);
        if (const QString invalid = target.validate(); !invalid.isEmpty()) {
            *error = where + invalid;
            return {};
        }
        out.append(target);
    }
    if (out.isEmpty())
        *error = TargetListFile::tr("the file lists no targets");
    return out;
}

} // namespace

QList<ScrapeTarget> TargetListFile::parse(const QByteArray& data, QString* error)
{
    QString ignored;
    if (!error)
        error = &ignored;
    error->clear();
    const QByteArray trimmed = data.trimmed();
    // file_sd files are JSON arrays; a text list never starts with '['.
    QList<ScrapeTarget> targets = trimmed.startsWith('[') ? parseJson(data, error) : parseText(data, error);
    if (!error->isEmpty())
        return {};
    return targets;
}

QUrl TargetListFile::normaliseUrl(const QString& text)
{
    QString s = text.trimmed();
    if (s.isEmpty())
        return {};
    if (!s.contains(QStringLiteral("://")))
        s.prepend(QStringLiteral("http://"));
    QUrl url(s, QUrl::StrictMode);
    if (!url.isValid())
        return {};
    if (url.path().isEmpty() || url.path() == QLatin1String("/"))
        url.setPath(QStringLiteral("/metrics"));
    return url;
}

bool TargetListFile::isValidLabelName(const QString& name)
{
    static const QRegularExpression re(QStringLiteral("^[a-zA-Z_][a-zA-Z0-9_]*$"));
    return re.match(name).hasMatch();
}

std::optional<metrics::Labels> TargetListFile::parseLabelList(const QString& text, QString* error)
{
    QList<metrics::Label> labels;
    const QStringList pairs = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString& raw : pairs) {
        const QString pair = raw.trimmed();
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        const QString name = eq > 0 ? pair.left(eq).trimmed() : QString();
        if (name.isEmpty()) {
            *error = TargetListFile::tr("\"%1\" is not name=value").arg(pair);
            return std::nullopt;
        }
        if (!isValidLabelName(name) || name.startsWith(QLatin1String("__"))) {
            *error = TargetListFile::tr("\"%1\" is not a valid label name").arg(name);
            return std::nullopt;
        }
        if (name == kJob || name == kInstance) {
            *error = TargetListFile::tr("set %1 in its own field, not as a label").arg(name);
            return std::nullopt;
        }
        labels.append(metrics::Label { name.toUtf8(), pair.mid(eq + 1).trimmed().toUtf8() });
    }
    return metrics::Labels::fromUnsorted(labels);
}

QString TargetListFile::formatLabelList(const metrics::Labels& labels)
{
    QStringList parts;
    for (const metrics::Label& label : labels)
        parts.append(QString::fromUtf8(label.name) + QLatin1Char('=') + QString::fromUtf8(label.value));
    return parts.join(QStringLiteral(", "));
}

} // namespace opsdeck::scrape
