#include "alerts/RuleFile.h"

#include "config/YamlReader.h"
#include "metrics/Duration.h"
#include "metrics/Labels.h"
#include "query/QueryEngine.h"

#include <QFile>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSet>

#include <yaml-cpp/yaml.h>

#include <limits>

Q_LOGGING_CATEGORY(lcRuleFile, "opsdeck.alerts.rules", QtInfoMsg)

namespace opsdeck::alerts {

namespace {

QString str(const YAML::Node& node)
{
    return QString::fromStdString(node.Scalar());
}
QString str(const std::string& s)
{
    return QString::fromStdString(s);
}

// Functions Prometheus 2.42 knows that the PromQL subset does not: an
// expression using them is "not supported" rather than wrong.
bool isPrometheusFunction(const QString& name)
{
    static const QSet<QString> names = {
        QStringLiteral("holt_winters"),
        QStringLiteral("day_of_month"),
        QStringLiteral("day_of_week"),
        QStringLiteral("day_of_year"),
        QStringLiteral("days_in_month"),
        QStringLiteral("hour"),
        QStringLiteral("minute"),
        QStringLiteral("month"),
        QStringLiteral("year"),
        QStringLiteral("acos"),
        QStringLiteral("acosh"),
        QStringLiteral("asin"),
        QStringLiteral("asinh"),
        QStringLiteral("atan"),
        QStringLiteral("atanh"),
        QStringLiteral("cos"),
        QStringLiteral("cosh"),
        QStringLiteral("sin"),
        QStringLiteral("sinh"),
        QStringLiteral("tan"),
        QStringLiteral("tanh"),
        QStringLiteral("deg"),
        QStringLiteral("rad"),
        QStringLiteral("pi"),
        QStringLiteral("histogram_count"),
        QStringLiteral("histogram_sum"),
        QStringLiteral("histogram_fraction"),
        QStringLiteral("histogram_stddev"),
        QStringLiteral("histogram_stdvar"),
    };
    return names.contains(name);
}

// Says why QueryEngine::check refused an expression in the operator's words:
// a Prometheus feature outside the subset, or an expression that is wrong.
QString describeExpressionError(const QString& error)
{
    static const QRegularExpression unknownFunction(QStringLiteral("unknown function with name \"([^\"]+)\""));
    const QRegularExpressionMatch fn = unknownFunction.match(error);
    if (fn.hasMatch() && isPrometheusFunction(fn.captured(1)))
        return RuleFile::tr("not supported: function %1() (%2)").arg(fn.captured(1), error);
    if (error.contains(QLatin1String("is not supported")))
        return RuleFile::tr("not supported: %1").arg(error);
    return RuleFile::tr("invalid expression: %1").arg(error);
}

bool looksLikeNonString(const QString& s)
{
    if (s.isEmpty())
        return true;
    // YAML 1.1 booleans and nulls, and anything made of number characters
    // only (ints, floats, 0x/0o, sexagesimal, dates): quoted so no reader
    // takes them for another type.
    static const QRegularExpression special(
        QStringLiteral(
            "^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?\\.(?:inf|nan)|[-+.0-9][-+.0-9_:a-fA-FxXoO]*)$"),
        QRegularExpression::CaseInsensitiveOption);
    return special.match(s).hasMatch();
}

// Strings are written so that they read back byte for byte: block literals
// for text ending in one newline (what rule files use for long expressions
// and descriptions), double quotes for anything YAML could read as another
// type or that a block could not carry.
void emitString(YAML::Emitter& e, const QString& s)
{
    const std::string utf8 = s.toStdString();
    if (s.contains(u'\n')) {
        const bool literalSafe = s.endsWith(u'\n') && !s.endsWith(QLatin1String("\n\n")) && !s.contains(u'\r')
            && !s.startsWith(u' ') && !s.startsWith(u'\t') && !s.startsWith(u'\n');
        // yaml-cpp writes a block with clip chomping ("|"), which adds the
        // one final newline back when read.
        if (literalSafe)
            e << YAML::Literal << s.chopped(1).toStdString();
        else
            e << YAML::DoubleQuoted << utf8;
        return;
    }
    if (looksLikeNonString(s) || s.startsWith(u' ') || s.endsWith(u' '))
        e << YAML::DoubleQuoted << utf8;
    else
        e << utf8;
}

// Expressions are trimmed on read, so a multi-line one is written as a block
// literal (the style of every mixin) and reads back the same.
void emitExpr(YAML::Emitter& e, const QString& expr)
{
    if (expr.contains(u'\n') && !expr.contains(u'\r'))
        e << YAML::Literal << expr.toStdString();
    else
        emitString(e, expr);
}

class Reader
{
public:
    Reader(const QByteArray& yaml, const QString& fileName)
        : m_yaml(yaml)
        , m_file(fileName)
    { }

