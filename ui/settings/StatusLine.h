#pragma once

#include <QLabel>

// The one-line answer under a Settings panel ("✔ Saved", "✖ timeout after
// 10 s"): word-wrapped, selectable so an error can be copied, and coloured
// by its tone. The text itself always says whether it worked; colour is
// never the only signal.
class StatusLine final : public QLabel
{
    Q_OBJECT

public:
    enum class Tone { Plain, Ok, Error };

    explicit StatusLine(QWidget* parent = nullptr);

    void report(const QString& text, Tone tone);
    Tone tone() const { return m_tone; }

private:
    Tone m_tone = Tone::Plain;
};
