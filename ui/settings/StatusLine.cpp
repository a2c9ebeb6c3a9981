#include "StatusLine.h"

StatusLine::StatusLine(QWidget* parent)
    : QLabel(parent)
{
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
}

void StatusLine::report(const QString& text, Tone tone)
{
    m_tone = tone;
    setText(text);
    setStyleSheet(tone == Tone::Ok ? QStringLiteral("color: #2e7d32;")
            : tone == Tone::Error  ? QStringLiteral("color: #c62828;")
                                   : QString());
}
