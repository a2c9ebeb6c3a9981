#pragma once

#include <QString>
#include <QStringView>

#include <optional>

// Durations as Prometheus writes them (common/model.ParseDuration, the
// grammar of rule files, Alertmanager and PromQL ranges): one or more
// <digits><unit> terms with units y w d h m s ms, largest first, each at most
// once ("90s", "1h30m", "1d", "500ms"), or a bare "0". No fractions, no sign,
// no spaces (callers trim where their input may carry them). The one parser
// every reader of durations uses: PromQL's lexer, the YAML config files, the
// CLI and the rule editor. Pure functions; never throws.
namespace opsdeck::metrics {

// Milliseconds; nullopt when malformed or beyond qint64.
std::optional<qint64> parseDuration(QStringView text);
// The inverse, as model.Duration.String prints it: "1h30m", "0s" for 0 or less.
QString formatDuration(qint64 ms);

} // namespace opsdeck::metrics
