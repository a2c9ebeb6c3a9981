#include "PlaceholderPage.h"

#include <QLabel>
#include <QVBoxLayout>

PlaceholderPage::PlaceholderPage(
    const QString& title, const QString& what, const QString& meanwhile, QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 28, 32, 28);
    auto* heading = new QLabel(title, this);
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.5);
    font.setBold(true);
    heading->setFont(font);
    auto* state = new QLabel(tr("Not available yet in this build."), this);
    state->setObjectName(QStringLiteral("placeholderState"));
    QFont stateFont = state->font();
    stateFont.setBold(true);
    state->setFont(stateFont);
    auto* body = new QLabel(what, this);
    body->setWordWrap(true);
    auto* next = new QLabel(meanwhile, this);
    next->setWordWrap(true);
    next->setTextFormat(Qt::RichText);
    layout->addWidget(heading);
    layout->addSpacing(8);
    layout->addWidget(state);
    layout->addWidget(body);
    layout->addSpacing(8);
    layout->addWidget(next);
    layout->addStretch(1);
}
