#include "style/SeverityPalette.h"

namespace SeverityPalette {

QColor color(Tone tone)
{
    switch (tone) {
    case Tone::Critical:
        return QColor(0xd3, 0x2f, 0x2f);
    case Tone::Warning:
        return QColor(0xe0, 0x8e, 0x00);
    case Tone::Info:
        return QColor(0x1e, 0x78, 0xd2);
    case Tone::Ok:
        return QColor(0x2e, 0x9d, 0x4f); // the top bar's "all well" green
    case Tone::Unknown:
        break;
    }
    return QColor(0x9e, 0x9e, 0x9e);
}

QColor muted(Tone tone)
{
    const QColor c = color(tone);
    return QColor::fromHsvF(c.hsvHueF(), c.hsvSaturationF() * 0.35f, c.valueF() * 0.85f);
}

Tone toneOf(opsdeck::alerts::Severity severity)
{
    using opsdeck::alerts::Severity;
    switch (severity) {
    case Severity::Critical:
        return Tone::Critical;
    case Severity::Warning:
        return Tone::Warning;
    case Severity::Info:
        break;
    }
    return Tone::Info;
}

QColor severityColor(opsdeck::alerts::Severity severity, bool mutedTone)
{
    return mutedTone ? muted(toneOf(severity)) : color(toneOf(severity));
}

} // namespace SeverityPalette
