#include "alerts/Payloads.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QLocale>
#include <QMap>

#include <algorithm>

namespace opsdeck::alerts {

namespace {

QString str(const QByteArray& utf8)
{
    return QString::fromUtf8(utf8);
}

QJsonObject labelsObject(const metrics::Labels& labels)
{
    QJsonObject object;
    for (const metrics::Label& label : labels)
        object.insert(str(label.name), str(label.value));
    return object;
}

QJsonObject annotationsObject(const QMap<QString, QString>& annotations)
{
    QJsonObject object;
    for (auto it = annotations.cbegin(); it != annotations.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

// Labels with the same value in every alert (Alertmanager's commonLabels).
QMap<QString, QString> commonLabels(const QList<Alert>& alerts)
{
    QMap<QString, QString> common;
    if (alerts.isEmpty())
        return common;
    for (const metrics::Label& label : alerts.first().labels)
        common.insert(str(label.name), str(label.value));
    for (qsizetype i = 1; i < alerts.size(); ++i) {
        for (auto it = common.begin(); it != common.end();) {
            const QByteArray value = alerts.at(i).labels.value(it.key().toUtf8());
            if (!alerts.at(i).labels.has(it.key().toUtf8()) || str(value) != it.value())
                it = common.erase(it);
            else
                ++it;
        }
    }
    return common;
}

QMap<QString, QString> commonAnnotations(const QList<Alert>& alerts)
{
    QMap<QString, QString> common;
    if (alerts.isEmpty())
        return common;
    common = alerts.first().annotations;
    for (qsizetype i = 1; i < alerts.size(); ++i) {
        for (auto it = common.begin(); it != common.end();) {
            const auto other = alerts.at(i).annotations.constFind(it.key());
            if (other == alerts.at(i).annotations.cend() || other.value() != it.value())
                it = common.erase(it);
            else
                ++it;
        }
    }
    return common;
}

QJsonObject mapObject(const QMap<QString, QString>& map)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

qint64 startsAtMs(const Alert& alert)
{
    // Prometheus sends FiredAt as startsAt; pending-only snapshots fall back to activeSince.
    return alert.firedAtMs > 0 ? alert.firedAtMs : alert.activeSinceMs;
}

QString cut(const QString& text, int maxChars)
{
    if (text.size() <= maxChars)
        return text;
    QString result = text.left(maxChars - 1);
    if (!result.isEmpty() && result.back().isHighSurrogate())
        result.chop(1);
    return result + QChar(0x2026);
}

QString baseUrl(const QString& externalUrl)
{
    QString url = externalUrl.trimmed();
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    return url;
}

int firingCount(const Notification& n)
{
    return static_cast<int>(std::count_if(
        n.alerts.cbegin(), n.alerts.cend(), [](const Alert& a) { return a.state != AlertState::Resolved; }));
}

QString kindName(Notification::Kind kind)
{
    switch (kind) {
    case Notification::Kind::Trigger:
        return QStringLiteral("trigger");
    case Notification::Kind::Acknowledge:
        return QStringLiteral("acknowledge");
    case Notification::Kind::Resolve:
        return QStringLiteral("resolve");
    }
    return {};
}

// Slack mrkdwn treats &, < and > as control characters.
QString slackEscape(const QString& text)
{
    QString out = text;
    out.replace(QLatin1Char('&'), QStringLiteral("&amp;"));
    out.replace(QLatin1Char('<'), QStringLiteral("&lt;"));
    out.replace(QLatin1Char('>'), QStringLiteral("&gt;"));
    return out;
}

QString labelsText(const metrics::Labels& labels)
{
    QStringList parts;
    for (const metrics::Label& label : labels)
        parts << str(label.name) + QLatin1Char('=') + str(label.value);
    return parts.join(QLatin1Char(' '));
}

// Header values come partly from labels and configuration: no line breaks may
// reach the header block (header injection).
QString headerSafe(QString value)
{
    value.replace(QLatin1Char('\r'), QLatin1Char(' '));
    value.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return value;
}

bool isAscii(QByteArrayView bytes)
{
    return std::all_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// RFC 2047 "B" encoded words of at most 39 UTF-8 bytes (64 characters, so
// "Subject: " plus the first word stays within 76).
QByteArray encodeHeaderWords(const QString& text)
{
    if (isAscii(text.toUtf8()))
        return text.toUtf8();
    QList<QByteArray> words;
    QByteArray chunk;
    for (qsizetype i = 0; i < text.size(); ++i) {
        qsizetype len = (text.at(i).isHighSurrogate() && i + 1 < text.size()) ? 2 : 1;
        const QByteArray bytes = text.mid(i, len).toUtf8();
        if (chunk.size() + bytes.size() > 39) {
            words << "=?UTF-8?B?" + chunk.toBase64() + "?=";
            chunk.clear();
        }
        chunk += bytes;
        i += len - 1;
    }
    if (!chunk.isEmpty())
        words << "=?UTF-8?B?" + chunk.toBase64() + "?=";
    return words.join("\r\n ");
}

QString alertLine(const Alert& alert)
{
    const QString name = str(alert.labels.value("alertname"));
    return name.isEmpty() ? alert.ruleName : name;
}

} // namespace

QString Payloads::rfc3339(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("0001-01-01T00:00:00Z");
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString Payloads::alertStatus(const Alert& alert)
{
    return alert.state == AlertState::Resolved ? QStringLiteral("resolved") : QStringLiteral("firing");
}

QString Payloads::groupStatus(const Notification& notification)
{
    return firingCount(notification) > 0 ? QStringLiteral("firing") : QStringLiteral("resolved");
}

QString Payloads::generatorUrl(const Alert& alert, const QString& externalUrl)
{
    // OpsDeck has no web UI per rule; the external URL plus the alert id is the
    // stable link a console or the headless engine's operator can resolve.
    const QString base = baseUrl(externalUrl);
    if (base.isEmpty())
        return {};
    return base + QStringLiteral("/alerts/") + QString::number(alert.id);
}

QJsonArray Payloads::alertmanagerAlerts(
    const QList<Alert>& alerts, const QString& externalUrl, qint64 nowMs, qint64 validForMs)
{
    QJsonArray out;
    for (const Alert& alert : alerts) {
        const bool resolved = alert.state == AlertState::Resolved;
        QJsonObject object {
            { QStringLiteral("labels"), labelsObject(alert.labels) },
            { QStringLiteral("annotations"), annotationsObject(alert.annotations) },
            { QStringLiteral("startsAt"), rfc3339(startsAtMs(alert)) },
            { QStringLiteral("endsAt"), rfc3339(resolved ? alert.resolvedAtMs : nowMs + validForMs) },
        };
        if (const QString url = generatorUrl(alert, externalUrl); !url.isEmpty())
            object.insert(QStringLiteral("generatorURL"), url);
        out.append(object);
    }
    return out;
}

QString Payloads::title(const Notification& notification)
{
    const int firing = firingCount(notification);
    QString status;
    if (notification.kind == Notification::Kind::Acknowledge)
        status = QStringLiteral("ACKNOWLEDGED");
    else if (firing > 0)
        status = QStringLiteral("FIRING:%1").arg(firing);
    else
        status = QStringLiteral("RESOLVED");

    QStringList groupValues;
    QStringList groupNames;
    for (const metrics::Label& label : notification.groupLabels) {
        groupValues << str(label.value);
        groupNames << str(label.name);
    }
    const QMap<QString, QString> common = commonLabels(notification.alerts);
    if (groupValues.isEmpty() && common.contains(QStringLiteral("alertname"))) {
        groupValues << common.value(QStringLiteral("alertname"));
        groupNames << QStringLiteral("alertname");
    }
    QStringList rest;
    for (auto it = common.cbegin(); it != common.cend(); ++it) {
        if (!groupNames.contains(it.key()))
            rest << it.value();
    }
    QString text = QLatin1Char('[') + status + QStringLiteral("] ") + groupValues.join(QLatin1Char(' '));
    if (!rest.isEmpty())
        text += QStringLiteral(" (") + rest.join(QLatin1Char(' ')) + QLatin1Char(')');
    return text.trimmed();
}

QJsonObject Payloads::webhookPayload(
    const Notification& notification, const ReceiverConfig& receiver, const QString& externalUrl)
{
    QJsonArray alerts;
    for (const Alert& alert : notification.alerts) {
        alerts.append(QJsonObject {
            { QStringLiteral("status"), alertStatus(alert) },
            { QStringLiteral("labels"), labelsObject(alert.labels) },
            { QStringLiteral("annotations"), annotationsObject(alert.annotations) },
            { QStringLiteral("startsAt"), rfc3339(startsAtMs(alert)) },
            { QStringLiteral("endsAt"), rfc3339(alert.state == AlertState::Resolved ? alert.resolvedAtMs : 0) },
            { QStringLiteral("generatorURL"), generatorUrl(alert, externalUrl) },
            { QStringLiteral("fingerprint"), str(alert.fingerprint) },
        });
    }
    QJsonObject payload {
        { QStringLiteral("version"), QStringLiteral("4") },
        { QStringLiteral("groupKey"), str(notification.groupKey) },
        { QStringLiteral("truncatedAlerts"), 0 },
        { QStringLiteral("status"), groupStatus(notification) },
        { QStringLiteral("receiver"), receiver.name },
        { QStringLiteral("groupLabels"), labelsObject(notification.groupLabels) },
        { QStringLiteral("commonLabels"), mapObject(commonLabels(notification.alerts)) },
        { QStringLiteral("commonAnnotations"), mapObject(commonAnnotations(notification.alerts)) },
        { QStringLiteral("externalURL"), externalUrl },
        { QStringLiteral("alerts"), alerts },
    };
    if (notification.kind == Notification::Kind::Acknowledge) {
        QJsonArray acks;
        for (const Alert& alert : notification.alerts) {
            if (!alert.ack)
                continue;
            acks.append(QJsonObject {
                { QStringLiteral("fingerprint"), str(alert.fingerprint) },
                { QStringLiteral("by"), alert.ack->by },
                { QStringLiteral("at"), rfc3339(alert.ack->atMs) },
                { QStringLiteral("note"), alert.ack->note },
            });
        }
        payload.insert(QStringLiteral("opsdeck"),
            QJsonObject { { QStringLiteral("kind"), kindName(notification.kind) },
                { QStringLiteral("acknowledgements"), acks } });
    }
    return payload;
}

QJsonObject Payloads::slackPayload(
    const Notification& notification, const ReceiverConfig& receiver, const QString& externalUrl)
{
    const QString heading = title(notification);
    QJsonArray blocks;
    blocks.append(QJsonObject {
        { QStringLiteral("type"), QStringLiteral("header") },
        { QStringLiteral("text"),
            QJsonObject { { QStringLiteral("type"), QStringLiteral("plain_text") },
                { QStringLiteral("text"), cut(heading, kSlackMaxHeaderChars) } } },
    });
    int shown = 0;
    for (const Alert& alert : notification.alerts) {
        if (shown == kSlackMaxAlertBlocks)
            break;
        ++shown;
        QString text = QStringLiteral("*%1* · %2 · %3")
                           .arg(slackEscape(alertLine(alert)), alertStatus(alert), severityName(alert.severity));
        if (alert.ack)
            text += QStringLiteral(" · acknowledged by %1").arg(slackEscape(alert.ack->by));
        for (const char* key : { "summary", "description" }) {
            const QString value = alert.annotations.value(QLatin1String(key));
            if (!value.isEmpty())
                text += QLatin1Char('\n') + slackEscape(value);
        }
        text += QStringLiteral("\n`%1`").arg(slackEscape(labelsText(alert.labels)));
        text += QStringLiteral("\nsince %1").arg(rfc3339(startsAtMs(alert)));
        const QString link = generatorUrl(alert, externalUrl);
        if (!link.isEmpty())
            text += QStringLiteral(" · <%1|open>").arg(link);
        blocks.append(QJsonObject {
            { QStringLiteral("type"), QStringLiteral("section") },
            { QStringLiteral("text"),
                QJsonObject { { QStringLiteral("type"), QStringLiteral("mrkdwn") },
                    { QStringLiteral("text"), cut(text, kSlackMaxSectionChars) } } },
        });
    }
    const auto contextBlock = [](const QString& text) {
        return QJsonObject {
            { QStringLiteral("type"), QStringLiteral("context") },
            { QStringLiteral("elements"),
                QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("mrkdwn") },
                    { QStringLiteral("text"), cut(text, kSlackMaxSectionChars) } } } },
        };
    };
    if (notification.alerts.size() > shown)
        blocks.append(contextBlock(QStringLiteral("and %1 more").arg(notification.alerts.size() - shown)));
    blocks.append(contextBlock(QStringLiteral("OpsDeck · receiver %1 · group %2")
                                   .arg(slackEscape(receiver.name), slackEscape(str(notification.groupKey)))));
    return QJsonObject { { QStringLiteral("text"), heading }, { QStringLiteral("blocks"), blocks } };
}

QByteArray Payloads::pagerDutyDedupKey(const QByteArray& groupKey)
{
    return QCryptographicHash::hash(groupKey, QCryptographicHash::Sha256).toHex();
}

QJsonObject Payloads::pagerDutyEvent(
    const Notification& notification, const ReceiverConfig& receiver, const QString& externalUrl)
{
    QString action;
    if (notification.kind == Notification::Kind::Acknowledge)
        action = QStringLiteral("acknowledge");
    else if (notification.kind == Notification::Kind::Resolve
        || groupStatus(notification) == QLatin1String("resolved"))
        action = QStringLiteral("resolve");
    else
        action = QStringLiteral("trigger");

    QJsonObject event {
        { QStringLiteral("routing_key"), receiver.secret },
        { QStringLiteral("event_action"), action },
        { QStringLiteral("dedup_key"), str(pagerDutyDedupKey(notification.groupKey)) },
    };
    if (action != QLatin1String("trigger"))
        return event; // acknowledge/resolve need only the key (Events API v2)

    // Group severity: the worst firing alert; Error-state alerts map to "error".
    QString severity = QStringLiteral("info");
    int rank = 0;
    qint64 earliest = 0;
    QJsonArray firing;
    QJsonArray resolved;
    for (const Alert& alert : notification.alerts) {
        int r = alert.severity == Severity::Critical ? 3 : alert.severity == Severity::Warning ? 1 : 0;
        QString name = severityName(alert.severity);
        if (alert.state == AlertState::Error && r < 2) {
            r = 2;
            name = QStringLiteral("error");
        }
        if (alert.state != AlertState::Resolved && r > rank) {
            rank = r;
            severity = name;
        } else if (alert.state != AlertState::Resolved && rank == 0 && r == 0) {
            severity = name;
        }
        const qint64 start = startsAtMs(alert);
        if (start > 0 && (earliest == 0 || start < earliest))
            earliest = start;
        const QJsonObject details { { QStringLiteral("labels"), labelsObject(alert.labels) },
            { QStringLiteral("annotations"), annotationsObject(alert.annotations) },
            { QStringLiteral("startsAt"), rfc3339(start) } };
        (alert.state == AlertState::Resolved ? resolved : firing).append(details);
    }
    const QMap<QString, QString> common = commonLabels(notification.alerts);
    QString source = common.value(QStringLiteral("instance"));
    if (source.isEmpty())
        source = common.value(QStringLiteral("job"));
    if (source.isEmpty())
        source = QStringLiteral("opsdeck");

    QJsonObject payload {
        { QStringLiteral("summary"), cut(title(notification), kPagerDutyMaxSummaryChars) },
        { QStringLiteral("source"), source },
        { QStringLiteral("severity"), severity },
        { QStringLiteral("timestamp"),
            rfc3339(notification.createdAtMs > 0 ? notification.createdAtMs : earliest) },
        { QStringLiteral("custom_details"),
            QJsonObject { { QStringLiteral("num_firing"), firing.size() },
                { QStringLiteral("num_resolved"), resolved.size() }, { QStringLiteral("firing"), firing },
                { QStringLiteral("resolved"), resolved },
                { QStringLiteral("groupLabels"), labelsObject(notification.groupLabels) } } },
    };
    if (common.contains(QStringLiteral("alertname")))
        payload.insert(QStringLiteral("class"), common.value(QStringLiteral("alertname")));
    if (common.contains(QStringLiteral("job")))
        payload.insert(QStringLiteral("group"), common.value(QStringLiteral("job")));
    event.insert(QStringLiteral("payload"), payload);
    event.insert(QStringLiteral("client"), QStringLiteral("OpsDeck"));
    if (!baseUrl(externalUrl).isEmpty())
        event.insert(QStringLiteral("client_url"), baseUrl(externalUrl));
    return event;
}

QString Payloads::smsText(const Notification& notification)
{
    QString text = title(notification);
    const QMap<QString, QString> common = commonAnnotations(notification.alerts);
    QString summary = common.value(QStringLiteral("summary"));
    if (summary.isEmpty() && !notification.alerts.isEmpty())
        summary = notification.alerts.first().annotations.value(QStringLiteral("summary"));
    if (!summary.isEmpty())
        text += QStringLiteral(": ") + summary;
    return cut(text, kSmsMaxChars);
}

QUrlQuery Payloads::smsForm(
    const Notification& notification, const ReceiverConfig& receiver, const QString& recipient)
{
    QMap<QString, QString> fields = receiver.smsFields;
    if (fields.isEmpty()) {
        fields.insert(QStringLiteral("To"), QStringLiteral("{to}"));
        fields.insert(QStringLiteral("From"), QStringLiteral("{from}"));
        fields.insert(QStringLiteral("Body"), QStringLiteral("{text}"));
    }
    const QString text = smsText(notification);
    QUrlQuery form;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        QString value = it.value();
        value.replace(QStringLiteral("{to}"), recipient);
        value.replace(QStringLiteral("{from}"), receiver.from);
        value.replace(QStringLiteral("{text}"), text);
        form.addQueryItem(it.key(), value);
    }
    return form;
}

QByteArray Payloads::formBody(const QUrlQuery& form)
{
    QByteArray body;
    for (const auto& [key, value] : form.queryItems(QUrl::FullyDecoded)) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
    }
    return body;
}

