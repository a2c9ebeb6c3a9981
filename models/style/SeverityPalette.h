#pragma once

#include "alerts/AlertTypes.h"

#include <QColor>

// The console's one severity palette: critical, warning, info for alerts,
// plus "all well" and "unknown" for states that are not alerts (capacity
// status, the top bar). Every view that colours by severity takes its colour
// from here: the models' Decoration/Foreground/Background roles, the pages
// (through Theme, which re-exports it for ui/), and the PDF/HTML reports.
//
// It lives at the models level, not in ui/shell/Theme, because models may not
// include ui/ (app -> ui -> models -> engine) and the report library (beside
// models) must not link widgets; it is QtGui value types only (QColor), no
// QPalette lookups, so it works the same on a widget, a QImage or a PDF.
// Severity colours are for severity only, and always next to the word.
namespace SeverityPalette {

enum class Tone { Critical, Warning, Info, Ok, Unknown };

QColor color(Tone tone);
// The same hue desaturated: acknowledged or closed alerts.
QColor muted(Tone tone);

Tone toneOf(opsdeck::alerts::Severity severity);
QColor severityColor(opsdeck::alerts::Severity severity, bool muted = false);

} // namespace SeverityPalette
