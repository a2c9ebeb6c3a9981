#include "AlertsCommand.h"

#include "CommandSupport.h"

#include "alerts/AlertRepository.h"
#include "alerts/AlertTypes.h"
#include "storage/Database.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

using opsdeck::alerts::Alert;
using opsdeck::alerts::AlertState;

namespace {

const char* const kUsage = "Usage: opsdeck alerts list [--state open|firing|pending|resolved|nodata|error|all] "
                           "[--json] [--limit N] [--data-dir D]\n"
                           "       opsdeck alerts ack ID [--note TEXT] [--by NAME] [--data-dir D]\n";

QString isoTime(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs) : QString();
}

QString labelText(const opsdeck::metrics::Labels& labels)
{
    QStringList parts;
    for (const auto& l : labels) {
        if (l.name != "alertname")
            parts.append(
                QString::fromUtf8(l.name) + QStringLiteral("=\"") + QString::fromUtf8(l.value) + QLatin1Char('"'));
    }
    return QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

QJsonObject toJson(const Alert& a)
{
    QJsonObject labels;
    for (const auto& l : a.labels)
        labels.insert(QString::fromUtf8(l.name), QString::fromUtf8(l.value));
    QJsonObject annotations;
    for (auto it = a.annotations.cbegin(); it != a.annotations.cend(); ++it)
        annotations.insert(it.key(), it.value());
    QJsonObject o {
        { QStringLiteral("id"), a.id },
        { QStringLiteral("fingerprint"), QString::fromLatin1(a.fingerprint) },
        { QStringLiteral("rule"), a.ruleName },
        { QStringLiteral("group"), a.groupName },
        { QStringLiteral("state"), opsdeck::alerts::alertStateName(a.state) },
        { QStringLiteral("severity"), opsdeck::alerts::severityName(a.severity) },
        { QStringLiteral("labels"), labels },
        { QStringLiteral("annotations"), annotations },
        { QStringLiteral("activeSince"), isoTime(a.activeSinceMs) },
        { QStringLiteral("firedAt"), isoTime(a.firedAtMs) },
        { QStringLiteral("resolvedAt"), isoTime(a.resolvedAtMs) },
        { QStringLiteral("flapping"), a.flapping },
    };
    o.insert(QStringLiteral("value"), std::isnan(a.value) ? QJsonValue() : QJsonValue(a.value));
    if (!a.error.isEmpty())
        o.insert(QStringLiteral("error"), a.error);
    if (a.ack)
        o.insert(QStringLiteral("acknowledged"),
            QJsonObject { { QStringLiteral("by"), a.ack->by }, { QStringLiteral("at"), isoTime(a.ack->atMs) },
                { QStringLiteral("note"), a.ack->note } });
    return o;
}

int list(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QString state = QStringLiteral("open");
    QString dir;
    bool json = false;
    int limit = 1000;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args.at(i);
        if (a == QLatin1String("--json")) {
            json = true;
        } else if (a == QLatin1String("--state") && i + 1 < args.size()) {
            state = args.at(++i).toLower();
        } else if (a == QLatin1String("--data-dir") && i + 1 < args.size()) {
            dir = args.at(++i);
        } else if (a == QLatin1String("--limit") && i + 1 < args.size()) {
            bool ok = false;
            limit = args.at(++i).toInt(&ok);
            if (!ok || limit <= 0) {
                err << "opsdeck alerts list: --limit needs a positive number\n";
                return 2;
            }
        } else {
            err << "opsdeck alerts list: unexpected argument '" << a << "'\n" << kUsage;
            return 2;
        }
    }
    std::optional<AlertState> filter;
    if (state != QLatin1String("open") && state != QLatin1String("all")) {
        filter = opsdeck::alerts::alertStateFromName(state);
        if (!filter || *filter == AlertState::Inactive) {
            err << "opsdeck alerts list: unknown state '" << state
                << "' (open, firing, pending, resolved, nodata, error, all)\n";
            return 2;
        }
    }
    opsdeck::storage::Database db;
    if (!openStateDatabase(db, dir, QStringLiteral("alerts"), err))
        return 1;
    opsdeck::alerts::AlertRepository repo(db);
    std::optional<QList<Alert>> alerts;
    if (state == QLatin1String("open")) {
        alerts = repo.openAlerts();
        if (alerts) {
            std::sort(alerts->begin(), alerts->end(), [](const Alert& a, const Alert& b) { return a.id > b.id; });
            if (alerts->size() > limit)
                alerts->resize(limit);
        }
    } else {
        opsdeck::alerts::AlertRepository::AlertQuery query;
        query.state = filter;
        query.limit = limit;
        alerts = repo.alerts(query);
    }
    if (!alerts) {
        err << "opsdeck alerts list: " << repo.lastError() << '\n';
        return 1;
    }
    if (json) {
        QJsonArray array;
        for (const Alert& a : std::as_const(*alerts))
            array.append(toJson(a));
        out << QJsonDocument(array).toJson(QJsonDocument::Indented);
        return 0;
    }
    if (alerts->isEmpty()) {
        out << "no " << (state == QLatin1String("all") ? QString() : state + QLatin1Char(' ')) << "alerts\n";
        return 0;
    }
    out << qSetFieldWidth(7) << Qt::left << "ID" << qSetFieldWidth(10) << "STATE"
        << "SEVERITY" << qSetFieldWidth(26) << "ALERT" << qSetFieldWidth(22) << "SINCE (UTC)" << qSetFieldWidth(0)
        << "LABELS / ACK\n";
    for (const Alert& a : std::as_const(*alerts)) {
        const qint64 since = a.firedAtMs > 0 ? a.firedAtMs : a.activeSinceMs;
        out << qSetFieldWidth(7) << Qt::left << a.id << qSetFieldWidth(10)
            << opsdeck::alerts::alertStateName(a.state) << opsdeck::alerts::severityName(a.severity)
            << qSetFieldWidth(26) << a.ruleName << qSetFieldWidth(22)
            << QDateTime::fromMSecsSinceEpoch(since, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
            << qSetFieldWidth(0) << labelText(a.labels);
        if (a.ack)
            out << "  acknowledged by " << a.ack->by << " at " << isoTime(a.ack->atMs);
        out << '\n';
    }
    return 0;
}

int ack(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QString dir;
    QString note;
    QString by = qEnvironmentVariable("USER", QStringLiteral("operator"));
    qint64 id = 0;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args.at(i);
        if (a == QLatin1String("--note") && i + 1 < args.size()) {
            note = args.at(++i);
        } else if (a == QLatin1String("--by") && i + 1 < args.size()) {
            by = args.at(++i);
        } else if (a == QLatin1String("--data-dir") && i + 1 < args.size()) {
            dir = args.at(++i);
        } else if (id == 0 && !a.startsWith(QLatin1Char('-'))) {
            bool ok = false;
            id = a.toLongLong(&ok);
            if (!ok || id <= 0) {
                err << "opsdeck alerts ack: '" << a << "' is not an alert id (see opsdeck alerts list)\n";
                return 2;
            }
        } else {
            err << "opsdeck alerts ack: unexpected argument '" << a << "'\n" << kUsage;
            return 2;
        }
    }
    if (id == 0) {
        err << kUsage;
        return 2;
    }
    opsdeck::storage::Database db;
    if (!openStateDatabase(db, dir, QStringLiteral("alerts"), err))
        return 1;
    opsdeck::alerts::AlertRepository repo(db);
    const std::optional<Alert> alert = repo.alert(id);
    if (!alert) {
        err << "opsdeck alerts ack: there is no alert " << id << '\n';
        return 1;
    }
    if (!alert->isOpen()) {
        err << "opsdeck alerts ack: alert " << id << " (" << alert->ruleName << ") is already resolved\n";
        return 1;
    }
    if (alert->ack) {
        out << "alert " << id << " (" << alert->ruleName << ") was already acknowledged by " << alert->ack->by
            << " at " << isoTime(alert->ack->atMs) << '\n';
        return 0;
    }
    const opsdeck::alerts::Acknowledgement acknowledgement { by, QDateTime::currentMSecsSinceEpoch(), note };
    if (!repo.acknowledge(id, acknowledgement)) {
        err << "opsdeck alerts ack: " << repo.lastError() << '\n';
        return 1;
    }
    out << "acknowledged alert " << id << " (" << alert->ruleName << ") as " << by << '\n';
    return 0;
}

} // namespace

int runAlertsCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    const QString sub = args.value(0);
    if (sub == QLatin1String("list"))
        return list(args.mid(1), out, err);
    if (sub == QLatin1String("ack"))
        return ack(args.mid(1), out, err);
    err << kUsage;
    return 2;
}
