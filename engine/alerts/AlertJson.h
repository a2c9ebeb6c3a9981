#pragma once

#include "alerts/AlertTypes.h"
#include "metrics/LabelMatcher.h"
#include "metrics/Labels.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

// The JSON texts the alerting tables keep in their TEXT columns: label sets
// and annotations as objects, silence matchers and notification alert ids as
// arrays, alert rules as objects. Compact, with Qt's sorted keys, so equal
// values give equal text. A reader that meets text it cannot decode says why
// in *error and returns nullopt; it never guesses a value.
namespace opsdeck::alerts::json {

QString toJson(const QJsonObject& object);
QString toJson(const QJsonArray& array);
std::optional<QJsonDocument> parseJson(const QString& text, QString* error);

QString labelsToJson(const metrics::Labels& labels);
std::optional<metrics::Labels> labelsFromJson(const QString& text, QString* error);

QJsonObject mapToObject(const QMap<QString, QString>& map);
QMap<QString, QString> mapFromObject(const QJsonObject& object);
std::optional<QMap<QString, QString>> mapFromJson(const QString& text, QString* error);

// [{"name": ..., "type": "=" | "!=" | "=~" | "!~", "value": ...}, ...]
QString matchersToJson(const QList<metrics::LabelMatcher>& matchers);
std::optional<QList<metrics::LabelMatcher>> matchersFromJson(const QString& text, QString* error);

QJsonObject ruleToObject(const AlertRule& rule);
std::optional<AlertRule> ruleFromObject(const QJsonObject& object, QString* error);

QString alertIdsToJson(const QList<qint64>& ids);

} // namespace opsdeck::alerts::json
