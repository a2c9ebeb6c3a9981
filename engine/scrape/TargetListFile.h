#pragma once

#include "ScrapeTarget.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

// Reads a list of scrape targets to import, in one of two formats:
//
//  (a) Prometheus file-based service discovery JSON (file_sd_configs):
//      [{"targets": ["host:9100", ...], "labels": {"job": "node", "env": "prod"}}, ...]
//      Targets are host:port; scheme http and path /metrics unless the labels
//      __scheme__ / __metrics_path__ say otherwise; label "job" sets the job,
//      "instance" the instance, other "__"-prefixed labels are dropped (as
//      Prometheus does after relabelling) and the rest become extra labels.
//  (b) plain text: one target per line, "URL [key=value ...]", blank lines
//      and "#" comments ignored; "job=" and "instance=" set those, other
//      pairs become extra labels. A URL without a scheme gets http:// and an
//      empty path /metrics.
//
// Pure functions over bytes: no I/O. A file with any bad entry is refused as a
// whole, with the line (text) or entry (JSON, 1-based) named; it never
// returns a target that fails ScrapeTarget::validate().
namespace opsdeck::scrape {

class TargetListFile
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::scrape::TargetListFile)

public:
    // Empty list and *error set on failure (an empty file is an error too).
    static QList<ScrapeTarget> parse(const QByteArray& data, QString* error);

    // "http://host:9100/metrics" from "host:9100" or a full URL; invalid QUrl when unusable.
    static QUrl normaliseUrl(const QString& text);
    // "env=prod, rack=3" -> labels; nullopt with *error on a bad pair or name.
    static std::optional<metrics::Labels> parseLabelList(const QString& text, QString* error);
    // The inverse of parseLabelList: "env=prod, rack=3".
    static QString formatLabelList(const metrics::Labels& labels);
    // Prometheus label name rule: [a-zA-Z_][a-zA-Z0-9_]*.
    static bool isValidLabelName(const QString& name);
};

} // namespace opsdeck::scrape