QByteArray Payloads::emailMessage(
    const Notification& notification, const ReceiverConfig& receiver, const QString& externalUrl, qint64 nowMs)
{
    // Body first: its encoding decides a header.
    QStringList lines;
    lines << title(notification) << QString();
    for (const Alert& alert : notification.alerts) {
        lines << QStringLiteral("%1 [%2, %3]")
                     .arg(alertLine(alert), alertStatus(alert), severityName(alert.severity));
        lines << QStringLiteral("  Labels: %1").arg(labelsText(alert.labels));
        for (auto it = alert.annotations.cbegin(); it != alert.annotations.cend(); ++it)
            lines << QStringLiteral("  %1: %2").arg(it.key(), it.value());
        lines << QStringLiteral("  Since: %1").arg(rfc3339(startsAtMs(alert)));
        if (alert.state == AlertState::Resolved)
            lines << QStringLiteral("  Resolved: %1").arg(rfc3339(alert.resolvedAtMs));
        if (alert.ack)
            lines << QStringLiteral("  Acknowledged by %1 at %2%3")
                         .arg(alert.ack->by, rfc3339(alert.ack->atMs),
                             alert.ack->note.isEmpty() ? QString() : QStringLiteral(": ") + alert.ack->note);
        const QString link = generatorUrl(alert, externalUrl);
        if (!link.isEmpty())
            lines << QStringLiteral("  Link: %1").arg(link);
        lines << QString();
    }
    lines << QStringLiteral("Group: %1").arg(str(notification.groupKey));
    QByteArray body;
    for (QString line : std::as_const(lines)) {
        line.remove(QLatin1Char('\r'));
        for (const QString& part : line.split(QLatin1Char('\n')))
            body += part.toUtf8() + "\r\n";
    }
    bool plain = isAscii(body);
    for (const QByteArray& line : body.split('\n'))
        plain = plain && line.size() <= 990;

    const QDateTime date = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
    const QString from = headerSafe(receiver.from);
    const QString domain = from.contains(QLatin1Char('@'))
        ? from.section(QLatin1Char('@'), -1).remove(QLatin1Char('>'))
        : QStringLiteral("opsdeck.localhost");
    const QByteArray messageId
        = QCryptographicHash::hash(QByteArray(notification.groupKey + QByteArray::number(nowMs)
                                       + QByteArray::number(notification.deliveryId)),
            QCryptographicHash::Sha1)
              .toHex()
              .left(24);

    QByteArray message;
    const auto header = [&message](QByteArrayView name, const QByteArray& value) {
        message += name.toByteArray() + ": " + value + "\r\n";
    };
    QStringList to;
    for (const QString& address : receiver.to)
        to << headerSafe(address);
    header("From", from.toUtf8());
    header("To", to.join(QStringLiteral(", ")).toUtf8());
    header("Subject", encodeHeaderWords(cut(headerSafe(title(notification)), 900)));
    header("Date", QLocale::c().toString(date, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss +0000")).toUtf8());
    header("Message-ID", "<" + messageId + "@" + headerSafe(domain).toUtf8() + ">");
    header("MIME-Version", "1.0");
    header("Content-Type", "text/plain; charset=utf-8");
    header("Content-Transfer-Encoding", plain ? "7bit" : "base64");
    header("X-OpsDeck-Kind", kindName(notification.kind).toUtf8());
    header("X-OpsDeck-Group-Key", encodeHeaderWords(cut(headerSafe(str(notification.groupKey)), 900)));
    message += "\r\n";
    if (plain) {
        message += body;
    } else {
        const QByteArray encoded = body.toBase64();
        for (qsizetype i = 0; i < encoded.size(); i += 76)
            message += encoded.mid(i, 76) + "\r\n";
    }
    return message;
}

} // namespace opsdeck::alerts
