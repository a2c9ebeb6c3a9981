#include "alerts/AlertJson.h"

namespace opsdeck::alerts::json {

using metrics::LabelMatcher;

namespace {

QString matcherTypeSymbol(LabelMatcher::Type type)
{
    switch (type) {
    case LabelMatcher::Type::Equal:
        return QStringLiteral("=");
    case LabelMatcher::Type::NotEqual:
        return QStringLiteral("!=");
    case LabelMatcher::Type::Regex:
        return QStringLiteral("=~");
    case LabelMatcher::Type::NotRegex:
        return QStringLiteral("!~");
    }
    return QStringLiteral("=");
}

std::optional<LabelMatcher::Type> matcherTypeFromSymbol(const QString& symbol)
{
    if (symbol == QLatin1String("="))
        return LabelMatcher::Type::Equal;
    if (symbol == QLatin1String("!="))
        return LabelMatcher::Type::NotEqual;
    if (symbol == QLatin1String("=~"))
        return LabelMatcher::Type::Regex;
    if (symbol == QLatin1String("!~"))
        return LabelMatcher::Type::NotRegex;
    return std::nullopt;
}

} // namespace

QString toJson(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString toJson(const QJsonArray& array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

std::optional<QJsonDocument> parseJson(const QString& text, QString* error)
{
    QJsonParseError parseError;
    QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = parseError.errorString();
        return std::nullopt;
    }
    return doc;
}

QString labelsToJson(const metrics::Labels& labels)
{
    QJsonObject object;
    for (const metrics::Label& label : labels)
        object.insert(QString::fromUtf8(label.name), QString::fromUtf8(label.value));
    return toJson(object);
}

std::optional<metrics::Labels> labelsFromJson(const QString& text, QString* error)
{
    const auto doc = parseJson(text, error);
    if (!doc)
        return std::nullopt;
    if (!doc->isObject()) {
        *error = QStringLiteral("labels are not a JSON object");
        return std::nullopt;
    }
    QList<metrics::Label> labels;
    const QJsonObject object = doc->object();
    for (auto it = object.begin(); it != object.end(); ++it)
        labels.append(metrics::Label { it.key().toUtf8(), it.value().toString().toUtf8() });
    return metrics::Labels::fromUnsorted(std::move(labels));
}

QJsonObject mapToObject(const QMap<QString, QString>& map)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

QMap<QString, QString> mapFromObject(const QJsonObject& object)
{
    QMap<QString, QString> map;
    for (auto it = object.begin(); it != object.end(); ++it)
        map.insert(it.key(), it.value().toString());
    return map;
}

std::optional<QMap<QString, QString>> mapFromJson(const QString& text, QString* error)
{
    const auto doc = parseJson(text, error);
    if (!doc)
        return std::nullopt;
    if (!doc->isObject()) {
        *error = QStringLiteral("not a JSON object");
        return std::nullopt;
    }
    return mapFromObject(doc->object());
}

QString matchersToJson(const QList<LabelMatcher>& matchers)
{
    QJsonArray array;
    for (const LabelMatcher& m : matchers)
        array.append(QJsonObject { { QStringLiteral("name"), QString::fromUtf8(m.name()) },
            { QStringLiteral("type"), matcherTypeSymbol(m.type()) },
            { QStringLiteral("value"), QString::fromUtf8(m.value()) } });
    return toJson(array);
}

std::optional<QList<LabelMatcher>> matchersFromJson(const QString& text, QString* error)
{
    const auto doc = parseJson(text, error);
    if (!doc)
        return std::nullopt;
    if (!doc->isArray()) {
        *error = QStringLiteral("matchers are not a JSON array");
        return std::nullopt;
    }
    QList<LabelMatcher> matchers;
    for (const QJsonValue& v : doc->array()) {
        const QJsonObject o = v.toObject();
        const auto type = matcherTypeFromSymbol(o.value(QLatin1String("type")).toString());
        if (!type) {
            *error = QStringLiteral("unknown matcher type \"%1\"").arg(o.value(QLatin1String("type")).toString());
            return std::nullopt;
        }
        matchers.append(LabelMatcher(*type, o.value(QLatin1String("name")).toString().toUtf8(),
            o.value(QLatin1String("value")).toString().toUtf8()));
    }
    return matchers;
}

QJsonObject ruleToObject(const AlertRule& rule)
{
    return QJsonObject {
        { QStringLiteral("alert"), rule.name },
        { QStringLiteral("expr"), rule.expr },
        { QStringLiteral("for_ms"), double(rule.forMs) },
        { QStringLiteral("keep_firing_for_ms"), double(rule.keepFiringForMs) },
        { QStringLiteral("severity"), severityName(rule.severity) },
        { QStringLiteral("labels"), mapToObject(rule.labels) },
        { QStringLiteral("annotations"), mapToObject(rule.annotations) },
        { QStringLiteral("source_file"), rule.sourceFile },
        { QStringLiteral("source_line"), rule.sourceLine },
    };
}

std::optional<AlertRule> ruleFromObject(const QJsonObject& o, QString* error)
{
    AlertRule rule;
    rule.name = o.value(QLatin1String("alert")).toString();
    rule.expr = o.value(QLatin1String("expr")).toString();
    rule.forMs = qint64(o.value(QLatin1String("for_ms")).toDouble());
    rule.keepFiringForMs = qint64(o.value(QLatin1String("keep_firing_for_ms")).toDouble());
    const QString severity = o.value(QLatin1String("severity")).toString();
    const auto parsed = severityFromName(severity);
    if (!parsed) {
        *error = QStringLiteral("rule \"%1\" has an unknown severity \"%2\"").arg(rule.name, severity);
        return std::nullopt;
    }
    rule.severity = *parsed;
    rule.labels = mapFromObject(o.value(QLatin1String("labels")).toObject());
    rule.annotations = mapFromObject(o.value(QLatin1String("annotations")).toObject());
    rule.sourceFile = o.value(QLatin1String("source_file")).toString();
    rule.sourceLine = o.value(QLatin1String("source_line")).toInt();
    return rule;
}

QString alertIdsToJson(const QList<qint64>& ids)
{
    QJsonArray array;
    for (qint64 id : ids)
        array.append(double(id));
    return toJson(array);
}

} // namespace opsdeck::alerts::json