    RuleFileResult run();

private:
    void issue(
        const YAML::Mark& mark, const QString& group, const QString& rule, const QString& message, bool fatal)
    {
        config::ConfigIssue i = config::YamlReader::makeIssue(m_file, mark, message, fatal);
        i.group = group;
        i.rule = rule;
        m_result.issues.append(i);
    }
    void readGroup(const YAML::Node& node, QSet<QString>& names);
    std::optional<AlertRule> readRule(
        const YAML::Node& node, const QString& group, const QMap<QString, QString>& groupLabels);
    std::optional<QMap<QString, QString>> readMap(
        const YAML::Node& node, const char* what, const QString& group, const QString& rule);
    YAML::Mark exprErrorMark(const YAML::Node& exprNode, const QString& error) const;

    QByteArray m_yaml;
    QString m_file;
    RuleFileResult m_result;
};

RuleFileResult Reader::run()
{
    const std::optional<YAML::Node> document = config::YamlReader::parseDocument(m_yaml, m_file, &m_result.issues);
    if (!document)
        return m_result;
    const YAML::Node root = *document;
    try {
        if (!root || root.IsNull())
            return m_result; // an empty file holds no groups, as for Prometheus
        if (!root.IsMap()) {
            issue(root.Mark(), {}, {}, RuleFile::tr("expected a map with a \"groups\" list"), true);
            return m_result;
        }
        YAML::Node groups;
        for (const auto& kv : root) {
            const QString key = str(kv.first);
            if (key == QLatin1String("groups"))
                groups = kv.second;
            else
                issue(kv.first.Mark(), {}, {}, RuleFile::tr("unknown field \"%1\"").arg(key), true);
        }
        if (!groups || groups.IsNull())
            return m_result;
        if (!groups.IsSequence()) {
            issue(groups.Mark(), {}, {}, RuleFile::tr("\"groups\" must be a list"), true);
            return m_result;
        }
        QSet<QString> names;
        for (const YAML::Node& g : groups)
            readGroup(g, names);
    } catch (const YAML::Exception& e) {
        // Type conversions are checked before use; this is a last line of defence.
        issue(e.mark, {}, {}, RuleFile::tr("unreadable rule file: %1").arg(str(e.msg)), true);
    }
    return m_result;
}

void Reader::readGroup(const YAML::Node& node, QSet<QString>& names)
{
    if (!node.IsMap()) {
        issue(node.Mark(), {}, {}, RuleFile::tr("a group must be a map with \"name\" and \"rules\""), true);
        return;
    }
    RuleGroup group;
    const YAML::Node name = node["name"];
    if (!name || !name.IsScalar() || name.Scalar().empty()) {
        issue(node.Mark(), {}, {}, RuleFile::tr("group name must not be empty"), true);
        return;
    }
    group.name = str(name);
    if (names.contains(group.name)) {
        issue(name.Mark(), group.name, {},
            RuleFile::tr("group name \"%1\" is repeated in the same file").arg(group.name), true);
        return;
    }
    names.insert(group.name);

    YAML::Node rules;
    QMap<QString, QString> groupLabels;
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        const YAML::Node& value = kv.second;
        if (key == QLatin1String("name")) {
            continue;
        } else if (key == QLatin1String("interval")) {
            const std::optional<qint64> ms
                = value.IsScalar() ? metrics::parseDuration(str(value).trimmed()) : std::nullopt;
            if (!ms) {
                issue(value.Mark(), group.name, {},
                    RuleFile::tr("invalid interval \"%1\"").arg(value.IsScalar() ? str(value) : QString()), true);
                return;
            }
            group.intervalMs = *ms;
        } else if (key == QLatin1String("data_source")) {
            // OpsDeck's own field (Prometheus has none): the rules query this data source.
            if (!value.IsScalar()) {
                issue(value.Mark(), group.name, {}, RuleFile::tr("\"data_source\" must be a name"), true);
                return;
            }
            group.dataSource = str(value).trimmed();
            if (group.dataSource == QLatin1String("local"))
                group.dataSource.clear();
        } else if (key == QLatin1String("rules")) {
            rules = value;
        } else if (key == QLatin1String("labels")) {
            // Prometheus 3's group labels: added to every rule of the group.
            const auto labels = readMap(value, "labels", group.name, {});
            if (labels)
                groupLabels = *labels;
        } else if (key == QLatin1String("limit") || key == QLatin1String("query_offset")) {
            issue(kv.first.Mark(), group.name, {},
                RuleFile::tr("not supported: group field \"%1\" (ignored)").arg(key), false);
        } else {
            issue(kv.first.Mark(), group.name, {}, RuleFile::tr("unknown field \"%1\" in group").arg(key), true);
        }
    }
    if (rules && !rules.IsNull()) {
        if (!rules.IsSequence()) {
            issue(rules.Mark(), group.name, {}, RuleFile::tr("\"rules\" must be a list"), true);
            return;
        }
        for (const YAML::Node& r : rules) {
            if (std::optional<AlertRule> rule = readRule(r, group.name, groupLabels))
                group.rules.append(*rule);
        }
    }
    m_result.groups.append(group);
}

std::optional<QMap<QString, QString>> Reader::readMap(
    const YAML::Node& node, const char* what, const QString& group, const QString& rule)
{
    QMap<QString, QString> out;
    if (node.IsNull())
        return out;
    if (!node.IsMap()) {
        issue(node.Mark(), group, rule, RuleFile::tr("\"%1\" must be a map").arg(QLatin1String(what)), true);
        return std::nullopt;
    }
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        if (!metrics::isValidLabelName(key.toUtf8())) {
            issue(kv.first.Mark(), group, rule,
                RuleFile::tr("invalid %1 name \"%2\"")
                    .arg(QLatin1String(what) == QLatin1String("labels") ? RuleFile::tr("label")
                                                                        : RuleFile::tr("annotation"),
                        key),
                true);
            return std::nullopt;
        }
        if (!kv.second.IsScalar() && !kv.second.IsNull()) {
            issue(kv.second.Mark(), group, rule, RuleFile::tr("the value of \"%1\" must be a string").arg(key),
                true);
            return std::nullopt;
        }
        out.insert(key, kv.second.IsNull() ? QString() : str(kv.second));
    }
    return out;
}

