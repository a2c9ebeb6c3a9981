#pragma once

#include "style/SeverityPalette.h"

#include <QColor>
#include <QList>
#include <QPalette>
#include <QString>

// Light and dark palettes for the console. "system" follows the desktop: the
// platform theme's palette as Qt received it at start-up (KDE, GNOME through
// its platform theme), switched to OpsDeck's tuned dark palette when that
// palette is dark, so charts and severity colours stay readable either way.
namespace Theme {

enum class Mode { System, Light, Dark };

Mode modeFromString(const QString& name); // "light", "dark", anything else = System
QString modeName(Mode mode);

// Call once after QApplication exists and before the first window: remembers
// the desktop's palette for Mode::System and selects the Fusion style, which
// honours palettes on every platform.
void initialize();
void apply(Mode mode);
bool isDark(const QPalette& palette);

QPalette lightPalette();
QPalette darkPalette();

// The severity palette (models/style/SeverityPalette, where models and the
// reports reach it too): pages colour severity and status through these.
QColor severityColor(opsdeck::alerts::Severity severity, bool muted = false);
QColor toneColor(SeverityPalette::Tone tone);

// Colours for the lines of a chart, in order (Paul Tol's "bright" scheme:
// distinguishable for the common colour-vision deficiencies, readable on
// light and dark backgrounds).
const QList<QColor>& seriesColours();

} // namespace Theme
