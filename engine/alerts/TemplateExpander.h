#pragma once

#include "metrics/Labels.h"

#include <QCoreApplication>
#include <QString>

// Expands the Go text/template subset that real Prometheus rule files use in
// alert labels and annotations: `{{ $labels.name }}`, `{{ .Labels.name }}`,
// `{{ $value }}`, `$externalLabels`/`$externalURL` (empty here), pipelines
// (`{{ $value | humanize }}`), `printf`, Prometheus's humanize family
// (output format of Prometheus 2.42 template/template.go), `toUpper`,
// `toLower`, `title`, `stripPort`, `reReplaceAll`, `match`, `index`, `print`,
// comments and `{{-`/`-}}` trimming. It must never run queries (`query` is
// reported unsupported) and never fail as a whole: an action it cannot expand
// stays in the output verbatim and the first problem is reported in `error`.
namespace opsdeck::alerts {

class TemplateExpander
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::alerts::TemplateExpander)

public:
    // labels: the alert's series labels (__name__ included when present),
    // value: the sample value. error (optional) gets the first problem, or is cleared.
    static QString expand(const QString& tmpl, const metrics::Labels& labels, double value, QString* error);
    // True when tmpl has no action at all (expansion would return it unchanged).
    static bool isPlainText(const QString& tmpl) { return !tmpl.contains(QLatin1String("{{")); }

    // Prometheus's template functions, byte-for-byte as Go prints them.
    static QString humanize(double v); // 1234567 -> "1.235M", 0.001 -> "1m"
    static QString humanize1024(double v); // 1048576 -> "1Mi"
    static QString humanizePercentage(double v); // 0.1234 -> "12.34%"
    static QString humanizeDuration(double v); // 3725 -> "1h 2m 5s"
    static QString humanizeTimestamp(double v); // Unix seconds -> "2023-01-02 03:04:05.5 +0000 UTC"
    // Go's fmt %v of a float64: shortest round-trip digits, exponent form when the
    // decimal exponent is < -4 or >= 6 (1234567 -> "1.234567e+06", as Prometheus prints $value).
    static QString goFloat(double v);
    // Go's fmt %.<prec>g (prec 4 for the humanize functions); NaN/+Inf/-Inf spelled as Go does.
    static QString goFloatG(double v, int prec);
};

} // namespace opsdeck::alerts