// Points at the place inside the expression that the query parser names
// ("2:14: parse error ..."), counting from where the YAML scalar starts.
YAML::Mark Reader::exprErrorMark(const YAML::Node& exprNode, const QString& error) const
{
    YAML::Mark mark = exprNode.Mark();
    static const QRegularExpression pos(QStringLiteral("^(\\d+):(\\d+):"));
    const QRegularExpressionMatch m = pos.match(error);
    if (!m.hasMatch() || mark.line < 0)
        return mark;
    const int line = m.captured(1).toInt();
    const int column = m.captured(2).toInt();
    const QList<QByteArray> lines = m_yaml.split('\n');
    if (mark.line >= lines.size())
        return mark;
    const QByteArray& first = lines[mark.line];
    const char indicator = mark.column < first.size() ? first[mark.column] : '\0';
    if (indicator == '|' || indicator == '>') {
        const int target = mark.line + 1 + (line - 1);
        if (target < lines.size()) {
            // The block's indentation is its first non-blank line's; spaces
            // beyond it on later lines are part of the expression (and of
            // the parser's column).
            int indent = 0;
            for (int l = mark.line + 1; l <= target; ++l) {
                const QByteArray& text = lines[l];
                int spaces = 0;
                while (spaces < text.size() && text[spaces] == ' ')
                    ++spaces;
                if (spaces < text.size() && text[spaces] != '\r') {
                    indent = spaces;
                    break;
                }
            }
            mark.line = target;
            mark.column = indent + column - 1;
        }
    } else if (line == 1) {
        mark.column += column - 1 + ((indicator == '"' || indicator == '\'') ? 1 : 0);
    }
    return mark;
}

std::optional<AlertRule> Reader::readRule(
    const YAML::Node& node, const QString& group, const QMap<QString, QString>& groupLabels)
{
    if (!node.IsMap()) {
        issue(node.Mark(), group, {}, RuleFile::tr("a rule must be a map"), true);
        return std::nullopt;
    }
    const YAML::Node alert = node["alert"];
    const YAML::Node record = node["record"];
    const QString ruleName
        = alert && alert.IsScalar() ? str(alert) : (record && record.IsScalar() ? str(record) : QString());
    if (alert && record) {
        issue(node.Mark(), group, ruleName, RuleFile::tr("only one of \"alert\" and \"record\" can be set"), true);
        return std::nullopt;
    }
    if (record) {
        issue(record.Mark(), group, ruleName, RuleFile::tr("not supported: recording rule (skipped)"), false);
        return std::nullopt;
    }
    if (!alert || !alert.IsScalar() || alert.Scalar().empty()) {
        issue(node.Mark(), group, {}, RuleFile::tr("one of \"alert\" or \"record\" must be set"), true);
        return std::nullopt;
    }

    AlertRule rule;
    rule.name = ruleName;
    rule.sourceFile = m_file;
    rule.sourceLine = node.Mark().line + 1;
    YAML::Node exprNode;
    for (const auto& kv : node) {
        const QString key = str(kv.first);
        const YAML::Node& value = kv.second;
        if (key == QLatin1String("alert")) {
            continue;
        } else if (key == QLatin1String("expr")) {
            exprNode = value;
        } else if (key == QLatin1String("for") || key == QLatin1String("keep_firing_for")) {
            const std::optional<qint64> ms
                = value.IsScalar() ? metrics::parseDuration(str(value).trimmed()) : std::nullopt;
            if (!ms) {
                issue(value.Mark(), group, rule.name,
                    RuleFile::tr("invalid duration \"%1\" in \"%2\"")
                        .arg(value.IsScalar() ? str(value) : QString(), key),
                    true);
                return std::nullopt;
            }
            (key == QLatin1String("for") ? rule.forMs : rule.keepFiringForMs) = *ms;
        } else if (key == QLatin1String("labels")) {
            const auto labels = readMap(value, "labels", group, rule.name);
            if (!labels)
                return std::nullopt;
            rule.labels = *labels;
        } else if (key == QLatin1String("annotations")) {
            const auto annotations = readMap(value, "annotations", group, rule.name);
            if (!annotations)
                return std::nullopt;
            rule.annotations = *annotations;
        } else {
            issue(kv.first.Mark(), group, rule.name, RuleFile::tr("unknown field \"%1\" in rule").arg(key), true);
            return std::nullopt;
        }
    }
    if (!exprNode || !exprNode.IsScalar() || QString::fromStdString(exprNode.Scalar()).trimmed().isEmpty()) {
        issue(node.Mark(), group, rule.name, RuleFile::tr("field \"expr\" must be set"), true);
        return std::nullopt;
    }
    // Block scalars end in a newline and mixins indent freely: the text that
    // matters is the trimmed one, and write() gives exactly that back.
    rule.expr = str(exprNode).trimmed();
    const QString error = query::QueryEngine::check(rule.expr);
    if (!error.isEmpty()) {
        issue(exprErrorMark(exprNode, error), group, rule.name, describeExpressionError(error), false);
        return std::nullopt;
    }

    for (auto it = groupLabels.cbegin(); it != groupLabels.cend(); ++it) {
        if (!rule.labels.contains(it.key()))
            rule.labels.insert(it.key(), it.value());
    }
    // kube-prometheus's "none" (Watchdog, InfoInhibitor) and other values
    // outside the three levels count as info: never the paging kind.
    const auto severity = rule.labels.constFind(QStringLiteral("severity"));
    if (severity != rule.labels.cend())
        rule.severity = severityFromName(*severity).value_or(Severity::Info);
    return rule;
}

} // namespace

bool RuleFileResult::ok() const
{
    return !config::hasFatal(issues);
}

RuleFileResult RuleFile::parse(const QByteArray& yaml, const QString& fileName)
{
    return Reader(yaml, fileName).run();
}

RuleFileResult RuleFile::load(const QString& path)
{
    RuleFileResult result;
    const std::optional<QByteArray> bytes = config::YamlReader::readFile(path, &result.issues);
    if (!bytes) {
        qCWarning(lcRuleFile) << "cannot read rule file" << path << result.issues.constLast().message;
        return result;
    }
    result = parse(*bytes, path);
    qCDebug(lcRuleFile) << "loaded" << path << result.groups.size() << "groups," << result.issues.size()
                        << "issues";
    return result;
}

QByteArray RuleFile::write(const QList<RuleGroup>& groups)
{
    YAML::Emitter e;
    e.SetIndent(2);
    e << YAML::BeginMap << YAML::Key << "groups" << YAML::Value << YAML::BeginSeq;
    for (const RuleGroup& group : groups) {
        e << YAML::BeginMap;
        e << YAML::Key << "name" << YAML::Value;
        emitString(e, group.name);
        if (group.intervalMs > 0)
            e << YAML::Key << "interval" << YAML::Value << metrics::formatDuration(group.intervalMs).toStdString();
        if (!group.dataSource.isEmpty()) {
            e << YAML::Key << "data_source" << YAML::Value;
            emitString(e, group.dataSource);
        }
        e << YAML::Key << "rules" << YAML::Value;
        if (group.rules.isEmpty())
            e << YAML::Flow;
        e << YAML::BeginSeq;
        for (const AlertRule& rule : group.rules) {
            e << YAML::BeginMap;
            e << YAML::Key << "alert" << YAML::Value;
            emitString(e, rule.name);
            e << YAML::Key << "expr" << YAML::Value;
            emitExpr(e, rule.expr);
            if (rule.forMs > 0)
                e << YAML::Key << "for" << YAML::Value << metrics::formatDuration(rule.forMs).toStdString();
            if (rule.keepFiringForMs > 0)
                e << YAML::Key << "keep_firing_for" << YAML::Value
                  << metrics::formatDuration(rule.keepFiringForMs).toStdString();
            QMap<QString, QString> labels = rule.labels;
            // A rule made in the console may carry its severity only in the field.
            if (!labels.contains(QStringLiteral("severity")) && rule.severity != Severity::Warning)
                labels.insert(QStringLiteral("severity"), severityName(rule.severity));
            using Section = std::pair<const char*, const QMap<QString, QString>*>;
            for (const auto& [key, map] :
                { Section { "labels", &labels }, Section { "annotations", &rule.annotations } }) {
                if (map->isEmpty())
                    continue;
                e << YAML::Key << key << YAML::Value << YAML::BeginMap;
                for (auto it = map->cbegin(); it != map->cend(); ++it) {
                    e << YAML::Key << it.key().toStdString() << YAML::Value;
                    emitString(e, it.value());
                }
                e << YAML::EndMap;
            }
            e << YAML::EndMap;
        }
        e << YAML::EndSeq << YAML::EndMap;
    }
    e << YAML::EndSeq << YAML::EndMap;
    QByteArray out(e.c_str(), qsizetype(e.size()));
    out += '\n';
    return out;
}

} // namespace opsdeck::alerts
